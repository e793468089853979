"""The Kubernetes source: Ingress + ingress-nginx, cert-manager, TLS Secrets, Gateway API,
Traefik TLSOption and Istio mesh policies, from any YAML manifest in the repository.

Each file stands alone during extraction; :meth:`KubernetesSource.link` then layers the
ingress-nginx controller ConfigMap (wherever it lives in the repository) over every Ingress,
attaches HTTPRoutes to Gateway listeners, and tells the OCSP rules which Secrets Let's Encrypt
fills.

Layout: ``yamltree`` reads YAML into small trees that keep lines, within limits; ``reader``
gives typed access (wrong types become findings); ``manifests`` routes each object to the
handler of its kind (``HANDLERS``): ``ingress`` (with ``controller`` and the ``ingress_nginx``
data), ``certmanager``, ``secrets``, ``gateway``, ``traefik``, ``istio``. A new kind is a
handler function plus one ``HANDLERS`` entry.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from tlslint.lazyre import LazyPattern
from tlslint.model import (
    CERTIFICATE_NAMES,
    MANAGED_CERTIFICATES,
    SECRET_CONSUMERS,
    Endpoint,
    Fix,
    FixIntent,
    Location,
    Model,
    Origin,
    ReadProblem,
    SourceFile,
)
from tlslint.model.policy import Policy
from tlslint.sources.base import PathKey, Source, SourceContext

YAML_SUFFIXES = (".yaml", ".yml")
_API = LazyPattern(rb"^(?:- )?\s*apiVersion\s*:", re.M)
_KIND = LazyPattern(rb"^(?:- )?\s*kind\s*:", re.M)
_TEMPLATE = "{{"
SIBLINGS_READ = 200  # files looked at beside an Ingress, for its Certificates
KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
# Hook (GitOps): set while the gitops source reads, as written, the inputs of a rendering that
# failed; otherwise a base, patch or chart template is judged through its rendering only.
JUDGE_RENDERED_INPUTS = False


class KubernetesSource(Source):
    name = "kubernetes"
    extract_modules = ("tlslint.sources.kubernetes.manifests", "yaml")
    path_keys = (PathKey("controller_configmap_file"),)

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        lowered = name.lower()
        if lowered.endswith(".json") and not lowered.endswith(".tf.json"):
            # kubectl accepts manifests written as JSON (YAML's subset): read them the same way.
            return b'"apiVersion"' in head and b'"kind"' in head
        if not lowered.endswith(YAML_SUFFIXES) or name.startswith(".tlslint"):
            return False
        return bool(_API.search(head)) and bool(_KIND.search(head))

    def matches_content(self, head: bytes) -> bool:
        return b"\x00" not in head and bool(_API.search(head)) and bool(_KIND.search(head))

    def directive(self, intent: FixIntent, subject: object) -> str | None:
        if not isinstance(subject, Endpoint):
            return None
        from tlslint.sources.kubernetes.remedies import directive

        return directive(intent, subject)

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        if not isinstance(subject, Endpoint):
            return None
        from tlslint.sources.kubernetes.remedies import remedy

        return remedy(intent, subject)

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        from tlslint.sources.kubernetes.fixes import fix_for

        if intent.setting in ("rotation_mount", "reload_annotation"):
            from tlslint.sources.kubernetes.rotation_fixes import rotation_fix

            return rotation_fix(intent, subject, description)

        return fix_for(intent, subject, description)

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why the fixed text would not read (used before a fix is written): a YAML error,
        found by the same reader as a check."""
        return _read_back(text)[0]

    def check_change(self, original: str, fixed: str, path: str) -> str | None:
        """A fix changes values, never the shape of a file: the number of documents must stay,
        and no new problem (a duplicate key) may appear."""
        _, documents, problems = _read_back(original)
        error, after, now = _read_back(fixed)
        if error is not None:
            return error
        if after != documents:
            return f"{after} YAML documents instead of {documents}"
        new = [p for p in now if p not in problems]
        return new[0] if new else None

    def unit_inputs(self, f: SourceFile, ctx: SourceContext) -> object | None:
        """What reading a manifest depends on besides its bytes: the settings, the namespace
        its kustomization gives, and whether a rendering judges it instead."""
        if JUDGE_RENDERED_INPUTS:
            return None
        settings = ctx.settings.get("kubernetes", {})
        default = settings.get("default_namespace") or "default"
        return {
            "settings": settings,
            "rendered": _rendered_elsewhere(f.path, ctx),
            "namespace": _namespace(ctx.root, f.path, _namespaces(ctx), default),
        }

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.pipeline.reading import read
        from tlslint.sources.kubernetes import common, manifests
        from tlslint.sources.kubernetes.yamltree import Map, Scalar, read_documents

        model = Model(files=list(files))
        namespaces = _namespaces(ctx)  # kustomizations looked up once per directory and run
        for f in files:
            # Hook (GitOps): judged through the kustomize or Helm rendering that reads it.
            if not JUDGE_RENDERED_INPUTS and _rendered_elsewhere(f.path, ctx):
                continue
            loaded = read(f.absolute, f.path)
            if loaded.problem is not None:
                model.problems.append(loaded.problem)
                model.incomplete.setdefault(f.path, loaded.problem.message)
            text = loaded.text
            if text is None:
                continue
            if _TEMPLATE in text and _is_template(f.path, text):
                message = (
                    "Helm chart template ({{ … }}): not YAML until rendered; skipped (lint the "
                    "output of `helm template` instead)"
                )
                line = text.count("\n", 0, text.index(_TEMPLATE)) + 1
                model.problems.append(ReadProblem("file-skipped", message, Location(f.path, line)))
                model.incomplete[f.path] = message
                continue
            settings = ctx.settings.get("kubernetes", {})
            namespace = _namespace(
                ctx.root, f.path, namespaces, settings.get("default_namespace") or "default"
            )
            objects = common.Objects(model, f.path, namespace, settings, text)
            documents = read_documents(
                text, ctx.limits.yaml_aliases, ctx.limits.yaml_depth, manifests.wanted_for(text)
            )
            for document in documents:
                for kind, message, line, column in document.problems:
                    severity = None
                    if kind == "duplicate-key":
                        # kubectl (sigs.k8s.io/yaml) keeps the last value, as tlslint does: the
                        # file is applied; the earlier value only misleads a reader.
                        kind, severity = "parse-error", "low"
                    if kind == "parse-error" and _TEMPLATE in text:
                        kind = "file-skipped"
                        message += " (the file holds template syntax {{ … }}; render it first)"
                    model.problems.append(
                        ReadProblem(kind, message, Location(f.path, line, column), severity)
                    )
                    if document.root is None:
                        model.incomplete.setdefault(f.path, message)
                root = document.root
                if root is None:
                    continue
                if isinstance(root, Map):
                    manifests.handle(objects, root)
                elif not (isinstance(root, Scalar) and root.value is None):
                    what = "a list" if not isinstance(root, Scalar) else "a scalar"
                    model.problems.append(
                        ReadProblem(
                            "file-skipped",
                            f"YAML document is {what}, not a Kubernetes object; skipped",
                            Location(f.path, root.line, root.column),
                        )
                    )
        return model

    def link(self, model: Model, ctx: SourceContext) -> None:
        """Layer the ingress-nginx ConfigMap over the Ingresses (annotation > ConfigMap >
        controller default). The ConfigMap is judged through the Ingresses that inherit from
        it; alone in a repository, it is judged as an endpoint of its own."""
        # Hook (GitOps): rendered kustomize roots and charts are manifests too.
        if not any(f.kind in (self.name, "gitops") for f in model.files):
            return  # no manifest in this run: nothing to link (and nothing to import)
        from tlslint.sources.kubernetes import certmanager, controller, gateway, traefik

        self._certificates_beside(model, ctx)
        gateway.link_http_listeners(model)
        traefik.link_tls_options(model)
        certmanager.link_ocsp(model)

        configmaps = [
            e
            for e in model.endpoints
            if e.source == self.name and e.kind == "ingress-nginx ConfigMap"
        ]
        ingresses = [
            e
            for e in model.endpoints
            if e.source == self.name
            and e.product == "ingress-nginx"
            and e.kind in ("Ingress", "Ingress (plain HTTP)")
            and not e.extra.get("ssl_passthrough")
        ]
        if ingresses and not configmaps:
            configmaps = self._configured_configmap(model, ctx)
        if not configmaps or not ingresses:
            return
        configmaps.sort(key=lambda e: (e.location.path, e.location.line))
        chosen = configmaps[0]
        name = chosen.extra["configmap_name"]
        values = chosen.extra["configmap_values"]
        # `tlslint fix` writes only in the files it was asked to check.
        scanned = any(f.path == chosen.location.path for f in model.files)
        for endpoint in ingresses:
            get = controller.layered(
                controller.from_values(values, Origin.INHERITED, f"from ConfigMap {name}"),
                controller.defaults(endpoint.location),
            )
            controller.apply(endpoint, controller.controller_fields(get), only_defaults=True)
            endpoint.extra["controller_configmap"] = name
            if scanned:
                endpoint.extra["configmap_values"] = values
                endpoint.extra["configmap_data"] = chosen.extra.get("configmap_data")
            else:
                endpoint.extra["read_only"] = chosen.location.path
        if len(configmaps) > 1:
            others = ", ".join(e.extra["configmap_name"] for e in configmaps[1:])
            for e in configmaps[1:]:
                model.problems.append(
                    ReadProblem(
                        "file-skipped",
                        f"several ingress-nginx ConfigMaps; Ingresses were judged with "
                        f"{name}, not {others}",
                        e.location,
                    )
                )
        drop = {id(e) for e in configmaps}
        model.endpoints[:] = [e for e in model.endpoints if id(e) not in drop]

    def _certificates_beside(self, model: Model, ctx: SourceContext) -> None:
        """Read the cert-manager Certificates that sit beside an Ingress, Gateway or workload
        but were not among the files checked (pre-commit passes only the changed ones), so
        that a secret managed next door is not reported as unmanaged (nor a workload's Secret
        missed as a certificate) in a one-file check."""
        managed = {m.key for m in model.objects_of(MANAGED_CERTIFICATES)}
        checked = {f.path for f in model.files}
        wanted: dict[str, set[str]] = {}  # directory -> secret names to find
        for endpoint in model.endpoints:
            if endpoint.source != self.name:
                continue
            for ref in endpoint.certificate_refs("certificate"):
                if ref.key and ref.key.startswith("secret:") and ref.key not in managed:
                    directory = posixpath.dirname(ref.location.path)
                    wanted.setdefault(directory, set()).add(ref.reference)
        for consumer in model.objects_of(SECRET_CONSUMERS):  # workloads (rotation)
            if consumer.secret and consumer.key not in managed and not consumer.tls_keys:
                directory = posixpath.dirname(consumer.location.path)
                wanted.setdefault(directory, set()).add(consumer.secret)
        for directory, names in wanted.items():
            base = ctx.root / directory
            try:
                entries = sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml"))
            except OSError:
                continue
            for path in entries[:SIBLINGS_READ]:
                rel = posixpath.join(directory, path.name) if directory else path.name
                if rel in checked or not path.is_file() or path.is_symlink():
                    continue
                try:
                    size = path.stat().st_size
                    if size > ctx.limits.max_file_size:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                if b"Certificate" not in data or not any(n.encode() in data for n in names):
                    continue
                extra = self.extract([SourceFile(rel, str(path), self.name, size)], ctx)
                for cert in extra.objects_of(MANAGED_CERTIFICATES):
                    model.publish(MANAGED_CERTIFICATES).append(cert)
                for names_object in extra.objects_of(CERTIFICATE_NAMES):
                    model.publish(CERTIFICATE_NAMES).append(names_object)

    def _configured_configmap(self, model: Model, ctx: SourceContext) -> list[Endpoint]:
        """The controller ConfigMap named by `kubernetes.controller_configmap_file`, read even
        when it was not among the files checked (pre-commit passes only the changed ones), so
        an Ingress is judged the same way in a one-file check as in a full scan."""
        rel = ctx.settings.get("kubernetes", {}).get("controller_configmap_file")
        if not rel:
            return []
        path = Path(os.path.realpath(ctx.root / rel))
        why = ""
        if not path.is_relative_to(os.path.realpath(ctx.root)) or not path.is_file():
            why = "is not a file in the scanned root"
        elif path.stat().st_size > ctx.limits.max_file_size:
            why = "is over limits.max_file_size"
        if why:
            message = (
                f"kubernetes.controller_configmap_file {rel} {why}; not read, Ingresses were "
                "judged with the controller's defaults"
            )
            model.problems.append(ReadProblem("file-skipped", message, Location(rel)))
            model.incomplete.setdefault(rel, message)
            return []
        if any(f.path == rel for f in model.files):
            return []
        size = path.stat().st_size
        extra = self.extract([SourceFile(rel, str(path), self.name, size)], ctx)
        found = [e for e in extra.endpoints if e.kind == "ingress-nginx ConfigMap"]
        model.endpoints.extend(found)
        return found


def _rendered_elsewhere(path: str, ctx: SourceContext) -> bool:
    from tlslint.sources.gitops import rendered_elsewhere

    return rendered_elsewhere(path, ctx)


def _read_back(text: str) -> tuple[str | None, int, list[str]]:
    """(the first YAML error, the number of documents, the messages of other problems) of a
    text, as a check reads it. The limits are generous: the file was read within the configured
    ones before it was fixed."""
    from tlslint.sources.kubernetes.yamltree import read_documents

    error: str | None = None
    count = 0
    problems: list[str] = []
    for document in read_documents(text, 10_000, 1_000):
        count += 1
        for kind, message, line, _ in document.problems:
            if document.root is None and kind == "parse-error" and error is None:
                error = f"line {line}: {message}"
            elif kind in ("parse-error", "duplicate-key"):
                problems.append(re.sub(r"line \d+", "line", message))
    return error, count, problems


def _is_template(path: str, text: str) -> bool:
    """Helm templates: in a templates/ directory, or `{{` outside quotes at the start of a
    value or line (a quoted `{{ $labels }}` in an alert is plain YAML)."""
    if "/templates/" in f"/{path}":
        return True
    return bool(re.search(r"^\s*(?:-\s*)?(?:[\w.\-/]+:\s+)?\{\{", text, re.M))


_NAMESPACES: list[tuple[SourceContext, dict[str, str]]] = []


def _namespaces(ctx: SourceContext) -> dict[str, str]:
    """The namespace of each directory, as found for this run (one run at a time)."""
    for known, found in _NAMESPACES:
        if known is ctx:
            return found
    _NAMESPACES[:] = [(ctx, {})]
    return _NAMESPACES[0][1]


def _namespace(root: Path, rel: str, cache: dict[str, str], default: str) -> str:
    """The namespace of objects without one: the nearest kustomization's `namespace:`, else
    the configured default ("default")."""
    directory = posixpath.dirname(rel)
    chain: list[str] = []
    found = default
    while True:
        if directory in cache:
            found = cache[directory]
            break
        chain.append(directory)
        namespace = _kustomize_namespace(root, root / directory)
        if namespace:
            found = namespace
            break
        if not directory:
            break
        directory = posixpath.dirname(directory)
    for d in chain:
        cache[d] = found
    return found


def _kustomize_namespace(root: Path, directory: Path) -> str | None:
    for name in KUSTOMIZATIONS:
        candidate = directory / name
        try:
            if not candidate.is_file() or candidate.stat().st_size > 1024 * 1024:
                continue
            if not candidate.resolve().is_relative_to(root.resolve()):
                continue  # a symbolic link out of the scanned root is never read
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        match = re.search(
            r"^namespace:\s*[\"']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)[\"']?\s*$", text, re.M
        )
        if match:
            return match.group(1)
    return None


KUBERNETES = KubernetesSource()

__all__ = ["KUBERNETES", "Endpoint", "KubernetesSource"]
