"""The HAProxy source: ``haproxy.cfg`` files, their ``crt``/``crt-list`` certificates, endpoints.

A file is claimed by name (``haproxy.cfg``, any ``.cfg`` under a ``haproxy`` directory) or by
content (a ``.cfg`` with a ``frontend``/``listen``/``backend`` section, or ``global`` with
``ssl-default-bind-*``). Each file is one unit: HAProxy has no include directive (several
``-f`` files are a deployment choice tlslint cannot see). Certificate paths resolve inside the
scanned root, through ``haproxy.path_map`` and ``certificates.path_map``, the config's
directory, then the path's trailing components; a ``crt`` directory stands for the
certificate files in it, a ``crt-list`` file is read for its entries. The config's
``haproxy:`` section (``version``, ``openssl_version``, ``path_map``) is read by
:func:`settings`.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from typing import Any

from tlslint.lazyre import LazyPattern
from tlslint.model import Endpoint, Fix, FixIntent, Location, Model, ReadProblem, SourceFile
from tlslint.model.policy import Policy
from tlslint.sources.base import PathKey, Source, SourceContext, each_file
from tlslint.tls import protocol_rank

_SECTION_SIGN = LazyPattern(rb"^\s*(?:frontend|listen|backend)\s+\S+", re.M)
_GLOBAL_SIGN = LazyPattern(rb"^\s*global\s*(?:#[^\n]*)?$", re.M)
_TLS_SIGN = LazyPattern(
    rb"^\s*(?:ssl-default-(?:bind|server)-|bind\s|defaults\b|mode\s+(?:http|tcp))", re.M
)
_NOT_HAPROXY = LazyPattern(rb"^\s*(?:\[[^\]\n]+\]|[A-Za-z_][\w.-]*\s*=)", re.M)  # INI / key=value
MAX_CRT_LIST_ENTRIES = 10_000
MAX_DIRECTORY_FILES = 1_000
SKIPPED_IN_DIRECTORY = (".key", ".ocsp", ".issuer", ".sctl", ".dh")


def _looks_like_haproxy(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    if _SECTION_SIGN.search(head):
        return bool(_TLS_SIGN.search(head)) or bool(_GLOBAL_SIGN.search(head))
    return bool(_GLOBAL_SIGN.search(head)) and b"ssl-default-" in head


class HaproxySource(Source):
    """HAProxy configurations; the ``haproxy:`` section maps deployed certificate paths
    (``crt``, ``crt-list``, ``ca-file``) to repository ones."""

    name = "haproxy"
    extract_modules = ("tlslint.sources.haproxy.endpoints", "tlslint.tls.ciphers")
    path_keys = (PathKey("path_map", directory=True),)

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        lowered = name.lower()
        parent = posixpath.basename(posixpath.dirname(rel)).lower()
        if lowered == "haproxy.cfg" or (lowered.endswith(".cfg") and "haproxy" in parent):
            return True
        if not lowered.endswith((".cfg", ".haproxy")):
            return False
        return self.matches_content(head)

    def matches_content(self, head: bytes) -> bool:
        return _looks_like_haproxy(head) and not _NOT_HAPROXY.search(head)

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        return each_file(files)

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.pipeline.reading import read
        from tlslint.sources.haproxy import defaults
        from tlslint.sources.haproxy.endpoints import Build, build
        from tlslint.sources.haproxy.parser import parse

        model = Model(files=list(files))
        conf = ctx.settings.get("haproxy") or {}
        version_text = conf.get("version")
        openssl_text = conf.get("openssl_version") or ctx.policy.openssl_version
        resolver = _Resolver(ctx, conf)
        for f in files:
            loaded = read(f.absolute, f.path)
            if loaded.problem is not None:
                model.problems.append(loaded.problem)
                model.incomplete.setdefault(f.path, loaded.problem.message)
            if loaded.text is None:
                continue
            parsed = parse(loaded.text, f.path)
            for error in parsed.errors:
                model.problems.append(
                    ReadProblem("parse-error", error.message, Location(f.path, error.line))
                )
                model.incomplete.setdefault(f.path, f"line {error.line}: {error.message}")
            lines = {f.path: loaded.text.split("\n")}
            resolver.lines = lines
            context = Build(
                lines,
                defaults.parse_version(version_text),
                str(version_text) if version_text else None,
                defaults.parse_version(openssl_text),
                resolver.resolve,
                functools.partial(resolver.crt_list, including=f.path, model=model),
            )
            model.endpoints.extend(build(parsed, context))
            for where, message in context.problems.items():
                model.problems.append(ReadProblem("parse-error", message, where))
        return model

    # After the certificates source (100), which publishes the names each served leaf covers.
    link_order = 150

    def link(self, model: Model, ctx: SourceContext) -> None:
        """A TLS ``bind`` that routes on no host name serves the names of its certificates
        (HAProxy picks one by SNI): they become its hosts, so a plain ``bind`` of the same
        names without a redirect can be told (TLS205)."""
        if not any(e.source == self.name for e in model.endpoints):
            return  # no HAProxy configuration in this run (and no imports)
        from tlslint.sources.haproxy.endpoints import MAX_HOSTS

        names: dict[str, tuple[str, ...]] = {}
        for entry in model.objects.get("certificate_names", ()):
            names.setdefault(entry.key, entry.names)
        for endpoint in model.endpoints:
            if endpoint.source != self.name or not endpoint.tls or endpoint.hosts:
                continue
            found = [
                name
                for ref in endpoint.certificate_refs("certificate")
                if ref.key is not None
                for name in names.get(ref.key, ())
            ]
            endpoint.hosts = tuple(dict.fromkeys(found))[:MAX_HOSTS]

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        """Where HAProxy states the wanted value: global defaults or the ``bind`` line."""
        value = intent.value
        match intent.setting:
            case "protocols":
                lowest = min(value, key=protocol_rank) if value else "TLSv1.2"
                lowest = "TLSv1.0" if lowest == "TLSv1" else lowest
                return (
                    f"Set `ssl-min-ver {lowest}` in `ssl-default-bind-options` (global) or on "
                    "the `bind` line, and drop `force-*`/`ssl-max-ver` below it."
                )
            case "ciphers":
                listed = ":".join(value)
                return f"Set `ssl-default-bind-ciphers {listed}` (or `ciphers` on the `bind` line)."
            case "prefer_server_ciphers":
                if value:
                    return (
                        "Remove `prefer-client-ciphers` from the `bind` line and the global "
                        "options."
                    )
                return (
                    "Add `prefer-client-ciphers` to `ssl-default-bind-options` or the `bind` line."
                )
            case "hsts":
                header = f"max-age={value.max_age}" + (
                    "; includeSubDomains" if value.include_subdomains else ""
                )
                return (
                    f'Add `http-response set-header Strict-Transport-Security "{header}"` to '
                    "the frontend."
                )
            case "ecdh_curves":
                listed = ":".join(value)
                return f"Set `ssl-default-bind-curves {listed}` (or `curves` on the `bind` line)."
        return None

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        from tlslint.sources.haproxy.fixes import fix_for

        return fix_for(intent, subject, description) if isinstance(subject, Endpoint) else None

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why the text would not load in HAProxy, or None (checked before a fix is written)."""
        from tlslint.sources.haproxy.parser import parse

        parsed = parse(text, path)
        if parsed.errors:
            error = parsed.errors[0]
            return f"line {error.line}: {error.message}"
        return None


class _Resolver:
    """Certificate and crt-list paths as HAProxy would open them, found in the repository."""

    def __init__(self, ctx: SourceContext, conf: dict[str, Any]) -> None:
        self.root = ctx.root
        self.real_root = ctx.root.resolve()
        self.by_name: dict[str, list[str]] = {}
        for path in sorted({f.path for f in ctx.files}):
            self.by_name.setdefault(posixpath.basename(path), []).append(path)
        mapping = dict((ctx.settings.get("certificates") or {}).get("path_map") or {})
        mapping.update(conf.get("path_map") or {})
        self.path_map = sorted(mapping.items(), key=lambda kv: -len(kv[0]))
        self.lines: dict[str, list[str]] = {}
        self.max_size = ctx.limits.max_file_size
        self.crt_lists: dict[str, list[Any] | None] = {}

    def _inside(self, rel: str) -> Path | None:
        rel = posixpath.normpath(rel)
        if rel.startswith("../") or rel == ".." or rel.startswith("/"):
            return None
        path = self.root / rel
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            return None
        return path if real.is_relative_to(self.real_root) else None

    def candidates(self, reference: str, including: str) -> list[str]:
        out: list[str] = []
        for prefix, repo in self.path_map:
            if reference == prefix or reference.startswith(prefix.rstrip("/") + "/"):
                out.append(
                    posixpath.normpath(
                        repo.rstrip("/") + "/" + reference[len(prefix) :].lstrip("/")
                    )
                )
                break
        if not reference.startswith("/"):
            out.append(posixpath.normpath(posixpath.join(posixpath.dirname(including), reference)))
            out.append(posixpath.normpath(reference))
        else:
            parts = [p for p in reference.split("/") if p]
            for k in range(len(parts), 1, -1):
                out.append("/".join(parts[-k:]))
        return [c for c in dict.fromkeys(out) if c and not c.startswith("..")]

    def resolve(self, reference: str, including: str, role: str) -> list[str]:
        if not reference or "$" in reference:
            return []
        for candidate in self.candidates(reference, including):
            path = self._inside(candidate)
            if path is None:
                continue
            if path.is_file():
                return [candidate]
            if path.is_dir() and role == "certificate":
                return self._directory(candidate, path)
            suffix = "/" + candidate
            same_name = self.by_name.get(posixpath.basename(candidate), ())
            found = [k for k in same_name if k.endswith(suffix)]
            if found and reference.startswith("/"):
                return found[:1]
        return []

    def _directory(self, rel: str, path: Path) -> list[str]:
        try:
            names = sorted(p.name for p in path.iterdir())
        except OSError:
            return []
        out = []
        for name in names:
            if name.startswith(".") or name.endswith(SKIPPED_IN_DIRECTORY):
                continue
            child = f"{rel}/{name}" if rel not in ("", ".") else name
            inside = self._inside(child)
            if inside is not None and inside.is_file():
                out.append(child)
            if len(out) >= MAX_DIRECTORY_FILES:
                break
        return out

    def crt_list(self, reference: str, including: str, model: Model) -> list[Any] | None:
        from tlslint.pipeline.reading import read
        from tlslint.sources.haproxy.crtlist import parse_crt_list

        targets = self.resolve(reference, including, "crt-list")
        if not targets:
            return None
        target = targets[0]
        if target not in self.crt_lists:
            loaded = read(str(self.root / target), target)
            if loaded.problem is not None:
                model.problems.append(loaded.problem)
                model.incomplete.setdefault(target, loaded.problem.message)
            entries = None
            if loaded.text is not None:
                entries, errors = parse_crt_list(loaded.text, target, MAX_CRT_LIST_ENTRIES)
                for line, message in errors:
                    model.problems.append(
                        ReadProblem("parse-error", message, Location(target, line))
                    )
                    model.incomplete.setdefault(target, f"line {line}: {message}")
                if target not in {f.path for f in model.files}:
                    model.files.append(
                        SourceFile(target, str(self.root / target), "haproxy", len(loaded.text))
                    )
            self.crt_lists[target] = entries
        return self.crt_lists[target]


HAPROXY = HaproxySource()

__all__ = ["HAPROXY", "HaproxySource"]
