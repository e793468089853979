"""The pull-request job summary (``check --write summary=FILE``): Markdown for
``$GITHUB_STEP_SUMMARY``.

New findings come first (with ``--diff-base``, those the change introduced), most severe first,
then the counts, then a link to the full report. GitHub refuses a step summary over 1 MiB, so
the table stops before the budget and says how many findings it left out, whatever the size
of the repository.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tlslint.formats.common import incomplete_files, sentence

if TYPE_CHECKING:
    from tlslint.model import Finding
    from tlslint.pipeline.run import Result

MAX_BYTES = 1024 * 1024  # GitHub's limit for one step summary
BUDGET = MAX_BYTES - 64 * 1024  # room for the counts, the link and the closing lines
MAX_CELL = 600  # characters of a message in the table


def _cell(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(char, entity)
    return text.replace("`", "'")


def _row(f: Finding) -> str:
    where = f"{f.path}:{f.line}" if f.line else f.path
    return (
        f"| {f.severity.label} | {f.rule_id} {_cell(f.rule_name)} | `{_cell(where)}` | "
        f"{_cell(f.endpoint)} | {_cell(sentence(f.message))} |"
    )


def report_link() -> str | None:
    """Where the full report lives: ``TLSLINT_REPORT_URL``, else this workflow run's page
    (its artifacts), else None outside GitHub Actions."""
    explicit = os.environ.get("TLSLINT_REPORT_URL")
    if explicit:
        return explicit
    server, repository, run_id = (
        os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    if server and repository and run_id:
        return f"{server}/{repository}/actions/runs/{run_id}#artifacts"
    return None


def render_summary(result: Result, diff_base: str | None = None, budget: int = BUDGET) -> str:
    findings = sorted(result.findings, key=lambda f: (-f.severity, f.path, f.line, f.rule_id))
    n = len(findings)
    noun = "finding" if n == 1 else "findings"
    if diff_base:
        headline = (
            f"**{n} new {noun}** introduced by this change (compared with `{_cell(diff_base)}`)"
        )
    else:
        headline = f"**{n} {noun}**"
    head = [
        "## tlslint",
        "",
        f"{headline} under the {result.policy.profile} profile.",
        "",
    ]
    body: list[str] = []
    used = sum(len(line.encode()) + 1 for line in head)
    shown = 0
    if findings:
        body += [
            "### New findings" if diff_base else "### Findings",
            "",
            "| Severity | Rule | Where | Endpoint | Message |",
            "| --- | --- | --- | --- | --- |",
        ]
        used += sum(len(line.encode()) + 1 for line in body)
        for f in findings:
            row = _row(f)
            size = len(row.encode()) + 1
            if used + size > budget:
                break
            body.append(row)
            used += size
            shown += 1
        if shown < n:
            body.append("")
            body.append(f"… and {n - shown} more, left out to keep this summary under 1 MiB.")
        body.append("")
    counts = result.counts()
    body += ["### Counts", "", "| Severity | Findings |", "| --- | ---: |"]
    body += [f"| {label} | {count} |" for label, count in counts.items()]
    body.append("")
    extras = []
    if result.baselined:
        kept = "before this change or in the baseline" if diff_base else "in the baseline"
        extras.append(f"{len(result.baselined)} findings {kept} (not shown)")
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed in the code")
    incomplete = incomplete_files(result)
    if incomplete:
        extras.append(f"{len(incomplete)} files not fully analysed (see the full report)")
    body += [f"- {e}" for e in extras]
    if extras:
        body.append("")
    link = report_link()
    if link:
        body.append(f"The full report (SARIF, JSON, every finding): [{link}]({link})")
    else:
        body.append("The full report: `tlslint check --format json`.")
    text = "\n".join(head + body) + "\n"
    encoded = text.encode()
    if len(encoded) > MAX_BYTES:  # cannot happen with the budget above; never exceed anyway
        text = encoded[: MAX_BYTES - 4].decode("utf-8", "ignore") + "\n"
    return text
