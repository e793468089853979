"""docker-compose stacks: a service that runs ``certbot renew`` (usually in a loop), and the
servers that share its volume.

The file is read with the Kubernetes source's YAML reader (lines kept, aliases and depth
bounded). A renewal service is one whose ``entrypoint`` or ``command`` runs ``certbot renew``;
the servers are the services whose image reads certificates only at start
(``tls/servers.py``), that share a volume with it (the same named volume or host path, or
one inside the other), and whose own command reloads nothing (``nginx -s reload`` on a loop is
the usual cure).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from tlslint.model import Location, Origin, ReadProblem, Setting
from tlslint.model.rotation import Renewal
from tlslint.sources.base import SourceContext
from tlslint.sources.renewal.commands import CERTBOT_RENEW, RELOAD, certbot_hook
from tlslint.tls.servers import image_repository, table


def stack(path: str, text: str, ctx: SourceContext, problems: list[ReadProblem]) -> list[Renewal]:
    from tlslint.sources.kubernetes.yamltree import Map, read_documents

    if "certbot" not in text:
        return []
    out: list[Renewal] = []
    for document in read_documents(text, ctx.limits.yaml_aliases, ctx.limits.yaml_depth):
        for kind, message, line, column in document.problems:
            problems.append(ReadProblem(kind, message, Location(path, line, column)))
        root = document.root
        if not isinstance(root, Map):
            continue
        services = root.get("services")
        if not isinstance(services, Map):
            continue
        out += _renewals(path, services, ctx)
    return out


def _renewals(path: str, services: Any, ctx: SourceContext) -> list[Renewal]:
    from tlslint.sources.kubernetes.yamltree import Map

    servers = table(ctx.settings.get("kubernetes", {}))
    entries = {
        name: value for name, (_, value) in services.entries.items() if isinstance(value, Map)
    }
    out: list[Renewal] = []
    for name, service in entries.items():
        renew = next(
            ((line, text) for line, text in _command(service) if CERTBOT_RENEW.search(text)),
            None,
        )
        if renew is None:
            continue
        location = Location(path, renew[0])
        hook = certbot_hook(renew[1], location)
        volumes = set(_volumes(service))
        served: list[str] = []
        reloading: list[str] = []
        for other, service_map in entries.items():
            if other == name:
                continue
            image = _scalar(service_map.get("image"))
            kind = servers.server(image) if image else None
            if kind is None or kind.watches is not False:
                continue
            if not _shares(volumes, set(_volumes(service_map))):
                continue
            if any(RELOAD.search(text) for _, text in _command(service_map)):
                reloading.append(f"docker-compose service {other} reloads itself")
            else:
                served.append(f"docker-compose service {other} ({kind.name})")
        if hook.value is None:
            script = _hook_script(ctx, path, volumes)
            if script:
                hook = Setting(f"hook script {script}", Origin.INHERITED, Location(script))
        out.append(
            Renewal(
                "certbot",
                f"certbot renew in docker-compose service {name}",
                location,
                (),
                hook,
                servers=tuple(served),
                reloaded_by=", ".join(reloading),
            )
        )
    return out


def _scalar(node: Any) -> str:
    from tlslint.sources.kubernetes.yamltree import Scalar

    if isinstance(node, Scalar) and node.value is not None:
        return node.value if isinstance(node.value, str) else node.text
    return ""


def _command(service: Any) -> Iterator[tuple[int, str]]:
    """(line, text) of what the service runs: its entrypoint followed by its command (each a
    string or a list), as Docker joins them; the certbot images' entrypoint is ``certbot``.
    The line is that of the part that names ``renew``, else of the first part."""
    from tlslint.sources.kubernetes.yamltree import Scalar, Seq

    parts: list[tuple[int, str]] = []
    if service.get("entrypoint") is None and image_repository(
        _scalar(service.get("image"))
    ).startswith("certbot/"):
        parts.append((0, "certbot"))
    for key in ("entrypoint", "command"):
        node = service.get(key)
        if isinstance(node, Scalar):
            parts.append((_start(node), _scalar(node)))
        elif isinstance(node, Seq):
            parts += [(_start(i), _scalar(i)) for i in node.items if isinstance(i, Scalar)]
    if not parts:
        return
    text = " ".join(part for _, part in parts)
    lines = [line for line, part in parts if line]
    line = next((n for n, part in parts if n and re.search(r"\brenew\b", part)), None)
    yield line or (lines[0] if lines else 0), text


def _start(node: Any) -> int:
    """The line of ``certbot … renew`` in a scalar: a literal block (``|``) keeps its lines;
    other styles fold them, so their first line is given."""
    text = _scalar(node)
    match = CERTBOT_RENEW.search(text)
    if node.style != "|" or match is None:
        return int(node.line) + (1 if node.style == ">" else 0)
    return int(node.line) + 1 + text.count("\n", 0, match.start())


def _volumes(service: Any) -> Iterator[str]:
    """Volume sources: named volumes as written, host paths normalised."""
    from tlslint.sources.kubernetes.yamltree import Map, Scalar, Seq

    node = service.get("volumes")
    if not isinstance(node, Seq):
        return
    for item in node.items:
        source = ""
        if isinstance(item, Scalar):
            source = _scalar(item).split(":", 1)[0] if ":" in _scalar(item) else ""
        elif isinstance(item, Map):
            source = _scalar(item.get("source"))
        if source:
            yield posixpath.normpath(source) if "/" in source or source.startswith(".") else source


def _shares(one: set[str], other: set[str]) -> bool:
    for a in one:
        for b in other:
            if a == b or a.startswith(b + "/") or b.startswith(a + "/"):
                return True
    return False


def _hook_script(ctx: SourceContext, path: str, volumes: set[str]) -> str | None:
    from tlslint.sources.renewal import hook_script

    directory = posixpath.dirname(path)
    for volume in sorted(volumes):
        if "/" not in volume and not volume.startswith("."):
            continue  # a named volume: not in the repository
        rel = posixpath.normpath(posixpath.join(directory, volume))
        if rel.startswith("..") or posixpath.isabs(rel):
            continue
        script = hook_script(ctx.root, "" if rel == "." else rel)
        if script:
            return script
    return None
