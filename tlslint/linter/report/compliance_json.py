"""The compliance report as JSON, described by ``tlslint/schemas/compliance.schema.json``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tlslint.linter.report.compliance import NO_TLS, Cell, ComplianceReport

REPORT_VERSION = "1.0"


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
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "tlslint", "version": report.tool_version},
        "profile": report.profile,
        "guideline": report.guideline,
        "scanned_at": _date(report.scanned_at),
        "as_of": _date(report.as_of),
        "duration_seconds": report.duration,
        "paths": list(report.paths),
        "git": None
        if report.git is None
        else {"commit": report.git.commit, "branch": report.git.branch, "dirty": report.git.dirty},
        "summary": {
            "status": NO_TLS if report.empty else None,
            "findings": report.total,
            "by_severity": report.counts,
            "files": report.files,
            "endpoints": sum(1 for e in report.endpoints if e.tls),
            "certificates": len(report.certificates),
            "suppressed": len(report.suppressed),
            "baselined": report.baselined,
            "requirements": report.status_counts(),
        },
        "standards": [
            {
                "id": s.id,
                "title": s.title,
                "status": report.standard_status(s.id),
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
            }
            for r in report.requirements
        ],
        "unmapped_rules": [
            {"rule": rule.split(" ", 1)[0], "reason": why} for rule, why in report.unmapped.items()
        ],
        "findings": [
            {
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
        "incomplete": [{"path": p, "reason": r} for p, r in report.incomplete.items()],
        "suppressed": [
            {"rule": f.rule_id, "path": f.path, "line": f.line, "reason": reason}
            for f, reason in report.suppressed
        ],
    }


def render(report: ComplianceReport, **_: object) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
