"""Gaps in the evidence: certificates that endpoints serve but the repository does not hold
(TLS415). The compliance report reads :func:`absent_certificates` too, so ``check`` and
``report`` name the same gaps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tlslint.model import (
    CERTIFICATE_NAMES,
    CERTIFICATES,
    MANAGED_CERTIFICATES,
    MODEL,
    CertificateRef,
    Endpoint,
    Model,
    Severity,
)
from tlslint.rules.base import Context, Issue, rule

# Sources whose endpoints serve certificates that could be in the repository. A cloud load
# balancer's certificate lives in a certificate service (ACM, Key Vault) by design, never in
# Git: the report counts no certificate for it, and says so, but it is not a gap to close.
REPOSITORY_SOURCES = ("nginx", "apache", "kubernetes")


@dataclass(frozen=True)
class AbsentCertificate:
    """A certificate an endpoint serves that nothing in the repository holds or manages."""

    endpoint: Endpoint
    ref: CertificateRef
    why: str  # "not in the repository", "depends on a variable", …

    @property
    def reference(self) -> str:
        return self.ref.reference.strip('"')


def held_keys(model: Model) -> set[str]:
    """Reference keys the repository can answer for: parsed certificates (files, Secrets,
    heredocs) and certificates something in it issues and renews (cert-manager Certificates,
    ingress-shim annotations, ACM certificate resources)."""
    keys = {c.key for c in model.objects_of(CERTIFICATES)}
    keys |= {m.key for m in model.objects_of(MANAGED_CERTIFICATES)}
    keys |= {n.key for n in model.objects_of(CERTIFICATE_NAMES)}
    keys.discard("")
    return keys


def _why(ref: CertificateRef) -> str:
    reference = ref.reference.strip('"')
    if ref.key is None:
        if "$" in reference:
            return "depends on a variable, so it cannot be found in the repository"
        if reference.startswith(("data:", "engine:", "store:")):
            return f"is loaded from {reference.split(':', 1)[0]}:, not from a file"
        return "is not in the repository"
    if ref.key.startswith("secret:"):
        return "is a Secret that neither the repository nor a cert-manager Certificate provides"
    if ref.key.startswith("file:"):
        return f"resolves to {ref.key[5:]}, which holds no certificate tlslint could read"
    return "is not in the repository"


def _remedy(ref: CertificateRef) -> str:
    if ref.key is not None and ref.key.startswith("secret:"):
        return (
            "Let cert-manager write the Secret (a Certificate or a "
            "`cert-manager.io/cluster-issuer` annotation), or keep the Secret's public "
            "certificate in the repository, so it can be checked."
        )
    return (
        "Keep the public certificate in the repository (or map its deployed path with "
        "`certificates.path_map`) so it can be checked; the private key stays out."
    )


def absent_certificates(model: Model) -> list[AbsentCertificate]:
    """Every served-certificate reference of a TLS endpoint that the repository neither holds
    nor manages, in the order of the endpoints (one per endpoint and reference)."""
    held = held_keys(model)
    out: list[AbsentCertificate] = []
    seen: set[tuple[str, str, str]] = set()
    for endpoint in model.endpoints:
        if not endpoint.tls or endpoint.source not in REPOSITORY_SOURCES:
            continue
        for ref in endpoint.certificate_refs("certificate"):
            if ref.key is not None and ref.key in held:
                continue
            mark = (endpoint.name, ref.reference, str(ref.location))
            if mark in seen:
                continue
            seen.add(mark)
            out.append(AbsentCertificate(endpoint, ref, _why(ref)))
    return out


@rule(
    "TLS415",
    "certificate-not-in-repository",
    Severity.INFO,
    "An endpoint serves a certificate that the repository neither holds nor manages, "
    "so nothing about it could be checked",
    subject=MODEL,
    sources=("nginx", "kubernetes"),
    standard="PCI DSS 4.0 4.2.1.1 (an inventory of certificates in use); ISO/IEC 27001 A.5.9",
    fix="none",
)
def CERTIFICATE_NOT_IN_REPOSITORY(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Each certificate an nginx server or a Kubernetes Ingress, Gateway, Istio or Traefik
    listener serves — an `ssl_certificate` path, a TLS Secret — for which the repository has
    neither the certificate (a PEM/DER file, a Secret with `tls.crt`) nor something that
    issues and renews it (a cert-manager `Certificate`, an ingress-shim annotation). The
    usual cause is a secret store: the files are delivered at deploy time and never
    committed. Cloud load balancers (Terraform) serve certificates from a certificate
    service by design and are not flagged.

    Why it matters
    ---
    Nothing about such a certificate was examined: not its expiry, key, signature, chain or
    names. This is not a fault of the configuration, but it is a gap in the evidence, and an
    audit must say so instead of counting the certificate rules as passed. `tlslint report`
    lists these certificates and shows the certificate requirements as *not assessed*.

    Severity
    ---
    Info: a gap in the evidence, not a weakness of the configuration; an auditor counts it as
    "not assessed" (PCI DSS 4.0 4.2.1.1 asks for an inventory of the certificates in use), so
    it shows below every gate and in the report.

    Example
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_certificate     /etc/ssl/vault/shop.crt;   # written by the secret store agent
        ssl_certificate_key /etc/ssl/vault/shop.key;
    }
    ```

    Use instead
    ---
    Map the deployed directory to the place the certificates are kept in the repository
    (`certificates.path_map` or `nginx.path_map` in `.tlslint.yaml`), manage the
    certificate with cert-manager, or scan the certificates where they live (for example
    `tlslint check` on an export of the secret store's public certificates) and keep that
    report with the audit. Select the rule away (`--ignore TLS415`) only when certificates
    are audited elsewhere.

    ```yaml
    certificates:
      path_map:
        /etc/ssl/vault/: deploy/certs/
    ```

    Options
    ---
    None. `certificates.path_map` and `nginx.path_map` decide where deployed paths are found.

    References
    ---
    - https://www.pcisecuritystandards.org/document_library/
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_certificate
    - https://cert-manager.io/docs/usage/certificate/
    """
    for gap in absent_certificates(model):
        yield Issue(
            f"certificate {gap.reference} served by {gap.endpoint.name} {gap.why}; its "
            "expiry, key, signature, chain and names were not checked",
            gap.ref.location,
            _remedy(gap.ref),
            endpoint=gap.endpoint.name,
            context=f"absent certificate {gap.reference}",
        )
