"""Atomic file writes: a temporary file in the same directory, then a rename.

A failed write leaves the original file untouched; an existing file keeps its mode; a symbolic
link stays a link (its target is written).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_text(path: Path, text: str, encoding: str = "utf-8", mode: int | None = None) -> None:
    """Write ``text``; ``mode`` forces the file mode (the temporary file is 0600 until then)."""
    write_bytes(path, text.encode(encoding), mode)


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    path = Path(path)
    if path.is_symlink():  # write through the link: replacing it would turn it into a copy
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    existing: int | None = None
    with contextlib.suppress(FileNotFoundError):
        existing = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif existing is not None:
            os.chmod(tmp, existing)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
