"""What the repository deploys: kustomize roots, Helm charts and the Flux and Argo CD objects
that point at them, as a list of render *targets*.

A kustomization is a root when no other kustomization builds on it, or when a Flux
``Kustomization`` or an Argo CD ``Application`` points at its directory. A chart is rendered
with each set of values that a ``HelmRelease`` or an ``Application`` gives it, with the values
files the config names, and with its defaults when nothing deploys it. A file that a rendered
root or chart reads (a base, a patch, a template) is judged through the rendering only.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.model import Location, SourceFile
from tlslint.sources.gitops import helm, kustomize
from tlslint.sources.gitops.kustomize import KUSTOMIZATION_NAMES, RenderError
from tlslint.sources.gitops.trace import Layer
from tlslint.sources.kubernetes.yamltree import Map, Node, Scalar, Seq, read_documents

MAX_DEPLOYER = 1024 * 1024


@dataclass
class Target:
    kind: str  # "kustomize" | "helm"
    owner: str  # the file whose unit renders it
    path: str  # kustomization file, or chart directory
    name: str = ""  # Helm release name
    namespace: str | None = None
    values: helm.Values = field(default_factory=helm.Values)
    anchor: Location | None = None  # the deployer's line, for problems
    what: str = ""  # "HelmRelease apps/web", for messages
    problem: RenderError | None = None  # known before rendering (a remote chart)
    # Patches the deployer applies on top (a Flux Kustomization's spec.patches): given to
    # kustomize in the wrapper, traced to the deployer's lines.
    patches: list[dict[str, Any]] = field(default_factory=list)
    patched_by: kustomize.Kustomization | None = None
    # A Flux Kustomization's spec.postBuild.substitute: ${name} -> value after the build.
    substitute: dict[str, str] = field(default_factory=dict)
    # Values the deployer names but the repository lacks: rendered without them, and said.
    missing: list[tuple[Location, str]] = field(default_factory=list)


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    consumed: set[str] = field(default_factory=set)  # read through a rendering only
    # Repository file -> the files whose units render it (for one-file checks).
    renderers: dict[str, set[str]] = field(default_factory=dict)


# The last plan made, with the file list it was made for (held, so that its identity is not
# reused): each run (and each pass of `tlslint fix`) discovers a new list.
_LAST: list[tuple[list[SourceFile], str, str, Plan]] = []


def plan_for(root: Path, files: list[SourceFile], settings: dict[str, Any]) -> Plan:
    """The plan for a repository (computed once per discovered file list)."""
    wanted = repr(sorted(settings.items()))
    for listed, where, setting, plan in _LAST:
        if listed is files and where == str(root) and setting == wanted:
            return plan
    plan = _plan(root, files, settings)
    _LAST[:] = [(files, str(root), wanted, plan)]
    return plan


def _plan(root: Path, files: list[SourceFile], settings: dict[str, Any]) -> Plan:
    plan = Plan()
    paths = {f.path for f in files}
    kustomizations = [f.path for f in files if posixpath.basename(f.path) in KUSTOMIZATION_NAMES]
    chart_files = {f.path for f in files if posixpath.basename(f.path) == "Chart.yaml"}
    charts = sorted(posixpath.dirname(p) for p in chart_files if not _subchart(p, chart_files))
    used: set[str] = set()
    for rel in kustomizations:
        try:
            k = kustomize.read_kustomization(root, rel)
        except RenderError:
            continue
        for ref, _ in k.refs:
            where = posixpath.normpath(posixpath.join(k.directory, ref))
            nested = kustomize.find_kustomization(root, where) if not ref.startswith("/") else None
            if nested is not None and kustomize.inside(root, where):
                used.add(nested)
    deployed_charts: set[str] = set()
    pointed: set[str] = set()
    for f in files:
        if f.kind == "gitops" and f.path.endswith((".yaml", ".yml", ".json")):
            if posixpath.basename(f.path) in KUSTOMIZATION_NAMES or f.path.endswith("Chart.yaml"):
                continue
            for deployed in _deployers(root, f, files):
                plan.targets.append(deployed)
                if deployed.kind == "helm" and not deployed.problem:
                    deployed_charts.add(deployed.path)
                if deployed.kind == "kustomize":
                    pointed.add(deployed.path)
    for rel in kustomizations:
        if rel not in used and rel not in pointed:
            plan.targets.append(Target("kustomize", rel, rel, anchor=Location(rel)))
    configured = settings.get("values") or {}
    for chart in charts:
        for values_files in configured.get(chart, ()) if isinstance(configured, dict) else ():
            names = [values_files] if isinstance(values_files, str) else list(values_files)
            values = helm.Values()
            for name in names:
                rel = posixpath.normpath(posixpath.join(chart, name))
                layer = _file_layer(root, rel)
                if layer is not None:
                    values.layers.append(layer)
            plan.targets.append(
                Target(
                    "helm",
                    f"{chart}/Chart.yaml",
                    chart,
                    posixpath.basename(chart) or "release",
                    None,
                    values,
                    Location(f"{chart}/Chart.yaml"),
                    f"chart {chart} with {', '.join(names)}",
                )
            )
            deployed_charts.add(chart)
        if chart not in deployed_charts:
            plan.targets.append(
                Target(
                    "helm",
                    f"{chart}/Chart.yaml",
                    chart,
                    posixpath.basename(chart) or "release",
                    None,
                    helm.Values(),
                    Location(f"{chart}/Chart.yaml"),
                    f"chart {chart} with its defaults",
                )
            )
    # What each target reads: judged through the rendering (a kubernetes unit skips it).
    can_kustomize = kustomize.kustomize_command() is not None
    can_helm = helm.engine_available()
    for target in plan.targets:
        reads: list[str] = []
        if target.problem is not None:
            continue
        if target.kind == "kustomize":
            try:
                chain = kustomize.closure(root, target.path)
            except RenderError:
                continue
            reads = [p for k in chain for p in k.files]
            if can_kustomize:
                plan.consumed.update(reads)
        else:
            prefix = f"{target.path}/" if target.path else ""
            reads = [p for p in paths if p.startswith(prefix)]
            reads += [layer.layer.path for layer in target.values.layers]
            if can_helm:
                plan.consumed.update(p for p in reads if "/templates/" in f"/{p[len(prefix) :]}")
        for rel in reads:
            plan.renderers.setdefault(rel, set()).add(target.owner)
    return plan


def _subchart(chart_file: str, chart_files: set[str]) -> bool:
    """A chart vendored in another chart's ``charts/``: rendered as part of its parent."""
    directory = posixpath.dirname(posixpath.dirname(chart_file))
    if posixpath.basename(directory) != "charts":
        return False
    parent = posixpath.dirname(directory)
    return (posixpath.join(parent, "Chart.yaml") if parent else "Chart.yaml") in chart_files


def _file_layer(root: Path, rel: str) -> helm.ValuesLayer | None:
    if not kustomize.inside(root, rel) or not (root / rel).is_file():
        return None
    try:
        text = (root / rel).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for document in read_documents(text, 1000, 100):
        if document.root is not None:
            return helm.ValuesLayer(Layer(rel, document.root), (), rel)
    return None


def _str(node: Node | None, key: str) -> str | None:
    value = node.get(key) if isinstance(node, Map) else None
    return value.value if isinstance(value, Scalar) and isinstance(value.value, str) else None


def _deployers(root: Path, f: SourceFile, files: list[SourceFile]) -> list[Target]:
    try:
        if (root / f.path).stat().st_size > MAX_DEPLOYER:
            return []
        text = (root / f.path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out: list[Target] = []
    for document in read_documents(text, 1000, 100):
        node = document.root
        if not isinstance(node, Map):
            continue
        api, kind = _str(node, "apiVersion") or "", _str(node, "kind") or ""
        metadata = node.get("metadata")
        name = _str(metadata, "name") or ""
        namespace = _str(metadata, "namespace")
        spec = node.get("spec")
        kind_node = node.get("kind")
        anchor = Location(f.path, kind_node.line if kind_node is not None else node.line)
        if api.startswith("kustomize.toolkit.fluxcd.io/") and kind == "Kustomization":
            out.extend(_flux_kustomization(root, f, spec, name, anchor))
        elif api.startswith("helm.toolkit.fluxcd.io/") and kind == "HelmRelease":
            out.extend(_helm_release(root, f, spec, name, namespace, anchor, files))
        elif api.startswith("argoproj.io/") and kind == "Application":
            out.extend(_application(root, f, spec, name, anchor))
    return out


def repository_path(path: str) -> str | None:
    """A path from the repository's root as GitOps tools write it (``./apps/x``, ``/apps/x``,
    ``apps/x``), normalised; None when it climbs out of the repository."""
    cleaned = posixpath.normpath(path.lstrip("/") or ".")
    if cleaned == ".":
        return ""
    if cleaned == ".." or cleaned.startswith("../"):
        return None
    return cleaned


def _directory_target(
    root: Path, owner: str, directory: str, namespace: str | None, anchor: Location, what: str
) -> list[Target]:
    written = directory
    cleaned = repository_path(directory)
    if cleaned is None or not kustomize.inside(root, cleaned or "."):
        why = f"{what} deploys {written}, outside the repository; not rendered"
        return [
            Target("kustomize", owner, written, anchor=anchor, what=what, problem=RenderError(why))
        ]
    directory = cleaned
    if not (root / directory).is_dir():
        why = (
            f"{what} deploys {written}, which is not a directory of this repository (the "
            "source may be another repository); not rendered"
        )
        return [
            Target(
                "kustomize",
                owner,
                written,
                anchor=anchor,
                what=what,
                problem=RenderError(why, "check the repository that holds it"),
            )
        ]
    if (root / directory / "Chart.yaml").is_file():
        return [
            Target(
                "helm",
                owner,
                directory,
                posixpath.basename(directory),
                namespace,
                helm.Values(),
                anchor,
                what,
            )
        ]
    found = kustomize.find_kustomization(root, directory)
    if found is None:
        return []  # plain manifests: judged as written
    return [Target("kustomize", owner, found, namespace=namespace, anchor=anchor, what=what)]


def _flux_kustomization(
    root: Path, f: SourceFile, spec: Node | None, name: str, anchor: Location
) -> list[Target]:
    path = _str(spec, "path")
    if path is None:
        return []
    targets = _directory_target(
        root, f.path, path, _str(spec, "targetNamespace"), anchor, f"Flux Kustomization {name}"
    )
    post_build = spec.get("postBuild") if isinstance(spec, Map) else None
    variables = post_build.get("substitute") if isinstance(post_build, Map) else None
    if isinstance(variables, Map):
        for target in targets:
            for key, (_, value) in variables.entries.items():
                if isinstance(value, Scalar) and value.value is not None:
                    target.substitute[key] = value.text or str(value.value)
    _deployer_patches(root, f, spec.get("patches") if isinstance(spec, Map) else None, targets)
    return targets


def _deployer_patches(
    root: Path, f: SourceFile, patches: Node | None, targets: list[Target]
) -> None:
    """Inline patches a deployer applies over the kustomization it points at (a Flux
    Kustomization's ``spec.patches``, an Application's ``kustomize.patches``)."""
    if not isinstance(patches, Seq) or not patches.items:
        return
    try:
        lines = (root / f.path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for target in targets:
        if target.kind != "kustomize":
            continue
        own = kustomize.Kustomization(f.path, posixpath.dirname(f.path))
        for item in patches.items:
            text = item.get("patch") if isinstance(item, Map) else None
            if not isinstance(text, Scalar) or not isinstance(text.value, str):
                continue
            selector = kustomize.target_of(item.get("target") if isinstance(item, Map) else None)
            target.patches.append(
                {"patch": text.value, **({"target": selector} if selector else {})}
            )
            kustomize.inline_patch(own, text, selector, lines)
        target.patched_by = own


def _helm_release(
    root: Path,
    f: SourceFile,
    spec: Node | None,
    name: str,
    namespace: str | None,
    anchor: Location,
    files: list[SourceFile],
) -> list[Target]:
    release = _str(spec, "releaseName") or name
    target_ns = _str(spec, "targetNamespace") or namespace or "default"
    what = f"HelmRelease {namespace or 'default'}/{name}"
    chart_spec = spec.get("chart") if isinstance(spec, Map) else None
    chart_spec = chart_spec.get("spec") if isinstance(chart_spec, Map) else None
    chart = _str(chart_spec, "chart")
    source = chart_spec.get("sourceRef") if isinstance(chart_spec, Map) else None
    source_kind = _str(source, "kind") or ""
    values = helm.Values()
    missing: list[tuple[Location, str]] = []
    if isinstance(spec, Map):
        sources = spec.get("valuesFrom")
        for item in sources.items if isinstance(sources, Seq) else ():
            layer = _values_from(root, item, files)
            if layer is not None:
                values.layers.append(layer)
            elif isinstance(item, Map):
                optional = item.get("optional")
                if not (isinstance(optional, Scalar) and optional.value is True):
                    missing.append(
                        (
                            Location(f.path, item.line, item.column),
                            f"{what}: valuesFrom {_str(item, 'kind')} {_str(item, 'name')} "
                            f"(key {_str(item, 'valuesKey') or 'values.yaml'}) is not in the "
                            "repository; the chart was rendered without those values",
                        )
                    )
        if isinstance(spec.get("values"), Map):
            values.layers.append(helm.ValuesLayer(Layer(f.path, spec), ("values",), what))
    chart_node = chart_spec.get("chart") if isinstance(chart_spec, Map) else None
    where = Location(f.path, chart_node.line) if chart_node is not None else anchor
    if chart is None:
        if isinstance(spec, Map) and spec.get("chartRef") is not None:
            return [
                Target(
                    "helm",
                    f.path,
                    "",
                    release,
                    target_ns,
                    values,
                    where,
                    what,
                    RenderError(
                        f"{what} deploys a chart by chartRef (an OCIRepository "
                        "or HelmChart), not a chart in this repository; not rendered",
                        "render the chart with these values in its own repository",
                    ),
                )
            ]
        return []
    directory = repository_path(chart) if chart.startswith(("./", "/")) or "/" in chart else None
    if (
        source_kind != "GitRepository"
        or directory is None
        or not (root / directory / "Chart.yaml").is_file()
    ):
        return [
            Target(
                "helm",
                f.path,
                chart,
                release,
                target_ns,
                values,
                where,
                what,
                RenderError(
                    f"{what} deploys chart {chart} from {source_kind or 'a source'} "
                    f"{_str(source, 'name') or ''}, which is not in this repository; "
                    "not rendered (tlslint renders offline)",
                    f"vendor it: `helm pull {chart} --untar` into the repository "
                    "and point the HelmRelease at that path",
                ),
            )
        ]
    return [
        Target("helm", f.path, directory, release, target_ns, values, anchor, what, missing=missing)
    ]


def _values_from(root: Path, item: Node, files: list[SourceFile]) -> helm.ValuesLayer | None:
    """A ``valuesFrom`` ConfigMap or Secret (``stringData``) found in the repository."""
    kind, name = _str(item, "kind"), _str(item, "name")
    key = _str(item, "valuesKey") or "values.yaml"
    if not kind or not name:
        return None
    for f in files:
        if f.kind not in ("kubernetes", "gitops") or f.size > MAX_DEPLOYER:
            continue
        try:
            text = (root / f.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if name not in text or kind not in text:
            continue
        for document in read_documents(text, 1000, 100):
            node = document.root
            if not isinstance(node, Map) or _str(node, "kind") != kind:
                continue
            if _str(node.get("metadata"), "name") != name:
                continue
            data = node.get("data" if kind == "ConfigMap" else "stringData")
            block = data.get(key) if isinstance(data, Map) else None
            if isinstance(block, Scalar) and isinstance(block.value, str):
                lines = text.splitlines()
                indent = 0
                for following in lines[block.line :]:
                    if following.strip():
                        indent = len(following) - len(following.lstrip(" "))
                        break
                for inner in read_documents(block.value, 1000, 100):
                    if inner.root is not None:
                        return helm.ValuesLayer(
                            Layer(f.path, inner.root, block.line, indent), (), f"{kind} {name}"
                        )
    return None


def _application(
    root: Path, f: SourceFile, spec: Node | None, name: str, anchor: Location
) -> list[Target]:
    destination = spec.get("destination") if isinstance(spec, Map) else None
    namespace = _str(destination, "namespace")
    sources: list[Node] = []
    if isinstance(spec, Map):
        if isinstance(spec.get("source"), Map):
            sources.append(spec.get("source"))  # type: ignore[arg-type]
        if isinstance(spec.get("sources"), Seq):
            sources.extend(spec.get("sources").items)  # type: ignore[union-attr]
    out: list[Target] = []
    what = f"Application {name}"
    for source in sources:
        path, chart = _str(source, "path"), _str(source, "chart")
        if chart is not None:
            out.append(
                Target(
                    "helm",
                    f.path,
                    chart,
                    name,
                    namespace,
                    helm.Values(),
                    anchor,
                    what,
                    RenderError(
                        f"{what} deploys chart {chart} from {_str(source, 'repoURL')}, "
                        "not from this repository; not rendered (tlslint renders offline)",
                        f"vendor it: `helm pull {chart} --repo {_str(source, 'repoURL')} --untar`",
                    ),
                )
            )
            continue
        if path is None:
            continue
        kustomize_spec = source.get("kustomize") if isinstance(source, Map) else None
        ns = _str(kustomize_spec, "namespace") or namespace
        targets = _directory_target(root, f.path, path, ns, anchor, what)
        if isinstance(kustomize_spec, Map):
            _deployer_patches(root, f, kustomize_spec.get("patches"), targets)
        for target in targets:
            if target.kind == "helm":
                _argo_helm(root, f, source, target)
        out.extend(targets)
    return out


def _argo_helm(root: Path, f: SourceFile, source: Node, target: Target) -> None:
    settings = source.get("helm") if isinstance(source, Map) else None
    if not isinstance(settings, Map):
        return
    target.name = _str(settings, "releaseName") or target.name
    files_node = settings.get("valueFiles")
    for item in files_node.items if isinstance(files_node, Seq) else ():
        if isinstance(item, Scalar) and isinstance(item.value, str):
            layer = _file_layer(root, posixpath.normpath(posixpath.join(target.path, item.value)))
            if layer is not None:
                target.values.layers.append(layer)
            else:
                target.missing.append(
                    (
                        Location(f.path, item.line, item.column),
                        f"{target.what}: values file {item.value} is not in the repository "
                        f"(beside {target.path}); the chart was rendered without it",
                    )
                )
    inline = settings.get("values")
    if isinstance(inline, Scalar) and isinstance(inline.value, str):
        lines = (root / f.path).read_text(encoding="utf-8", errors="replace").splitlines()
        indent = next((len(x) - len(x.lstrip(" ")) for x in lines[inline.line :] if x.strip()), 0)
        for document in read_documents(inline.value, 1000, 100):
            if document.root is not None:
                target.values.layers.append(
                    helm.ValuesLayer(
                        Layer(f.path, document.root, inline.line, indent), (), "helm.values"
                    )
                )
    if isinstance(settings.get("valuesObject"), Map):
        target.values.layers.append(
            helm.ValuesLayer(Layer(f.path, settings), ("valuesObject",), "helm.valuesObject")
        )
    parameters = settings.get("parameters")
    for item in parameters.items if isinstance(parameters, Seq) else ():
        pname = _str(item, "name")
        value = item.get("value") if isinstance(item, Map) else None
        if pname and isinstance(value, Scalar):
            reader = Layer(f.path, value)
            target.values.parameters.append(
                (
                    pname,
                    value.value if isinstance(value.value, str) else value.text,
                    reader.location(value, exact=True),
                )
            )
