"""The compliance report as one self-contained HTML file.

Inline CSS, an inline SVG expiry timeline, one tiny inline script (opens every collapsed group
before printing) allowed by its hash in a Content-Security-Policy that forbids everything
else: no network, fonts, images or other scripts. Findings are grouped by rule in collapsible
sections, so a report of thousands of findings stays usable; printing expands them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from html import escape

from tlslint.compliance.document import (
    Badge,
    Block,
    Break,
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
from tlslint.compliance.report import CertificateRow, ComplianceReport

TIMELINE_MAX_ROWS = 60
TIMELINE_MAX_YEARS = 3

SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
)

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--crit:#8b0000;--high:#cf222e;
--med:#bc4c00;--low:#9a6700;--info:#0969da;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);
padding-bottom:4px}
.meta{color:var(--muted);margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;
background:var(--bg)}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
table.findings{table-layout:fixed}.findings col.c1{width:80px}.findings col.c2{width:22%}
.findings col.c4{width:30%}
table.controls{table-layout:fixed}table.standards{width:auto}
.controls col.c2{width:110px}.controls col.c3{width:150px}
.controls col.c4{width:24%}tr.std th{background:#eaeef2}
th{background:var(--bg);overflow-wrap:normal}
.endpoints col.c1{width:17%}
table.accepted{table-layout:fixed}.accepted col.a1{width:80px}.accepted col.a2{width:15%}
.accepted col.a3{width:14%}.accepted col.a5{width:15%}.accepted col.a6{width:17%}
.accepted col.a7{width:92px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);padding:2px 4px}
.sev,.st{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;
color:#fff;white-space:nowrap}
.critical{background:var(--crit)}.high{background:var(--high)}.medium{background:var(--med)}
.low{background:var(--low)}.info{background:var(--info)}
.st.fail{background:var(--high)}.st.attention{background:var(--low)}.st.pass{background:var(--ok)}
.st.incomplete{background:var(--muted)}.st.na{background:#818b98}.st.accepted{background:#953800}
.reasons{display:block;color:var(--med);font-size:12px}.rules{display:block;margin-top:2px}
.origin{display:block;color:var(--muted);font-size:11px}
td.days{font-weight:600}td.days .small{color:inherit;font-size:inherit}
td.expired{color:#8b0000}td.expiring{color:#cf222e}td.renew-soon{color:#bc4c00}
td.valid{color:#1a7f37}td.unknown{color:#818b98}
.o-default{color:#8250df}.o-inherited{color:#0550ae}.o-managed{color:#116329}
details{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:0 8px}
summary{cursor:pointer;padding:6px 0;font-weight:600}
.warn{border-left:4px solid var(--med);background:#fff8c5;padding:8px 12px}
.empty{font-size:16px;padding:12px;border:1px dashed var(--line)}
.small{font-size:12px;color:var(--muted)}
svg text{font:11px system-ui,sans-serif;fill:var(--fg)}
@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}
details{break-inside:auto}
details::details-content{content-visibility:visible;display:block}
h2,h3,summary,p.lead{break-after:avoid;page-break-after:avoid}
h2,h3{break-inside:avoid}tr{break-inside:avoid}
thead{display:table-header-group}tbody.std{break-inside:avoid;page-break-inside:avoid}
.keep{break-inside:avoid;page-break-inside:avoid}
figure{break-inside:avoid}.card{background:none}}
"""

STATUS_CLASS = {
    "fail": "fail",
    "accepted risk": "accepted",
    "attention": "attention",
    "incomplete": "incomplete",
    "pass": "pass",
    "not assessed": "na",
}
STATUS_COLOUR = {
    "expired": "#8b0000",
    "expiring": "#cf222e",
    "renew-soon": "#bc4c00",
    "valid": "#1a7f37",
    "unknown": "#818b98",
}


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def timeline(
    rows: list[CertificateRow], now: dt.datetime, error_days: int, warning_days: int
) -> str:
    """Inline SVG: each certificate's not-after on a time axis, with today and the windows."""
    dated = [r for r in rows if r.not_after is not None][:TIMELINE_MAX_ROWS]
    expiries = [r.not_after for r in dated if r.not_after is not None]
    if not expiries:
        return ""
    day = dt.timedelta(days=1)
    horizon = TIMELINE_MAX_YEARS * 365 * day
    # Clamp before adding margins: 9999-12-31 ("no well-defined expiry", RFC 5280) is common.
    earliest = max(min(expiries), now - horizon)
    latest = min(max(expiries), now + horizon)
    start = min(now - 30 * day, earliest - 15 * day)
    end = max(now + (warning_days + 30) * day, latest + 15 * day)
    end = min(end, now + horizon)
    left, right, top, row_h = 330, 880, 28, 18
    height = top + row_h * len(dated) + 24
    span = (end - start).total_seconds()

    def x(when: dt.datetime) -> float:
        clipped = min(max(when, start), end)
        return left + (right - left) * (clipped - start).total_seconds() / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 {height}" width="100%" '
        f'role="img" aria-labelledby="tl-title"><title id="tl-title">Certificate expiry '
        f"timeline: {len(dated)} certificates</title>",
    ]
    zones = (
        (start, now, "#ffebe9", "expired"),
        (now, now + error_days * day, "#ffd8b5", f"< {error_days} days"),
        (now + error_days * day, now + warning_days * day, "#fff8c5", f"< {warning_days} days"),
    )
    for a, b, colour, label in zones:
        if b > start and a < end:
            parts.append(
                f'<rect x="{x(a):.1f}" y="{top - 6}" width="{max(x(b) - x(a), 0):.1f}" '
                f'height="{row_h * len(dated) + 6}" fill="{colour}">'
                f"<title>{e(label)}</title></rect>"
            )
    # Month ticks, at most about ten.
    months = max(1, round((end - start).days / 30.4 / 10))
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60) if s >= months)
    tick = _add_months(start.date(), 1)
    while (tick.month - 1) % step if step <= 12 else tick.month != 1:
        tick = _add_months(tick, 1)
    while True:
        when = dt.datetime(tick.year, tick.month, tick.day, tzinfo=dt.timezone.utc)
        if when > end:
            break
        tx = x(when)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height - 18}" '
            f'stroke="#d1d9e0"/><text x="{tx:.1f}" y="{height - 4}" text-anchor="middle">'
            f"{when:%Y-%m}</text>"
        )
        tick = _add_months(tick, step)
    nx = x(now)
    parts.append(
        f'<line x1="{nx:.1f}" y1="{top - 14}" x2="{nx:.1f}" y2="{height - 18}" stroke="#1f2328" '
        f'stroke-width="1.5"/><text x="{nx:.1f}" y="{top - 16}" text-anchor="middle">'
        f"today {now:%Y-%m-%d}</text>"
    )
    for i, r in enumerate(dated):
        y = top + i * row_h + row_h / 2
        label = f"{r.label} · {r.where}"
        name = r.label if len(r.label) <= 26 else r.label[:25] + "…"
        place = r.where if len(r.where) <= 28 else "…" + r.where[-27:]
        assert r.not_after is not None
        cx = x(r.not_after)
        colour = STATUS_COLOUR[r.status]
        beyond = r.not_after > end
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{e(name)} '
            f'<tspan fill="#59636e">{e(place)}</tspan></text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{cx:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-opacity="0.35" stroke-width="3"/>'
        )
        shape = (
            f'<path d="M{cx - 6:.1f},{y - 5:.1f} L{cx:.1f},{y:.1f} L{cx - 6:.1f},{y + 5:.1f} Z" '
            f'fill="{colour}">'
            if beyond
            else f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="5" fill="{colour}">'
        )
        days = "" if r.days_left is None else f", {r.days_left} days left"
        tip = f"{label}: not after {r.not_after:%Y-%m-%d}{days} ({r.status})"
        parts.append(f"{shape}<title>{e(tip)}</title>{'</path>' if beyond else '</circle>'}")
    parts.append("</svg>")
    return "".join(parts)


# --- one renderer per element type ----------------------------------------------------------


def _class(css: str) -> str:
    return f' class="{e(css)}"' if css else ""


def inline(item: Inline) -> str:
    """An inline element as HTML (text escaped)."""
    if isinstance(item, str):
        return e(item)
    if isinstance(item, tuple):
        return "".join(inline(part) for part in item)
    if isinstance(item, Code):
        return f"<code>{e(item.text)}</code>"
    if isinstance(item, Pre):
        return f"<pre>{e(item.text)}</pre>" if item.text else ""
    if isinstance(item, Strong):
        return f"<b{_class(item.css)}>{inline(item.content)}</b>"
    if isinstance(item, Em):
        return f"<i>{inline(item.content)}</i>"
    if isinstance(item, Note):
        if item.block:
            return f"<div{_class(item.css)}>{inline(item.content)}</div>"
        return f" <span{_class(item.css)}>{inline(item.content)}</span>"
    if isinstance(item, Badge):
        if item.kind == "severity":
            return f'<span class="sev {e(item.label)}">{e(item.label)}</span>'
        return f'<span class="st {STATUS_CLASS[item.label]}">{e(item.label)}</span>'
    if isinstance(item, Link):
        return f'<a href="#{e(item.anchor)}">{inline(item.content)}</a>'
    if isinstance(item, Break):
        return "<br>"
    if isinstance(item, Missing):
        return '<span class="small">n/a</span>'
    raise TypeError(f"no HTML for {type(item).__name__}")


def _cell(item: Inline | Td, tag: str = "td") -> str:
    if isinstance(item, Td):
        style = f' style="{e(item.style)}"' if item.style else ""
        return f"<{tag}{_class(item.css)}{style}>{inline(item.content)}</{tag}>"
    return f"<{tag}>{inline(item)}</{tag}>"


def _table(table: Table) -> str:
    cols = ""
    if table.cols:
        cols = "<colgroup>" + "".join(f"<col{_class(c)}>" for c in table.cols) + "</colgroup>"
    head = "".join(f"<th>{e(h)}</th>" for h in table.header)
    out = [f"<table{_class(table.css)}>{cols}<thead><tr>{head}</tr></thead>"]
    if table.rows or not table.groups:
        out.append("<tbody>")
        out += ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows]
        out.append("</tbody>")
    for title, rows in table.groups:
        out.append(
            f'<tbody class="std"><tr class="std"><th colspan="{len(table.header)}">'
            f"{e(title)}</th></tr>"
        )
        out += ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows]
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def _items(items: Sequence[Inline], css: str = "") -> str:
    return f"<ul{_class(css)}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>"


def _details(group: Details) -> str:
    n = group.count
    head = (
        f'<details id="{e(group.anchor)}"{" open" if group.open else ""}><summary>'
        f'<span class="sev {e(group.severity)}">{e(group.severity)}</span> {e(group.title)} — '
        f"{n} finding{'' if n == 1 else 's'}</summary>"
    )
    return head + "".join(block(b) for b in group.blocks) + "</details>"


def _timeline(report: ComplianceReport) -> str:
    svg = timeline(
        report.certificates, report.as_of, report.expiry_error_days, report.expiry_warning_days
    )
    if not svg:
        return ""
    dated = sum(1 for c in report.certificates if c.not_after is not None)
    caption = (
        f'<figcaption class="small">The {TIMELINE_MAX_ROWS} earliest of {dated} '
        "expiry dates; the table lists all.</figcaption>"
        if dated > TIMELINE_MAX_ROWS
        else ""
    )
    return f'<h3>Expiry timeline</h3><figure style="margin:0">{svg}{caption}</figure>'


def block(item: Block) -> str:
    """A block element as HTML."""
    if isinstance(item, Heading):
        anchor = f' id="{e(item.anchor)}"' if item.anchor else ""
        return f"<h{item.level}{anchor}>{e(item.text)}</h{item.level}>"
    if isinstance(item, Para):
        return f"<p{_class(item.css)}>{inline(item.content)}</p>"
    if isinstance(item, Table):
        return _table(item)
    if isinstance(item, Bullets):
        return _items(item.items, item.css)
    if isinstance(item, Warning):
        return f'<div class="warn">{inline(item.content)}.{_items(item.items)}</div>'
    if isinstance(item, Details):
        return _details(item)
    if isinstance(item, Cards):
        cards = "".join(f'<div class="card"><b>{e(v)}</b>{e(k)}</div>' for k, v in item.items)
        return f'<div class="cards">{cards}</div>'
    if isinstance(item, Timeline):
        return _timeline(item.report)
    if isinstance(item, Faces):
        return "\n".join(block(b) for b in item.html)
    raise TypeError(f"no HTML for {type(item).__name__}")


def render(report: ComplianceReport, **_: object) -> str:
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{script_hash}'; img-src data:"
    )
    doc = document(report)
    nav = " · ".join(f'<a href="#{e(h.anchor)}">{e(h.text)}</a>' for h in doc.headings())
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc.title)}</title>",
        f"<style>{CSS}</style>",
        f"<script>{SCRIPT}</script>",
        "</head><body>",
    ]
    for section in doc.sections:
        for item in section:
            text = block(item)
            if text:
                out.append(text)
            if isinstance(item, Heading) and item.level == 1:
                out.append(f'<nav class="small">{nav}</nav>')
    out.append(
        '<p class="small">Generated by tlslint. Evidence lines are quoted from the scanned files '
        "with key material and secret values redacted.</p></body></html>"
    )
    return "\n".join(out) + "\n"
