"""``Include``/``IncludeOptional`` resolution for Apache httpd inside the scanned repository.

httpd resolves a relative path against ``ServerRoot`` (``/etc/apache2`` on Debian, where
``apache2.conf`` includes ``mods-enabled/``, ``conf-enabled/`` and ``sites-enabled/``;
``/etc/httpd`` on Red Hat, whose main file is ``conf/httpd.conf``). In a repository the server
root is a directory: ``apache.server_root`` in ``.tlslint.yaml``, else the directory of the main
file (its parent for ``conf/httpd.conf``, and for a file in ``sites-enabled/`` and the like).
An absolute path under the ``ServerRoot`` the file names (or the distribution's default) maps
into that directory; others go through ``apache.path_map``. Wildcards may appear in any
component; a directory includes every file below it, in alphabetical order (httpd's
``ap_process_fnmatch_configs``). ``IncludeOptional`` without a match is silent, ``Include`` is
an error. Nothing outside the root is read (symbolic links included); loops, depth and the
number of included files are bounded. certbot's ``options-ssl-apache.conf``, when included from
outside the repository, is read as certbot ships it (``tlslint/data/certbot/``).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

from tlslint.model import Location, ReadProblem
from tlslint.pipeline.reading import read
from tlslint.sources.apache.parser import Directive, Parsed, parse

GLOB_CHARS = frozenset("*?[")
MAX_INCLUDED = 5_000
MAX_MATCHES = 2_000
DEBIAN_DIRS = frozenset(
    {
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
DEFAULT_ROOTS = {"apache2.conf": "/etc/apache2", "httpd.conf": "/etc/httpd"}
CERTBOT_OPTIONS = "options-ssl-apache.conf"
INCLUDES = frozenset({"include", "includeoptional"})


@dataclass
class Expanded:
    directives: list[Directive]
    unresolved: list[str] = field(default_factory=list)  # includes not in the repository


def shipped_certbot_options() -> str:
    from tlslint.packaged import read_text

    return read_text("data/certbot/options-ssl-apache.conf")


class ApacheFiles:
    """Parses Apache files on demand (each once) and expands their includes."""

    def __init__(
        self,
        root: Path,
        server_root: str | None = None,
        path_map: dict[str, str] | None = None,
        max_depth: int = 16,
        max_file_size: int = 5 * 1024 * 1024,
    ) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.server_root = server_root.strip("/") if server_root else None
        self.path_map = sorted((path_map or {}).items(), key=lambda kv: -len(kv[0]))
        self.max_depth = max_depth
        self.max_file_size = max_file_size
        self.parsed: dict[str, Parsed] = {}
        self.problems: list[ReadProblem] = []
        self._reported: set[tuple[str, int, str]] = set()
        self._count = 0
        self._matches: dict[str, list[str]] = {}

    # -- files ---------------------------------------------------------------------------

    def load(self, rel: str) -> Parsed:
        if rel not in self.parsed:
            text = read(str(self.root / rel), rel, self.max_file_size)
            if text.problem is not None:
                self._report(text.problem)
            parsed = parse(text.text, rel) if text.text is not None else Parsed()
            for error in parsed.errors:
                self._report(
                    ReadProblem(
                        "parse-error",
                        f"httpd would refuse this file: {error.message}",
                        Location(rel, error.line, error.column),
                    )
                )
            self.parsed[rel] = parsed
        return self.parsed[rel]

    def _report(self, problem: ReadProblem) -> None:
        key = (problem.location.path, problem.location.line, problem.message)
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(problem)

    # -- paths ---------------------------------------------------------------------------

    def roots_of(self, main: str) -> tuple[str, str]:
        """(the ServerRoot as httpd sees it, the repository directory standing for it)."""
        name = posixpath.basename(main).lower()
        directory = posixpath.dirname(main)
        absolute = DEFAULT_ROOTS.get(name, "/etc/apache2")
        for d in self.load(main).directives:
            if d.key == "serverroot" and d.args:
                absolute = d.args[0]
                break
        if self.server_root is not None:
            return absolute.rstrip("/"), self.server_root
        parent = posixpath.basename(directory).lower()
        if (name == "httpd.conf" and parent == "conf") or parent in DEBIAN_DIRS:
            directory = posixpath.dirname(directory)
        return absolute.rstrip("/"), directory

    def to_repo(self, path: str, roots: tuple[str, str]) -> str | None:
        """The repository-relative form of a path httpd would open, or None."""
        absolute, here = roots
        path = path.replace("\\", "/")
        if not path.startswith("/"):
            return posixpath.normpath(posixpath.join(here, path)) if here else path
        for prefix, target in self.path_map:
            if path.startswith(prefix):
                return posixpath.normpath(target.rstrip("/") + "/" + path[len(prefix) :])
        if path == absolute or path.startswith(absolute + "/"):
            tail = path[len(absolute) :].lstrip("/")
            return posixpath.normpath(posixpath.join(here, tail)) if tail else here or "."
        return None

    def inside(self, rel: str) -> bool:
        if rel.startswith("../") or rel == ".." or posixpath.isabs(rel):
            return False
        try:
            return (self.root / rel).resolve().is_relative_to(self.real_root)
        except (OSError, RuntimeError):
            return False

    def matches(self, rel: str) -> list[str]:
        """Files a (maybe wildcarded) repository path names, directories walked, sorted."""
        if rel not in self._matches:
            if len(self._matches) > MAX_MATCHES:
                self._matches.clear()
            self._matches[rel] = self._find(rel)
        return self._matches[rel]

    def _find(self, rel: str) -> list[str]:
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        found: list[str] = []
        self._expand_parts(parts, "", found)
        out: list[str] = []
        for path in found:
            if not self.inside(path):
                continue
            full = self.root / path
            if full.is_dir():
                out.extend(self._walk_dir(path))
            elif full.is_file():
                out.append(path)
            if len(out) > MAX_MATCHES:
                break
        return out[:MAX_MATCHES]

    def _expand_parts(self, parts: list[str], base: str, found: list[str]) -> None:
        if len(found) > MAX_MATCHES:
            return
        if not parts:
            found.append(base or ".")
            return
        head, rest = parts[0], parts[1:]
        if head == "..":
            self._expand_parts(rest, posixpath.dirname(base), found)
            return
        if not GLOB_CHARS & set(head):
            self._expand_parts(rest, posixpath.join(base, head) if base else head, found)
            return
        if base and not self.inside(base):
            return  # a symbolic link out of the repository is not listed
        try:
            names = sorted(os.listdir(self.root / base if base else self.root))
        except OSError:
            return
        for name in names:
            if fnmatch.fnmatchcase(name, head) and not name.startswith("."):
                self._expand_parts(rest, posixpath.join(base, name) if base else name, found)

    def _walk_dir(self, rel: str) -> list[str]:
        out: list[str] = []
        for current, dirs, files in os.walk(self.root / rel):
            dirs.sort()
            here = Path(current).relative_to(self.root).as_posix()
            for name in sorted(files):
                path = posixpath.join(here, name)
                if self.inside(path):
                    out.append(path)
                if len(out) > MAX_MATCHES:
                    return out
        return out

    # -- expansion -----------------------------------------------------------------------

    def includes_of(self, rel: str, roots: tuple[str, str]) -> list[str]:
        """The files a file includes directly (for partitioning and finding main files)."""
        out: list[str] = []
        for d in _includes(self.load(rel).directives):
            if d.args:
                target = self.to_repo(d.args[0], roots)
                if target is not None:
                    out.extend(self.matches(target))
        return out

    def expand(self, main: str) -> Expanded:
        self._count = 0
        roots = self.roots_of(main)
        unresolved: list[str] = []
        tree = self._expand(self.load(main).directives, roots, [main], unresolved)
        return Expanded(tree, unresolved)

    def _expand(
        self,
        directives: list[Directive],
        roots: tuple[str, str],
        chain: list[str],
        unresolved: list[str],
    ) -> list[Directive]:
        out: list[Directive] = []
        for d in directives:
            if d.key in INCLUDES:
                out.extend(self._include(d, roots, chain, unresolved))
            elif d.block is not None:
                out.append(replace(d, block=self._expand(d.block, roots, chain, unresolved)))
            else:
                out.append(d)
        return out

    def _include(
        self,
        d: Directive,
        roots: tuple[str, str],
        chain: list[str],
        unresolved: list[str],
    ) -> list[Directive]:
        where = Location(d.path, d.line, d.column)
        if self._count > MAX_INCLUDED:
            return []
        if not d.args:
            self._report(ReadProblem("parse-error", f"{d.name} takes one argument", where))
            return []
        pattern = d.args[0]
        optional = d.key == "includeoptional"
        target = self.to_repo(pattern, roots)
        if target is None:
            if posixpath.basename(pattern) == CERTBOT_OPTIONS:
                return self._certbot(d)
            unresolved.append(pattern)
            self._report(
                ReadProblem(
                    "file-skipped",
                    f"{d.name} {pattern}: not in the repository (map it with apache.path_map "
                    "in .tlslint.yaml)",
                    where,
                )
            )
            return []
        if not self.inside(target):
            unresolved.append(pattern)
            self._report(
                ReadProblem("file-skipped", f"{d.name} {pattern}: outside the scanned root", where)
            )
            return []
        files = self.matches(target)
        if not files:
            if posixpath.basename(pattern) == CERTBOT_OPTIONS:
                return self._certbot(d)
            if optional:
                return []
            unresolved.append(pattern)
            self._report(
                ReadProblem(
                    "file-skipped",
                    f"{d.name} {pattern}: no such file in the repository ({target})",
                    where,
                )
            )
            return []
        if len(chain) > self.max_depth:
            self._report(
                ReadProblem(
                    "file-skipped",
                    f"{d.name} {pattern}: nested deeper than limits.include_depth "
                    f"({self.max_depth})",
                    where,
                )
            )
            return []
        out: list[Directive] = []
        for rel in files:
            if rel in chain:
                self._report(
                    ReadProblem(
                        "parse-error",
                        f"{d.name} {pattern}: includes itself, directly or through another "
                        "file (httpd stops: 'Exceeded the maximum include directory nesting "
                        "level')",
                        where,
                    )
                )
                continue
            self._count += 1
            if self._count > MAX_INCLUDED:
                self._report(
                    ReadProblem(
                        "file-skipped",
                        f"{d.name} {pattern}: more than {MAX_INCLUDED} included files",
                        where,
                    )
                )
                break
            parsed = self.load(rel)
            out.extend(self._expand(parsed.directives, roots, [*chain, rel], unresolved))
        return out

    def _certbot(self, include: Directive) -> list[Directive]:
        """certbot's shipped file, each directive placed at the Include that loads it."""
        parsed = parse(shipped_certbot_options(), include.path)
        out: list[Directive] = []
        for d in parsed.directives:
            out.append(
                replace(
                    d,
                    path=include.path,
                    line=include.line,
                    column=include.column,
                    end_line=include.end_line,
                    end_column=include.end_column,
                    shipped=include.args[0],
                )
            )
        return out


def _includes(directives: list[Directive]) -> list[Directive]:
    out: list[Directive] = []
    for d in directives:
        if d.key in INCLUDES:
            out.append(d)
        elif d.block is not None:
            out.extend(_includes(d.block))
    return out
