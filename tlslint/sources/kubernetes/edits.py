"""Where ``tlslint fix`` may write in a manifest, computed from the YAML marks at read time.

A value is replaced exactly where its characters are (the Location of an editable scalar
carries its end, see ``reader.editable``); a new key is added after the last entry of a block
mapping (at the end of that entry's line, with the entries' indentation, so a trailing comment
stays where it was) or before the ``}`` of a flow mapping; a list is rewritten between its first
and last item. Nothing that an alias shares is ever edited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tlslint.model import Location, TextEdit
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq, resolve

_SIMPLE = re.compile(r"^[A-Za-z0-9 ._:/+!-]*$")  # needs no escape in any quoting style
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/+-]*(?: [A-Za-z0-9][A-Za-z0-9._/+-]*)*$")


@dataclass(frozen=True)
class MapSpot:
    """Where a new entry goes in a mapping."""

    path: str
    line: int
    column: int
    indent: int  # spaces before a block entry
    flow: bool
    empty: bool

    def add(self, entries: list[tuple[str, str]]) -> TextEdit:
        """Insert ``key: value`` entries (values already rendered)."""
        if self.flow:
            text = ", ".join(f"{k}: {v}" for k, v in entries)
            text = text if self.empty else ", " + text
        else:
            text = "".join(f"\n{' ' * self.indent}{k}: {v}" for k, v in entries)
        return TextEdit(self.path, self.line, self.column, self.line, self.column, text)

    def add_map(self, key: str, entries: list[tuple[str, str]]) -> TextEdit:
        """Insert ``key:`` holding a new mapping of entries."""
        if self.flow:
            inner = ", ".join(f"{k}: {v}" for k, v in entries)
            return self.add([(key, "{" + inner + "}")])
        inner = "".join(f"\n{' ' * (self.indent + 2)}{k}: {v}" for k, v in entries)
        text = f"\n{' ' * self.indent}{key}:{inner}"
        return TextEdit(self.path, self.line, self.column, self.line, self.column, text)


@dataclass(frozen=True)
class SeqSpot:
    """The items of a list of scalars, to rewrite them all at once."""

    path: str
    start: tuple[int, int]  # the first item
    end: tuple[int, int]  # after the last item
    separator: str  # "\n    - " (block) or ", " (flow)

    def replace(self, items: list[str]) -> TextEdit | None:
        if not items:
            return None
        return TextEdit(self.path, *self.start, *self.end, self.separator.join(items))


def map_spot(path: str, lines: list[str], mapping: Map | None) -> MapSpot | None:
    if mapping is None or mapping.shared:
        return None
    if mapping.flow:
        if not mapping.end_line:
            return None
        return MapSpot(path, mapping.end_line, mapping.end_column - 1, 0, True, not mapping.entries)
    if not mapping.entries or any(key.shared for key, _ in mapping.entries.values()):
        return None  # entries merged in from an anchor (`<<: *base`): their lines are elsewhere
    first_key = next(iter(mapping.entries.values()))[0]
    last_key, last_value = list(mapping.entries.values())[-1]
    line = max(last_key.line, _last_line(last_value))
    if not 0 < line <= len(lines):
        return None
    column = len(lines[line - 1].rstrip("\r\n")) + 1
    return MapSpot(path, line, column, first_key.column - 1, False, False)


def _last_line(node: Node) -> int:
    """The last line a value occupies (block collections: their last item's)."""
    if isinstance(node, Scalar):
        if node.style in ("|", ">") and node.end_column == 1:
            return node.end_line - 1
        return node.end_line or node.line
    if isinstance(node, (Map, Seq)) and node.flow:
        return node.end_line or node.line
    if isinstance(node, Map) and node.entries:
        key, value = list(node.entries.values())[-1]
        return max(key.line, _last_line(value))
    if isinstance(node, Seq) and node.items:
        return _last_line(node.items[-1])
    return node.line


def seq_spot(path: str, seq: Seq | None) -> SeqSpot | None:
    """A list whose items are all editable single scalars."""
    if seq is None or seq.shared or not seq.items:
        return None
    items = seq.items
    if not all(isinstance(i, Scalar) and i.end_line and i.style not in ("|", ">") for i in items):
        return None
    first, last = items[0], items[-1]
    if seq.flow:
        separator = ", "
    else:
        gap = max(1, first.column - seq.column - 1)
        separator = "\n" + " " * (seq.column - 1) + "-" + " " * gap
    return SeqSpot(path, (first.line, first.column), (last.end_line, last.end_column), separator)


def replace_value(
    location: Location, raw: str, value: str | int, string: bool = True
) -> TextEdit | None:
    """Replace an editable scalar (its Location carries its end) by a value, keeping its style.

    A quoted value keeps its quotes (only the text between them changes); a plain value stays
    plain where the new one reads back as the same string (an int stays a number where the
    field is not a string); anything else is double-quoted, as Kubernetes wants strings in
    annotations and ConfigMap data.
    """
    if not location.end_line or not location.line:
        return None
    text = str(value)
    width = location.end_column - location.column if location.end_line == location.line else -1
    if width == len(raw) + 2 and _SIMPLE.match(text):  # quoted, without escapes
        return TextEdit(
            location.path,
            location.line,
            location.column + 1,
            location.end_line,
            location.end_column - 1,
            text,
        )
    plain = width == len(raw) and raw != ""
    number = isinstance(value, int) and not string
    keeps_plain = plain and bool(_PLAIN.match(text)) and resolve(text, True) == text
    new = text if number or keeps_plain else quoted(text)
    return TextEdit(
        location.path, location.line, location.column, location.end_line, location.end_column, new
    )


def quoted(text: str) -> str:
    return json.dumps(text)
