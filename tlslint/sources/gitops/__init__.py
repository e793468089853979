"""The GitOps source: what a repository deploys, rendered as the cluster gets it.

kustomize roots (overlays, and what a Flux ``Kustomization`` or Argo CD ``Application`` points
at) are built with the real kustomize; Helm charts are rendered with Helm's engine, with the
values a ``HelmRelease`` or an ``Application`` gives them. The rendered objects are read by the
Kubernetes source, like any manifest, and every place in them is traced back to the line that
wrote it (``trace``): the patch, the base, the values file or the template. Files a rendering
reads are judged through it only (the Kubernetes source asks :func:`rendered_elsewhere`), so a
base shared by two overlays is reported once, on its own lines.

Without the renderer (not installed, a remote chart or base, a render error) the root is
reported as not analysed (TLS001) with the reason and what to run, and the files it would have
read are judged as written.

Layout: ``plan`` (what is deployed, from which files), ``kustomize`` and ``helm`` (rendering,
safely), ``trace`` (rendered place -> source place), ``cache`` (renderings by input hash).
"""

from __future__ import annotations

import json
import posixpath

from tlslint.lazyre import LazyPattern
from tlslint.model import Model, SourceFile
from tlslint.sources.base import Source, SourceContext, each_file

_CHART = "Chart.yaml"
_KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_DEPLOYERS = LazyPattern(
    rb"apiVersion\s*:\s*[\"']?(?:kustomize\.toolkit\.fluxcd\.io|helm\.toolkit\.fluxcd\.io|"
    rb"argoproj\.io)/"
)
_VALUES = LazyPattern(r"^values(?:[-.][\w.-]+)?\.ya?ml$")


class GitOpsSource(Source):
    name = "gitops"

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        if name in _KUSTOMIZATIONS or name == _CHART:
            return True
        if not name.lower().endswith((".yaml", ".yml")):
            return False
        if _VALUES.match(name):
            return b"apiVersion" not in head or b"kind" not in head
        return bool(_DEPLOYERS.search(head))

    def matches_content(self, head: bytes) -> bool:
        return bool(_DEPLOYERS.search(head))

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        return each_file(files)

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.sources.gitops.render import extract_unit

        return extract_unit(files, ctx)

    # No ``fix``: rendered objects are the Kubernetes source's endpoints, their places traced
    # to the patch, base or values line (``trace``), so its fixer edits those files. These two
    # check a fixed values file or HelmRelease as that fixer checks a manifest.
    def check_syntax(self, text: str, path: str) -> str | None:
        from tlslint.sources.kubernetes import KUBERNETES

        return KUBERNETES.check_syntax(text, path)

    def check_change(self, original: str, fixed: str, path: str) -> str | None:
        from tlslint.sources.kubernetes import KUBERNETES

        return KUBERNETES.check_change(original, fixed, path)

    def dependents(self, scope: list[SourceFile], ctx: SourceContext) -> list[SourceFile]:
        """For a check of some files: the files whose renderings read them (the overlay of a base,
        the HelmRelease of a values file), so a one-file check judges them as a full run does."""
        if not _has_gitops(ctx) or _read_by_no_rendering(scope, ctx):
            return []
        from tlslint.sources.gitops.plan import plan_for

        plan = plan_for(ctx.root, ctx.files, ctx.settings.get("gitops") or {})
        wanted: set[str] = set()
        for f in scope:
            wanted.update(plan.renderers.get(f.path, ()))
            if f.kind == self.name:
                # A deployer or root in scope: what it renders is read with it.
                for target in plan.targets:
                    if target.owner == f.path:
                        wanted.update(plan.renderers.get(target.path, ()))
        given = {f.path for f in scope}
        return [f for f in ctx.files if f.path in wanted and f.path not in given]


def rendered_elsewhere(path: str, ctx: SourceContext) -> bool:
    """Whether a manifest is judged through a rendering (a kustomize base or patch, a chart
    template), so the Kubernetes source does not judge it as written as well."""
    if "#rendered" in path:
        return False
    if not _has_gitops(ctx):
        return False
    from tlslint.sources.gitops.plan import plan_for

    return path in plan_for(ctx.root, ctx.files, ctx.settings.get("gitops") or {}).consumed


_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")


def _read_by_no_rendering(scope: list[SourceFile], ctx: SourceContext) -> bool:
    """Whether no rendering can read the files (so the plan need not be made, nor a
    kustomization parsed): none is a manifest, a values file or a deployer, none lies in a
    chart, and no kustomization, deployer or setting names one. A rendering reads a file of
    another kind only when a kustomization lists it (a resource, a patch, a generator's
    ``files``), a deployer or the config names it as values, or a chart holds it, and a
    listing names the file's own name."""
    if any(
        f.kind in ("gitops", "kubernetes") or f.path.endswith(_MANIFEST_SUFFIXES) for f in scope
    ):
        return False
    paths = {f.path for f in ctx.files}
    for f in scope:
        directory = f.path
        while directory:
            directory = posixpath.dirname(directory)
            if posixpath.join(directory, _CHART) in paths:
                return False
    names = sorted({posixpath.basename(f.path) for f in scope})
    settings = json.dumps(ctx.settings.get("gitops") or {}, ensure_ascii=False, default=str)
    if any(name in settings for name in names):
        return False
    salt = "\0".join(names)

    def mentioned(text: str) -> bool:
        return any(name in text for name in names)

    return not any(
        ctx.facts.fact(f, "names-scope/1", mentioned, salt=salt)
        for f in ctx.files
        if f.kind == "gitops" or posixpath.basename(f.path) in _KUSTOMIZATIONS
    )


# The last file list looked at and whether it holds a file of this source (held, so that its
# identity is not reused): asked once per manifest, answered once per run.
_HAS: list[tuple[list[SourceFile], bool]] = []


def _has_gitops(ctx: SourceContext) -> bool:
    """Cheap, and imports nothing: a repository without kustomizations, charts or deployers
    (and an nginx-only pre-commit run) never loads the rendering modules."""
    for listed, answer in _HAS:
        if listed is ctx.files:
            return answer
    answer = any(f.kind == "gitops" for f in ctx.files)
    _HAS[:] = [(ctx.files, answer)]
    return answer


GITOPS = GitOpsSource()

__all__ = ["GITOPS", "GitOpsSource", "context", "rendered_elsewhere"]
