"""Rule cases whose files are certificates and keys, written at test time.

The committed-fixture convention (tests/fixtures/rules/<ID>/<source>/fires*|passes*) cannot
hold certificates: they would expire, and committed keys are what TLS501 forbids. Each case
here builds the same kind of small repository in a temporary directory, relative to the fixed
NOW, and returns the (path, line) of every finding it expects; ``passes*`` cases expect none.
tests/rules/test_rule_fixtures.py runs them next to the committed fixtures.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.certfactory import (
    Issued,
    ec_key,
    intermediate_ca,
    leaf,
    make,
    openssl_sha1_leaf,
    root_ca,
    rsa_key,
    write,
)
from tests.helpers import NOW

Expected = set[tuple[str, int]]
Builder = Callable[[Path], Expected]


@dataclass(frozen=True)
class GeneratedCase:
    rule_id: str
    source: str
    name: str  # "fires…" or "passes…", as for committed fixtures
    build: Builder


CASES: list[GeneratedCase] = []


def case(rule_id: str, source: str, name: str) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        CASES.append(GeneratedCase(rule_id, source, name, build))
        return build

    return register


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def nginx(root: Path, body: str, server_name: str = "shop.example.com") -> Path:
    return write(
        root / "nginx" / "nginx.conf",
        "http {\n    server {\n        listen 443 ssl;\n"
        f"        server_name {server_name};\n{body}    }}\n}}\n",
    )


def chain(*issued: Issued) -> bytes:
    return b"".join(i.pem for i in issued)


def served(root: Path, cert_pem: bytes, server_name: str, key: Issued | None = None) -> Expected:
    """nginx serving tls/site.pem (and tls/site.key); the expectation is its ssl_certificate."""
    write(root / "tls" / "site.pem", cert_pem)
    body = "        ssl_certificate /etc/nginx/tls/site.pem;\n"
    if key is not None:
        write(root / "tls" / "site.key", key.key_pem(b"passphrase"))
        body += "        ssl_certificate_key /etc/nginx/tls/site.key;\n"
    conf = nginx(root, body, server_name)
    return {("nginx/nginx.conf", line_of(conf, "ssl_certificate /"))}


# -- TLS000 / TLS001 for certificate files ------------------------------------------------------


@case("TLS000", "certificates", "fires_truncated_pem")
def _(root: Path) -> Expected:
    pem = leaf().pem
    write(root / "tls" / "shop.pem", b"# shop certificate\n", pem[: len(pem) // 2])
    return {("tls/shop.pem", 2)}


@case("TLS000", "certificates", "fires_garbage_base64")
def _(root: Path) -> Expected:
    write(root / "tls" / "cert.crt", "-----BEGIN CERTIFICATE-----\nnot*base64!\n"
          "-----END CERTIFICATE-----\n")  # fmt: skip
    return {("tls/cert.crt", 1)}


@case("TLS000", "certificates", "fires_der_not_a_certificate")
def _(root: Path) -> Expected:
    write(root / "tls" / "cert.der", bytes.fromhex("3082000a020101") + os.urandom(64))
    return {("tls/cert.der", 0)}


@case("TLS000", "certificates", "fires_negative_serial")
def _(root: Path) -> Expected:
    # cryptography refuses to build it; openssl does.
    negative = root.parent / "negative.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", "/dev/null", "-subj", "/CN=neg.example.com", "-set_serial", "-5",
         "-days", "30", "-out", str(negative)],
        check=True, capture_output=True,
    )  # fmt: skip
    path = write(root / "tls" / "neg.pem", leaf().pem, negative.read_bytes())
    return {("tls/neg.pem", _nth_begin(path, 2))}


def _nth_begin(path: Path, n: int) -> int:
    lines = [i for i, t in enumerate(path.read_text().splitlines(), 1) if "-----BEGIN" in t]
    return lines[n - 1]


@case("TLS000", "certificates", "passes_valid_bundle")
def _(root: Path) -> Expected:
    write(root / "tls" / "fullchain.pem", chain(leaf(), intermediate_ca()))
    write(root / "tls" / "request.csr", "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n"
          "-----END CERTIFICATE REQUEST-----\n")  # fmt: skip
    return set()


@case("TLS001", "certificates", "fires_encrypted_pkcs12")
def _(root: Path) -> Expected:
    issued = leaf()
    data = pkcs12.serialize_key_and_certificates(
        b"shop", issued.key, issued.cert, None,
        serialization.BestAvailableEncryption(b"s3cret"),
    )  # fmt: skip
    write(root / "tls" / "shop.p12", data)
    return {("tls/shop.p12", 0)}


@case("TLS001", "certificates", "fires_20_mb_cert_pem")
def _(root: Path) -> Expected:
    write(root / "cert.pem", leaf().pem * (20 * 1024 * 1024 // len(leaf().pem) + 1))
    return {("cert.pem", 0)}


@case("TLS001", "certificates", "fires_key_symlink_out_of_root")
def _(root: Path) -> Expected:
    (root / "tls").mkdir()
    os.symlink("/etc/ssl/private/server.key", root / "tls" / "server.key")
    return {("tls/server.key", 0)}


@case("TLS001", "certificates", "passes_plain_files")
def _(root: Path) -> Expected:
    issued = leaf()
    data = pkcs12.serialize_key_and_certificates(
        b"shop", None, issued.cert, None, serialization.NoEncryption()
    )
    write(root / "tls" / "shop.p12", data)
    write(root / "tls" / "shop.pem", issued.pem)
    return set()


# -- lifecycle -------------------------------------------------------------------------------


def _single(root: Path, issued: Issued, name: str = "tls/shop.pem") -> Expected:
    write(root / name, b"# issued for the shop\n", issued.pem)
    return {(name, 2)}


@case("TLS401", "certificates", "fires_expired")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_before=100, days_after=-12))


@case("TLS401", "certificates", "passes_valid")
def _(root: Path) -> Expected:
    _single(root, leaf(days_after=1))
    return set()


@case("TLS402", "certificates", "fires_expiring_in_10_days")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_after=10))


@case("TLS402", "certificates", "passes_25_days_or_expired")
def _(root: Path) -> Expected:
    _single(root, leaf(days_after=25))
    _single(root, leaf("old.example.com", days_before=100, days_after=-1), "tls/old.pem")
    return set()


@case("TLS403", "certificates", "fires_expiring_in_25_days")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_after=25))


@case("TLS403", "certificates", "passes_10_or_40_days")
def _(root: Path) -> Expected:
    _single(root, leaf(days_after=10))
    _single(root, leaf("api.example.com", days_after=40), "tls/api.pem")
    return set()


@case("TLS404", "certificates", "fires_not_yet_valid")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_before=-5, days_after=85))


@case("TLS404", "certificates", "passes_valid")
def _(root: Path) -> Expected:
    _single(root, leaf(days_before=0))
    return set()


@case("TLS407", "certificates", "fires_5_year_leaf")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_before=10, days_after=5 * 365))


@case("TLS407", "certificates", "passes_short_leaf_root_and_private_ca")
def _(root: Path) -> Expected:
    _single(root, leaf(days_before=10, days_after=80))
    write(root / "ca" / "root.pem", root_ca().pem)  # a 9-year root: CAs are not leaves
    private_root = make("Corp Root", ca=True, days_after=4000, key=ec_key(500))
    write(root / "ca" / "corp-root.pem", private_root.pem)
    # 390 days under a declared private CA: within the default private limit of 398 days
    inner = make("db.corp.example", issuer=private_root, days_after=360)
    write(root / "tls" / "db.pem", inner.pem)
    write(root / ".tlslint.yaml", "certificates:\n  private_cas: [ca/corp-root.pem]\n")
    return set()


# CA/B Forum BR 6.3.2 (ballot SC-081v3): public leaves issued from 2026-03-15 may be valid for at
# most 200 days; NOW is 2026-06-01, so this one (issued 2026-05-22, 210 days) is over.
@case("TLS407", "certificates", "fires_over_200_days_issued_after_2026_03_15")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_before=10, days_after=200))


# Mozilla guideline 6.0, intermediate: maximum_certificate_lifespan 366 days; RFC 5280 4.1.2.5
# counts notAfter inside the period, so notAfter = notBefore + 366 days is 366 days and 1 second.
@case("TLS407", "certificates", "fires_one_second_over_mozilla_366_days")
def _(root: Path) -> Expected:
    return _single(root, leaf(days_before=365, days_after=1))


@case("TLS407", "certificates", "passes_exactly_366_days_issued_before_2026_03_15")
def _(root: Path) -> Expected:
    _single(root, leaf(days_before=365, days_after=1 - 1 / 86400))
    return set()


# Mozilla guideline 6.0, modern: maximum_certificate_lifespan 90 days.
@case("TLS407", "certificates", "fires_100_days_under_modern")
def _(root: Path) -> Expected:
    write(root / ".tlslint.yaml", "profile: modern\n")
    return _single(root, leaf("shop.example.com", key=ec_key(7), days_before=10, days_after=90))


# A private CA's leaves: 398 days by default (the longest any public leaf may have), or the
# organisation's private_max_certificate_lifetime_days.
@case("TLS407", "certificates", "fires_private_leaf_over_default_398_days")
def _(root: Path) -> Expected:
    private_root = make("Corp Root", ca=True, days_after=4000, key=ec_key(501))
    write(root / "ca" / "corp-root.pem", private_root.pem)
    inner = make("db.corp.example", issuer=private_root, days_before=30, days_after=5 * 365)
    write(root / "tls" / "db.pem", inner.pem)
    write(root / ".tlslint.yaml", "certificates:\n  private_cas: [ca/corp-root.pem]\n")
    return {("tls/db.pem", 1)}


@case("TLS407", "certificates", "passes_private_leaf_under_configured_limit")
def _(root: Path) -> Expected:
    private_root = make("Corp Root", ca=True, days_after=4000, key=ec_key(502))
    write(root / "ca" / "corp-root.pem", private_root.pem)
    inner = make("db.corp.example", issuer=private_root, days_before=30, days_after=700)
    write(root / "tls" / "db.pem", inner.pem)
    write(
        root / ".tlslint.yaml",
        "certificates:\n  private_cas: [ca/corp-root.pem]\n"
        "policy:\n  private_max_certificate_lifetime_days: 825\n",
    )
    return set()


# -- strength ------------------------------------------------------------------------------------


@case("TLS405", "certificates", "fires_rsa_1024")
def _(root: Path) -> Expected:
    return _single(root, leaf(key=rsa_key(1024)))


@case("TLS405", "certificates", "fires_dsa")
def _(root: Path) -> Expected:
    return _single(root, leaf(key=dsa.generate_private_key(2048)))


@case("TLS405", "certificates", "fires_unsupported_key_type")
def _(root: Path) -> Expected:
    der = leaf().cert.public_bytes(serialization.Encoding.DER)
    ec_public_key_oid = bytes.fromhex("06072a8648ce3d0201")
    assert der.count(ec_public_key_oid) == 1
    unknown = der.replace(ec_public_key_oid, bytes.fromhex("06072a8648ce3d0209"))
    write(root / "tls" / "odd.der", unknown)
    return {("tls/odd.der", 1)}


@case("TLS405", "certificates", "passes_p256_and_rsa_2048")
def _(root: Path) -> Expected:
    _single(root, leaf())
    _single(root, leaf("api.example.com", key=rsa_key(2048)), "tls/api.pem")
    return set()


@case("TLS406", "certificates", "fires_sha1_signed")
def _(root: Path) -> Expected:
    write(root / "tls" / "legacy.pem", b"# legacy\n", openssl_sha1_leaf(root.parent / "work"))
    return {("tls/legacy.pem", 2)}


@case("TLS406", "certificates", "passes_sha256_and_sha1_root")
def _(root: Path) -> Expected:
    _single(root, leaf())
    subprocess.run(
        ["openssl", "req", "-x509", "-sha1", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:P-256", "-nodes", "-keyout", "/dev/null", "-subj", "/CN=Old Root",
         "-days", "3650", "-out", str(root / "old-root.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return set()


@case("TLS408", "certificates", "fires_no_san")
def _(root: Path) -> Expected:
    return _single(root, leaf(sans=()))


@case("TLS408", "certificates", "passes_san_and_ca")
def _(root: Path) -> Expected:
    _single(root, leaf())
    write(root / "ca.pem", intermediate_ca().pem)
    return set()


# RFC 5280 4.2.1.6/4.2.1.12: a client certificate names a person by an rfc822Name SAN and is
# limited to clientAuth; it is not a server leaf (as `tlslint generate certs --client` makes).
@case("TLS408", "certificates", "passes_client_certificates_with_email_sans")
def _(root: Path) -> Expected:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    ca = intermediate_ca()
    for index, eku in enumerate((True, False)):
        key = ec_key(610 + index)
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "alice")]))
            .issuer_name(ca.cert.subject)
            .public_key(key.public_key())
            .serial_number(4200 + index)
            .not_valid_before(NOW - dt.timedelta(days=5))
            .not_valid_after(NOW + dt.timedelta(days=60))
            .add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name("alice@example.com")]),
                critical=False,
            )
        )
        if eku:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
            )
        cert = builder.sign(ca.key, hashes.SHA256())
        write(root / f"clients/alice-{index}.pem", cert.public_bytes(serialization.Encoding.PEM))
    return set()


# -- what endpoints serve ----------------------------------------------------------------------


@case("TLS409", "nginx", "fires_name_not_in_sans")
def _(root: Path) -> Expected:
    return served(root, chain(leaf(), intermediate_ca()), "shop.example.com api.example.com")


@case("TLS409", "nginx", "fires_wildcard_covers_one_label_only")
def _(root: Path) -> Expected:
    cert = leaf("*.example.com", sans=("*.example.com",))
    return served(root, chain(cert, intermediate_ca()), "example.com a.b.example.com")


@case("TLS409", "nginx", "passes_exact_and_wildcard")
def _(root: Path) -> Expected:
    cert = leaf("example.com", sans=("example.com", "*.example.com"))
    served(root, chain(cert, intermediate_ca()), "example.com shop.example.com .example.com")
    return set()


@case("TLS410", "certificates", "fires_misordered_chain")
def _(root: Path) -> Expected:
    path = write(root / "tls" / "fullchain.pem", chain(leaf(), root_ca(), intermediate_ca()))
    return {("tls/fullchain.pem", _nth_begin(path, 1))}


@case("TLS410", "certificates", "fires_missing_intermediate")
def _(root: Path) -> Expected:
    write(root / "ca" / "root.pem", root_ca().pem)
    write(root / "ca" / "intermediate.pem", intermediate_ca().pem)
    served(root, leaf().pem, "shop.example.com")
    return {("tls/site.pem", 1)}


@case("TLS410", "certificates", "fires_intermediate_first")
def _(root: Path) -> Expected:
    write(root / "tls" / "bundle.pem", chain(intermediate_ca(), leaf()))
    return {("tls/bundle.pem", 1)}


@case("TLS410", "certificates", "passes_complete_chains")
def _(root: Path) -> Expected:
    write(root / "tls" / "fullchain.pem", chain(leaf(), intermediate_ca()))
    write(root / "tls" / "withroot.pem", chain(leaf("api.example.com"), intermediate_ca(),
                                               root_ca()))  # fmt: skip
    write(root / "ca" / "root.pem", root_ca().pem)
    write(root / "tls" / "direct.pem", make("direct.example.com", issuer=root_ca()).pem)
    served(root, leaf("direct.example.com", issuer=root_ca()).pem, "direct.example.com")
    write(root / "ca" / "bundle.pem", chain(intermediate_ca(), root_ca()))  # a CA bundle
    return set()


@case("TLS411", "nginx", "fires_mismatched_key")
def _(root: Path) -> Expected:
    cert = leaf()
    other = Issued(cert.cert, ec_key(31))
    write(root / "tls" / "site.pem", chain(cert, intermediate_ca()))
    write(root / "tls" / "site.key", other.key_pem())
    conf = nginx(root, "        ssl_certificate /etc/nginx/tls/site.pem;\n"
                 "        ssl_certificate_key /etc/nginx/tls/site.key;\n")  # fmt: skip
    return {("nginx/nginx.conf", line_of(conf, "ssl_certificate_key"))}


@case("TLS411", "nginx", "passes_matching_and_encrypted_keys")
def _(root: Path) -> Expected:
    cert = leaf()
    write(root / "tls" / "site.pem", chain(cert, intermediate_ca()))
    write(root / "tls" / "site.key", cert.key_pem())
    other = leaf("api.example.com", key=rsa_key(2048))
    write(root / "tls" / "api.pem", other.pem)
    write(root / "tls" / "api.key", Issued(other.cert, ec_key(3)).key_pem(b"pass"))
    nginx(root, "        ssl_certificate /etc/nginx/tls/site.pem;\n"
          "        ssl_certificate_key /etc/nginx/tls/site.key;\n"
          "        ssl_certificate /etc/nginx/tls/api.pem;\n"
          "        ssl_certificate_key /etc/nginx/tls/api.key;\n")  # fmt: skip
    return set()


@case("TLS412", "nginx", "fires_self_signed_on_public_name")
def _(root: Path) -> Expected:
    return served(root, make("shop.example.com", key=ec_key(40)).pem, "shop.example.com")


@case("TLS412", "nginx", "passes_internal_names_and_private_ca")
def _(root: Path) -> Expected:
    served(root, make("localhost", key=ec_key(41)).pem, "localhost app.internal 10.0.0.8")
    own = make("admin.example.com", key=ec_key(42))
    write(root / "tls" / "admin.pem", own.pem)
    fingerprint = own.cert.fingerprint(hashes.SHA256()).hex(":")
    write(root / ".tlslint.yaml", f"certificates:\n  private_cas: ['{fingerprint}']\n")
    write(
        root / "nginx" / "conf.d" / "admin.conf",
        "server {\n    listen 443 ssl;\n"
        "    server_name admin.example.com;\n    ssl_certificate ../tls/admin.pem;\n}\n",
    )
    return set()


@case("TLS413", "nginx", "fires_ca_served_as_leaf")
def _(root: Path) -> Expected:
    ca_leaf = make(
        "shop.example.com", issuer=intermediate_ca(), ca=True, sans=("shop.example.com",)
    )
    return served(root, chain(ca_leaf, intermediate_ca()), "shop.example.com")


@case("TLS413", "nginx", "passes_leaf")
def _(root: Path) -> Expected:
    served(root, chain(leaf(), intermediate_ca()), "shop.example.com")
    return set()


# -- keys ----------------------------------------------------------------------------------------


@case("TLS501", "certificates", "fires_unencrypted_keys")
def _(root: Path) -> Expected:
    cert = leaf()
    write(root / "tls" / "shop.key", cert.key_pem())
    traditional = rsa_key(2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )  # fmt: skip
    write(root / "tls" / "both.pem", cert.pem, b"\n", traditional)
    openssh = ec_key(60).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )  # fmt: skip
    write(root / "deploy" / "id_ecdsa_key", openssh)
    store = pkcs12.serialize_key_and_certificates(
        b"shop",
        cert.key,
        cert.cert,
        None,
        serialization.NoEncryption(),
    )
    write(root / "tls" / "shop.pfx", store)
    return {
        ("tls/shop.key", 1),
        ("tls/both.pem", _nth_begin(root / "tls" / "both.pem", 2)),
        ("deploy/id_ecdsa_key", 1),
        ("tls/shop.pfx", 1),
    }


@case("TLS501", "certificates", "passes_encrypted_key_and_public_material")
def _(root: Path) -> Expected:
    cert = leaf()
    write(root / "tls" / "shop.key", cert.key_pem(b"a long passphrase"))
    write(root / "tls" / "shop.pem", cert.pem)
    public = (
        ec_key(0)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    write(root / "tls" / "shop.pub.pem", public)
    return set()


def _openssl_key(root: Path, name: str, *args: str) -> Path:
    plain = write(root / "plain.tmp", rsa_key(2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    out = root / name
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", *args, "-in", str(plain), "-out", str(out), "-passout", "pass:secret"],
        check=True, capture_output=True,
    )  # fmt: skip
    plain.unlink()
    return out


@case("TLS502", "certificates", "fires_weak_schemes")
def _(root: Path) -> Expected:
    _openssl_key(root, "tls/traditional.key", "rsa", "-des3", "-traditional")
    _openssl_key(root, "tls/pbes1.key", "pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES")
    _openssl_key(root, "tls/pbes2-des.key", "pkcs8", "-topk8", "-v2", "des3")
    return {("tls/traditional.key", 1), ("tls/pbes1.key", 1), ("tls/pbes2-des.key", 1)}


@case("TLS502", "certificates", "passes_pbes2_aes")
def _(root: Path) -> Expected:
    _openssl_key(root, "tls/modern.key", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-iter",
                 "600000")  # fmt: skip
    return set()


@case("TLS415", "nginx", "passes_certificate_in_the_repository")
def _(root: Path) -> Expected:
    served(root, chain(leaf(), intermediate_ca()), "shop.example.com")
    return set()
