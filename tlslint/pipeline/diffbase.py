"""``--diff-base REF``: report only what a change introduced.

A finding is the change's when it is new (its baseline fingerprint, which survives moved
lines, is not among the findings of the same check run on the tree at ``REF``), when it sits
on a line the change touched, or when the change touched an endpoint that has the problem
without the finding sitting inside it: a new ``server{}`` that inherits ``ssl_protocols TLSv1``
from ``http{}`` is reported at the new server, naming where the value comes from. Everything
else is set aside like baselined findings (counted, never failing the run).

The tree at ``REF`` is read with ``git archive`` (committed files only) into a temporary
directory and checked with the same options; the changed lines come from ``git diff
--unified=0 REF`` (the working tree, staged or not) and every untracked, not ignored file.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from tlslint.model import Endpoint, Finding
from tlslint.pipeline.baseline import fingerprint
from tlslint.pipeline.run import Options, Result, run

GIT_TIMEOUT = 120
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
# The whole file is new: every line counts as changed.
WHOLE_FILE = frozenset({0})


class DiffBaseError(Exception):
    """The base cannot be read (not a git repository, unknown ref): exit status 2."""


def _git(root: Path, *args: str, into: Path | None = None) -> bytes:
    """git's standard output (or, with ``into``, written to that file); one-line errors."""
    try:
        with open(into, "wb") if into is not None else _no_file() as sink:
            done = subprocess.run(
                ["git", "-C", str(root), *args],
                stdout=sink if sink is not None else subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=GIT_TIMEOUT,
                check=False,
            )
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise DiffBaseError(f"git {args[0]} took more than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffBaseError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout or b""


@contextlib.contextmanager
def _no_file() -> Iterator[None]:
    yield None


def check_ref(ref: str) -> None:
    """A ref is never an option (``--output=…`` would make git write a file) nor several lines."""
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise DiffBaseError(f"--diff-base {ref!r} is not a git ref")


def changed_lines(root: Path, ref: str) -> dict[str, frozenset[int]]:
    """Changed lines per path (relative to ``root``) of the working tree against ``ref``;
    ``WHOLE_FILE`` for a file that is new."""
    diff = _git(
        root, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", ref, "--", "."
    ).decode("utf-8", "surrogateescape")
    changed: dict[str, set[int]] = {}
    current: str | None = None
    new_file = False
    for line in diff.splitlines():
        if line.startswith("diff --git"):
            current, new_file = None, False
        elif line.startswith("new file mode"):
            new_file = True
        elif line.startswith("+++ "):
            target = line[4:]
            current = target[2:] if target.startswith("b/") else None
            if current is not None:
                changed.setdefault(current, set())
                if new_file:
                    changed[current] = set(WHOLE_FILE)
        elif current is not None and not new_file:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or "1")
                # A pure deletion (count 0) changes the object around line `start`.
                changed[current].update(range(start, start + max(count, 1)))
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    for name in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if name:
            changed[name] = set(WHOLE_FILE)
    return {path: frozenset(lines) for path, lines in changed.items()}


def _touched(lines: frozenset[int] | None, start: int, end: int) -> bool:
    if not lines:
        return False
    return lines == WHOLE_FILE or any(start <= n < end for n in lines)


def _spans(endpoints: list[Endpoint]) -> dict[str, list[tuple[Endpoint, int, int]]]:
    """Each endpoint's span: from its line to the next endpoint's in the same file."""
    by_path: dict[str, list[Endpoint]] = {}
    for e in endpoints:
        by_path.setdefault(e.location.path, []).append(e)
    out: dict[str, list[tuple[Endpoint, int, int]]] = {}
    for path, group in by_path.items():
        starts = sorted({e.location.line for e in group})
        spans = []
        for e in group:
            later = [s for s in starts if s > e.location.line]
            spans.append((e, e.location.line, later[0] if later else 1 << 30))
        out[path] = spans
    return out


def base_findings(options: Options, ref: str) -> Counter[str]:
    """Fingerprints of the findings of the same check on the tree at ``ref``."""
    root = options.root.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory(prefix="tlslint-base-") as scratch:
        tree = Path(scratch) / "tree"
        archive = Path(scratch) / "base.tar"
        _git(top, "archive", "--format=tar", f"--output={archive}", ref)
        with tarfile.open(archive) as tar:
            _extract(tar, tree)
        base_root = tree / root.relative_to(top)
        paths = []
        for p in options.paths:
            mapped = base_root / p.resolve().relative_to(root)
            if mapped.exists() or mapped.is_symlink():
                paths.append(mapped)
        if not paths or not base_root.is_dir():
            return Counter()
        config = options.config
        if config.path is not None and config.path.resolve().is_relative_to(root):
            moved = base_root / config.path.resolve().relative_to(root)
            if moved.is_file():
                from tlslint.pipeline.config import load_config

                config = load_config(moved)
        result = run(replace(options, root=base_root, paths=paths, config=config, baseline=None))
        return Counter(fingerprint(f) for f in result.findings)


def _extract(tar: tarfile.TarFile, tree: Path) -> None:
    """Extract the base tree: nothing outside it, no device files, no links leaving it."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(tree, filter="data")
        return
    # Pythons without extraction filters (before 3.10.12/3.11.4): regular files and
    # directories only, inside the tree.
    for member in tar.getmembers():
        target = (tree / member.name).resolve()
        if (member.isfile() or member.isdir()) and target.is_relative_to(tree.resolve()):
            tar.extract(member, tree)


def introduced(result: Result, changed: dict[str, frozenset[int]], base: Counter[str]) -> Result:
    """The result restricted to what the change introduced; the rest moves to ``baselined``."""
    spans = _spans(result.model.endpoints)
    by_name: dict[str, list[tuple[Endpoint, int, int]]] = {}
    for group in spans.values():
        for span in group:
            by_name.setdefault(span[0].name, []).append(span)
    remaining = Counter(base)
    kept: list[Finding] = []
    old: list[Finding] = []
    for f in result.findings:
        # A value inherited by several endpoints is one finding, named after whichever came
        # first: it is known if the base had it under any of them.
        keys = [fingerprint(replace(f, endpoint=name)) for name in (f.endpoint, *f.also)]
        key = next((k for k in keys if remaining[k] > 0), None)
        known = key is not None
        if key is not None:
            remaining[key] -= 1
        lines = changed.get(f.path)
        if not known or _touched(lines, f.line or 1, (f.location.end_line or f.line or 1) + 1):
            kept.append(_named(f))
            continue
        derived = _through_changed_endpoints(f, by_name, changed)
        if derived:
            kept.extend(derived)
        else:
            old.append(f)
    kept.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    return replace(result, findings=kept, baselined=[*result.baselined, *old])


def _named(f: Finding) -> Finding:
    """The finding with its endpoint named in the message, for a reviewer of the change."""
    if not f.endpoint or f.endpoint in f.message:
        return f
    return replace(f, message=f"{f.endpoint}: {f.message}")


def _through_changed_endpoints(
    f: Finding,
    by_name: dict[str, list[tuple[Endpoint, int, int]]],
    changed: dict[str, frozenset[int]],
) -> list[Finding]:
    """The finding restated at each changed endpoint that has it from elsewhere."""
    out = []
    for name in (f.endpoint, *f.also):
        for endpoint, start, end in by_name.get(name, ()):
            where = endpoint.location
            if where.path == f.path and start <= f.line < end:
                continue  # the finding sits inside this endpoint, on an unchanged line
            if _touched(changed.get(where.path), start, end):
                out.append(
                    replace(
                        f,
                        location=where,
                        endpoint=name,
                        also=(),
                        message=f"{name} inherits this from {f.location}: {f.message}",
                    )
                )
                break
    return out


def restrict(result: Result, options: Options, ref: str) -> Result:
    """``--diff-base REF``: only the findings the change since ``ref`` introduced."""
    check_ref(ref)
    changed = changed_lines(options.root.resolve(), ref)
    return introduced(result, changed, base_findings(options, ref))
