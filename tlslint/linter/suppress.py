"""Inline suppressions: ``# tlslint: ignore[TLS101] reason`` and ``# tlslint: skip-file``.

A marker applies to findings on its own line or on the line below it. Rules may be named by
id or name; a bare ``ignore`` silences every rule on that line. Markers are found in any
comment syntax that uses ``#`` (nginx, YAML, HCL) or ``//`` (HCL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKER = re.compile(
    r"(?:#|//)\s*tlslint:\s*(?P<verb>ignore|skip-file)"
    r"(?:\[(?P<rules>[^\]]*)\])?(?P<reason>[^\n]*)",
    re.I,
)


@dataclass
class Suppression:
    line: int
    rules: frozenset[str]  # upper-cased ids or lower-cased names; empty: every rule
    reason: str

    def covers(self, rule_id: str, rule_name: str) -> bool:
        return not self.rules or rule_id.upper() in self.rules or rule_name.lower() in self.rules


@dataclass
class FileSuppressions:
    skip_file: bool = False
    by_line: dict[int, list[Suppression]] = field(default_factory=dict)

    def find(self, line: int, rule_id: str, rule_name: str) -> Suppression | None:
        for candidate in (line, line - 1):
            for s in self.by_line.get(candidate, ()):
                if s.covers(rule_id, rule_name):
                    return s
        return None


def scan(text: str) -> FileSuppressions:
    result = FileSuppressions()
    if "tlslint:" not in text:
        return result
    for number, line in enumerate(text.splitlines(), start=1):
        if "tlslint:" not in line:
            continue
        match = _MARKER.search(line)
        if not match:
            continue
        if match.group("verb").lower() == "skip-file":
            result.skip_file = True
            continue
        names = match.group("rules") or ""
        rules = frozenset(
            n.strip().upper() if n.strip().upper().startswith("TLS") else n.strip().lower()
            for n in names.split(",")
            if n.strip()
        )
        reason = match.group("reason").strip().lstrip(":-— ").strip()
        result.by_line.setdefault(number, []).append(Suppression(number, rules, reason))
    return result
