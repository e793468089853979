"""The Kubernetes part of the model: cert-manager certificates and issuers, Ingress hosts and
mesh policies, published by the Kubernetes source as MANAGED_CERTIFICATES, ISSUERS,
INGRESS_HOSTS and MESH_POLICIES (kinds declared in :mod:`tlslint.model`, as are
CERTIFICATE_NAMES, EMBEDDED_PEM and CERTIFICATE_OCSP_BY_KEY, which it publishes too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tlslint.model import Location, Setting


@dataclass(frozen=True)
class IssuerRef:
    """A reference to a cert-manager issuer (``issuerRef`` or an ingress-shim annotation)."""

    name: str
    kind: str  # "Issuer" | "ClusterIssuer" | an external issuer's kind
    group: str  # "cert-manager.io" or an external issuer's API group
    namespace: str  # namespace of the referring object (where an Issuer must live)
    location: Location


@dataclass(frozen=True)
class ManagedCertificate:
    """A cert-manager ``Certificate``, or the one ingress-shim creates from annotations.

    Durations are seconds. ``renew_before`` and ``renew_before_percentage`` are ``None`` when
    absent (cert-manager then renews at two thirds of the lifetime).
    """

    name: str  # "Certificate shop/web" or "ingress-shim Certificate for Ingress shop/web"
    namespace: str
    secret_name: str
    key: str  # "secret:<namespace>/<secretName>", the key CertificateRefs use
    dns_names: tuple[str, ...]
    location: Location
    issuer: IssuerRef | None
    duration: Setting[int]
    key_algorithm: Setting[str]  # "RSA" | "ECDSA" | "Ed25519"
    key_size: Setting[int | None]
    rotation_policy: Setting[str]  # "Always" | "Never"
    renew_before: Setting[int] | None = None
    renew_before_percentage: Setting[int] | None = None
    renewal_disabled: Setting[bool] | None = None
    is_ca: bool = False
    # Where `tlslint fix` may add fields: {"spec"|"private_key"|"annotations": MapSpot | None}.
    spots: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The source that read it and writes its fixes (run._apply_rules asks it).
    source: str = field(default="kubernetes", compare=False, repr=False)


@dataclass(frozen=True)
class Issuer:
    """A cert-manager ``Issuer`` (namespaced) or ``ClusterIssuer`` (``namespace`` empty)."""

    kind: str  # "Issuer" | "ClusterIssuer"
    name: str
    namespace: str
    type: str  # "acme" | "ca" | "selfSigned" | "vault" | "venafi" | "unknown"
    location: Location
    acme_server: Setting[str] | None = None
    acme_email: Setting[str | None] | None = None
    acme_account_key: Setting[str | None] | None = None
    acme_skip_tls_verify: Setting[bool] | None = None

    @property
    def display(self) -> str:
        return (
            f"{self.kind} {self.namespace}/{self.name}"
            if self.namespace
            else (f"{self.kind} {self.name}")
        )


@dataclass(frozen=True)
class IngressHost:
    """A host an Ingress rule serves, and whether TLS for it is terminated before the
    controller (``force-ssl-redirect``, so no ``tls`` entry is needed)."""

    ingress: str  # "Ingress shop/web"
    namespace: str
    host: str
    location: Location
    offloaded: bool = False


@dataclass(frozen=True)
class MeshPolicy:
    """An Istio ``PeerAuthentication`` (inbound) or ``DestinationRule`` (outbound) TLS mode."""

    kind: str  # "PeerAuthentication" | "DestinationRule"
    name: str  # "<namespace>/<name>"
    scope: str  # "mesh-wide", "namespace shop", "workload app=api", "host api.shop.svc"…
    mode: Setting[str]  # PeerAuthentication: STRICT|PERMISSIVE|DISABLE|UNSET; DR: DISABLE|…
    location: Location
