"""Apache httpd's (mod_ssl's) defaults and version facts, and what OpenSSL adds to them.

Sources, httpd 2.4 module reference (https://httpd.apache.org/docs/2.4/mod/mod_ssl.html):
``SSLProtocol`` defaults to ``all -SSLv3``; ``all`` is every protocol the linked OpenSSL
offers (TLSv1.3 from httpd 2.4.36 with OpenSSL 1.1.1; SSLv3 only where OpenSSL still has it,
which 1.1.0 stopped building by default). ``SSLCipherSuite`` defaults to OpenSSL's
``DEFAULT``; ``SSLHonorCipherOrder`` off; ``SSLSessionTickets`` on (the directive appeared in
2.4.11); ``SSLCompression`` off (on in 2.4.3, where it appeared); ``SSLUseStapling`` off;
``SSLVerifyClient`` none; ``SSLProxyVerify`` none; ``SSLOpenSSLConfCmd`` appeared in 2.4.8.
"""

from __future__ import annotations

Version = tuple[int, ...]

DOCS = "https://httpd.apache.org/docs/2.4/mod/mod_ssl.html"
PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
DEFAULT_CIPHERS = "DEFAULT"
DEFAULT_TLS13_SUITES = (
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_GCM_SHA256",
)
DEFAULT_CURVES = ("X25519", "prime256v1", "X448", "secp521r1", "secp384r1")
# Directives and the httpd version that introduced them (mod_ssl reference, "Compatibility").
INTRODUCED: dict[str, Version] = {
    "sslopensslconfcmd": (2, 4, 8),
    "sslsessiontickets": (2, 4, 11),
    "sslcompression": (2, 4, 3),
    "sslusestapling": (2, 3, 3),
    "sslstaplingcache": (2, 3, 3),
    "sslproxycheckpeername": (2, 4, 5),
}
TLS13_SINCE: Version = (2, 4, 36)


def parse_version(text: str | None) -> Version | None:
    """'2.4.62' -> (2, 4, 62); '1.1.1w' -> (1, 1, 1); None or garbage -> None."""
    if not text:
        return None
    parts: list[int] = []
    for piece in str(text).strip().lstrip("v").split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or None


def show(version: Version) -> str:
    return ".".join(str(p) for p in version)


def all_protocols(apache: Version | None, openssl: Version | None) -> frozenset[str]:
    """What ``SSLProtocol all`` means for this httpd and OpenSSL."""
    out = {"TLSv1", "TLSv1.1", "TLSv1.2"}
    if (apache is None or apache >= TLS13_SINCE) and (openssl is None or openssl >= (1, 1, 1)):
        out.add("TLSv1.3")
    if openssl is not None and openssl < (1, 1, 0):
        out.add("SSLv3")
    return frozenset(out)


def default_protocols(
    apache: Version | None, openssl: Version | None
) -> tuple[frozenset[str], str]:
    protocols = all_protocols(apache, openssl) - {"SSLv3"}
    shown = " ".join(p for p in PROTOCOLS if p in protocols)
    which = f"httpd {show(apache)}" if apache else "httpd"
    note = f"{which} default: SSLProtocol all -SSLv3 ({shown})"
    if apache is None or openssl is None:
        note += "; set apache.version and apache.openssl_version in .tlslint.yaml to be exact"
    return protocols, note


def introduced_after(key: str, apache: Version | None) -> Version | None:
    """The version that introduced a directive, when the target httpd is older."""
    since = INTRODUCED.get(key)
    if apache is None or since is None or apache >= since:
        return None
    return since
