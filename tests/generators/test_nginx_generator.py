"""`tlslint generate nginx`: the real nginx accepts and serves its output; tlslint passes it.

Variants target the nginx and OpenSSL installed here (Debian's), so `nginx -t` can judge them;
golden files (test_golden_generators.py) pin the exact text for other versions.
"""

from __future__ import annotations

import http.client
import ssl
import warnings
from pathlib import Path

import pytest

from tests.generating import (
    free_ports,
    installed_versions,
    lint_text,
    nginx_prefix,
    nginx_running,
    nginx_t,
    wait_for_port,
)
from tlslint.cli import main
from tlslint.generators import GeneratorError, generate
from tlslint.generators import certs as certs_generator


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A development CA with a server certificate for localhost and a client certificate."""
    directory = tmp_path_factory.mktemp("pki")
    bundle = certs_generator.generate(
        certs_generator.Options(
            names=("localhost", "127.0.0.1", "example.com", "www.example.com"),
            clients=("alice@example.com",),
        )
    )
    for file in bundle.files:
        (directory / file.name).write_text(file.content, encoding="ascii")
        (directory / file.name).chmod(file.mode)
    return directory


def versions() -> dict[str, str]:
    nginx, openssl = installed_versions()
    return {"nginx_version": nginx, "openssl_version": openssl}


def base(pki: Path, **extra: object) -> dict[str, object]:
    return {
        "domains": ["example.com", "www.example.com"],
        "cert": str(pki / "localhost.pem"),
        "key": str(pki / "localhost-key.pem"),
        **versions(),
        **extra,
    }


VARIANTS = {
    "intermediate": {},
    "modern": {"profile": "modern"},
    "old": {"profile": "old"},
    "mtls": {"client_ca": "{pki}/ca.pem", "verify_depth": 1},
    "ocsp": {"ocsp": True, "trusted_certificate": "{pki}/ca.pem", "resolver": "127.0.0.1"},
    "proxy": {"upstream": "https://localhost:9443", "upstream_ca": "{pki}/ca.pem"},
    "plain-upstream": {"upstream": "http://127.0.0.1:8080"},
    "preload-static": {"preload": True, "root": "/var/www/html"},
    "no-redirect": {"redirect": False},
    "no-http2": {"http2": False, "include_subdomains": False},
    "loopback-ports": {"listen": ["127.0.0.1", "::1"], "https_port": 8443, "http_port": 8080},
    "nginx-1.20-tickets": {"nginx_version": "1.20.2"},
    "nginx-1.12-without-tls13": {"nginx_version": "1.12.2"},
}


def variant(pki: Path, name: str) -> dict[str, object]:
    options = base(pki)
    for key, value in VARIANTS[name].items():
        options[key] = value.format(pki=pki) if isinstance(value, str) else value
    return options


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_nginx_accepts_every_variant(name: str, pki: Path, tmp_path: Path) -> None:
    site = generate("nginx", variant(pki, name))
    nginx_prefix(tmp_path, site)
    done = nginx_t(tmp_path)
    assert done.returncode == 0, site + done.stderr


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_variant_lints_clean_under_its_profile(name: str, pki: Path, tmp_path: Path) -> None:
    options = variant(pki, name)
    site = generate("nginx", options)
    profile = str(options.get("profile", "intermediate"))
    findings = lint_text(tmp_path, "site.conf", site, profile, str(options["nginx_version"]))
    rules = sorted(f.rule_id for f in findings)
    if name == "nginx-1.12-without-tls13":
        # nginx 1.12 cannot do TLS 1.3, which the profile asks for: the header says so.
        assert rules == ["TLS103"], findings
        assert "TLS103" in site
    else:
        assert rules == [], [f"{f.rule_id} {f.line}: {f.message}" for f in findings]


def test_version_facts_follow_the_mozilla_generator(pki: Path) -> None:
    def site(**extra: object) -> str:
        return generate("nginx", {**base(pki), **extra})

    assert "    http2 on;" in site(nginx_version="1.25.1")
    assert "listen 443 ssl http2;" in site(nginx_version="1.25.0")
    assert "http2" not in site(nginx_version="1.9.4")
    assert "ssl_session_tickets off;" in site(nginx_version="1.23.1")
    assert "ssl_session_tickets" not in site(nginx_version="1.23.2")
    assert "ssl_session_tickets" not in site(nginx_version="1.5.8")
    assert "X25519MLKEM768" in site(openssl_version="3.5.0")
    assert "X25519MLKEM768" not in site(openssl_version="3.4.1")
    assert "ssl_ecdh_curve prime256v1:secp384r1;" in site(openssl_version="1.0.2")
    assert "ssl_ecdh_curve prime256v1;" in site(nginx_version="1.10.3", openssl_version="1.0.2")
    assert "TLSv1.3" not in site(openssl_version="1.1.0").split("ssl_protocols")[1].split(";")[0]
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site(openssl_version="1.1.1")
    assert "@SECLEVEL=0:" in site(profile="old", openssl_version="3.0.0")
    assert "@SECLEVEL" not in site(profile="old", openssl_version="1.1.1")
    assert "ssl_ciphers" not in site(profile="modern")
    assert "#ssl_session_cache" in site(profile="modern")
    assert "return 308 https://$host$request_uri;" in site()
    assert 'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;' in (
        site()
    )
    http3 = site(nginx_version="1.25.1", http3=True)
    assert "listen 443 quic reuseport;" in http3 and "Alt-Svc" in http3
    # OCSP only when asked.
    assert "ssl_stapling on;" not in site()
    assert "ssl_stapling on;" in site(ocsp=True, trusted_certificate="/etc/ssl/chain.pem")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "modern", "--nginx-version", "1.10.3"], "TLS 1.3 only"),
        (["--profile", "modern", "--openssl-version", "1.0.2"], "OpenSSL 1.0.2 has no TLS 1.3"),
        (["--domain", "exa mple.com"], "not a valid DNS name"),
        (["--domain", "foo.*.example.com"], "wildcard is allowed only as the whole first label"),
        (["--domain=-bad.example.com"], "not a valid DNS name"),
        (["--hsts-max-age", "300"], "below the intermediate profile's minimum"),
        (["--preload", "--no-include-subdomains"], "--preload needs includeSubDomains"),
        (["--preload", "--no-redirect"], "--preload needs the HTTP->HTTPS redirect"),
        (["--ocsp"], "Let's Encrypt"),
        (["--ocsp", "--cert", "/c.pem", "--key", "/k.pem"], "--ocsp needs --trusted-certificate"),
        (["--cert", "/c.pem"], "give both --cert and --key"),
        (["--cert", "/my certs/c.pem", "--key", "/k.pem"], "characters nginx reads as syntax"),
        (["--http3", "--nginx-version", "1.24.0"], "HTTP/3 needs nginx 1.25.0"),
        (["--upstream", "ftp://files.internal"], "not an http:// or https:// URL"),
        (["--nginx-version", "latest"], "not a version number"),
        (["--listen", "localhost"], "not an IP address"),
        (["--verify-depth", "0", "--client-ca", "/ca.pem"], "not between 1 and 10"),
    ],
)
def test_bad_option_combinations_are_one_error_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    given = any(arg.startswith("--domain") for arg in args)
    argv = ["generate", "nginx", *([] if given else ["--domain", "example.com"])]
    code = main([*argv, *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tlslint: error: ") and message in err, err


def test_generator_errors_are_value_errors_not_tracebacks() -> None:
    with pytest.raises(GeneratorError, match="at least one --domain"):
        generate("nginx", {"domains": []})


def test_output_file_is_written_atomically(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "site.conf"
    assert main(["generate", "nginx", "-d", "example.com", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# nginx TLS configuration")
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["site.conf"]  # no temporary file left


# --- serving ----------------------------------------------------------------------------------

ACCEPTED = {
    "modern": {"TLSv1.3"},
    "intermediate": {"TLSv1.2", "TLSv1.3"},
    "old": {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"},
}
VERSIONS = {
    "TLSv1": ssl.TLSVersion.TLSv1,
    "TLSv1.1": ssl.TLSVersion.TLSv1_1,
    "TLSv1.2": ssl.TLSVersion.TLSv1_2,
    "TLSv1.3": ssl.TLSVersion.TLSv1_3,
}


def client(pki: Path, version: str) -> ssl.SSLContext:
    """A client that offers exactly one protocol version, whatever its own defaults say."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = VERSIONS[version]
        context.maximum_version = VERSIONS[version]
    # Level 0: the local OpenSSL 3 would otherwise refuse TLS 1.0/1.1 itself.
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    context.load_verify_locations(pki / "ca.pem")
    return context


def handshake(pki: Path, port: int, version: str) -> str | ssl.SSLError:
    import socket

    try:
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            client(pki, version).wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            return str(tls.version())
    except ssl.SSLError as exc:
        return exc


@pytest.mark.parametrize("profile", ["intermediate", "modern", "old"])
def test_served_config_speaks_the_profiles_protocols_sends_hsts_and_redirects(
    profile: str, pki: Path, tmp_path: Path
) -> None:
    https_port, http_port = free_ports(2)
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("hello\n", encoding="utf-8")
    site = generate(
        "nginx",
        base(
            pki,
            domains=["localhost"],
            profile=profile,
            listen=["127.0.0.1"],
            https_port=https_port,
            http_port=http_port,
            root=str(tmp_path / "www"),
        ),
    )
    nginx_prefix(tmp_path, site)
    assert nginx_t(tmp_path).returncode == 0
    with nginx_running(tmp_path):
        wait_for_port(https_port)
        wait_for_port(http_port)
        for version in ("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"):
            result = handshake(pki, https_port, version)
            if version in ACCEPTED[profile]:
                assert result == version, f"{version}: {result}"
            else:
                assert isinstance(result, ssl.SSLError), f"{version} was accepted"
                # The refusal is the server's (a protocol-version alert or no shared
                # version), not the client's own "no protocols available".
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


def test_served_mutual_tls_requires_a_client_certificate(pki: Path, tmp_path: Path) -> None:
    (https_port,) = free_ports(1)
    site = generate(
        "nginx",
        base(
            pki,
            domains=["localhost"],
            listen=["127.0.0.1"],
            https_port=https_port,
            redirect=False,
            client_ca=str(pki / "ca.pem"),
            root=str(tmp_path),
        ),
    )
    (tmp_path / "index.html").write_text("hello\n", encoding="utf-8")
    nginx_prefix(tmp_path / "prefix", site)
    with nginx_running(tmp_path / "prefix"):
        wait_for_port(https_port)
        anonymous = client(pki, "TLSv1.2")
        conn = http.client.HTTPSConnection("localhost", https_port, context=anonymous, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().status == 400  # "No required SSL certificate was sent"
        conn.close()
        alice = client(pki, "TLSv1.2")
        alice.load_cert_chain(
            pki / "alice@example.com-client.pem", pki / "alice@example.com-client-key.pem"
        )
        conn = http.client.HTTPSConnection("localhost", https_port, context=alice, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().status == 200
        conn.close()


def test_cli_round_trip_generate_then_check_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".tlslint.yaml").write_text(
        'profile: modern\nnginx:\n  version: "1.20.2"\n', encoding="utf-8"
    )
    site = tmp_path / "conf.d" / "example.conf"
    site.parent.mkdir()
    args = ["--profile", "modern", "-d", "example.com", "--nginx-version", "1.20.2"]
    assert main(["generate", "nginx", *args, "-o", str(site)]) == 0
    capsys.readouterr()
    code = main(["check", "--now", "2026-06-01", str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 0, out
    # Clean but for the evidence gap: certbot writes the certificate at deploy time.
    assert "1 finding (1 info) in 1 file under the modern profile" in out, out
    assert "TLS415 certificate /etc/letsencrypt/live/example.com/fullchain.pem" in out


def test_by_default_it_targets_the_installed_nginx_which_accepts_it(
    pki: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No version given: `nginx -V` decides (no `http2 on` or X25519MLKEM768 for an nginx or
    OpenSSL that refuse them), and the header names the target."""
    args = ["-d", "example.com", "--cert", str(pki / "localhost.pem")]
    assert main(["generate", "nginx", *args, "--key", str(pki / "localhost-key.pem")]) == 0
    site = capsys.readouterr().out
    nginx, openssl = installed_versions()
    assert f"# Target: the nginx installed here (`nginx -V`: nginx {nginx} with OpenSSL " in site
    assert f"for nginx {nginx} with OpenSSL {openssl}" in site
    nginx_prefix(tmp_path, site)
    done = nginx_t(tmp_path)
    assert done.returncode == 0, site + done.stderr


def test_without_an_installed_nginx_it_targets_the_newest_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tlslint.generators import target
    from tlslint.generators.nginx import DEFAULT_NGINX

    monkeypatch.setattr(target, "installed", lambda: None)
    assert main(["generate", "nginx", "-d", "example.com"]) == 0
    site = capsys.readouterr().out
    header = site.replace("\n# ", " ")
    assert (
        f"Target: no nginx is installed here, so the newest known, nginx {DEFAULT_NGINX}" in header
    )
    assert main(["generate", "nginx", "-d", "example.com", "--nginx-version", "1.20.2"]) == 0
    assert "Target: nginx 1.20.2 (--nginx-version)" in capsys.readouterr().out


def test_nginx_v_output_is_read_for_the_running_openssl() -> None:
    from tlslint.generators.target import parse_nginx_v

    text = (
        "nginx version: nginx/1.22.1\nbuilt with OpenSSL 3.0.11 19 Sep 2023 "
        "(running with OpenSSL 3.0.15 3 Sep 2024)\nTLS SNI support enabled\n"
    )
    assert parse_nginx_v(text) == ("1.22.1", "3.0.15")
    assert parse_nginx_v("nginx version: nginx/1.26.3\nbuilt with OpenSSL 3.5.1\n") == (
        "1.26.3",
        "3.5.1",
    )
    assert parse_nginx_v("command not found") is None
