"""nginx ``include`` resolution inside the scanned repository.

A repository rarely mirrors ``/etc/nginx``: an ``include /etc/nginx/conf.d/*.conf;`` in
``deploy/nginx/nginx.conf`` means ``deploy/nginx/conf.d/*.conf``. Resolution tries, in order,
the config's ``path_map`` (``/etc/nginx/`` → ``deploy/nginx/``), the configured prefix, and the
including file's directory and its parents (nginx resolves relative paths against its prefix,
which is usually one of them), taking the first that matches. An absolute path that no mapping
explains is matched by its trailing components. Nothing outside the root is ever read,
symlinks included; loops and excessive depth are reported, not followed.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path

from tlslint.model import Location, ReadProblem
from tlslint.pipeline.reading import read
from tlslint.sources.lookups import Lookups
from tlslint.sources.nginx import validate
from tlslint.sources.nginx.defaults import HARMLESS_INCLUDES
from tlslint.sources.nginx.parser import Directive, ParsedFile, parse, walk

GLOB_CHARS = frozenset("*?[")
# Included-file instances one main config may expand to: files that include each other through
# a glob (conf.d/*.conf in every conf.d file) or a chain of repeated includes grow exponentially
# while no single chain loops. Real configurations stay far below this.
MAX_INCLUDED = 10_000


@dataclass
class Resolution:
    targets: list[str] = field(default_factory=list)  # repository-relative paths
    problem: str | None = None  # why nothing (or not everything) could be included
    harmless: bool = False


class NginxFiles:
    """Parses nginx files on demand (each once) and expands their includes."""

    def __init__(
        self,
        root: Path,
        path_map: dict[str, str] | None = None,
        prefix: str | None = None,
        max_depth: int = 16,
        max_file_size: int = 5 * 1024 * 1024,
        max_included: int = MAX_INCLUDED,
        version: str | None = None,
        lookups: Lookups | None = None,
    ) -> None:
        self.root = root
        # Every file system lookup goes through here: what a unit read depends on.
        self.lookups = lookups or Lookups()
        self.version = version  # the nginx version the config targets: what it refuses
        self.max_included = max_included
        self._included = 0  # instances expanded for the current main config
        self.path_map = sorted((path_map or {}).items(), key=lambda kv: -len(kv[0]))
        self.prefix = prefix.strip("/") if prefix else None
        self.max_depth = max_depth
        self.max_file_size = max_file_size
        self.parsed: dict[str, ParsedFile] = {}
        self.problems: list[ReadProblem] = []
        self._resolved: dict[tuple[str, str], Resolution] = {}
        self._reported: set[tuple[str, int, str]] = set()
        self._real_cache: dict[str, str | None] = {}
        self._real_dirs: dict[str, str | None] = {}
        self._directories: dict[str, bool] = {}
        self._root_text = str(root)
        self._root_real_text = self.lookups.realpath(str(root))

    # -- reading ---------------------------------------------------------------------------

    def load(self, rel: str) -> ParsedFile | None:
        """The parsed file, or None when it could not be read (a problem says why)."""
        if rel in self.parsed:
            return self.parsed[rel]
        absolute = self.root / rel
        found = self.lookups.file(str(absolute))
        try:
            if found is None:
                absolute.stat()  # why not
            size = found[0] if found is not None else 0
        except OSError as exc:
            self.problems.append(ReadProblem("file-skipped", f"cannot read: {exc}", Location(rel)))
            return None
        if size > self.max_file_size:
            self.problems.append(
                ReadProblem(
                    "file-skipped",
                    f"{size:,} bytes is over the {self.max_file_size:,}-byte limit; not analysed",
                    Location(rel),
                )
            )
            return None
        text = read(str(absolute), rel)
        if text.problem is not None:
            self.problems.append(text.problem)
        if text.text is None:
            return None
        parsed = parse(text.text, rel)
        for error in parsed.errors:
            self.problems.append(
                ReadProblem("parse-error", error.message, Location(rel, error.line, error.column))
            )
        for directive, message in validate.problems(parsed.directives, self.version):
            self.problems.append(
                ReadProblem("parse-error", message, Location(rel, directive.line, directive.column))
            )
        self.parsed[rel] = parsed
        return parsed

    # -- resolution ------------------------------------------------------------------------

    def resolve(self, pattern: str, including: str) -> Resolution:
        # Resolution depends on the including file's directory, not on the file: cache by
        # directory (thousands of sites including one snippet resolve it once).
        key = (pattern, posixpath.dirname(including))
        if key not in self._resolved:
            self._resolved[key] = self._resolve(pattern, including)
        found = self._resolved[key]
        if including in found.targets and not GLOB_CHARS.isdisjoint(pattern):
            # A glob never includes the file that holds it (conf.d/*.conf in conf.d/x.conf).
            return Resolution([t for t in found.targets if t != including], found.problem)
        return found

    def _resolve(self, pattern: str, including: str) -> Resolution:
        if posixpath.basename(pattern) in HARMLESS_INCLUDES:
            return Resolution(harmless=True)
        is_glob = not GLOB_CHARS.isdisjoint(pattern)
        candidates = list(self._candidates(pattern, including))
        for candidate in candidates:
            normal = posixpath.normpath(candidate)
            if normal == ".." or normal.startswith("../"):
                return Resolution(problem=f"include {pattern!r} leaves the scanned root")
            matches = self._glob(normal)
            if is_glob and matches == [including]:
                continue  # only matches itself: try the next candidate
            if matches:
                inside = [self.canonical(m) for m in matches if self._inside_root(m)]
                if len(inside) < len(matches):
                    return Resolution(
                        inside,
                        problem=f"include {pattern!r} reaches outside the scanned root "
                        "through a symbolic link; not followed",
                    )
                return Resolution(sorted(inside))
        if is_glob:
            return Resolution()  # nginx accepts a glob that matches nothing
        return Resolution(
            problem=f"include {pattern!r} was not found in the repository; "
            "its directives were not analysed"
        )

    def _candidates(self, pattern: str, including: str) -> list[str]:
        out: list[str] = []
        for source, target in self.path_map:
            if pattern.startswith(source):
                out.append(posixpath.join(target, pattern[len(source) :]))
        bases = self._bases(including)
        if pattern.startswith("/"):
            parts = [p for p in pattern.split("/") if p]
            # A bare '*.conf' tail would match far too much: globs keep two components.
            is_glob = not GLOB_CHARS.isdisjoint(pattern)
            shortest = min(2 if is_glob else 1, len(parts))
            for i in range(len(parts) - shortest + 1):
                tail = "/".join(parts[i:])
                out.extend(posixpath.join(base, tail) if base else tail for base in bases)
        else:
            out.extend(posixpath.join(base, pattern) if base else pattern for base in bases)
        return out

    def _bases(self, including: str) -> list[str]:
        bases: list[str] = []
        if self.prefix:
            bases.append(self.prefix)
        directory = posixpath.dirname(including)
        while True:
            if directory not in bases:
                bases.append(directory)
            if not directory:
                break
            directory = posixpath.dirname(directory)
        return bases

    def _glob(self, rel_pattern: str) -> list[str]:
        root = self._root_text
        isfile = self.lookups.isfile
        if GLOB_CHARS.isdisjoint(rel_pattern):
            if not self._is_directory(posixpath.dirname(rel_pattern)):
                return []  # most candidates: a place the repository does not have
            return [rel_pattern] if isfile(os.path.join(root, rel_pattern)) else []
        found = self.lookups.glob(rel_pattern, root)
        return sorted(p.replace(os.sep, "/") for p in found if isfile(os.path.join(root, p)))

    def _is_directory(self, rel_dir: str) -> bool:
        """Whether the repository has this directory (links followed), asking about a
        directory only when its parent is there."""
        if not rel_dir:
            return True
        known = self._directories.get(rel_dir)
        if known is None:
            parent = posixpath.dirname(rel_dir)
            known = self._is_directory(parent) and self.lookups.isdir(
                os.path.join(self._root_text, rel_dir)
            )
            self._directories[rel_dir] = known
        return known

    def _real(self, rel: str) -> str | None:
        """The path of rel's real file relative to the root; None when it lies outside."""
        if rel not in self._real_cache:
            directory, name = posixpath.split(rel)
            real_dir = self._real_dir(directory)
            if real_dir is None:
                self._real_cache[rel] = None
            elif ".." in rel or self.lookups.islink(os.path.join(self._root_text, rel)):
                real = self.lookups.realpath(os.path.join(self._root_text, rel))
                self._real_cache[rel] = self._relative_real(real)
            else:
                self._real_cache[rel] = posixpath.join(real_dir, name) if real_dir else name
        return self._real_cache[rel]

    def _real_dir(self, directory: str) -> str | None:
        """A directory's real path relative to the root ('' for the root), cached."""
        if directory not in self._real_dirs:
            real = self.lookups.realpath(os.path.join(self._root_text, directory))
            self._real_dirs[directory] = self._relative_real(real)
        return self._real_dirs[directory]

    def _relative_real(self, real: str) -> str | None:
        base = self._root_real_text
        if real == base:
            return ""
        if real.startswith(base + os.sep):
            return real[len(base) + 1 :].replace(os.sep, "/")
        return None

    def canonical(self, rel: str) -> str:
        """A symlink inside the root (sites-enabled/x) stands for its target's path."""
        return self._real(rel) or rel

    def _inside_root(self, rel: str) -> bool:
        return self._real(rel) is not None

    def includes_of(self, rel: str) -> list[str]:
        """Every file a parsed file includes directly (for finding the main configs)."""
        parsed = self.load(rel)
        if parsed is None:
            return []
        out: list[str] = []
        for d in walk(parsed.directives):
            if d.name == "include" and d.args:
                out.extend(self.resolve(d.args[0], rel).targets)
        return out

    # -- expansion -------------------------------------------------------------------------

    def expand(self, rel: str) -> tuple[list[Directive], list[str]]:
        """The file's directives with includes replaced by their content.

        Returns the tree and the include patterns that could not be resolved.
        """
        unresolved: list[str] = []
        parsed = self.load(rel)
        if parsed is None:
            return [], unresolved
        self._included = 0
        return self._expand(parsed.directives, [rel], unresolved), unresolved

    def _expand(
        self, directives: list[Directive], stack: list[str], unresolved: list[str]
    ) -> list[Directive]:
        out: list[Directive] = []
        for d in directives:
            if d.name == "include" and d.args and d.block is None:
                out.extend(self._include(d, stack, unresolved))
            elif d.block is not None and d.raw_body is None:
                out.append(replace(d, block=self._expand(d.block, stack, unresolved)))
            else:
                out.append(d)
        return out

    def _include(self, d: Directive, stack: list[str], unresolved: list[str]) -> list[Directive]:
        resolution = self.resolve(d.args[0], d.path)
        if resolution.problem and not resolution.targets:
            # certbot's options-ssl-nginx.conf lives on the host: read the file certbot ships.
            from tlslint.sources.nginx.certbot_options import shipped

            found = shipped(d, self.version)
            if found is not None:
                return found
        if resolution.problem:
            self._report(d, resolution.problem)
            unresolved.append(d.args[0])
        out: list[Directive] = []
        for target in resolution.targets:
            if target in stack:
                chain = " -> ".join([*stack[stack.index(target) :], target])
                # One report per include directive, naming the first loop found: files that
                # all include each other close a different chain on every path.
                message = f"include loop: {chain}; nginx would not load this"
                self._report(d, message, "parse-error", topic="include loop")
                continue
            if len(stack) >= self.max_depth:
                self._report(
                    d, f"includes nested deeper than {self.max_depth} (limits.include_depth)"
                )
                unresolved.append(d.args[0])
                continue
            if self._included >= self.max_included:
                self._report(
                    d,
                    f"includes expand to more than {self.max_included:,} files (an include "
                    "bomb?); the rest was not analysed",
                )
                unresolved.append(d.args[0])
                break
            self._included += 1
            parsed = self.load(target)
            if parsed is None:
                unresolved.append(d.args[0])
                continue
            out.extend(self._expand(parsed.directives, [*stack, target], unresolved))
        return out

    def _report(
        self, d: Directive, message: str, kind: str = "file-skipped", topic: str | None = None
    ) -> None:
        key = (d.path, d.line, topic or message)
        if key in self._reported:
            return
        self._reported.add(key)
        self.problems.append(ReadProblem(kind, message, Location(d.path, d.line, d.column)))
