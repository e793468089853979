"""The bundled GitOps example (examples/kubernetes) gives exactly the documented findings."""

from __future__ import annotations

from tests.helpers import REPO, lint

K8S = "kubernetes/"

# (rule, path under examples/, line): each mistake the example was written to show.
EXPECTED = {
    # the controller ConfigMap, inherited by every Ingress: one finding each, at the key
    ("TLS101", "kubernetes/infrastructure/ingress-nginx/configmap.yaml", 12),
    ("TLS202", "kubernetes/infrastructure/ingress-nginx/configmap.yaml", 14),
    # stapling switched on for Let's Encrypt certificates, which name no OCSP responder
    ("TLS302", "kubernetes/infrastructure/ingress-nginx/configmap.yaml", 16),
    # an ACME "prod" issuer pointing at the staging directory
    ("TLS608", "kubernetes/infrastructure/cert-manager/cluster-issuers.yaml", 8),
    # mesh-wide PERMISSIVE, and a DestinationRule switching mTLS off
    ("TLS702", "kubernetes/infrastructure/istio/peer-authentication.yaml", 9),
    ("TLS702", "kubernetes/apps/payments/destination-rule.yaml", 10),
    # a Traefik TLSOption allowing a CBC-SHA1 suite
    ("TLS111", "kubernetes/infrastructure/traefik/tlsoption.yaml", 8),
    # a host without a tls entry (namespace from the kustomization), and the controller's
    # template default of server cipher preference, which no annotation overrides here
    ("TLS114", "kubernetes/apps/shop/ingress.yaml", 9),
    ("TLS601", "kubernetes/apps/shop/ingress.yaml", 35),
    # payments: plain HTTP not redirected, unverified HTTPS backend, renewal and issuer mistakes
    ("TLS703", "kubernetes/apps/payments/ingress.yaml", 7),
    ("TLS205", "kubernetes/apps/payments/ingress.yaml", 8),
    ("TLS603", "kubernetes/apps/payments/certificate.yaml", 11),
    ("TLS606", "kubernetes/apps/payments/certificate.yaml", 15),
    ("TLS607", "kubernetes/apps/payments/certificate.yaml", 17),
    # admin: mTLS optional where the policy requires it, a hand-made certificate
    ("TLS701", "kubernetes/apps/admin/ingress.yaml", 8),
    ("TLS602", "kubernetes/apps/admin/ingress.yaml", 15),
    ("TLS415", "kubernetes/apps/admin/ingress.yaml", 15),
    # legacy partner gateway: a two-year certificate and an OpenSSL cipher string with weak suites
    ("TLS604", "kubernetes/apps/legacy/ingress.yaml", 8),
    ("TLS111", "kubernetes/apps/legacy/ingress.yaml", 9),
    ("TLS112", "kubernetes/apps/legacy/ingress.yaml", 9),
    ("TLS113", "kubernetes/apps/legacy/ingress.yaml", 9),
}


def test_kubernetes_example_gives_exactly_the_expected_findings() -> None:
    result = lint(REPO / "examples")
    found = {(f.rule_id, f.path, f.line) for f in result.findings if f.path.startswith(K8S)}
    assert found == EXPECTED
    assert not [p for p in result.model.incomplete if p.startswith(K8S)]


def test_inherited_configmap_findings_name_their_layer() -> None:
    result = lint(REPO / "examples")
    (tls101,) = [f for f in result.findings if f.rule_id == "TLS101" and f.path.startswith(K8S)]
    assert "from ConfigMap ingress-nginx/ingress-nginx-controller" in tls101.message
    assert "ssl-protocols" in tls101.remediation
    (tls607,) = [f for f in result.findings if f.rule_id == "TLS607"]
    assert "did you mean letsencrypt-prod?" in tls607.message
