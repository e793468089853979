"""What a unit's reading looked up on disk beyond the unit's own files, so that a later run can
tell whether reading the unit again would give the same model.

A source that resolves references itself (nginx's ``include``, which tries several places and
expands globs, follows symbolic links and reads files no source claims, such as ``mime.types``
or a DH parameters file) makes its file system lookups through :class:`Lookups`, which answers
them and records each answer. The unit cache (``pipeline/units.py``) reuses a unit's model
only when every recorded lookup, made again, answers as it did: a file read has the same size,
times and inode, a path tested is still (or still not) a file, a glob lists the same names, a
link leads to the same place.
"""

from __future__ import annotations

import glob
import os
from typing import Any

Lookup = list[Any]  # [what, its argument, the answer]


def _signature(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _glob(pattern: str, root_dir: str) -> list[str]:
    return sorted(glob.glob(pattern, root_dir=root_dir))


# What each lookup is, made again: the answer it gives now for its argument.
_ANSWERS: dict[str, Any] = {
    "file": _signature,
    "isfile": os.path.isfile,
    "isdir": os.path.isdir,
    "islink": os.path.islink,
    "realpath": os.path.realpath,
    "glob": lambda argument: _glob(*argument),
}


def _key(what: str, argument: Any) -> tuple[str, str]:
    """A lookup's identity (raises TypeError for an argument no lookup takes)."""
    return what, argument if isinstance(argument, str) else "\0".join(argument)


class Lookups:
    """Answers file system lookups, recording each one made, once (a lookup made again in the
    same reading gets the first answer)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Lookup] = {}

    @property
    def made(self) -> list[Lookup]:
        return list(self._made.values())

    def _answer(self, what: str, argument: Any) -> Any:
        key = _key(what, argument)
        known = self._made.get(key)
        if known is None:
            known = self._made[key] = [what, argument, _ANSWERS[what](argument)]
        return known[2]

    def file(self, path: str) -> list[int] | None:
        """The signature (size, modification and change times, inode) of a file about to be
        read, or None when there is none: what it holds is what the signature stands for."""
        answer: list[int] | None = self._answer("file", path)
        return answer

    def isfile(self, path: str) -> bool:
        return bool(self._answer("isfile", path))

    def isdir(self, path: str) -> bool:
        return bool(self._answer("isdir", path))

    def islink(self, path: str) -> bool:
        return bool(self._answer("islink", path))

    def realpath(self, path: str) -> str:
        return str(self._answer("realpath", path))

    def glob(self, pattern: str, root_dir: str) -> list[str]:
        """The paths matching ``pattern`` below ``root_dir``, relative to it, sorted."""
        answer: list[str] = self._answer("glob", [pattern, root_dir])
        return answer


def still_answered(made: Any, answers: dict[tuple[str, str], Any] | None = None) -> bool:
    """Whether every lookup, made again, gives the answer recorded (a malformed record: no).
    ``answers`` keeps what lookups answered now, for the other units of the same run (the
    same directory is asked about for many units)."""
    if not isinstance(made, list):
        return False
    now = {} if answers is None else answers
    for lookup in made:
        if not (isinstance(lookup, list) and len(lookup) == 3 and lookup[0] in _ANSWERS):
            return False
        what, argument, answer = lookup
        try:
            key = _key(what, argument)
            if key not in now:
                now[key] = _ANSWERS[what](argument)
            if now[key] != answer:
                return False
        except (TypeError, ValueError, OSError):
            return False
    return True


def files_read(made: list[Lookup]) -> list[list[int]]:
    """The signatures of the files the lookups read (to tell whether one changed just now)."""
    return [answer for what, _, answer in made if what == "file" and answer is not None]
