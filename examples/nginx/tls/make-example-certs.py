"""Re-create the example certificates and keys in this directory (already committed).

Every certificate has fixed dates chosen so that the problem it demonstrates does not depend
on when tlslint runs: what should be valid is valid from 2025 to 2045, what should be expired
expired in 2024. The keys are throwaway keys made for this example and protect nothing; they
are committed on purpose, to show TLS501.

    python3 examples/nginx/tls/make-example-certs.py      (needs cryptography and openssl)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

HERE = Path(__file__).resolve().parent


def at(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.timezone.utc)


def name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(cn, key, issuer_name, issuer_key, start, end, *, ca=False, sans=None):
    sans = (cn,) if sans is None else sans
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if sans:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def key_pem(key, fmt=serialization.PrivateFormat.PKCS8) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())


def main() -> None:
    # A public-looking hierarchy: the root stays out of the repository, as public roots do.
    root_key = ec.generate_private_key(ec.SECP384R1())
    issuing_key = ec.generate_private_key(ec.SECP256R1())
    issuing = certificate(
        "Example Issuing CA R1", issuing_key, name("Example Root CA"), root_key,
        at(2025), at(2045), ca=True, sans=(),
    )
    (HERE / "intermediate.crt").write_bytes(pem(issuing))

    # shop: the leaf alone (intermediate missing), a name not covered, a 20-year lifetime,
    # and its key committed in clear.
    shop_key = ec.generate_private_key(ec.SECP256R1())
    shop = certificate(
        "www.shop.example.com", shop_key, issuing.subject, issuing_key, at(2025, 6), at(2045, 6)
    )
    (HERE / "shop.crt").write_bytes(pem(shop))
    (HERE / "shop.key").write_bytes(key_pem(shop_key))

    # api: RSA-1024, signed with SHA-1 (openssl: cryptography refuses), expired in 2024, and
    # configured with the key of another certificate.
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        api_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        (work / "api.key").write_bytes(key_pem(api_key))
        (work / "ca.key").write_bytes(key_pem(issuing_key))
        (work / "ca.pem").write_bytes(pem(issuing))
        (work / "index.txt").write_text("")
        (work / "serial").write_text("2a01\n")
        (work / "ca.cnf").write_text(
            f"[ca]\ndefault_ca = d\n[d]\ndir = {work}\ndatabase = {work}/index.txt\n"
            f"new_certs_dir = {work}\nserial = {work}/serial\ndefault_md = sha1\npolicy = p\n"
            "unique_subject = no\n[p]\ncommonName = supplied\n"
            "[ext]\nbasicConstraints = critical,CA:FALSE\nsubjectAltName = DNS:api.example.com\n"
        )
        run = lambda *args: subprocess.run(["openssl", *args], check=True, cwd=work)  # noqa: E731
        run("req", "-new", "-key", "api.key", "-subj", "/CN=api.example.com", "-out", "api.csr")
        run(
            "ca", "-batch", "-config", "ca.cnf", "-in", "api.csr", "-cert", "ca.pem",
            "-keyfile", "ca.key", "-md", "sha1", "-extensions", "ext", "-notext",
            "-startdate", "230101000000Z", "-enddate", "240101000000Z", "-out", "api.pem",
        )
        (HERE / "api.crt").write_bytes((work / "api.pem").read_bytes() + pem(issuing))
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (HERE / "api.key").write_bytes(key_pem(other_key, serialization.PrivateFormat.TraditionalOpenSSL))

    # partners: self-signed, no subjectAltName, key under OpenSSL's weak traditional encryption.
    partners_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    partners = certificate(
        "partners.example.com", partners_key, name("partners.example.com"), partners_key,
        at(2025), at(2045), sans=(),
    )
    (HERE / "partners.crt").write_bytes(pem(partners))
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.key"
        plain.write_bytes(key_pem(partners_key))
        subprocess.run(
            ["openssl", "rsa", "-in", str(plain), "-des3", "-traditional",
             "-passout", "pass:example", "-out", str(HERE / "partners.key")],
            check=True,
        )

    # The internal CA (declared in examples/.tlslint.yaml as private) and what it issues.
    internal_key = ec.generate_private_key(ec.SECP384R1())
    internal = certificate(
        "Example Internal Root CA", internal_key, name("Example Internal Root CA"), internal_key,
        at(2025), at(2045), ca=True, sans=(),
    )
    (HERE / "internal-ca.crt").write_bytes(pem(internal))
    admin_key = ec.generate_private_key(ec.SECP256R1())
    admin = certificate(
        "admin.internal.example.com", admin_key, internal.subject, internal_key, at(2025), at(2045)
    )
    (HERE / "admin.crt").write_bytes(pem(admin))
    clients_key = ec.generate_private_key(ec.SECP256R1())
    clients = certificate(
        "Example Client CA", clients_key, name("Example Client CA"), clients_key, at(2025),
        at(2045), ca=True, sans=(),
    )
    (HERE / "clients-ca.crt").write_bytes(pem(clients))


if __name__ == "__main__":
    main()
