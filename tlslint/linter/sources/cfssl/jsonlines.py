"""JSON values with the line of every key, for findings at exact lines.

The standard library's ``json`` gives no positions. This reader walks a document that
``json.loads`` has already accepted (so every error message is the standard library's), using
``json.decoder.scanstring`` for strings and ``json.loads`` for scalars, and records the line of
each object member's key under its path (``("signing", "profiles", "server", "expiry")``); an
array element's line is recorded under its index. Depth is bounded (a hostile document that
nests deeper than :data:`MAX_DEPTH` is refused, as ``json`` refuses one past the recursion
limit), and work is linear in the text.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, cast

MAX_DEPTH = 64
_SPACE = re.compile(r"[ \t\n\r]*")
# json.loads also accepts NaN and (-)Infinity.
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")

Path = tuple[str | int, ...]


class TooDeep(ValueError):
    """The document nests deeper than MAX_DEPTH."""


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path, int] = {}
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        import bisect

        return bisect.bisect_left(self._newlines, offset) + 1

    def skip(self, at: int) -> int:
        match = _SPACE.match(self.text, at)
        return match.end() if match else at

    def value(self, at: int, path: Path) -> tuple[Any, int]:
        if len(path) > MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        at = self.skip(at)
        char = self.text[at]
        if char == "{":
            return self.members(at + 1, path)
        if char == "[":
            return self.elements(at + 1, path)
        if char == '"':
            return cast(tuple[Any, int], scanstring(self.text, at + 1))
        match = _SCALAR.match(self.text, at)
        if match is None:
            raise ValueError(f"unexpected character at offset {at}")
        return json.loads(match.group(0)), match.end()

    def members(self, at: int, path: Path) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        at = self.skip(at)
        if self.text[at] == "}":
            return out, at + 1
        while True:
            at = self.skip(at)
            key_at = at
            key, at = scanstring(self.text, at + 1)
            at = self.skip(at) + 1  # the colon
            self.lines[(*path, key)] = self.line(key_at)
            out[key], at = self.value(at, (*path, key))
            at = self.skip(at)
            if self.text[at] == "}":
                return out, at + 1
            at += 1  # the comma

    def elements(self, at: int, path: Path) -> tuple[list[Any], int]:
        out: list[Any] = []
        at = self.skip(at)
        if self.text[at] == "]":
            return out, at + 1
        while True:
            at = self.skip(at)
            self.lines[(*path, len(out))] = self.line(at)
            item, at = self.value(at, (*path, len(out)))
            out.append(item)
            at = self.skip(at)
            if self.text[at] == "]":
                return out, at + 1
            at += 1


def load(text: str) -> tuple[Any, dict[Path, int]]:
    """The document and the line of each key; raises ``json.JSONDecodeError`` (with the
    standard library's message and position) or :class:`TooDeep`."""
    json.loads(text)  # the standard library judges validity and words the errors
    reader = _Reader(text)
    value, _end = reader.value(0, ())
    return value, reader.lines
