"""``tlslint fix``: apply the edits that findings carry, safely and repeatably.

Each pass lints, collects the fixes of the findings, applies the non-overlapping edits file by
file, checks that every changed file still parses for its source, and writes it atomically
(temporary file and rename, mode kept, BOM and line endings kept). Passes repeat until nothing
fixable is left (a fix can reveal the next one), at most ``MAX_PASSES`` times. A file that did
not parse is never touched. ``--diff`` runs the same passes on a scratch copy of the scanned
tree and prints what would change.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from tlslint.linter.atomic import write_bytes
from tlslint.linter.discover import located
from tlslint.linter.model import Finding, TextEdit
from tlslint.linter.run import Options, Result, run
from tlslint.linter.sources import SOURCES

MAX_PASSES = 4
BOM = b"\xef\xbb\xbf"


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


def _read(path: Path) -> tuple[str, bool, bool]:
    """Text, whether it had a UTF-8 BOM, whether it uses CRLF line endings."""
    data = path.read_bytes()
    bom = data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    return text, bom, "\r\n" in text


def _kind_of(result: Result, path: str) -> str | None:
    for f in result.files:
        if f.path == path:
            return f.kind
    return None


def fix_pass(
    result: Result, root: Path, changes: dict[str, FileChange], refused: dict[str, str]
) -> int:
    """Apply one pass of fixes; return the number of files written."""
    by_path: dict[str, list[tuple[Finding, TextEdit]]] = {}
    for finding in result.findings:
        if finding.fix is None:
            continue
        for edit in finding.fix.edits:
            by_path.setdefault(edit.path, []).append((finding, edit))
    written = 0
    for path, items in sorted(by_path.items()):
        if result.scope is not None and path not in result.scope:
            continue  # a file read only as context of the ones asked about is left alone
        if path in result.model.incomplete:
            refused[path] = f"not fixed: {result.model.incomplete[path]}"
            continue
        absolute = root / path
        try:
            text, bom, crlf = _read(absolute)
        except (OSError, UnicodeDecodeError) as exc:
            refused[path] = f"not fixed: cannot read it ({exc})"
            continue
        edits = [
            replace(e, new_text=e.new_text.replace("\n", "\r\n")) if crlf else e for _, e in items
        ]
        fixed, _ = apply_edits(text, edits)
        if fixed == text:
            continue
        kind = _kind_of(result, path)
        source = SOURCES.get(kind or "")
        checker = getattr(source, "check_syntax", None)
        problem = checker(fixed, path) if checker else None
        compare = getattr(source, "check_change", None)  # e.g. the YAML document count
        problem = problem or (compare(text, fixed, path) if compare else None)
        if problem:
            refused[path] = f"not fixed: the fixed file would not parse ({problem})"
            continue
        try:
            write_bytes(absolute, (BOM if bom else b"") + fixed.encode("utf-8"))
        except OSError as exc:
            refused[path] = f"not fixed: cannot write it ({exc.strerror or exc})"
            continue
        change = changes.setdefault(path, FileChange(path, text, fixed))
        change.fixed = fixed
        change.rules.extend(sorted({f.rule_id for f, _ in items} - set(change.rules)))
        written += 1
    return written


def fix(options: Options) -> FixReport:
    """Fix the files in place."""
    changes: dict[str, FileChange] = {}
    refused: dict[str, str] = {}
    result = run(options)
    for _ in range(MAX_PASSES):
        if not fix_pass(result, options.root.resolve(), changes, refused):
            break
        result = run(options)
    return FixReport(changes, refused, result)


def fix_preview(options: Options) -> FixReport:
    """Run the same passes on a scratch copy of the scanned tree; the originals stay intact."""
    root = options.root.resolve()
    with tempfile.TemporaryDirectory(prefix="tlslint-fix-") as scratch:
        copy = Path(scratch) / "tree"
        shutil.copytree(
            root, copy, symlinks=True, ignore=shutil.ignore_patterns(".git", "node_modules")
        )
        moved = replace(
            options,
            root=copy,
            paths=[copy / located(p).relative_to(root) for p in options.paths],
        )
        report = fix(moved)
    return report


def unified_diff(change: FileChange) -> str:
    return "".join(
        difflib.unified_diff(
            change.original.splitlines(keepends=True),
            change.fixed.splitlines(keepends=True),
            fromfile=f"a/{change.path}",
            tofile=f"b/{change.path}",
        )
    )
