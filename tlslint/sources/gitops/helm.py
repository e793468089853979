"""Render a Helm chart with a real Helm engine, and say which values line decided each value.

The engine is the Helm v4 SDK for Python (``helm-python-sdk``, the optional ``render`` extra):
Helm's own Go code as a shared library, so rendering is what ``helm template`` does, without a
``helm`` binary. It runs in a child process (``helm_worker``) with a time limit, offline: no
cluster (``lookup`` returns nothing), no repository; a chart whose dependencies are not vendored
under ``charts/`` fails with Helm's message, which becomes the reason it was not analysed.

Values are layered as Helm layers them — the chart's ``values.yaml``, then each values file in
order, then inline values, then parameters — and kept with their nodes. A rendered value that
equals exactly one effective values leaf (or contains it, for ``max-age={{ … }}``) is placed on
that leaf's line; where no leaf explains it, on the template line that writes its key.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.model import Location
from tlslint.sources.gitops.kustomize import RenderError, inside, safe_env
from tlslint.sources.gitops.trace import Layer, walk
from tlslint.sources.gitops.trace import Path as KeyPath
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq

INSTALL_HINT = "install the Helm engine: `pip install 'tlslint[render]'` (helm-python-sdk)"


@dataclass
class ValuesLayer:
    """Values from one place: a file, a block in a HelmRelease or an Application."""

    layer: Layer
    prefix: KeyPath = ()  # where the values start in the layer's tree (spec.values)
    description: str = ""


@dataclass
class Values:
    layers: list[ValuesLayer] = field(default_factory=list)
    # Parameters (Argo CD helm.parameters): dotted name -> (value, Location of the value).
    parameters: list[tuple[str, Any, Location]] = field(default_factory=list)


def engine_available() -> bool:
    return importlib.util.find_spec("helm_python") is not None


def to_python(node: Node | None) -> Any:
    if isinstance(node, Map):
        return {k: to_python(v) for k, (_, v) in node.entries.items()}
    if isinstance(node, Seq):
        return [to_python(v) for v in node.items]
    if isinstance(node, Scalar):
        return node.value
    return None


def _subtree(layer: ValuesLayer) -> Node | None:
    node: Node | None = layer.layer.root
    for part in layer.prefix:
        node = node.get(str(part)) if isinstance(node, Map) else None
    return node


def merge(base: Any, over: Any) -> Any:
    """Helm's coalescing of user values: maps merge, anything else replaces (null deletes)."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = merge(out.get(key), value)
        return out
    return over


def set_dotted(values: dict[str, Any], name: str, value: Any) -> None:
    parts = [p for p in re.split(r"(?<!\\)\.", name) if p]
    node = values
    for part in parts[:-1]:
        node = node.setdefault(part.replace("\\.", "."), {})
        if not isinstance(node, dict):
            return
    if parts:
        node[parts[-1].replace("\\.", ".")] = value


def user_values(values: Values) -> dict[str, Any]:
    """The values given to the chart, on top of its own values.yaml (which Helm reads)."""
    merged: dict[str, Any] = {}
    for layer in values.layers:
        tree = to_python(_subtree(layer))
        if isinstance(tree, dict):
            merged = merge(merged, tree)
    for name, value, _ in values.parameters:
        set_dotted(merged, name, value)
    return merged


def leaves(
    chart_values: ValuesLayer | None, values: Values
) -> tuple[dict[KeyPath, Location], dict[KeyPath, str]]:
    """Effective values leaves: path -> where the winning layer sets it (its exact place),
    and path -> its value as text."""
    places: dict[KeyPath, Location] = {}
    texts: dict[KeyPath, str] = {}
    for layer in [*([chart_values] if chart_values else []), *values.layers]:
        tree = _subtree(layer)
        if tree is None:
            continue
        for path, node in walk(tree):
            if isinstance(node, Scalar) and node.value is not None:
                places[path] = layer.layer.location(node, exact=True)
                texts[path] = _text(node.value)
    for name, value, where in values.parameters:
        path = tuple(p for p in re.split(r"(?<!\\)\.", name) if p)
        places[path] = where
        texts[path] = _text(value)
    return places, {p: t for p, t in texts.items() if t}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


_WORDS = re.compile(r"[a-z0-9]+")
_COMMON_WORDS = frozenset(
    {"nginx", "ingress", "kubernetes", "io", "spec", "metadata", "annotations"}
)


@functools.lru_cache(maxsize=8192)
def _words(path: KeyPath) -> frozenset[str]:
    """The words of a key path's names (``tlsSecretName`` -> tls, secret, name), once per path."""
    out: set[str] = set()
    for part in path:
        if isinstance(part, str):
            out.update(_WORDS.findall(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", part).lower()))
    return frozenset(out - _COMMON_WORDS)


class Chooser:
    """Places a rendered node on the values leaf that decided it, else on its template line."""

    def __init__(
        self,
        found: tuple[dict[KeyPath, Location], dict[KeyPath, str]],
        template: str,
        lines: list[str],
    ) -> None:
        self.locations, self.texts = found
        self.template = template
        self.lines = lines
        self.key_lines: dict[str, int | None] = {}  # a key -> the first line that sets it

    def __call__(self, path: KeyPath, node: Node) -> Location | None:
        if isinstance(node, Scalar) and node.value is not None:
            value = _text(node.value)
            exact = [p for p, t in self.texts.items() if t == value]
            partial = [
                p
                for p, t in self.texts.items()
                if t != value
                and len(t) >= 2
                and t in value  # the cheap test first: most values hold no other value
                and re.search(rf"(?<![\w.]){re.escape(t)}(?![\w])", value)
            ]
            words = _words(path)
            for group, editable in ((exact, True), (partial, False)):
                scored = sorted(
                    ((len(words & _words(p)), p) for p in group), key=lambda s: (-s[0], s[1])
                )
                if not scored:
                    continue
                best, chosen = scored[0]
                ambiguous = len(scored) > 1 and scored[1][0] == best
                weak = best == 0 and (len(value) < 6 or (" " not in value and len(group) > 1))
                if ambiguous or weak:
                    continue
                where = self.locations.get(chosen)
                if where is None:
                    continue
                return where if editable else Location(where.path, where.line, where.column)
        return self.template_line(path)

    def template_line(self, path: KeyPath) -> Location | None:
        for part in reversed(path):
            if isinstance(part, str):
                number = self._key_line(part)
                if number is not None:
                    return Location(self.template, number)
        return None

    def _key_line(self, key: str) -> int | None:
        """The first template line that sets ``key``, searched once per key (a chart renders
        thousands of nodes under the same few keys)."""
        if key not in self.key_lines:
            pattern = re.compile(rf"^\s*(?:-\s+)?[\"']?{re.escape(key)}[\"']?\s*:")
            self.key_lines[key] = next(
                (n for n, line in enumerate(self.lines, 1) if pattern.search(line)), None
            )
        return self.key_lines[key]


def render(
    root: Path,
    chart_dir: str,
    values: Values,
    name: str,
    namespace: str,
    timeout: float,
) -> dict[str, str]:
    """Template path (repository path) -> rendered text."""
    if not engine_available():
        raise RenderError("the Helm engine (helm-python-sdk) is not installed", INSTALL_HINT)
    _check_chart(root, chart_dir)
    request = {
        "chart": os.path.realpath(root / chart_dir),
        "values": user_values(values),
        "name": name,
        "namespace": namespace,
    }
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tlslint-helm-") as temp:
        try:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).with_name("helm_worker.py"))],
                input=json.dumps(request, default=str).encode(),
                capture_output=True,
                timeout=timeout,
                env={
                    **safe_env(temp),
                    "PYTHONPATH": os.pathsep.join(os.path.abspath(p) for p in sys.path if p),
                    "GOMEMLIMIT": "1GiB",
                },
                cwd=temp,
                check=False,
                preexec_fn=_address_space,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"Helm took longer than {timeout:g} s to render the chart") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8", "replace") or "{}")
    except ValueError:
        answer = {}
    if "error" in answer or "manifests" not in answer:
        reason = answer.get("error") or _crash(done.returncode, done.stderr)
        reason = str(reason).replace(str(os.path.realpath(root)), ".")
        remedy = ""
        if "missing in charts/" in reason or "dependenc" in reason:
            remedy = (
                f"vendor the dependencies: `helm dependency build {chart_dir}` and commit charts/"
            )
        raise RenderError(f"Helm could not render {chart_dir}: {reason or 'no output'}", remedy)
    out: dict[str, str] = {}
    for key, text in sorted(answer["manifests"].items()):
        name = posixpath.basename(key)
        if not isinstance(text, str) or not text.strip() or name == "NOTES.txt":
            continue  # NOTES.txt is printed after an install, never applied
        if name.startswith("_"):
            continue
        out[_repository_path(chart_dir, key)] = text
    return out


ENGINE_ADDRESS_SPACE = 2 << 30  # a render needs about 70 MB; Go reserves more than it uses


def _address_space() -> None:
    """The engine's own address-space bound: a linter worker's (tight, for Python parsers)
    would stop Go's runtime from starting its threads. Memory it really uses is bounded by
    GOMEMLIMIT and the time limit."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = (
        ENGINE_ADDRESS_SPACE if hard == resource.RLIM_INFINITY else min(hard, ENGINE_ADDRESS_SPACE)
    )
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _crash(status: int, stderr: bytes) -> str:
    """Why the engine's process stopped without an answer, in one line (never a Go trace)."""
    text = stderr.decode("utf-8", "replace")
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("fatal error:", "panic:", "runtime: out of memory")):
            if "out of memory" in line or "cannot allocate" in line:
                return f"the engine ran out of memory (limit {ENGINE_ADDRESS_SPACE >> 30} GiB)"
            return f"the engine stopped: {line[:200]}"
    if "out of memory" in text or "MemoryError" in text:
        return f"the engine ran out of memory (limit {ENGINE_ADDRESS_SPACE >> 30} GiB)"
    return f"the engine stopped (exit status {status})"


def _repository_path(chart_dir: str, key: str) -> str:
    """``web/templates/x.yaml`` (or ``web/charts/sub/templates/x.yaml``) -> repository path."""
    parts = key.split("/", 1)
    rest = parts[1] if len(parts) == 2 else key
    return posixpath.join(chart_dir, rest) if chart_dir else rest


def _check_chart(root: Path, chart_dir: str) -> None:
    """No file of the chart may lead out of the repository (Helm follows symbolic links)."""
    base = root / chart_dir
    count = 0
    for directory, dirs, files in os.walk(base):
        for entry in [*dirs, *files]:
            count += 1
            rel = os.path.relpath(os.path.join(directory, entry), root)
            if os.path.islink(os.path.join(directory, entry)) and not inside(root, rel):
                raise RenderError(f"{rel} is a symbolic link out of the repository")
        if count > 20_000:
            raise RenderError(f"{chart_dir} holds more than 20,000 files")
    _check_dependencies(base, chart_dir)


def _check_dependencies(base: Path, chart_dir: str) -> None:
    """As ``helm template`` does: every dependency in Chart.yaml must be vendored under
    ``charts/`` (tlslint never downloads one)."""
    import yaml

    try:
        meta = yaml.safe_load((base / "Chart.yaml").read_text(encoding="utf-8", errors="replace"))
    except (OSError, yaml.YAMLError):
        return  # Helm reports it
    dependencies = meta.get("dependencies") if isinstance(meta, dict) else None
    vendored = (
        {p.name for p in (base / "charts").iterdir()} if (base / "charts").is_dir() else set()
    )
    missing = []
    for dependency in dependencies if isinstance(dependencies, list) else ():
        name = dependency.get("name") if isinstance(dependency, dict) else None
        if not isinstance(name, str):
            continue
        if name not in vendored and not any(
            v.startswith(f"{name}-") and v.endswith(".tgz") for v in vendored
        ):
            missing.append(name)
    if missing:
        raise RenderError(
            f"its dependencies {', '.join(missing)} are not vendored under {chart_dir}/charts/",
            f"`helm dependency build {chart_dir}` and commit {chart_dir}/charts/",
        )
