"""One TLS connection: the socket, STARTTLS, and a handshake made by nassl.

nassl's ``LegacySslClient`` (OpenSSL 1.0.2) offers SSLv3, TLS 1.0/1.1 and the legacy suites
(RC4, export, single DES, static DH) that OpenSSL 1.1.0 deleted; ``SslClient`` (OpenSSL 1.1.1)
offers TLS 1.2 and 1.3. Neither reads the system's ``openssl.cnf``, so a distribution's floor
(Debian's ``MinProtocol``, ``@SECLEVEL=2``) does not hide what a server accepts.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.probe.target import Target

VERSIONS = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
STARTTLS = ("smtp", "imap", "postgres")
_LEGACY = frozenset({"SSLv3", "TLSv1", "TLSv1.1"})
_LINE_LIMIT = 64 * 1024


class Unreachable(Exception):
    """No TCP connection (refused, timed out, unknown name) or STARTTLS refused."""


class HandshakeRefused(Exception):
    """The server ended the handshake (an alert, a reset, or silence)."""


@dataclass
class ClientIdentity:
    """A client certificate and key for mTLS endpoints (paths, never read into memory here)."""

    certificate: Path
    key: Path


@dataclass
class Attempt:
    """What to offer in one handshake."""

    version: str
    ciphers: str = ""  # an OpenSSL cipher list (TLS <= 1.2)
    tls13_suites: str = ""  # TLS 1.3 suites (OpenSSL names)
    groups: list[int] = field(default_factory=list)  # NIDs
    ocsp: bool = False
    legacy: bool | None = None  # None: legacy for SSLv3 to TLS 1.1
    # Complete the handshake without a certificate when one is asked for; None: do so when
    # no client identity is given (False tells that a certificate was asked for).
    ignore_client_auth: bool | None = None


@dataclass
class Connection:
    """A handshake that succeeded: what was negotiated, and the client to talk through."""

    client: Any
    cipher: str
    version: str
    # The server asked for a client certificate that was not given: the version and suite
    # were agreed (so they count as accepted), but no data can be exchanged.
    certificate_requested: bool = False
    authorities: tuple[str, ...] = ()

    def send(self, data: bytes) -> None:
        self.client.write(data)

    def receive(self, size: int) -> bytes:
        return bytes(self.client.read(size))


def open_socket(target: Target, timeout: float, starttls: str = "") -> socket.socket:
    """A connected socket, past the STARTTLS exchange when one is asked for."""
    try:
        sock = socket.create_connection((target.host, target.port), timeout=timeout)
    except socket.gaierror as exc:
        raise Unreachable(f"cannot resolve {target.host}: {exc.strerror}") from None
    except TimeoutError:
        raise Unreachable(f"no answer from {target.name} within {timeout:g} s") from None
    except OSError as exc:
        raise Unreachable(f"cannot connect to {target.name}: {exc.strerror or exc}") from None
    sock.settimeout(timeout)
    try:
        if starttls:
            _starttls(sock, starttls)
    except (OSError, Unreachable) as exc:
        sock.close()
        if isinstance(exc, Unreachable):
            raise
        raise Unreachable(f"{starttls} STARTTLS with {target.name} failed: {exc}") from None
    return sock


def _starttls(sock: socket.socket, protocol: str) -> None:
    if protocol == "postgres":
        sock.sendall(struct.pack("!II", 8, 80877103))  # SSLRequest
        if sock.recv(1) != b"S":
            raise Unreachable("the PostgreSQL server refused SSL (SSLRequest answered 'N')")
        return
    reader = _Lines(sock)
    if protocol == "smtp":
        reader.expect("220")
        sock.sendall(b"EHLO tlslint.invalid\r\n")
        reader.expect("250")
        sock.sendall(b"STARTTLS\r\n")
        reader.expect("220")
    elif protocol == "imap":
        reader.expect("* OK")
        sock.sendall(b"a1 STARTTLS\r\n")
        reader.expect("a1 OK")
    else:
        raise Unreachable(f"unknown STARTTLS protocol {protocol!r}")


class _Lines:
    """Reads CRLF lines from a plain socket (SMTP replies: ``250-…`` continues, ``250 …`` ends)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        timeout = sock.gettimeout() or 5.0
        self.deadline = time.monotonic() + 4 * timeout  # a server dripping bytes is cut off

    def line(self) -> str:
        while b"\n" not in self.buffer:
            if time.monotonic() > self.deadline:
                raise Unreachable("the server took too long to answer before STARTTLS")
            chunk = self.sock.recv(4096)
            if not chunk or len(self.buffer) > _LINE_LIMIT:
                raise Unreachable("the server closed the connection before STARTTLS")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\n")
        return raw.decode("utf-8", "replace").rstrip("\r")

    def expect(self, prefix: str) -> None:
        while True:
            text = self.line()
            if not text.startswith(prefix):
                if text[:3].isdigit() and text[3:4] == "-":
                    continue  # another line of a multi-line SMTP reply
                if text.startswith("* ") and prefix != "* OK":
                    continue  # an IMAP untagged response
                raise Unreachable(f"unexpected STARTTLS reply {text[:80]!r}")
            if len(text) > 3 and text[:3].isdigit() and text[3] == "-":
                continue
            return


@contextmanager
def handshake(
    target: Target,
    attempt: Attempt,
    timeout: float,
    starttls: str = "",
    identity: ClientIdentity | None = None,
) -> Iterator[Connection]:
    """Connect and shake hands; raises Unreachable or HandshakeRefused."""
    from nassl._nassl import OpenSSLError
    from nassl.legacy_ssl_client import LegacySslClient
    from nassl.ssl_client import ClientCertificateRequested, OpenSslVerifyEnum, SslClient

    legacy = attempt.version in _LEGACY if attempt.legacy is None else attempt.legacy
    sock = open_socket(target, timeout, starttls)
    kind: Any = LegacySslClient if legacy else SslClient
    try:
        client: Any = kind(
            underlying_socket=sock,
            ssl_version=_version_enum(attempt.version),
            ssl_verify=OpenSslVerifyEnum.NONE,
            client_certificate_chain=identity.certificate if identity else None,
            client_key=identity.key if identity else None,
            ignore_client_authentication_requests=(
                identity is None
                if attempt.ignore_client_auth is None
                else attempt.ignore_client_auth
            ),
        )
    except Exception:
        sock.close()
        raise
    try:
        if not _is_address(target.servername):  # SNI carries names only (RFC 6066)
            client.set_tlsext_host_name(target.servername)
        if attempt.version != "TLSv1.3":
            client.set_cipher_list(attempt.ciphers or ("ALL:COMPLEMENTOFALL" + _seclevel(legacy)))
        if attempt.version == "TLSv1.3" and attempt.tls13_suites:
            client.set_ciphersuites(attempt.tls13_suites)
        if attempt.groups:
            from nassl.ephemeral_key_info import OpenSslEcNidEnum

            client.set_groups([OpenSslEcNidEnum(n) for n in attempt.groups])
        if attempt.ocsp:
            client.set_tlsext_status_ocsp()
        requested: list[str] | None = None
        try:
            client.do_handshake()
        except ClientCertificateRequested as exc:
            requested = [str(n) for n in getattr(exc, "_ca_list", None) or _authorities(client)]
        except (OpenSSLError, OSError) as exc:
            raise HandshakeRefused(_reason(exc)) from None
        yield Connection(
            client,
            _cipher(client),
            attempt.version,
            certificate_requested=requested is not None,
            authorities=tuple(requested or ()),
        )
    finally:
        try:
            client.shutdown()
        except Exception:  # the peer may already be gone; closing must never fail
            sock.close()


def _is_address(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _cipher(client: Any) -> str:
    try:
        return str(client.get_current_cipher_name() or "")
    except Exception:
        return ""


def _seclevel(legacy: bool) -> str:
    return "" if legacy else ":@SECLEVEL=0"


def _authorities(client: Any) -> list[str]:
    try:
        return [str(n) for n in client.get_client_CA_list()]
    except Exception:
        return []


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "alert" in text:
        return "alert " + text.rsplit("alert", 1)[1].strip().split(":")[0]
    if isinstance(exc, TimeoutError) or "timed out" in text:
        return "no answer"
    if "wrong version number" in text or "unsupported protocol" in text:
        return "protocol not supported"
    if "peer did not send data" in text or "Connection reset" in text:
        return "connection closed"
    return text.splitlines()[0][:120] if text else type(exc).__name__


def _version_enum(version: str) -> Any:
    from nassl.ssl_client import OpenSslVersionEnum

    return {
        "SSLv3": OpenSslVersionEnum.SSLV3,
        "TLSv1": OpenSslVersionEnum.TLSV1,
        "TLSv1.1": OpenSslVersionEnum.TLSV1_1,
        "TLSv1.2": OpenSslVersionEnum.TLSV1_2,
        "TLSv1.3": OpenSslVersionEnum.TLSV1_3,
    }[version]


def offered_suites(version: str, legacy: bool) -> list[str]:
    """Every TLS <= 1.2 suite that client build can offer (OpenSSL names)."""
    from nassl.legacy_ssl_client import LegacySslClient
    from nassl.ssl_client import OpenSslVerifyEnum, SslClient

    kind = LegacySslClient if legacy else SslClient
    client = kind(ssl_version=_version_enum(version), ssl_verify=OpenSslVerifyEnum.NONE)
    client.set_cipher_list("ALL:COMPLEMENTOFALL" + _seclevel(legacy))
    return [str(name) for name in client.get_cipher_list()]
