"""Making untrusted text safe to print on a terminal or in a CI log.

File names, messages and values come from the scanned repository. Printed raw, a newline in a
file name starts a new line that a CI runner reads as a command (``::error::…`` in GitHub
Actions), an escape sequence repaints the terminal, and a name that is not UTF-8 cannot be
encoded at all. :func:`escape` turns every such character into a visible escape.
"""

from __future__ import annotations

import re

from tlslint.lazyre import LazyPattern

# C0 and C1 controls, DEL, line/paragraph separators, bidirectional overrides and isolates,
# and lone surrogates (the bytes of a file name that is not UTF-8, as Python decodes them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control, separator, bidi-override and undecodable character shown as
    a backslash escape; tabs too, so a value always stays on its line and in its column."""
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


_UNSAFE_KEEP_LINES = LazyPattern(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escape_lines(text: str) -> str:
    """Like :func:`escape`, but keeps line feeds and carriage returns, for a format that
    encodes them itself (GitHub workflow commands write them as %0A and %0D)."""
    return _UNSAFE_KEEP_LINES.sub(_visible, text)


_UNDECODABLE = LazyPattern("[\udc80-\udcff]")


def escape_undecodable(text: str) -> str:
    """Only the bytes of a name that is not UTF-8 shown as ``\\xNN`` (for formats that escape
    the rest themselves)."""
    return _UNDECODABLE.sub(_visible, text)
