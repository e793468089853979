"""Redaction of key material and secret values from text that reaches an output.

PEM blocks, base64 bodies and hex dumps are removed; names (policies, cipher suites, files)
are kept, so that a message still says what it is about.

Every finding message (``run``) and every line of report evidence (``report.compliance``) passes
through :func:`redact`: a value echoed from a scanned file may hold a private key.
"""

from __future__ import annotations

import functools
import itertools
import re

_PEM_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]+)-----.*?(?:-----END \1-----|\Z)", re.DOTALL | re.IGNORECASE
)
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{32,}={0,2}")
# Hex dumps of keys: 48 bytes or more (a SHA-256 fingerprint, 32 bytes, stays readable), bare
# or with separators ("30:82:04:a4:…", "\\x30\\x82…").
_HEX_RUN = re.compile(
    r"\b(?:[0-9A-Fa-f]{96,}|(?:[0-9A-Fa-f]{2}[:\s]){47,}[0-9A-Fa-f]{2})\b"
    r"|\b[0-9A-Fa-f]{32,}(?=…|\.\.\.)"  # a long value cut short in a message: it was longer
)
_HEX_ESCAPED = re.compile(r"(?:\\x[0-9A-Fa-f]{2}){24,}")
_SECRET_VALUE = re.compile(
    r"(?P<key>\b[\w.-]*(?:password|passphrase|passwd|secret|token|private[_.-]?key|"
    r"api[_.-]?key|tls\.key|key[_.-]?data)[\"']?\s*[:=]\s*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s;,#]+)",
    re.IGNORECASE,
)
REDACTED = "[redacted]"


def _class(c: str) -> int:
    return 0 if c.islower() else 1 if c.isupper() else 2 if c.isdigit() else 3


def _looks_like_key_material(run: str) -> bool:
    """Long base64-like runs with mixed character classes: key or certificate bodies.

    Names are not: ``SecurityPolicy_TLS13_1_2_2021_06``, ``ECDHE-RSA-AES128-GCM-SHA256`` or a
    file name change between lower case, upper case and digits rarely (words), where random
    base64 changes at about two characters in three.
    """
    if "-" in run and "_" not in run and run.count("-") >= 2:
        return False  # cipher lists and names: ECDHE-RSA-AES128-GCM-SHA256
    alnum = [_class(c) for c in run if c.isalnum()]
    if len(set(alnum)) < 3:
        return False
    changes = sum(1 for a, b in itertools.pairwise(alnum) if a != b)
    return changes >= 0.35 * len(alnum)


@functools.lru_cache(maxsize=16384)
def redact(text: str) -> str:
    """The text with PEM blocks, base64 key material and secret-looking values removed."""
    text = _PEM_BLOCK.sub(lambda m: f"-----BEGIN {m.group(1)}----- {REDACTED}", text)
    text = _HEX_ESCAPED.sub(REDACTED, _HEX_RUN.sub(REDACTED, text))
    text = _B64_RUN.sub(
        lambda m: REDACTED if _looks_like_key_material(m.group(0)) else m.group(0), text
    )
    return _SECRET_VALUE.sub(
        lambda m: m.group("key") + (m.group("value") if m.group("value") == REDACTED else REDACTED),
        text,
    )
