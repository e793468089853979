"""The compliance report as one document model, and the sections that build it.

:data:`SECTIONS` is a list of small functions, each turning the report into a few blocks
(headings, paragraphs, tables, lists…) whose text is inline elements (code, emphasis, notes,
badges, links). The HTML and Markdown faces (``html.py``, ``markdown.py``) each render every
element type once; neither knows the report's sections. A section adds something to both
reports by adding it here. :class:`Faces` holds the few places where the two show the same
facts differently (the summary: cards on a page, a table in a job summary).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from tlslint.compliance.report import (
    ENDPOINT_COLUMNS,
    NO_TLS_TITLE,
    STATUS_ORDER,
    Cell,
    ComplianceReport,
)

OPEN_GROUPS_UP_TO = 200  # findings in total; above this, groups start collapsed

# --- inline elements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """Literal text: a file, a directive, a hash."""

    text: str


@dataclass(frozen=True)
class Pre:
    """Quoted lines (evidence): a block of code on a page, a code span in a table cell."""

    text: str


@dataclass(frozen=True)
class Strong:
    content: Inline
    css: str = ""


@dataclass(frozen=True)
class Em:
    content: Inline


@dataclass(frozen=True)
class Note:
    """A secondary line under the main text of a cell or paragraph (small print)."""

    content: Inline
    css: str = "small"
    block: bool = False  # its own line on a page (a div) rather than a styled span


@dataclass(frozen=True)
class Badge:
    """A severity or requirement status, shown as a coloured label or a marked word."""

    kind: str  # "severity" | "status"
    label: str


@dataclass(frozen=True)
class Link:
    """A reference to another part of the document (a rule's group of findings)."""

    anchor: str
    content: Inline


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph or cell."""


@dataclass(frozen=True)
class Missing:
    """A setting the endpoint does not have."""


Inline: TypeAlias = (
    "str | Code | Pre | Strong | Em | Note | Badge | Link | Break | Missing | tuple[Inline, ...]"
)


# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    content: Inline
    css: str = ""  # meta | lead | small | empty


@dataclass(frozen=True)
class Td:
    """A table cell with presentation for pages (ignored where there is none)."""

    content: Inline
    css: str = ""
    style: str = ""


@dataclass(frozen=True)
class Budget:
    """How much of a size-limited report (a job summary) a list may take: an equal share,
    among the ``sections_left`` lists still to come, of what is left, divided by ``fraction``.
    Rows that do not fit are counted as ``what`` and said to be left out; lists of one
    ``pool`` (the findings of every rule) share one budget and one such note."""

    sections_left: int
    what: str
    fraction: int = 1
    pool: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: Sequence[tuple[Inline | Td, ...]]
    css: str = ""
    cols: tuple[str, ...] = ()  # column classes on a page ("" for none)
    budget: Budget | None = None
    # Rows under a heading row per group (title, its rows); a job summary shows the title
    # as the first column, named by ``group_header``.
    groups: Sequence[tuple[str, Sequence[tuple[Inline | Td, ...]]]] = ()
    group_header: str = ""


@dataclass(frozen=True)
class Bullets:
    items: Sequence[Inline]
    css: str = ""
    budget: Budget | None = None


@dataclass(frozen=True)
class Warning:
    """Something the reader must know before trusting the rest, with what it concerns."""

    content: Inline
    items: Sequence[Inline] = ()
    budget: Budget | None = None


@dataclass(frozen=True)
class Details:
    """A collapsible group: a rule's findings."""

    anchor: str
    severity: str
    title: str
    count: int
    open: bool
    blocks: Sequence[Block] = ()


@dataclass(frozen=True)
class Cards:
    """Headline numbers, each with its label."""

    items: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Timeline:
    """The certificates' expiry dates against today and the policy's windows."""

    report: ComplianceReport


@dataclass(frozen=True)
class Faces:
    """The same facts, shaped for a page (``html``) and for a job summary (``markdown``)."""

    html: Sequence[Block] = ()
    markdown: Sequence[Block] = ()


Block: TypeAlias = "Heading | Para | Table | Bullets | Warning | Details | Cards | Timeline | Faces"


@dataclass(frozen=True)
class Document:
    title: str
    sections: Sequence[Sequence[Block]] = field(default_factory=list)

    def headings(self, level: int = 2) -> list[Heading]:
        """The headings of ``level`` with an anchor, in order (the page's navigation)."""
        return [
            b
            for section in self.sections
            for b in section
            if isinstance(b, Heading) and b.level == level and b.anchor
        ]


# --- sections -------------------------------------------------------------------------------


def _in(repository: str, where: str) -> str:
    return f"{repository}: {where}" if repository else where


def _title(report: ComplianceReport) -> str:
    return "TLS compliance report" + (" — organisation" if report.organisation else "")


def header(report: ComplianceReport) -> list[Block]:
    meta: list[Inline] = [
        f"tlslint {report.tool_version} · profile ",
        Strong(report.profile),
        f" (Mozilla guideline {report.guideline})",
    ]
    if report.repository and not report.organisation:
        meta += [" · repository ", Code(report.repository)]
    if report.git is not None:
        meta += [" · commit ", Code(report.git.commit[:12])]
        if report.git.branch:
            meta += [" on ", Code(report.git.branch)]
        if report.git.dirty:
            meta.append(" (uncommitted changes)")
    meta += [Break(), "Dates judged as of ", Strong(f"{report.as_of:%Y-%m-%d %H:%M} UTC")]
    if report.scanned_at is None:
        meta += [" (", Code("--now"), "; no wall-clock time recorded, so the report is "]
        meta.append("reproducible)")
    elif report.judged_as_of_another_date:
        meta += [" (", Code("--now"), f") · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC"]
    else:
        meta.append(f" · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC")
    if report.duration is not None:
        meta.append(f" in {report.duration:.2f} s")
    meta.append(Break())
    if report.organisation:
        meta.append(f"Scope: {len(report.repositories)} repositories (see Repositories).")
    else:
        paths: list[Inline] = []
        for i, p in enumerate(report.paths or (".",)):
            paths += [", "] * bool(i) + [Code(p)]
        meta += ["Scope: ", *paths, f" — {report.files_scanned}."]
    blocks: list[Block] = [Heading(1, _title(report)), Para(tuple(meta), "meta")]
    if report.empty:
        blocks.append(Para((Strong(NO_TLS_TITLE), f" in {report.files_scanned}."), "empty"))
    return blocks


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {label}" for label, n in counts.items() if n)


def summary(report: ComplianceReport) -> list[Block]:
    statuses = report.status_counts()
    standards = [
        (
            standard.title,
            Badge("status", report.standard_status(standard.id)),
            _counted(report.status_counts(standard.id)),
        )
        for standard in report.standards
    ]
    cards = [
        *([("Repositories", str(len(report.repositories)))] if report.organisation else []),
        ("Findings", str(report.total)),
        *[(label.capitalize(), str(n)) for label, n in report.counts.items()],
        ("Accepted risk", str(len(report.accepted))),
        ("Evidence gaps", str(len(report.gaps) + len(report.incomplete))),
        ("TLS endpoints", str(report.tls_endpoints)),
        ("Certificates", str(len(report.certificates))),
        ("Files", str(report.files)),
        ("Requirements failed", f"{statuses['fail']} / {len(report.requirements)}"),
    ]
    page: list[Block] = [
        Cards(cards),
        Table(
            ("Standard", "Status", "Requirements"),
            [(title, badge, detail) for title, badge, detail in standards],
            css="standards keep",
        ),
        Para(
            f"Accepted risk: {len(report.accepted)} findings ({len(report.suppressed)} "
            f"suppressed in the source, {len(report.baselined)} in the baseline), not counted "
            f"as findings but kept open. Evidence gaps: {len(report.gaps)} certificates not in "
            f"the repository, {len(report.incomplete)} files not fully analysed.",
            "small",
        ),
    ]
    rows: list[tuple[Inline | Td, ...]] = []
    if report.organisation:
        rows.append(("Repositories", str(len(report.repositories))))
    rows += [
        ("Findings", (Strong(str(report.total)), f" ({_counted(report.counts) or 'none'})")),
        (
            "Accepted risk",
            f"{len(report.accepted)} ({len(report.suppressed)} suppressed, "
            f"{len(report.baselined)} in the baseline)",
        ),
        (
            "Evidence gaps",
            f"{len(report.gaps)} certificates not in the repository, "
            f"{len(report.incomplete)} files not fully analysed",
        ),
        ("TLS endpoints", str(report.tls_endpoints)),
        ("Certificates", str(len(report.certificates))),
        ("Files scanned", str(report.files)),
        ("Requirements", _counted(statuses)),
        *[(title, (badge, f" ({detail})")) for title, badge, detail in standards],
    ]
    return [
        Heading(2, "Summary", "summary"),
        Faces(html=page, markdown=[Table(("", ""), rows)]),
    ]


def repositories(report: ComplianceReport) -> list[Block]:
    if not report.organisation:
        return []
    rows: list[tuple[Inline | Td, ...]] = []
    for r in report.repositories:
        statuses = ", ".join(f"{r.statuses[s]} {s}" for s in STATUS_ORDER if r.statuses.get(s))
        rows.append(
            (
                Strong(r.name),
                Code(r.commit[:12]) if r.commit else "—",
                f"{r.as_of:%Y-%m-%d}" if r.as_of else "—",
                str(r.findings),
                str(r.accepted),
                str(r.gaps + r.incomplete),
                statuses,
                Td((Code(r.source), Break(), Code(f"{r.sha256[:16]}…")), css="small"),
            )
        )
    head = ("Repository", "Commit", "Judged as of", "Findings", "Accepted risk", "Gaps")
    return [
        Heading(2, "Repositories", "repositories"),
        Table(
            (*head, "Requirements", "Report (SHA-256)"),
            rows,
            budget=Budget(8, "repositories"),
        ),
    ]


def _behind(repositories: dict[str, tuple[str, ...]], limit: int = 20) -> str:
    """fail: a, b; not assessed: c — the repositories behind each status that is not a pass."""
    parts = []
    for status in STATUS_ORDER:
        names = repositories.get(status, ())
        if status == "pass" or not names:
            continue
        more = f" and {len(names) - limit} more" if len(names) > limit else ""
        parts.append(f"{status}: {', '.join(names[:limit])}{more}")
    return "; ".join(parts) or "—"


def controls(report: ComplianceReport) -> list[Block]:
    org = report.organisation
    grouped: dict[str, list[tuple[Inline | Td, ...]]] = {}
    with_findings = {g.rule_id for g in report.groups}
    for r in report.requirements:
        by_sev = _counted(r.counts)
        rules: list[Inline] = []
        for i, rid in enumerate(r.rules):
            rules += [", "] * bool(i) + [Link(rid, rid) if rid in with_findings else rid]
        findings: list[Inline] = [str(r.findings) + (f" ({by_sev})" if by_sev else "")]
        if r.accepted:
            findings += [Break(), f"{r.accepted} accepted"]
        evidence = Td(
            (
                r.evidence or "nothing examined",
                *[Note(reason, "reasons") for reason in r.reasons],
                Note(("Rules: ", *rules), "rules"),
            ),
            css="small",
        )
        row: tuple[Inline | Td, ...] = (
            (Strong(r.id), " ", r.text),
            Badge("status", r.status),
            tuple(findings),
            evidence,
        )
        if org:
            row += (Td(_behind(r.repositories), css="small"),)
        grouped.setdefault(r.standard_title, []).append(row)
    header = ("Requirement", "Status", "Findings", "Evidence") + (("Repositories",) * org)
    blocks: list[Block] = [
        Heading(2, "Controls", "controls"),
        Table(
            header,
            [],
            css="controls",
            cols=("", "c2", "c3", "c4") + (("",) * org),
            groups=list(grouped.items()),
            group_header="Standard",
        ),
    ]
    if report.unmapped:
        blocks += [
            Para("Rules that evidence no requirement:", "small"),
            Bullets([f"{rule}: {why}" for rule, why in report.unmapped.items()], "small"),
        ]
    return blocks


def gaps(report: ComplianceReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Evidence gaps", "gaps")]
    if not report.gaps and not report.incomplete:
        blocks.append(
            Para(
                "None: every certificate an endpoint serves is in the repository, and every "
                "file was fully analysed."
            )
        )
        return blocks
    if report.gaps:
        blocks += [
            Para(
                f"{len(report.gaps)} certificates served by endpoints are not in the "
                "repository (TLS415): nothing about them was checked, so the certificate "
                "requirements are not assessed.",
                "lead",
            ),
            Table(
                ("Certificate", "Served by", "Referenced at", "Why not examined"),
                [
                    (Code(g.reference), g.endpoint, Code(_in(g.repository, g.location)), g.why)
                    for g in report.gaps
                ],
                budget=Budget(7, "missing certificates"),
            ),
        ]
    if report.incomplete:
        blocks.append(
            Warning(
                (
                    Strong(f"{len(report.incomplete)} files were not fully analysed"),
                    "; no requirement is shown as passed while evidence is missing",
                ),
                [(Code(path), f": {why}") for path, why in report.incomplete.items()],
                Budget(7, "incomplete files"),
            )
        )
    return blocks


def accepted(report: ComplianceReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Accepted risk", "accepted")]
    if not report.accepted:
        blocks.append(Para("None: no finding is suppressed or in a baseline."))
        return blocks
    rows: list[tuple[Inline | Td, ...]] = []
    for a in report.accepted:
        f = a.finding
        kind = "baseline" if a.kind == "baseline" else "suppressed"
        rows.append(
            (
                Badge("severity", f.severity.label),
                f"{f.rule_id} {f.rule_name}",
                Code(a.location),
                a.message,
                (f"{kind} at ", Code(a.where)),
                a.reason,
                a.date or "not recorded",
            )
        )
    return [
        *blocks,
        Para(
            (
                f"{len(report.accepted)} findings are accepted ({len(report.suppressed)} "
                f"suppressed in the source, {len(report.baselined)} in the baseline). They are "
                "not counted as findings, but their requirements stay open as ",
                Em("accepted risk"),
                ".",
            ),
            "lead",
        ),
        Table(
            ("Severity", "Rule", "Location", "Finding", "Accepted", "Reason", "Since"),
            rows,
            css="accepted",
            cols=("a1", "a2", "a3", "", "a5", "a6", "a7"),
            budget=Budget(6, "accepted findings"),
        ),
    ]


def findings(report: ComplianceReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Findings", "findings")]
    if not report.groups:
        blocks.append(Para("No findings."))
        return blocks
    open_ = report.total <= OPEN_GROUPS_UP_TO
    for group in report.groups:
        body: list[Block] = []
        if group.summary:
            about: list[Inline] = [f"{group.summary}."]
            if group.requirements:
                about.append(Note(f"Evidences: {', '.join(group.requirements)}."))
            body.append(Para(tuple(about)))
        shared = group.shared_remediation
        if shared:
            body.append(Para((Strong("Remediation for all:"), " ", shared)))
        rows: list[tuple[Inline | Td, ...]] = []
        for row in group.rows:
            f = row.finding
            where: list[Inline] = [Code(row.where)]
            if f.endpoint:
                where.append(Note(f.endpoint, block=True))
            message: list[Inline] = [row.message]
            if f.remediation and not shared:
                message.append(Note(f.remediation, block=True))
            rows.append(
                (
                    Badge("severity", f.severity.label),
                    tuple(where),
                    tuple(message),
                    Pre(row.evidence) if row.evidence else "",
                )
            )
        body.append(
            Table(
                ("Severity", "Location", "Finding", "Evidence"),
                rows,
                css="findings",
                cols=("c1", "c2", "", "c4"),
                budget=Budget(5, "findings", pool="findings"),
            )
        )
        blocks.append(
            Details(
                group.rule_id,
                group.severity.label,
                f"{group.rule_id} {group.name}",
                len(group.rows),
                open_,
                body,
            )
        )
    return blocks


def certificates(report: ComplianceReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Certificates", "certificates")]
    if not report.certificates:
        blocks.append(Para("No certificates found."))
        return blocks
    rows: list[tuple[Inline | Td, ...]] = []
    for c in report.certificates:
        days = "—" if c.days_left is None else str(c.days_left)
        rows.append(
            (
                c.subject,
                ", ".join(c.sans),
                c.issuer,
                c.key,
                c.signature,
                f"{c.not_after:%Y-%m-%d}" if c.not_after else "—",
                Td(
                    (Strong(days), f" ({c.status})")
                    if c.status in ("expired", "expiring")
                    else (days, Note(c.status)),
                    css=f"days {c.status}",
                ),
                Code(c.where),
                ", ".join(c.served_by) or "—",
            )
        )
    return [
        *blocks,
        Timeline(report),
        Heading(3, "Inventory"),
        Table(
            (
                "Subject",
                "SANs",
                "Issuer",
                "Key",
                "Signature",
                "Not after",
                "Days left",
                "File",
                "Served by",
            ),
            rows,
            budget=Budget(4, "certificates"),
        ),
    ]


def _setting(cell: Cell | None) -> Inline:
    if cell is None:
        return Missing()
    return (Code(cell.value), Note(cell.origin_text, f"origin o-{cell.origin}"))


def endpoints(report: ComplianceReport) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Endpoints", "endpoints")]
    tls = [x for x in report.endpoints if x.tls]
    if not tls:
        blocks.append(Para("No TLS endpoints found."))
    else:
        rows: list[tuple[Inline | Td, ...]] = []
        for x in tls:
            name: list[Inline] = [
                Strong(x.name),
                Note((x.kind, " · ", Code(_in(x.repository, x.location))), block=True),
            ]
            if x.certificates:
                name.append(Note(f"certificate: {', '.join(x.certificates)}", block=True))
            rows.append((tuple(name), *[_setting(x.cells.get(k)) for k, _ in ENDPOINT_COLUMNS]))
        blocks += [
            Table(
                ("Endpoint", *[title for _, title in ENDPOINT_COLUMNS]),
                rows,
                css="endpoints",
                cols=("c1",),
                budget=Budget(3, "TLS endpoints"),
            ),
            Para(
                (
                    "Origin of each setting: ",
                    Strong("written"),
                    " in the endpoint's own block, ",
                    Strong("inherited", "o-inherited"),
                    " from an enclosing block, the product ",
                    Strong("default", "o-default"),
                    ", or a ",
                    Strong("managed", "o-managed"),
                    " policy.",
                ),
                "small",
            ),
        ]
    plain = [x for x in report.endpoints if not x.tls]
    if plain:
        blocks += [
            Heading(3, "Plain-HTTP listeners"),
            Bullets(
                [
                    (
                        x.name,
                        " ",
                        Code(_in(x.repository, x.location)),
                        ": ",
                        _setting(x.cells.get("redirect")),
                    )
                    for x in plain
                ],
                budget=Budget(3, "plain-HTTP listeners", fraction=4),
            ),
        ]
    return blocks


def reproducibility(report: ComplianceReport) -> list[Block]:
    p = report.provenance
    items: list[Inline] = [
        f"tlslint {report.tool_version}, profile {report.profile}, Mozilla guideline "
        f"{report.guideline}"
    ]
    if p is not None:
        items += [
            ("Policy data ", Code(p.policy_data), " sha256 ", Code(p.policy_data_sha256)),
            ("Control mapping sha256 ", Code(p.controls_sha256)),
            ("Configuration ", Code(p.config), " sha256 ", Code(p.config_sha256))
            if p.config
            else "Configuration: none (the defaults)",
        ]
        if p.baseline:
            items.append(("Baseline ", Code(p.baseline), " sha256 ", Code(p.baseline_sha256)))
    if report.git is not None:
        items.append(
            ("Commit ", Code(report.git.commit))
            + ((" with uncommitted changes",) if report.git.dirty else ())
        )
    items.append(f"Dates judged as of {report.as_of.isoformat()}")
    files = [
        (Code(_in(f.repository, f.path)), Code(f.sha256 or "unreadable"), str(f.size))
        for f in report.evidence_files
    ]
    return [
        Heading(2, "Reproducibility", "reproducibility"),
        Bullets(items, "small"),
        Heading(3, f"SHA-256 of the {len(report.evidence_files)} files cited as evidence"),
        Table(("File", "SHA-256", "Bytes"), files, css="small", budget=Budget(1, "evidence files")),
    ]


Section = Callable[[ComplianceReport], list[Block]]
SECTIONS: list[Section] = [
    header,
    summary,
    repositories,
    controls,
    gaps,
    accepted,
    findings,
    certificates,
    endpoints,
    reproducibility,
]


def document(report: ComplianceReport) -> Document:
    return Document(_title(report), [section(report) for section in SECTIONS])
