"""Generated manifests validate against the real CRD and Kubernetes schemas in tests/reference.

Objects are validated strictly: a field the CRD does not declare is an error (the API server
would drop it silently). `assert_manifest_lints_clean` lints them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.generating import K8S, assert_manifest_lints_clean, validate_manifests
from tlslint.cli import main
from tlslint.generators import generate
from tlslint.generators.cert_manager import DNS_PROVIDERS

ACME = {"email": "ops@example.com"}
DNS_SETTINGS = {
    "cloudflare": [],
    "route53": ["region=eu-west-1", "hosted-zone-id=Z0123456789ABC"],
    "clouddns": ["project=my-project"],
    "azuredns": ["subscription-id=0000-1111", "resource-group=dns", "client-id=abcd"],
    "acmedns": ["host=https://auth.acme-dns.example.com"],
    "rfc2136": ["nameserver=10.0.0.53:53", "tsig-key-name=cert-manager"],
}

CERT_MANAGER = {
    "letsencrypt-ingress": {**ACME, "domains": ["example.com", "www.example.com"]},
    "letsencrypt-gateway": {**ACME, "gateway": "infra/web", "environment": "production"},
    "letsencrypt-issuer-kind": {
        **ACME,
        "issuer_kind": "Issuer",
        "namespace": "shop",
        "domains": ["shop.example.com"],
    },
    **{
        f"letsencrypt-dns01-{name}": {
            **ACME,
            "dns_provider": name,
            "dns_options": settings,
            "dns_zones": ["example.com"],
            "domains": ["*.example.com"],
        }
        for name, settings in DNS_SETTINGS.items()
    },
    "internal-ca": {
        "issuer": "ca",
        "domains": ["svc.internal"],
        "duration": "2160h",
        "renew_before": "720h",
    },
    "internal-ca-old-profile": {"issuer": "ca", "profile": "old", "domains": ["legacy.internal"]},
    "vault": {
        "issuer": "vault",
        "vault_server": "https://vault.example.com:8200",
        "vault_path": "pki_int/sign/example-dot-com",
        "vault_role": "cert-manager",
        "domains": ["api.example.com"],
    },
}


@pytest.mark.parametrize("name", sorted(CERT_MANAGER))
def test_cert_manager_manifests_validate_against_the_crds(name: str, tmp_path: Path) -> None:
    options = CERT_MANAGER[name]
    documents = validate_manifests(generate("cert-manager", options))
    kinds = [d["kind"] for d in documents]
    assert kinds[-1] == "Certificate" or "domains" not in options


def test_every_dns_provider_is_covered() -> None:
    assert set(DNS_SETTINGS) == set(DNS_PROVIDERS)


def spec(documents: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(d for d in documents if d["kind"] == kind)["spec"]  # type: ignore[no-any-return]


def test_certificates_rotate_ecdsa_keys_and_renew_within_the_policy() -> None:
    documents = validate_manifests(generate("cert-manager", CERT_MANAGER["letsencrypt-ingress"]))
    certificate = spec(documents, "Certificate")
    assert certificate["privateKey"] == {
        "algorithm": "ECDSA",
        "size": 256,
        "rotationPolicy": "Always",
    }
    assert certificate["duration"] == "2160h" and certificate["renewBefore"] == "720h"
    assert certificate["issuerRef"]["name"] == "letsencrypt-production"
    servers = {d["metadata"]["name"]: d["spec"]["acme"]["server"] for d in documents[:2]}
    assert servers == {
        "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
        "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
    }
    old = validate_manifests(generate("cert-manager", CERT_MANAGER["internal-ca-old-profile"]))
    assert spec(old, "Certificate")["privateKey"]["algorithm"] == "RSA"


def test_internal_ca_bootstrap_chains_selfsigned_to_ca_issuer() -> None:
    documents = validate_manifests(generate("cert-manager", CERT_MANAGER["internal-ca"]))
    assert [(d["kind"], d["metadata"]["name"]) for d in documents] == [
        ("ClusterIssuer", "internal-ca-selfsigned"),
        ("Certificate", "internal-ca"),
        ("ClusterIssuer", "internal-ca"),
        ("Certificate", "svc-internal"),
    ]
    ca_certificate = documents[1]
    assert ca_certificate["spec"]["isCA"] is True
    assert ca_certificate["spec"]["issuerRef"]["name"] == "internal-ca-selfsigned"
    assert ca_certificate["metadata"]["namespace"] == "cert-manager"
    assert documents[2]["spec"] == {"ca": {"secretName": "internal-ca"}}


GATEWAY = {
    "one-host": {"domains": ["example.com"], "service": "web:8080", "gateway_class": "cilium"},
    "two-hosts-issuer": {
        "domains": ["example.com", "www.example.com"],
        "service": "web:80",
        "gateway_class": "istio",
        "issuer": "letsencrypt-production",
        "namespace": "shop",
    },
    "mtls": {
        "domains": ["internal.example.com"],
        "service": "api:8443",
        "gateway_class": "envoy",
        "client_ca_configmap": "clients-ca",
    },
}


@pytest.mark.parametrize("name", sorted(GATEWAY))
def test_gateway_manifests_validate_against_gateway_api(name: str, tmp_path: Path) -> None:
    text = generate("gateway", GATEWAY[name])
    documents = validate_manifests(text)
    gateway, route, redirect = documents
    https = [
        listener for listener in gateway["spec"]["listeners"] if listener["protocol"] == "HTTPS"
    ]
    assert [listener["hostname"] for listener in https] == GATEWAY[name]["domains"]
    assert all(listener["tls"]["certificateRefs"] for listener in https)
    assert any(key.startswith("cert-manager.io/") for key in gateway["metadata"]["annotations"])
    assert {ref["sectionName"] for ref in route["spec"]["parentRefs"]} == {
        listener["name"] for listener in https
    }
    assert redirect["spec"]["parentRefs"] == [
        {"name": gateway["metadata"]["name"], "sectionName": "http"}
    ]
    assert redirect["spec"]["rules"][0]["filters"][0]["requestRedirect"]["scheme"] == "https"
    if "client_ca_configmap" in GATEWAY[name]:
        validation = gateway["spec"]["tls"]["frontend"]["default"]["validation"]
        assert validation["mode"] == "AllowValidOnly"
        assert validation["caCertificateRefs"][0]["kind"] == "ConfigMap"


INGRESS = {
    "plain": {"domains": ["example.com"], "service": "web:8080", "with_configmap": False},
    "full": {
        "domains": ["example.com", "www.example.com"],
        "service": "web:8443",
        "backend_https": True,
        "backend_ca_secret": "shop/web-ca",
        "client_ca_secret": "shop/clients-ca",
        "verify_depth": 2,
        "namespace": "shop",
    },
    "modern-configmap": {
        "domains": ["example.com"],
        "service": "web:80",
        "profile": "modern",
    },
}


@pytest.mark.parametrize("name", sorted(INGRESS))
def test_ingress_validates_against_the_kubernetes_schema(name: str, tmp_path: Path) -> None:
    text = generate("ingress", INGRESS[name])
    documents = validate_manifests(text)
    ingress = documents[0]
    annotations = ingress["metadata"]["annotations"]
    assert annotations["cert-manager.io/cluster-issuer"] == "letsencrypt-production"
    assert annotations["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
    assert ingress["spec"]["tls"][0]["hosts"] == INGRESS[name]["domains"]
    if INGRESS[name].get("backend_https"):
        assert annotations["nginx.ingress.kubernetes.io/proxy-ssl-verify"] == "on"
    if INGRESS[name].get("client_ca_secret"):
        assert annotations["nginx.ingress.kubernetes.io/auth-tls-verify-client"] == "on"


def ingress_nginx_reference() -> dict[str, Any]:
    path = K8S / "ingress-nginx-tls.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("profile", ["modern", "intermediate", "old"])
def test_controller_configmap_uses_only_real_ingress_nginx_keys(profile: str) -> None:
    reference = ingress_nginx_reference()
    text = generate("ingress", {**INGRESS["plain"], "with_configmap": True, "profile": profile})
    ingress, configmap = validate_manifests(text)
    assert set(configmap["data"]) <= set(reference["configmap"]), set(configmap["data"]) - set(
        reference["configmap"]
    )
    prefix = reference["annotation_prefix"]
    annotations = {
        k.removeprefix(prefix) for k in ingress["metadata"]["annotations"] if k.startswith(prefix)
    }
    assert annotations <= set(reference["annotations"]), annotations - set(reference["annotations"])
    expected = {
        "modern": "TLSv1.3",
        "intermediate": "TLSv1.2 TLSv1.3",
        "old": "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3",
    }[profile]
    assert configmap["data"]["ssl-protocols"] == expected
    assert configmap["data"]["hsts-max-age"] == "63072000"
    assert ("ssl-ciphers" in configmap["data"]) is (profile != "modern")


def test_alerts_validate_against_the_prometheusrule_crd_with_the_policy_windows() -> None:
    documents = validate_manifests(generate("alerts", {"labels": ["release=prometheus"]}))
    rules = {r["alert"]: r for g in documents[0]["spec"]["groups"] for r in g["rules"]}
    assert rules["TLSCertificateExpiringSoon"]["expr"] == (
        "probe_ssl_earliest_cert_expiry - time() < 30 * 86400"
    )
    assert rules["TLSCertificateExpiring"]["expr"].endswith("< 14 * 86400")
    assert rules["CertManagerCertificateExpiring"]["labels"] == {"severity": "critical"}
    assert (
        "certmanager_certificate_expiration_timestamp_seconds"
        in (rules["CertManagerCertificateExpiringSoon"]["expr"])
    )
    assert documents[0]["metadata"]["labels"] == {"release": "prometheus"}


BLACKBOX_SCHEMA = {
    "type": "object",
    "required": ["modules"],
    "additionalProperties": False,
    "properties": {
        "modules": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["prober"],
                "additionalProperties": False,
                "properties": {
                    "prober": {"enum": ["http", "tcp", "icmp", "dns", "grpc"]},
                    "timeout": {"type": "string", "pattern": "^[0-9]+(ms|s|m)$"},
                    "http": {"type": "object"},
                    "tcp": {"type": "object"},
                },
            },
        }
    },
}


@pytest.mark.parametrize(
    ("profile", "minimum"), [("modern", "TLS13"), ("intermediate", "TLS12"), ("old", "TLS10")]
)
def test_blackbox_module_fails_probes_below_the_profile(profile: str, minimum: str) -> None:
    import jsonschema

    text = generate("alerts", {"blackbox_module": True, "profile": profile})
    config = yaml.safe_load(text)
    jsonschema.validate(config, BLACKBOX_SCHEMA)
    http = config["modules"]["https_tls"]["http"]
    assert http["tls_config"]["min_version"] == minimum
    assert http["fail_if_not_ssl"] is True
    assert config["modules"]["tls_connect"]["tcp"]["tls_config"]["min_version"] == minimum


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["cert-manager", "--email", "a@example.com", "--dns-provider", "godaddy"],
            "unknown DNS provider 'godaddy'",
        ),
        (
            ["cert-manager", "--email", "a@example.com", "--dns-provider", "route53"],
            "needs --dns-option region=",
        ),
        (
            [
                "cert-manager",
                "--email",
                "a@example.com",
                "--dns-provider",
                "route53",
                "--dns-option",
                "secret-key=x",
            ],
            "is not an option of route53",
        ),
        (["cert-manager"], "needs --email"),
        (
            ["cert-manager", "--email", "a@example.com", "-d", "*.example.com"],
            "wildcard names only through DNS-01",
        ),
        (
            [
                "cert-manager",
                "--email",
                "a@example.com",
                "--dns-provider",
                "cloudflare",
                "--dns-zone",
                "example.com",
                "-d",
                "example.org",
            ],
            "outside --dns-zone example.com",
        ),
        (
            ["cert-manager", "--email", "a@example.com", "-d", "bad_name.example.com"],
            "not a valid DNS name",
        ),
        (
            [
                "cert-manager",
                "--email",
                "a@example.com",
                "-d",
                "a.example.com",
                "--duration",
                "400d",
            ],
            "may last at most",
        ),
        (
            [
                "cert-manager",
                "--email",
                "a@example.com",
                "-d",
                "a.example.com",
                "--renew-before",
                "7d",
            ],
            "at least 30 days",
        ),
        (
            [
                "cert-manager",
                "--issuer",
                "vault",
                "--vault-server",
                "http://vault:8200",
                "--vault-path",
                "p",
                "--vault-role",
                "r",
            ],
            "must be an https:// URL",
        ),
        (
            [
                "cert-manager",
                "--email",
                "a@example.com",
                "--gateway",
                "web",
                "--ingress-class",
                "nginx",
            ],
            "choose one solver",
        ),
        (
            ["gateway", "-d", "example.com", "--service", "web", "--gateway-class", "x"],
            "not NAME:PORT",
        ),
        (
            ["ingress", "-d", "example.com", "--service", "web:80", "--backend-https"],
            "needs --backend-ca-secret",
        ),
        (["alerts", "--warning-days", "7", "--critical-days", "14"], "must be more than"),
    ],
)
def test_bad_manifest_options_exit_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["generate", *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


LETS_ENCRYPT = generate("cert-manager", ACME)
# Without the controller ConfigMap the controller's defaults decide, and they fall short (OCSP
# is not asked for: a Let's Encrypt ACME issuer fills the Secret, and its certificates name no
# responder).
CONTROLLER_DEFAULTS = ("TLS102", "TLS202")
LINTED: list[tuple[str, str, dict[str, Any], tuple[str, ...], tuple[str, ...]]] = [
    *(("cert-manager", n, o, (), ()) for n, o in sorted(CERT_MANAGER.items())),
    ("gateway", "one-host", GATEWAY["one-host"], (LETS_ENCRYPT,), ()),
    (
        "gateway",
        "two-hosts-issuer",
        GATEWAY["two-hosts-issuer"],
        (generate("cert-manager", {**ACME, "issuer_kind": "Issuer", "namespace": "shop"}),),
        (),
    ),
    ("gateway", "mtls", GATEWAY["mtls"], (LETS_ENCRYPT,), ()),
    ("ingress", "plain", INGRESS["plain"], (LETS_ENCRYPT,), CONTROLLER_DEFAULTS),
    ("ingress", "full", INGRESS["full"], (LETS_ENCRYPT,), ()),
    ("ingress", "modern-configmap", INGRESS["modern-configmap"], (LETS_ENCRYPT,), ()),
    ("alerts", "default", {}, (), ()),
]


@pytest.mark.parametrize(
    ("kind", "name", "options", "companions", "expected"),
    LINTED,
    ids=[f"{case[0]}-{case[1]}" for case in LINTED],
)
def test_manifests_lint_clean_under_their_profile(
    kind: str,
    name: str,
    options: dict[str, Any],
    companions: tuple[str, ...],
    expected: tuple[str, ...],
    tmp_path: Path,
) -> None:
    profile = str(options.get("profile", "intermediate"))
    text = generate(kind, options)
    assert_manifest_lints_clean(tmp_path, text, profile, companions, expected)
