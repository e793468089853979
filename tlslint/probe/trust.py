"""Whether a served chain leads to a trust anchor: the system store and any private CA.

Chains are built by signature (``signed_by`` of the certificates source), as the static check
does, and judged at the run's date (``--now``), so a test or an audit can fix the clock. The
result names the anchor, or what is missing: an intermediate the server should send, or an
issuer no configured store knows.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from tlslint.sources.certificates.parse import signed_by

SYSTEM_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
)


@dataclass
class Anchor:
    cert: x509.Certificate
    fingerprint: str
    where: str  # "the system store" or the private CA's file


@dataclass
class TrustStore:
    anchors: dict[str, list[Anchor]] = field(default_factory=dict)  # by subject (RFC 4514)
    private: set[str] = field(default_factory=set)  # fingerprints of private anchors
    fingerprints: set[str] = field(default_factory=set)  # fingerprints given without a file
    system: str = ""  # the system bundle read ("" when none)

    def add(self, cert: x509.Certificate, where: str, private: bool) -> None:
        fp = fingerprint(cert)
        self.anchors.setdefault(cert.subject.rfc4514_string(), []).append(Anchor(cert, fp, where))
        if private:
            self.private.add(fp)

    def issuer_of(self, cert: x509.Certificate) -> Anchor | None:
        for anchor in self.anchors.get(cert.issuer.rfc4514_string(), ()):
            if signed_by(cert, anchor.cert):
                return anchor
        return None

    def holds(self, cert: x509.Certificate) -> Anchor | None:
        fp = fingerprint(cert)
        for anchor in self.anchors.get(cert.subject.rfc4514_string(), ()):
            if anchor.fingerprint == fp:
                return anchor
        return None


@dataclass
class Trust:
    """The verdict on a served chain."""

    status: str  # "trusted" | "missing-intermediate" | "unknown-issuer" | "self-signed" | "none"
    anchor: str = ""  # where the anchor was found
    private: bool = False
    missing_issuer: str = ""  # the issuer the chain stops at
    detail: str = ""


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def load_store(private_cas: list[Path], fingerprints: set[str], system: bool = True) -> TrustStore:
    """The system bundle (unless ``system`` is False) plus the private CA files."""
    store = TrustStore(fingerprints=set(fingerprints))
    if system:
        for path in _system_bundles():
            try:
                data = Path(path).read_bytes()
            except OSError:
                continue
            for cert in _load(data):
                store.add(cert, "the system trust store", private=False)
            store.system = path
            break
    for ca_file in private_cas:
        for cert in _load(ca_file.read_bytes()):
            store.add(cert, f"the private CA {ca_file}", private=True)
    return store


def _system_bundles() -> list[str]:
    paths = ssl.get_default_verify_paths()
    found = [p for p in (paths.cafile, paths.openssl_cafile) if p]
    return [*found, *SYSTEM_BUNDLES]


def _load(data: bytes) -> list[x509.Certificate]:
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # old roots with negative serials
            return list(x509.load_pem_x509_certificates(data))
    except ValueError:
        try:
            return [x509.load_der_x509_certificate(data)]
        except ValueError:
            return []


def judge(chain: list[x509.Certificate], store: TrustStore) -> Trust:
    """Follow the served chain from the leaf, by signature, to an anchor."""
    if not chain:
        return Trust("none", detail="no certificate was served")
    current = chain[0]
    seen = {fingerprint(current)}
    while True:
        fp = fingerprint(current)
        held = store.holds(current)
        if held is not None or fp in store.fingerprints:
            where = held.where if held else "a private CA fingerprint"
            return Trust("trusted", where, private=fp in store.private or held is None)
        anchor = store.issuer_of(current)
        if anchor is not None:
            return Trust("trusted", anchor.where, private=anchor.fingerprint in store.private)
        nxt = next((c for c in chain if fingerprint(c) not in seen and signed_by(current, c)), None)
        if nxt is None:
            issuer = current.issuer.rfc4514_string()
            if current.issuer == current.subject and signed_by(current, current):
                status = "self-signed" if current is chain[0] else "unknown-issuer"
                return Trust(status, missing_issuer=issuer)
            is_ca = _is_ca(current)
            status = (
                "missing-intermediate" if not is_ca or current is chain[0] else "unknown-issuer"
            )
            return Trust(status, missing_issuer=issuer)
        seen.add(fingerprint(nxt))
        current = nxt


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False
