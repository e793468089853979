"""What tlslint learnt about each file of a repository, kept between runs, so a check of a
few files (the pre-commit case) does not read the whole repository again to find their
context: which source claims each file, and the quick scans that find context (the files an
nginx file includes, the certificate file names a file mentions, whether it embeds PEM).

It is an index, never a verdict: the files in scope and their context are read and parsed
afresh on every run, and an entry is used only while its file still has the size,
modification time, change time and inode it had when the entry was made (a file written in
the last two seconds is not trusted to the clock: it is looked at again next time, as git
does with "racily clean" files). The index is dropped whole when tlslint itself changes.

It lives outside the repository, in the user's cache directory (``$TLSLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/tlslint``, else ``~/.cache/tlslint``), one file per repository root:
never in the tree, where a pull request could commit one. A directory or file that another
user owns or can write to is not used; an unreadable, oversized or malformed index is
ignored and rebuilt. ``TLSLINT_NO_CACHE=1`` turns it off.

The file is Python's ``marshal`` of plain lists, dicts, strings and numbers: written five
times faster than JSON and read twice as fast (a check of a file just edited writes it; every
check reads it), for this Python only, which the fingerprint names. It is sealed with its
length and CRC-32, checked before marshal reads it (a corrupt list header would make marshal
allocate for minutes); reading builds values, never runs anything, and what is not a
well-formed index (keys that are not strings, a code object) is ignored like any spoilt file.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import tlslint
from tlslint.digest import sha256
from tlslint.model import SourceFile
from tlslint.sources.base import FactStore, read_text

T = TypeVar("T")
FORMAT = 3
MAX_INDEX_BYTES = 64 * 1024 * 1024
STALE_SECONDS = 30 * 24 * 3600  # indexes and units not written this long are deleted
PRUNE_EVERY = 24 * 3600  # looked for when a new index is made, or at most daily
MAX_TABLE = 100_000  # answers kept per table
RACY_NS = 2_000_000_000  # entries of files changed this recently are not kept
Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# What a walk kept of a directory: [its files, its directories to walk] (each a "/"-joined
# string of names in name order); None for a repository nested there (left to its own run).
Listing = list[str] | None | str
UNLISTED = "unlisted"


def signature(info: os.stat_result) -> Signature:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def cache_directory() -> Path | None:
    """tlslint's cache directory (indexes, renderings, configurations known to be valid), or
    None when caching is off: ``TLSLINT_NO_CACHE=1``, or ``TLSLINT_CACHE_DIR`` set empty."""
    if os.environ.get("TLSLINT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("TLSLINT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: invalid (XDG base directories)
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tlslint"


class Index(FactStore):
    """Per file (by path relative to the root): its signature, the source that claims it, and
    facts computed from its text. An empty index (no directory) caches within the run only."""

    def __init__(
        self,
        path: Path | None = None,
        entries: dict[str, Any] | None = None,
        tables: dict[str, dict[str, Any]] | None = None,
        listings: dict[str, dict[str, list[Any]]] | None = None,
    ) -> None:
        self.path = path
        self.entries: dict[str, list[Any]] = entries or {}  # rel -> [signature, kind, facts]
        self.seen: dict[str, Signature] = {}  # rel -> signature, as this run found the file
        # Directories this run walked whole (prefixes), and the repositories nested in them
        # that it left to their own runs: an entry below the one and not below the other that
        # the walk did not see names a file that is gone.
        self.walked: set[str] = set()
        self.left: set[str] = set()
        # Answers of pure functions of their key (which certificate signed which).
        self.tables: dict[str, dict[str, Any]] = tables or {}
        # What walks kept of each directory, per walk setting (root and exclude patterns):
        # rel_dir -> [its signature, the signatures of the .gitignore files above it, its
        # own .gitignore's ("" for none), what was kept].
        self.listings: dict[str, dict[str, list[Any]]] = listings or {}
        self.listed: dict[str, set[str]] = {}  # setting -> the directories this run walked
        # Files (seen by this run) changed a moment ago: what this run learns of them serves
        # it alone; the index keeps the entries it had for them (stale: their signatures no
        # longer match, so they are never used), and writing it is not worth it for them.
        self.racy: set[str] = set()
        self._before_racy: dict[str, list[Any] | None] = {}  # rel -> the entry as loaded
        self._fresh = time.time_ns() - RACY_NS
        self.changed = False

    def remembered(self, table: str, key: str, compute: Callable[[], T]) -> T:
        answers = self.tables.setdefault(table, {})
        if key in answers:
            return answers[key]  # type: ignore[no-any-return]
        value = compute()
        if len(answers) >= MAX_TABLE:
            answers.clear()  # start again rather than grow without bound
        answers[key] = value
        self.changed = True
        return value

    # -- classification (discovery) -------------------------------------------------------

    def _see(self, rel: str, sig: Signature) -> list[Any] | None:
        """Note the file as this run found it; its entry, if well formed."""
        self.seen[rel] = sig
        if sig[1] >= self._fresh or sig[2] >= self._fresh:
            self.racy.add(rel)
        entry = self.entries.get(rel)
        return entry if entry is not None and _is_entry(entry) else None

    def kind(self, rel: str, sig: Signature) -> tuple[bool, str | None]:
        """(known, kind) for a file with this signature."""
        entry = self._see(rel, sig)
        if entry is not None and tuple(entry[0]) == sig:
            return True, entry[1]
        return False, None

    def classified(self, rel: str, sig: Signature, kind: str | None) -> None:
        entry = self._see(rel, sig)
        if entry is None or tuple(entry[0]) != sig or entry[1] != kind:
            if rel in self.racy:
                self._before_racy.setdefault(rel, self.entries.get(rel))
            else:
                self.changed = True
            self.entries[rel] = [list(sig), kind, {}]

    # -- directory listings (discovery) ---------------------------------------------------

    def listing(
        self, setting: str, rel_dir: str, sig: Signature, rules: str
    ) -> tuple[str | None, Listing]:
        """What a walk kept of the directory while it is unchanged, and the signature its
        .gitignore had then ("" for none), or ``UNLISTED``: the caller compares that signature,
        and ``rules`` (the signatures of the .gitignore files above), with the walk's own."""
        self.listed.setdefault(setting, set()).add(rel_dir)
        entry = self.listings.get(setting, {}).get(rel_dir)
        if (
            not isinstance(entry, list)
            or len(entry) != 4
            or entry[0] != list(sig)
            or entry[1] != rules
            or not isinstance(entry[2], str)
        ):
            return None, UNLISTED
        return entry[2], entry[3]

    def list_directory(
        self, setting: str, rel_dir: str, sig: Signature, rules: str, own: str, kept: Listing
    ) -> None:
        """Record what a walk kept of a directory (``sig`` taken before it was listed; a
        directory changed a moment ago is not recorded, since a change within the clock's
        resolution could leave its signature as it was)."""
        fresh = time.time_ns() - RACY_NS
        if sig[1] >= fresh or sig[2] >= fresh:
            return
        self.listed.setdefault(setting, set()).add(rel_dir)
        entry = [list(sig), rules, own, kept]
        table = self.listings.setdefault(setting, {})
        if table.get(rel_dir) != entry:
            table[rel_dir] = entry
            self.changed = True

    # -- facts (context search) -----------------------------------------------------------

    def fact(self, f: SourceFile, name: str, compute: Callable[[str], T], salt: str = "") -> T:
        """``compute(text)`` for the file, from the index while the file is unchanged.

        ``name`` names the computation (and its version); ``salt`` what else it depends on
        (the set of certificate file names the text is searched for)."""
        sig = self.seen.get(f.path)
        entry = self.entries.get(f.path)
        current = (
            entry is not None and sig is not None and _is_entry(entry) and tuple(entry[0]) == sig
        )
        if current:
            assert entry is not None
            stored = entry[2].get(name)
            if stored is not None and stored[0] == salt:
                return stored[1]  # type: ignore[no-any-return]
        value = compute(read_text(f))
        if current:
            assert entry is not None
            entry[2][name] = [salt, value]
            if f.path in self.racy:
                self._before_racy.setdefault(f.path, None)  # dropped, unless classified
            else:
                self.changed = True
        return value

    # -- persistence ----------------------------------------------------------------------

    def walked_directory(self, rel_dir: str, nested: list[str]) -> None:
        """Record a whole walk of ``rel_dir`` (relative to the root; "." for the root)."""
        self.walked.add("" if rel_dir == "." else rel_dir.rstrip("/") + "/")
        self.left.update(r.rstrip("/") + "/" for r in nested)

    def _left_out(self, rel: str) -> bool:
        """Whether an entry this run did not meet is gone: it lies in a directory the run
        walked whole, and not in a repository nested there (left to its own run)."""
        return any(rel.startswith(p) for p in self.walked) and not any(
            rel.startswith(p) for p in self.left
        )

    def _kept_listings(self) -> dict[str, dict[str, list[Any]]]:
        kept: dict[str, dict[str, list[Any]]] = {}
        for setting, table in self.listings.items():
            unmet = table.keys() - self.listed.get(setting, set())
            gone = {r for r in unmet if self._left_out("" if r == "." else r + "/")}
            kept[setting] = {r: e for r, e in table.items() if r not in gone} if gone else table
        return kept

    def save(self) -> None:
        """Write the index if it changed (atomically; failures are not the run's concern):
        files changed a moment ago keep the entries they had (a change to them alone writes
        nothing), and entries of files gone from a directory this run walked are left out."""
        if self.path is None:
            return
        unmet = self.entries.keys() - self.seen.keys()
        dropped = {rel for rel in unmet if self._left_out(rel)}
        listings = self._kept_listings()
        unchanged = all(listings[s] is t for s, t in self.listings.items())
        if not self.changed and not dropped and unchanged:
            return  # what this run learnt of racy files alone is not worth a write
        entries = {r: e for r, e in self.entries.items() if r not in dropped}
        for rel, before in self._before_racy.items():
            if before is None:
                entries.pop(rel, None)
            else:
                entries[rel] = before
        try:
            data = _sealed(
                marshal.dumps(
                    {
                        "format": FORMAT,
                        "tlslint": fingerprint(),
                        "entries": entries,
                        "tables": self.tables,
                        "listings": listings,
                    }
                )
            )
        except ValueError:  # (a value marshal cannot write: never expected)
            return
        if len(data) > MAX_INDEX_BYTES:
            return
        try:
            # A new index, or one last written a day ago: the moment to clear out.
            due = time.time() - os.stat(self.path).st_mtime > PRUNE_EVERY
        except OSError:
            due = True
        if write_private(self.path, data) and due:
            _prune(self.path.parent)


def open_index(root: Path) -> Index:
    """The index of the repository at ``root`` (empty when there is none yet or it cannot be
    trusted; without a usable cache directory, an index for this run only)."""
    directory = cache_directory()
    if directory is None or not private_directory(directory):
        return Index()
    key = sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:32]
    path = directory / f"index-{key}.marshal"
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return Index(path)
    try:
        info = os.fstat(fd)
        if not trusted(info) or info.st_size > MAX_INDEX_BYTES:
            return Index(path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = _unsealed(handle.read())
    except (OSError, ValueError, EOFError, TypeError, RecursionError, MemoryError):
        return Index(path)
    finally:
        os.close(fd)
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("tlslint") != fingerprint()
        or not _keyed_by_text(data.get("entries"))
    ):
        return Index(path)
    entries = data["entries"]  # each entry is checked when it is looked up
    tables: Any = data.get("tables")
    spoilt = not _keyed_by_text(tables) or not all(_keyed_by_text(t) for t in tables.values())
    given = data.get("listings")
    listings = _listings(given)
    index = Index(path, entries, {} if spoilt else tables, listings)
    # A part dropped as spoilt: the index is written again, well formed, at the run's end.
    index.changed = spoilt or not isinstance(given, dict) or len(listings) != len(given)
    return index


# The index file: this header (its magic, the length and CRC-32 of what follows), then the
# marshal. Checked before marshal reads anything: marshal allocates the items a list header
# declares before it reads them, so a few corrupt bytes could cost it minutes.
_SEAL = struct.Struct("<8sII")
_MAGIC = b"tlslint\x03"


def _sealed(payload: bytes) -> bytes:
    return _SEAL.pack(_MAGIC, len(payload), zlib.crc32(payload)) + payload


def _unsealed(data: bytes) -> Any:
    """What a sealed index holds; ValueError when it is not one, whole and intact."""
    if len(data) < _SEAL.size:
        raise ValueError("too short")
    magic, length, crc = _SEAL.unpack_from(data)
    payload = data[_SEAL.size :]
    if magic != _MAGIC or length != len(payload) or crc != zlib.crc32(payload):
        raise ValueError("not a whole index")
    return marshal.loads(payload)


def _keyed_by_text(value: Any) -> bool:
    """A dict whose keys are all strings (what the index's tables are: marshal, unlike JSON,
    could give other keys)."""
    return type(value) is dict and all(type(key) is str for key in value)


def _is_entry(entry: Any) -> bool:
    """Whether a file's entry read back from an index is well formed (its signature is only
    ever compared with a file's, which a malformed one never equals)."""
    return (
        type(entry) is list
        and len(entry) == 3
        and type(entry[0]) is list
        and (entry[1] is None or type(entry[1]) is str)
        and type(entry[2]) is dict
    )


def _listings(data: Any) -> dict[str, dict[str, list[Any]]]:
    """The listings of an index read back (each entry is checked when it is looked up)."""
    if not _keyed_by_text(data):
        return {}
    return {setting: table for setting, table in data.items() if _keyed_by_text(table)}


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def write_private(path: Path, data: bytes) -> bool:
    """Write a file of the cache whole or not at all (a temporary file beside it, renamed),
    readable by this user alone and never through a link; False when it could not be
    written (caching is never the run's concern)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


def _prune(directory: Path) -> None:
    """Delete the indexes, stored units and renderings not written for a month (made again
    when still wanted): temporary checkouts come and go, and every version of a file or chart
    leaves its own."""
    limit = time.time() - STALE_SECONDS
    places = [directory, directory / "render"]
    with contextlib.suppress(OSError):
        places += [Path(e.path) for e in os.scandir(directory / "units") if e.is_dir()]
    for place in places:
        with contextlib.suppress(OSError):
            for entry in os.scandir(place):
                if place == directory:
                    # (.json: the indexes of earlier versions)
                    ours = entry.name.startswith("index-") and entry.name.endswith(
                        (".marshal", ".json")
                    )
                else:
                    ours = entry.name.endswith((".pickle", ".json"))
                if not ours:
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)


def trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (as ssh asks of its keys)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_directory(directory: Path) -> bool:
    """Create the cache directory (mode 0700) if need be; whether it can be trusted."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and trusted(info)


_FINGERPRINT: str | None = None


def fingerprint() -> str:
    """tlslint's version and the state of its own modules: an index made by other code is
    not used (a development checkout changes without a new version)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        package = Path(tlslint.__file__).parent
        digest = sha256(f"{tlslint.__version__} {sys.version}".encode())
        for directory, subdirs, names in os.walk(package):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".yaml", ".json", ".conf")):
                    info = os.stat(os.path.join(directory, name))
                    digest.update(f"{directory}/{name} {info.st_mtime_ns} {info.st_size};".encode())
        _FINGERPRINT = digest.hexdigest()[:32]
    return _FINGERPRINT
