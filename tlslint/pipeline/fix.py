"""``tlslint fix``: apply the edits that findings carry, safely and repeatably.

Each pass lints, collects the fixes of the findings, applies the non-overlapping edits file by
file, checks that every changed file still parses for its source, and writes it atomically
(temporary file and rename, mode and owner kept, BOM and line endings kept). Passes repeat
until nothing fixable is left (a fix can reveal the next one), at most ``MAX_PASSES`` times. A
file that did not parse is never touched. ``--diff`` runs the same passes over an overlay: the
edited texts stand in for their files in every read (``reading.OVERLAY``), nothing is copied and
nothing is written, and it prints what would change.

Only fixes of rules whose fix is safe are written; ``--unsafe-fixes`` adds the unsafe ones, and
display-only fixes are never written (``rules.base.FixSafety``). The fixes left out are counted
so the summary can say how many more an option would apply.

Files may change under a run: a file that changed since it was linted is refused (one line,
untouched), checked again just before it is replaced; a lock keeps two runs on one tree apart;
a read-only file is left alone with a note.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from tlslint.model import Finding, TextEdit
from tlslint.pipeline import reading
from tlslint.pipeline.atomic import ChangedError, remove_stale_temporaries, write_bytes
from tlslint.pipeline.run import Options, Result, run
from tlslint.rules.base import FixSafety
from tlslint.sources import SOURCES

MAX_PASSES = 4
BOM = b"\xef\xbb\xbf"
LOCK_WAIT = 60.0  # seconds a run waits for another one on the same tree


class FixLockedError(Exception):
    """Another ``tlslint fix`` holds the tree (the message says so in one line)."""


@dataclass
class FileChange:
    path: str
    original: str
    fixed: str
    rules: list[str] = field(default_factory=list)


@dataclass
class FixReport:
    changes: dict[str, FileChange]
    refused: dict[str, str]  # path -> why nothing was written
    result: Result  # the lint after the last pass: what is left
    # Fixes of the findings left that were not applied, by safety: ``unsafe`` ones that
    # --unsafe-fixes would apply, ``display-only`` ones that only a person can apply.
    withheld: Counter[str] = field(default_factory=Counter)

    @property
    def remaining(self) -> list[Finding]:
        return self.result.findings


def apply_edits(text: str, edits: list[TextEdit]) -> tuple[str, list[TextEdit]]:
    """Apply edits (1-based line/column, end exclusive) that do not overlap; return the skipped.

    Identical edits count once; insertions at the same point are all kept, in order.
    """
    starts = _line_starts(text)

    def offset(line: int, column: int) -> int:
        return min(starts[line - 1] + column - 1, len(text)) if line <= len(starts) else len(text)

    spans: list[tuple[int, int, str, TextEdit]] = []
    seen: set[tuple[int, int, str]] = set()
    for edit in edits:
        start = offset(edit.start_line, edit.start_column)
        end = offset(edit.end_line, edit.end_column)
        key = (start, end, edit.new_text)
        if key not in seen:
            seen.add(key)
            spans.append((start, end, edit.new_text, edit))
    spans.sort(key=lambda s: (s[0], s[1]))
    kept: list[tuple[int, int, str, TextEdit]] = []
    skipped: list[TextEdit] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:  # overlaps the previous replacement
            skipped.append(span[3])
            continue
        kept.append(span)
    out = text
    for start, end, new_text, _ in reversed(kept):
        out = out[:start] + new_text + out[end:]
    return out, skipped


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _read(path: Path) -> tuple[bytes, str, bool, bool]:
    """Bytes, text, whether it had a UTF-8 BOM, whether it uses CRLF line endings."""
    from tlslint.pipeline.reading import read_bytes

    data = read_bytes(path)
    bom = data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    return data, text, bom, "\r\n" in text


def _unchanged(result: Result, path: str, absolute: Path) -> bool:
    """Whether the file is as it was when it was linted (size and modification time)."""
    for f in result.files:
        if f.path == path:
            if not f.mtime_ns:
                return True
            try:
                info = absolute.stat()
            except OSError:
                return False
            return (info.st_size, info.st_mtime_ns) == (f.size, f.mtime_ns)
    return True


def _read_only(absolute: Path) -> bool:
    try:
        mode = absolute.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _kind_of(result: Result, path: str) -> str | None:
    for f in result.files:
        if f.path == path:
            return f.kind
    return None


# Writes a file's new bytes; ``expect`` is what it held when read (refused if it changed).
Writer = Callable[[Path, bytes, bytes], None]


def _write_file(absolute: Path, data: bytes, expect: bytes) -> None:
    remove_stale_temporaries(absolute.parent, absolute.name)
    write_bytes(absolute, data, expect=expect)


def applicable(result: Result, finding: Finding, unsafe: bool = False) -> bool:
    """Whether ``tlslint fix`` writes this finding's fix (by its rule's declared safety)."""
    return _safety(result, finding).applicable(unsafe)


def _safety(result: Result, finding: Finding) -> FixSafety:
    for rule in result.rules:
        if rule.id == finding.rule_id:
            return rule.fix or FixSafety.NONE
    return FixSafety.NONE


def fix_pass(
    result: Result,
    root: Path,
    changes: dict[str, FileChange],
    refused: dict[str, str],
    unsafe: bool = False,
    write: Writer = _write_file,
) -> int:
    """Apply one pass of fixes; return the number of files written."""
    by_path: dict[str, list[tuple[Finding, TextEdit]]] = {}
    for finding in result.findings:
        if not applicable(result, finding, unsafe) or finding.fix is None:
            continue
        for edit in finding.fix.edits:
            by_path.setdefault(edit.path, []).append((finding, edit))
    written = 0
    for path, items in sorted(by_path.items()):
        problem = _refusal(result, path, root / path)
        if problem is None:
            problem = _fix_file(result, root / path, path, items, changes, write)
        if problem:
            refused[path] = problem
        elif problem is None:
            written += 1
    return written


def _fix_file(
    result: Result,
    absolute: Path,
    path: str,
    items: list[tuple[Finding, TextEdit]],
    changes: dict[str, FileChange],
    write: Writer,
) -> str | None:
    """Apply one file's edits: None when written, "" when nothing changed, else why not."""
    try:
        data, text, bom, crlf = _read(absolute)
    except OSError as exc:
        return f"not fixed: cannot read it ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return "not fixed: it is not UTF-8"
    edits = [replace(e, new_text=e.new_text.replace("\n", "\r\n")) if crlf else e for _, e in items]
    fixed, _ = apply_edits(text, edits)
    if fixed == text:
        return ""
    problem = _parse_problem(result, path, text, fixed)
    if problem:
        return f"not fixed: the fixed file would not parse ({problem})"
    try:
        write(absolute, (BOM if bom else b"") + fixed.encode("utf-8"), data)
    except ChangedError:
        return "not fixed: it changed since tlslint read it (run tlslint fix again)"
    except OSError as exc:
        return f"not fixed: cannot write it ({exc.strerror or exc})"
    change = changes.setdefault(path, FileChange(path, text, fixed))
    change.fixed = fixed
    change.rules.extend(sorted({f.rule_id for f, _ in items} - set(change.rules)))
    return None


def _refusal(result: Result, path: str, absolute: Path) -> str | None:
    """Why a file's fixes are not applied ("" to skip it quietly), or None to go ahead."""
    if result.scope is not None and path not in result.scope:
        return ""  # a file read only as context of the ones asked about is left alone
    if path in result.model.incomplete:
        return f"not fixed: {result.model.incomplete[path]}"
    if _read_only(absolute):
        return "not fixed: the file is read-only (left as it is)"
    if not _unchanged(result, path, absolute):
        return "not fixed: it changed since tlslint read it (run tlslint fix again)"
    return None


def _parse_problem(result: Result, path: str, text: str, fixed: str) -> str | None:
    """Why the fixed text would not load for its source (syntax, changed document count)."""
    source = SOURCES.get(_kind_of(result, path) or "")
    checker = getattr(source, "check_syntax", None)
    problem = checker(fixed, path) if checker else None
    compare = getattr(source, "check_change", None)  # e.g. the YAML document count
    return problem or (compare(text, fixed, path) if compare else None)


def fix(options: Options, unsafe: bool = False) -> FixReport:
    """Fix the files in place (one run at a time per tree); ``unsafe``: unsafe fixes too."""
    with tree_lock(options.root.resolve()):
        return _fix(options, unsafe, _write_file)


def _fix(options: Options, unsafe: bool, write: Writer) -> FixReport:
    changes: dict[str, FileChange] = {}
    refused: dict[str, str] = {}
    result = run(options)
    for _ in range(MAX_PASSES):
        if not fix_pass(result, options.root.resolve(), changes, refused, unsafe, write):
            break
        result = run(options)
    withheld: Counter[str] = Counter(
        _safety(result, f).value
        for f in result.findings
        if not applicable(result, f, unsafe) and f.fix is not None
    )
    return FixReport(changes, refused, result, withheld)


@contextlib.contextmanager
def tree_lock(root: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold an exclusive lock for ``root`` (waiting up to ``wait`` seconds for another run).

    The lock file lives in the temporary directory, named after the tree, never in the tree:
    it is opened without following a link, released by the system if the run is killed, and
    removed by the run that held it (a run that locked a file since removed locks afresh, so
    two runs never hold the lock at once and no lock file is left behind).
    """
    try:
        import fcntl
    except ImportError:  # not a Unix: no lock
        yield
        return
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    lock = Path(tempfile.gettempdir()) / f"tlslint-fix-{uid}-{digest}.lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, flags, 0o600)
        except OSError:
            yield  # cannot lock (read-only /tmp): run unlocked rather than not at all
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise FixLockedError(
                    f"another tlslint fix is running on {root}; try again when it ends"
                ) from None
            time.sleep(0.1)
            continue
        if _same_file(fd, lock):
            break
        os.close(fd)  # its holder removed it as we waited: lock the file there now
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def fix_preview(options: Options, unsafe: bool = False) -> FixReport:
    """Run the same passes with the edited texts held in memory: every later read of a fixed
    file sees its edited text (``reading.OVERLAY``), the files on disk stay as they are."""
    with reading.overlay() as texts:

        def keep(absolute: Path, data: bytes, expect: bytes) -> None:
            texts[os.path.realpath(absolute)] = data

        return _fix(options, unsafe, keep)


def unified_diff(change: FileChange) -> str:
    """The change as a unified diff; lines that hold key material (a PEM body near the fixed
    directive, a hex dump) are redacted, the file names escaped."""
    from tlslint.formats.escape import escape
    from tlslint.pipeline.redact import redact

    lines = difflib.unified_diff(
        change.original.splitlines(keepends=True),
        change.fixed.splitlines(keepends=True),
        fromfile=escape(f"a/{change.path}"),
        tofile=escape(f"b/{change.path}"),
    )
    return "".join(
        line if line.startswith(("---", "+++", "@@")) else redact(line) for line in lines
    )
