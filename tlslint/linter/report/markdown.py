"""The compliance report as GitHub-flavoured Markdown: what a job summary shows.

``max_findings`` caps the findings listed (a job summary holds 1 MiB); the rest are counted,
never silently dropped.
"""

from __future__ import annotations

import re

from tlslint.linter.report.compliance import (
    ENDPOINT_COLUMNS,
    NO_TLS_TITLE,
    Cell,
    ComplianceReport,
)

STATUS_MARK = {
    "fail": "❌ fail",
    "attention": "⚠️ attention",
    "incomplete": "❔ incomplete",
    "pass": "✅ pass",
    "not assessed": "➖ not assessed",
}


_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def _escape_prose(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "*_~[]":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def cell_text(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML, no
    accidental emphasis (``*.example.com``); `code spans` in messages stay code spans."""
    text = " ".join(text.split())
    out: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_prose(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_escape_prose(text[position:]))
    return "".join(out).replace("|", "\\|")


def code(text: str) -> str:
    """A code span inside a table cell: literal text (no entities, no backslash escapes, which
    code spans show as typed); only ``|`` is escaped, as GFM tables require even there."""
    if not text:
        return ""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if fence != "`" or text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _setting(cell: Cell | None) -> str:
    if cell is None:
        return "—"
    return f"{cell_text(cell.value)}<br><sub>{cell_text(cell.origin_text)}</sub>"


def render(report: ComplianceReport, max_findings: int | None = None, **_: object) -> str:
    out: list[str] = ["# TLS compliance report", ""]
    git = ""
    if report.git is not None:
        git = f" · commit `{report.git.commit[:12]}`"
        if report.git.branch:
            git += f" on {code(report.git.branch)}"
        if report.git.dirty:
            git += " (uncommitted changes)"
    out.append(
        f"tlslint {report.tool_version} · profile **{report.profile}** (Mozilla guideline "
        f"{report.guideline}) · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC{git}"
    )
    if report.judged_as_of_another_date:
        out.append(f"Dates judged as of **{report.as_of:%Y-%m-%d %H:%M} UTC** (`--now`).")
    out.append("")
    if report.empty:
        out += [f"**{NO_TLS_TITLE}** in {report.files} files scanned.", ""]
    counts = ", ".join(f"{n} {label}" for label, n in report.counts.items() if n) or "none"
    out += [
        "## Summary",
        "",
        "| | |",
        "|---|---|",
        f"| Findings | **{report.total}** ({counts}) |",
        f"| TLS endpoints | {sum(1 for e in report.endpoints if e.tls)} |",
        f"| Certificates | {len(report.certificates)} |",
        f"| Files scanned | {report.files} |",
    ]
    statuses = report.status_counts()
    out.append("| Requirements | " + ", ".join(f"{n} {s}" for s, n in statuses.items() if n) + " |")
    for standard in report.standards:
        status = STATUS_MARK[report.standard_status(standard.id)]
        by_status = report.status_counts(standard.id)
        detail = ", ".join(f"{n} {s}" for s, n in by_status.items() if n)
        out.append(f"| {cell_text(standard.title)} | {status} ({detail}) |")
    if report.suppressed or report.baselined:
        out.append(
            f"| Not counted | {len(report.suppressed)} suppressed, "
            f"{report.baselined} in the baseline |"
        )
    out.append("")
    if report.incomplete:
        out += ["> [!WARNING]", f"> {len(report.incomplete)} files were not fully analysed:"]
        out += [f"> - {code(p)}: {cell_text(r)}" for p, r in report.incomplete.items()]
        out.append("")

    out += [
        "## Controls",
        "",
        "| Standard | Requirement | Status | Findings | Rules |",
        "|---|---|---|---|---|",
    ]
    for r in report.requirements:
        out.append(
            f"| {cell_text(r.standard_title)} | **{cell_text(r.id)}** {cell_text(r.text)} | "
            f"{STATUS_MARK[r.status]} | {r.findings} | {', '.join(r.rules)} |"
        )
    out.append("")
    if report.unmapped:
        out.append("Rules that evidence no requirement:")
        out += [f"- {cell_text(rule)}: {cell_text(why)}" for rule, why in report.unmapped.items()]
        out.append("")

    out += ["## Findings", ""]
    if not report.groups:
        out += ["No findings.", ""]
    shown = 0
    hidden = 0
    for group in report.groups:
        n = len(group.rows)
        out.append(
            f"<details{' open' if n <= 10 else ''}><summary><b>{group.rule_id} {group.name}</b> "
            f"— {group.severity.label}, {n} finding{'' if n == 1 else 's'}</summary>"
        )
        out.append("")
        if group.summary:
            out.append(f"{cell_text(group.summary)}.")
        if group.requirements:
            out.append(f"Evidences: {cell_text(', '.join(group.requirements))}.")
        shared = group.shared_remediation
        if shared:
            out += ["", f"**Remediation for all:** {cell_text(shared)}"]
        out += ["", "| Severity | Location | Message | Evidence |", "|---|---|---|---|"]
        for row in group.rows:
            if max_findings is not None and shown >= max_findings:
                hidden += 1
                continue
            shown += 1
            f = row.finding
            loc = f.path + (f":{f.line}" if f.line else "")
            message = cell_text(row.message)
            if f.remediation and not shared:
                message += f"<br><sub>{cell_text(f.remediation)}</sub>"
            out.append(f"| {f.severity.label} | {code(loc)} | {message} | {code(row.evidence)} |")
        out += ["", "</details>", ""]
    if hidden:
        out += [
            f"*{hidden} more findings are not listed here; "
            "run `tlslint report --format html` for all of them.*",
            "",
        ]

    out += ["## Certificates", ""]
    if not report.certificates:
        out += ["No certificates found.", ""]
    else:
        out += [
            "| Subject | SANs | Issuer | Key | Signature | Not after | Days left | File "
            "| Served by |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for c in report.certificates:
            not_after = f"{c.not_after:%Y-%m-%d}" if c.not_after else "—"
            days = "—" if c.days_left is None else str(c.days_left)
            if c.status in ("expired", "expiring"):
                days = f"**{days}** ({c.status})"
            where = c.path + (f":{c.line}" if c.line else "")
            out.append(
                f"| {cell_text(c.subject)} | {cell_text(', '.join(c.sans))} | "
                f"{cell_text(c.issuer)} | {cell_text(c.key)} | {cell_text(c.signature)} | "
                f"{not_after} | {days} | {code(where)} | "
                f"{cell_text(', '.join(c.served_by)) or '—'} |"
            )
        out.append("")

    out += ["## Endpoints", ""]
    tls = [e for e in report.endpoints if e.tls]
    plain = [e for e in report.endpoints if not e.tls]
    if not tls:
        out += ["No TLS endpoints found.", ""]
    else:
        head = ["Endpoint", *[title for _, title in ENDPOINT_COLUMNS]]
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for e in tls:
            name = (
                f"**{cell_text(e.name)}**<br><sub>{cell_text(e.kind)} · "
                f"{cell_text(e.location)}</sub>"
            )
            cells = [_setting(e.cells.get(key)) for key, _ in ENDPOINT_COLUMNS]
            out.append("| " + " | ".join([name, *cells]) + " |")
        out.append("")
    if plain:
        out += ["Plain-HTTP listeners:", ""]
        for e in plain:
            redirect = _setting(e.cells.get("redirect"))
            out.append(f"- {cell_text(e.name)} ({code(e.location)}): {redirect}")
        out.append("")
    out.append(
        "<sub>Origin of each setting: *written* in the endpoint's block, *inherited* from an "
        "enclosing block, the product *default*, or a *managed* policy.</sub>"
    )
    return "\n".join(out) + "\n"
