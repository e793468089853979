"""`tlslint generate certs`: a development CA whose certificates carry a real mTLS handshake."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import stat
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.helpers import NOW, lint
from tlslint.cli import main


def make(capsys: pytest.CaptureFixture[str], directory: Path, *args: str) -> str:
    code = main(["generate", "certs", "-o", str(directory), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificates(path.read_bytes())[0]


def test_writes_ca_server_and_client_files_with_private_keys_0600(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = make(capsys, tmp_path, "-n", "example.com", "-n", "127.0.0.1", "--client", "alice")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {
        ".gitignore": 0o644,
        "ca.pem": 0o644,
        "ca-key.pem": 0o600,
        "example.com.pem": 0o644,
        "example.com-key.pem": 0o600,
        "alice-client.pem": 0o644,
        "alice-client-key.pem": 0o600,
    }
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "*-key.pem"
    # No key material in what is printed; instructions to trust the CA instead.
    key_body = (tmp_path / "ca-key.pem").read_text().splitlines()[1]
    assert "PRIVATE KEY" not in out and key_body not in out
    assert "Nothing was added to any trust store" in out
    assert "update-ca-certificates" in out and str(tmp_path / "ca.pem") in out


def test_certificates_follow_the_profile_and_name_what_was_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(
        capsys,
        tmp_path,
        "--now",
        "2026-06-01",
        "-n",
        "app.test",
        "-n",
        "*.app.test",
        "-n",
        "::1",
        "--client",
        "bob@example.com",
    )
    ca = load(tmp_path / "ca.pem")
    server_chain = x509.load_pem_x509_certificates((tmp_path / "app.test.pem").read_bytes())
    server = server_chain[0]
    assert [c.subject for c in server_chain] == [server.subject, ca.subject]  # leaf, then CA
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["app.test", "*.app.test"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("::1")]
    eku = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert isinstance(server.public_key(), ec.EllipticCurvePublicKey)
    assert server.public_key().curve.name == "secp256r1"
    # issued 2026-05-31: the CA/B Forum's 200 days (SC-081v3), notAfter inside the period
    # (RFC 5280), so one second short of 200 full days
    assert server.not_valid_after_utc - server.not_valid_before_utc == dt.timedelta(
        days=200, seconds=-1
    )
    assert server.not_valid_before_utc < NOW < server.not_valid_after_utc

    client = load(tmp_path / "bob@example.com-client.pem")
    eku = client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    san = client.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == ["bob@example.com"]


def test_old_profile_uses_rsa_and_modern_keeps_leaves_to_90_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(capsys, tmp_path / "old", "--profile", "old", "-n", "legacy.test")
    key = load(tmp_path / "old" / "legacy.test.pem").public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    make(capsys, tmp_path / "modern", "--profile", "modern", "-n", "new.test")
    cert = load(tmp_path / "modern" / "new.test.pem")
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == dt.timedelta(days=90, seconds=-1)


def test_an_existing_ca_is_reused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(capsys, tmp_path, "-n", "one.test")
    ca_before = (tmp_path / "ca.pem").read_bytes()
    out = make(capsys, tmp_path, "-n", "two.test")
    assert "reused" in out and "ca-key.pem" not in out.split("Nothing was added")[0]
    assert (tmp_path / "ca.pem").read_bytes() == ca_before
    ca = load(tmp_path / "ca.pem")
    load(tmp_path / "two.test.pem").verify_directly_issued_by(ca)


def serve_once(server_context: ssl.SSLContext, listener: socket.socket, seen: dict) -> None:  # type: ignore[type-arg]
    conn, _ = listener.accept()
    try:
        with server_context.wrap_socket(conn, server_side=True) as tls:
            seen["peer"] = tls.getpeercert()
            seen["version"] = tls.version()
            tls.sendall(b"hello " + tls.recv(16))
    except (ssl.SSLError, OSError) as exc:
        seen["error"] = exc


def test_real_mutual_tls_handshake_with_the_generated_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(capsys, tmp_path, "-n", "localhost", "-n", "127.0.0.1", "--client", "alice@example.com")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "localhost.pem", tmp_path / "localhost-key.pem")
    server_context.verify_mode = ssl.CERT_REQUIRED
    server_context.load_verify_locations(tmp_path / "ca.pem")

    def attempt(with_client_cert: bool) -> tuple[dict, bytes | Exception]:  # type: ignore[type-arg]
        seen: dict = {}  # type: ignore[type-arg]
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            listener.settimeout(10)
            worker = threading.Thread(target=serve_once, args=(server_context, listener, seen))
            worker.start()
            context = ssl.create_default_context(cafile=tmp_path / "ca.pem")
            if with_client_cert:
                context.load_cert_chain(
                    tmp_path / "alice@example.com-client.pem",
                    tmp_path / "alice@example.com-client-key.pem",
                )
            reply: bytes | Exception
            try:
                port = listener.getsockname()[1]
                with (
                    socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
                    context.wrap_socket(raw, server_hostname="localhost") as tls,
                ):
                    tls.sendall(b"alice")
                    reply = tls.recv(64)
            except (ssl.SSLError, OSError) as exc:
                reply = exc
            worker.join(timeout=10)
            assert not worker.is_alive()
        return seen, reply

    seen, reply = attempt(with_client_cert=True)
    assert reply == b"hello alice"
    assert seen["version"] == "TLSv1.3"
    subject = dict(item for rdn in seen["peer"]["subject"] for item in rdn)
    assert subject["commonName"] == "alice@example.com"

    seen, reply = attempt(with_client_cert=False)
    assert "error" in seen  # the server refuses a client without a certificate
    assert isinstance(seen["error"], ssl.SSLError)


def test_generated_certificates_lint_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(capsys, tmp_path, "--now", "2026-06-01", "-n", "example.test", "--client", "ci.test")
    findings = lint(tmp_path).findings
    assert not findings, [f"{f.rule_id} {f.path}: {f.message}" for f in findings]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-n", "bad_name.test"], "not a valid DNS name"),
        (["--profile", "old", "--key-type", "ecdsa", "-n", "a.test"], "allows rsa certificates"),
        (["--profile", "modern", "--days", "365", "-n", "a.test"], "at most 90 days"),
        (["--client", "not an address@"], "not a valid e-mail address"),
        ([], "give at least one --name"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["generate", "certs", "-o", str(tmp_path / "out"), *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out").exists()


def test_a_broken_existing_ca_is_refused_without_echoing_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(capsys, tmp_path, "-n", "one.test")
    (tmp_path / "ca-key.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n"
    )
    code = main(["generate", "certs", "-o", str(tmp_path), "-n", "two.test"])
    out, err = capsys.readouterr()
    assert code == 2 and "is not an unencrypted PEM private key" in err
    assert "c2VjcmV0" not in err + out
    (tmp_path / "ca-key.pem").unlink()
    code = main(["generate", "certs", "-o", str(tmp_path), "-n", "two.test"])
    assert code == 2 and "ca-key.pem is missing" in capsys.readouterr().err


def test_an_existing_gitignore_keeps_its_rules_and_gains_the_key_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    make(capsys, tmp_path, "-n", "one.test")
    assert (tmp_path / ".gitignore").read_text().splitlines() == [
        "build/",
        "# private keys never go into Git",
        "*-key.pem",
    ]
    make(capsys, tmp_path, "-n", "two.test")  # nothing added twice
    assert (tmp_path / ".gitignore").read_text().count("*-key.pem") == 1
