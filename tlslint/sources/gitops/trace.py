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
from pathlib import Path as FilePath
from typing import Any

from tlslint.model import Location
from tlslint.sources.kubernetes.reader import editable
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Layer:
    """One source of values for an object: a file's node tree, where its lines sit in that
    file (an inline patch starts below its ``patch: |`` line) and what it is, for messages."""

    path: str
    root: Node
    line_offset: int = 0
    column_offset: int = 0
    # A JSON 6902 patch: its paths come from its operations, not from its own tree.
    operations: bool = False
    # Values a path has in this layer, flattened; built on first use.
    _flat: dict[Path, Node] | None = None
    _keys: dict[Path, Scalar] | None = None

    def keys(self) -> dict[Path, Scalar]:
        """The key node of each mapping entry, by the path of its value."""
        if self._keys is None:
            object.__setattr__(self, "_keys", {} if self.operations else dict(keys(self.root)))
        assert self._keys is not None
        return self._keys

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
    """Rendered (line, column) -> source Location, for one rendered file; and the places where
    ``tlslint fix`` adds a key or rewrites a list, moved to the source file that holds them."""

    def __init__(self, rendered_path: str, text: str = "", root: FilePath | None = None) -> None:
        self.rendered_path = rendered_path
        self.places: dict[tuple[int, int], Location] = {}
        self.lines: dict[int, Location] = {}
        self.anchors: list[tuple[int, Location]] = []  # (first rendered line, object anchor)
        self.rendered_lines = text.splitlines(keepends=True)
        self.root = root
        self.spots: dict[tuple[Any, ...], Any] = {}
        self._files: dict[str, list[str]] = {}

    def file_lines(self, path: str) -> list[str]:
        if path not in self._files:
            try:
                text = (self.root / path).read_text(encoding="utf-8") if self.root else ""
            except (OSError, UnicodeDecodeError):
                text = ""
            self._files[path] = text.splitlines(keepends=True)
        return self._files[path]

    @staticmethod
    def is_spot(value: Any) -> bool:
        """Whether a value is a place where ``fix`` would add a key (not a model object)."""
        from tlslint.sources.kubernetes.edits import MapSpot, SeqSpot

        return isinstance(value, (MapSpot, SeqSpot))

    def spot(self, value: Any) -> Any:
        """A MapSpot or SeqSpot of the rendering, in its source file (None if it has none)."""
        from tlslint.sources.kubernetes.edits import MapSpot, SeqSpot

        if isinstance(value, MapSpot):
            return self.spots.get(("map", value.line, value.column))
        if isinstance(value, SeqSpot):
            return self.spots.get(("seq", value.start))
        return None

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
        if isinstance(node, (Map, Seq)) and trace.root is not None:
            _spots(trace, path, node, layers)
        where = _from_layers(path, node, layers, choose)
        if where is None:
            where = anchor
        trace.add(node.line, node.column, where)
        key = key_nodes.get(path)
        if key is not None:
            trace.add(key.line, key.column, _key_from_layers(path, layers) or _strip(where))


def _spots(trace: Trace, path: Path, node: Map | Seq, layers: list[Layer]) -> None:
    """Where a key would be added to this rendered mapping (or its list rewritten): in the
    outermost file layer that writes the same collection — the patch that sets annotations,
    else the base — never in an inline patch or a JSON patch."""
    from tlslint.sources.kubernetes.edits import map_spot, seq_spot

    for layer in reversed(layers):
        other = layer.flat().get(path)
        if other is None:
            continue
        if layer.line_offset or layer.column_offset or layer.operations:
            return
        if isinstance(node, Map) and isinstance(other, Map):
            rendered = map_spot(trace.rendered_path, trace.rendered_lines, node)
            source = map_spot(layer.path, trace.file_lines(layer.path), other)
            if rendered is not None and source is not None:
                trace.spots[("map", rendered.line, rendered.column)] = source
        elif isinstance(node, Seq) and isinstance(other, Seq) and _same_items(node, other):
            rendered_seq = seq_spot(trace.rendered_path, node)
            source_seq = seq_spot(layer.path, other)
            if rendered_seq is not None and source_seq is not None:
                trace.spots[("seq", rendered_seq.start)] = source_seq
        return


def _same_items(a: Seq, b: Seq) -> bool:
    return len(a.items) == len(b.items) and all(
        same(x, y) for x, y in zip(a.items, b.items, strict=True)
    )


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


def _key_from_layers(path: Path, layers: list[Layer]) -> Location | None:
    """The key a layer writes for this path (the outermost), as a place to look at."""
    for layer in reversed(layers):
        key = layer.keys().get(path)
        if key is not None:
            return layer.location(key, exact=False)
    return None


def _strip(location: Location) -> Location:
    return Location(location.path, location.line, location.column)


def remap(value: Any, trace: Trace, depth: int = 0) -> Any:
    """``value`` with every Location rewritten through ``trace`` (dataclasses, lists, tuples,
    dicts); an object read from the rendering (a certificate in a rendered Secret) is placed,
    by its ``path`` and ``line``, where that line came from; a place where ``fix`` would add a
    key in the rendered file becomes its source's, or None: a fix never writes into rendered
    output."""
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
        return _remap_fields(value, trace, depth)
    return value


def _remap_fields(value: Any, trace: Trace, depth: int) -> Any:
    """A data class with its fields remapped (see :func:`remap`)."""
    rendered = getattr(value, "path", None) == trace.rendered_path
    if rendered and trace.is_spot(value):
        return trace.spot(value)
    changes = _placed(value, trace) if rendered else {}
    for f in dataclasses.fields(value):
        if f.name in changes:
            continue
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


def _placed(value: Any, trace: Trace) -> dict[str, Any]:
    """The ``path`` (and ``line``) of an object read from the rendering: where its line came
    from in the repository."""
    line = getattr(value, "line", 0)
    where = trace.map(Location(trace.rendered_path, line if isinstance(line, int) else 0))
    changes: dict[str, Any] = {"path": where.path}
    if isinstance(line, int) and any(f.name == "line" for f in dataclasses.fields(value)):
        changes["line"] = where.line
    return changes
