"""The compliance report as JSON, described by ``tlslint/schemas/compliance.schema.json``.

One document shape for a repository and for an organisation (``tlslint report merge``); in an
organisation report every row names its repository. Keys keep a fixed order and nothing comes
from the wall clock when ``--now`` is given, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tlslint.compliance.report import NO_TLS, STATUS_ORDER, Cell, ComplianceReport

REPORT_VERSION = "2.0"


def _date(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _cell(cell: Cell | None) -> dict[str, str] | None:
    if cell is None:
        return None
    return {
        "value": cell.value,
        "origin": cell.origin,
        "note": cell.note,
        "location": cell.location,
    }


def document(report: ComplianceReport) -> dict[str, Any]:
    p = report.provenance
    return {
        "version": REPORT_VERSION,
        "kind": "organisation" if report.organisation else "repository",
        "tool": {"name": "tlslint", "version": report.tool_version},
        "repository": report.repository,
        "profile": report.profile,
        "guideline": report.guideline,
        "scanned_at": _date(report.scanned_at),
        "as_of": _date(report.as_of),
        "duration_seconds": report.duration,
        "paths": list(report.paths),
        "git": None
        if report.git is None
        else {"commit": report.git.commit, "branch": report.git.branch, "dirty": report.git.dirty},
        "provenance": None
        if p is None
        else {
            "config": p.config,
            "config_sha256": p.config_sha256,
            "baseline": p.baseline,
            "baseline_sha256": p.baseline_sha256,
            "policy_data": p.policy_data,
            "policy_data_sha256": p.policy_data_sha256,
            "controls_sha256": p.controls_sha256,
        },
        "policy": {
            "expiry_error_days": report.expiry_error_days,
            "expiry_warning_days": report.expiry_warning_days,
        },
        "summary": {
            "status": NO_TLS if report.empty else None,
            "findings": report.total,
            "by_severity": report.counts,
            "files": report.files,
            "endpoints": report.tls_endpoints,
            "certificates": len(report.certificates),
            "gaps": len(report.gaps),
            "accepted_risk": len(report.accepted),
            "suppressed": len(report.suppressed),
            "baselined": len(report.baselined),
            "incomplete": len(report.incomplete),
            "evidence_files": len(report.evidence_files),
            "repositories": len(report.repositories),
            "requirements": report.status_counts(),
        },
        "standards": [
            {
                "id": s.id,
                "title": s.title,
                "status": report.standard_status(s.id),
                "by_status": report.status_counts(s.id),
                "requirements": list(s.requirements),
            }
            for s in report.standards
        ],
        "requirements": [
            {
                "standard": r.standard,
                "id": r.id,
                "text": r.text,
                "status": r.status,
                "rules": list(r.rules),
                "findings": r.findings,
                "by_severity": r.counts,
                "accepted": r.accepted,
                "evidence": r.evidence,
                "reasons": list(r.reasons),
                "repositories": {
                    status: list(r.repositories[status])
                    for status in STATUS_ORDER
                    if r.repositories.get(status)
                },
            }
            for r in report.requirements
        ],
        "unmapped_rules": [
            {"rule": rule.split(" ", 1)[0], "reason": why} for rule, why in report.unmapped.items()
        ],
        "gaps": [
            {
                "repository": g.repository,
                "reference": g.reference,
                "endpoint": g.endpoint,
                "location": g.location,
                "why": g.why,
            }
            for g in report.gaps
        ],
        "accepted_risk": [
            {
                "repository": a.repository,
                "kind": a.kind,
                "rule": a.finding.rule_id,
                "name": a.finding.rule_name,
                "severity": a.finding.severity.label,
                "path": a.finding.path,
                "line": a.finding.line,
                "message": a.message,
                "endpoint": a.finding.endpoint,
                "reason": a.reason,
                "date": a.date,
                "where": a.where,
                "requirements": list(a.requirements),
            }
            for a in report.accepted
        ],
        "findings": [
            {
                "repository": row.repository,
                "rule": row.finding.rule_id,
                "name": row.finding.rule_name,
                "severity": row.finding.severity.label,
                "path": row.finding.path,
                "line": row.finding.line,
                "column": row.finding.location.column,
                "message": row.message,
                "remediation": row.finding.remediation,
                "endpoint": row.finding.endpoint,
                "evidence": row.evidence,
                "requirements": list(group.requirements),
            }
            for group in report.groups
            for row in group.rows
        ],
        "endpoints": [
            {
                "repository": e.repository,
                "name": e.name,
                "kind": e.kind,
                "source": e.source,
                "location": e.location,
                "tls": e.tls,
                "hosts": list(e.hosts),
                "settings": {k: _cell(v) for k, v in e.cells.items()},
                "certificates": list(e.certificates),
            }
            for e in report.endpoints
        ],
        "inventory": [
            {
                "repository": c.repository,
                "subject": c.subject,
                "sans": list(c.sans),
                "issuer": c.issuer,
                "key": c.key,
                "signature": c.signature,
                "not_after": _date(c.not_after),
                "days_left": c.days_left,
                "status": c.status,
                "path": c.path,
                "line": c.line,
                "served_by": list(c.served_by),
            }
            for c in report.certificates
        ],
        "incomplete": [
            {"repository": repo, "path": path, "reason": r}
            for (repo, path), r in _incomplete(report).items()
        ],
        "suppressed": [
            {
                "rule": a.finding.rule_id,
                "path": a.finding.path,
                "line": a.finding.line,
                "reason": a.reason,
            }
            for a in report.suppressed
        ],
        "evidence_files": [
            {"repository": f.repository, "path": f.path, "sha256": f.sha256, "size": f.size}
            for f in report.evidence_files
        ],
        "repositories": [
            {
                "name": r.name,
                "commit": r.commit,
                "branch": r.branch,
                "as_of": _date(r.as_of),
                "profile": r.profile,
                "tool_version": r.tool_version,
                "findings": r.findings,
                "certificates": r.certificates,
                "endpoints": r.endpoints,
                "gaps": r.gaps,
                "accepted_risk": r.accepted,
                "incomplete": r.incomplete,
                "requirements": r.statuses,
                "report": r.source,
                "report_sha256": r.sha256,
            }
            for r in report.repositories
        ],
    }


def _incomplete(report: ComplianceReport) -> dict[tuple[str, str], str]:
    """Incomplete files; in organisation reports keyed "repository: path"."""
    out: dict[tuple[str, str], str] = {}
    for key, reason in report.incomplete.items():
        repo, _, path = key.partition(": ") if report.organisation else ("", "", key)
        out[(repo, path)] = reason
    return out


def render(report: ComplianceReport, **_: object) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
