"""SHA-256 for tlslint's cache keys without loading OpenSSL.

``hashlib.sha256`` is OpenSSL's: loading libcrypto costs a one-file check about 2 ms of its
start-up, for a few digests of short strings. CPython's own implementation (what hashlib
falls back to without OpenSSL; the standard library's ``random`` takes its SHA-512 the same
way) gives the same digests. Digests of large or many inputs (certificates) keep hashlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

__all__ = ["sha256"]


class Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


sha256: Callable[[bytes], Hash]
try:
    from _sha2 import sha256  # type: ignore[no-redef,import-not-found,unused-ignore]
except ImportError:  # before CPython 3.12
    try:
        from _sha256 import sha256  # type: ignore[no-redef,import-not-found,unused-ignore]
    except ImportError:  # another interpreter
        from hashlib import sha256
