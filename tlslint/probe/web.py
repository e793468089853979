"""HTTP over the measured endpoint: the HSTS header, and the plain-HTTP redirect.

One ``GET /`` each, read up to the end of the headers (at most 64 KiB). The parsing is a few
lines over the status line and ``Name: value`` headers, which is all HTTP/1.1 needs here;
``http.client`` would not run over nassl's connection object.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field

from tlslint.probe.target import Target

_HEADER_LIMIT = 64 * 1024


@dataclass
class WebResult:
    """The status and headers of one response (header names lower-cased)."""

    status: int
    headers: dict[str, list[str]] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def redirects_to_https(self) -> bool:
        location = self.header("location") or ""
        return self.status in (301, 302, 303, 307, 308) and location.lower().startswith("https://")


def request(target: Target, port: int | None = None) -> bytes:
    """``GET /`` for the probed name; the port joins the Host header when not the default."""
    port = target.port if port is None else port
    name = f"[{target.servername}]" if ":" in target.servername else target.servername
    host = name if port in (80, 443) else f"{name}:{port}"
    return (
        f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tlslint-probe\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n"
    ).encode("ascii", "replace")


def parse_response(data: bytes) -> WebResult | None:
    """The status line and headers, or None when the bytes are not an HTTP response."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    lines = head.decode("latin-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    result = WebResult(int(parts[1]))
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip():
            result.headers.setdefault(name.strip().lower(), []).append(value.strip())
    return result


def fetch_https(
    target: Target, version: str, timeout: float, identity: object, starttls: str = ""
) -> WebResult | None:
    """``GET /`` over TLS; None when the endpoint does not speak HTTP."""
    from tlslint.probe.handshake import Attempt, ClientIdentity, HandshakeRefused, handshake

    ident = identity if isinstance(identity, ClientIdentity) else None
    data = b""
    try:
        with handshake(target, Attempt(version), timeout, starttls, ident) as conn:
            if conn.certificate_requested:
                return None
            conn.send(request(target))
            deadline = time.monotonic() + 2 * timeout  # a server dripping bytes is cut off
            while b"\r\n\r\n" not in data and len(data) < _HEADER_LIMIT:
                if time.monotonic() > deadline:
                    break
                chunk = conn.receive(4096)
                if not chunk:
                    break
                data += chunk
    except HandshakeRefused:
        return None
    except Exception:  # the peer closed after a partial answer: judge what arrived
        pass
    return parse_response(data) if data else None


def fetch_plain(target: Target, port: int, timeout: float) -> WebResult | None:
    """``GET /`` over plain HTTP on ``port``; None when nothing answers HTTP there."""
    data = b""
    try:
        with socket.create_connection((target.host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(request(target, port))
            deadline = time.monotonic() + 2 * timeout
            while b"\r\n\r\n" not in data and len(data) < _HEADER_LIMIT:
                if time.monotonic() > deadline:
                    break
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        if not data:
            return None
    return parse_response(data)
