"""nginx's defaults for the TLS directives, by version.

Sources: nginx's CHANGES and ``ngx_http_ssl_module.c`` merge functions. When the target
version is unknown (no ``nginx_version`` in the config) the current behaviour is assumed and
messages say that older versions differ.
"""

from __future__ import annotations

from dataclasses import dataclass

# Version numbers are shared TLS knowledge (tlslint.tls); re-exported for this module's callers.
from tlslint.tls import Version as Version
from tlslint.tls import at_least as at_least
from tlslint.tls import parse_version as parse_version


@dataclass(frozen=True)
class ProtocolDefault:
    since: Version
    protocols: frozenset[str]


# Newest first. Before 1.9.1 SSLv3 was on by default; 1.23.4 added TLSv1.3; 1.27.3 dropped
# TLSv1 and TLSv1.1 from the default.
PROTOCOL_DEFAULTS = (
    ProtocolDefault((1, 27, 3), frozenset({"TLSv1.2", "TLSv1.3"})),
    ProtocolDefault((1, 23, 4), frozenset({"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})),
    ProtocolDefault((1, 9, 1), frozenset({"TLSv1", "TLSv1.1", "TLSv1.2"})),
    ProtocolDefault((0,), frozenset({"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"})),
)

DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5"
# OpenSSL's default TLS 1.3 suites (nginx sets none of its own).
DEFAULT_TLS13_SUITES = (
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_GCM_SHA256",
)
# "auto" lets OpenSSL choose; OpenSSL 1.1.1/3.x offer these groups.
DEFAULT_CURVES = ("X25519", "prime256v1", "X448", "secp521r1", "secp384r1")

# Well-known files that nginx configs include and that carry no TLS settings.
HARMLESS_INCLUDES = frozenset(
    {
        "mime.types",
        "fastcgi_params",
        "fastcgi.conf",
        "proxy_params",
        "uwsgi_params",
        "scgi_params",
        "koi-utf",
        "koi-win",
        "win-utf",
    }
)


def default_protocols(version: Version | None) -> tuple[frozenset[str], str]:
    """The protocols nginx enables without ``ssl_protocols``, and a note saying why."""
    if version is None:
        current = PROTOCOL_DEFAULTS[0]
        return current.protocols, (
            "nginx default: TLSv1.2 TLSv1.3 from 1.27.3; older versions also enable TLSv1 and "
            "TLSv1.1 (set nginx_version in .tlslint.yaml to judge your version)"
        )
    for entry in PROTOCOL_DEFAULTS:
        if version >= entry.since:
            shown = " ".join(sorted(entry.protocols, key=_rank))
            return entry.protocols, f"nginx {_show(version)} default: {shown}"
    raise AssertionError("unreachable: the table ends with (0,)")


def session_tickets_rotated(version: Version | None) -> bool | None:
    """Whether nginx rotates session ticket keys itself (1.23.2+); None when unknown."""
    if version is None:
        return None
    return version >= (1, 23, 2)


def _show(version: Version) -> str:
    return ".".join(str(p) for p in version)


def _rank(name: str) -> int:
    order = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
    return order.index(name) if name in order else 99
