"""HAProxy's TLS defaults, by HAProxy and OpenSSL version.

Sources (HAProxy configuration manual, per branch, https://docs.haproxy.org/):

* ``ssl-min-ver`` on ``bind`` lines defaults to TLSv1.2 from 2.2 ("The default value is
  TLSv1.2", bind options, 2.2 manual); 1.8 to 2.1 default to TLSv1.0 (1.8 manual); before 1.8
  there is no ``ssl-min-ver`` and SSLv3 is on unless ``no-sslv3`` (1.5–1.7 manuals).
* TLS 1.3 needs HAProxy 1.8 and OpenSSL 1.1.1 (``ciphersuites`` appeared in 1.9).
* ``ciphers``/``ssl-default-bind-ciphers``: when absent HAProxy hands OpenSSL no list, so
  OpenSSL's ``DEFAULT`` decides; ``ciphersuites`` likewise OpenSSL's TLS 1.3 suites.
* Cipher order: HAProxy sets the server's preference unless ``prefer-client-ciphers`` (1.8+).
* ``curves``: absent, OpenSSL's default groups (``ecdhe`` picks one curve, prime256v1 by default).
* ``tune.ssl.default-dh-param``: 2048 from 2.2 (1024 before).
* ``ssl-server-verify``: ``required`` by default, so a ``server … ssl`` without ``verify``
  verifies the backend (and needs a ``ca-file``).
"""

from __future__ import annotations

from tlslint.sources.nginx.defaults import (
    DEFAULT_CURVES,
    DEFAULT_TLS13_SUITES,
    Version,
    parse_version,
)

ORDER = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
NAMES = {"sslv3": "SSLv3", "tlsv10": "TLSv1", "tlsv11": "TLSv1.1", "tlsv12": "TLSv1.2"}
NAMES |= {"tlsv13": "TLSv1.3"}
VERSION_WORDS = {"SSLv3": "SSLv3", "TLSv1.0": "TLSv1", "TLSv1.1": "TLSv1.1"}
VERSION_WORDS |= {"TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}
WRITTEN = {v: k for k, v in VERSION_WORDS.items()}  # "TLSv1" -> "TLSv1.0"
DEFAULT_CIPHERS = "DEFAULT"

__all__ = [
    "DEFAULT_CIPHERS",
    "DEFAULT_CURVES",
    "DEFAULT_TLS13_SUITES",
    "Version",
    "bind_minimum",
    "dh_default",
    "parse_version",
    "show",
    "supports_tls13",
]


def show(version: Version) -> str:
    return ".".join(str(p) for p in version)


def bind_minimum(version: Version | None) -> tuple[str, str]:
    """The lowest protocol a ``bind`` line accepts by default, and a note saying why."""
    if version is None:
        return "TLSv1.2", (
            "HAProxy default: ssl-min-ver TLSv1.2 from 2.2; 1.8 to 2.1 accept TLSv1.0 (set "
            "haproxy.version in .tlslint.yaml to judge your version)"
        )
    if version >= (2, 2):
        return "TLSv1.2", f"HAProxy {show(version)} default: ssl-min-ver TLSv1.2"
    if version >= (1, 8):
        return "TLSv1", f"HAProxy {show(version)} default: ssl-min-ver TLSv1.0"
    return "SSLv3", f"HAProxy {show(version)} default: SSLv3 and up unless no-sslv3"


def supports_tls13(haproxy: Version | None, openssl: Version | None) -> bool:
    return (haproxy is None or haproxy >= (1, 8)) and (openssl is None or openssl >= (1, 1, 1))


def dh_default(version: Version | None) -> int:
    return 1024 if version is not None and version < (2, 2) else 2048
