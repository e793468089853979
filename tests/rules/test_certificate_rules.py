"""Each certificate problem gives exactly its own finding, at its file and line, at NOW.

Every rule runs here (not one selected rule as in the fixture cases), so a problem that
would also trip a neighbouring rule — an expiry that looks like a lifetime problem, a chain
check that fires on a lone leaf — shows up. Findings about the nginx settings themselves
(protocols, ciphers, HSTS…) are not this file's concern and are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.certfactory import (
    Issued,
    ec_key,
    intermediate_ca,
    leaf,
    openssl_sha1_leaf,
    root_ca,
    rsa_key,
    write,
)
from tests.helpers import lint
from tests.rules.certificate_cases import line_of, nginx

Built = set[tuple[str, str, int]]


def lone(rule_id: str | None, **kwargs: object) -> Callable[[Path], Built]:
    def build(root: Path) -> Built:
        write(root / "tls" / "shop.pem", b"# shop.example.com\n", leaf(**kwargs).pem)  # type: ignore[arg-type]
        return {(rule_id, "tls/shop.pem", 2)} if rule_id else set()

    return build


def sha1(root: Path) -> Built:
    write(root / "tls" / "legacy.pem", openssl_sha1_leaf(root.parent / "work"))
    return {("TLS406", "tls/legacy.pem", 1)}


def served(root: Path, pem: bytes, names: str, key: Issued | None = None) -> Path:
    write(root / "tls" / "site.pem", pem)
    body = "        ssl_certificate /etc/nginx/tls/site.pem;\n"
    if key is not None:
        write(root / "tls" / "site.key", key.key_pem())
        body += "        ssl_certificate_key /etc/nginx/tls/site.key;\n"
    return nginx(root, body, names)


def wildcard(root: Path) -> Built:
    cert = leaf("*.example.com", sans=("*.example.com",))
    conf = served(root, cert.pem + intermediate_ca().pem, "shop.example.com a.b.example.com")
    return {("TLS409", "nginx/nginx.conf", line_of(conf, "ssl_certificate "))}


def wildcard_ok(root: Path) -> Built:
    cert = leaf("*.example.com", sans=("*.example.com",))
    served(root, cert.pem + intermediate_ca().pem, "shop.example.com api.example.com")
    return set()


def misordered(root: Path) -> Built:
    write(root / "tls" / "fullchain.pem", leaf().pem + root_ca().pem + intermediate_ca().pem)
    return {("TLS410", "tls/fullchain.pem", 1)}


def missing_intermediate(root: Path) -> Built:
    served(root, leaf().pem, "shop.example.com")
    return {("TLS410", "tls/site.pem", 1)}


def mismatched_key(root: Path) -> Built:
    cert = leaf()
    conf = served(root, cert.pem + intermediate_ca().pem, "shop.example.com",
                  key=Issued(cert.cert, ec_key(99)))  # fmt: skip
    return {
        ("TLS411", "nginx/nginx.conf", line_of(conf, "ssl_certificate_key")),
        ("TLS501", "tls/site.key", 1),  # the key is committed, too
    }


def healthy(root: Path) -> Built:
    cert = leaf(sans=("shop.example.com", "www.shop.example.com"))
    served(root, cert.pem + intermediate_ca().pem, "shop.example.com www.shop.example.com")
    return set()


PROBLEMS: dict[str, Callable[[Path], Built]] = {
    "expired": lone("TLS401", days_before=100, days_after=-12),
    "expiring in 10 days": lone("TLS402", days_after=10),
    "expiring in 25 days": lone("TLS403", days_after=25),
    "not yet valid": lone("TLS404", days_before=-5, days_after=85),
    "RSA-1024": lone("TLS405", key=rsa_key(1024)),
    "SHA-1 signed": sha1,
    "5-year leaf": lone("TLS407", days_before=10, days_after=5 * 365),
    "no SAN": lone("TLS408", sans=()),
    "wildcard covers one label": wildcard,
    "wildcard covering every name": wildcard_ok,
    "misordered chain": misordered,
    "missing intermediate": missing_intermediate,
    "mismatched key": mismatched_key,
    "valid 90-day leaf": lone(None),
    "healthy served chain": healthy,
}


@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_each_problem_gives_exactly_its_finding(tmp_path: Path, problem: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    expected = PROBLEMS[problem](root)
    result = lint(root)
    found = {
        (f.rule_id, f.path, f.line)
        for f in result.findings
        if f.rule_id[:4] in ("TLS4", "TLS5") or f.rule_id in ("TLS000", "TLS001")
    }
    assert found == expected, [f"{f.rule_id} {f.message}" for f in result.findings]


def test_thresholds_come_from_the_policy(tmp_path: Path) -> None:
    write(
        tmp_path / ".tlslint.yaml",
        "policy:\n  rsa_key_size: 3072\n  expiry_error_days: 7\n  expiry_warning_days: 60\n"
        "  certificate_key_curves: [secp384r1]\n  private_max_certificate_lifetime_days: 825\n"
        "certificates:\n  private_cas: [ca/corp.pem]\n",
    )
    corp = leaf("Corp Root", issuer=None, ca=True, days_after=4000, key=ec_key(300))
    write(tmp_path / "ca" / "corp.pem", corp.pem)
    write(tmp_path / "rsa.pem", leaf("rsa.example.com", key=rsa_key(2048)).pem)
    write(tmp_path / "soon.pem", leaf("soon.example.com", days_after=10).pem)
    write(tmp_path / "inner.pem", leaf("db.corp.example", issuer=corp, days_after=1000).pem)
    write(tmp_path / "ok.pem", leaf("ok.corp.example", issuer=corp, days_after=700).pem)
    found = {(f.rule_id, f.path) for f in lint(tmp_path).findings}
    assert found == {
        ("TLS405", "rsa.pem"),  # 2048 < 3072
        ("TLS405", "soon.pem"),  # P-256 is not secp384r1
        ("TLS405", "inner.pem"),
        ("TLS405", "ok.pem"),
        ("TLS405", "ca/corp.pem"),
        ("TLS403", "soon.pem"),  # 10 days: outside the 7-day error window, inside 60
        ("TLS407", "inner.pem"),  # 1030 days > the 825 allowed under the private CA
    }


@pytest.mark.parametrize(
    ("names", "host", "covered"),
    [
        (("shop.example.com",), "SHOP.example.com.", True),
        (("*.example.com",), "shop.example.com", True),
        (("*.example.com",), "example.com", False),
        (("*.example.com",), "a.b.example.com", False),
        (("*.example.com",), "*.example.com", True),
        (("shop.example.com",), "*.example.com", False),
        (("w*.example.com",), "www.example.com", False),  # partial wildcards are not honoured
        (("192.0.2.7",), "192.0.2.7", True),
        (("shop.example.com",), "192.0.2.7", False),
        (("xn--bcher-kva.example",), "bücher.example", True),
    ],
)
def test_host_names_match_as_rfc_6125_says(
    names: tuple[str, ...], host: str, covered: bool
) -> None:
    from tlslint.rules.certificates.serving import covers

    assert covers(names, host) is covered


def test_a_missing_intermediate_is_named_with_where_to_get_it(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import AuthorityInformationAccessOID

    issued = leaf()
    aia = x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier("http://ca.example.net/issuing.der"),
            )
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(issued.cert.subject)
        .issuer_name(issued.cert.issuer)
        .public_key(issued.cert.public_key())
        .serial_number(issued.cert.serial_number)
        .not_valid_before(issued.cert.not_valid_before_utc)
        .not_valid_after(issued.cert.not_valid_after_utc)
        .add_extension(aia, critical=False)
    )
    cert = builder.sign(intermediate_ca().key, hashes.SHA256())
    served(tmp_path, Issued(cert, issued.key).pem, "shop.example.com")
    (finding,) = [f for f in lint(tmp_path).findings if f.rule_id == "TLS410"]
    assert "CN=Test Intermediate CA" in finding.message
    assert "http://ca.example.net/issuing.der" in finding.message
    assert finding.endpoint == "server shop.example.com:443"
