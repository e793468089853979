"""Which server an image runs, and whether it loads renewed certificates by itself.

The facts are data (``data/servers.yaml``, each entry citing its project's documentation),
extended by the configuration's ``kubernetes.servers`` (matched first), and shared by the
Kubernetes source (workload containers) and the renewal source (docker-compose services).
"""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tlslint.model.rotation import ServerKind


@dataclass(frozen=True)
class ReloadAnnotation:
    annotation: str
    value: str  # "true", or "names": a comma-separated list that must name the Secret


@dataclass(frozen=True)
class Table:
    servers: tuple[tuple[tuple[str, ...], ServerKind], ...]
    reloaders: tuple[tuple[tuple[str, ...], str], ...]
    annotations: tuple[ReloadAnnotation, ...]

    def server(self, image: str) -> ServerKind | None:
        repository = image_repository(image)
        for patterns, kind in self.servers:
            if any(fnmatch.fnmatchcase(repository, p) for p in patterns):
                return kind
        return None

    def reloader(self, image: str) -> str | None:
        repository = image_repository(image)
        for patterns, name in self.reloaders:
            if any(fnmatch.fnmatchcase(repository, p) for p in patterns):
                return name
        return None

    def reload_annotation(self, annotations: Mapping[str, str], secret: str) -> str | None:
        """The annotation that rolls the workload when ``secret`` changes, or None."""
        for wanted in self.annotations:
            value = annotations.get(wanted.annotation)
            if value is None:
                continue
            value = value.strip()
            if wanted.value == "names":
                names = {n.strip() for n in value.split(",")}
                if secret and secret in names:
                    return f"{wanted.annotation}: {value}"
            elif value.lower() == wanted.value.lower():
                return f"{wanted.annotation}: {value}"
        return None


def image_repository(image: str) -> str:
    """An image's repository path without registry, tag or digest, and without ``library/``:
    ``docker.io/library/nginx:1.27`` -> ``nginx``."""
    name = image.strip().split("@", 1)[0]
    head, _, tail = name.rpartition("/")
    if ":" in tail:
        tail = tail.split(":", 1)[0]
    name = f"{head}/{tail}" if head else tail
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
    return "/".join(parts).lower()


@functools.cache
def _packaged() -> dict[str, Any]:
    import yaml

    from tlslint.packaged import read_text

    text = read_text("data/servers.yaml")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _server(entry: Mapping[str, Any]) -> tuple[tuple[str, ...], ServerKind]:
    images = entry.get("images") or [entry.get("image", "")]
    return tuple(str(i).lower() for i in images if i), ServerKind(
        name=str(entry.get("name") or images[0]),
        watches=entry.get("watches"),
        reload=str(entry.get("reload") or ""),
        reference=str(entry.get("reference") or "configuration (kubernetes.servers)"),
    )


def table(settings: Mapping[str, Any] | None = None) -> Table:
    """The packaged table, with the configuration's ``servers``, ``reloaders`` and
    ``reload_annotations`` (from ``kubernetes:``) put first."""
    settings = settings or {}
    key = repr(
        (
            settings.get("servers"),
            settings.get("reloaders"),
            settings.get("reload_annotations"),
        )
    )
    return _table(key, settings)


_CACHE: dict[str, Table] = {}


def _table(key: str, settings: Mapping[str, Any]) -> Table:
    found = _CACHE.get(key)
    if found is not None:
        return found
    data = _packaged()
    servers = [_server(e) for e in settings.get("servers") or ()]
    servers += [_server(e) for e in data["servers"]]
    reloaders = [
        (tuple(str(i).lower() for i in e.get("images") or [e.get("image", "")]), str(e["name"]))
        for e in [*(settings.get("reloaders") or ()), *data["reloaders"]]
    ]
    annotations = [
        ReloadAnnotation(str(e["annotation"]), str(e.get("value") or "true"))
        for e in [*(settings.get("reload_annotations") or ()), *data["reload_annotations"]]
    ]
    result = Table(tuple(servers), tuple(reloaders), tuple(annotations))
    if len(_CACHE) < 16:
        _CACHE[key] = result
    return result
