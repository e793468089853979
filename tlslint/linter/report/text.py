"""Human output: findings grouped by file, colour only on a terminal, and a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tlslint.linter.model import Severity
from tlslint.linter.report.common import incomplete_files
from tlslint.linter.report.escape import escape

if TYPE_CHECKING:
    from tlslint.linter.run import Result

COLOURS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def render(result: Result, color: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    lines: list[str] = []
    current = None
    for f in result.findings:
        if f.path != current:
            if current is not None:
                lines.append("")
            lines.append(paint(escape(f.path), BOLD))
            current = f.path
        position = f"{f.line}:{f.location.column}" if f.location.column else f"{f.line or '-'}"
        severity = paint(f"{f.severity.label:<8}", COLOURS[f.severity])
        message, name = escape(f.message), escape(f.rule_name)
        lines.append(f"  {position:>7}  {severity} {f.rule_id} {message}  [{name}]")
        if f.remediation:
            lines.append(paint(f"           fix: {escape(f.remediation)}", DIM))
    incomplete = incomplete_files(result)
    if lines:
        lines.append("")
    counts = result.counts()
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    files = len({f.path for f in result.files})
    summary = (
        f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" in {files} file{'s' if files != 1 else ''}"
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
    return "\n".join(lines) + "\n"
