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
from html import escape

from tlslint.linter.report.compliance import (
    ENDPOINT_COLUMNS,
    NO_TLS_TITLE,
    STATUS_ORDER,
    Cell,
    CertificateRow,
    ComplianceReport,
    RuleGroup,
)

OPEN_GROUPS_UP_TO = 200  # findings in total; above this, groups start collapsed
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


def _sev(label: str) -> str:
    return f'<span class="sev {e(label)}">{e(label)}</span>'


def _setting(cell: Cell | None) -> str:
    if cell is None:
        return '<span class="small">n/a</span>'
    return (
        f"<code>{e(cell.value)}</code>"
        f'<span class="origin o-{e(cell.origin)}">{e(cell.origin_text)}</span>'
    )


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


def _group(group: RuleGroup, open_: bool) -> str:
    n = len(group.rows)
    out = [
        f'<details id="{e(group.rule_id)}"{" open" if open_ else ""}><summary>'
        f"{_sev(group.severity.label)} {e(group.rule_id)} {e(group.name)} — "
        f"{n} finding{'' if n == 1 else 's'}</summary>"
    ]
    if group.summary:
        out.append(f"<p>{e(group.summary)}.")
        if group.requirements:
            out.append(
                f' <span class="small">Evidences: {e(", ".join(group.requirements))}.</span>'
            )
        out.append("</p>")
    shared = group.shared_remediation
    if shared:
        out.append(f"<p><b>Remediation for all:</b> {e(shared)}</p>")
    out.append(
        '<table class="findings"><colgroup><col class="c1"><col class="c2"><col><col class="c4">'
        "</colgroup><thead><tr><th>Severity</th><th>Location</th><th>Finding</th><th>Evidence</th>"
        "</tr></thead><tbody>"
    )
    for row in group.rows:
        f = row.finding
        loc = row.where
        fix = f'<div class="small">{e(f.remediation)}</div>' if f.remediation and not shared else ""
        endpoint = f'<div class="small">{e(f.endpoint)}</div>' if f.endpoint else ""
        evidence = f"<pre>{e(row.evidence)}</pre>" if row.evidence else ""
        out.append(
            f"<tr><td>{_sev(f.severity.label)}</td><td><code>{e(loc)}</code>{endpoint}</td>"
            f"<td>{e(row.message)}{fix}</td><td>{evidence}</td></tr>"
        )
    out.append("</tbody></table></details>")
    return "".join(out)


def _status(status: str) -> str:
    return f'<span class="st {STATUS_CLASS[status]}">{e(status)}</span>'


def _behind(repositories: dict[str, tuple[str, ...]]) -> str:
    parts = []
    for status in STATUS_ORDER:
        names = repositories.get(status, ())
        if status != "pass" and names:
            parts.append(f"<b>{e(status)}</b>: {e(', '.join(names))}")
    return "<br>".join(parts) or "—"


def _header(report: ComplianceReport) -> list[str]:
    git = ""
    if report.git is not None:
        git = f" · commit <code>{e(report.git.commit[:12])}</code>"
        if report.git.branch:
            git += f" on <code>{e(report.git.branch)}</code>"
        if report.git.dirty:
            git += " (uncommitted changes)"
    repo = (
        f" · repository <code>{e(report.repository)}</code>"
        if report.repository and not report.organisation
        else ""
    )
    when = f"Dates judged as of <b>{report.as_of:%Y-%m-%d %H:%M} UTC</b>"
    if report.scanned_at is None:
        when += " (--now; no wall-clock time recorded, so the report is reproducible)"
    elif report.judged_as_of_another_date:
        when += f" (--now) · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC"
    else:
        when += f" · scanned {report.scanned_at:%Y-%m-%d %H:%M} UTC"
    if report.duration is not None:
        when += f" in {report.duration:.2f} s"
    if report.organisation:
        scope = f"Scope: {len(report.repositories)} repositories (see Repositories)."
    else:
        paths = ", ".join(f"<code>{e(p)}</code>" for p in report.paths) or "<code>.</code>"
        scope = f"Scope: {paths} — {report.files_scanned}."
    return [
        f'<p class="meta">tlslint {e(report.tool_version)} · profile <b>{e(report.profile)}</b> '
        f"(Mozilla guideline {e(report.guideline)}){repo}{git}<br>{when}<br>{scope}</p>"
    ]


def _summary(report: ComplianceReport) -> list[str]:
    out = ['<h2 id="summary">Summary</h2>']
    if report.empty:
        out.append(f'<p class="empty"><b>{e(NO_TLS_TITLE)}</b> in {report.files_scanned}.</p>')
    statuses = report.status_counts()
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
    out.append(
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{e(v)}</b>{e(k)}</div>' for k, v in cards)
        + "</div>"
    )
    rows = []
    for standard in report.standards:
        counts = report.status_counts(standard.id)
        detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        rows.append(
            f"<tr><td>{e(standard.title)}</td><td>{_status(report.standard_status(standard.id))}"
            f"</td><td>{e(detail)}</td></tr>"
        )
    out.append(
        '<table class="standards keep"><thead><tr><th>Standard</th><th>Status</th>'
        f"<th>Requirements</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    out.append(
        f'<p class="small">Accepted risk: {len(report.accepted)} findings '
        f"({len(report.suppressed)} suppressed in the source, {len(report.baselined)} in the "
        f"baseline), not counted as findings but kept open. Evidence gaps: {len(report.gaps)} "
        f"certificates not in the repository, {len(report.incomplete)} files not fully "
        "analysed.</p>"
    )
    return out


def _repositories(report: ComplianceReport) -> list[str]:
    if not report.organisation:
        return []
    out = [
        '<h2 id="repositories">Repositories</h2><table><thead><tr><th>Repository</th>'
        "<th>Commit</th><th>Judged as of</th><th>Findings</th><th>Accepted risk</th>"
        "<th>Gaps</th><th>Requirements</th><th>Report (SHA-256)</th></tr></thead><tbody>"
    ]
    for r in report.repositories:
        statuses = ", ".join(f"{r.statuses[s]} {s}" for s in STATUS_ORDER if r.statuses.get(s))
        out.append(
            f"<tr><td><b>{e(r.name)}</b></td><td><code>{e(r.commit[:12]) or '—'}</code></td>"
            f"<td>{f'{r.as_of:%Y-%m-%d}' if r.as_of else '—'}</td><td>{r.findings}</td>"
            f"<td>{r.accepted}</td><td>{r.gaps + r.incomplete}</td><td>{e(statuses)}</td>"
            f'<td class="small"><code>{e(r.source)}</code><br><code>{e(r.sha256[:16])}…</code>'
            "</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _controls(report: ComplianceReport) -> list[str]:
    org = report.organisation
    out = [
        '<h2 id="controls">Controls</h2><table class="controls"><colgroup><col><col class="c2">'
        '<col class="c3"><col class="c4">' + ("<col>" if org else "") + "</colgroup><thead><tr>"
        "<th>Requirement</th><th>Status</th><th>Findings</th><th>Evidence</th>"
        + ("<th>Repositories</th>" if org else "")
        + "</tr></thead>"
    ]
    current: str | None = None
    for r in report.requirements:
        if r.standard != current:
            if current is not None:
                out.append("</tbody>")
            current = r.standard
            out.append(
                f'<tbody class="std"><tr class="std"><th colspan="{5 if org else 4}">'
                f"{e(r.standard_title)}</th></tr>"
            )
        by_sev = ", ".join(f"{n} {s}" for s, n in r.counts.items() if n)
        rules = ", ".join(
            f'<a href="#{e(rid)}">{e(rid)}</a>'
            if any(g.rule_id == rid for g in report.groups)
            else e(rid)
            for rid in r.rules
        )
        reasons = "".join(f'<span class="reasons">{e(x)}</span>' for x in r.reasons)
        accepted = f"<br>{r.accepted} accepted" if r.accepted else ""
        out.append(
            f"<tr><td><b>{e(r.id)}</b> {e(r.text)}</td><td>{_status(r.status)}</td>"
            f"<td>{r.findings}{(' (' + e(by_sev) + ')') if by_sev else ''}{accepted}</td>"
            f'<td class="small">{e(r.evidence) or "nothing examined"}{reasons}'
            f'<span class="rules">Rules: {rules}</span></td>'
            + (f'<td class="small">{_behind(r.repositories)}</td>' if org else "")
            + "</tr>"
        )
    if current is not None:
        out.append("</tbody>")
    out.append("</table>")
    if report.unmapped:
        items = "".join(f"<li>{e(rule)}: {e(why)}</li>" for rule, why in report.unmapped.items())
        out.append(
            '<p class="small">Rules that evidence no requirement:</p>'
            f'<ul class="small">{items}</ul>'
        )
    return out


def _gaps(report: ComplianceReport) -> list[str]:
    out = ['<h2 id="gaps">Evidence gaps</h2>']
    if not report.gaps and not report.incomplete:
        out.append(
            "<p>None: every certificate an endpoint serves is in the repository, and every "
            "file was fully analysed.</p>"
        )
        return out
    if report.gaps:
        out.append(
            f'<p class="lead">{len(report.gaps)} certificates served by endpoints are not in '
            "the repository (TLS415): nothing about them was checked, so the certificate "
            "requirements are not assessed.</p><table><thead><tr><th>Certificate</th>"
            "<th>Served by</th><th>Referenced at</th><th>Why not examined</th></tr></thead><tbody>"
        )
        for g in report.gaps:
            where = (g.repository + ": " if g.repository else "") + g.location
            out.append(
                f"<tr><td><code>{e(g.reference)}</code></td><td>{e(g.endpoint)}</td>"
                f"<td><code>{e(where)}</code></td><td>{e(g.why)}</td></tr>"
            )
        out.append("</tbody></table>")
    if report.incomplete:
        items = "".join(
            f"<li><code>{e(p)}</code>: {e(r)}</li>" for p, r in report.incomplete.items()
        )
        out.append(
            f'<div class="warn"><b>{len(report.incomplete)} files were not fully analysed</b>; '
            f"no requirement is shown as passed while evidence is missing.<ul>{items}</ul></div>"
        )
    return out


def _accepted(report: ComplianceReport) -> list[str]:
    out = ['<h2 id="accepted">Accepted risk</h2>']
    if not report.accepted:
        out.append("<p>None: no finding is suppressed or in a baseline.</p>")
        return out
    out.append(
        f'<p class="lead">{len(report.accepted)} findings are accepted '
        f"({len(report.suppressed)} suppressed in the source, {len(report.baselined)} in the "
        "baseline). They are not counted as findings, but their requirements stay open as "
        '<i>accepted risk</i>.</p><table class="accepted"><colgroup><col class="a1">'
        '<col class="a2"><col class="a3"><col><col class="a5"><col class="a6"><col class="a7">'
        "</colgroup><thead><tr><th>Severity</th><th>Rule</th>"
        "<th>Location</th><th>Finding</th><th>Accepted</th><th>Reason</th><th>Since</th>"
        "</tr></thead><tbody>"
    )
    for a in report.accepted:
        f = a.finding
        kind = "baseline" if a.kind == "baseline" else "suppressed"
        out.append(
            f"<tr><td>{_sev(f.severity.label)}</td><td>{e(f.rule_id)} {e(f.rule_name)}</td>"
            f"<td><code>{e(a.location)}</code></td><td>{e(a.message)}</td>"
            f"<td>{kind} at <code>{e(a.where)}</code></td><td>{e(a.reason)}</td>"
            f"<td>{e(a.date or 'not recorded')}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _certificates(report: ComplianceReport) -> list[str]:
    out = ['<h2 id="certificates">Certificates</h2>']
    if not report.certificates:
        out.append("<p>No certificates found.</p>")
        return out
    svg = timeline(
        report.certificates, report.as_of, report.expiry_error_days, report.expiry_warning_days
    )
    dated = sum(1 for c in report.certificates if c.not_after is not None)
    if svg:
        out.append(f'<h3>Expiry timeline</h3><figure style="margin:0">{svg}')
        if dated > TIMELINE_MAX_ROWS:
            out.append(
                f'<figcaption class="small">The {TIMELINE_MAX_ROWS} earliest of {dated} '
                "expiry dates; the table lists all.</figcaption>"
            )
        out.append("</figure>")
    out.append(
        "<h3>Inventory</h3><table><thead><tr><th>Subject</th><th>SANs</th><th>Issuer</th>"
        "<th>Key</th><th>Signature</th><th>Not after</th><th>Days left</th><th>File</th>"
        "<th>Served by</th></tr></thead><tbody>"
    )
    for c in report.certificates:
        not_after = f"{c.not_after:%Y-%m-%d}" if c.not_after else "—"
        days = "—" if c.days_left is None else str(c.days_left)
        colour = STATUS_COLOUR[c.status]
        out.append(
            f"<tr><td>{e(c.subject)}</td><td>{e(', '.join(c.sans))}</td><td>{e(c.issuer)}</td>"
            f"<td>{e(c.key)}</td><td>{e(c.signature)}</td><td>{not_after}</td>"
            f'<td style="color:{colour};font-weight:600">{days} {e(c.status)}</td>'
            f"<td><code>{e(c.where)}</code></td><td>{e(', '.join(c.served_by)) or '—'}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _endpoints(report: ComplianceReport) -> list[str]:
    out = ['<h2 id="endpoints">Endpoints</h2>']
    tls = [x for x in report.endpoints if x.tls]
    if not tls:
        out.append("<p>No TLS endpoints found.</p>")
    else:
        head = "".join(f"<th>{e(title)}</th>" for _, title in ENDPOINT_COLUMNS)
        out.append(
            '<table class="endpoints"><colgroup><col class="c1"></colgroup>'
            f"<thead><tr><th>Endpoint</th>{head}</tr></thead><tbody>"
        )
        for x in tls:
            cells = "".join(f"<td>{_setting(x.cells.get(key))}</td>" for key, _ in ENDPOINT_COLUMNS)
            certs = (
                f'<div class="small">certificate: {e(", ".join(x.certificates))}</div>'
                if x.certificates
                else ""
            )
            where = (x.repository + ": " if x.repository else "") + x.location
            out.append(
                f"<tr><td><b>{e(x.name)}</b><div class='small'>{e(x.kind)} · "
                f"<code>{e(where)}</code></div>{certs}</td>{cells}</tr>"
            )
        out.append("</tbody></table>")
        out.append(
            '<p class="small">Origin of each setting: <b>written</b> in the endpoint\'s own '
            'block, <b class="o-inherited">inherited</b> from an enclosing block, the product '
            '<b class="o-default">default</b>, or a <b class="o-managed">managed</b> policy.</p>'
        )
    plain = [x for x in report.endpoints if not x.tls]
    if plain:
        out.append("<h3>Plain-HTTP listeners</h3><ul>")
        out += [
            f"<li>{e(x.name)} <code>{e((x.repository + ': ' if x.repository else '') + x.location)}"
            f"</code>: {_setting(x.cells.get('redirect'))}</li>"
            for x in plain
        ]
        out.append("</ul>")
    return out


def _reproducibility(report: ComplianceReport) -> list[str]:
    p = report.provenance
    items = [
        f"tlslint {e(report.tool_version)}, profile {e(report.profile)}, Mozilla guideline "
        f"{e(report.guideline)}"
    ]
    if p is not None:
        items += [
            f"Policy data <code>{e(p.policy_data)}</code> sha256 <code>{e(p.policy_data_sha256)}"
            "</code>",
            f"Control mapping sha256 <code>{e(p.controls_sha256)}</code>",
            f"Configuration <code>{e(p.config)}</code> sha256 <code>{e(p.config_sha256)}</code>"
            if p.config
            else "Configuration: none (the defaults)",
        ]
        if p.baseline:
            items.append(
                f"Baseline <code>{e(p.baseline)}</code> sha256 <code>{e(p.baseline_sha256)}</code>"
            )
    if report.git is not None:
        items.append(
            f"Commit <code>{e(report.git.commit)}</code>"
            + (" with uncommitted changes" if report.git.dirty else "")
        )
    items.append(f"Dates judged as of {e(report.as_of.isoformat())}")
    out = [
        '<h2 id="reproducibility">Reproducibility</h2><ul class="small">'
        + "".join(f"<li>{x}</li>" for x in items)
        + "</ul>"
    ]
    n = len(report.evidence_files)
    out.append(
        f"<h3>SHA-256 of the {n} files cited as evidence</h3>"
        '<table class="small"><thead><tr><th>File</th><th>SHA-256</th>'
        "<th>Bytes</th></tr></thead><tbody>"
    )
    for f in report.evidence_files:
        where = (f.repository + ": " if f.repository else "") + f.path
        out.append(
            f"<tr><td><code>{e(where)}</code></td><td><code>{e(f.sha256 or 'unreadable')}"
            f"</code></td><td>{f.size}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def render(report: ComplianceReport, **_: object) -> str:
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{script_hash}'; img-src data:"
    )
    title = "TLS compliance report" + (" — organisation" if report.organisation else "")
    nav = [("summary", "Summary")]
    if report.organisation:
        nav.append(("repositories", "Repositories"))
    nav += [
        ("controls", "Controls"),
        ("gaps", "Evidence gaps"),
        ("accepted", "Accepted risk"),
        ("findings", "Findings"),
        ("certificates", "Certificates"),
        ("endpoints", "Endpoints"),
        ("reproducibility", "Reproducibility"),
    ]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        f"<script>{SCRIPT}</script>",
        "</head><body>",
        f"<h1>{e(title)}</h1>",
        '<nav class="small">' + " · ".join(f'<a href="#{a}">{e(t)}</a>' for a, t in nav) + "</nav>",
    ]
    out += _header(report)
    out += _summary(report)
    out += _repositories(report)
    out += _controls(report)
    out += _gaps(report)
    out += _accepted(report)
    out.append('<h2 id="findings">Findings</h2>')
    if not report.groups:
        out.append("<p>No findings.</p>")
    open_ = report.total <= OPEN_GROUPS_UP_TO
    out += [_group(g, open_) for g in report.groups]
    out += _certificates(report)
    out += _endpoints(report)
    out += _reproducibility(report)
    out.append(
        '<p class="small">Generated by tlslint. Evidence lines are quoted from the scanned files '
        "with key material and secret values redacted.</p></body></html>"
    )
    return "\n".join(out) + "\n"
