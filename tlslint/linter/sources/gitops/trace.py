"""Trace rendered values back to the lines that wrote them.

A rendered manifest is judged like any other, but no finding may point into it: it is not in
the repository. Every node of the rendered text (found by its line and column) is mapped to a
node of a source file — a kustomize patch, the base resource, a Helm values file or template —
and every :class:`Location` the Kubernetes source produced is rewritten through that map.

The map is built from *key paths* (``("metadata", "annotations", "x")``): a rendered value at
a path comes from the last layer that sets the same path to the same value (the outermost
patch wins, as in kustomize); a value no layer sets as rendered (a prefixed name, a namespace
a transformer set) is placed on the nearest node the layers share, without an end, so that
``tlslint fix`` never edits a line that did not write the value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tlslint.linter.model import Location
from tlslint.linter.sources.kubernetes.reader import editable
from tlslint.linter.sources.kubernetes.yamltree import Map, Node, Scalar, Seq

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Layer:
    """One source of values for an object: a file's node tree, where its lines sit in that
    file (an inline patch starts below its ``patch: |`` line) and what it is, for messages."""

    path: str
    root: Node
    line_offset: int = 0
    column_offset: int = 0
    # Values a path has in this layer, flattened; built on first use.
    _flat: dict[Path, Node] | None = None

    def flat(self) -> dict[Path, Node]:
        if self._flat is None:
            object.__setattr__(self, "_flat", dict(walk(self.root)))
        assert self._flat is not None
        return self._flat

    def location(self, node: Node, exact: bool) -> Location:
        line = node.line + self.line_offset
        column = node.column + (self.column_offset if node.line > 0 else 0)
        if exact and isinstance(node, Scalar) and editable(node) and not self.line_offset:
            return Location(self.path, line, column, node.end_line, node.end_column)
        return Location(self.path, line, column)


def walk(node: Node, path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Every node of a tree with its key path (map keys, list indices)."""
    yield path, node
    if isinstance(node, Map):
        for name, (_, value) in node.entries.items():
            yield from walk(value, (*path, name))
    elif isinstance(node, Seq):
        for i, item in enumerate(node.items):
            yield from walk(item, (*path, i))


def keys(node: Node, path: Path = ()) -> Iterator[tuple[Path, Scalar]]:
    """Every mapping key node with the path of its value."""
    if isinstance(node, Map):
        for name, (key, value) in node.entries.items():
            if isinstance(key, Scalar):
                yield (*path, name), key
            yield from keys(value, (*path, name))
    elif isinstance(node, Seq):
        for i, item in enumerate(node.items):
            yield from keys(item, (*path, i))


def same(a: Node, b: Node) -> bool:
    if isinstance(a, Scalar) and isinstance(b, Scalar):
        return _text(a) == _text(b)
    return type(a) is type(b)


def _text(node: Scalar) -> str:
    if isinstance(node.value, bool):
        return "true" if node.value else "false"
    return "" if node.value is None else str(node.value)


class Trace:
    """Rendered (line, column) -> source Location, for one rendered file."""

    def __init__(self, rendered_path: str) -> None:
        self.rendered_path = rendered_path
        self.places: dict[tuple[int, int], Location] = {}
        self.lines: dict[int, Location] = {}
        self.anchors: list[tuple[int, Location]] = []  # (first rendered line, object anchor)

    def add(self, line: int, column: int, location: Location) -> None:
        self.places.setdefault((line, column), location)
        self.lines.setdefault(line, location)

    def map(self, location: Location) -> Location:
        if location.path != self.rendered_path:
            return location
        found = self.places.get((location.line, location.column)) or self.lines.get(location.line)
        if found is not None:
            if not location.end_line and found.end_line:
                return Location(found.path, found.line, found.column)
            return found
        anchor = None
        for start, where in self.anchors:
            if start <= max(location.line, 1):
                anchor = where
        return anchor or (self.anchors[0][1] if self.anchors else Location(self.rendered_path))


def trace_object(
    trace: Trace, rendered: Node, layers: list[Layer], anchor: Location, choose: Any = None
) -> None:
    """Map every node of one rendered object. ``layers`` are in order of application (base
    first); ``choose(path, node)`` may place a node that no layer sets as rendered (Helm values)
    and returns a Location or None."""
    trace.anchors.append((rendered.line, anchor))
    nodes = dict(walk(rendered))
    key_nodes = dict(keys(rendered))
    for path, node in nodes.items():
        where = _from_layers(path, node, layers, choose)
        if where is None:
            where = anchor
        trace.add(node.line, node.column, where)
        key = key_nodes.get(path)
        if key is not None:
            trace.add(key.line, key.column, _strip(where))


def _from_layers(path: Path, node: Node, layers: list[Layer], choose: Any) -> Location | None:
    for layer in reversed(layers):
        other = layer.flat().get(path)
        if other is not None and same(node, other):
            return layer.location(other, exact=True)
    if choose is not None:
        chosen = choose(path, node)
        if chosen is not None:
            return chosen  # type: ignore[no-any-return]
    # The nearest enclosing node that a layer has: the line to look at, not to edit.
    for cut in range(len(path), -1, -1):
        for layer in reversed(layers):
            other = layer.flat().get(path[:cut])
            if other is not None:
                return layer.location(other, exact=False)
    return None


def _strip(location: Location) -> Location:
    return Location(location.path, location.line, location.column)


def remap(value: Any, trace: Trace, depth: int = 0) -> Any:
    """``value`` with every Location rewritten through ``trace`` (dataclasses, lists, tuples,
    dicts); anything else with a ``path`` into the rendered file (a place where ``fix`` would
    add a key) becomes None: a fix never writes into rendered output."""
    if depth > 12:
        return value
    if isinstance(value, Location):
        return trace.map(value)
    if isinstance(value, (str, int, float, bool, bytes)) or value is None:
        return value
    if isinstance(value, list):
        return [remap(v, trace, depth + 1) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(remap(v, trace, depth + 1) for v in value)
    if isinstance(value, dict):
        return {k: remap(v, trace, depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if getattr(value, "path", None) == trace.rendered_path:
            return None
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = remap(old, trace, depth + 1)
            if new is not old:
                changes[f.name] = new
        if not changes:
            return value
        params = getattr(value, "__dataclass_params__", None)
        if params is not None and not params.frozen:
            for name, new in changes.items():
                setattr(value, name, new)
            return value
        return dataclasses.replace(value, **changes)
    return value
