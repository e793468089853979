"""The JSON report, described by ``tlslint/schemas/report.schema.json``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tlslint import __version__
from tlslint.formats.common import incomplete_files, summary_counts
from tlslint.formats.inventory import inventory
from tlslint.model import Finding
from tlslint.pipeline.baseline import fingerprint

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

REPORT_VERSION = "1.0"


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule_id,
        "name": f.rule_name,
        "severity": f.severity.label,
        "path": f.path,
        "line": f.line,
        "column": f.location.column,
        "message": f.message,
        "remediation": f.remediation,
        "endpoint": f.endpoint,
        "fingerprint": fingerprint(f),
    }
    if f.location.end_line:
        out["end_line"] = f.location.end_line
        out["end_column"] = f.location.end_column
    if f.fix is not None:
        from tlslint.rules import BY_ID

        rule = BY_ID.get(f.rule_id)
        safety = rule.fix.value if rule is not None and rule.fix is not None else "none"
        out["fix"] = {
            "description": f.fix.description,
            # safe: `tlslint fix` writes it; unsafe: with --unsafe-fixes; display-only: never
            **({"safety": safety} if safety != "none" else {}),
            "edits": [
                {
                    "path": e.path,
                    "start_line": e.start_line,
                    "start_column": e.start_column,
                    "end_line": e.end_line,
                    "end_column": e.end_column,
                    "new_text": e.new_text,
                }
                for e in f.fix.edits
            ],
        }
    return out


def document(result: Result) -> dict[str, Any]:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "tlslint", "version": __version__},
        "profile": result.policy.profile,
        "guideline": result.policy.guideline_version,
        "now": result.now.isoformat(),
        "findings": [finding_dict(f) for f in result.findings],
        "summary": {
            **summary_counts(result),
            "files": len(result.files),
            "endpoints": sum(1 for e in result.model.endpoints if e.tls),
            "suppressed": len(result.suppressed),
            "baselined": len(result.baselined),
        },
        "incomplete": [{"path": p, "reason": r} for p, r in incomplete_files(result).items()],
        "inventory": inventory(result.model, result.now),
        "suppressed": [
            {
                "rule": s.finding.rule_id,
                "path": s.finding.path,
                "line": s.finding.line,
                "reason": s.reason,
            }
            for s in result.suppressed
        ],
    }


def render(result: Result, color: bool = False) -> str:
    return json.dumps(document(result), indent=2, sort_keys=False) + "\n"
