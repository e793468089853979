"""Inline suppressions: ``# tlslint: ignore[TLS101] reason`` and ``# tlslint: skip-file``.

A marker applies to findings on its own line or on the line below it. Rules may be named by
id or name; a bare ``ignore`` silences every rule on that line. Markers are found in any
comment syntax that uses ``#`` (nginx, YAML, HCL) or ``//`` (HCL), and only where a comment
can start: never inside a quoted value (``server_name "#tlslint: skip-file";`` is a name, not
a marker) nor in the middle of a word.
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
        match = next((m for m in _MARKER.finditer(line) if _in_comment(line, m.start())), None)
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


def _in_comment(line: str, start: int) -> bool:
    """Whether a marker found at ``start`` opens a comment: outside quotes, at the start of the
    line or after a space or a statement's end."""
    if start > 0 and line[start - 1] not in " \t;{}":
        return False
    quote = ""
    i = 0
    while i < start:
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "\"'" and (i == 0 or line[i - 1] in " \t:=[{(,"):
            quote = c  # a quote opens a value only at its start (not in "it's")
        elif (c == "#" or line.startswith("//", i)) and (i == 0 or line[i - 1] in " \t;{}"):
            return True  # inside an earlier comment: the rest of the line is comment too
        i += 1
    return not quote
