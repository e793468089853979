"""Issuing policies: what an issuer may issue, whatever product writes it down.

A CFSSL signing profile, a Vault PKI role (or root / intermediate CA) in Terraform, a
cert-manager Vault issuer and a certbot renewal configuration each say which keys, lifetimes,
names and usages the certificates they issue may have. Their sources translate that into one
:class:`IssuingPolicy`, published in ``model.objects["issuing_policies"]``, so the key
strength (TLS405), lifetime (TLS407) and name restriction (TLS414) rules are written once.

A field left ``None`` means the product cannot say it (or leaves it to the requester), so the
rule about it does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from tlslint.model import ISSUING_POLICIES, Location, Setting

# EC key sizes as products write them, to the curve names certificates carry.
EC_CURVES = {224: "secp224r1", 256: "secp256r1", 384: "secp384r1", 521: "secp521r1"}


@dataclass(frozen=True)
class PolicyKey:
    """The key a policy issues certificates for: type "RSA", "EC", "Ed25519" or "DSA", the
    size in bits (RSA, DSA; 0 when unknown) and the EC curve name (``secp256r1``)."""

    type: str
    size: int = 0
    curve: str | None = None

    @classmethod
    def ec(cls, bits: int) -> PolicyKey:
        return cls("EC", bits, EC_CURVES.get(bits, f"EC-{bits}"))


@dataclass(frozen=True)
class IssuingPolicy:
    """What one issuer (role, profile, CA, renewal) may issue.

    ``allowed_names`` holds glob patterns (``*`` matches within and across labels, as Vault's
    ``allow_glob_domains`` and CFSSL-derived patterns are translated); its value is ``None``
    when the issuer signs any name it is asked for (Vault's ``allow_any_name``, a CFSSL
    profile with no ``name_whitelist``, Vault's ``sign-verbatim``), and the field itself is
    ``None`` when names are not the issuer's to restrict (a public ACME CA validates them).
    ``max_lifetime`` is in seconds.
    """

    source: str  # "cfssl" | "terraform" | "kubernetes" | "renewal"
    kind: str  # for messages: "CFSSL signing profile", "Vault PKI role", …
    name: str  # "vault_pki_secret_backend_role.web", "CFSSL profile server (pki/ca.json)"
    location: Location
    issues_ca: bool = False  # a CA certificate (root, intermediate, a CA profile)
    key: Setting[PolicyKey] | None = None
    max_lifetime: Setting[int] | None = None
    allowed_names: Setting[tuple[str, ...] | None] | None = None
    server_auth: bool = True  # may issue certificates for TLS servers
    usages: tuple[str, ...] = ()
    # Why the names are not checked as host names (Vault's enforce_hostnames = false), "".
    hostnames_unchecked: str = ""
    # A request for one certificate (a CFSSL CSR, a certbot lineage): its key is its own.
    is_request: bool = False
    # How to restrict names in this product's terms, for the finding's remediation.
    names_remedy: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


def bare_wildcard(pattern: str) -> bool:
    """A glob with no literal label (``*``, ``*.*``, ``**``): it matches any name."""
    labels = pattern.strip().split(".")
    return all(label and set(label) <= {"*"} for label in labels)


def parse_duration(text: str) -> int | None:
    """Seconds in a Go duration (``8760h``, ``90m``, ``1h30m``), a Vault duration (``30d``,
    ``720h``, ``3600``, ``3600s``), or None when it is neither."""
    import re

    text = text.strip()
    if text.isdigit():
        return int(text)
    units = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return int(sum(float(n) * units[u] for n, u in parts))


# The kind sources publish issuing policies under (rules TLS405, TLS407, TLS414 read it),
# declared with the others (rules name it without importing this module).
KIND = ISSUING_POLICIES
