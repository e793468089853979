"""Reading files safely: bounded, regular files only; encodings, BOMs, binary content.

Every read of a file a repository supplies goes through :func:`read_bytes`: the file is opened
without blocking (a FIFO cannot hang the run), checked to be a regular file (never a device
such as ``/dev/zero``, a FIFO or a socket) and its size checked *before* anything is read.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from tlslint.model import Location, ReadProblem

# The most any single read takes when the caller names no limit (limits.max_file_size is the
# usual bound; this one holds for files tlslint reads on its own, such as a baseline).
HARD_LIMIT = 64 * 1024 * 1024


class NotRegularFile(OSError):
    """A device, FIFO, socket or directory where a file was expected."""


class TooLarge(OSError):
    """A file over the size limit (refused before it is read)."""


# Texts that stand in for files (real path -> bytes) while ``tlslint fix --diff`` lints its
# own edits without writing them; forked extraction workers inherit it.
OVERLAY: dict[str, bytes] = {}


@contextlib.contextmanager
def overlay() -> Iterator[dict[str, bytes]]:
    """An empty overlay for the block: what it puts in (real path -> bytes) is what reads see."""
    saved = dict(OVERLAY)
    OVERLAY.clear()
    try:
        yield OVERLAY
    finally:
        OVERLAY.clear()
        OVERLAY.update(saved)


def read_bytes(path: str | os.PathLike[str], limit: int = HARD_LIMIT) -> bytes:
    """The content of a regular file of at most ``limit`` bytes; OSError otherwise."""
    if OVERLAY:
        data = OVERLAY.get(os.path.realpath(path))
        if data is not None:
            if len(data) > limit:
                raise TooLarge(errno.EFBIG, f"{len(data):,} bytes is over the {limit:,}-byte limit")
            return data
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise TooLarge(
                errno.EFBIG,
                f"{info.st_size:,} bytes is over the {limit:,}-byte limit; not read",
            )
        chunks: list[bytes] = []
        left = limit + 1  # a file that grows while it is read is still cut at the limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(errno.EFBIG, f"grew over the {limit:,}-byte limit while read")
        return data
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


@dataclass
class Text:
    text: str | None  # None: not readable as text (the problem says why)
    problem: ReadProblem | None = None


def decode(data: bytes, path: str) -> Text:
    """Decode a configuration file.

    Binary content is refused (TLS001). Invalid UTF-8 is a TLS000 problem at the first bad
    line, but the text is still analysed with replacement characters, so nothing is lost.
    UTF-16 files with a BOM are decoded as such; a UTF-8 BOM is dropped.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Text(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        return Text(
            None,
            ReadProblem("file-skipped", "binary content where text was expected", Location(path)),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Text(
            data.decode("utf-8", errors="replace"),
            ReadProblem(
                "parse-error",
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); read with replacement characters",
                Location(path, line, column),
            ),
        )


def read(absolute: str, path: str, limit: int = HARD_LIMIT) -> Text:
    try:
        data = read_bytes(absolute, limit)
    except OSError as exc:
        return Text(None, ReadProblem("file-skipped", f"cannot read: {why(exc)}", Location(path)))
    return decode(data, path)


def why(exc: OSError) -> str:
    """An OSError in a few words (never its file name, which the finding already carries)."""
    return str(exc.strerror or exc.__class__.__name__)
