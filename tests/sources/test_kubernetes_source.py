"""The Kubernetes source: what each manifest becomes in the model, layering, and bad input."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

from tests.helpers import NOW, lint
from tlslint.cli import main
from tlslint.model import (
    EmbeddedPem,
    Endpoint,
    Issuer,
    ManagedCertificate,
    MeshPolicy,
    Origin,
)
from tlslint.sources.kubernetes import KUBERNETES

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com]
      secretName: web-tls
  rules:
    - host: shop.example.com
"""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-protocols: "TLSv1.2 TLSv1.3"
  hsts-max-age: "63072000"
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def ingress_endpoint(root: Path, name: str = "Ingress shop/web") -> Endpoint:
    (found,) = [e for e in lint(root).model.endpoints if e.name == name]
    return found


def findings(root: Path, rule_id: str | None = None) -> list[tuple[str, str, int, str]]:
    return [
        (f.rule_id, f.path, f.line, f.message)
        for f in lint(root).findings
        if rule_id is None or f.rule_id == rule_id
    ]


# --- claiming files ---------------------------------------------------------------------


def test_claims_yaml_with_api_version_and_kind_only() -> None:
    head = b"apiVersion: v1\nkind: Secret\n"
    assert KUBERNETES.claims("secret.yaml", "k8s/secret.yaml", head)
    assert KUBERNETES.claims("app.yml", "app.yml", b"---\n" + head)
    assert KUBERNETES.claims("list.yaml", "list.yaml", b"- apiVersion: v1\n  kind: ConfigMap\n")
    assert not KUBERNETES.claims("ci.yaml", ".github/workflows/ci.yaml", b"on: [push]\njobs: {}\n")
    assert not KUBERNETES.claims("compose.yaml", "compose.yaml", b"services:\n  web: {}\n")
    assert not KUBERNETES.claims("nginx.conf", "nginx.conf", head)
    assert not KUBERNETES.claims(".tlslint.yaml", ".tlslint.yaml", head)


def test_non_kubernetes_yaml_is_ignored_quietly(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "docker-compose.yaml": "services:\n  web:\n    image: nginx\n",
            "values.yaml": "apiVersion: 2\nkind: values\nreplicas: 3\n",
            "kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            "kind: Kustomization\nresources: [app.yaml]\n",
            # (The kustomization is rendered: what it lists must exist, or it is reported.)
            "app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n",
        },
    )
    result = lint(tmp_path)
    assert result.findings == [] and result.model.incomplete == {}


# --- Ingress and the ingress-nginx layers -------------------------------------------------


def test_ingress_settings_come_from_controller_defaults_without_a_configmap(tmp_path: Path) -> None:
    write(tmp_path, {"web.yaml": INGRESS})
    endpoint = ingress_endpoint(tmp_path)
    assert endpoint.hosts == ("shop.example.com",)
    assert endpoint.product == "ingress-nginx"
    assert endpoint.protocols is not None and endpoint.protocols.origin is Origin.DEFAULT
    assert endpoint.protocols.value == {"TLSv1.2", "TLSv1.3"}
    assert "ingress-nginx controller-v1.15.1 default ssl-protocols" in endpoint.protocols.note
    # DHE suites of the default list are unused without ssl-dh-param: the rest is the
    # intermediate profile exactly.
    assert endpoint.ciphers is not None
    assert not any(s.startswith("DHE-") for s in endpoint.ciphers.value.suites)
    assert len(endpoint.ciphers.value.suites) == 6
    (ref,) = endpoint.certificate_refs("certificate")
    assert (ref.reference, ref.key, ref.location.line) == ("web-tls", "secret:shop/web-tls", 12)


def test_configmap_is_inherited_and_annotations_win(tmp_path: Path) -> None:
    annotated = INGRESS.replace(
        "    cert-manager.io/cluster-issuer: letsencrypt\n",
        "    cert-manager.io/cluster-issuer: letsencrypt\n"
        '    nginx.ingress.kubernetes.io/ssl-ciphers: "ECDHE+AESGCM"\n',
    )
    write(tmp_path, {"apps/web.yaml": annotated, "infra/controller.yaml": CONFIGMAP})
    endpoint = ingress_endpoint(tmp_path)
    assert endpoint.protocols is not None and endpoint.hsts is not None
    assert endpoint.protocols.origin is Origin.INHERITED
    assert endpoint.protocols.note == "from ConfigMap ingress-nginx/ingress-nginx-controller"
    assert (endpoint.protocols.location.path, endpoint.protocols.location.line) == (
        "infra/controller.yaml",
        7,
    )
    assert endpoint.hsts.value is not None and endpoint.hsts.value.max_age == 63072000
    assert endpoint.ciphers is not None and endpoint.ciphers.origin is Origin.WRITTEN
    assert endpoint.ciphers.location.line == 8
    assert endpoint.ocsp_stapling is not None and endpoint.ocsp_stapling.origin is Origin.DEFAULT
    # The ConfigMap is judged through the Ingresses that inherit from it.
    assert not [e for e in lint(tmp_path).model.endpoints if "ConfigMap" in e.kind]


def test_a_configmap_alone_is_judged_as_the_controller_endpoint(tmp_path: Path) -> None:
    write(tmp_path, {"controller.yaml": CONFIGMAP.replace("TLSv1.2 TLSv1.3", "TLSv1 TLSv1.2")})
    assert ("TLS101", "controller.yaml", 7) in [f[:3] for f in findings(tmp_path)]


def test_same_configmap_problem_is_one_finding_for_many_ingresses(tmp_path: Path) -> None:
    files = {"controller.yaml": CONFIGMAP.replace("TLSv1.2 TLSv1.3", "TLSv1.1 TLSv1.2")}
    for i in range(3):
        files[f"app{i}.yaml"] = INGRESS.replace("name: web", f"name: web{i}")
    write(tmp_path, files)
    assert [f[:3] for f in findings(tmp_path, "TLS101")] == [("TLS101", "controller.yaml", 7)]


def test_upstream_tls_and_client_verification_come_from_annotations(tmp_path: Path) -> None:
    annotated = INGRESS.replace(
        "    cert-manager.io/cluster-issuer: letsencrypt\n",
        "    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n"
        "    nginx.ingress.kubernetes.io/auth-tls-secret: shop/clients\n"
        "    nginx.ingress.kubernetes.io/auth-tls-verify-client: optional_no_ca\n",
    ).replace(
        "    - host: shop.example.com\n",
        "    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n"
        "            pathType: Prefix\n            backend:\n"
        "              service: {name: api, port: {number: 8443}}\n",
    )
    write(tmp_path, {"web.yaml": annotated})
    endpoint = ingress_endpoint(tmp_path)
    (upstream,) = endpoint.upstreams
    assert upstream.target == "api:8443 (HTTPS)"
    assert upstream.verify.value is False and upstream.verify.origin is Origin.DEFAULT
    assert endpoint.client_verify is not None
    assert endpoint.client_verify.value == "optional_no_ca"
    (ca,) = endpoint.certificate_refs("client-ca")
    assert ca.key == "secret:shop/clients"


def test_kustomization_namespace_applies_to_objects_without_one(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "apps/shop/kustomization.yaml": "namespace: shop\nresources: [ingress.yaml]\n",
            "apps/shop/ingress.yaml": INGRESS.replace("  namespace: shop\n", ""),
        },
    )
    endpoint = ingress_endpoint(tmp_path)
    assert [r.key for r in endpoint.certificates] == ["secret:shop/web-tls"]


# --- cert-manager, Secrets, Gateway, Traefik, Istio --------------------------------------


def test_cert_manager_objects_are_published(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "web.yaml": INGRESS,
            "cert.yaml": """apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api
  namespace: shop
spec:
  secretName: api-tls
  duration: 720h
  renewBefore: 240h
  dnsNames:
    - api.example.com
  privateKey: {algorithm: ECDSA, size: 384, rotationPolicy: Never}
  issuerRef:
    name: internal
""",
            "issuer.yaml": """apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ops@example.com
    privateKeySecretRef: {name: le-account}
""",
        },
    )
    objects = lint(tmp_path).model.objects
    certs: dict[str, ManagedCertificate] = {m.key: m for m in objects["managed_certificates"]}
    api = certs["secret:shop/api-tls"]
    assert api.duration.value == 720 * 3600 and api.renew_before is not None
    assert api.renew_before.value == 240 * 3600
    assert (api.key_algorithm.value, api.key_size.value) == ("ECDSA", 384)
    assert api.rotation_policy.value == "Never"
    assert api.issuer is not None
    assert (api.issuer.kind, api.issuer.namespace, api.issuer.name) == (
        "Issuer",
        "shop",
        "internal",
    )
    shim = certs["secret:shop/web-tls"]
    assert shim.issuer is not None and shim.issuer.kind == "ClusterIssuer"
    assert shim.duration.origin is Origin.DEFAULT and shim.dns_names == ("shop.example.com",)
    names = {n.key: n.names for n in objects["certificate_names"]}
    assert names == {
        "secret:shop/api-tls": ("api.example.com",),
        "secret:shop/web-tls": ("shop.example.com",),
    }
    (issuer,) = objects["issuers"]
    assert isinstance(issuer, Issuer)
    assert (issuer.kind, issuer.namespace, issuer.type) == ("ClusterIssuer", "", "acme")


def _certificate_and_key() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("shop.example.com")]), False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def test_tls_secrets_publish_embedded_pem_and_never_print_the_key(tmp_path: Path) -> None:
    cert, key = _certificate_and_key()
    b64 = base64.b64encode
    write(
        tmp_path,
        {
            "web.yaml": INGRESS,
            "secret.yaml": f"""apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: shop
type: kubernetes.io/tls
data:
  tls.crt: {b64(cert).decode()}
  tls.key: {b64(key).decode()}
stringData:
  ca.crt: |
{"".join("    " + line + chr(10) for line in cert.decode().splitlines())}""",
        },
    )
    pems: list[EmbeddedPem] = lint(tmp_path).model.objects["embedded_pem"]
    by_role = {p.role: p for p in pems}
    assert set(by_role) == {"certificate", "key", "ca"}
    assert by_role["certificate"].data == cert and by_role["certificate"].line == 8
    assert by_role["key"].data == key and by_role["key"].key == "secret:shop/web-tls"
    assert by_role["ca"].data.strip() == cert.strip()
    key_body = "".join(key.decode().splitlines()[1:-1])
    for fmt in ("text", "json", "sarif", "junit", "github"):
        out = tmp_path / f"out.{fmt}"
        main(["check", str(tmp_path), "--format", fmt, "--output", str(out), "--now", "2026-06-01"])
        written = out.read_text(encoding="utf-8")
        assert b64(key).decode()[:40] not in written
        assert key_body[:40] not in written


def test_gateway_listeners_traefik_options_and_istio_policies(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "gateway.yaml": """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: edge
spec:
  gatewayClassName: istio
  listeners:
    - name: http
      port: 80
      protocol: HTTP
    - name: https
      hostname: api.example.com
      port: 443
      protocol: HTTPS
      tls:
        certificateRefs:
          - name: api-tls
            namespace: certs
    - name: passthrough
      port: 8443
      protocol: TLS
      tls: {mode: Passthrough}
""",
            "traefik.yaml": """apiVersion: traefik.containo.us/v1alpha1
kind: TLSOption
metadata:
  name: default
  namespace: traefik
spec:
  minVersion: VersionTLS12
  maxVersion: VersionTLS12
  curvePreferences: [CurveP521, X25519]
""",
            "mesh.yaml": """apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls: {mode: STRICT}
""",
        },
    )
    model = lint(tmp_path).model
    (listener,) = [e for e in model.endpoints if e.kind == "Gateway listener"]
    assert listener.name == "Gateway edge/public listener https"
    assert listener.hosts == ("api.example.com",) and listener.location.line == 12
    assert [r.key for r in listener.certificates] == ["secret:certs/api-tls"]
    (option,) = [e for e in model.endpoints if e.kind == "TLSOption"]
    assert option.protocols is not None and option.protocols.value == {"TLSv1.2"}
    assert option.ecdh_curves is not None
    assert option.ecdh_curves.value == ("secp521r1", "X25519")
    (policy,) = model.objects["mesh_policies"]
    assert isinstance(policy, MeshPolicy) and policy.scope == "mesh-wide"
    assert policy.mode.value == "STRICT"


def test_list_kind_items_are_read(tmp_path: Path) -> None:
    items = "".join("  " + line + "\n" if line else "\n" for line in INGRESS.splitlines())
    items = items.replace("  apiVersion:", "- apiVersion:", 1)
    write(tmp_path, {"list.yaml": "apiVersion: v1\nkind: List\nitems:\n" + items})
    endpoint = ingress_endpoint(tmp_path)
    assert endpoint.location.line == 13


# --- bad input: each is a finding with a line, and the rest of the file is still read ----

AFTER = """---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-protocols: "TLSv1 TLSv1.2"
"""


def _rest_still_read(root: Path, name: str) -> None:
    lines = {f[2] for f in findings(root, "TLS101") if f[1] == name}
    assert lines, "the document after the bad one was not read"


def test_invalid_yaml_is_a_parse_error_and_later_documents_are_read(tmp_path: Path) -> None:
    write(tmp_path, {"bad.yaml": "apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n" + AFTER})
    problems = findings(tmp_path, "TLS000")
    assert [(p[1], p[2]) for p in problems] == [("bad.yaml", 4)]
    assert "invalid YAML" in problems[0][3]
    _rest_still_read(tmp_path, "bad.yaml")


def test_billion_laughs_is_refused_fast_and_the_rest_is_read(tmp_path: Path) -> None:
    bomb = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol}", 'a: &a ["lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb.append("data: {x: *j}")
    write(tmp_path, {"bomb.yaml": "\n".join(bomb) + "\n" + AFTER})
    skipped = findings(tmp_path, "TLS001")
    assert len(skipped) == 1 and skipped[0][1] == "bomb.yaml" and skipped[0][2] > 1
    assert "alias" in skipped[0][3]
    _rest_still_read(tmp_path, "bomb.yaml")


def test_too_many_aliases_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {".tlslint.yaml": "limits:\n  yaml_aliases: 3\n"})
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nbase: &b 1\n"
    doc += "".join(f"k{i}: *b\n" for i in range(4))
    write(tmp_path, {"many.yaml": doc + AFTER})
    skipped = findings(tmp_path, "TLS001")
    assert [(s[1], s[2]) for s in skipped] == [("many.yaml", 8)]
    assert "limits.yaml_aliases" in skipped[0][3]
    _rest_still_read(tmp_path, "many.yaml")


def test_deep_nesting_is_refused_and_the_rest_is_read(tmp_path: Path) -> None:
    deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + "[" * 200
    deep += "]" * 200 + "\n"
    write(tmp_path, {"deep.yaml": deep + AFTER})
    skipped = findings(tmp_path, "TLS001")
    assert [(s[1], s[2]) for s in skipped] == [("deep.yaml", 4)]
    assert "deeper than 100 levels" in skipped[0][3]
    _rest_still_read(tmp_path, "deep.yaml")


def test_duplicate_keys_are_reported_and_the_last_value_wins(tmp_path: Path) -> None:
    doc = CONFIGMAP.replace(
        '  ssl-protocols: "TLSv1.2 TLSv1.3"\n',
        '  ssl-protocols: "TLSv1.2 TLSv1.3"\n  ssl-protocols: "TLSv1 TLSv1.2"\n',
    )
    write(tmp_path, {"dup.yaml": doc})
    result = findings(tmp_path)
    assert ("TLS000", "dup.yaml", 8) in [f[:3] for f in result]
    assert ("TLS101", "dup.yaml", 8) in [f[:3] for f in result]
    # kubectl applies the file (sigs.k8s.io/yaml keeps the last value): the duplicate hides
    # nothing from the judgement, so it is low, not the high of a file kubectl refuses
    from tests.helpers import lint
    from tlslint.model import Severity

    (dup,) = [f for f in lint(tmp_path).findings if f.rule_id == "TLS000"]
    assert dup.severity is Severity.LOW and "as kubectl applies it" in dup.message


def test_scalar_and_list_documents_are_skipped_with_their_line(tmp_path: Path) -> None:
    write(
        tmp_path, {"odd.yaml": "apiVersion: v1\nkind: List\nitems: []\n---\njust text\n---\n- a\n"}
    )
    assert [(f[1], f[2]) for f in findings(tmp_path, "TLS001")] == [
        ("odd.yaml", 5),
        ("odd.yaml", 7),
    ]


def test_missing_metadata_and_wrong_types_are_parse_errors(tmp_path: Path) -> None:
    doc = """apiVersion: networking.k8s.io/v1
kind: Ingress
spec:
  tls:
    - hosts: "a.example.com"
      secretName: a-tls
  rules: {host: a.example.com}
"""
    write(tmp_path, {"types.yaml": doc})
    messages = {(f[2], f[3]) for f in findings(tmp_path, "TLS000")}
    assert messages == {
        (2, "Ingress has no metadata; kubectl would reject it"),
        (
            5,
            "Ingress default/<unnamed>: spec.tls[0].hosts must be a list, not a string; ignored",
        ),
        (7, "Ingress default/<unnamed>: spec.rules must be a list, not a mapping; ignored"),
    }
    # what could be read still was: the secret reference
    (endpoint,) = [e for e in lint(tmp_path).model.endpoints if e.kind == "Ingress"]
    assert [r.key for r in endpoint.certificates] == ["secret:default/a-tls"]


def test_helm_templates_are_skipped_with_an_info_finding(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "chart/templates/ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
            "metadata:\n  name: {{ .Release.Name }}\n",
        },
    )
    result = lint(tmp_path)
    (finding,) = result.findings
    assert (finding.rule_id, finding.severity.label, finding.line) == ("TLS001", "info", 4)
    assert "Helm chart template" in finding.message and "skipped" in finding.message
    assert "chart/templates/ingress.yaml" in result.model.incomplete


def test_binary_and_empty_files_do_not_crash(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "latin1.yaml").write_bytes(
        b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n"
    )
    (tmp_path / "crlf.yaml").write_bytes(INGRESS.replace("\n", "\r\n").encode())
    result = lint(tmp_path)
    assert [(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id == "TLS000"] == [
        ("TLS000", "latin1.yaml", 3)
    ]
    assert any(e.name == "Ingress shop/web" for e in result.model.endpoints)


def test_parallel_extraction_links_the_configmap_too(tmp_path: Path) -> None:
    files = {"controller.yaml": CONFIGMAP.replace("TLSv1.2 TLSv1.3", "TLSv1 TLSv1.2")}
    for i in range(70):
        files[f"apps/app{i}.yaml"] = INGRESS.replace("name: web", f"name: web{i}")
    write(tmp_path, files)
    serial = lint(tmp_path)
    parallel = lint(tmp_path, jobs=2)
    key = [(f.rule_id, f.path, f.line, f.message) for f in serial.findings]
    assert key == [(f.rule_id, f.path, f.line, f.message) for f in parallel.findings]
    assert ("TLS101", "controller.yaml", 7) in [k[:3] for k in key]


def test_json_report_lists_kubernetes_files(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"web.yaml": INGRESS})
    main(["check", str(tmp_path), "--format", "json", "--now", "2026-06-01"])
    report = json.loads(capsys.readouterr().out)
    assert "web.yaml" in json.dumps(report)


# --- configuration ------------------------------------------------------------------------


def test_config_names_the_controller_configmap_prefix_and_default_class(tmp_path: Path) -> None:
    custom = INGRESS.replace(
        "    cert-manager.io/cluster-issuer: letsencrypt\n",
        '    cert-manager.io/cluster-issuer: letsencrypt\n    acme.io/ssl-redirect: "false"\n',
    ).replace("  ingressClassName: nginx\n", "")
    write(
        tmp_path,
        {
            ".tlslint.yaml": "kubernetes:\n"
            "  annotation_prefix: acme.io/\n"
            "  controller_configmap: edge/nginx-settings\n"
            "  default_ingress_class: nginx\n",
            "web.yaml": custom,
            # the chart's usual name, but not the configured one: not layered
            "decoy.yaml": CONFIGMAP.replace("TLSv1.2 TLSv1.3", "TLSv1 TLSv1.2"),
            "edge.yaml": CONFIGMAP.replace("name: ingress-nginx-controller", "name: nginx-settings")
            .replace("namespace: ingress-nginx", "namespace: edge")
            .replace("TLSv1.2 TLSv1.3", "TLSv1.3"),
        },
    )
    result = lint(tmp_path)
    (endpoint,) = [e for e in result.model.endpoints if e.name == "Ingress shop/web"]
    assert endpoint.protocols is not None and endpoint.protocols.value == {"TLSv1.3"}
    assert endpoint.protocols.note == "from ConfigMap edge/nginx-settings"
    assert [(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id == "TLS205"] == [
        ("TLS205", "web.yaml", 8)
    ]
    assert not [f for f in result.findings if f.rule_id == "TLS101"]


def test_bad_kubernetes_config_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {".tlslint.yaml": "kubernetes:\n  controller_configmap: no-slash\n"})
    assert main(["check", str(tmp_path)]) == 2
    assert "kubernetes.controller_configmap" in capsys.readouterr().err


def test_inline_suppressions_work_in_manifests(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "web.yaml": INGRESS,
            "controller.yaml": CONFIGMAP.replace(
                '  ssl-protocols: "TLSv1.2 TLSv1.3"\n',
                "  # tlslint: ignore[TLS101] partner terminals, until 2026-09\n"
                '  ssl-protocols: "TLSv1.1 TLSv1.2 TLSv1.3"\n',
            ),
        },
    )
    result = lint(tmp_path)
    assert not [f for f in result.findings if f.rule_id == "TLS101"]
    assert [s.reason for s in result.suppressed if s.finding.rule_id == "TLS101"] == [
        "partner terminals, until 2026-09"
    ]


def test_empty_ssl_ciphers_leaves_nginx_default(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"web.yaml": INGRESS, "controller.yaml": CONFIGMAP + '  ssl-ciphers: ""\n'},
    )
    endpoint = ingress_endpoint(tmp_path)
    assert endpoint.ciphers is not None
    assert endpoint.ciphers.value.expression == "HIGH:!aNULL:!MD5"
    assert "empty: nginx's default" in endpoint.ciphers.note
    assert ("TLS111", "controller.yaml", 9) in [f[:3] for f in findings(tmp_path)]


def test_a_kustomization_linked_from_outside_the_root_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    root = tmp_path / "repo"
    write(outside, {"kustomization.yaml": "namespace: elsewhere\n"})
    write(root, {"app/ingress.yaml": INGRESS.replace("  namespace: shop\n", "")})
    (root / "app" / "kustomization.yaml").symlink_to(outside / "kustomization.yaml")
    endpoint = ingress_endpoint(root, "Ingress default/web")
    assert [r.key for r in endpoint.certificates] == ["secret:default/web-tls"]


def test_a_one_file_check_layers_the_configured_controller_configmap(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".tlslint.yaml": "kubernetes:\n  controller_configmap_file: infra/controller.yaml\n",
            "infra/controller.yaml": CONFIGMAP.replace("TLSv1.2 TLSv1.3", "TLSv1.1 TLSv1.2"),
            "apps/web.yaml": INGRESS,
        },
    )
    full = lint(tmp_path)
    key = [(f.rule_id, f.path, f.line, f.message, f.endpoint) for f in full.findings]
    assert ("TLS101", "infra/controller.yaml", 7) in [k[:3] for k in key]
    # Each file checked alone gets exactly the whole scan's findings at it: the ConfigMap is
    # judged through the Ingress that inherits it, the Ingress under the ConfigMap.
    for rel in ("apps/web.yaml", "infra/controller.yaml"):
        one = lint(tmp_path, paths=[tmp_path / rel])
        assert [k for k in key if k[1] == rel] == [
            (f.rule_id, f.path, f.line, f.message, f.endpoint) for f in one.findings
        ]
        assert [f.path for f in one.files] == [rel]


def test_a_configured_controller_configmap_outside_the_root_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {".tlslint.yaml": "kubernetes:\n  controller_configmap_file: ../x.yaml\n"})
    write(tmp_path, {"web.yaml": INGRESS})
    skipped = findings(tmp_path, "TLS001")
    assert skipped and "not a file in the scanned root" in skipped[0][3]


def test_a_one_file_check_finds_the_certificate_beside_the_ingress(tmp_path: Path) -> None:
    unmanaged = INGRESS.replace("    cert-manager.io/cluster-issuer: letsencrypt\n", "")
    unmanaged = unmanaged.replace("  annotations:\n", "")
    certificate = """apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: shop
spec:
  secretName: web-tls
  dnsNames: [shop.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
"""
    write(tmp_path, {"apps/web/ingress.yaml": unmanaged, "apps/web/certificate.yaml": certificate})
    one = lint(tmp_path, paths=[tmp_path / "apps" / "web" / "ingress.yaml"])
    assert not [f for f in one.findings if f.rule_id == "TLS602"]
    # elsewhere in the repository, it is not looked for: the finding says what it knows
    write(tmp_path, {"apps/other/ingress.yaml": unmanaged.replace("web-tls", "other-tls")})
    other = lint(tmp_path, paths=[tmp_path / "apps" / "other" / "ingress.yaml"])
    assert [f.rule_id for f in other.findings if f.rule_id == "TLS602"] == ["TLS602"]


def test_a_hundred_thousand_nested_brackets_are_refused_before_libyaml_parses_them(
    tmp_path: Path,
) -> None:
    # libyaml is quadratic in flow nesting (minutes here); the depth is checked before it
    # parses, so the message is the depth limit's, not the per-file time budget's
    head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {a: "
    write(tmp_path, {"deep.yaml": head + "[" * 100_000 + "]" * 100_000 + "}\n" + AFTER})
    skipped = findings(tmp_path, "TLS001")
    assert [(s[1], s[2]) for s in skipped] == [("deep.yaml", 4)]
    _rest_still_read(tmp_path, "deep.yaml")


def test_ingress_routes_inherit_the_default_tls_option(tmp_path: Path) -> None:
    option = """apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata:
  name: {name}
  namespace: traefik
spec:
  minVersion: {version}
"""
    route = """apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: web
  namespace: shop
spec:
  routes:
    - match: Host(`shop.example.com`, `www.shop.example.com`)
      kind: Rule
      services: [{name: web, port: 80}]
  tls:
    secretName: web-tls
"""
    write(
        tmp_path,
        {
            "default.yaml": option.format(name="default", version="VersionTLS11"),
            "unused.yaml": option.format(name="legacy", version="VersionTLS10"),
            "route.yaml": route,
        },
    )
    model = lint(tmp_path).model
    (web,) = [e for e in model.endpoints if e.kind == "IngressRoute"]
    assert web.hosts == ("shop.example.com", "www.shop.example.com")
    assert web.protocols is not None and web.protocols.origin is Origin.INHERITED
    assert web.protocols.value == {"TLSv1.1", "TLSv1.2", "TLSv1.3"}
    assert web.protocols.note == "from TLSOption traefik/default"
    assert [e.name for e in model.endpoints if e.kind == "TLSOption"] == [
        "TLSOption traefik/legacy"
    ]
    assert {f[:3] for f in findings(tmp_path, "TLS101")} == {
        ("TLS101", "default.yaml", 7),
        ("TLS101", "unused.yaml", 7),
    }


def test_traefik_ingresses_use_the_tls_option_their_annotation_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "option.yaml": """apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata:
  name: modern-only
  namespace: traefik
spec:
  minVersion: VersionTLS13
""",
            "web.yaml": INGRESS.replace(
                "    cert-manager.io/cluster-issuer: letsencrypt\n",
                "    cert-manager.io/cluster-issuer: letsencrypt\n"
                "    traefik.ingress.kubernetes.io/router.tls.options: "
                "traefik-modern-only@kubernetescrd\n",
            ).replace("ingressClassName: nginx", "ingressClassName: traefik"),
        },
    )
    endpoint = ingress_endpoint(tmp_path)
    assert endpoint.product == "traefik"
    assert endpoint.protocols is not None and endpoint.protocols.value == {"TLSv1.3"}
    assert endpoint.protocols.note == "from TLSOption traefik/modern-only"
