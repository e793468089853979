"""The key-derivation iteration counts of a PKCS#12 store, read from its DER before any
library is asked to open it.

Opening a store runs its MAC and decryption key derivations for as many iterations as the file
says, in C code that no signal interrupts: a 1 KB file asking for 2^31 iterations blocks for
minutes. A hand-written walk, because no library reads these counts without running them.

Every count in PKCS#12 sits in a SEQUENCE right after its salt (an OCTET STRING): ``MacData``
(RFC 7292), ``pkcs-12PbeParams`` and ``PBKDF2-params`` (RFC 8018). The walk descends into
constructed values and into OCTET STRINGs that hold DER (the authenticated safe), within a
bounded number of values and depth, and returns the largest count found.
"""

from __future__ import annotations

MAX_VALUES = 20_000
MAX_DEPTH = 32
INTEGER, OCTET_STRING = 0x02, 0x04


def _header(data: bytes, i: int, end: int) -> tuple[int, int, int] | None:
    """(tag, start of content, end of content) of the value at ``i``, or None if malformed."""
    if i + 2 > end:
        return None
    tag = data[i]
    if tag & 0x1F == 0x1F:
        return None  # high tag numbers do not occur in PKCS#12
    length = data[i + 1]
    i += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or i + count > end:
            return None
        length = int.from_bytes(data[i : i + count], "big")
        i += count
    if i + length > end:
        return None
    return tag, i, i + length


def largest_iteration_count(data: bytes) -> int:
    """The largest iteration count in a DER PKCS#12 store (0 when none is found)."""
    largest = 0
    budget = MAX_VALUES
    stack: list[tuple[int, int, int]] = [(0, len(data), 0)]  # (start, end, depth)
    while stack and budget > 0:
        start, end, depth = stack.pop()
        i = start
        previous = -1
        while i < end and budget > 0:
            budget -= 1
            parsed = _header(data, i, end)
            if parsed is None:
                break
            tag, content, after = parsed
            if tag == INTEGER and previous == OCTET_STRING and after - content <= 16:
                largest = max(largest, int.from_bytes(data[content:after], "big", signed=True))
            if depth < MAX_DEPTH:
                if tag & 0x20:  # constructed: SEQUENCE, SET, [n] EXPLICIT
                    stack.append((content, after, depth + 1))
                elif tag == OCTET_STRING and after - content > 2 and data[content] == 0x30:
                    stack.append((content, after, depth + 1))  # may wrap more DER
            previous = tag
            i = after
    return largest
