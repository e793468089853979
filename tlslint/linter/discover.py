"""Find the files under the given paths and decide which source reads each.

Respects ``.gitignore`` files (at every level, via pathspec) and the config's ``exclude``
patterns, never follows a symlink out of the scanned root, and classifies files by name and,
where the name says little (``sites-available/shop``, ``default``), by their first bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tlslint.linter.model import Location, ReadProblem, SourceFile
from tlslint.linter.sources import SOURCES, by_content

if TYPE_CHECKING:
    import pathspec

SNIFF_BYTES = 8192
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".terraform", ".tox"})


@dataclass
class Discovery:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def located(path: Path) -> Path:
    """Where a path given on the command line lives: a symbolic link is placed by its own
    directory, not by its target (a link to outside the repository does not move the root)."""
    if path.is_symlink():
        return path.absolute().parent.resolve() / path.name
    return path.resolve()


def _inside(root: Path, path: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


class _Ignores:
    """gitignore rules from every .gitignore met on the way down, plus config excludes."""

    def __init__(self, root: Path, excludes: Iterable[str]) -> None:
        self.root = root
        self.specs: dict[str, pathspec.PathSpec[Any]] = {}
        patterns = list(excludes)
        # pathspec is imported only when there is a pattern to match (a one-file check
        # with no excludes never pays for it).
        self.excludes: Any = _spec(patterns) if patterns else None

    def load(self, directory: Path) -> None:
        gitignore = directory / ".gitignore"
        key = relative(self.root, directory)
        if key in self.specs or not gitignore.is_file():
            return
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self.specs[key] = _spec(lines)

    def excluded(self, rel: str) -> bool:
        return self.excludes is not None and bool(self.excludes.match_file(rel))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        probe = rel + "/" if is_dir else rel
        if self.excluded(probe):
            return True
        for base, spec in self.specs.items():
            if base == ".":
                sub = probe
            elif probe.startswith(base + "/"):
                sub = probe[len(base) + 1 :]
            else:
                continue
            if spec.match_file(sub):
                return True
        return False


def _spec(lines: list[str]) -> pathspec.PathSpec[Any]:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def classify(name: str, rel: str, head: bytes) -> str | None:
    """The source that claims a file, or None."""
    for kind, source in SOURCES.items():
        if source.claims(name, rel, head):
            return kind
    return None


def _sniff(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


def discover(
    paths: list[Path],
    root: Path,
    excludes: Iterable[str] = (),
    max_file_size: int = 5 * 1024 * 1024,
    include: Iterable[str] = (),
) -> Discovery:
    """Walk the paths (files or directories) below ``root``.

    A file named on the command line, or matching an ``include`` pattern, is recognised by
    its content when its name says nothing (``site.conf.sample``)."""
    root = root.resolve()
    result = Discovery(root)
    ignores = _Ignores(root, excludes)
    patterns = list(include)
    included = _spec(patterns) if patterns else None
    seen: set[str] = set()
    for start in paths:
        absolute = located(start)
        if not _inside(root, absolute):
            result.problems.append(
                ReadProblem(
                    "file-skipped",
                    f"{start} is outside the scanned root {root}; not read",
                    Location(absolute.as_posix()),
                )
            )
            continue
        if start.is_dir() and not start.is_symlink():
            ignores.load(root)
            for candidate in _walk(absolute, root, ignores, result):
                opted_in = included is not None and included.match_file(relative(root, candidate))
                _add(candidate, root, result, seen, max_file_size, explicit=bool(opted_in))
        else:
            rel = relative(root, absolute)
            if ignores.excluded(rel):
                continue
            _add(absolute, root, result, seen, max_file_size, explicit=True)
    result.files.sort(key=lambda f: f.path)
    return result


def _walk(top: Path, root: Path, ignores: _Ignores, result: Discovery) -> Iterator[Path]:
    # Load .gitignore files of the directories between the root and the start.
    if _inside(root, top):
        parts = top.relative_to(root).parts
        for i in range(1, len(parts) + 1):
            ignores.load(root.joinpath(*parts[:i]))
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        directory = Path(dirpath)
        ignores.load(directory)
        kept = []
        for name in sorted(dirnames):
            if name in SKIP_DIRS:
                continue
            sub = directory / name
            rel = relative(root, sub)
            if ignores.ignored(rel, is_dir=True):
                continue
            if sub.is_symlink():
                target = sub.resolve()
                if not _inside(root, target):
                    result.problems.append(
                        ReadProblem(
                            "file-skipped",
                            f"symbolic link to a directory outside the scanned root ({name}/) "
                            "was not followed",
                            Location(rel),
                        )
                    )
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = directory / name
            if ignores.ignored(relative(root, path), is_dir=False):
                continue
            yield path


def _add(
    path: Path,
    root: Path,
    result: Discovery,
    seen: set[str],
    max_file_size: int,
    explicit: bool,
) -> None:
    rel = relative(root, path)
    if rel in seen:
        return
    seen.add(rel)
    if path.is_symlink():
        target = path.resolve()
        if not _inside(root, target):
            result.problems.append(
                ReadProblem(
                    "file-skipped",
                    "symbolic link points outside the scanned root; not followed",
                    Location(rel),
                )
            )
            return
    try:
        size = path.stat().st_size
    except OSError as exc:
        result.problems.append(
            ReadProblem("file-skipped", f"cannot read: {exc.strerror}", Location(rel))
        )
        return
    if not path.is_file():
        return
    head = _sniff(path)
    kind = classify(path.name, rel, head)
    if kind is None and explicit:
        kind = by_content(head, path.name)  # named, or opted in: the content decides
    if kind is None:
        return
    if size > max_file_size:
        result.problems.append(
            ReadProblem(
                "file-skipped",
                f"{size:,} bytes is over the {max_file_size:,}-byte limit (limits.max_file_size); "
                "not analysed",
                Location(rel),
            )
        )
        return
    result.files.append(SourceFile(rel, str(path), kind, size))
