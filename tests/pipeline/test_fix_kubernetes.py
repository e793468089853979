"""`tlslint fix` on Kubernetes manifests: exact, minimal edits of the YAML text.

A value is changed where it is written (an Ingress annotation, a ConfigMap key, a Certificate
field; a ConfigMap value that every Ingress inherits is fixed once, in the ConfigMap); a value
left to a default is added to the controller ConfigMap's `data:` when the repository has one,
else as an Ingress annotation where ingress-nginx has one, else not at all. Comments, order,
indentation, quoting and line endings stay as they were.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO
from tlslint.cli import main
from tlslint.sources.kubernetes import KUBERNETES

NOW = "2026-06-01"


def fix(capsys: pytest.CaptureFixture[str], root: Path, *options: str) -> tuple[str, str]:
    main(["fix", "--unsafe-fixes", "--now", NOW, *options, str(root)])
    out, err = capsys.readouterr()
    return out, err


def rules_left(capsys: pytest.CaptureFixture[str], root: Path, *options: str) -> set[str]:
    main(["check", "--format", "json", "--now", NOW, *options, str(root)])
    return {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# -- ingress-nginx: the controller ConfigMap and the Ingresses layered over it ----------------

CONTROLLER = """\
# ingress-nginx controller settings
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-protocols: "TLSv1 TLSv1.2"   # an old partner
  ssl-ecdh-curve: secp192r1:prime256v1
  ssl-redirect: 'false'
  use-http2: "true"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  labels:
    app: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
"""

CONTROLLER_FIXED = """\
# ingress-nginx controller settings
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-protocols: "TLSv1.2 TLSv1.3"   # an old partner
  ssl-ecdh-curve: "X25519:prime256v1:secp384r1"
  ssl-redirect: 'true'
  use-http2: "true"
  hsts-max-age: "63072000"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  labels:
    app: shop
  annotations:
    nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "false"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
"""


def test_the_controller_configmap_is_fixed_where_written_and_completed_in_its_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Inherited values (protocols, curves, ssl-redirect) are replaced in the ConfigMap, once
    # for every Ingress; the default HSTS max-age is added to its data; cipher preference has
    # no ConfigMap key, so the Ingress gets the annotation (and an annotations: block).
    path = write(tmp_path, "cluster.yaml", CONTROLLER)
    out, _ = fix(capsys, tmp_path)
    assert path.read_text() == CONTROLLER_FIXED
    assert "fixed cluster.yaml (TLS101, TLS103, TLS114, TLS115, TLS202, TLS205)" in out
    # left: OCSP stapling (a person decides, and Let's Encrypt has no OCSP), and a Secret
    # that nothing renews (an issuer must be chosen) and that is not in the repository
    assert rules_left(capsys, tmp_path) == {"TLS301", "TLS415", "TLS602"}


def test_fixing_twice_changes_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "cluster.yaml": CONTROLLER,
        "legacy/ingress.yaml": INGRESS_ALONE,
        "traefik/tlsoption.yaml": TLS_OPTION,
        "certificates.yaml": CERTIFICATE,
        "shop/ingress.yaml": SHIM,
    }
    for name, text in files.items():
        write(tmp_path, name, text)
    fix(capsys, tmp_path)
    once = {name: (tmp_path / name).read_bytes() for name in files}
    assert all(once[name] != text.encode() for name, text in files.items())
    out, _ = fix(capsys, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in files} == once
    assert out.startswith("0 files were fixed")


def test_diff_prints_the_change_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "cluster.yaml", CONTROLLER)
    out, err = fix(capsys, tmp_path, "--diff")
    assert path.read_text() == CONTROLLER
    assert out.startswith("--- a/cluster.yaml\n+++ b/cluster.yaml\n")
    assert '-  ssl-protocols: "TLSv1 TLSv1.2"   # an old partner\n' in out
    assert '+  ssl-protocols: "TLSv1.2 TLSv1.3"   # an old partner\n' in out
    assert "1 file would be fixed" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cluster.yaml"]


def test_crlf_line_endings_and_comments_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cluster.yaml"
    path.write_bytes(CONTROLLER.replace("\n", "\r\n").encode())
    fix(capsys, tmp_path)
    assert path.read_bytes() == CONTROLLER_FIXED.replace("\n", "\r\n").encode()


def test_the_modern_profile_adds_the_protocols_to_the_configmap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ssl-protocols is absent (the controller's default TLSv1.2 TLSv1.3): it is added.
    text = CONTROLLER.replace('  ssl-protocols: "TLSv1 TLSv1.2"   # an old partner\n', "")
    path = write(tmp_path, "cluster.yaml", text)
    fix(capsys, tmp_path, "--profile", "modern")
    fixed = path.read_text()
    assert '  use-http2: "true"\n  ssl-protocols: "TLSv1.3"\n' in fixed
    assert "TLS101" not in rules_left(capsys, tmp_path, "--profile", "modern")


INGRESS_ALONE = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: partner-gateway
  namespace: legacy
  annotations:
    nginx.ingress.kubernetes.io/ssl-ciphers: HIGH:!aNULL:!MD5  # from a 2015 blog post
    nginx.ingress.kubernetes.io/ssl-redirect: "false"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [partners.example.com]
      secretName: partner-gateway-tls
  rules:
    - host: partners.example.com
"""

INGRESS_ALONE_FIXED = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: partner-gateway
  namespace: legacy
  annotations:
    nginx.ingress.kubernetes.io/ssl-ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256:\
ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:\
ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"  # from a 2015 blog post
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
    nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "false"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [partners.example.com]
      secretName: partner-gateway-tls
  rules:
    - host: partners.example.com
"""


def test_without_a_configmap_the_ingress_annotations_are_fixed_and_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ingress.yaml", INGRESS_ALONE)
    fix(capsys, tmp_path)
    assert path.read_text() == INGRESS_ALONE_FIXED
    # HSTS and the protocols have no Ingress annotation and there is no ConfigMap to write
    # them in: a person adds the controller ConfigMap (where it lives is theirs to say); OCSP
    # and the unmanaged Secret need a person too.
    assert rules_left(capsys, tmp_path) == {"TLS102", "TLS202", "TLS301", "TLS415", "TLS602"}


def test_client_verification_is_required_where_a_ca_is_already_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "on" must be quoted: plain, YAML reads a boolean and the API server rejects it.
    required = "policy:\n  mtls_required:\n    hosts: ['*.internal.example.com']\n"
    write(tmp_path, ".tlslint.yaml", required)
    text = INGRESS_ALONE.replace("partners.example.com", "admin.internal.example.com").replace(
        "  annotations:\n",
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/auth-tls-secret: admin/client-ca\n"
        "    nginx.ingress.kubernetes.io/auth-tls-verify-client: optional\n",
    )
    path = write(tmp_path, "ingress.yaml", text)
    assert "TLS701" in rules_left(capsys, tmp_path)
    fix(capsys, tmp_path)
    assert '    nginx.ingress.kubernetes.io/auth-tls-verify-client: "on"\n' in path.read_text()
    assert "TLS701" not in rules_left(capsys, tmp_path)


def test_flow_style_annotations_get_the_new_key_inside_the_braces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = INGRESS_ALONE.replace(
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/ssl-ciphers: HIGH:!aNULL:!MD5  # from a 2015 blog post\n"
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
        "  annotations: {kubernetes.io/description: partner API}\n",
    )
    path = write(tmp_path, "ingress.yaml", text)
    fix(capsys, tmp_path)
    assert (
        "  annotations: {kubernetes.io/description: partner API, "
        'nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "false"}\n'
    ) in path.read_text()


def test_a_configmap_read_from_outside_the_checked_files_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pre-commit passes only the changed Ingress; the ConfigMap named in the configuration
    # is read for its values but `fix` writes only in the files it was asked to check.
    write(tmp_path, ".tlslint.yaml", "kubernetes:\n  controller_configmap_file: infra/cm.yaml\n")
    configmap = write(tmp_path, "infra/cm.yaml", CONTROLLER.split("---\n")[0])
    ingress = write(tmp_path, "apps/ingress.yaml", CONTROLLER.split("---\n")[1])
    main(["fix", "--unsafe-fixes", "--now", NOW, "--root", str(tmp_path), str(ingress)])
    capsys.readouterr()
    assert configmap.read_text() == CONTROLLER.split("---\n")[0]
    assert 'ssl-prefer-server-ciphers: "false"' in ingress.read_text()


def test_values_shared_through_yaml_anchors_are_not_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An edit under an anchor would change every alias of it too: left to a person.
    text = INGRESS_ALONE.replace(
        "  annotations:\n", "  annotations: &tls\n"
    ) + INGRESS_ALONE.replace("partner-gateway", "partner-api").replace(
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/ssl-ciphers: HIGH:!aNULL:!MD5  # from a 2015 blog post\n"
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
        "  annotations: *tls\n",
    ).replace("apiVersion", "---\napiVersion", 1)
    path = write(tmp_path, "ingress.yaml", text)
    fix(capsys, tmp_path)
    assert "HIGH:!aNULL:!MD5" in path.read_text()
    assert "TLS111" in rules_left(capsys, tmp_path)


def test_entries_merged_from_an_anchor_get_no_new_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `<<: *common` brings entries written elsewhere: a key added "after the last entry"
    # would land in the anchor (and in every alias of it), so nothing is added.
    text = INGRESS_ALONE.replace(
        "  annotations:\n"
        "    nginx.ingress.kubernetes.io/ssl-ciphers: HIGH:!aNULL:!MD5  # from a 2015 blog post\n"
        '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
        "  labels: &common\n    app: partners\n  annotations:\n    <<: *common\n",
    )
    path = write(tmp_path, "ingress.yaml", text)
    fix(capsys, tmp_path)
    assert path.read_text() == text
    assert "TLS114" in rules_left(capsys, tmp_path)


# -- Traefik TLSOption -------------------------------------------------------------------------

TLS_OPTION = """\
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata:
  name: default
  namespace: traefik
spec:
  minVersion: VersionTLS10
  cipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_128_CBC_SHA]
  curvePreferences:
    - CurveP521
    - CurveP256
  sniStrict: true
"""

TLS_OPTION_FIXED = """\
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata:
  name: default
  namespace: traefik
spec:
  minVersion: VersionTLS12
  cipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, \
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, \
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256]
  curvePreferences:
    - X25519
    - CurveP256
    - CurveP384
  sniStrict: true
"""


def test_traefik_tls_option_versions_suites_and_curves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tlsoption.yaml", TLS_OPTION)
    fix(capsys, tmp_path)
    assert path.read_text() == TLS_OPTION_FIXED
    assert rules_left(capsys, tmp_path) == set()


# -- cert-manager ------------------------------------------------------------------------------

CERTIFICATE = """\
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: payments
  namespace: payments
spec:
  secretName: payments-tls
  dnsNames: [pay.example.com]
  duration: 17520h   # two years, "like the old CA"
  renewBefore: 24h
  privateKey:
    algorithm: RSA
    size: 1024
    rotationPolicy: Never
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api
  namespace: payments
spec:
  secretName: api-tls
  dnsNames: [api.example.com]
  renewBeforePercentage: 5
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
"""

CERTIFICATE_FIXED = """\
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: payments
  namespace: payments
spec:
  secretName: payments-tls
  dnsNames: [pay.example.com]
  duration: 4800h   # two years, "like the old CA"
  renewBefore: 720h
  privateKey:
    algorithm: ECDSA
    size: 256
    rotationPolicy: Always
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api
  namespace: payments
spec:
  secretName: api-tls
  dnsNames: [api.example.com]
  renewBeforePercentage: 34
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
"""


def test_certificate_renewal_duration_key_and_rotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # renewBefore: the policy's 30 days; duration: the limit in force on 2026-06-01 (200 days,
    # CA/B Forum SC-081v3); the key: ECDSA P-256 as the profile prefers; rotationPolicy:
    # Always. A renewal percentage is raised to the smallest one that gives the window (a
    # third of 90 days: 30 days).
    path = write(tmp_path, "certificates.yaml", CERTIFICATE)
    fix(capsys, tmp_path)
    assert path.read_text() == CERTIFICATE_FIXED
    # the issuer is not defined here: a person names it
    assert rules_left(capsys, tmp_path) == {"TLS607"}


def test_the_modern_profile_adds_an_ecdsa_private_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # RSA by cert-manager's default; the modern profile wants ECDSA: privateKey is added.
    path = write(tmp_path, "certificate.yaml", CERTIFICATE.split("---\n")[1])
    fix(capsys, tmp_path, "--profile", "modern")
    assert path.read_text().endswith(
        "  issuerRef:\n    name: letsencrypt-prod\n    kind: ClusterIssuer\n"
        "  privateKey:\n    algorithm: ECDSA\n"
    )
    assert "TLS605" not in rules_left(capsys, tmp_path, "--profile", "modern")


SHIM = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt-prod
    cert-manager.io/duration: 17520h
    cert-manager.io/renew-before: 1h
    cert-manager.io/private-key-algorithm: RSA
    cert-manager.io/private-key-size: "1024"
    cert-manager.io/private-key-rotation-policy: Never
    nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "false"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
"""


def test_ingress_shim_annotations_stay_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ingress.yaml", SHIM)
    fix(capsys, tmp_path)
    assert path.read_text() == (
        SHIM.replace("duration: 17520h", "duration: 4800h")
        .replace("renew-before: 1h", "renew-before: 720h")
        .replace("algorithm: RSA", "algorithm: ECDSA")
        .replace('size: "1024"', 'size: "256"')
        .replace("policy: Never", "policy: Always")
    )


# -- safety ------------------------------------------------------------------------------------


def test_a_file_that_does_not_parse_is_left_alone_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = CONTROLLER + "---\nkind: [unclosed\n"
    path = write(tmp_path, "cluster.yaml", broken)
    _, err = fix(capsys, tmp_path)
    assert path.read_text() == broken
    assert "cluster.yaml: not fixed" in err


def test_a_fix_that_would_change_the_documents_is_refused() -> None:
    original = "a: 1\n---\nb: 2\n"
    assert KUBERNETES.check_change(original, "a: 2\n---\nb: 2\n", "x.yaml") is None
    assert KUBERNETES.check_change(original, "a: 1\n---\nb: 2\n---\nc: 3\n", "x.yaml") == (
        "3 YAML documents instead of 2"
    )
    assert "duplicate key" in (KUBERNETES.check_change(original, "a: 1\na: 2\n---\nb: 2\n", "x"))
    assert KUBERNETES.check_syntax("a: [1\n", "x.yaml")


# -- the examples -----------------------------------------------------------------------------


def test_examples_after_fix_keep_only_findings_without_an_automatic_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "kubernetes"
    shutil.copytree(REPO / "examples" / "kubernetes", copy, symlinks=True)
    fix(capsys, copy)
    assert rules_left(capsys, copy) == {
        "TLS302",  # OCSP stapling on for Let's Encrypt certificates: turn it off, or not
        "TLS601",  # a host without TLS: a Secret name and an issuer must be chosen
        "TLS602",  # a hand-made Secret: which issuer should renew it is a decision
        "TLS415",  # ... and its certificate is not in the repository
        "TLS607",  # an issuer that does not exist: its right name is a decision
        "TLS608",  # a staging ACME server: switching CAs is a decision
        "TLS702",  # mesh mTLS PERMISSIVE / DISABLE: turning it on can cut off clients
        "TLS703",  # upstream verification needs the backend's CA Secret
    }
