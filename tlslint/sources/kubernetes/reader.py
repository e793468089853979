"""Typed access to a document tree: wrong types become findings with their line, not crashes."""

from __future__ import annotations

import builtins
from typing import Any

from tlslint.model import Location, ReadProblem
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq

_TYPE_NAMES = {Map: "a mapping", Seq: "a list", Scalar: "a scalar"}


def kind_of(node: Node) -> str:
    if isinstance(node, Scalar):
        if isinstance(node.value, str):
            return "a string"
        if node.value is None:
            return "null"
        return f"a {type(node.value).__name__}"
    return _TYPE_NAMES.get(type(node), "a value")


class Reader:
    """Reads fields of one object, recording type errors as TLS000 problems."""

    def __init__(self, path: str, what: str) -> None:
        self.path = path
        self.what = what  # "Ingress shop/web", for messages
        self.problems: list[ReadProblem] = []

    def loc(self, node: Node | None, fallback: Node | None = None) -> Location:
        target = node if node is not None else fallback
        if target is None:
            return Location(self.path)
        if isinstance(target, Scalar) and editable(target):
            return Location(
                self.path, target.line, target.column, target.end_line, target.end_column
            )
        return Location(self.path, target.line, target.column)

    def wrong(self, node: Node, field: str, expected: str) -> None:
        self.problems.append(
            ReadProblem(
                "parse-error",
                f"{self.what}: {field} must be {expected}, not {kind_of(node)}; ignored",
                self.loc(node),
            )
        )

    def map(self, parent: Map | None, key: str, field: str = "") -> Map | None:
        node = parent.get(key) if parent is not None else None
        if node is None or (isinstance(node, Scalar) and node.value is None):
            return None
        if not isinstance(node, Map):
            self.wrong(node, field or key, "a mapping")
            return None
        return node

    def seq(self, parent: Map | None, key: str, field: str = "") -> list[Node]:
        node = parent.get(key) if parent is not None else None
        if node is None or (isinstance(node, Scalar) and node.value is None):
            return []
        if not isinstance(node, Seq):
            self.wrong(node, field or key, "a list")
            return []
        return node.items

    def maps(self, parent: Map | None, key: str, field: str = "") -> list[Map]:
        out: list[Map] = []
        for i, item in enumerate(self.seq(parent, key, field)):
            if isinstance(item, Map):
                out.append(item)
            else:
                self.wrong(item, f"{field or key}[{i}]", "a mapping")
        return out

    def str(self, parent: Map | None, key: str, field: str = "") -> str | None:
        """A string field; numbers and booleans are read as written (YAML users quote badly)."""
        node = parent.get(key) if parent is not None else None
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.wrong(node, field or key, "a string")
            return None
        if node.value is None:
            return None
        return node.value if isinstance(node.value, str) else node.text

    def strs(
        self, parent: Map | None, key: builtins.str, field: builtins.str = ""
    ) -> list[tuple[builtins.str, Scalar]]:
        out: list[tuple[builtins.str, Scalar]] = []
        for i, item in enumerate(self.seq(parent, key, field)):
            if isinstance(item, Scalar) and item.value is not None:
                out.append(
                    (item.value if isinstance(item.value, builtins.str) else item.text, item)
                )
            else:
                self.wrong(item, f"{field or key}[{i}]", "a string")
        return out

    def value(self, parent: Map | None, key: builtins.str) -> Any:
        node = parent.get(key) if parent is not None else None
        return node.value if isinstance(node, Scalar) else None

    def node(self, parent: Map | None, key: builtins.str) -> Node | None:
        return parent.get(key) if parent is not None else None

    def string_map(
        self, parent: Map | None, key: builtins.str, field: builtins.str = "", strict: bool = True
    ) -> dict[builtins.str, Scalar]:
        """A map of strings (annotations, labels, ConfigMap data): key -> value node."""
        mapping = self.map(parent, key, field)
        out: dict[builtins.str, Scalar] = {}
        if mapping is None:
            return out
        for name, (_, value) in mapping.entries.items():
            if not isinstance(value, Scalar):
                self.wrong(value, f"{field or key}.{name}", "a string")
                continue
            out[name] = value
            if strict and value.value is not None and not isinstance(value.value, builtins.str):
                # kubectl: "cannot unmarshal bool into Go struct field … of type string"
                self.problems.append(
                    ReadProblem(
                        "parse-error",
                        f"{self.what}: {field or key}.{name} must be a string; quote "
                        f"{value.text} (the API server rejects an unquoted "
                        f"{type(value.value).__name__})",
                        self.loc(value),
                    )
                )
        return out


def editable(node: Scalar) -> bool:
    """Whether ``tlslint fix`` may replace the scalar's characters: its end is known, it is not
    a block scalar (``|``/``>``, which end at a later line) and no alias shares it. Locations of
    editable scalars carry their end; the fixer edits nothing else in place."""
    return bool(node.end_line) and not node.shared and node.style not in ("|", ">")


def text(node: Scalar) -> str:
    """A scalar as Kubernetes reads it in string maps (annotations, ConfigMap data)."""
    if isinstance(node.value, builtins.str):
        return node.value
    if node.value is None:
        return ""
    return node.text
