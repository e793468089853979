"""The compliance report as GitHub-flavoured Markdown: what a job summary shows.

The same sections and numbers as the HTML and JSON reports. A GitHub job summary holds at
most 1 MiB, so the document stays under :data:`BUDGET` bytes for any repository: every list
(gaps, accepted risks, findings, certificates, endpoints, evidence files) gets a share of
what the fixed parts leave, unused shares pass on to the next list, and rows that do not fit
are counted, never silently dropped. ``max_findings`` caps the findings listed as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tlslint.compliance.document import (
    Badge,
    Block,
    Break,
    Budget,
    Bullets,
    Cards,
    Code,
    Details,
    Em,
    Faces,
    Heading,
    Inline,
    Link,
    Missing,
    Note,
    Para,
    Pre,
    Strong,
    Table,
    Td,
    Timeline,
    Warning,
    document,
)
from tlslint.compliance.report import ComplianceReport
from tlslint.compliance.timeline import expiry_months

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
OPEN_UP_TO = 10  # findings of a rule shown open (a job summary is read scrolling)


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


class _Doc:
    """Lines with a running byte count, and lists that stop at their share of the budget."""

    def __init__(self, budget: int, limits: dict[str, int | None]) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.budget = budget
        self.limits = limits  # at most this many rows of a pool (--max-findings)
        # Per pool: (its share, bytes spent, rows shown, rows left out).
        self.pools: dict[str, list[int]] = {}

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line.encode()) + 1

    def share(self, budget: Budget) -> int:
        left = (self.budget - FIXED_RESERVE - self.size) // max(budget.sections_left, 1)
        return max(0, left) // budget.fraction

    def rows(self, lines: Iterable[str], total: int, budget: Budget | None) -> int:
        """Add the lines while they fit in the list's share (and its pool's row limit);
        return how many were left out."""
        if budget is None:
            self.add(*lines)
            return 0
        pool = self.pools.get(budget.pool) if budget.pool else None
        if pool is None:
            pool = [self.share(budget), 0, 0, 0]
            if budget.pool:
                self.pools[budget.pool] = pool
        limit = self.limits.get(budget.pool or budget.what)
        shown = 0
        for line in lines:
            cost = len(line.encode()) + 1
            if (limit is not None and pool[2] >= limit) or pool[1] + cost > pool[0]:
                break
            self.add(line)
            pool[1] += cost
            pool[2] += 1
            shown += 1
        pool[3] += total - shown
        return total - shown


def _left_out(doc: _Doc, hidden: int, what: str) -> None:
    if hidden:
        doc.add(
            "",
            f"*{hidden} more {what} are not listed here (job summaries hold 1 MiB); the HTML "
            "and JSON reports list all of them.*",
        )


# --- one renderer per element type ----------------------------------------------------------


def inline(item: Inline, cell: bool = True) -> str:
    """An inline element as Markdown: inside a table cell (one line) or a paragraph."""
    if isinstance(item, str):
        text = cell_text(item)  # keeps the spaces that join it to its neighbours
        before = " " if item[:1].isspace() else ""
        after = " " if item[-1:].isspace() and text else ""
        return before + text + after
    if isinstance(item, tuple):
        return "".join(inline(part, cell) for part in item)
    if isinstance(item, (Code, Pre)):
        return code(item.text)
    if isinstance(item, Strong):
        return f"**{inline(item.content, cell)}**"
    if isinstance(item, Em):
        return f"*{inline(item.content, cell)}*"
    if isinstance(item, Note):
        text = inline(item.content, cell)
        return f"<br><sub>{text}</sub>" if cell else f"\n{text}"
    if isinstance(item, Badge):
        return STATUS_MARK[item.label] if item.kind == "status" else cell_text(item.label)
    if isinstance(item, Link):
        return inline(item.content, cell)
    if isinstance(item, Break):
        return "<br>" if cell else "  \n"
    if isinstance(item, Missing):
        return "—"
    raise TypeError(f"no Markdown for {type(item).__name__}")


def _row(cells: Sequence[Inline | Td]) -> str:
    parts = [inline(c.content if isinstance(c, Td) else c) for c in cells]
    return "|" + "|".join(f" {p} " if p else " " for p in parts) + "|"


def _table(table: Table, doc: _Doc) -> None:
    header = (table.group_header, *table.header) if table.groups else table.header
    doc.add(_row(header), "|" + "---|" * len(header))
    rows = [_row(r) for r in table.rows]
    rows += [_row((title, *r)) for title, group in table.groups for r in group]
    hidden = doc.rows(rows, len(rows), table.budget)
    if table.budget is not None and not table.budget.pool:
        _left_out(doc, hidden, table.budget.what)


def _block(item: Block, doc: _Doc) -> None:
    if isinstance(item, Heading):
        doc.add(f"{'#' * item.level} {cell_text(item.text)}", "")
        return
    if isinstance(item, Para):
        text = inline(item.content, cell=False)
        doc.add(f"<sub>{text}</sub>" if item.css == "small" else text)
    elif isinstance(item, Table):
        _table(item, doc)
    elif isinstance(item, Bullets):
        lines = [f"- {inline(i)}" for i in item.items]
        hidden = doc.rows(lines, len(lines), item.budget)
        if item.budget is not None:
            _left_out(doc, hidden, item.budget.what)
    elif isinstance(item, Warning):
        doc.add("> [!WARNING]", f"> {inline(item.content)}:")
        lines = [f"> - {inline(i)}" for i in item.items]
        hidden = doc.rows(lines, len(lines), item.budget)
        if item.budget is not None:
            _left_out(doc, hidden, item.budget.what)
    elif isinstance(item, Details):
        n = item.count
        doc.add(
            f"<details{' open' if n <= OPEN_UP_TO else ''}><summary><b>{cell_text(item.title)}"
            f"</b> — {item.severity}, {n} finding{'' if n == 1 else 's'}</summary>",
            "",
        )
        for part in item.blocks:
            _block(part, doc)
        doc.add("</details>")
    elif isinstance(item, Timeline):
        months = expiry_months(item.report.certificates, item.report.as_of)
        doc.add("### Expiry timeline", "", "| Expires | Certificates |", "|---|---|")
        for month, rows in months:
            names = ", ".join(f"{r.label} ({r.where})" for r in rows[:8])
            more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
            doc.add(f"| {month} | {len(rows)}: {cell_text(names + more)} |")
    elif isinstance(item, Faces):
        for part in item.markdown:
            _block(part, doc)
        return
    elif isinstance(item, Cards):
        doc.add(_row([k for k, _ in item.items]), "|" + "---|" * len(item.items))
        doc.add(_row([v for _, v in item.items]))
    else:
        raise TypeError(f"no Markdown for {type(item).__name__}")
    doc.add("")


def render(
    report: ComplianceReport, max_findings: int | None = None, budget: int = BUDGET, **_: object
) -> str:
    doc = _Doc(budget, {"findings": max_findings})
    for section in document(report).sections:
        for item in section:
            _block(item, doc)
        for pool, (_share, _spent, _shown, hidden) in doc.pools.items():
            if hidden:
                doc.add(
                    f"*{hidden} more {pool} are not listed here; "
                    "run `tlslint report --format html` for all of them.*",
                    "",
                )
        doc.pools.clear()
    return "\n".join(doc.lines).rstrip("\n") + "\n"
