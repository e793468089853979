"""Redaction of key material and secret values from text that reaches an output.

Every finding message (``run``) and every line of report evidence (``report.compliance``) passes
through :func:`redact`: a value echoed from a scanned file may hold a private key.
"""

from __future__ import annotations

import functools
import re

_PEM_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]+)-----.*?(?:-----END \1-----|\Z)", re.DOTALL | re.IGNORECASE
)
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{32,}={0,2}")
_SECRET_VALUE = re.compile(
    r"(?P<key>\b[\w.-]*(?:password|passphrase|passwd|secret|token|private[_.-]?key|"
    r"api[_.-]?key|tls\.key|key[_.-]?data)[\"']?\s*[:=]\s*)(?P<value>\"[^\"]*\"|'[^']*'|[^\s;,#]+)",
    re.IGNORECASE,
)
REDACTED = "[redacted]"


def _looks_like_key_material(run: str) -> bool:
    """Long base64-like runs with mixed character classes: key or certificate bodies."""
    if "-" in run and "_" not in run and run.count("-") >= 2:
        return False  # cipher lists and names: ECDHE-RSA-AES128-GCM-SHA256
    classes = sum(
        (
            any(c.islower() for c in run),
            any(c.isupper() for c in run),
            any(c.isdigit() for c in run),
        )
    )
    return classes == 3


@functools.lru_cache(maxsize=16384)
def redact(text: str) -> str:
    """The text with PEM blocks, base64 key material and secret-looking values removed."""
    text = _PEM_BLOCK.sub(lambda m: f"-----BEGIN {m.group(1)}----- {REDACTED}", text)
    text = _B64_RUN.sub(
        lambda m: REDACTED if _looks_like_key_material(m.group(0)) else m.group(0), text
    )
    return _SECRET_VALUE.sub(
        lambda m: m.group("key") + (m.group("value") if m.group("value") == REDACTED else REDACTED),
        text,
    )
