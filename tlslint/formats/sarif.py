"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run: the active rules with their documentation, every reported finding, inline-suppressed
findings (with their justification) and, when a baseline was used, baselined findings marked
``unchanged``. Files that were not fully analysed become tool execution notifications.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tlslint import __version__
from tlslint.formats.common import (
    SARIF_LEVEL,
    SECURITY_SEVERITY,
    incomplete_files,
    message_sentences,
    sort_key,
)
from tlslint.model import Finding, Fix, Location, TextEdit
from tlslint.pipeline.baseline import fingerprint
from tlslint.rules.docs import markdown_doc

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result
    from tlslint.rules.base import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/tlslint/tlslint"
RULES_DOC_URI = "https://github.com/tlslint/tlslint/blob/main/docs/rules.md#"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "tlslint/v1"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor with the rule's help text from its documentation."""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it checks") or rule.summary},
        "help": {"text": rule.doc or rule.summary, "markdown": markdown_doc(rule)},
        "helpUri": RULES_DOC_URI + rule.id.lower(),
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": ["security", "tls"],
            "precision": "high",
        },
    }


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule is not among the active rules (keeps ruleIndex valid)."""
    return {
        "id": finding.rule_id,
        "name": finding.rule_name,
        "helpUri": RULES_DOC_URI + finding.rule_id.lower(),
        "defaultConfiguration": {"level": SARIF_LEVEL[finding.severity]},
    }


def artifact_location(path: str) -> dict[str, str]:
    # surrogateescape: a file name that is not UTF-8 is percent-encoded byte for byte
    return {"uri": quote(path, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def region(location: Location) -> dict[str, int] | None:
    """The region of a location, or None when the line is unknown."""
    if not location.line:
        return None
    out = {"startLine": location.line}
    if location.column:
        out["startColumn"] = location.column
    if location.end_line:
        out["endLine"] = location.end_line
    if location.end_column:
        out["endColumn"] = location.end_column
    return out


def physical_location(location: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"artifactLocation": artifact_location(location.path)}
    found = region(location)
    if found is not None:
        out["region"] = found
    return out


def _replacement(edit: TextEdit) -> dict[str, Any]:
    return {
        "deletedRegion": {
            "startLine": edit.start_line,
            "startColumn": edit.start_column,
            "endLine": edit.end_line,
            "endColumn": edit.end_column,
        },
        "insertedContent": {"text": edit.new_text},
    }


def sarif_fix(fix: Fix) -> dict[str, Any] | None:
    """A SARIF fix, one artifactChange per file edited; None for a fix without edits."""
    by_path: dict[str, list[TextEdit]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.path, []).append(edit)
    if not by_path:
        return None
    changes = [
        {
            "artifactLocation": artifact_location(path),
            "replacements": [_replacement(e) for e in edits],
        }
        for path, edits in by_path.items()
    ]
    return {"description": {"text": fix.description}, "artifactChanges": changes}


def message_text(finding: Finding) -> str:
    return message_sentences(finding)


def sarif_result(finding: Finding, rule_index: int) -> dict[str, Any]:
    """One result; suppression and baseline state are added by the caller."""
    properties: dict[str, Any] = {
        "security-severity": SECURITY_SEVERITY[finding.severity],
        "severity": finding.severity.label,
    }
    if finding.endpoint:
        properties["endpoint"] = finding.endpoint
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": message_text(finding)},
        "locations": [{"physicalLocation": physical_location(finding.location)}]
        if finding.path
        else [],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": properties,
    }
    fix = sarif_fix(finding.fix) if finding.fix is not None else None
    if fix is not None:
        out["fixes"] = [fix]
    return out


def notification(path: str, reason: str) -> dict[str, Any]:
    """A warning that a file was not fully analysed."""
    return {
        "level": "warning",
        "message": {"text": reason},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
    }


def root_uri(root: Path) -> str:
    uri = Path(root).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


class _Rules:
    """The driver's rule list, growing for findings of rules that are not active."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.descriptors = [rule_descriptor(r) for r in rules]
        self.index = {r.id: i for i, r in enumerate(rules)}

    def index_of(self, finding: Finding) -> int:
        if finding.rule_id not in self.index:
            self.index[finding.rule_id] = len(self.descriptors)
            self.descriptors.append(_fallback_descriptor(finding))
        return self.index[finding.rule_id]


def results(result: Result, rules: _Rules) -> list[dict[str, Any]]:
    """Reported, baselined and suppressed findings, in that order."""
    with_baseline = bool(result.baselined)
    out: list[dict[str, Any]] = []
    for state, findings in (("new", result.findings), ("unchanged", result.baselined)):
        for f in sorted(findings, key=sort_key):
            item = sarif_result(f, rules.index_of(f))
            if with_baseline:
                item["baselineState"] = state
            out.append(item)
    for s in sorted(result.suppressed, key=lambda s: sort_key(s.finding)):
        item = sarif_result(s.finding, rules.index_of(s.finding))
        suppression: dict[str, str] = {"kind": "inSource", "status": "accepted"}
        if s.reason:
            suppression["justification"] = s.reason
        item["suppressions"] = [suppression]
        out.append(item)
    return out


def document(result: Result) -> dict[str, Any]:
    rules = _Rules(result.rules)
    run_results = results(result, rules)
    notifications = [notification(p, r) for p, r in incomplete_files(result).items()]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tlslint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules.descriptors,
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri(result.root)}},
                "columnKind": "unicodeCodePoints",
                "results": run_results,
                "properties": {
                    "profile": result.policy.profile,
                    "guideline": result.policy.guideline_version,
                },
            }
        ],
    }


def render(result: Result, color: bool = False) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
