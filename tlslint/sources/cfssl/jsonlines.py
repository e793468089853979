"""JSON values with the line of every key, for findings at exact lines.

The standard library's ``json`` gives no positions. ``json.loads`` reads the values (and
words every error); then one regular-expression pass over the text's structural tokens — key
strings (a string followed by ``:``), other strings (skipped whole, so nothing inside them
counts), braces, brackets and commas — keeps the path of open objects and arrays and records
the line of each object member's key under its path (``("signing", "profiles", "server",
"expiry")``) and of each array element under its index. In valid JSON a string followed by a
colon is always a key, so the lines are exact. Depth is bounded (a document nesting deeper
than :data:`MAX_DEPTH` is refused); work is linear in the text.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64
_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|[{}\[\],]|[^\s"{}\[\],]+', re.S)

Path = tuple[str | int, ...]


class TooDeep(ValueError):
    """The document nests deeper than MAX_DEPTH."""


def load(text: str) -> tuple[Any, dict[Path, int]]:
    """The document and the line of each key; raises ``json.JSONDecodeError`` (with the
    standard library's message and position) or :class:`TooDeep`."""
    value = json.loads(text)  # the standard library judges validity and words the errors
    return value, key_lines(text)


def key_lines(text: str) -> dict[Path, int]:
    """The line of every key (and array element) of a valid JSON document, by path."""
    lines: dict[Path, int] = {}
    path: list[str | int] = []  # the key or index of each open container
    arrays: list[bool] = []  # whether each open container is an array
    pending = False  # an array element starts at the next token
    line, last = 1, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", last, start)
        last = start
        token = match.group(0)
        if pending and token not in "]":
            lines[tuple(path)] = line
            pending = False
        if match.group(2):  # a key
            raw = match.group(1)
            key = json.loads(raw) if "\\" in raw else raw[1:-1]
            path[-1] = key
            lines[tuple(path)] = line
        elif token in ("{", "["):
            if len(path) >= MAX_DEPTH:
                raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
            array = token == "["
            arrays.append(array)
            path.append(0 if array else "")
            pending = array
        elif token in ("}", "]"):
            if path:
                path.pop()
                arrays.pop()
            pending = False
        elif token == "," and arrays and arrays[-1]:
            path[-1] = int(path[-1]) + 1
            pending = True
    return lines
