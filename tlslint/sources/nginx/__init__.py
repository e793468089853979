"""The nginx source: configs under any name, includes resolved, endpoints extracted."""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tlslint.lazyre import LazyPattern
from tlslint.model import CertificateRef, Endpoint, Fix, FixIntent, Model, SourceFile
from tlslint.model.policy import Policy
from tlslint.sources.base import PathKey, Source, SourceContext

if TYPE_CHECKING:
    from tlslint.sources.lookups import Lookups

NGINX_DIRS = frozenset(
    {
        "nginx",
        "sites-available",
        "sites-enabled",
        "conf.d",
        "snippets",
        "vhosts",
        "vhosts.d",
        "http.d",
        "stream.d",
        "servers",
        "sites",
    }
)
NGINX_SUFFIXES = (".conf", ".nginx", ".nginxconf", ".vhost", ".conf.template", ".site")
NOT_NGINX_SUFFIXES = frozenset(
    {
        ".py", ".md", ".rst", ".txt", ".json", ".yaml", ".yml", ".toml", ".tf", ".tfvars",
        ".js", ".ts", ".go", ".rb", ".sh", ".java", ".c", ".h", ".html", ".css", ".xml",
        ".pem", ".crt", ".key", ".cer", ".der", ".csr", ".lock", ".cfg", ".ini", ".lua",
        ".png", ".jpg", ".gif", ".svg", ".zip", ".gz", ".tar",
    }
)  # fmt: skip
_BLOCK_SIGN = re.compile(rb"^\s*(?:server|http|upstream|events|stream)\s*\{", re.M)
_DIRECTIVE_SIGN = LazyPattern(
    rb"^\s*(?:ssl_[a-z_]+|listen|server_name|proxy_pass|add_header|worker_processes|"
    rb"location\s[^\n{]*\{|include|error_log|access_log|root|return|resolver)\s[^\n]*;?",
    re.M,
)


class NginxSource(Source):
    name = "nginx"
    extract_modules = ("tlslint.sources.nginx.endpoints", "tlslint.tls.ciphers")
    # Repository paths: where nginx's prefix lies, and what absolute paths map to.
    path_keys = (PathKey("prefix"), PathKey("path_map", directory=True))

    def policy_overrides(self, section: dict[str, Any]) -> dict[str, Any]:
        """The nginx and OpenSSL versions decide defaults (``nginx: {version:}``)."""
        names = {"version": "nginx_version", "openssl_version": "openssl_version"}
        return {names[k]: v for k, v in section.items() if k in names}

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        lowered = name.lower()
        suffix = posixpath.splitext(lowered)[1]
        parent = posixpath.basename(posixpath.dirname(rel)).lower()
        strong = (
            lowered == "nginx.conf"
            or lowered.endswith(".nginx")
            or (parent in NGINX_DIRS and suffix not in NOT_NGINX_SUFFIXES)
        )
        if strong and b"\x00" in head:
            return True  # named like nginx: the reader reports the binary content
        if not strong and suffix in NOT_NGINX_SUFFIXES:
            return False
        if not strong and suffix and not lowered.endswith(NGINX_SUFFIXES):
            return False
        if b"\x00" in head:
            return False
        if _BLOCK_SIGN.search(head):
            return True
        signs = len(_DIRECTIVE_SIGN.findall(head))
        return signs >= (1 if strong else 2)

    def matches_content(self, head: bytes) -> bool:
        if b"\x00" in head:
            return False
        return bool(_BLOCK_SIGN.search(head)) or len(_DIRECTIVE_SIGN.findall(head)) >= 2

    def directive(self, intent: FixIntent, subject: object) -> str | None:
        from tlslint.sources.nginx.fixes import directive

        return directive(intent)

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        from tlslint.sources.nginx.fixes import remedy

        return remedy(intent)

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        from tlslint.sources.nginx.fixes import fix_for

        return fix_for(intent, subject, description) if isinstance(subject, Endpoint) else None

    def unit_inputs(self, f: SourceFile, ctx: SourceContext) -> object | None:
        """What reading a unit depends on besides its files' bytes and the file system
        lookups it records (``sources/lookups.py``): the settings and the versions."""
        return {
            "settings": self.settings(ctx),
            "certificate_path_map": certificate_path_map(ctx),
            "nginx": ctx.policy.nginx_version,
            "openssl": ctx.policy.openssl_version,
        }

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why the text would not load in nginx, or None (used before a fix is written)."""
        from tlslint.sources.nginx.parser import parse

        parsed = parse(text, path)
        if parsed.errors:
            error = parsed.errors[0]
            return f"line {error.line}: {error.message}"
        return None

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        """Group files that include one another (found by a quick scan, not a parse)."""
        nginx = _files(ctx)
        parent = {f.path: f.path for f in files}

        def find(rel: str) -> str:
            while parent[rel] != rel:
                parent[rel] = parent[parent[rel]]
                rel = parent[rel]
            return rel

        for f in files:
            for pattern in ctx.facts.fact(f, "nginx.includes/1", _includes):
                for target in nginx.resolve(pattern, f.path).targets:
                    if target in parent:
                        parent[find(target)] = find(f.path)
        # A symlink (sites-enabled/x) and its target (sites-available/x) are one file: one unit.
        by_real: dict[str, str] = {}
        for f in files:
            real = nginx.canonical(f.path)
            if real in by_real:
                parent[find(f.path)] = find(by_real[real])
            else:
                by_real[real] = f.path
        groups: dict[str, list[SourceFile]] = {}
        for f in files:
            groups.setdefault(find(f.path), []).append(f)
        return list(groups.values())

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        """Unit by unit (a main config with what it includes), as ``--jobs`` would: the same
        findings either way, and each unit's parsed files are freed before the next."""
        units = self.partition(files, ctx) if len(files) > 1 else [files]
        model = Model()
        for unit in units:
            model.extend(self._extract_unit(unit, ctx))
        return model

    def _extract_unit(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.sources.lookups import Lookups
        from tlslint.sources.nginx.endpoints import build_endpoints, server_contexts

        # What the unit's reading looks up beyond its files: the unit cache checks it.
        lookups = Lookups()
        nginx = _files(ctx, lookups)
        model = Model(files=list(files))
        names = [f.path for f in files]

        def real_of(rel: str) -> str:
            return lookups.realpath(os.path.join(ctx.root, rel))

        real = {rel: real_of(rel) for rel in names}
        included: set[str] = set()
        for rel in names:
            included.update(real_of(t) for t in nginx.includes_of(rel) if t != rel)
        # A main config is a file nobody includes; a symlink (sites-enabled/x) and its target
        # (sites-available/x) are one file.
        roots: list[str] = []
        taken: set[str] = set()
        for rel in names:
            if real[rel] in included or real[rel] in taken:
                continue
            taken.add(real[rel])
            roots.append(rel)
        reached = {real_of(r) for r in _reachable(nginx, roots)}
        # Files only reachable through a loop still get analysed (the loop is reported).
        roots += [
            rel
            for rel in names
            if real[rel] not in reached and real[rel] not in taken and rel in nginx.parsed
        ]
        version = ctx.policy.nginx_version
        dh_cache: dict[tuple[str, str], int | None] = {}

        def dhparam_bits(path: str, including: str) -> int | None:
            key = (path, including)
            if key not in dh_cache:
                dh_cache[key] = _dhparam_bits(nginx, ctx.root, path, including)
            return dh_cache[key]

        for rel in roots:
            tree, unresolved = nginx.expand(rel)
            for server, outer, module in server_contexts(tree):
                endpoints: list[Endpoint] = build_endpoints(
                    server,
                    outer,
                    module,
                    version,
                    unresolved,
                    dhparam_bits,
                    ctx.policy.openssl_version,
                )
                model.endpoints.extend(endpoints)
        _add_candidates(model.endpoints, _files(ctx, lookups, certificate_path_map(ctx)))
        model.problems.extend(nginx.problems)
        for problem in nginx.problems:
            model.incomplete.setdefault(problem.location.path, problem.message)
        model.lookups = lookups.made
        return model


INCLUDE = LazyPattern(r"(?:^|[;{}\s])include\s+(\"[^\"]*\"|'[^']*'|[^;\s]+)\s*;")


def _includes(text: str) -> list[str]:
    """The patterns of a file's ``include`` directives (a quick scan, not a parse)."""
    return [match.group(1).strip("\"'") for match in INCLUDE.finditer(text)]


def _files(  # type: ignore[no-untyped-def]
    ctx: SourceContext, lookups: Lookups | None = None, path_map: dict[str, str] | None = None
):
    from tlslint.sources.nginx.includes import NginxFiles

    settings = NGINX.settings(ctx)
    return NginxFiles(
        ctx.root,
        path_map=settings.get("path_map") if path_map is None else path_map,
        prefix=settings.get("prefix"),
        max_depth=ctx.limits.include_depth,
        max_file_size=ctx.limits.max_file_size,
        version=ctx.policy.nginx_version,
        lookups=lookups,
    )


# Certificate references that name no file: key material held inline, in an engine or store.
_UNRESOLVABLE = ("data:", "engine:", "store:")


def resolvable(ref: CertificateRef) -> bool:
    """Whether a certificate path can name a repository file (not a variable, not material
    held inline, in an engine or a store)."""
    return not ("$" in ref.reference or ref.reference.startswith(_UNRESOLVABLE))


def certificate_path_map(ctx: SourceContext) -> dict[str, str]:
    """Where absolute certificate paths lie in the repository: nginx's ``path_map`` with the
    certificates section's on top."""
    path_map = dict(NGINX.settings(ctx).get("path_map") or {})
    path_map.update((ctx.settings.get("certificates") or {}).get("path_map") or {})
    return path_map


def _add_candidates(endpoints: list[Endpoint], resolver: Any) -> None:
    """Give each certificate path the repository files it may name, worked out here with the
    unit's lookups (so a unit taken from the cache carries them): linking then only picks."""
    for endpoint in endpoints:
        endpoint.certificates = tuple(
            dataclasses.replace(
                ref, candidates=tuple(resolver.resolve(ref.reference, ref.location.path).targets)
            )
            if ref.key is None and resolvable(ref)
            else ref
            for ref in endpoint.certificates
        )


def _reachable(nginx: object, roots: list[str]) -> set[str]:
    from tlslint.sources.nginx.includes import NginxFiles

    assert isinstance(nginx, NginxFiles)
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        rel = stack.pop()
        if rel in seen:
            continue
        seen.add(rel)
        stack.extend(nginx.includes_of(rel))
    return seen


def _dhparam_bits(nginx: object, root: Path, path: str, including: str) -> int | None:
    """The prime size of a DH parameters file in the repo; None when absent or unreadable."""
    from tlslint.sources.nginx.includes import NginxFiles

    assert isinstance(nginx, NginxFiles)
    resolution = nginx.resolve(path, including)
    if not resolution.targets:
        return None
    try:
        from tlslint.pipeline.reading import read_bytes

        nginx.lookups.file(str(root / resolution.targets[0]))  # what the answer depends on
        data = read_bytes(root / resolution.targets[0], 1024 * 1024)  # a regular file only
        import warnings

        with warnings.catch_warnings():
            # cryptography deprecates finite-field DH; measuring a file's prime is still needed.
            warnings.simplefilter("ignore")
            from cryptography.hazmat.primitives.asymmetric import dh
            from cryptography.hazmat.primitives.serialization import load_pem_parameters

            params = load_pem_parameters(data)
            if isinstance(params, dh.DHParameters):
                return params.parameter_numbers().p.bit_length()
    except Exception:  # a broken file is judged unknown, never a crash
        return None
    return None


NGINX = NginxSource()
