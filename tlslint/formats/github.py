"""GitHub Actions workflow commands: one annotation per finding, then a plain summary line.

Critical and high findings are ``::error``, medium ``::warning``, low and info ``::notice``.
Files that were not fully analysed get a ``::warning`` of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tlslint.formats.common import incomplete_files, sentence, sort_key
from tlslint.formats.escape import escape, escape_lines
from tlslint.model import Finding, Severity

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message (after ``::``): other control characters are shown as
    backslash escapes first, so nothing in a value can end the line or start a command."""
    text = escape_lines(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``, …)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def annotation(finding: Finding) -> str:
    """One ``::error``/``::warning``/``::notice`` line for a finding."""
    loc = finding.location
    props: dict[str, str | int] = {}
    if loc.path:
        props["file"] = loc.path
    if loc.line:
        props["line"] = loc.line
        if loc.column:
            props["col"] = loc.column
        if loc.end_line:
            props["endLine"] = loc.end_line
        if loc.end_column:
            props["endColumn"] = loc.end_column
    props["title"] = f"{finding.rule_id} {finding.rule_name}"
    message = sentence(finding.message)
    if finding.remediation:
        message += "\n" + sentence(finding.remediation)
    return command(COMMAND[finding.severity], props, message)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: Result) -> str:
    """A plain one-line summary of the run (no workflow command)."""
    counts = ", ".join(f"{n} {label}" for label, n in result.counts().items() if n)
    files = len({f.path for f in result.files})
    text = f"tlslint: {_plural(len(result.findings), 'finding')}"
    text += f" ({counts})" if counts else ""
    text += f" in {_plural(files, 'file')} under the {result.policy.profile} profile"
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    if result.baselined:
        extras.append(f"{len(result.baselined)} in the baseline")
    incomplete = incomplete_files(result)
    if incomplete:
        extras.append(f"{_plural(len(incomplete), 'file')} not fully analysed")
    return text + ("; " + ", ".join(extras) if extras else "")


def render(result: Result, color: bool = False) -> str:
    # Most severe first: GitHub shows only the first ten annotations of each level.
    ordered = sorted(result.findings, key=lambda f: (-f.severity, *sort_key(f)))
    lines = [annotation(f) for f in ordered]
    lines += [
        command("warning", {"file": path}, f"not fully analysed: {reason}")
        for path, reason in incomplete_files(result).items()
    ]
    lines.append(escape(summary_line(result)))
    return "\n".join(lines) + "\n"
