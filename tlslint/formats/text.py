"""Human output: findings grouped by file, colour only on a terminal, and a summary line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from tlslint.formats.common import display_path, incomplete_files, sentence
from tlslint.formats.escape import escape
from tlslint.model import Severity

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

COLOURS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def render(
    result: Result,
    color: bool = False,
    quiet: bool = False,
    statistics: bool = False,
    cwd: Path | None = None,
    subjects: tuple[str, str] = ("in", "file"),
) -> str:
    """Findings grouped by file (paths relative to ``cwd`` when given), one ``fix:`` line per
    location; ``statistics`` prints counts per rule instead; ``quiet`` drops the summary.
    ``subjects`` names what was judged in the summary (``("at", "endpoint")`` for a probe)."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    def shown(path: str) -> str:
        return display_path(result.root, path, cwd)

    lines: list[str] = _statistics(result) if statistics else []
    current = None
    findings = [] if statistics else result.findings
    # Remedies by place, gathered once: searching all findings for each one was quadratic.
    at_place: dict[object, list[str]] = {}
    for g in findings:
        if g.remediation:
            at_place.setdefault(g.location, []).append(g.remediation)
    for i, f in enumerate(findings):
        if f.path != current:
            if current is not None:
                lines.append("")
            lines.append(paint(escape(shown(f.path)), BOLD))
            current = f.path
        position = f"{f.line}:{f.location.column}" if f.location.column else f"{f.line or '-'}"
        severity = paint(f"{f.severity.label:<8}", COLOURS[f.severity])
        message, name = escape(f.message), escape(f.rule_name)
        lines.append(f"  {position:>7}  {severity} {f.rule_id} {message}  [{name}]")
        following = findings[i + 1] if i + 1 < len(findings) else None
        if following is not None and following.location == f.location:
            continue  # the fix of a place is said once, after its last finding
        remedies = list(dict.fromkeys(sentence(r) for r in at_place.get(f.location, ())))
        if remedies:
            lines.append(paint(f"           fix: {escape(' '.join(remedies))}", DIM))
    if quiet:
        return "\n".join(lines) + "\n" if lines else ""
    incomplete = incomplete_files(result)
    if lines:
        lines.append("")
    counts = result.counts()
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    files = len({f.path for f in result.files})
    summary = (
        f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" {subjects[0]} {files} {subjects[1]}{'s' if files != 1 else ''}"
        + f" under the {result.policy.profile} profile"
    )
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    if result.baselined:
        extras.append(f"{len(result.baselined)} in the baseline")
    if incomplete:
        extras.append(
            f"{len(incomplete)} file{'s' if len(incomplete) != 1 else ''} not fully analysed"
        )
    if extras:
        summary += "; " + ", ".join(extras)
    lines.append(paint(summary, BOLD) if result.findings else summary)
    if result.findings:
        example = result.findings[0].rule_id
        lines.append(paint(f"See `tlslint rules {example}` for what a rule checks and why.", DIM))
    return "\n".join(lines) + "\n"


def _statistics(result: Result) -> list[str]:
    """Findings per rule, most frequent first (``--statistics``)."""
    counts = Counter(f.rule_id for f in result.findings)
    first = {f.rule_id: f for f in reversed(result.findings)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        f"{n:>6}  {rule_id}  {first[rule_id].severity.label:<8}  {first[rule_id].rule_name}"
        for rule_id, n in rows
    ]
