"""`tlslint generate apache`: accepted by the real httpd (`apache2 -t`), served on loopback
with the profile's protocols, HSTS and redirect, shaped as Mozilla's generator
(ssl-config-generator ``src/js/helpers/apache.js``), and clean under tlslint's own rules."""

from __future__ import annotations

import contextlib
import http.client
import shutil
import ssl
import tempfile
from pathlib import Path

import pytest

from tests.generating import (
    apache_root,
    apache_running,
    apache_t,
    apache_versions,
    free_ports,
    wait_for_port,
)
from tests.generators.test_golden_generators import CASES, option, read_case
from tests.generators.test_nginx_generator import ACCEPTED, client, handshake
from tests.generators.test_nginx_generator import pki as pki
from tests.helpers import lint
from tlslint.cli import main
from tlslint.generators import GeneratorError, generate


def versions() -> dict[str, str]:
    httpd, openssl = apache_versions()
    return {"apache_version": httpd, "openssl_version": openssl}


def base(pki: Path, **extra: object) -> dict[str, object]:
    return {
        "domains": ["example.com", "www.example.com"],
        "cert": str(pki / "localhost.pem"),
        "key": str(pki / "localhost-key.pem"),
        **versions(),
        **extra,
    }


VARIANTS: dict[str, dict[str, object]] = {
    "intermediate": {},
    "modern": {"profile": "modern"},
    "old": {"profile": "old"},
    "mtls": {"client_ca": "{pki}/ca.pem", "verify_depth": 1},
    "ocsp": {"ocsp": True, "stapling_cache": "shmcb:run/ssl_stapling(32768)"},
    "preload": {"preload": True, "document_root": "/var/www/html"},
    "no-redirect": {"redirect": False},
    "no-http2": {"http2": False, "include_subdomains": False},
    "ports": {"https_port": 8443, "http_port": 8080},
}


def variant(pki: Path, name: str) -> dict[str, object]:
    options = base(pki)
    for key, value in VARIANTS[name].items():
        options[key] = value.format(pki=pki) if isinstance(value, str) else value
    return options


def lint_site(tmp: Path, text: str, profile: str, httpd: str, openssl: str) -> list[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "sites-available").mkdir(exist_ok=True)
    (tmp / "sites-available" / "site.conf").write_text(text, encoding="utf-8")
    (tmp / ".tlslint.yaml").write_text(
        f'profile: {profile}\napache:\n  version: "{httpd}"\n  openssl_version: "{openssl}"\n',
        encoding="utf-8",
    )
    return [
        f"{f.rule_id} {f.line}: {f.message}"
        for f in lint(tmp).findings
        if f.rule_id != "TLS415"  # the certificate is deployed with it, never committed
    ]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_httpd_accepts_every_variant(name: str, pki: Path, tmp_path: Path) -> None:
    site = generate("apache", variant(pki, name))
    apache_root(tmp_path, site)
    done = apache_t(tmp_path)
    assert done.returncode == 0, site + done.stderr


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_lints_clean_under_its_profile(name: str, pki: Path, tmp_path: Path) -> None:
    options = variant(pki, name)
    site = generate("apache", options)
    profile = str(options.get("profile", "intermediate"))
    found = lint_site(
        tmp_path, site, profile, str(options["apache_version"]), str(options["openssl_version"])
    )
    assert found == []


def test_version_facts_follow_the_mozilla_generator(pki: Path) -> None:
    def site(**extra: object) -> str:
        return str(generate("apache", {**base(pki), **extra}))

    current = site(apache_version="2.4.62", openssl_version="3.5.1")
    assert "SSLProtocol             -all +TLSv1.2 +TLSv1.3\n" in current
    assert "SSLOpenSSLConfCmd       Curves X25519MLKEM768:X25519:prime256v1:secp384r1\n" in current
    assert "SSLCipherSuite          TLSv1.3 " in current
    assert "SSLHonorCipherOrder     off\n" in current
    assert "SSLSessionTickets       off\n" in current
    assert "Protocols h2 http/1.1" in current
    assert "[R=308,QSA,L]" in current
    assert "RewriteCond %{REQUEST_URI} !^/\\.well\\-known/acme\\-challenge/" in current
    hsts = 'Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"'
    assert hsts in current
    # OpenSSL before 3.5 has no ML-KEM hybrid.
    assert "Curves X25519:prime256v1:secp384r1\n" in site(openssl_version="3.0.15")
    # httpd before 2.4.36: no TLS 1.3, and no TLSv1.3 cipher form.
    older = site(apache_version="2.4.35")
    assert "+TLSv1.3" not in older and "TLSv1.3 TLS_" not in older and "TLS103" in older
    # Before 2.4.17 no HTTP/2; before 2.4.11 no Curves and no SSLSessionTickets.
    assert "Protocols h2" not in site(apache_version="2.4.16")
    older = site(apache_version="2.4.10")
    assert "SSLOpenSSLConfCmd" not in older and "SSLSessionTickets" not in older
    # Before 2.4.8 the intermediates go in SSLCertificateChainFile.
    oldest = site(apache_version="2.4.7", chain="/etc/ssl/chain.pem")
    assert "SSLCertificateChainFile /etc/ssl/chain.pem" in oldest
    # The old profile on OpenSSL 3 lowers the security level, as Mozilla's generator does.
    assert "SSLCipherSuite          @SECLEVEL=0:" in site(profile="old", openssl_version="3.0.2")
    with pytest.raises(GeneratorError, match=r"TLS 1\.3 only"):
        site(profile="modern", apache_version="2.4.35")


@pytest.mark.parametrize(
    "args",
    [
        ["--hsts-max-age", "60"],
        ["--apache-version", "2.4.7"],
        ["--ocsp"],
        ["--chain", "/etc/ssl/chain.pem"],
        ["--https-port", "80", "--http-port", "80"],
    ],
)
def test_bad_option_combinations_are_one_error_line_and_exit_2(args: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["generate", "apache", "-d", "example.com", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tlslint: error: ") and err.count("\n") == 1


@pytest.mark.parametrize("profile", ["intermediate", "modern", "old"])
def test_served_site_speaks_the_profiles_protocols_sends_hsts_and_redirects(
    profile: str, pki: Path, tmp_path: Path
) -> None:
    https_port, http_port = free_ports(2)
    # httpd's workers run as www-data where tests run as root: the pages must be readable.
    www = Path(tempfile.mkdtemp(prefix="tlslint-www-"))
    www.chmod(0o755)
    (www / "index.html").write_text("hello\n", encoding="utf-8")
    (www / "index.html").chmod(0o644)
    site = generate(
        "apache",
        base(
            pki,
            domains=["localhost"],
            profile=profile,
            https_port=https_port,
            http_port=http_port,
            document_root=str(www),
        ),
    )
    site += f'<Directory "{www}">\n    Require all granted\n</Directory>\n'
    root = tmp_path / "root"
    apache_root(root, site, [f"127.0.0.1:{https_port}", f"127.0.0.1:{http_port}"])
    assert apache_t(root).returncode == 0
    with apache_running(root), contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, www, True)
        wait_for_port(https_port)
        wait_for_port(http_port)
        for version in ("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"):
            result = handshake(pki, https_port, version)
            if version in ACCEPTED[profile]:
                assert result == version, f"{version}: {result}"
            else:
                assert isinstance(result, ssl.SSLError), f"{version} was accepted"
                assert "NO_PROTOCOLS_AVAILABLE" not in str(result), result

        context = client(pki, "TLSv1.3" if profile == "modern" else "TLSv1.2")
        for path, status in (("/", 200), ("/missing", 404)):
            conn = http.client.HTTPSConnection("localhost", https_port, context=context, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.status == status
            assert response.getheader("Strict-Transport-Security") == (
                "max-age=63072000; includeSubDomains"
            )
            conn.close()

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
        plain.request("GET", "/path?q=1", headers={"Host": "localhost"})
        response = plain.getresponse()
        assert response.status == 308
        assert response.getheader("Location") == f"https://localhost:{https_port}/path?q=1"
        plain.close()


GOLDEN_APACHE = sorted(c for c in CASES if read_case(c)[0][:2] == ["generate", "apache"])


@pytest.mark.parametrize("case", GOLDEN_APACHE, ids=[c.stem for c in GOLDEN_APACHE])
def test_golden_apache_sites_lint_clean(case: Path, tmp_path: Path) -> None:
    args, expected = read_case(case)
    profile = option(args, "--profile", "intermediate")
    httpd = option(args, "--apache-version", "2.4.62")
    openssl = option(args, "--openssl-version", "3.5.1")
    found = lint_site(tmp_path, expected, profile, httpd, openssl)
    if "TLS103" in expected.split("<VirtualHost")[0]:  # the header warns: no TLS 1.3 here
        assert [f.split()[0] for f in found] == ["TLS103"], found
    else:
        assert found == []
