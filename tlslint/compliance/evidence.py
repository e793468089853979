"""What makes a compliance report reproducible and its accepted risks traceable.

- SHA-256 of every file the report cites, of the configuration, the baseline, the policy
  data and the control mapping, so a reader can check that the evidence is what was judged.
- For each baselined or suppressed finding: why it was accepted and since when. A suppression
  comment's date is the commit that wrote that line (``git blame``); a baseline entry's date
  is its own ``date`` field, else the baseline file's, else the commit that last changed the
  baseline file. Nothing comes from the wall clock, so the same inputs give the same report.

Git runs locally only, with the scanned repository's fsmonitor hook disabled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tlslint.model import Finding
from tlslint.packaged import read_bytes
from tlslint.pipeline.redact import redact

BLAME_MAX = 500  # suppression dates looked up per report; later ones say "not looked up"


@dataclass(frozen=True)
class EvidenceFile:
    path: str
    sha256: str  # empty when the file could not be read
    size: int
    repository: str = ""  # organisation reports


@dataclass(frozen=True)
class Accepted:
    """A finding accepted in the baseline or suppressed in the source: open, with its why."""

    finding: Finding
    kind: str  # "baseline" | "suppressed"
    reason: str
    date: str  # YYYY-MM-DD, or "" when not recorded
    where: str  # the suppression comment ("conf/nginx.conf:11") or the baseline file
    message: str  # redacted
    requirements: tuple[str, ...]
    repository: str = ""  # organisation reports

    @property
    def location(self) -> str:
        f = self.finding
        loc = f.path + (f":{f.line}" if f.line else "")
        return f"{self.repository}: {loc}" if self.repository else loc


def sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def evidence_files(root: Path, paths: set[str]) -> list[EvidenceFile]:
    """SHA-256 of each cited file inside ``root`` (never a file outside it)."""
    real_root = root.resolve()
    out = []
    for path in sorted(p for p in paths if p):
        full = (root / path).resolve()
        digest, size = "", 0
        if full.is_relative_to(real_root) and full.is_file():
            try:
                digest, size = sha256_file(full)
            except OSError:
                digest, size = "", 0
        out.append(EvidenceFile(path, digest, size))
    return out


def package_data_sha256(name: str) -> str:
    """SHA-256 of a data file shipped in ``tlslint/data`` (policy data, control mapping)."""
    try:
        return hashlib.sha256(read_bytes(f"data/{name}")).hexdigest()
    except OSError:
        return ""


class Git:
    """Read-only git queries on the scanned checkout (none when it is not one)."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root.resolve()
        self.enabled = enabled and any(
            (d / ".git").exists() for d in (self.root, *self.root.parents)
        )
        self._blamed = 0
        self._dates: dict[tuple[str, int], str] = {}

    def run(self, *args: str) -> str | None:
        if not self.enabled:
            return None
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
        try:
            done = subprocess.run(
                ["git", "-c", "core.fsmonitor=false", "-C", str(self.root), *args],
                capture_output=True,
                text=True,
                timeout=20,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def line_date(self, path: str, line: int) -> str:
        """The date of the commit that wrote a line ("" when uncommitted or unknown)."""
        key = (path, line)
        if key not in self._dates:
            date = ""
            if self._blamed < BLAME_MAX and line > 0:
                self._blamed += 1
                out = self.run("blame", "--porcelain", "-L", f"{line},{line}", "--", path)
                date = _blame_date(out or "")
            elif line == 0:
                date = self.file_date(path)
            self._dates[key] = date
        return self._dates[key]

    def file_date(self, path: str) -> str:
        """The date of the last commit that changed a file ("" when none)."""
        out = (self.run("log", "-1", "--format=%cs", "--", path) or "").strip()
        return out if len(out) == 10 else ""


def _blame_date(porcelain: str) -> str:
    lines = porcelain.splitlines()
    if not lines or lines[0].startswith("0000000000000000000000000000000000000000"):
        return ""  # not committed yet: no date that a second run would repeat
    for line in lines:
        if line.startswith("committer-time "):
            try:
                stamp = int(line.split()[1])
            except (IndexError, ValueError):
                return ""
            return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).strftime("%Y-%m-%d")
    return ""


@dataclass(frozen=True)
class BaselineNotes:
    reason: str
    date: str
    entries: dict[str, tuple[str, str]]  # fingerprint -> (reason, date)


def baseline_notes(path: Path) -> BaselineNotes:
    """Optional ``reason`` and ``date`` fields of a baseline file and of its entries."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BaselineNotes("", "", {})
    if not isinstance(document, dict):
        return BaselineNotes("", "", {})

    def text(value: object) -> str:
        return redact(" ".join(str(value).split()))[:500] if isinstance(value, str) else ""

    entries: dict[str, tuple[str, str]] = {}
    for entry in document.get("findings") or ():
        if isinstance(entry, dict) and entry.get("fingerprint"):
            entries[str(entry["fingerprint"])] = (
                text(entry.get("reason")),
                text(entry.get("date"))[:10],
            )
    return BaselineNotes(text(document.get("reason")), text(document.get("date"))[:10], entries)
