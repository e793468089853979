"""Servers that misbehave cost their target only: one clear line and exit 2, never a traceback
or a hang. The servers are small loopback listeners started by the test."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.probing import loopback_only
from tlslint.cli import main

pytest.importorskip("nassl", reason="the probe needs nassl: pip install 'tlslint[probe]'")


@contextlib.contextmanager
def listener(behave: Callable[[socket.socket], None]) -> Iterator[int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn, contextlib.suppress(OSError):
                behave(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def garbage(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"\x16\x03\x01\xff\xff" + b"\x00" * 64 + b"not tls at all\r\n" * 8)


def silent(conn: socket.socket) -> None:
    conn.settimeout(1.0)
    with contextlib.suppress(OSError):
        conn.recv(4096)


def smtp_without_starttls(conn: socket.socket) -> None:
    conn.sendall(b"220 mail.example.com ESMTP\r\n")
    conn.recv(4096)
    conn.sendall(b"250-mail.example.com\r\n250 SIZE 1000\r\n")
    conn.recv(4096)
    conn.sendall(b"502 5.5.1 STARTTLS not supported\r\n")


@pytest.mark.parametrize(
    ("behave", "extra"),
    [(garbage, ()), (silent, ()), (smtp_without_starttls, ("--starttls", "smtp"))],
)
def test_misbehaving_servers_are_one_error_line(
    behave: Callable[[socket.socket], None],
    extra: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    with (
        loopback_only(monkeypatch),
        listener(behave) as port,
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main(
            ["probe", f"127.0.0.1:{port}", "--timeout", "0.5", "--http-port", "0",
             "--format", "json", *extra]
        )  # fmt: skip
    assert code == 2
    lines = err.getvalue().strip().splitlines()
    assert f"tlslint: error: 127.0.0.1:{port} was not measured" in lines[-1]
    assert "Traceback" not in err.getvalue()
    document = json.loads(out.getvalue())
    assert document["incomplete"][0]["path"] == f"127.0.0.1:{port}"


def test_postgres_sslrequest_refused_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(conn: socket.socket) -> None:
        conn.recv(8)
        conn.sendall(b"N")

    out, err = io.StringIO(), io.StringIO()
    with (
        loopback_only(monkeypatch),
        listener(refuse) as port,
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main(["probe", f"127.0.0.1:{port}", "--starttls", "postgres", "--timeout", "2"])
    assert code == 2
    assert "refused SSL" in err.getvalue()


def test_postgres_sslrequest_accepted_is_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL-style server: 'S' to the SSLRequest, then TLS (Python's own ssl module)."""
    from tests import certfactory as cf

    issued = cf.make("db.example.com", key=cf.ec_key(90))
    cert = cf.write(tmp_path / "db.pem", issued.pem)
    key = cf.write(tmp_path / "db.key", issued.key_pem())
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)

    def postgres(conn: socket.socket) -> None:
        conn.settimeout(2)
        if conn.recv(8) != b"\x00\x00\x00\x08\x04\xd2\x16\x2f":
            return
        conn.sendall(b"S")
        with contextlib.suppress(ssl.SSLError, OSError):
            context.wrap_socket(conn, server_side=True).close()

    out, err = io.StringIO(), io.StringIO()
    with (
        loopback_only(monkeypatch),
        listener(postgres) as port,
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main(
            ["probe", f"127.0.0.1:{port}", "--starttls", "postgres", "--servername",
             "db.example.com", "--format", "json", "--now", "2026-06-01"]
        )  # fmt: skip
    assert code in (0, 1), err.getvalue()
    document = json.loads(out.getvalue())
    assert document["incomplete"] == []
    assert all(f["path"] == f"127.0.0.1:{port}" for f in document["findings"])
    assert "TLS101" not in {f["rule"] for f in document["findings"]}
