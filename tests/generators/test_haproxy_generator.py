"""``tlslint generate haproxy``: Mozilla's HAProxy configuration, accepted by the real
``haproxy -c``, clean under its own profile, and served on loopback to a real TLS client."""

from __future__ import annotations

import contextlib
import http.server
import re
import shutil
import signal
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import certfactory
from tests.generating import free_ports, wait_for_port
from tests.helpers import lint
from tlslint.generators import GeneratorError, generate

# (profile, HAProxy, OpenSSL): each target version branch of Mozilla's helper.
TARGETS = [
    (profile, haproxy, openssl)
    for profile in ("modern", "intermediate", "old")
    for haproxy, openssl in (("2.6.12", "3.0.15"), ("2.0.33", "1.1.1"), ("1.8.30", "1.1.1"))
]


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found is None:
        pytest.skip("haproxy is not installed (CI installs it: apt-get install haproxy)")
    return found


@pytest.fixture(scope="module")
def crt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crt file as HAProxy wants it: leaf, intermediate, then the private key."""
    leaf = certfactory.leaf("localhost")
    path = tmp_path_factory.mktemp("crt") / "site.pem"
    certfactory.write(path, leaf.pem, certfactory.intermediate_ca().pem, leaf.key_pem())
    return path


def _options(
    profile: str, haproxy: str, openssl: str, crt: Path, **extra: object
) -> dict[str, object]:
    return {
        "profile": profile,
        "haproxy_version": haproxy,
        "openssl_version": openssl,
        "cert": str(crt),
        **extra,
    }


def body(text: object) -> str:
    """The configuration without its header comment."""
    return str(text).split("\nglobal\n", 1)[1]


def haproxy_check(config: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "haproxy.cfg"
    path.write_text(config, encoding="utf-8")
    return subprocess.run(
        [haproxy_binary(), "-c", "-f", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("profile", "haproxy", "openssl"), TARGETS)
def test_every_profile_and_target_lints_clean_and_follows_mozilla(
    profile: str, haproxy: str, openssl: str, crt: Path, tmp_path: Path
) -> None:
    text = generate("haproxy", _options(profile, haproxy, openssl, crt))
    assert isinstance(text, str)
    lines = text.splitlines()
    options = next(line.split(None, 1)[1] for line in lines if "ssl-default-bind-options" in line)
    if haproxy >= "2.2":
        assert (
            "ssl-min-ver TLSv1.2" in options
            or "ssl-min-ver TLSv1.3" in options
            or "ssl-min-ver TLSv1.0" in options
        )
    else:
        assert "no-sslv3" in options and "ssl-min-ver" not in options
    assert options.endswith("no-tls-tickets")
    assert ("prefer-client-ciphers" in options) == (profile != "old")
    # ciphersuites from HAProxy 1.9 (TLS 1.3 itself from 1.8 with OpenSSL 1.1.1)
    assert ("ssl-default-bind-ciphersuites" in text) == (haproxy != "1.8.30")
    assert ("ssl-default-bind-ciphers " in text) == (profile != "modern")
    assert "http-response set-header Strict-Transport-Security max-age=63072000" in text
    assert "redirect scheme https code 308 if !{ ssl_fc }" in text
    assert "alpn h2,http/1.1" in text
    (tmp_path / "haproxy.cfg").write_text(text, encoding="utf-8")
    (tmp_path / ".tlslint.yaml").write_text(
        f"profile: {profile}\nhaproxy:\n  version: '{haproxy}'\n  openssl_version: '{openssl}'\n",
        encoding="utf-8",
    )
    # The crt file is deployed with the config, never committed beside it (TLS415, info).
    findings = [f for f in lint(tmp_path).findings if f.rule_id != "TLS415"]
    assert findings == [], [f"{f.rule_id} {f.line}: {f.message}" for f in findings]


def test_old_versions_follow_the_mozilla_branches(crt: Path) -> None:
    old = body(generate("haproxy", _options("intermediate", "1.7.14", "1.0.2", crt)))
    assert "no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets" in old
    assert "prefer-client-ciphers" not in old and "ciphersuites" not in old and "alpn" not in old
    with pytest.raises(GeneratorError, match=r"TLS 1\.3 only"):
        generate("haproxy", _options("modern", "1.7.14", "1.1.1", crt))
    with pytest.raises(GeneratorError, match="no TLS"):
        generate("haproxy", _options("intermediate", "1.4.0", "1.0.2", crt))


@pytest.mark.parametrize("profile", ["modern", "intermediate", "old"])
def test_debian_haproxy_accepts_every_profile(profile: str, crt: Path, tmp_path: Path) -> None:
    text = generate("haproxy", _options(profile, "2.6.12", "3.0.15", crt))
    assert isinstance(text, str)
    done = haproxy_check(text, tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextlib.contextmanager
def serving(config: Path, backend_port: int) -> Iterator[None]:
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", backend_port), _Hello)
    thread = threading.Thread(target=backend.serve_forever, daemon=True)
    thread.start()
    process = subprocess.Popen(
        [haproxy_binary(), "-db", "-f", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        backend.shutdown()
        backend.server_close()


@pytest.mark.parametrize(
    ("profile", "accepted", "refused"),
    [
        ("modern", ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2),
        ("intermediate", ssl.TLSVersion.TLSv1_2, None),
    ],
)
def test_served_config_speaks_the_profiles_protocols_sends_hsts_and_redirects(
    profile: str,
    accepted: ssl.TLSVersion,
    refused: ssl.TLSVersion | None,
    crt: Path,
    tmp_path: Path,
) -> None:
    https, plain, backend = free_ports(3)
    text = generate(
        "haproxy",
        _options(
            profile,
            "2.6.12",
            "3.0.15",
            crt,
            listen="127.0.0.1",
            https_port=https,
            http_port=plain,
            backend=f"127.0.0.1:{backend}",
        ),
    )
    assert isinstance(text, str)
    config = tmp_path / "haproxy.cfg"
    config.write_text(text, encoding="utf-8")
    with serving(config, backend):
        wait_for_port(https)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.minimum_version = context.maximum_version = accepted
        import socket

        with (
            socket.create_connection(("127.0.0.1", https), 5) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            assert tls.version() == accepted.name.replace("_", ".")
            tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            response = b""
            while chunk := tls.recv(4096):
                response += chunk
        head = response.decode("latin-1").lower()
        assert head.split("\r\n", 1)[0].split()[1] == "200", head
        assert "strict-transport-security: max-age=63072000" in head
        if refused is not None:
            context.minimum_version = context.maximum_version = refused
            with (
                socket.create_connection(("127.0.0.1", https), 5) as raw,
                pytest.raises(ssl.SSLError),
            ):
                context.wrap_socket(raw, server_hostname="localhost")
        with socket.create_connection(("127.0.0.1", plain), 5) as conn:
            conn.sendall(b"GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            answer = conn.recv(4096).decode("latin-1").lower()
        assert answer.startswith("http/1.1 308"), answer
        assert "location: https://localhost/x" in answer


def _threshold(js: str, marker: str) -> tuple[int, ...]:
    """The HAProxy version Mozilla's template requires for the line that writes ``marker``."""
    index = js.index(marker)
    found = re.findall(
        r'minver\("([\d.]+)", form\.serverVersion\)', js[max(0, index - 200) : index]
    )
    assert found, marker
    return tuple(int(p) for p in found[-1].split("."))


def _below(version: tuple[int, ...]) -> str:
    major, minor = version[0], version[1]
    return f"{major}.{minor - 1}.99" if minor else f"{major - 1}.9.99"


@pytest.mark.parametrize(
    ("marker", "written"),
    [
        ("-ciphersuites", "ssl-default-bind-ciphersuites"),
        ("' prefer-client-ciphers'", "prefer-client-ciphers"),
        ("' ssl-min-ver '", "ssl-min-ver"),
        ("' alpn h2,http/1.1'", "alpn h2,http/1.1"),
    ],
)
def test_version_thresholds_are_mozillas(
    reference: Path, marker: str, written: str, crt: Path
) -> None:
    js = (reference / "mozilla" / "haproxy.js").read_text(encoding="utf-8")
    since = _threshold(js, marker)
    at = ".".join(str(p) for p in since)
    assert written in body(generate("haproxy", _options("intermediate", at, "1.1.1", crt)))
    assert written not in body(
        generate("haproxy", _options("intermediate", _below(since), "1.1.1", crt))
    )


def test_by_default_it_targets_the_installed_haproxy_which_accepts_it(
    crt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    haproxy_binary()
    from tlslint.cli import main

    assert main(["generate", "haproxy", "--cert", str(crt)]) == 0
    text = capsys.readouterr().out
    assert "Target: the HAProxy installed here (`haproxy -vv`: HAProxy " in text.replace(
        "\n# ", " "
    )
    done = haproxy_check(text, tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout


def test_haproxy_vv_output_is_read_for_the_running_openssl() -> None:
    from tlslint.generators.target import parse_haproxy_vv

    text = (
        "HAProxy version 2.8.5-1ubuntu3 2024/04/01 - https://haproxy.org/\n"
        "Built with OpenSSL version : OpenSSL 3.0.10 1 Aug 2023\n"
        "Running on OpenSSL version : OpenSSL 3.0.13 30 Jan 2024\n"
    )
    assert parse_haproxy_vv(text) == ("2.8.5", "3.0.13")
    assert parse_haproxy_vv("HA-Proxy version 1.5.18 2016/05/10\n") == ("1.5.18", None)
    assert parse_haproxy_vv("nginx version: nginx/1.26.3") is None


def test_the_cli_help_names_the_generators_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    from tlslint.cli import main
    from tlslint.generators.haproxy import DEFAULT_HAPROXY, DEFAULT_OPENSSL

    with pytest.raises(SystemExit):
        main(["generate", "haproxy", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"else {DEFAULT_HAPROXY})" in text and f"else {DEFAULT_OPENSSL})" in text


def test_a_verified_tls_backend_is_accepted_and_lints_clean(crt: Path, tmp_path: Path) -> None:
    text = str(
        generate(
            "haproxy",
            _options(
                "intermediate", "2.6.12", "3.0.15", crt, backend_ssl=True, backend_ca=str(crt)
            ),
        )
    )
    assert f"server  app1 127.0.0.1:8080 ssl verify required ca-file {crt}" in text
    done = haproxy_check(text, tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    (tmp_path / ".tlslint.yaml").write_text("haproxy:\n  version: '2.6.12'\n", encoding="utf-8")
    assert [f.rule_id for f in lint(tmp_path).findings if f.rule_id != "TLS415"] == []
    with pytest.raises(GeneratorError, match="--backend-ssl"):
        generate("haproxy", _options("intermediate", "2.6.12", "3.0.15", crt, backend_ca="/ca.pem"))
