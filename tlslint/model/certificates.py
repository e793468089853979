"""Certificates and keys in the model: parsed by the certificates source (files, and material
embedded in Secrets and Terraform) and published as CERTIFICATES and PRIVATE_KEYS, with the
names each certificate covers (CERTIFICATE_NAMES) and the embedded material other sources find
(EMBEDDED_PEM); the kinds are declared in :mod:`tlslint.model`. Rules over them take that kind
as their subject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tlslint.model import Location


@dataclass(frozen=True)
class EmbeddedPem:
    """Certificate or key material found inside another file (a Secret, a Terraform heredoc).

    Sources that find it publish it in ``EMBEDDED_PEM``; the certificates
    source parses it like a file, so every certificate rule applies.
    """

    path: str
    line: int
    data: bytes  # PEM text, or DER
    origin: str  # for messages: "Secret shop/web-tls, key tls.crt"
    key: str  # cross-reference key, e.g. "secret:shop/web-tls"
    role: str  # "certificate" | "key" | "ca"
    # Already parsed where it was found (its certificates and keys are in the model): the
    # work then ran in parallel units rather than in the serial link step.
    parsed: bool = False


@dataclass(frozen=True)
class CertificateNames:
    """The names a certificate (or a managed certificate request) covers, by reference key.

    Published in ``CERTIFICATE_NAMES`` by the certificates source (X.509 SANs)
    and the Kubernetes source (cert-manager ``dnsNames``), read by the hostname-coverage rule.
    """

    key: str
    names: tuple[str, ...]
    description: str  # "SANs of deploy/tls/shop.crt" / "Certificate shop/web dnsNames"
    location: Location


@dataclass(frozen=True, eq=False)
class Certificate:
    """One parsed X.509 certificate and where it sits.

    ``line`` is the line of its PEM block (or of the Secret key / heredoc that carries it);
    ``position`` its 0-based place in its bundle, which keeps its order. The ``issuer_*``,
    ``served_by`` and ``private`` fields are filled by the link step, which sees every
    certificate of the repository and every endpoint.
    """

    path: str
    line: int
    position: int
    bundle_size: int
    key: str  # cross-reference key of its bundle: "file:<path>" or "secret:<ns>/<name>"
    container: str  # "PEM", "DER", "PKCS#7", "PKCS#12"
    origin: str  # "" for a file; "Secret shop/web-tls, key tls.crt" for embedded material
    role: str  # "certificate" | "ca" (embedded ca.crt) — files are "certificate"
    subject: str
    common_name: str
    issuer: str
    serial: str  # hex, without leading zeros
    not_before: dt.datetime
    not_after: dt.datetime
    key_type: str  # "RSA", "EC", "Ed25519", "Ed448", "DSA", or "unsupported (<oid>)"
    key_size: int  # bits; 0 when unknown
    curve: str | None  # EC curve name (secp256r1…), else None
    signature_algorithm: str  # "sha256WithRSAEncryption", "ed25519", …
    signature_hash: str | None  # "sha256", "sha1", "md5"; None when the scheme has none
    is_ca: bool
    self_signed: bool  # subject == issuer and its own key verifies its signature
    dns_names: tuple[str, ...]
    ip_addresses: tuple[str, ...]
    uris: tuple[str, ...]
    has_san: bool
    ocsp_urls: tuple[str, ...]
    ca_issuer_urls: tuple[str, ...]
    fingerprint_sha256: str  # lowercase hex, no separators
    public_key_sha256: str | None  # of the SubjectPublicKeyInfo; pairs keys and certificates
    # Positions in the same bundle whose certificate signed this one.
    issuer_positions: tuple[int, ...] = ()
    # Key identifiers (hex, "" when absent): the issuer search matches them before any
    # signature check.
    authority_key_id: str = ""
    subject_key_id: str = ""
    # Set by link: an issuer found elsewhere in the repository ("path:line"), whether that
    # issuer (or this certificate) is a self-signed root (true from parsing for a self-signed
    # certificate), and the chain's private-CA status.
    issuer_elsewhere: str = ""
    issuer_is_root: bool = False
    private: bool = False
    served_by: tuple[str, ...] = ()
    der: bytes = field(default=b"", repr=False, compare=False)
    emails: tuple[str, ...] = ()  # rfc822Name SANs
    # False when an extendedKeyUsage extension leaves out serverAuth (a client certificate)
    server_auth: bool = True
    # Set when cryptography could not decode the whole certificate: what was read came from
    # the DER fields directly, and what could not be is named here.
    partial: str = ""

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def label(self) -> str:
        """For messages: the subject's CN, else the whole subject."""
        return self.common_name or self.subject or "(empty subject)"

    @property
    def where(self) -> str:
        """'tls/shop.crt' or 'Secret shop/web-tls, key tls.crt', plus the bundle position."""
        place = self.origin or self.path
        if self.bundle_size > 1:
            place += f" (certificate {self.position + 1} of {self.bundle_size})"
        return place

    @property
    def lifetime_days(self) -> int:
        return (self.not_after - self.not_before).days

    @property
    def validity_seconds(self) -> int:
        """RFC 5280 4.1.2.5: the period runs from notBefore through notAfter, both included."""
        return int((self.not_after - self.not_before).total_seconds()) + 1

    @property
    def names(self) -> tuple[str, ...]:
        return self.dns_names + self.ip_addresses

    def days_left(self, now: dt.datetime) -> int:
        """Whole days until not-after (negative once expired)."""
        return (self.not_after - now) // dt.timedelta(days=1)


@dataclass(frozen=True, eq=False)
class PrivateKey:
    """A private key found in the repository: its kind, never its content."""

    path: str
    line: int
    key: str  # cross-reference key: "file:<path>" or "secret:<ns>/<name>"
    origin: str  # "" for a file; "Secret shop/web-tls, key tls.key" for embedded material
    pem_type: str  # "PRIVATE KEY", "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PKCS#12", "DER"
    key_type: str  # "RSA", "EC", "Ed25519", …, or "unknown" (encrypted or unsupported)
    key_size: int  # bits; 0 when unknown
    encrypted: bool
    # How it is encrypted ("PBES2 with PBKDF2 and AES-256-CBC", "DES-EDE3-CBC (OpenSSL
    # traditional)"), and why that scheme is weak ("" when it is not).
    encryption: str = ""
    weakness: str = ""
    public_key_sha256: str | None = None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line)

    @property
    def where(self) -> str:
        return self.origin or self.path
