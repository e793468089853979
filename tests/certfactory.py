"""Certificates and keys made at test time, relative to the fixed NOW (tests/helpers.NOW).

Nothing certificate-shaped is committed to the repository, so nothing in it expires. The
cryptography package makes everything it can; the ``openssl`` command signs with SHA-1, which
cryptography refuses.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from tests.helpers import NOW

DAY = dt.timedelta(days=1)


@functools.cache
def ec_key(index: int = 0) -> ec.EllipticCurvePrivateKey:
    """A P-256 key; the index gives distinct, cached keys (key generation is slow for RSA)."""
    return ec.generate_private_key(ec.SECP256R1())


@functools.cache
def rsa_key(bits: int = 2048, index: int = 0) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@dataclass
class Issued:
    cert: x509.Certificate
    key: CertificateIssuerPrivateKeyTypes

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self, password: bytes | None = None) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make(
    cn: str,
    *,
    issuer: Issued | None = None,
    key: CertificateIssuerPrivateKeyTypes | None = None,
    sans: tuple[str, ...] | None = None,
    days_before: float = 30,
    days_after: float = 60,
    ca: bool = False,
    ocsp: str | None = None,
    serial: int | None = None,
    hash_algorithm: hashes.HashAlgorithm | None = None,
) -> Issued:
    """A certificate valid from NOW - days_before to NOW + days_after.

    ``sans`` defaults to (cn,) for leaves and () for CAs; an empty tuple on a leaf means no
    subjectAltName extension at all.
    """
    key = key or ec_key(hash(cn) % 1000)
    if sans is None:
        sans = () if ca else (cn,)
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(issuer.cert.subject if issuer else name(cn))
        .public_key(key.public_key())
        .serial_number(serial if serial is not None else x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=days_before))
        .not_valid_after(NOW + dt.timedelta(days=days_after))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if sans:
        entries: list[x509.GeneralName] = []
        for san in sans:
            try:
                entries.append(x509.IPAddress(ipaddress.ip_address(san)))
            except ValueError:
                entries.append(x509.DNSName(san))
        builder = builder.add_extension(x509.SubjectAlternativeName(entries), critical=False)
    if ocsp:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp)
                    )
                ]
            ),
            critical=False,
        )
    algorithm = (
        None
        if isinstance(signer_key, ed25519.Ed25519PrivateKey)
        else (hash_algorithm or hashes.SHA256())
    )
    cert = builder.sign(signer_key, algorithm)  # type: ignore[arg-type]
    return Issued(cert, key)


@functools.cache
def _pki() -> tuple[Issued, Issued]:
    root = make("Test Root CA", ca=True, days_before=400, days_after=3000, key=ec_key(901))
    intermediate = make(
        "Test Intermediate CA",
        issuer=root,
        ca=True,
        days_before=300,
        days_after=2000,
        key=ec_key(902),
    )
    return root, intermediate


def root_ca() -> Issued:
    return _pki()[0]


def intermediate_ca() -> Issued:
    return _pki()[1]


def leaf(cn: str = "shop.example.com", **kwargs: object) -> Issued:
    """A leaf issued by the test intermediate (unless ``issuer`` says otherwise)."""
    kwargs.setdefault("issuer", intermediate_ca())
    return make(cn, **kwargs)  # type: ignore[arg-type]


def write(path: Path, *parts: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(p.encode() if isinstance(p, str) else p for p in parts))
    return path


def openssl_sha1_leaf(directory: Path, cn: str = "legacy.example.com") -> bytes:
    """A leaf signed with SHA-1 by the test intermediate, made by ``openssl ca``."""
    work = directory / "openssl-ca"
    work.mkdir(parents=True, exist_ok=True)
    intermediate = intermediate_ca()
    (work / "ca.key").write_bytes(intermediate.key_pem())
    (work / "ca.pem").write_bytes(intermediate.pem)
    (work / "leaf.key").write_bytes(Issued(intermediate.cert, ec_key(77)).key_pem())
    (work / "index.txt").write_text("")
    (work / "serial").write_text("1001\n")
    (work / "ca.cnf").write_text(
        "[ca]\ndefault_ca = d\n"
        f"[d]\ndir = {work}\ndatabase = {work}/index.txt\nnew_certs_dir = {work}\n"
        f"serial = {work}/serial\ndefault_md = sha1\npolicy = p\nunique_subject = no\n"
        "[p]\ncommonName = supplied\n"
        f"[ext]\nbasicConstraints = critical,CA:FALSE\nsubjectAltName = DNS:{cn}\n"
    )

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=work)

    openssl("req", "-new", "-key", "leaf.key", "-subj", f"/CN={cn}", "-out", "leaf.csr")
    openssl(
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-in",
        "leaf.csr",
        "-cert",
        "ca.pem",
        "-keyfile",
        "ca.key",
        "-md",
        "sha1",
        "-extensions",
        "ext",
        "-notext",
        "-startdate",
        (NOW - 30 * DAY).strftime("%y%m%d%H%M%SZ"),
        "-enddate",
        (NOW + 60 * DAY).strftime("%y%m%d%H%M%SZ"),
        "-out",
        "leaf.pem",
    )
    data = (work / "leaf.pem").read_bytes()
    shutil.rmtree(work)
    return data


def _tlv(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 0x80:
        return bytes([tag, size]) + body
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + body


def _children(der: bytes) -> list[bytes]:
    out, i = [], 0
    while i < len(der):
        first, j = der[i + 1], i + 2
        size = first
        if first & 0x80:
            size = int.from_bytes(der[j : j + (first & 0x7F)], "big")
            j += first & 0x7F
        out.append(der[i : j + size])
        i = j + size
    return out


def with_empty_rdn(issued: Issued) -> bytes:
    """The certificate re-signed with an empty RDN appended to its subject: OpenSSL reads it
    (it skips the empty set), cryptography refuses it ("a relative distinguished name cannot
    be empty"). ``issued`` must be self-signed with an EC key."""
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    (certificate,) = _children(der)
    tbs, algorithm, _signature = _children(
        certificate[2 + (certificate[1] & 0x7F if certificate[1] & 0x80 else 0) :]
    )
    head = 2 + (tbs[1] & 0x7F if tbs[1] & 0x80 else 0)
    fields = _children(tbs[head:])
    subject = fields[5]
    sub_head = 2 + (subject[1] & 0x7F if subject[1] & 0x80 else 0)
    fields[5] = _tlv(0x30, subject[sub_head:] + _tlv(0x31, b""))
    new_tbs = _tlv(0x30, b"".join(fields))
    assert isinstance(issued.key, ec.EllipticCurvePrivateKey)
    signature = issued.key.sign(new_tbs, ec.ECDSA(hashes.SHA256()))
    return _tlv(0x30, new_tbs + algorithm + _tlv(0x03, b"\x00" + signature))
