"""The probe's small parts: targets, HTTP answers, the loopback guard, usage errors."""

from __future__ import annotations

import io
import socket
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.probing import loopback_only
from tlslint.cli import main
from tlslint.probe.target import TargetError, parse_target
from tlslint.probe.web import parse_response


@pytest.mark.parametrize(
    ("text", "host", "port", "name"),
    [
        ("example.com", "example.com", 443, "example.com:443"),
        ("example.com:8443", "example.com", 8443, "example.com:8443"),
        ("https://example.com:9443/path", "example.com", 9443, "example.com:9443"),
        ("127.0.0.1:443", "127.0.0.1", 443, "127.0.0.1:443"),
        ("[::1]:8443", "::1", 8443, "[::1]:8443"),
        ("::1", "::1", 443, "[::1]:443"),
        ("example.com.", "example.com", 443, "example.com:443"),
    ],
)
def test_targets(text: str, host: str, port: int, name: str) -> None:
    target = parse_target(text)
    assert (target.host, target.port, target.name) == (host, port, name)
    assert target.servername == host


def test_servername_and_starttls_default_ports() -> None:
    assert parse_target("127.0.0.1", "shop.example.com").servername == "shop.example.com"
    assert parse_target("mail.example.com", starttls="smtp").port == 587
    assert parse_target("db.example.com", starttls="postgres").port == 5432


@pytest.mark.parametrize(
    "text", ["", "example.com:0", "example.com:99999", "a:b", "u@host", "[::1]x"]
)
def test_bad_targets(text: str) -> None:
    with pytest.raises(TargetError):
        parse_target(text)


def test_http_responses() -> None:
    answer = parse_response(
        b"HTTP/1.1 308 Permanent Redirect\r\nLocation: https://shop.example.com/\r\n"
        b"Strict-Transport-Security: max-age=63072000\r\n\r\nbody"
    )
    assert answer is not None
    assert answer.status == 308
    assert answer.redirects_to_https
    assert answer.header("strict-transport-security") == "max-age=63072000"
    plain = parse_response(b"HTTP/1.1 301 Moved\r\nLocation: http://shop.example.com/\r\n\r\n")
    assert plain is not None and not plain.redirects_to_https
    assert parse_response(b"220 smtp.example.com ESMTP\r\n") is None
    assert parse_response(b"HTTP/1.1 abc\r\n\r\n") is None


def test_tests_cannot_reach_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    with loopback_only(monkeypatch), socket.socket() as s, pytest.raises(AssertionError):
        s.connect(("192.0.2.1", 443))  # TEST-NET-1: refused before any packet leaves


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["example.com:0"], "the port must be a number from 1 to 65535"),
        (["127.0.0.1", "--client-cert", "x.pem"], "--client-cert and --client-key go together"),
        (["127.0.0.1", "--differences", "d.json"], "--differences needs --against"),
        (["127.0.0.1", "--against-endpoint", "x"], "--against-endpoint needs --against"),
        (["127.0.0.1", "--against", "/nonexistent/dir"], "no such file or directory"),
        (["127.0.0.1", "--ca-file", "/nonexistent/ca.pem"], "CA file not found"),
    ],
)
def test_usage_errors_are_one_line(
    args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with loopback_only(monkeypatch):
        code, out, err = cli("probe", *args, "--http-port", "0")
    assert code == 2
    assert out == ""
    assert err.startswith("tlslint: error:") and message in err
    assert len(err.strip().splitlines()) == 1


def test_a_client_key_that_does_not_fit_is_one_line_without_key_material(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import certfactory as cf

    client = cf.make("client.example.com", key=cf.ec_key(81))
    other = cf.ec_key(82)
    cert = cf.write(tmp_path / "client.pem", client.pem)
    wrong = cf.write(tmp_path / "wrong.key", cf.Issued(client.cert, other).key_pem())
    locked = cf.write(tmp_path / "locked.key", client.key_pem(b"secret"))
    for key, message in ((wrong, "does not belong to"), (locked, "the key is encrypted")):
        with loopback_only(monkeypatch):
            code, _, err = cli(
                "probe", "127.0.0.1:1", "--client-cert", str(cert), "--client-key", str(key)
            )
        assert code == 2
        assert message in err
        assert "PRIVATE KEY" not in err and len(err.strip().splitlines()) == 1


def test_without_nassl_the_probe_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nassl", None)  # import nassl now raises ImportError
    code, _, err = cli("probe", "127.0.0.1:1")
    assert code == 2
    assert "pip install 'tlslint[probe]'" in err


def test_check_does_not_import_the_probe() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", "import sys, tlslint.cli as c; c.build_parser(); "
         "print(sorted(m for m in sys.modules if m.startswith(('nassl', 'tlslint.probe.'))))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"  # its arguments too are added only when it is used


def test_trust_verdicts(tmp_path: Path) -> None:
    from tests import certfactory as cf
    from tlslint.probe.trust import judge, load_store

    root_file = cf.write(tmp_path / "root.pem", cf.root_ca().pem)
    leaf, intermediate = cf.leaf().cert, cf.intermediate_ca().cert
    private = load_store([root_file], set(), system=False)
    nothing = load_store([], set(), system=False)

    trusted = judge([leaf, intermediate], private)
    assert (trusted.status, trusted.private) == ("trusted", True)
    assert str(root_file) in trusted.anchor
    assert judge([leaf], private).status == "missing-intermediate"
    assert judge([leaf, intermediate], nothing).status == "unknown-issuer"
    assert judge([cf.make("self.example.com").cert], private).status == "self-signed"
    assert judge([], private).status == "none"
    from tlslint.probe.trust import fingerprint

    by_fingerprint = load_store([], {fingerprint(cf.root_ca().cert)}, system=False)
    assert judge([cf.root_ca().cert], by_fingerprint).status == "trusted"
