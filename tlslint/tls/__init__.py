"""What tlslint knows about TLS itself, apart from any file format.

Shared by the sources (reading a config), the rules (judging the model) and the generators
(writing one): protocol names and their order, version numbers, and OpenSSL's cipher suites
with an evaluator for cipher strings. Nothing here knows nginx, Kubernetes or Terraform; this
package is cheap to import (:mod:`.ciphers` builds its tables on first use).

Protocol names and their order, and software version numbers (nginx, OpenSSL), are here.
"""

from __future__ import annotations

# Protocol names in OpenSSL spelling, oldest first; the canonical form in the model.
PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
DEPRECATED_PROTOCOLS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})

Version = tuple[int, ...]


def protocol_rank(name: str) -> int:
    """A protocol's place from oldest (0) to newest; -1 for a name that is not one."""
    return PROTOCOLS.index(name) if name in PROTOCOLS else -1


def parse_version(text: str | None) -> Version | None:
    """'1.22.1' -> (1, 22, 1); None or garbage -> None."""
    if not text:
        return None
    parts: list[int] = []
    for piece in str(text).strip().lstrip("v").split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or None


def at_least(version: Version | None, *wanted: int) -> bool:
    """Whether a known version is ``wanted`` or later (unknown: False)."""
    return version is not None and version >= wanted
