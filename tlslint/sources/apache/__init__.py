"""The Apache httpd source: mod_ssl and mod_headers settings of every ``<VirtualHost>``.

Files are claimed by name (``apache2.conf``, ``httpd.conf``, Debian's ``sites-enabled/`` and
the like) and content (sections such as ``<VirtualHost>``, directives such as ``SSLEngine``
or ``ServerName``), never when they carry nginx's blocks. A unit is a main configuration with
what it includes (``includes``); ``endpoints`` applies httpd's inheritance and defaults
(``defaults``); ``fixes`` writes ``tlslint fix`` edits. The ``apache:`` section of
``.tlslint.yaml`` (``config``) gives the target versions, the server root and a path map.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from tlslint.lazyre import LazyPattern
from tlslint.model import Endpoint, Fix, FixIntent, Model, ReadProblem, SourceFile
from tlslint.model.policy import Policy
from tlslint.sources.base import PathKey, Source, SourceContext

APACHE_NAMES = frozenset(
    {"apache2.conf", "httpd.conf", "httpd-ssl.conf", "ssl.conf", "options-ssl-apache.conf"}
)
APACHE_DIRS = frozenset(
    {
        "apache2",
        "apache",
        "httpd",
        "sites-enabled",
        "sites-available",
        "conf-enabled",
        "conf-available",
        "mods-enabled",
        "mods-available",
        "conf.d",
        "conf.modules.d",
        "extra",
        "vhosts.d",
    }
)
SUFFIXES = ("", ".conf", ".apache", ".apache2", ".httpd", ".vhost", ".conf.template", ".load")
_SECTION_SIGN = LazyPattern(
    rb"^[ \t]*</?(?:VirtualHost|IfModule|Directory|DirectoryMatch|Location|LocationMatch|Files|"
    rb"FilesMatch|IfDefine|IfVersion|Proxy)[\s>]",
    re.M | re.I,
)
_DIRECTIVE_SIGN = LazyPattern(
    rb"^[ \t]*(?:SSL(?:Engine|Protocol|CipherSuite|CertificateFile|CertificateKeyFile|"
    rb"HonorCipherOrder|UseStapling|SessionTickets|OpenSSLConfCmd|VerifyClient|ProxyEngine)|"
    rb"ServerName|ServerAlias|DocumentRoot|LoadModule|RewriteEngine|RewriteRule|ServerRoot|"
    rb"ServerAdmin|ServerTokens|ServerSignature|TraceEnable|ErrorLog|CustomLog|IncludeOptional|"
    rb"ProxyPass|Header[ \t]+(?:always[ \t]+)?set)"
    rb"[ \t]",
    re.M | re.I,
)
# httpd's Include is capitalised by convention; nginx's include never is.
_INCLUDE_SIGN = LazyPattern(rb"^[ \t]*Include(?:Optional)?[ \t]", re.M)
# nginx's blocks: a file with them is nginx's, whatever else it holds.
_NGINX_BLOCK = re.compile(
    rb"^\s*(?:server|http|upstream|events|stream|location\s[^\n{]*)\s*\{", re.M
)
INCLUDE = LazyPattern(r"^[ \t]*Include(?:Optional)?[ \t]+(\"[^\"]*\"|'[^']*'|\S+)", re.M | re.I)


def _looks_apache(head: bytes, strong: bool) -> bool:
    if b"\x00" in head or _NGINX_BLOCK.search(head):
        return False
    if _SECTION_SIGN.search(head):
        return True
    signs = len(_DIRECTIVE_SIGN.findall(head)) + len(_INCLUDE_SIGN.findall(head))
    return signs >= (1 if strong else 2)


class ApacheSource(Source):
    """httpd configurations: the ``apache:`` section names the repository directory that plays
    httpd's ``ServerRoot`` and maps deployed path prefixes to repository ones."""

    name = "apache"
    extract_modules = ("tlslint.sources.apache.endpoints", "tlslint.tls.ciphers")
    path_keys = (PathKey("server_root"), PathKey("path_map", directory=True))

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        lowered = name.lower()
        parent = posixpath.basename(posixpath.dirname(rel)).lower()
        strong = lowered in APACHE_NAMES or parent in APACHE_DIRS
        if not strong and not lowered.endswith(SUFFIXES[1:]) and "." in lowered:
            return False
        return _looks_apache(head, strong)

    def matches_content(self, head: bytes) -> bool:
        return _looks_apache(head, False)

    def directive(self, intent: FixIntent, subject: object) -> str | None:
        from tlslint.sources.apache.fixes import directive

        return directive(intent)

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        from tlslint.sources.apache.fixes import remedy

        return remedy(intent)

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        from tlslint.sources.apache.fixes import fix_for

        return fix_for(intent, subject, description) if isinstance(subject, Endpoint) else None

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why httpd would refuse the text, or None (checked before a fix is written)."""
        from tlslint.sources.apache.endpoints import refused
        from tlslint.sources.apache.parser import parse

        parsed = parse(text, path)
        if parsed.errors:
            return f"line {parsed.errors[0].line}: {parsed.errors[0].message}"
        for d, message in refused(parsed.directives, None):
            return f"line {d.line}: {message}"
        return None

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        """Group files that include one another, and a symbolic link with its target."""
        apache = _files(ctx)
        parent = {f.path: f.path for f in files}

        def find(rel: str) -> str:
            while parent[rel] != rel:
                parent[rel] = parent[parent[rel]]
                rel = parent[rel]
            return rel

        for f in files:
            try:
                with open(f.absolute, "rb") as handle:
                    text = handle.read(ctx.limits.max_file_size).decode("utf-8", "replace")
            except OSError:
                continue
            if not INCLUDE.search(text):
                continue
            for target in apache.includes_of(f.path, apache.roots_of(f.path)):
                if target in parent:
                    parent[find(target)] = find(f.path)
        by_real: dict[str, str] = {}
        for f in files:
            real = _real(ctx.root, f.path)
            if real in by_real:
                parent[find(f.path)] = find(by_real[real])
            else:
                by_real[real] = f.path
        groups: dict[str, list[SourceFile]] = {}
        for f in files:
            groups.setdefault(find(f.path), []).append(f)
        return list(groups.values())

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        units = self.partition(files, ctx) if len(files) > 1 else [files]
        model = Model()
        for unit in units:
            model.extend(self._extract_unit(unit, ctx))
        return model

    def _extract_unit(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.model import Location
        from tlslint.sources.apache.endpoints import build, refused

        apache = _files(ctx)
        settings = _settings(ctx)
        model = Model(files=list(files))
        names = [f.path for f in files]
        real = {rel: _real(ctx.root, rel) for rel in names}
        included: set[str] = set()
        for rel in names:
            roots = apache.roots_of(rel)
            included.update(_real(ctx.root, t) for t in apache.includes_of(rel, roots) if t != rel)
        mains: list[str] = []
        taken: set[str] = set()
        for rel in names:
            if real[rel] in included or real[rel] in taken:
                continue
            taken.add(real[rel])
            mains.append(rel)
        version = settings.get("version")
        openssl = settings.get("openssl_version") or ctx.policy.openssl_version
        problems: list[ReadProblem] = []
        for main in mains:
            expanded = apache.expand(main)
            roots = apache.roots_of(main)

            def resolve(path: str, including: str, roots: tuple[str, str] = roots) -> str | None:
                target = apache.to_repo(path, roots)
                if target is None or not apache.inside(target):
                    return None
                return target if (ctx.root / target).is_file() else None

            def dhparam(path: str, including: str, roots: tuple[str, str] = roots) -> int | None:
                return _dhparam_bits(ctx.root, resolve(path, including, roots))

            model.endpoints.extend(
                build(
                    expanded.directives,
                    str(version) if version else None,
                    str(openssl) if openssl else None,
                    expanded.unresolved,
                    resolve,
                    problems,
                    dhparam,
                )
            )
            for d, message in refused(expanded.directives, str(version) if version else None):
                problems.append(
                    ReadProblem(
                        "parse-error",
                        f"httpd would refuse this: {message}",
                        Location(d.path, d.line, d.column),
                    )
                )
        seen: set[tuple[str, int, str]] = set()
        for problem in [*apache.problems, *problems]:
            key = (problem.location.path, problem.location.line, problem.message)
            if key in seen:
                continue
            seen.add(key)
            model.problems.append(problem)
            model.incomplete.setdefault(problem.location.path, problem.message)
        return model


def _settings(ctx: SourceContext) -> dict[str, Any]:
    """The ``apache:`` section: versions as strings, paths without leading or trailing slashes
    (an absolute ``/etc/apache2`` names the repository's ``etc/apache2``)."""
    section = dict(ctx.settings.get("apache") or {})
    if section.get("server_root"):
        section["server_root"] = str(section["server_root"]).strip("/")
    if section.get("path_map"):
        section["path_map"] = {
            str(k): str(v).strip("/") + "/" for k, v in section["path_map"].items()
        }
    for key in ("version", "openssl_version"):
        if section.get(key) is not None:
            section[key] = str(section[key])
    return section


def _files(ctx: SourceContext):  # type: ignore[no-untyped-def]
    from tlslint.sources.apache.includes import ApacheFiles

    settings = _settings(ctx)
    return ApacheFiles(
        ctx.root,
        server_root=settings.get("server_root"),
        path_map=settings.get("path_map"),
        max_depth=ctx.limits.include_depth,
        max_file_size=ctx.limits.max_file_size,
    )


def _real(root: Path, rel: str) -> str:
    return str((root / rel).resolve())


def _dhparam_bits(root: Path, rel: str | None) -> int | None:
    """The prime size of a DH parameters file in the repository; None when unknown."""
    if rel is None:
        return None
    try:
        import warnings

        from tlslint.pipeline.reading import read_bytes

        data = read_bytes(root / rel, 1024 * 1024)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from cryptography.hazmat.primitives.asymmetric import dh
            from cryptography.hazmat.primitives.serialization import load_pem_parameters

            params = load_pem_parameters(data)
            if isinstance(params, dh.DHParameters):
                return params.parameter_numbers().p.bit_length()
    except Exception:  # a broken file is judged unknown, never a crash
        return None
    return None


APACHE = ApacheSource()

__all__ = ["APACHE", "ApacheSource"]
