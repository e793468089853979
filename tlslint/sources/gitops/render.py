"""One unit of the GitOps source: render what a file deploys and read the result."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from tlslint.model import Location, Model, ReadProblem, SourceFile
from tlslint.sources.base import SourceContext
from tlslint.sources.gitops import helm, kustomize
from tlslint.sources.gitops.kustomize import RenderError
from tlslint.sources.gitops.plan import Target, plan_for
from tlslint.sources.gitops.trace import Layer, Trace, remap, trace_object
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, read_documents

ORIGIN = "config.kubernetes.io/origin"
DEPLOYER = "#deployer"
SUBSTITUTE = "kustomize.toolkit.fluxcd.io/substitute"
TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations"
CACHE_VERSION = "1"
# libyaml's loader and dumper where PyYAML has them (ten times faster on rendered output).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(document: Any) -> str:
    return str(yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True))


def extract_unit(files: list[SourceFile], ctx: SourceContext) -> Model:
    from tlslint.sources.kubernetes import KUBERNETES

    model = Model(files=list(files))
    settings = ctx.settings.get("gitops") or {}
    index = ctx.files if ctx.files else files
    plan = plan_for(ctx.root, index, settings)
    for f in files:
        name = posixpath.basename(f.path)
        if name.endswith((".yaml", ".yml")) and name not in (
            *kustomize.KUSTOMIZATION_NAMES,
            "Chart.yaml",
        ):
            # A file with a HelmRelease may hold plain objects too: read them as written.
            model.extend(_without_files(KUBERNETES.extract([f], ctx)))
        for target in plan.targets:
            if target.owner != f.path:
                continue
            for where, message in target.missing:
                model.problems.append(ReadProblem("file-skipped", message, where))
                model.incomplete.setdefault(where.path, message)
            try:
                if target.problem is not None:
                    raise target.problem
                if target.kind == "kustomize":
                    _kustomize(target, ctx, model)
                else:
                    _helm(target, ctx, model)
            except RenderError as exc:
                _not_rendered(target, exc, ctx, model, plan.renderers)
    return model


def _without_files(extracted: Model) -> Model:
    extracted.files = []
    return extracted


def _not_rendered(
    target: Target, exc: RenderError, ctx: SourceContext, model: Model, reads: dict[str, set[str]]
) -> None:
    what = target.what or (
        f"kustomization {target.path}" if target.kind == "kustomize" else f"chart {target.path}"
    )
    message = f"{what} not rendered: {exc.reason}"
    if exc.remedy:
        message += f"; to fix: {exc.remedy}"
    if target.kind == "helm" and not target.problem:
        message += "; its templates were not analysed"
    where = target.anchor or Location(target.owner)
    model.problems.append(ReadProblem("file-skipped", message, where))
    model.incomplete.setdefault(where.path, message)
    # The files the rendering would have judged are judged as written (a template stays TLS001).
    if target.kind == "kustomize":
        from tlslint.sources.kubernetes import KUBERNETES

        mine = sorted(p for p, owners in reads.items() if target.owner in owners)
        skipped = [
            SourceFile(p, str(ctx.root / p), "kubernetes", 0)
            for p in mine
            if p.endswith((".yaml", ".yml", ".json"))
            and (ctx.root / p).is_file()
            and posixpath.basename(p) not in kustomize.KUSTOMIZATION_NAMES
        ]
        if skipped and kustomize.kustomize_command() is not None:
            from tlslint.sources import kubernetes as k8s

            previous = k8s.JUDGE_RENDERED_INPUTS
            k8s.JUDGE_RENDERED_INPUTS = True
            try:
                model.extend(_without_files(KUBERNETES.extract(skipped, ctx)))
            finally:
                k8s.JUDGE_RENDERED_INPUTS = previous


# ---- cache -------------------------------------------------------------------------------


def _cache_dir() -> Path | None:
    """The renderings' directory (mode 0700), unless caching is off or it is not the user's
    own (pipeline/cache.py)."""
    from tlslint.pipeline.cache import cache_directory, private_directory

    directory = cache_directory()
    if directory is None or not private_directory(directory / "render"):
        return None
    return directory / "render"


def _digest(root: Path, paths: list[str], extra: Any) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    h.update(json.dumps(extra, sort_keys=True, default=str).encode())
    for rel in sorted(set(paths)):
        h.update(rel.encode() + b"\0")
        try:
            h.update(hashlib.sha256((root / rel).read_bytes()).digest())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def _cached(key: str, produce: Any) -> Any:
    directory = _cache_dir()
    path = directory / f"{key}.json" if directory else None
    if path is not None:
        from tlslint.pipeline.cache import trusted

        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                if trusted(os.fstat(fd)):
                    return json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            pass
    value = produce()
    if path is not None:
        text = json.dumps(value)
        if _KEY_MATERIAL.search(text):
            return value  # a rendered key is never copied out of the repository
        try:
            directory.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            with tempfile.NamedTemporaryFile(
                "w", dir=directory, delete=False, suffix=".tmp"
            ) as out:
                out.write(text)
            os.replace(out.name, path)
        except OSError:
            pass
    return value


# Key material in a rendering: a PEM private key, or any PEM block in base64 (a Secret's data:
# "-----BEGIN" encodes to "LS0tLS1CRUdJTi").
_KEY_MATERIAL = re.compile(r"PRIVATE KEY|LS0tLS1CRUdJTi")


# ---- kustomize ---------------------------------------------------------------------------


def _kustomize(target: Target, ctx: SourceContext, model: Model) -> None:
    root = ctx.root
    chain = kustomize.closure(root, target.path)
    if kustomize.kustomize_command() is None:  # the cache speeds a render up, never replaces it
        raise RenderError("kustomize is not installed", kustomize.INSTALL_HINT)
    inputs = [p for k in chain for p in k.files]
    key = _digest(root, inputs, ["kustomize", target.path, target.namespace, target.patches])

    def produce() -> list[dict[str, Any]]:
        text, wrapper = kustomize.build(
            root, target.path, ctx.limits.file_timeout, target.namespace, target.patches
        )
        out: list[dict[str, Any]] = []
        real_root = os.path.realpath(root)
        for document in yaml.load_all(text, Loader=_LOADER):
            if not isinstance(document, dict):
                continue
            annotations = (document.get("metadata") or {}).get("annotations") or {}
            origin = kustomize.origin_path(root, annotations.pop(ORIGIN, None))
            patched = kustomize.configured_in(annotations.pop(TRANSFORMATIONS, None))
            if not annotations and isinstance(document.get("metadata"), dict):
                document["metadata"].pop("annotations", None)

            def rel(p: str) -> str | None:
                full = os.path.realpath(os.path.join(wrapper, p))
                if full == os.path.realpath(os.path.join(wrapper, "kustomization.yaml")):
                    return DEPLOYER  # the deployer's own patches, given in the wrapper
                return (
                    os.path.relpath(full, real_root)
                    if full.startswith(real_root + os.sep)
                    else None
                )

            out.append(
                {
                    "object": document,
                    "origin": rel(origin) if origin else None,
                    "patched": [r for r in (rel(p) for p in patched) if r],
                }
            )
        return out

    objects = _cached(key, produce)
    if target.substitute:
        objects = [_substituted(o, target.substitute) for o in objects]
    by_path = {k.path: k for k in chain}
    if target.patched_by is not None:
        by_path[DEPLOYER] = target.patched_by
    rendered = posixpath.join(posixpath.dirname(target.path), ".kustomize" + kustomize.RENDERED_TAG)
    text = "".join("---\n" + _dump(o["object"]) for o in objects)
    layered = []
    for entry in objects:
        layers, anchor = _kustomize_layers(root, entry, by_path, target)
        layered.append((layers, anchor))
    _read_rendered(rendered, text, layered, ctx, model, None)


_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::=([^}]*))?\}")


def _substituted(entry: dict[str, Any], variables: dict[str, str]) -> dict[str, Any]:
    """Flux's post-build substitution (``${name}``, ``${name:=default}``) in every string of
    an object, unless the object opts out (``kustomize.toolkit.fluxcd.io/substitute:
    disabled``)."""
    obj = entry["object"]
    metadata = obj.get("metadata") if isinstance(obj, dict) else None
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    marks = metadata.get("annotations") if isinstance(metadata, dict) else None
    for mapping in (labels, marks):
        if isinstance(mapping, dict) and mapping.get(SUBSTITUTE) == "disabled":
            return entry

    def value(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in variables:
            return variables[name]
        return default if default is not None else match.group(0)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return _VARIABLE.sub(value, node)
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return node

    return {**entry, "object": walk(obj)}


def _kustomize_layers(
    root: Path, entry: dict[str, Any], by_path: dict[str, kustomize.Kustomization], target: Target
) -> tuple[list[Layer], Location]:
    obj = entry["object"]
    kind = obj.get("kind")
    layers: list[Layer] = []
    anchor = Location(target.path)
    base_name: str | None = None
    origin = entry.get("origin")
    if origin:
        base = _find_document(root, origin, kind, (obj.get("metadata") or {}).get("name"))
        if base is not None:
            layers.append(Layer(origin, base))
            kind_node = base.get("kind") if isinstance(base, Map) else None
            anchor = Location(origin, (kind_node or base).line, (kind_node or base).column)
            metadata = base.get("metadata") if isinstance(base, Map) else None
            name_node = metadata.get("name") if isinstance(metadata, Map) else None
            if isinstance(name_node, Scalar) and isinstance(name_node.value, str):
                base_name = name_node.value
    chain = [(k, v) for k, v in by_path.items() if k != DEPLOYER]
    ordered = [*reversed(chain), *[(k, v) for k, v in by_path.items() if k == DEPLOYER]]
    for key, kustomization in ordered:  # innermost first, the deployer's patches last
        if key not in entry.get("patched", ()):
            continue
        for patch in kustomization.patches:
            layer = _patch_layer(patch, kind, base_name)
            if layer is not None:
                layers.append(layer)
    return layers, anchor


def _patch_layer(patch: kustomize.Patch, kind: Any, name: str | None) -> Layer | None:
    import re

    target = patch.target
    if target:
        if target.get("kind") and target["kind"] != kind:
            return None
        if target.get("name") and name is not None and not re.fullmatch(target["name"], name):
            return None
    if patch.json6902 or _is_ops(patch.root):
        flat: dict[tuple[str | int, ...], Node] = {}
        for op in getattr(patch.root, "items", []):
            if not isinstance(op, Map):
                continue
            where, value = op.get("path"), op.get("value")
            if not isinstance(where, Scalar) or not isinstance(where.value, str) or value is None:
                continue
            prefix = tuple(
                int(p) if p.isdigit() else p.replace("~1", "/").replace("~0", "~")
                for p in where.value.strip("/").split("/")
            )
            from tlslint.sources.gitops.trace import walk

            for sub, node in walk(value):
                flat[(*prefix, *sub)] = node
        layer = Layer(patch.path, patch.root, patch.line_offset, patch.column_offset, True)
        object.__setattr__(layer, "_flat", flat)
        return layer
    if not isinstance(patch.root, Map):
        return None
    if not target:
        patch_kind = patch.root.get("kind")
        metadata = patch.root.get("metadata")
        patch_name = metadata.get("name") if isinstance(metadata, Map) else None
        if isinstance(patch_kind, Scalar) and patch_kind.value != kind:
            return None
        if isinstance(patch_name, Scalar) and name is not None and patch_name.value != name:
            return None
    return Layer(patch.path, patch.root, patch.line_offset, patch.column_offset)


def _is_ops(node: Node) -> bool:
    items = getattr(node, "items", None)
    if not isinstance(items, list) or not items:
        return False
    return isinstance(items[0], Map) and items[0].get("op") is not None


def _find_document(root: Path, rel: str, kind: Any, rendered_name: Any) -> Node | None:
    try:
        text = (root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best: Node | None = None
    for document in read_documents(text, 1000, 100):
        node = document.root
        if not isinstance(node, Map):
            continue
        k = node.get("kind")
        if not isinstance(k, Scalar) or k.value != kind:
            continue
        metadata = node.get("metadata")
        name = metadata.get("name") if isinstance(metadata, Map) else None
        if (
            isinstance(name, Scalar)
            and isinstance(rendered_name, str)
            and isinstance(name.value, str)
        ):
            if name.value == rendered_name:
                return node
            if name.value in rendered_name and best is None:
                best = node
        elif best is None:
            best = node
    return best


# ---- Helm ----------------------------------------------------------------------------------


def _helm(target: Target, ctx: SourceContext, model: Model) -> None:
    root = ctx.root
    chart = target.path
    if not helm.engine_available():
        raise RenderError("the Helm engine (helm-python-sdk) is not installed", helm.INSTALL_HINT)
    namespace = target.namespace or "default"
    inputs = [f.path for f in ctx.files if f.path.startswith(f"{chart}/" if chart else "")]
    inputs += [layer.layer.path for layer in target.values.layers]
    key = _digest(
        root, inputs, ["helm", chart, target.name, namespace, helm.user_values(target.values)]
    )
    manifests = _cached(
        key,
        lambda: helm.render(
            root, chart, target.values, target.name or "release", namespace, ctx.limits.file_timeout
        ),
    )
    chart_values = None
    values_file = posixpath.join(chart, "values.yaml") if chart else "values.yaml"
    try:
        text = (root / values_file).read_text(encoding="utf-8", errors="replace")
        for document in read_documents(text, 1000, 100):
            if document.root is not None:
                chart_values = helm.ValuesLayer(Layer(values_file, document.root))
                break
    except OSError:
        pass
    found = helm.leaves(chart_values, target.values)
    for template, rendered_text in manifests.items():
        documents = []
        try:
            loaded = list(yaml.load_all(rendered_text, Loader=_LOADER))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1} of its output)" if mark is not None else ""
            message = (
                f"{target.what or 'the chart'} renders this template to invalid YAML{where}: "
                f"{getattr(exc, 'problem', None) or exc}; Helm would refuse to install it"
            )
            model.problems.append(ReadProblem("parse-error", message, Location(template)))
            model.incomplete.setdefault(template, message)
            continue
        for document in loaded:
            if isinstance(document, dict):
                metadata = document.setdefault("metadata", {})
                if isinstance(metadata, dict):
                    metadata.setdefault("namespace", namespace)
                documents.append(document)
        if not documents:
            continue
        try:
            lines = (root / template).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        chooser = helm.Chooser(found, template, lines)
        kind_line = next((i for i, line in enumerate(lines, 1) if line.startswith("kind:")), 1)
        text = "".join("---\n" + _dump(d) for d in documents)
        layered: list[tuple[list[Layer], Location]] = [
            ([], Location(template, kind_line)) for _ in documents
        ]
        _read_rendered(f"{template}{kustomize.RENDERED_TAG}", text, layered, ctx, model, chooser)


# ---- reading a rendering -----------------------------------------------------------------


def _read_rendered(
    virtual: str,
    text: str,
    layered: list[tuple[list[Layer], Location]],
    ctx: SourceContext,
    model: Model,
    chooser: Any,
) -> None:
    from tlslint.sources.kubernetes import KUBERNETES

    trace = Trace(virtual, text, ctx.root)
    roots = [d.root for d in read_documents(text, 100_000, 1000) if d.root is not None]
    for node, (layers, anchor) in zip(roots, layered, strict=False):
        trace_object(trace, node, layers, anchor, chooser)
    with tempfile.TemporaryDirectory(prefix="tlslint-rendered-") as temp:
        path = Path(temp) / "rendered.yaml"
        path.write_text(text)
        extracted = KUBERNETES.extract(
            [SourceFile(virtual, str(path), "kubernetes", len(text))], ctx
        )
    for endpoint in extracted.endpoints:
        remap(endpoint, trace)
    model.endpoints.extend(extracted.endpoints)
    model.problems.extend(remap(p, trace) for p in extracted.problems)
    for kind, objects in extracted.objects.items():
        model.objects.setdefault(kind, []).extend(remap(list(objects), trace))
    for rel, reason in extracted.incomplete.items():
        model.incomplete.setdefault(trace.map(Location(rel)).path, reason)
