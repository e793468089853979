"""Atomic file writes: a temporary file in the same directory, then a rename.

A failed write leaves the original file untouched; an existing file keeps its mode and, where
the process may set it, its owner; a symbolic link stays a link (its target is written).
Temporary files are named ``.<name>.<random>.tlslint-tmp``: one left behind by a killed run is
recognisable, never read as configuration, and removed by the next ``tlslint fix``.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

TEMP_SUFFIX = ".tlslint-tmp"


class ChangedError(OSError):
    """The file changed between the moment it was read and the moment it was to be replaced."""


def write_text(path: Path, text: str, encoding: str = "utf-8", mode: int | None = None) -> None:
    """Write ``text``; ``mode`` forces the file mode (the temporary file is 0600 until then)."""
    write_bytes(path, text.encode(encoding), mode)


def write_bytes(
    path: Path, data: bytes, mode: int | None = None, expect: bytes | None = None
) -> None:
    """Replace ``path`` with ``data``; with ``expect``, only if it still holds exactly that
    (checked again just before the rename; raises :class:`ChangedError` otherwise)."""
    import tempfile  # here, not at import time: discovery imports this module for its names

    path = Path(path)
    if path.is_symlink():  # write through the link: replacing it would turn it into a copy
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    existing: os.stat_result | None = None
    with contextlib.suppress(FileNotFoundError):
        existing = path.stat()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
            if hasattr(os, "chown"):
                with contextlib.suppress(OSError):  # only a privileged process may
                    os.chown(tmp, existing.st_uid, existing.st_gid)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
        if expect is not None and _current(path) != expect:
            raise ChangedError(0, "changed since tlslint read it")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _current(path: Path) -> bytes | None:
    from tlslint.pipeline.reading import read_bytes

    try:
        return read_bytes(path)
    except OSError:
        return None


def remove_stale_temporaries(directory: Path, name: str) -> None:
    """Remove temporary files of ``name`` that an interrupted run left in ``directory``."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if entry.name.startswith(f".{name}.") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
