"""HCL and Terraform JSON read into one small tree of blocks, attributes and expressions.

The parser is tree-sitter with the tree-sitter-hcl grammar (both wheels on PyPI), chosen by
measurement (``bench/hcl_parsers.py``; this machine, Python 3.11, tree-sitter 0.26,
tree-sitter-hcl 1.2, python-hcl2 8.1; synthetic Terraform from ``bench/terraform_bench.py``):

=================  ==========  ========  =========  ==========  ===========================
parser             set-up      10 KB     100 KB     1 MB        on a syntax error
=================  ==========  ========  =========  ==========  ===========================
tree-sitter-hcl    19 ms       0.004 s   0.036 s    0.36 s      partial tree, ERROR and
                                                                MISSING nodes with positions
python-hcl2        135 ms [1]  0.15 s    0.54 s     18.6 s      UnexpectedToken, no tree
=================  ==========  ========  =========  ==========  ===========================

[1] with lark's grammar cache warm; the issue measured 1.7 s cold. python-hcl2 grows faster
than linearly (1 MB: 51x slower), and lark can hang on corrupt input.

python-hcl2 (what checkov uses) also drops comments and exact positions and returns values
as ``${…}``-wrapped strings, so lines would have to be guessed. tree-sitter gives every node's
line, column and byte span, recovers after a syntax error (the first ERROR node becomes a
TLS000 with its line; an unclosed bracket at the end of the file is reported where it opens),
and runs in C. It is imported only when a Terraform file is present (:func:`parser`).

Expressions are converted into a small tree (:mod:`.expr`) that :mod:`.values` evaluates;
anything outside the subset that matters for TLS settings (for expressions, splats, …) is
kept as an opaque expression whose value is unknown.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tlslint.model import Location
from tlslint.sources.terraform.expr import (
    Call,
    Cond,
    Expr,
    Index,
    ListOf,
    Lit,
    MapOf,
    Opaque,
    Ref,
    Template,
)

MAX_DEPTH = 200  # nesting of expressions and blocks before we stop descending


@dataclass(frozen=True)
class Span:
    """Where an attribute or block is: 1-based line/column, and the byte range."""

    line: int
    column: int
    end_line: int
    end_column: int
    start_byte: int = 0
    end_byte: int = 0

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


class Point(NamedTuple):
    """A place in the parsed bytes: offset, and 0-based row and byte column (tree-sitter's)."""

    byte: int
    row: int
    column: int


def _start(node: Any) -> Point:
    return Point(node.start_byte, node.start_point[0], node.start_point[1])


def _end(node: Any) -> Point:
    return Point(node.end_byte, node.end_point[0], node.end_point[1])


class Attribute:
    """``name = expression``, converted while the file's syntax tree is alive, or when first
    evaluated.

    Nothing keeps a tree-sitter node: each file's tree is freed as soon as it is converted
    (trees cost about ten times the text). ``value`` is where the expression sits in ``data``
    (for fixes). A ``deferred`` attribute (a module argument, a local, a variable's default:
    most never reach a TLS setting) is converted from its own bytes, parsed again alone, the
    first time it is evaluated; an attribute whose value can never matter is not converted
    and reads as an opaque expression."""

    __slots__ = ("_expr", "_span", "_text", "data", "deferred", "name", "path", "value")

    def __init__(
        self,
        name: str,
        expr: Expr | None,
        span: Span,
        text: str | None,
        value: tuple[Point, Point] | None = None,
        data: bytes | None = None,
        deferred: bool = False,
    ) -> None:
        self.name = name
        self._expr = expr
        self._span = span
        self._text = text
        self.value = value
        self.data = data  # the file's bytes, when parsed from HCL
        self.deferred = deferred
        self.path: str | None = None  # set when merged from another file (override.tf)

    @property
    def expr(self) -> Expr:
        if self._expr is None:
            if self.deferred and self.value is not None and self.data is not None:
                self._expr = _reparsed(self.data[self.value[0].byte : self.value[1].byte])
            else:
                self._expr = Opaque(self.text)
        return self._expr

    @property
    def span(self) -> Span:
        return self._span

    @property
    def text(self) -> str:
        """The expression as written (for messages and fixes)."""
        if self._text is None:
            if self.value is None or self.data is None:
                return ""
            start, end = self.value
            self._text = self.data[start.byte : end.byte].decode("utf-8", errors="replace")
        return self._text


@dataclass(frozen=True)
class Shape:
    """What a fix needs of a block's layout (where its braces and first entry are)."""

    start: Point
    opener_row: int | None  # row of "{", None when missing
    closer_row: int | None  # row of "}", None when missing
    first: Point | None = None  # the body's first attribute or block
    first_is_attribute: bool = False
    equals: Point | None = None  # the "=" of that first attribute


@dataclass
class Block:
    type: str
    labels: tuple[str, ...]
    span: Span
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    path: str | None = None  # set when merged from another file (override.tf)
    # Its layout and the bytes it was parsed from (HCL only): exact positions for fixes (see
    # :mod:`.sites`), kept instead of the syntax tree.
    shape: Shape | None = field(default=None, repr=False, compare=False)
    data: bytes | None = field(default=None, repr=False, compare=False)

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]


@dataclass
class ParsedFile:
    path: str
    blocks: list[Block]
    error: tuple[str, int, int] | None = None  # message, line, column of the first error
    attributes: dict[str, Attribute] = field(default_factory=dict)  # top level (tfvars)


@functools.cache
def parser() -> Any:
    """The tree-sitter parser for HCL (imported on first use)."""
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


def _span(node: Any) -> Span:
    (l1, c1), (l2, c2) = node.start_point, node.end_point
    return Span(l1 + 1, c1 + 1, l2 + 1, c2 + 1, node.start_byte, node.end_byte)


def _text(node: Any) -> str:
    return node.text.decode("utf-8", errors="replace")  # type: ignore[no-any-return]


def _first_error(root: Any, data: bytes = b"") -> tuple[str, int, int] | None:
    if not root.has_error:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            line, col = node.start_point
            if node.end_byte >= len(data.rstrip()):
                opener = _unclosed(data)
                if opener:
                    char, line1, col1 = opener
                    return (f"syntax error: {char!r} is never closed", line1, col1)
            if node.is_missing:
                return (f"syntax error: missing {node.type!r}", line + 1, col + 1)
            snippet = _text(node).split("\n", 1)[0][:40]
            return (f"syntax error near {snippet!r}", line + 1, col + 1)
        if node.has_error:
            stack.extend(reversed(node.children))
    line, col = root.start_point
    return ("syntax error", line + 1, col + 1)


_CLOSERS = {"{": "}", "[": "]", "(": ")"}
_HEREDOC = re.compile(rb"<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$")


def _unclosed(data: bytes) -> tuple[str, int, int] | None:
    """The last bracket never closed (for errors at end of file), skipping strings/comments.

    A scan of brackets, strings, comments and heredocs only: tree-sitter reports an unclosed
    bracket at the end of the file, where the user cannot see which one it was."""
    opened: list[tuple[str, int, int]] = []
    heredoc: bytes | None = None
    in_block_comment = False
    for number, line in enumerate(data.split(b"\n"), start=1):
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        in_block_comment, in_string = _scan_line(line, number, opened, in_block_comment)
        match = _HEREDOC.search(line)
        if match and not in_string:
            heredoc = match.group(1)
    return opened[-1] if opened else None


def _scan_line(
    line: bytes, number: int, opened: list[tuple[str, int, int]], in_block_comment: bool
) -> tuple[bool, bool]:
    """Brackets of one line onto ``opened``; whether a block comment or a string is still open."""
    i = 0
    in_string = False
    while i < len(line):
        if in_block_comment:
            end = line.find(b"*/", i)
            if end < 0:
                return True, False
            in_block_comment, i = False, end + 2
            continue
        if in_string:
            i, in_string = _string_end(line, i)
            continue
        ch, two = line[i : i + 1], line[i : i + 2]
        if ch == b"#" or two == b"//":
            break
        if two == b"/*":
            in_block_comment, i = True, i + 2
            continue
        if ch == b'"':
            in_string = True
        else:
            _bracket(ch.decode("latin-1"), number, i + 1, opened)
        i += 1
    return in_block_comment, in_string


def _string_end(line: bytes, i: int) -> tuple[int, bool]:
    """Past the closing quote of a string from ``i``; whether it is still open at line end."""
    while i < len(line):
        ch = line[i : i + 1]
        if ch == b"\\":
            i += 2
        elif ch == b'"':
            return i + 1, False
        else:
            i += 1
    return i, True


def _bracket(ch: str, number: int, column: int, opened: list[tuple[str, int, int]]) -> None:
    if ch in _CLOSERS:
        opened.append((ch, number, column))
    elif ch in ("}", "]", ")") and opened:
        opened.pop()


def _reparsed(source: bytes) -> Expr:
    """An expression parsed again on its own, as the value of ``_ = <source>``: the same
    expression node as in its file (only deferred attributes of files parsed without error
    come here, and an expression's syntax does not depend on what surrounds it)."""
    tree = parser().parse(b"_ = " + source + b"\n")
    root = tree.root_node
    try:
        node = root.children[0].children[0].children[-1]
    except IndexError:
        node = None
    if root.has_error or node is None:  # not expected; unknown rather than a guess
        return Opaque(source.decode("utf-8", errors="replace"))
    return convert(node)


Keep = Callable[[str, tuple[str, ...]], bool]


def parse_hcl(data: bytes, path: str, keep: Keep | None = None) -> ParsedFile:
    """Parse HCL; top-level blocks for which ``keep(type, labels)`` is false are read without
    their bodies (a resource that carries no TLS setting costs its labels only)."""
    tree = parser().parse(data)
    root = tree.root_node
    blocks: list[Block] = []
    attributes: dict[str, Attribute] = {}
    for child in root.children:
        if child.type == "body":
            attrs, found = _body_blocks(child, 0, keep, data, defer_ok=not root.has_error)
            blocks.extend(found)
            attributes.update(attrs)
    return ParsedFile(path, blocks, _first_error(root, data), attributes)


# A variable's value is its default (or what a caller passes); its type, description and
# validation blocks never matter, and are not even kept.
_VARIABLE_VALUES = frozenset({"default"})

# Top-level blocks whose attributes are converted when first evaluated (see
# :class:`Attribute`): the arguments of a call to a module outside the repository, and most
# locals and defaults, are never evaluated at all.
_DEFERRED = frozenset({"module", "locals", "variable"})


def _body_blocks(
    body: Any,
    depth: int,
    keep: Keep | None = None,
    data: bytes | None = None,
    values: frozenset[str] | None = None,
    defer_ok: bool = False,
) -> tuple[dict[str, Attribute], list[Block]]:
    """Attributes and blocks of a body; only the attributes named in ``values`` (every one
    when None) have their expressions converted. ``defer_ok``: the file parsed without
    error, so the attributes of its :data:`_DEFERRED` blocks may be converted later."""
    attrs, blocks, _ = _body(body, depth, keep, data, values, defer_ok=defer_ok)
    return attrs, blocks


def _body(
    body: Any,
    depth: int,
    keep: Keep | None,
    data: bytes | None,
    values: frozenset[str] | None,
    defer: bool = False,
    defer_ok: bool = False,
) -> tuple[dict[str, Attribute], list[Block], Any]:
    """:func:`_body_blocks`, and the body's first attribute or block node (for its
    :class:`Shape`). One pass over the children: a syntax node is a new Python object each
    time it is asked for, and a large file has hundreds of thousands of them. ``defer``:
    this body's attributes are converted when first evaluated."""
    attrs: dict[str, Attribute] = {}
    blocks: list[Block] = []
    first = None
    if depth > MAX_DEPTH:
        return attrs, blocks, first
    for node in body.children:
        kind = node.type
        if kind == "attribute":
            if first is None:
                first = node
            parts = node.children
            if len(parts) < 3:
                continue
            expr_node = parts[-1]
            name = _text(parts[0])
            if values is _VARIABLE_VALUES and name not in values:
                continue  # a variable's type, description…: never a value
            wanted = values is None or name in values
            attrs[name] = Attribute(
                name,
                convert(expr_node) if wanted and not defer else None,
                _span(node),
                None,
                (_start(expr_node), _end(expr_node)),
                data,
                deferred=wanted and defer,
            )
        elif kind == "block":
            if first is None:
                first = node
            if values is not _VARIABLE_VALUES:  # not validation {}
                blocks.append(_block(node, depth + 1, keep, data, values, defer_ok))
    return attrs, blocks, first


def _block(
    node: Any,
    depth: int,
    keep: Keep | None = None,
    data: bytes | None = None,
    values: frozenset[str] | None = None,
    defer_ok: bool = False,
) -> Block:
    type_ = ""
    labels: list[str] = []
    attrs: dict[str, Attribute] = {}
    blocks: list[Block] = []
    opener = closer = first = None
    complete = False
    for child in node.children:
        kind = child.type
        if kind == "identifier":
            if type_:
                labels.append(_text(child))
            else:
                type_ = _text(child)
        elif kind == "string_lit":
            labels.append("".join(_text(c) for c in child.children if c.type == "template_literal"))
        elif kind == "block_start":
            opener = child
        elif kind == "block_end":
            closer = child
        elif kind == "body":
            if keep is not None and not keep(type_, tuple(labels)):
                break
            if depth == 1 and type_ == "variable":
                values = _VARIABLE_VALUES
            defer = defer_ok and depth == 1 and type_ in _DEFERRED
            attrs, blocks, first = _body(child, depth, None, data, values, defer)
    else:
        complete = True
    # Fixes add attributes to resources and their nested blocks, never to these, nor to a
    # resource whose body was not read (break above: no builder reads its type).
    fixed = complete and type_ not in _NOT_FIXED and values is None
    shape = _shape(node, opener, closer, first) if fixed else None
    return Block(type_, tuple(labels), _span(node), attrs, blocks, shape=shape, data=data)


_NOT_FIXED = frozenset({"variable", "locals", "module", "output", "data", "provider"})


def _shape(node: Any, opener: Any, closer: Any, first: Any) -> Shape:
    equals = None
    is_attribute = first is not None and first.type == "attribute"
    if is_attribute:
        sign = next((c for c in first.children if c.type == "="), None)
        equals = _start(sign) if sign is not None else None
    return Shape(
        start=_start(node),
        opener_row=opener.start_point[0] if opener is not None else None,
        closer_row=closer.start_point[0] if closer is not None else None,
        first=_start(first) if first is not None else None,
        first_is_attribute=is_attribute,
        equals=equals,
    )


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text
    text = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)
    return text.replace("$${", "${").replace("%%{", "%{")


def convert(node: Any, depth: int = 0) -> Expr:
    """An expression node as an :class:`~.expr.Expr`: one small converter per node type."""
    if depth > MAX_DEPTH:
        return Opaque("expression nested too deeply")
    converter = _CONVERTERS.get(node.type)
    if converter is None:
        return Opaque(_text(node))  # operations, for expressions, …
    return converter(node, depth)


def _expression(node: Any, depth: int) -> Expr:
    children = node.children
    if not children:
        return Opaque(_text(node))
    first = children[0]
    kind = first.type
    if kind == "literal_value" and len(children) == 1 and depth + 2 <= MAX_DEPTH:
        # Most expressions are one literal: converted here, as the nested converters would
        # (expression > literal_value > string_lit…), without their calls.
        return _literal(first.children[0], depth + 2)
    if kind == "variable_expr" or (kind == "function_call" and len(children) > 1):
        return _traversal(node, depth)
    if len(children) > 1 and children[1].type in ("index", "get_attr", "splat"):
        # (expr)[key] or a splat on a non-variable: keep index on the first part
        base = convert(first, depth + 1)
        return _apply_postfix(base, children[1:], node, depth)
    return convert(first, depth + 1)


def _literal(node: Any, depth: int) -> Expr:
    """The child of a ``literal_value``, as :func:`convert` would convert it."""
    kind = node.type
    if kind == "string_lit":
        return _string(node, depth)
    if kind == "bool_lit":
        return _bool(node, depth)
    if kind == "null_lit":
        return _null(node, depth)
    return convert(node, depth)


def _first_child(node: Any, depth: int) -> Expr:
    """A wrapper node (literal_value, collection_value, template_expr): its only child."""
    return convert(node.children[0], depth + 1)


def _number(node: Any, depth: int) -> Expr:
    text = _text(node)
    try:
        return Lit(int(text))
    except ValueError:
        try:
            return Lit(float(text))
        except ValueError:
            return Opaque(text)


def _bool(node: Any, depth: int) -> Expr:
    return Lit(_text(node) == "true")


def _null(node: Any, depth: int) -> Expr:
    return Lit(None)


def _string(node: Any, depth: int) -> Expr:
    parts = [_text(c) for c in node.children if c.type == "template_literal"]
    return Lit(_unescape(parts[0] if len(parts) == 1 else "".join(parts)))


def _template(node: Any, depth: int) -> Expr:
    """A quoted template or a heredoc: literal text and interpolations."""
    kind = node.type
    parts: list[str | Expr] = []
    for c in node.children:
        if c.type == "template_literal":
            if kind == "quoted_template":
                parts.append(_unescape(_text(c)))
            elif not parts:  # a heredoc's first line: keep its indentation for <<-
                parts.append(" " * c.start_point[1] + _text(c))
            else:
                parts.append(_text(c))
        elif c.type == "template_interpolation":
            inner = [x for x in c.children if x.type == "expression"]
            parts.append(convert(inner[0], depth + 1) if inner else Opaque(_text(c)))
        elif c.type == "template_directive":
            parts.append(Opaque(_text(c)))
    if kind == "heredoc_template" and any(
        c.type == "heredoc_start" and b"-" in c.text for c in node.children
    ):
        parts = _dedent(parts)
    if all(isinstance(p, str) for p in parts):
        return Lit("".join(p for p in parts if isinstance(p, str)))
    return Template(tuple(parts))


def _tuple(node: Any, depth: int) -> Expr:
    return ListOf(tuple(convert(c, depth + 1) for c in node.children if c.type == "expression"))


def _object(node: Any, depth: int) -> Expr:
    items: list[tuple[str | Expr, Expr]] = []
    for elem in node.children:
        if elem.type != "object_elem":
            continue
        exprs = [c for c in elem.children if c.type == "expression"]
        if len(exprs) != 2:
            continue
        key_node = exprs[0]
        key: str | Expr
        if (
            key_node.child_count == 1
            and key_node.children[0].type == "variable_expr"
            and key_node.children[0].child_count == 1
        ):
            key = _text(key_node)  # a bare identifier key
        else:
            key = convert(key_node, depth + 1)
        items.append((key, convert(exprs[1], depth + 1)))
    return MapOf(tuple(items))


def _call(node: Any, depth: int) -> Expr:
    children = node.children
    name = _text(children[0]) if children else ""
    args: list[Expr] = []
    for c in children:
        if c.type == "function_arguments":
            args = [convert(a, depth + 1) for a in c.children if a.type == "expression"]
    return Call(name, tuple(args), _text(node))


def _conditional(node: Any, depth: int) -> Expr:
    parts = [convert(c, depth + 1) for c in node.children if c.type == "expression"]
    if len(parts) == 3:
        return Cond(parts[0], parts[1], parts[2], _text(node))
    return Opaque(_text(node))


def _variable(node: Any, depth: int) -> Expr:
    return Ref((_text(node),), _text(node))


_CONVERTERS: dict[str, Callable[[Any, int], Expr]] = {
    "expression": _expression,
    "literal_value": _first_child,
    "collection_value": _first_child,
    "template_expr": _first_child,
    "numeric_lit": _number,
    "bool_lit": _bool,
    "null_lit": _null,
    "string_lit": _string,
    "quoted_template": _template,
    "heredoc_template": _template,
    "tuple": _tuple,
    "object": _object,
    "function_call": _call,
    "conditional": _conditional,
    "variable_expr": _variable,
}


def _dedent(parts: list[Any]) -> list[Any]:
    """``<<-EOT``: remove the indentation common to every line, as Terraform does."""
    text = "".join(p if isinstance(p, str) else "\x00" for p in parts)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    indent = min((len(ln) - len(ln.lstrip(" \t")) for ln in lines), default=0)
    if not indent:
        return parts
    out: list[Any] = []
    at_line_start = True
    for p in parts:
        if not isinstance(p, str):
            out.append(p)
            at_line_start = False
            continue
        pieces = p.split("\n")
        fixed = []
        for i, piece in enumerate(pieces):
            if (i > 0 or at_line_start) and piece[:indent].strip(" \t") == "":
                piece = piece[indent:]
            fixed.append(piece)
        out.append("\n".join(fixed))
        at_line_start = p.endswith("\n")
    return out


def _traversal(node: Any, depth: int) -> Expr:
    children = node.children
    first = children[0]
    if first.type == "function_call":
        return _apply_postfix(convert(first, depth + 1), children[1:], node, depth)
    path: list[Any] = [_text(first)]
    rest = children[1:]
    for i, c in enumerate(rest):
        if c.type == "get_attr":
            path.append(_identifier(c))
        elif c.type == "index":
            key_expr = [x for x in c.children if x.type == "expression"]
            if key_expr:
                key = convert(key_expr[0], depth + 1)
                if isinstance(key, Lit):
                    path.append(key.value)
                    continue
            return _apply_postfix(Ref(tuple(path)), rest[i:], node, depth)
        else:  # a splat, or anything else
            return Opaque(_text(node))
    return Ref(tuple(path), _text(node))


def _identifier(get_attr: Any) -> str:
    ident = [x for x in get_attr.children if x.type == "identifier"]
    return _text(ident[0]) if ident else ""


def _apply_postfix(base: Expr, rest: list[Any], node: Any, depth: int) -> Expr:
    for c in rest:
        if c.type == "index":
            key_expr = [x for x in c.children if x.type == "expression"]
            if not key_expr:
                return Opaque(_text(node))
            base = Index(base, convert(key_expr[0], depth + 1), _text(node))
        elif c.type == "get_attr":
            base = Index(base, Lit(_identifier(c)), _text(node))
        else:
            return Opaque(_text(node))
    return base


# --- Terraform JSON (.tf.json) ----------------------------------------------------------


class LineIndex:
    """Offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        l1, c1 = self.point(start)
        l2, c2 = self.point(end)
        return Span(l1, c1, l2, c2, start, end)

    def find_key(self, key: str, start: int) -> int:
        """Offset of ``"key"`` at or after ``start`` (the parent's offset); ``start`` if absent."""
        needle = json.dumps(key)
        at = self.text.find(needle, start)
        return start if at < 0 else at


def json_blocks(data: Any, index: LineIndex, template: Any) -> list[Block]:
    """The top-level blocks of a ``.tf.json`` document, in the same tree as HCL.

    ``template`` converts a JSON string into an expression (strings may hold ``${…}``).
    """
    out: list[Block] = []
    if not isinstance(data, dict):
        return out
    # Block types and how many labels they take.
    labels_for = {
        "resource": 2,
        "data": 2,
        "module": 1,
        "variable": 1,
        "output": 1,
        "provider": 1,
        "locals": 0,
        "terraform": 0,
    }
    for type_, body in data.items():
        n = labels_for.get(type_)
        if n is None:
            continue
        top = index.find_key(type_, 0)
        for labels, obj, offset in _labelled(body, n, index, top):
            for item in obj if isinstance(obj, list) else [obj]:
                if isinstance(item, dict):
                    out.append(_json_block(type_, labels, item, index, offset, template, 0))
    return out


def _labelled(
    body: Any, n: int, index: LineIndex, offset: int
) -> list[tuple[tuple[str, ...], Any, int]]:
    if n == 0:
        return [((), body, offset)]
    out: list[tuple[tuple[str, ...], Any, int]] = []
    items = body if isinstance(body, list) else [body]
    cursor = offset
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            # Keys come in document order: search on from the previous one (linear, not n²).
            at = index.find_key(key, cursor)
            cursor = at + 1
            for labels, obj, off in _labelled(value, n - 1, index, at):
                out.append(((str(key), *labels), obj, off))
    return out


# Nested keys that are blocks in the resources tlslint reads (JSON cannot tell a block from
# a map-valued attribute without the provider schema).
def _json_block(
    type_: str,
    labels: tuple[str, ...],
    obj: dict[str, Any],
    index: LineIndex,
    offset: int,
    template: Any,
    depth: int,
) -> Block:
    attrs: dict[str, Attribute] = {}
    blocks: list[Block] = []
    cursor = offset
    for key, value in obj.items():
        at = index.find_key(key, cursor)
        cursor = at + 1
        span = index.span(at, at + len(json.dumps(key)))
        is_block = (
            depth < MAX_DEPTH
            and (
                (isinstance(value, dict) and type_ not in ("locals", "variable", "output"))
                or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
            )
            and key not in ("tags", "default", "labels", "value", "variables", "environment")
        )
        if is_block:
            for item in value if isinstance(value, list) else [value]:
                blocks.append(_json_block(key, (), item, index, at, template, depth + 1))
        attrs[key] = Attribute(key, json_expr(value, template), span, json.dumps(value)[:200])
    return Block(type_, labels, index.span(offset, offset), attrs, blocks)


def json_expr(value: Any, template: Any) -> Expr:
    if isinstance(value, str):
        if "${" in value:
            return template(value)  # type: ignore[no-any-return]
        return Lit(value)
    if isinstance(value, list):
        return ListOf(tuple(json_expr(v, template) for v in value))
    if isinstance(value, dict):
        return MapOf(tuple((k, json_expr(v, template)) for k, v in value.items()))
    return Lit(value)


def parse_template(text: str) -> Expr:
    """A JSON string with ``${…}`` parsed as an HCL quoted template."""
    quoted = json.dumps(text)  # HCL string escapes are a superset of JSON's for our needs
    parsed = parse_hcl(b"x = " + quoted.encode("utf-8"), "<template>")
    if parsed.error or "x" not in parsed.attributes:
        return Opaque(text)
    return parsed.attributes["x"].expr
