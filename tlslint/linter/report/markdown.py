"""The compliance report as GitHub-flavoured Markdown: what a job summary shows.

The same sections and numbers as the HTML and JSON reports. A GitHub job summary holds at
most 1 MiB, so the document stays under :data:`BUDGET` bytes for any repository: every list
(gaps, accepted risks, findings, certificates, endpoints, evidence files) gets a share of
what the fixed parts leave, unused shares pass on to the next list, and rows that do not fit
are counted, never silently dropped. ``max_findings`` caps the findings listed as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from tlslint.linter.report.compliance import (
    ENDPOINT_COLUMNS,
    NO_TLS_TITLE,
    STATUS_ORDER,
    Cell,
    ComplianceReport,
)
from tlslint.linter.report.compliance_timeline import expiry_months

BUDGET = 1_000_000  # bytes; GitHub refuses a job summary over 1 MiB (1,048,576 bytes)
FIXED_RESERVE = 24_000  # kept for the notes that say what was left out
STATUS_MARK = {
    "fail": "❌ fail",
    "accepted risk": "🟧 accepted risk",
    "attention": "⚠️ attention",
    "incomplete": "❔ incomplete",
    "pass": "✅ pass",
    "not assessed": "➖ not assessed",
}
T = TypeVar("T")


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


def _in(repository: str, where: str) -> str:
    return f"{repository}: {where}" if repository else where


class _Doc:
    """Lines with a running byte count, and lists that stop at their share of the budget."""

    def __init__(self, budget: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.budget = budget

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line.encode()) + 1

    def rows(
        self,
        items: Iterable[T],
        total: int,
        row: Callable[[T], str],
        share: int,
        limit: int | None = None,
    ) -> int:
        """Add one line per item while it fits in ``share`` bytes (and ``limit`` rows);
        return how many were left out."""
        spent = 0
        shown = 0
        for item in items:
            line = row(item)
            cost = len(line.encode()) + 1
            if (limit is not None and shown >= limit) or spent + cost > share:
                break
            self.add(line)
            spent += cost
            shown += 1
        return total - shown

    def share(self, sections_left: int) -> int:
        return max(0, (self.budget - FIXED_RESERVE - self.size) // max(sections_left, 1))


def _left_out(doc: _Doc, hidden: int, what: str) -> None:
    if hidden:
        doc.add(
            "",
            f"*{hidden} more {what} are not listed here (job summaries hold 1 MiB); the HTML "
            "and JSON reports list all of them.*",
        )
    doc.add("")


def _header(report: ComplianceReport, doc: _Doc) -> None:
    title = "TLS compliance report" + (" — organisation" if report.organisation else "")
    doc.add(f"# {title}", "")
    meta = (
        f"tlslint {report.tool_version} · profile **{report.profile}** "
        f"(Mozilla guideline {report.guideline})"
    )
    if report.repository and not report.organisation:
        meta += f" · repository {code(report.repository)}"
    if report.git is not None:
        meta += f" · commit `{report.git.commit[:12]}`"
        if report.git.branch:
            meta += f" on {code(report.git.branch)}"
        if report.git.dirty:
            meta += " (uncommitted changes)"
    doc.add(meta + "  ")
    when = f"Dates judged as of **{report.as_of:%Y-%m-%d %H:%M} UTC**"
    if report.scanned_at is None:
        when += " (`--now`; no wall-clock time recorded, so the report is reproducible)"
    elif report.judged_as_of_another_date:
        when += f" (`--now`) · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC"
    else:
        when += f" · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC"
    if report.duration is not None:
        when += f" in {report.duration:.2f} s"
    doc.add(when + "  ")
    if report.organisation:
        doc.add(f"Scope: {len(report.repositories)} repositories (see Repositories).")
    else:
        scope = ", ".join(code(p) for p in report.paths) or code(".")
        doc.add(f"Scope: {scope} — {report.files_scanned}.")
    doc.add("")
    if report.empty:
        doc.add(f"**{NO_TLS_TITLE}** in {report.files_scanned}.", "")


def _summary(report: ComplianceReport, doc: _Doc) -> None:
    counts = ", ".join(f"{n} {label}" for label, n in report.counts.items() if n) or "none"
    doc.add("## Summary", "", "| | |", "|---|---|")
    if report.organisation:
        doc.add(f"| Repositories | {len(report.repositories)} |")
    doc.add(
        f"| Findings | **{report.total}** ({counts}) |",
        f"| Accepted risk | {len(report.accepted)} ({len(report.suppressed)} suppressed, "
        f"{len(report.baselined)} in the baseline) |",
        f"| Evidence gaps | {len(report.gaps)} certificates not in the repository, "
        f"{len(report.incomplete)} files not fully analysed |",
        f"| TLS endpoints | {report.tls_endpoints} |",
        f"| Certificates | {len(report.certificates)} |",
        f"| Files scanned | {report.files} |",
    )
    statuses = report.status_counts()
    doc.add("| Requirements | " + ", ".join(f"{n} {s}" for s, n in statuses.items() if n) + " |")
    for standard in report.standards:
        status = STATUS_MARK[report.standard_status(standard.id)]
        by_status = report.status_counts(standard.id)
        detail = ", ".join(f"{n} {s}" for s, n in by_status.items() if n)
        doc.add(f"| {cell_text(standard.title)} | {status} ({detail}) |")
    doc.add("")


def _repositories(report: ComplianceReport, doc: _Doc) -> None:
    if not report.organisation:
        return
    doc.add(
        "## Repositories",
        "",
        "| Repository | Commit | Judged as of | Findings | Accepted risk | Gaps | Requirements "
        "| Report (SHA-256) |",
        "|---|---|---|---|---|---|---|---|",
    )

    def row(r: object) -> str:
        from tlslint.linter.report.compliance import RepositoryRow

        assert isinstance(r, RepositoryRow)
        statuses = ", ".join(f"{r.statuses[s]} {s}" for s in STATUS_ORDER if r.statuses.get(s))
        as_of = f"{r.as_of:%Y-%m-%d}" if r.as_of else "—"
        return (
            f"| {code(r.name)} | {code(r.commit[:12]) or '—'} | {as_of} | {r.findings} | "
            f"{r.accepted} | {r.gaps + r.incomplete} | {statuses} | "
            f"{code(r.source)} `{r.sha256[:16]}…` |"
        )

    hidden = doc.rows(report.repositories, len(report.repositories), row, doc.share(8))
    _left_out(doc, hidden, "repositories")


def _controls(report: ComplianceReport, doc: _Doc) -> None:
    head = "| Standard | Requirement | Status | Findings | Accepted risk | Evidence |"
    if report.organisation:
        head += " Repositories |"
    doc.add("## Controls", "", head, "|---" * head.count(" |") + "|")
    for r in report.requirements:
        evidence = cell_text(r.evidence) or "nothing examined"
        if r.reasons:
            evidence += "<br><sub>" + cell_text("; ".join(r.reasons)) + "</sub>"
        evidence += f"<br><sub>Rules: {', '.join(r.rules)}</sub>"
        line = (
            f"| {cell_text(r.standard_title)} | **{cell_text(r.id)}** {cell_text(r.text)} | "
            f"{STATUS_MARK[r.status]} | {r.findings} | {r.accepted} | {evidence} |"
        )
        if report.organisation:
            line += " " + cell_text(_behind(r.repositories)) + " |"
        doc.add(line)
    doc.add("")
    if report.unmapped:
        doc.add("Rules that evidence no requirement:")
        doc.add(
            *[f"- {cell_text(rule)}: {cell_text(why)}" for rule, why in report.unmapped.items()]
        )
        doc.add("")


def _behind(repositories: dict[str, tuple[str, ...]], limit: int = 20) -> str:
    """ "fail: a, b; not assessed: c" — the repositories behind each status that is not a pass."""
    parts = []
    for status in STATUS_ORDER:
        names = repositories.get(status, ())
        if status == "pass" or not names:
            continue
        shown = ", ".join(names[:limit]) + (
            f" and {len(names) - limit} more" if len(names) > limit else ""
        )
        parts.append(f"{status}: {shown}")
    return "; ".join(parts) or "—"


def _gaps(report: ComplianceReport, doc: _Doc) -> None:
    doc.add("## Evidence gaps", "")
    if not report.gaps and not report.incomplete:
        doc.add(
            "None: every certificate an endpoint serves is in the repository, and every file "
            "was fully analysed.",
            "",
        )
        return
    if report.gaps:
        doc.add(
            f"{len(report.gaps)} certificates served by endpoints are not in the repository "
            "(TLS415): nothing about them was checked, so the certificate requirements are "
            "not assessed.",
            "",
            "| Certificate | Served by | Referenced at | Why not examined |",
            "|---|---|---|---|",
        )
        hidden = doc.rows(
            report.gaps,
            len(report.gaps),
            lambda g: (
                f"| {code(g.reference)} | {cell_text(g.endpoint)} | "
                f"{code(_in(g.repository, g.location))} | {cell_text(g.why)} |"
            ),
            doc.share(7),
        )
        _left_out(doc, hidden, "missing certificates")
    if report.incomplete:
        doc.add(
            "> [!WARNING]",
            f"> {len(report.incomplete)} files were not fully analysed; no requirement is "
            "shown as passed while evidence is missing:",
        )
        hidden = doc.rows(
            report.incomplete.items(),
            len(report.incomplete),
            lambda item: f"> - {code(item[0])}: {cell_text(item[1])}",
            doc.share(7),
        )
        _left_out(doc, hidden, "incomplete files")


def _accepted(report: ComplianceReport, doc: _Doc) -> None:
    doc.add("## Accepted risk", "")
    if not report.accepted:
        doc.add("None: no finding is suppressed or in a baseline.", "")
        return
    doc.add(
        f"{len(report.accepted)} findings are accepted ({len(report.suppressed)} suppressed in "
        f"the source, {len(report.baselined)} in the baseline). They are not counted as "
        "findings, but their requirements stay open as *accepted risk*.",
        "",
        "| Severity | Rule | Location | Finding | Accepted | Reason | Since |",
        "|---|---|---|---|---|---|---|",
    )
    hidden = doc.rows(
        report.accepted,
        len(report.accepted),
        lambda a: (
            f"| {a.finding.severity.label} | {a.finding.rule_id} {a.finding.rule_name} | "
            f"{code(a.location)} | {cell_text(a.message)} | "
            f"{'baseline' if a.kind == 'baseline' else 'suppressed'} at {code(a.where)} | "
            f"{cell_text(a.reason)} | {a.date or 'not recorded'} |"
        ),
        doc.share(6),
    )
    _left_out(doc, hidden, "accepted findings")


def _findings(report: ComplianceReport, doc: _Doc, max_findings: int | None) -> None:
    doc.add("## Findings", "")
    if not report.groups:
        doc.add("No findings.", "")
        return
    share = doc.share(5)
    start = doc.size
    hidden = 0
    shown = 0
    for group in report.groups:
        n = len(group.rows)
        doc.add(
            f"<details{' open' if n <= 10 else ''}><summary><b>{group.rule_id} {group.name}</b> "
            f"— {group.severity.label}, {n} finding{'' if n == 1 else 's'}</summary>",
            "",
        )
        if group.summary:
            doc.add(f"{cell_text(group.summary)}.")
        if group.requirements:
            doc.add(f"Evidences: {cell_text(', '.join(group.requirements))}.")
        shared = group.shared_remediation
        if shared:
            doc.add("", f"**Remediation for all:** {cell_text(shared)}")
        doc.add("", "| Severity | Location | Message | Evidence |", "|---|---|---|---|")

        def row(r: object, shared: str = shared) -> str:
            from tlslint.linter.report.compliance import FindingRow

            assert isinstance(r, FindingRow)
            message = cell_text(r.message)
            if r.finding.remediation and not shared:
                message += f"<br><sub>{cell_text(r.finding.remediation)}</sub>"
            return (
                f"| {r.finding.severity.label} | {code(r.where)} | {message} | {code(r.evidence)} |"
            )

        limit = None if max_findings is None else max(max_findings - shown, 0)
        left = doc.rows(group.rows, n, row, max(share - (doc.size - start), 0), limit)
        shown += n - left
        hidden += left
        doc.add("", "</details>", "")
    if hidden:
        doc.add(
            f"*{hidden} more findings are not listed here; "
            "run `tlslint report --format html` for all of them.*",
            "",
        )


def _certificates(report: ComplianceReport, doc: _Doc) -> None:
    doc.add("## Certificates", "")
    if not report.certificates:
        doc.add("No certificates found.", "")
        return
    months = expiry_months(report.certificates, report.as_of)
    doc.add("### Expiry timeline", "", "| Expires | Certificates |", "|---|---|")
    for month, rows in months:
        names = ", ".join(f"{r.label} ({r.where})" for r in rows[:8])
        more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
        doc.add(f"| {month} | {len(rows)}: {cell_text(names + more)} |")
    doc.add("", "### Inventory", "")
    doc.add(
        "| Subject | SANs | Issuer | Key | Signature | Not after | Days left | File | Served by |",
        "|---|---|---|---|---|---|---|---|---|",
    )

    def row(c: object) -> str:
        from tlslint.linter.report.compliance import CertificateRow

        assert isinstance(c, CertificateRow)
        not_after = f"{c.not_after:%Y-%m-%d}" if c.not_after else "—"
        days = "—" if c.days_left is None else str(c.days_left)
        if c.status in ("expired", "expiring"):
            days = f"**{days}** ({c.status})"
        return (
            f"| {cell_text(c.subject)} | {cell_text(', '.join(c.sans))} | "
            f"{cell_text(c.issuer)} | {cell_text(c.key)} | {cell_text(c.signature)} | "
            f"{not_after} | {days} | {code(c.where)} | "
            f"{cell_text(', '.join(c.served_by)) or '—'} |"
        )

    hidden = doc.rows(report.certificates, len(report.certificates), row, doc.share(4))
    _left_out(doc, hidden, "certificates")


def _endpoints(report: ComplianceReport, doc: _Doc) -> None:
    doc.add("## Endpoints", "")
    tls = [e for e in report.endpoints if e.tls]
    plain = [e for e in report.endpoints if not e.tls]
    if not tls:
        doc.add("No TLS endpoints found.", "")
    else:
        head = ["Endpoint", *[title for _, title in ENDPOINT_COLUMNS]]
        doc.add("| " + " | ".join(head) + " |", "|" + "---|" * len(head))

        def row(e: object) -> str:
            from tlslint.linter.report.compliance import EndpointRow

            assert isinstance(e, EndpointRow)
            where = (e.repository + ": " if e.repository else "") + e.location
            name = f"**{cell_text(e.name)}**<br><sub>{cell_text(e.kind)} · {cell_text(where)}</sub>"
            cells = [_setting(e.cells.get(key)) for key, _ in ENDPOINT_COLUMNS]
            return "| " + " | ".join([name, *cells]) + " |"

        hidden = doc.rows(tls, len(tls), row, doc.share(3))
        _left_out(doc, hidden, "TLS endpoints")
    if plain:
        doc.add("Plain-HTTP listeners:", "")
        hidden = doc.rows(
            plain,
            len(plain),
            lambda e: (
                f"- {cell_text(e.name)} ({code(_in(e.repository, e.location))}): "
                f"{_setting(e.cells.get('redirect'))}"
            ),
            doc.share(3) // 4,
        )
        _left_out(doc, hidden, "plain-HTTP listeners")
    doc.add(
        "<sub>Origin of each setting: *written* in the endpoint's block, *inherited* from an "
        "enclosing block, the product *default*, or a *managed* policy.</sub>",
        "",
    )


def _reproducibility(report: ComplianceReport, doc: _Doc) -> None:
    doc.add("## Reproducibility", "")
    p = report.provenance
    lines = [
        f"- tlslint {report.tool_version}, profile {report.profile}, "
        f"Mozilla guideline {report.guideline}"
    ]
    if p is not None:
        lines += [
            f"- Policy data {code(p.policy_data)} sha256 `{p.policy_data_sha256}`",
            f"- Control mapping sha256 `{p.controls_sha256}`",
            f"- Configuration {code(p.config)} sha256 `{p.config_sha256}`"
            if p.config
            else "- Configuration: none (the defaults)",
        ]
        if p.baseline:
            lines.append(f"- Baseline {code(p.baseline)} sha256 `{p.baseline_sha256}`")
    if report.git is not None:
        lines.append(
            f"- Commit `{report.git.commit}`"
            + (" with uncommitted changes" if report.git.dirty else "")
        )
    lines.append(f"- Dates judged as of {report.as_of.isoformat()}")
    doc.add(*lines, "")
    doc.add(f"SHA-256 of the {len(report.evidence_files)} files cited as evidence:", "")
    doc.add("| File | SHA-256 | Bytes |", "|---|---|---|")
    hidden = doc.rows(
        report.evidence_files,
        len(report.evidence_files),
        lambda f: (
            f"| {code((f.repository + ': ' if f.repository else '') + f.path)} | "
            f"`{f.sha256 or 'unreadable'}` | {f.size} |"
        ),
        doc.share(1),
    )
    _left_out(doc, hidden, "evidence files")


def render(
    report: ComplianceReport, max_findings: int | None = None, budget: int = BUDGET, **_: object
) -> str:
    doc = _Doc(budget)
    _header(report, doc)
    _summary(report, doc)
    _repositories(report, doc)
    _controls(report, doc)
    _gaps(report, doc)
    _accepted(report, doc)
    _findings(report, doc, max_findings)
    _certificates(report, doc)
    _endpoints(report, doc)
    _reproducibility(report, doc)
    return "\n".join(doc.lines).rstrip("\n") + "\n"
