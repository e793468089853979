"""Inline suppressions: ``# tlslint: ignore[TLS101] reason`` and ``# tlslint: skip-file``.

A marker applies to findings on its own line or on the line below it. Rules may be named by
id or name; a bare ``ignore`` silences every rule on that line. Markers are found in any
comment syntax that uses ``#`` (nginx, YAML, HCL) or ``//`` (HCL), and only where a comment
can start: never inside a quoted value (``server_name "#tlslint: skip-file";`` is a name, not
a marker) nor in the middle of a word.

A rule renamed since the marker was written is still matched under its old name or id
(``rules.REDIRECTS``). :func:`unused` finds the markers, and the rules named in them, that
silenced nothing, and the edit that removes them (rule TLS002).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tlslint.model import Finding, Fix, Location, Severity, TextEdit
from tlslint.pipeline.redact import redact

if TYPE_CHECKING:
    from tlslint.rules.base import Rule

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
    column: int = 0  # 0-based: where the comment marker (``#`` or ``//``) starts
    names: tuple[tuple[str, int, int], ...] = ()  # each rule as written, and its span

    def covers(self, rule_id: str, rule_name: str) -> bool:
        return not self.rules or any(_names(key, rule_id, rule_name) for key in self.rules)

    def covering(self, rule_id: str, rule_name: str) -> str | None:
        """The key of this marker that silences the rule ('' for a bare ignore), or None."""
        if not self.rules:
            return ""
        return next((k for k in sorted(self.rules) if _names(k, rule_id, rule_name)), None)


def _names(key: str, rule_id: str, rule_name: str) -> bool:
    """Whether a key written in a marker names the rule (directly or through a redirect)."""
    if key == rule_id.upper() or key == rule_name.lower():
        return True
    from tlslint.rules import REDIRECTS, find

    if key not in REDIRECTS:
        return False
    rule = find(key)  # a renamed rule: found with a deprecation warning
    return rule is not None and rule.id == rule_id


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
        written = _written(match)
        rules = frozenset(_key(name) for name, _, _ in written)
        reason = match.group("reason").strip().lstrip(":-— ").strip()
        result.by_line.setdefault(number, []).append(
            Suppression(number, rules, reason, match.start(), written)
        )
    return result


def _key(name: str) -> str:
    return name.upper() if name.upper().startswith("TLS") else name.lower()


def _written(match: re.Match[str]) -> tuple[tuple[str, int, int], ...]:
    """The rule names in a marker's brackets, as written, with their spans in the line."""
    if match.group("rules") is None:
        return ()
    out = []
    position = match.start("rules")
    for part in match.group("rules").split(","):
        name = part.strip()
        if name:
            start = position + part.index(name)
            out.append((name, start, start + len(name)))
        position += len(part) + 1
    return tuple(out)


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


@dataclass(frozen=True)
class Unused:
    """A marker, or some of the rules it names, that silenced nothing in this run."""

    location: Location
    names: tuple[str, ...]  # as written; empty: a bare ``ignore`` that silenced nothing
    unknown: tuple[str, ...]  # names that are no rule at all (nor a renamed one)
    fix: Fix


def unused(
    path: str,
    text: str,
    used: Iterable[tuple[int, str, str]],
    ran: Iterable[str],
    every_rule_ran: bool,
) -> list[Unused]:
    """The markers of one file that silenced nothing.

    ``used``: (marker line, rule id, rule name) of every finding a marker silenced; ``ran``:
    the ids of the rules this run applied. A name is judged only when its rule ran (a
    marker for a rule left out by ``--select`` may be needed by a full run); a bare ``ignore``
    only when every rule ran. A name that is no rule at all is always reported.
    """
    marks = scan(text)
    silenced: set[tuple[int, str]] = set()
    for line, rule_id, rule_name in used:
        for mark in marks.by_line.get(line, ()):
            key = mark.covering(rule_id, rule_name)
            if key is not None:
                silenced.add((line, key))
                break
    applied = set(ran)
    lines = text.splitlines(keepends=True)
    out: list[Unused] = []
    for _, suppressions in sorted(marks.by_line.items()):
        for mark in suppressions:
            found = _judge(path, lines, mark, silenced, applied, every_rule_ran)
            if found is not None:
                out.append(found)
    return out


def _judge(
    path: str,
    lines: list[str],
    mark: Suppression,
    silenced: set[tuple[int, str]],
    applied: set[str],
    every_rule_ran: bool,
) -> Unused | None:
    """What of one marker silenced nothing, or None."""
    from tlslint.rules import find

    location = Location(path, mark.line, mark.column + 1)
    if not mark.rules:
        if every_rule_ran and (mark.line, "") not in silenced:
            return Unused(location, (), (), _remove(path, lines, mark, ()))
        return None
    stale: list[str] = []
    unknown: list[str] = []
    for name, _, _ in mark.names:
        rule = find(name)
        if rule is None:
            unknown.append(name)
        elif rule.id in applied and (mark.line, _key(name)) not in silenced:
            stale.append(name)
    if not stale and not unknown:
        return None
    fix = _remove(path, lines, mark, (*stale, *unknown))
    return Unused(location, tuple(stale), tuple(unknown), fix)


def _remove(path: str, lines: list[str], mark: Suppression, dropped: tuple[str, ...]) -> Fix:
    """The edit that takes the stale names out of a marker, or the whole marker when none
    is left (the whole line when the marker is all it holds)."""
    number = mark.line
    line = lines[number - 1]
    body = line.rstrip("\r\n")
    kept = [n for n in mark.names if n[0] not in dropped]
    if mark.names and kept:
        start, end = mark.names[0][1], mark.names[-1][2]
        text = ", ".join(name for name, _, _ in kept)
        edit = TextEdit(path, number, start + 1, number, end + 1, text)
        return Fix(f"Remove {', '.join(dropped)} from the suppression.", (edit,))
    before = body[: mark.column].rstrip()
    if not before:  # the marker is the whole line: delete the line
        edit = TextEdit(path, number, 1, number + 1, 1, "")
    else:
        edit = TextEdit(path, number, len(before) + 1, number, len(body) + 1, "")
    return Fix("Remove the unused suppression comment.", (edit,))


UNUSED_SUPPRESSION = "TLS002"


def unused_findings(
    files: Iterable[tuple[str, str]],
    used: Iterable[tuple[str, int, str, str]],
    rules: Iterable[Rule],
    limit: int,
    severity: Severity,
) -> list[Finding]:
    """Findings of TLS002 for the given files ((path, absolute path) as discovery vetted them:
    regular, inside the root); ``used``: path, marker line, rule id and name of every finding
    a marker silenced."""
    from tlslint.rules import RULES

    ran = [r.id for r in rules]
    every = {r.id for r in RULES} <= set(ran)
    by_path: dict[str, list[tuple[int, str, str]]] = {}
    for path, line, rule_id, rule_name in used:
        by_path.setdefault(path, []).append((line, rule_id, rule_name))
    out: list[Finding] = []
    for path, absolute in sorted(set(files)):
        text = _marked_text(absolute, path, limit)
        if text is not None:
            for item in unused(path, text, by_path.get(path, ()), ran, every):
                out.append(_finding(item, severity))
    return out


def _marked_text(absolute: str, path: str, limit: int) -> str | None:
    """The file's text when it holds a marker (most files do not: no decoding for them)."""
    from tlslint.pipeline.reading import decode, read_bytes

    try:
        data = read_bytes(absolute, limit)
    except OSError:
        return None
    if b"tlslint:" not in data:
        return None
    return decode(data, path).text


def _finding(item: Unused, severity: Severity) -> Finding:
    parts = []
    if item.names:
        listed = ", ".join(item.names)
        parts.append(f"unused suppression: {listed} reported nothing on this line or the next")
    elif not item.unknown:
        parts.append("unused suppression: nothing is reported on this line or the next")
    if item.unknown:
        listed = ", ".join(repr(n) for n in item.unknown)
        parts.append(f"the suppression names no rule: {listed}")
    return Finding(
        rule_id=UNUSED_SUPPRESSION,
        rule_name="unused-suppression",
        severity=severity,
        message=redact("; ".join(parts)),
        location=item.location,
        remediation="Remove the suppression, or the rules in it that no longer fire "
        "(`tlslint fix` does).",
        fix=item.fix,
        context="unused " + ",".join(sorted((*item.names, *item.unknown))),
    )
