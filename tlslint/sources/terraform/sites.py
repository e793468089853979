"""Where a fix can be written: the exact place of an attribute, or of the block it belongs in.

A :class:`Site` is computed while the file is parsed (tree-sitter positions are bytes; a
site holds character columns, as :class:`~tlslint.model.TextEdit` wants), so the fixer
never reads a file again. Only HCL has sites: ``.tf.json``, plans and attributes merged from
an override file have none, and neither has an attribute inside a ``dynamic`` block or a
block that is not alone of its type (where a new attribute would go is then ambiguous).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tlslint.model import Location
from tlslint.sources.terraform.expr import ListOf, Lit
from tlslint.sources.terraform.hcl import Attribute, Block, Point

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class Site:
    """An attribute as written (``attribute`` is set) or the block to add it to."""

    path: str
    name: str
    # Written: the attribute's location exactly as its Setting reports it, the span of its
    # value expression (1-based line/column in characters, end exclusive), and what kind of
    # literal the value is ("string", "bool", "number", "null", "strings" for a list of
    # strings) or None for anything computed (a variable, a local, an interpolation, a call…).
    attribute: Location | None = None
    value: tuple[int, int, int, int] | None = None
    literal: str | None = None
    # Absent: insert "<indent><name> = <value>\n" at the start of this line (the line after
    # the block's "{"); ``width`` pads the name so its "=" lines up with the next attribute.
    insert_line: int = 0
    indent: str = ""
    width: int = 0
    # For a TLS requirement (TLS802): the HCL value that makes the service refuse plain text.
    enforcing: str = ""


def valid_path(dotted: str) -> bool:
    return all(_IDENTIFIER.match(part) for part in dotted.split("."))


def attribute_site(attr: Attribute, block: Block, path: str) -> Site | None:
    """The site of a written attribute of ``block`` (parsed from ``path``)."""
    data = block.data
    if attr.value is None or data is None or attr.path is not None:
        return None  # JSON, or merged from an override file: left to a person
    start = _point(data, attr.value[0])
    end = _point(data, attr.value[1])
    return Site(
        path,
        attr.name,
        attribute=attr.span.location(path),
        value=(*start, *end),
        literal=literal_kind(attr),
    )


def insertion_site(block: Block, name: str, path: str) -> Site | None:
    """Where ``name = …`` goes in ``block``: first line of a multi-line block's body."""
    shape, data = block.shape, block.data
    if shape is None or data is None or block.type in ("dynamic", "content"):
        return None
    if shape.opener_row is None or shape.closer_row is None:
        return None
    row = shape.opener_row
    if shape.closer_row <= row:
        return None  # a one-line block: adding a line would need reformatting it
    first = shape.first
    if first is not None and first.row == row:
        return None  # `{ x = 1` on the brace's line
    if first is not None:
        indent = _prefix(data, first)
    else:
        own = _prefix(data, shape.start)
        indent = None if own is None else own + "  "
    if indent is None:
        return None
    width = 0
    if first is not None and shape.first_is_attribute and first.row == row + 1 and shape.equals:
        width = _point(data, shape.equals)[1] - 1 - len(indent)
    return Site(path, name, insert_line=row + 2, indent=indent, width=width)


def literal_kind(attr: Attribute) -> str | None:
    expr, raw = attr.expr, attr.text
    if isinstance(expr, Lit):
        value = expr.value
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, (int, float)):
            return "number"
        if raw.startswith('"') and "\n" not in raw and "${" not in raw and "%{" not in raw:
            return "string"
        return None  # a heredoc: left as written
    if (
        isinstance(expr, ListOf)
        and raw.startswith("[")
        and all(isinstance(a, Lit) and isinstance(a.value, str) for a in expr.items)
        and "${" not in raw
    ):
        return "strings"
    return None


def _point(data: bytes, at: Point) -> tuple[int, int]:
    """A parsed position as a 1-based (line, character column)."""
    line_start = at.byte - at.column
    return at.row + 1, len(data[line_start : at.byte].decode("utf-8", errors="replace")) + 1


def _prefix(data: bytes, at: Point) -> str | None:
    """The whitespace before a position on its line, or None when something else precedes it."""
    text = data[at.byte - at.column : at.byte].decode("utf-8", errors="replace")
    return text if text.strip(" \t") == "" else None
