"""JUnit XML (the Apache Ant format that CI dashboards read).

One ``testsuite`` named ``tlslint``: a failing testcase per (rule, file) pair with findings, a
passing testcase per analysed file without findings (classname ``tlslint.files``), and a
skipped testcase per file that was not fully analysed, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tlslint import __version__
from tlslint.formats.common import incomplete_files, sort_key
from tlslint.formats.github import summary_line
from tlslint.model import Finding

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

SUITE = "tlslint"
FILES_CLASS = "tlslint.files"
RULES_CLASS = "tlslint.rules"
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Replace characters that XML 1.0 forbids (ElementTree escapes the rest)."""
    from tlslint.formats.escape import escape_undecodable

    # The bytes of a file name that is not UTF-8 become visible escapes (\xff); anything else
    # XML cannot hold becomes U+FFFD.
    return _NOT_XML.sub("\ufffd", escape_undecodable(text))


def timestamp(now: dt.datetime) -> str:
    """ISO 8601 in UTC without a zone, as the schema wants."""
    if now.tzinfo is not None:
        now = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return now.strftime("%Y-%m-%dT%H:%M:%S")


def _position(f: Finding) -> str:
    return f"{f.path}:{f.line}" if f.line else f.path or "-"


def failure_text(findings: list[Finding]) -> str:
    """One ``path:line: severity message`` line per finding, with its remediation below."""
    lines: list[str] = []
    for f in findings:
        lines.append(f"{_position(f)}: {f.severity.label} {f.message}")
        if f.remediation:
            lines.append(f"    fix: {f.remediation}")
    return "\n".join(lines)


def failure_message(findings: list[Finding]) -> str:
    if len(findings) == 1:
        return findings[0].message
    worst = max(f.severity for f in findings).label
    return f"{len(findings)} findings (worst: {worst})"


def testcase(parent: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(parent, "testcase", name=clean(name), classname=classname, time="0")


def group_by_rule_and_file(findings: Iterable[Finding]) -> dict[tuple[str, str], list[Finding]]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.rule_id, *sort_key(f))):
        groups.setdefault((f.rule_id, f.path), []).append(f)
    return groups


def add_failures(suite: ET.Element, findings: list[Finding]) -> int:
    groups = group_by_rule_and_file(findings)
    for (rule_id, path), group in groups.items():
        case = testcase(suite, f"{rule_id} {group[0].rule_name}: {path or '-'}", RULES_CLASS)
        failure = ET.SubElement(
            case, "failure", message=clean(failure_message(group)), type=rule_id
        )
        failure.text = clean(failure_text(group))
    return len(groups)


def add_files(suite: ET.Element, result: Result) -> tuple[int, int]:
    """Passing cases for clean analysed files, skipped ones for incomplete files."""
    incomplete = incomplete_files(result)
    with_findings = {f.path for f in result.findings}
    clean_files = sorted({f.path for f in result.files} - with_findings - set(incomplete))
    for path in clean_files:
        testcase(suite, path, FILES_CLASS)
    for path, reason in incomplete.items():
        case = testcase(suite, path, FILES_CLASS)
        ET.SubElement(case, "skipped", message=clean(f"not fully analysed: {reason}"))
    return len(clean_files), len(incomplete)


def add_properties(suite: ET.Element, result: Result) -> None:
    props = ET.SubElement(suite, "properties")
    values = {
        "tlslint.version": __version__,
        "profile": result.policy.profile,
        "guideline": result.policy.guideline_version,
        "suppressed": str(len(result.suppressed)),
        "baselined": str(len(result.baselined)),
    }
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=clean(value))


def system_out(result: Result) -> str:
    lines = [summary_line(result)]
    lines += [f"not fully analysed: {p}: {r}" for p, r in incomplete_files(result).items()]
    return clean("\n".join(lines))


def document(result: Result) -> ET.Element:
    suite = ET.Element("testsuite")
    add_properties(suite, result)
    failures = add_failures(suite, result.findings)
    passed, skipped = add_files(suite, result)
    ET.SubElement(suite, "system-out").text = system_out(result)
    ET.SubElement(suite, "system-err")
    suite.attrib.update(
        name=SUITE,
        timestamp=timestamp(result.now),
        hostname="localhost",
        tests=str(failures + passed + skipped),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time="0",
    )
    return suite


def render(result: Result, color: bool = False) -> str:
    root = document(result)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
