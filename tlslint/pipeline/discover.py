"""Find the files under the given paths and decide which source reads each.

Respects ``.gitignore`` files (at every level) and the config's ``exclude`` patterns, matched
in linear time (:mod:`tlslint.pipeline.globs`); never follows a symlink out of the scanned root;
classifies files by name and, where the name says little (``sites-available/shop``,
``default``), by their first bytes.

Hostile trees are expected: the walk is iterative (no recursion limit for deep directories),
opens nothing that is not a regular file (a link to ``/dev/zero`` or a FIFO is never read),
survives symbolic-link loops and over-long paths, and reports every file or directory it cannot
read (mode 000) as not analysed (TLS001) instead of skipping it silently.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.model import Location, ReadProblem, SourceFile
from tlslint.pipeline import cache
from tlslint.pipeline.atomic import TEMP_SUFFIX
from tlslint.pipeline.cache import Index, Signature, signature
from tlslint.pipeline.reading import read_bytes, why
from tlslint.sources import SOURCES, by_content

SNIFF_BYTES = 8192
# Leading comment lines skipped to find what a YAML file is (a licence header, or a hostile
# 8 KiB comment placed to hide a manifest); beyond this the file is read as what its name says.
SNIFF_MAX = 1024 * 1024
MAX_DEPTH = 256  # directories nested deeper are reported, not walked
GITIGNORE_MAX = 1024 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".terraform", ".tox"})


@dataclass
class Discovery:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    # Repositories nested below the walked directories (a directory holding a ``.git``
    # directory: a clone, not a submodule), relative to the root: not walked, since each is
    # judged on its own (``pipeline/run.py``).
    repositories: list[str] = field(default_factory=list)


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with "/" separators ("." for the root itself), else as
    it is; ``Path.relative_to`` on the strings of both (normalised already): once or twice
    per file named on a command line, where pathlib's own costs a pre-commit run."""
    top, full = os.fspath(root), os.fspath(path)
    if full == top:
        return "."
    if _below(top, full):
        return full[len(top.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    return path.as_posix()


def _below(top: str, full: str) -> bool:
    return full.startswith(top if top.endswith(os.sep) else top + os.sep)


def located(path: Path) -> Path:
    """Where a path given on the command line lives: a symbolic link is placed by its own
    directory, not by its target (a link to outside the repository does not move the root).
    Directories are resolved once per command (``forget_locations``): a pre-commit run names
    hundreds of files in a few directories, and each is located several times."""
    name = path.name
    if name in ("", ".", ".."):
        return Path(os.path.realpath(path))
    # The real directory, and the name itself whether or not it is a link.
    return Path(_real_directory(os.fspath(path.absolute().parent))) / name


_REAL_DIRECTORIES: dict[str, str] = {}


def _real_directory(directory: str) -> str:
    real = _REAL_DIRECTORIES.get(directory)
    if real is None:
        real = _REAL_DIRECTORIES[directory] = os.path.realpath(directory)
    return real


def forget_locations() -> None:
    """Resolve directories afresh (a command's start: links may have changed since)."""
    _REAL_DIRECTORIES.clear()


def _inside(root: Path, path: Path) -> bool:
    """Whether ``path`` is ``root`` or below it (as ``relative``, on the strings)."""
    top, full = os.fspath(root), os.fspath(path)
    return full == top or _below(top, full)


def _target(path: Path) -> Path:
    """Where a symbolic link finally leads (never raises: a loop resolves to itself)."""
    return Path(os.path.realpath(path))


class _Ignores:
    """gitignore rules from every .gitignore met on the way down, plus config excludes."""

    def __init__(self, root: Path, excludes: Iterable[str]) -> None:
        self.root = root
        self.specs: dict[str, Any] = {}
        self.patterns = list(excludes)
        self.excludes: Any = _spec(self.patterns) if self.patterns else None

    def load_at(self, directory: str, key: str, names: Iterable[str] | None = None) -> None:
        """Read ``directory``'s .gitignore (``key``: the directory relative to the root);
        ``names``, when the walk has listed the directory, saves a look for an absent one."""
        if key in self.specs or (names is not None and ".gitignore" not in names):
            return
        gitignore = Path(directory, ".gitignore")
        try:
            if not gitignore.is_file() or not _inside(self.root, _target(gitignore)):
                return
            data = read_bytes(gitignore, GITIGNORE_MAX)
        except OSError:
            return
        lines = data.decode("utf-8", errors="replace").splitlines()
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


def _spec(lines: list[str]) -> Any:
    from tlslint.pipeline.globs import GitIgnore

    return GitIgnore(lines)


def classify(name: str, rel: str, head: bytes) -> str | None:
    """The source that claims a file, or None."""
    for kind, source in SOURCES.items():
        if source.claims(name, rel, head):
            return kind
    return None


def sniffed(data: bytes) -> bytes:
    """The first bytes of a file as sources classify them: UTF-16 (with a BOM) re-encoded as
    UTF-8, a UTF-8 BOM dropped, and leading ``#`` comment lines skipped (within SNIFF_MAX)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    start = 0
    while start < len(data):
        line_end = data.find(b"\n", start)
        line = data[start : line_end if line_end >= 0 else len(data)].strip()
        if line and not line.startswith(b"#"):
            break
        if line_end < 0:
            break
        start = line_end + 1
    if start >= SNIFF_BYTES:
        return data[start : start + SNIFF_BYTES]
    return data[:SNIFF_BYTES]


def _problem(result: Discovery, rel: str, message: str) -> None:
    result.problems.append(ReadProblem("file-skipped", message, Location(rel)))


def discover(
    paths: list[Path],
    root: Path,
    excludes: Iterable[str] = (),
    max_file_size: int = 5 * 1024 * 1024,
    include: Iterable[str] = (),
    index: Index | None = None,
) -> Discovery:
    """Walk the paths (files or directories) below ``root``.

    A file named on the command line, or matching an ``include`` pattern, is recognised by
    its content when its name says nothing (``site.conf.sample``). With an ``index``, a walked
    file that has not changed since an earlier run is classified from it, without opening it."""
    root = Path(os.path.realpath(root))
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
            nested_before = len(result.repositories)
            for candidate, rel, is_link in _walk(absolute, root, ignores, result, index):
                opted_in = included is not None and included.match_file(rel)
                _add(
                    candidate,
                    root,
                    result,
                    seen,
                    max_file_size,
                    bool(opted_in),
                    rel,
                    is_link,
                    None if opted_in else index,
                )
            if index is not None:
                index.walked_directory(
                    relative(root, absolute), result.repositories[nested_before:]
                )
        else:
            rel = relative(root, absolute)
            if ignores.excluded(rel):
                continue
            _add(absolute, root, result, seen, max_file_size, explicit=True)
    result.files.sort(key=lambda f: f.path)
    return result


def _walk(
    top: Path, root: Path, ignores: _Ignores, result: Discovery, index: Index | None = None
) -> Iterator[tuple[str, str, bool]]:
    """Files below ``top``, depth first in name order, without recursion: each with its path
    relative to ``root`` and whether it is a symbolic link.

    With an ``index``, a directory unchanged since an earlier walk, under the same unchanged
    .gitignore files, is taken from the index: it is not listed, nor are its entries matched
    against the ignore rules, again (its files are still looked at one by one, by ``_add``).
    A directory's signature changes whenever an entry is added to, removed from or renamed
    in it."""
    listings = _Listings(index, root, ignores.patterns) if index is not None else None
    rules = _Rules(".", ())
    if _inside(root, top):
        parts = top.relative_to(root).parts
        for i in range(len(parts)):
            upper = root.joinpath(*parts[:i])
            own = _own_gitignore(os.fspath(upper), listings)
            rules = rules.with_own(os.fspath(upper), relative(root, upper), own)
    # Directories as strings: a walk builds no Path for each directory or file.
    stack: list[tuple[str, str, int, _Rules]] = [(os.fspath(top), relative(root, top), 0, rules)]
    while stack:
        directory, rel_dir, depth, above = stack.pop()
        entries, rules = _entries(directory, rel_dir, depth, ignores, result, listings, above)
        if entries is None:
            continue
        prefix = "" if rel_dir == "." else rel_dir + "/"
        base = directory if directory.endswith(os.sep) else directory + os.sep
        subdirs: list[tuple[str, str, int, _Rules]] = []
        for name, is_dir, is_link in entries:
            rel = prefix + name
            if not is_dir:
                yield base + name, rel, is_link
            elif depth + 1 > MAX_DEPTH:
                _problem(
                    result, rel, f"directory nested more than {MAX_DEPTH} levels deep; not analysed"
                )
            else:
                subdirs.append((base + name, rel, depth + 1, rules))
        stack.extend(reversed(subdirs))


Entry = tuple[str, bool, bool]  # a name, whether it is a directory to walk, whether a link


def _entries(
    directory: str,
    rel_dir: str,
    depth: int,
    ignores: _Ignores,
    result: Discovery,
    listings: _Listings | None,
    above: _Rules,
) -> tuple[list[Entry] | None, _Rules]:
    """What the walk keeps of a directory, in name order (None for one that cannot be read
    or is a nested repository), and the ignore rules for the directories below it: from the
    index when it knows the directory and its rules unchanged, else listed (and recorded).
    The directory a walk starts from is always listed: it is the one place a nested
    repository is walked as what it is (elsewhere it is left out)."""
    sig = None
    if listings is not None and depth > 0 and above.key:
        sig = listings.signature(directory)
    if listings is not None and sig is not None:
        own, known = listings.index.listing(listings.setting, rel_dir, sig, above.key)
        # Unchanged, the directory still has the .gitignore it had (if any): is that as it was?
        if own is not None and (not own or own == _own_gitignore(directory, listings)):
            rules = above.with_own(directory, rel_dir, own)
            if known is None:
                result.repositories.append(rel_dir)
                return None, rules
            entries = _from_index_listing(known)
            if entries is not None:
                return entries, rules
    problems, repositories = len(result.problems), len(result.repositories)
    listed = _listing(directory, rel_dir, depth, result)
    names = () if listed is None else [e.name for e in listed]
    own = _own_gitignore(directory, listings) if ".gitignore" in names else ""
    rules = above.with_own(directory, rel_dir, own)
    rules.load(ignores)
    entries = None if listed is None else _kept(listed, rel_dir, ignores, result)
    # Recorded when nothing in it was reported or is a link, kept or not (a link's target
    # changes without its directory changing: such directories are listed every time).
    recordable = (
        len(result.problems) == problems
        and (entries is not None or len(result.repositories) > repositories)
        and not any(_is_link(e) for e in listed or ())
    )
    if listings is not None and sig is not None and own is not None and recordable:
        kept = None if entries is None else _as_listing(entries)
        listings.index.list_directory(listings.setting, rel_dir, sig, above.key, own, kept)
    return entries, rules


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return True


def _as_listing(entries: list[Entry]) -> list[str]:
    """Entries as the index keeps them: [the files' names, the directories' names], each in
    name order and joined by "/" (which no name holds): two strings read back at once."""
    return [
        "/".join(name for name, is_dir, _ in entries if not is_dir),
        "/".join(name for name, is_dir, _ in entries if is_dir),
    ]


def _from_index_listing(known: Any) -> list[Entry] | None:
    """A listing read back from the index as entries, its files first (a walk yields a
    directory's files, then walks its subdirectories, each in name order); None if it is
    malformed."""
    if not (isinstance(known, list) and len(known) == 2):
        return None
    files, directories = known
    if not (isinstance(files, str) and isinstance(directories, str)):
        return None
    entries: list[Entry] = []
    for names, is_dir in ((files, False), (directories, True)):
        for name in names.split("/") if names else ():
            if name in ("", ".", ".."):
                return None
            entries.append((name, is_dir, False))
    return entries


def _own_gitignore(directory: str, listings: _Listings | None) -> str | None:
    """The signature of a directory's .gitignore as text ("": it has none; None: it has one
    whose signature cannot be relied on, being a link, not a file, out of reach or changed a
    moment ago, or the walk keeps no listings)."""
    try:
        info = os.lstat(os.path.join(directory, ".gitignore"))
    except FileNotFoundError:
        return ""
    except OSError:
        return None
    if listings is None or not stat.S_ISREG(info.st_mode) or listings.racy(signature(info)):
        return None
    return ",".join(map(str, signature(info)))


class _Rules:
    """The .gitignore files that decide for the entries of the directories below: ``key``
    holds their signatures, which a listing taken from the index must have been made under
    ("" when one cannot be relied on: no listing is taken or kept below it), and ``where``
    their directories, read when a directory must be listed."""

    def __init__(self, key: str, where: tuple[tuple[str, str], ...]) -> None:
        self.key = key
        self.where = where

    def with_own(self, directory: str, rel_dir: str, own: str | None) -> _Rules:
        """These rules and ``directory``'s own .gitignore (``own``: ``_own_gitignore``)."""
        if own == "":
            return self
        where = (*self.where, (directory, rel_dir))
        if own is None or not self.key:
            return _Rules("", where)
        return _Rules(f"{self.key}|{rel_dir}:{own}", where)

    def load(self, ignores: _Ignores) -> None:
        for directory, rel_dir in self.where:
            ignores.load_at(directory, rel_dir)


class _Listings:
    """The index's directory listings for one kind of walk (its root and exclude patterns)."""

    def __init__(self, index: Index, root: Path, excludes: list[str]) -> None:
        self.index = index
        self.setting = "\n".join([os.fspath(root), *excludes])
        self.fresh = time.time_ns() - cache.RACY_NS

    def racy(self, sig: Signature) -> bool:
        """Changed a moment ago: a change within the clock's resolution could leave the
        signature as it was, so nothing is taken from or kept in the index for it."""
        return sig[1] >= self.fresh or sig[2] >= self.fresh

    def signature(self, directory: str) -> Signature | None:
        """A directory's signature, taken before it is listed (None: racy, or not there)."""
        try:
            sig = signature(os.stat(directory))
        except OSError:
            return None
        return None if self.racy(sig) else sig


def _kept(
    listed: list[os.DirEntry[str]], rel_dir: str, ignores: _Ignores, result: Discovery
) -> list[Entry]:
    """The entries of a listed directory that the walk keeps: its files and the directories
    to walk, those ignored left out (what cannot be followed is reported)."""
    kept: list[Entry] = []
    prefix = "" if rel_dir == "." else rel_dir + "/"
    for entry in listed:
        rel = prefix + entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_link = entry.is_symlink()
        except OSError as exc:
            _problem(result, rel, f"cannot be read ({why(exc)}); not analysed")
            continue
        if is_link:
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False  # a loop or a dangling link: judged as a file below
        if is_dir:
            if entry.name in SKIP_DIRS or ignores.ignored(rel, is_dir=True):
                continue
            if is_link:
                _linked_directory(entry, rel, ignores.root, result)
                continue  # links inside the root: their target is walked on its own
            kept.append((entry.name, True, False))
            continue
        if ignores.ignored(rel, is_dir=False):
            continue
        if entry.name.endswith(TEMP_SUFFIX):
            _problem(result, rel, "temporary file of an interrupted tlslint run; not analysed")
            continue
        kept.append((entry.name, False, is_link))
    return kept


def _linked_directory(entry: os.DirEntry[str], rel: str, root: Path, result: Discovery) -> None:
    """A link to a directory is not followed: one inside the root is walked where it leads;
    one leading outside is reported."""
    if not _inside(root, _target(Path(entry.path))):
        _problem(
            result,
            rel,
            f"symbolic link to a directory outside the scanned root ({entry.name}/) was not "
            "followed",
        )


def _listing(
    directory: str, rel_dir: str, depth: int, result: Discovery
) -> list[os.DirEntry[str]] | None:
    """A directory's entries by name; None when it cannot be read (reported) or is a nested
    repository (recorded, for its own run)."""
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        _problem(result, rel_dir, f"directory cannot be read ({why(exc)}); not analysed")
        return None
    if depth and _is_repository(entries):
        result.repositories.append(rel_dir)
        return None
    return entries


def _is_repository(entries: list[os.DirEntry[str]]) -> bool:
    """Whether a directory's listing holds a ``.git`` directory (a submodule's ``.git`` is a
    file: its files belong to the repository around it)."""
    for entry in entries:
        if entry.name == ".git":
            try:
                return entry.is_dir(follow_symlinks=False)
            except OSError:
                return False
    return False


def repository_of(path: Path, root: Path) -> Path:
    """The repository ``path`` belongs to: the nearest directory at or above it, and below
    ``root``, holding a ``.git`` directory; ``root`` itself when there is none."""
    here = path if path.is_dir() and not path.is_symlink() else path.parent
    while here != root and _inside(root, here):
        if os.path.isdir(here / ".git") and not os.path.islink(here / ".git"):
            return here
        here = here.parent
    return root


def _add(
    given: Path | str,
    root: Path,
    result: Discovery,
    seen: set[str],
    max_file_size: int,
    explicit: bool,
    rel: str | None = None,
    is_link: bool | None = None,
    index: Index | None = None,
) -> None:
    """Classify one file; ``rel`` and ``is_link`` when the walk knows them already (then
    ``given`` is a string: a walk builds no Path for each file); ``index`` for a walked file
    (named files and those opted in are recognised by their content, every time)."""
    path = os.fspath(given)
    rel = relative(root, Path(path)) if rel is None else rel
    if rel in seen:
        return
    seen.add(rel)
    if os.path.islink(path) if is_link is None else is_link:
        target = _target(Path(path))
        if not _inside(root, target):
            _problem(result, rel, "symbolic link points outside the scanned root; not followed")
            return
    if index is not None and _from_index(index, path, rel, result, max_file_size):
        return
    try:
        # Opened without following a FIFO's writer, checked to be a regular file, and read
        # only as far as classification needs.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            _problem(result, rel, "symbolic link loop; not analysed")
            return
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return  # a dangling link: nothing to read
        _problem(result, rel, f"cannot be read ({why(exc)}); not analysed")
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            # Devices, FIFOs and sockets have no place in a repository: say so, never read.
            _problem(result, rel, f"{_what(info.st_mode)}, not a regular file; not read")
            return
        size, mtime_ns = info.st_size, info.st_mtime_ns
        data = os.read(fd, SNIFF_BYTES)
        if len(data) == SNIFF_BYTES and data.lstrip()[:1] == b"#" and size > SNIFF_BYTES:
            data += os.read(fd, min(size, SNIFF_MAX) - SNIFF_BYTES)
    except OSError as exc:
        _problem(result, rel, f"cannot be read ({why(exc)}); not analysed")
        return
    finally:
        os.close(fd)
    head = sniffed(data)
    name = os.path.basename(path)
    kind = classify(name, rel, head)
    if kind is None and explicit:
        kind = by_content(head, name)  # named, or opted in: the content decides
    if index is not None:
        index.classified(rel, signature(info), kind)
    _classified(result, rel, path, kind, size, mtime_ns, max_file_size)


def _from_index(index: Index, path: str, rel: str, result: Discovery, max_file_size: int) -> bool:
    """Whether the index knew the file, unchanged (then it is added, or passed over)."""
    try:
        info = os.stat(path)
    except OSError:
        return False  # the full path says why
    if not stat.S_ISREG(info.st_mode):
        return False
    known, kind = index.kind(rel, signature(info))
    if known:
        _classified(result, rel, path, kind, info.st_size, info.st_mtime_ns, max_file_size)
    return known


def _classified(
    result: Discovery,
    rel: str,
    path: str,
    kind: str | None,
    size: int,
    mtime_ns: int,
    max_file_size: int,
) -> None:
    if kind is None:
        return
    if size > max_file_size:
        _problem(
            result,
            rel,
            f"{size:,} bytes is over the {max_file_size:,}-byte limit (limits.max_file_size); "
            "not analysed",
        )
        return
    result.files.append(SourceFile(rel, path, kind, size, mtime_ns))


def _what(mode: int) -> str:
    for test, name in (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "special file"
