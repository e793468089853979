"""Reading YAML documents into light trees that keep the line of every node, within limits.

PyYAML's C parser produces events; we build the tree ourselves instead of composing or
constructing, so that

* every node keeps its line and column (findings point at the exact key),
* aliases stay references and are bounded: their number (``limits.yaml_aliases``) and the
  number of nodes their expansion would add (100 per allowed alias) are checked while the
  document is read, before anything walks it ("billion laughs" costs nothing),
* nesting deeper than ``limits.yaml_depth`` stops that document, not the file,
* duplicate keys are reported with their line (the last value wins, as in kubectl),
* a syntax error costs the document it is in: reading resumes at the next ``---``,
* scalars and flow collections keep their end (``end_line``/``end_column``, exclusive) and
  their style, so ``tlslint fix`` can replace exactly the characters of a value; nodes inside
  an anchor (``shared``: aliases reach them from elsewhere) are never edited.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

ALIAS_EXPANSION_PER_ALIAS = 100
Wanted = Callable[[Any, Any], bool]


class Node:
    """A node of the tree, with its 1-based line and column (plain slotted classes: documents
    have thousands of nodes, and dataclass construction is measurably slower)."""

    __slots__ = ("column", "end_column", "end_line", "line", "shared")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        # Exclusive end, 1-based; 0 where unknown (block collections end at the next token).
        self.end_line = 0
        self.end_column = 0
        self.shared = False  # defined under an anchor: an edit here would change aliases too


class Scalar(Node):
    __slots__ = ("style", "text", "value")

    def __init__(self, line: int, column: int, value: Any, text: str = "") -> None:
        super().__init__(line, column)
        self.value = value  # str, bool, int, float or None (plain scalars resolved, YAML 1.1)
        self.text = text
        self.style = ""  # "" plain, '"', "'", "|" or ">"

    def __repr__(self) -> str:
        return f"Scalar({self.value!r} @{self.line}:{self.column})"


class Seq(Node):
    __slots__ = ("flow", "items")

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.items: list[Node] = []
        self.flow = False

    def __repr__(self) -> str:
        return f"Seq({self.items!r} @{self.line}:{self.column})"


class Map(Node):
    __slots__ = ("entries", "flow")

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.flow = False
        # key text -> (key node, value node); keys are strings as written
        self.entries: dict[str, tuple[Scalar, Node]] = {}

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def __repr__(self) -> str:
        return f"Map({self.entries!r} @{self.line}:{self.column})"


@dataclass
class Document:
    root: Node | None
    line: int
    problems: list[tuple[str, str, int, int]]  # (kind, message, line, column)


class _Stop(Exception):
    def __init__(self, kind: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.kind, self.message, self.line, self.column = kind, message, line, column


_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?$")
_BOOL = {
    "true": True, "True": True, "TRUE": True, "yes": True, "Yes": True, "YES": True,
    "on": True, "On": True, "ON": True,
    "false": False, "False": False, "FALSE": False, "no": False, "No": False, "NO": False,
    "off": False, "Off": False, "OFF": False,
}  # fmt: skip
_NULL = {"", "~", "null", "Null", "NULL"}


def resolve(text: str, plain: bool) -> Any:
    """A plain scalar's YAML 1.1 meaning (as PyYAML's SafeLoader resolves it); quoted stays str."""
    if not plain:
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        try:
            return int(text.replace("_", ""))
        except ValueError:
            return text
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text


@functools.cache
def _events() -> Any:
    from yaml import events

    return events


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_DOC_START = re.compile(r"^---(?:[ \t]|$)", re.M)


def read_documents(
    text: str, max_aliases: int, max_depth: int, wanted: Wanted | None = None
) -> Iterator[Document]:
    """Every document of a YAML stream; a syntax error costs only the document it is in.

    Flow collections nested deeper than ``max_depth`` are found by a cheap scan *before*
    libyaml sees them (its parser is quadratic in flow nesting: 100,000 ``[`` take minutes);
    the document holding them is skipped and the rest of the stream is still read.

    With ``wanted(apiVersion, kind)``, documents whose top-level apiVersion and kind (when they
    come first, as they usually do) are not wanted are parsed but not built: root ``None``.
    """
    lines = text.splitlines(keepends=True)
    starts = [text.count("\n", 0, m.start()) + 1 for m in _DOC_START.finditer(text)]
    offset = 0  # lines before the chunk being read
    while True:
        chunk = "".join(lines[offset:]) if offset else text
        deep = _too_deep(chunk, max_depth)
        parse_text = chunk
        if deep is not None:
            deep_line = offset + deep[0]
            doc_start = max((n for n in starts if offset < n <= deep_line), default=offset + 1)
            parse_text = "".join(lines[offset : doc_start - 1])
        error: tuple[str, int, int] | None = None
        for item in _parse(parse_text, offset, max_aliases, max_depth, wanted):
            if isinstance(item, Document):
                yield item
            else:
                error = item
        if error is not None:
            message, line, column = error
            yield Document(None, line, [("parse-error", message, line, column)])
            resume = next((n for n in starts if n >= line and n - 1 > offset), None)
            if resume is None:
                return
            offset = resume - 1
            continue
        if deep is None:
            return
        message = (
            f"document is nested deeper than {max_depth} levels (limits.yaml_depth); not analysed"
        )
        yield Document(None, deep_line, [("file-skipped", message, deep_line, deep[1])])
        resume = next((n for n in starts if n > deep_line), None)
        if resume is None:
            return
        offset = resume - 1


# Brackets, comment signs and double-quoted strings (the unrolled form: no per-character
# alternation). The pattern opens with a character set, so the regex engine skips everything
# else in C; comment signs are judged here, since "#" starts a comment only after a space.
_FLOW_TOKEN = re.compile(r'[\[\]{}#]|"[^"\\\n]*(?:\\.[^"\\\n]*)*"')


def _too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """(line, column) where flow collections open deeper than max_depth, else None."""
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    position = 0
    search = _FLOW_TOKEN.search
    while True:
        match = search(text, position)
        if match is None:
            return None
        token, start, position = match.group(), match.start(), match.end()
        if token == "#":
            if start == 0 or text[start - 1].isspace():  # a comment: skip to the line's end
                end = text.find("\n", position)
                if end < 0:
                    return None
                position = end
        elif token in ("[", "{"):
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return line, column
        elif token in ("]", "}"):
            depth = max(0, depth - 1)


def _parse(
    text: str, offset: int, max_aliases: int, max_depth: int, wanted: Wanted | None
) -> Iterator[Document | tuple[str, int, int]]:
    import yaml
    from yaml import events as ev

    loader = _loader()(text)
    try:
        builder: _Builder | None = None
        while True:
            try:
                event = loader.get_event()
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                line = (mark.line + 1 + offset) if mark else offset + 1
                column = (mark.column + 1) if mark else 0
                problem = exc.problem or exc.context or "invalid YAML"
                yield (f"invalid YAML: {problem}", line, column)
                return
            except yaml.YAMLError as exc:
                yield (f"invalid YAML: {str(exc).splitlines()[0]}", offset + 1, 0)
                return
            if event is None or isinstance(event, ev.StreamEndEvent):
                return
            if isinstance(event, ev.DocumentStartEvent):
                start = event.start_mark.line + 1 if event.start_mark is not None else 1
                builder = _Builder(offset, max_aliases, max_depth, start, wanted)
                continue
            if isinstance(event, ev.DocumentEndEvent):
                if builder is not None:
                    yield builder.document()
                builder = None
                continue
            if builder is not None:
                builder.feed(event)
    finally:
        loader.dispose()


class _Builder:
    """Builds one document's tree from parser events, enforcing the limits."""

    def __init__(
        self, offset: int, max_aliases: int, max_depth: int, line: int, wanted: Wanted | None
    ) -> None:
        self.wanted = wanted
        self.skipping = False
        self.identity: dict[str, Any] = {}
        self.offset = offset
        self.max_aliases = max_aliases
        self.max_depth = max_depth
        self.max_expansion = max_aliases * ALIAS_EXPANSION_PER_ALIAS
        self.line = line + offset
        self.root: Node | None = None
        self.stack: list[tuple[Node, Scalar | None, list[Any]]] = []
        self.anchors: dict[str, tuple[Node, int]] = {}  # anchor -> (node, expanded size)
        self.sizes: list[int] = []  # running node counts of open collections
        self.aliases = 0
        self.expansion = 0
        self.stopped: _Stop | None = None
        self.problems: list[tuple[str, str, int, int]] = []
        self.skip_depth = 0
        self.anchored = 0  # open collections that carry an anchor

    def document(self) -> Document:
        if self.skipping:
            return Document(None, self.line, [])
        if self.stopped is not None:
            stop = self.stopped
            return Document(None, self.line, [(stop.kind, stop.message, stop.line, stop.column)])
        return Document(self.root, self.line, self.problems)

    def _pos(self, event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1 + self.offset, event.start_mark.column + 1

    def feed(self, event: Any) -> None:
        if self.stopped is not None or self.skipping:
            return
        try:
            self._feed(event)
        except _Stop as stop:
            self.stopped = stop

    def _feed(self, event: Any) -> None:
        ev = _events()
        line, column = self._pos(event)
        if isinstance(event, ev.AliasEvent):
            self.aliases += 1
            if self.aliases > self.max_aliases:
                raise _Stop(
                    "file-skipped",
                    f"document uses more than {self.max_aliases} YAML aliases "
                    "(limits.yaml_aliases); not analysed",
                    line,
                    column,
                )
            target = self.anchors.get(event.anchor)
            if target is None:
                raise _Stop("parse-error", f"unknown YAML alias *{event.anchor}", line, column)
            node, size = target
            self.expansion += size
            if self.expansion > self.max_expansion:
                raise _Stop(
                    "file-skipped",
                    f"YAML aliases would expand to more than {self.max_expansion:,} nodes "
                    "(an alias bomb?); document not analysed",
                    line,
                    column,
                )
            self._add(node, size)
        elif isinstance(event, ev.ScalarEvent):
            plain = bool(event.implicit[0]) and not event.style
            node = Scalar(line, column, resolve(event.value, plain), event.value)
            node.style = event.style or ""
            node.end_line = event.end_mark.line + 1 + self.offset
            node.end_column = event.end_mark.column + 1
            node.shared = bool(self.anchored or event.anchor)
            if event.anchor:
                self.anchors[event.anchor] = (node, 1)
            self._add(node, 1)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            if len(self.stack) + 1 > self.max_depth:
                raise _Stop(
                    "file-skipped",
                    f"document is nested deeper than {self.max_depth} levels "
                    "(limits.yaml_depth); not analysed",
                    line,
                    column,
                )
            mapping = isinstance(event, ev.MappingStartEvent)
            node = Map(line, column) if mapping else Seq(line, column)
            node.flow = bool(event.flow_style)
            node.shared = bool(self.anchored or event.anchor)
            if event.anchor:
                self.anchored += 1
            self.stack.append((node, None, [event.anchor, 1]))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            node, _, (anchor, size) = self.stack.pop()
            if isinstance(node, (Map, Seq)) and node.flow:
                node.end_line = event.end_mark.line + 1 + self.offset
                node.end_column = event.end_mark.column + 1
            if anchor:
                self.anchored -= 1
                self.anchors[anchor] = (node, size)
            self._add(node, size)

    def _add(self, node: Node, size: int) -> None:
        if not self.stack:
            self.root = node
            return
        parent, pending_key, info = self.stack[-1]
        info[1] += size
        if isinstance(parent, Seq):
            parent.items.append(node)
            return
        assert isinstance(parent, Map)
        if pending_key is None:
            if isinstance(node, Scalar):
                key = node
            else:  # a complex key: keep it, as text, so the value is still consumed
                key = Scalar(node.line, node.column, f"<{type(node).__name__.lower()} key>")
            self.stack[-1] = (parent, key, info)
            return
        text = pending_key.value if isinstance(pending_key.value, str) else pending_key.text
        if text == "<<" and isinstance(node, Map):  # merge key: copy entries not yet set
            for k, v in node.entries.items():
                parent.entries.setdefault(k, v)
        else:
            if text in parent.entries:
                first = parent.entries[text][0].line
                self.problems.append(
                    (
                        "duplicate-key",
                        f"duplicate key '{text}' (first at line {first}); the last value wins, "
                        "as kubectl applies it",
                        pending_key.line,
                        pending_key.column,
                    )
                )
            parent.entries[text] = (pending_key, node)
            if (
                self.wanted is not None
                and len(self.stack) == 1
                and text in ("apiVersion", "kind")
                and isinstance(node, Scalar)
            ):
                self.identity[text] = node.value
                if len(self.identity) == 2 and not self.wanted(
                    self.identity["apiVersion"], self.identity["kind"]
                ):
                    self.skipping = True
                    return
        self.stack[-1] = (parent, None, info)
