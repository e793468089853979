"""``HOST[:PORT]`` as given on the command line."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

DEFAULT_PORTS = {"": 443, "smtp": 587, "imap": 143, "postgres": 5432}


class TargetError(ValueError):
    """A target that cannot be parsed: a usage error."""


@dataclass(frozen=True)
class Target:
    """Where to connect (``host``, ``port``) and the name to ask for (SNI, Host header)."""

    host: str
    port: int
    servername: str

    @property
    def name(self) -> str:
        """``host:port`` (``[::1]:443`` for IPv6): the location of live findings."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True


def parse_target(text: str, servername: str | None = None, starttls: str = "") -> Target:
    """``example.com``, ``example.com:8443``, ``192.0.2.1:443``, ``[2001:db8::1]:443``.

    A URL (``https://example.com/``) is accepted for convenience: its host and port are used.
    """
    raw = text.strip()
    if "://" in raw:
        raw = raw.split("://", 1)[1].split("/", 1)[0]
    raw = raw.split("/", 1)[0]
    if "@" in raw:
        raise TargetError(f"{text!r}: user information is not a host")
    port = DEFAULT_PORTS.get(starttls, 443)
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        if rest.startswith(":"):
            port = _port(rest[1:], text)
        elif rest:
            raise TargetError(f"{text!r}: expected [IPv6]:PORT")
    elif raw.count(":") == 1:
        host, _, port_text = raw.partition(":")
        port = _port(port_text, text)
    else:
        host = raw  # a bare IPv6 address has several colons and no port
    host = host.strip().rstrip(".")
    if not host or any(c.isspace() for c in host):
        raise TargetError(f"{text!r}: no host name")
    return Target(host=host, port=port, servername=(servername or host).rstrip("."))


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise TargetError(f"{whole!r}: the port must be a number from 1 to 65535")
    return int(text)
