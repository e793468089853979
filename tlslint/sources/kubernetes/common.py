"""What every Kubernetes handler shares: the per-file collector and small tree helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tlslint.model import Location, Model
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.sources.kubernetes.edits import MapSpot, map_spot
from tlslint.sources.kubernetes.reader import Reader
from tlslint.sources.kubernetes.yamltree import Map, Scalar

SOURCE = "kubernetes"
ORDERED = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")  # protocol ranges (min..max versions)


@dataclass
class Objects:
    """What one file contributes, before it becomes part of the model."""

    model: Model
    path: str
    default_namespace: str
    settings: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the file, for the places `tlslint fix` may write (edits.py)
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines(keepends=True)
        return self._lines

    def spot(self, mapping: Map | None) -> MapSpot | None:
        """Where `tlslint fix` adds a key to this mapping."""
        return map_spot(self.path, self.lines, mapping)

    @property
    def prefix(self) -> str:
        return str(self.settings.get("annotation_prefix") or nx.ANNOTATION_PREFIX)

    def publish(self, kind: str, value: Any) -> None:
        self.model.objects.setdefault(kind, []).append(value)


# A handler reads one object: (objects, reader, root mapping, name, namespace, anchor).
Handler = Callable[[Objects, Reader, Map, str, str, Location], None]


def key_of(mapping: Map, key: str) -> Any:
    """The key node of an entry (where a finding about it points), else the mapping."""
    entry = mapping.entries.get(key)
    return entry[0] if entry else mapping


def annotations_of(reader: Reader, root: Map) -> dict[str, Scalar]:
    metadata = root.get("metadata")
    if not isinstance(metadata, Map):
        return {}
    return reader.string_map(metadata, "annotations", "metadata.annotations")
