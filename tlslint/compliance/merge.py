"""One organisation report from the JSON reports of many repositories (``tlslint report merge``).

A pure function of the files: each repository's CI writes ``tlslint report --format json``,
a later job merges them. A requirement's status across the organisation is the worst of the
repositories' (a requirement no repository assessed stays ``not assessed``), and names the
repositories behind each status; the certificate inventory, evidence gaps, accepted risks,
findings and evidence files are the union, each row naming its repository. Expiry is judged
as of the latest date the inputs were judged against, so one timeline covers all of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tlslint import __version__
from tlslint.compliance.evidence import Accepted, EvidenceFile
from tlslint.compliance.report import (
    STATUS_ORDER,
    Cell,
    CertificateRow,
    ComplianceReport,
    EndpointRow,
    FindingRow,
    Gap,
    ReportError,
    RepositoryRow,
    Requirement,
    RuleGroup,
    Standard,
    _days_left,
    expiry_status,
    load_controls,
)
from tlslint.compliance.status import KIND_WORDS, NOT_ASSESSED, worst
from tlslint.model import Finding, Location, Severity

MAX_REPORT_BYTES = 256 * 1024 * 1024
SEVERITY_LABELS = {s.label: s for s in Severity}


def _load(path: Path) -> tuple[dict[str, Any], str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReportError(f"{path}: not a JSON report: {exc}") from None
    from tlslint.compliance.json_format import REPORT_VERSION

    if not isinstance(document, dict) or document.get("version") != REPORT_VERSION:
        raise ReportError(
            f"{path}: not a tlslint {REPORT_VERSION} JSON report "
            "(write it with `tlslint report --format json`)"
        )
    if document.get("kind") != "repository":
        raise ReportError(f"{path}: an organisation report; merge the repositories' reports")
    import jsonschema

    try:
        jsonschema.validate(document, schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the document"
        raise ReportError(f"{path}: {where}: {exc.message}") from None
    if _date(document["as_of"]) is None:
        raise ReportError(f"{path}: as_of: {document['as_of']!r} is not an ISO date-time")
    return document, hashlib.sha256(data).hexdigest()


def schema() -> dict[str, Any]:
    from tlslint.packaged import read_text

    text = read_text("schemas/compliance.schema.json")
    return json.loads(text)  # type: ignore[no-any-return]


def _date(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _finding(item: dict[str, Any]) -> Finding:
    return Finding(
        rule_id=item["rule"],
        rule_name=item["name"],
        severity=SEVERITY_LABELS[item["severity"]],
        message=item["message"],
        location=Location(item["path"], item.get("line") or 0, item.get("column") or 0),
        remediation=item.get("remediation", ""),
        endpoint=item.get("endpoint", ""),
    )


def merge(paths: Sequence[Path]) -> ComplianceReport:
    """The organisation report of the given repository reports (order does not matter)."""
    if not paths:
        raise ReportError("report merge: give at least one JSON report")
    loaded = [(p, *_load(p)) for p in paths]
    names = [d["repository"] or p.stem for p, d, _ in loaded]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ReportError(
            f"two reports are for the repository {dup!r}; name them apart with "
            "`tlslint report --repository NAME`"
        )
    loaded = sorted(loaded, key=lambda item: item[1]["repository"] or item[0].stem)
    as_of = max(
        _date(d["as_of"]) or dt.datetime.min.replace(tzinfo=dt.timezone.utc) for _, d, _ in loaded
    )
    controls = load_controls()
    standard_ids: list[str] = []
    for _, d, _ in loaded:
        for s in d["standards"]:
            if s["id"] in controls.standards and s["id"] not in standard_ids:
                standard_ids.append(s["id"])
    standard_ids.sort(key=list(controls.standards).index)

    per_requirement: dict[tuple[str, str], dict[str, list[str]]] = {}
    sums: dict[tuple[str, str], list[int]] = {}
    evidence: dict[tuple[str, str], dict[str, int]] = {}
    reasons: dict[tuple[str, str], dict[str, list[tuple[str, int | None]]]] = {}
    rows: dict[str, list[FindingRow]] = {}
    rule_info: dict[str, tuple[str, tuple[str, ...]]] = {}
    certificates: list[CertificateRow] = []
    endpoints: list[EndpointRow] = []
    gaps: list[Gap] = []
    accepted: list[Accepted] = []
    incomplete: dict[str, str] = {}
    files: list[EvidenceFile] = []
    repositories: list[RepositoryRow] = []
    counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
    n_files = 0
    unmapped: dict[str, str] = {}
    profiles: set[str] = set()
    guidelines: set[str] = set()
    for path, d, digest in loaded:
        repo = d["repository"] or path.stem
        profiles.add(d["profile"])
        guidelines.add(d["guideline"])
        error = d["policy"]["expiry_error_days"]
        warning = d["policy"]["expiry_warning_days"]
        for r in d["requirements"]:
            key = (r["standard"], r["id"])
            per_requirement.setdefault(key, {}).setdefault(r["status"], []).append(repo)
            total = sums.setdefault(key, [0, 0])
            total[0] += r["findings"]
            total[1] += r["accepted"]
            seen = evidence.setdefault(key, {})
            for n, kind in _counted(r["evidence"]):
                seen[kind] = seen.get(kind, 0) + n
            for reason in r["reasons"]:
                number, text = _numbered(reason)
                reasons.setdefault(key, {}).setdefault(text, []).append((repo, number))
        for item in d["findings"]:
            f = _finding(item)
            counts[f.severity.label] += 1
            rows.setdefault(f.rule_id, []).append(
                FindingRow(f, item.get("evidence", ""), item["message"], repo)
            )
            rule_info.setdefault(f.rule_id, (f.rule_name, tuple(item.get("requirements", ()))))
        for item in d["accepted_risk"]:
            f = _finding({**item, "remediation": "", "column": 0})
            accepted.append(
                Accepted(
                    f,
                    item["kind"],
                    item["reason"],
                    item["date"],
                    item["where"],
                    item["message"],
                    tuple(item["requirements"]),
                    repo,
                )
            )
        for c in d["inventory"]:
            not_after = _date(c["not_after"])
            days = None if not_after is None else _days_left(not_after, as_of)
            certificates.append(
                CertificateRow(
                    subject=c["subject"],
                    sans=tuple(c["sans"]),
                    issuer=c["issuer"],
                    key=c["key"],
                    signature=c["signature"],
                    not_after=not_after,
                    days_left=days,
                    path=c["path"],
                    line=c["line"],
                    served_by=tuple(c["served_by"]),
                    status="unknown"
                    if not_after is None
                    else expiry_status(not_after, as_of, error, warning),
                    repository=repo,
                )
            )
        for e in d["endpoints"]:
            endpoints.append(
                EndpointRow(
                    e["name"],
                    e["kind"],
                    e["source"],
                    e["location"],
                    e["tls"],
                    tuple(e["hosts"]),
                    {
                        k: None
                        if v is None
                        else Cell(v["value"], v["origin"], v["note"], v["location"])
                        for k, v in e["settings"].items()
                    },
                    tuple(e["certificates"]),
                    repo,
                )
            )
        gaps += [
            Gap(g["reference"], g["endpoint"], g["location"], g["why"], repo) for g in d["gaps"]
        ]
        for item in d["incomplete"]:
            incomplete[f"{repo}: {item['path']}"] = item["reason"]
        files += [
            EvidenceFile(f["path"], f["sha256"], f["size"], repo) for f in d["evidence_files"]
        ]
        for u in d["unmapped_rules"]:
            rule = u["rule"]
            unmapped.setdefault(rule, u["reason"])
        n_files += d["summary"]["files"]
        git = d.get("git") or {}
        repositories.append(
            RepositoryRow(
                name=repo,
                commit=git.get("commit") or "",
                branch=git.get("branch") or "",
                as_of=_date(d["as_of"]),
                profile=d["profile"],
                tool_version=d["tool"]["version"],
                findings=d["summary"]["findings"],
                certificates=d["summary"]["certificates"],
                endpoints=d["summary"]["endpoints"],
                gaps=d["summary"]["gaps"],
                accepted=d["summary"]["accepted_risk"],
                incomplete=d["summary"]["incomplete"],
                statuses={s: n for s, n in d["summary"]["requirements"].items() if n},
                source=path.name,
                sha256=digest,
            )
        )

    requirements: list[Requirement] = []
    standards: list[Standard] = []
    for sid in standard_ids:
        standard = controls.standards[sid]
        standards.append(standard)
        for req_id, text in standard.requirements.items():
            key = (sid, req_id)
            by_status = per_requirement.get(key, {})
            # A repository that did not report the standard did not assess the requirement.
            reported = {name for names in by_status.values() for name in names}
            missing = [r.name for r in repositories if r.name not in reported]
            if missing:
                by_status.setdefault(NOT_ASSESSED, []).extend(missing)
            # The worst across repositories: one repository not assessed is no pass.
            status = worst(s for s, names in by_status.items() if names)
            findings, n_accepted = sums.get(key, [0, 0])
            requirements.append(
                Requirement(
                    sid,
                    standard.title,
                    req_id,
                    text,
                    tuple(
                        sorted(
                            rid
                            for rid, mapping in controls.rules.items()
                            if req_id in mapping.get(sid, ())
                        )
                    ),
                    status,
                    findings,
                    _severity_counts(rows, controls.rules, sid, req_id),
                    n_accepted,
                    _evidence(evidence.get(key, {}), len(repositories)),
                    _reasons(reasons.get(key, {})),
                    {s: tuple(sorted(by_status[s])) for s in STATUS_ORDER if by_status.get(s)},
                )
            )

    from tlslint.rules import BY_ID

    groups = []
    for rule_id, found in rows.items():
        found.sort(
            key=lambda r: (-r.finding.severity, r.repository, r.finding.path, r.finding.line)
        )
        name, labels = rule_info[rule_id]
        rule = BY_ID.get(rule_id)
        groups.append(
            RuleGroup(
                rule_id,
                name,
                rule.summary if rule else "",
                max(r.finding.severity for r in found),
                labels,
                tuple(found),
            )
        )
    groups.sort(key=lambda g: (-g.severity, g.rule_id))
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    certificates.sort(key=lambda c: (c.not_after or far, c.repository, c.path, c.line))
    accepted.sort(
        key=lambda a: (
            -a.finding.severity,
            a.finding.rule_id,
            a.repository,
            a.finding.path,
            a.finding.line,
        )
    )
    return ComplianceReport(
        tool_version=__version__,
        profile=", ".join(sorted(profiles)),
        guideline=", ".join(sorted(guidelines)),
        scanned_at=None,
        as_of=as_of,
        duration=None,
        root="",
        paths=tuple(r.source for r in repositories),
        git=None,
        standards=tuple(standards),
        counts=counts,
        files=n_files,
        requirements=requirements,
        groups=groups,
        endpoints=endpoints,
        certificates=certificates,
        incomplete=incomplete,
        accepted=accepted,
        expiry_error_days=min(r[1]["policy"]["expiry_error_days"] for r in loaded),
        expiry_warning_days=max(r[1]["policy"]["expiry_warning_days"] for r in loaded),
        unmapped={
            f"{rid} {BY_ID[rid].name}" if rid in BY_ID else rid: why
            for rid, why in sorted(unmapped.items())
        },
        repository="",
        gaps=gaps,
        provenance=None,  # each repository's is in its report, named by its SHA-256
        evidence_files=files,
        repositories=repositories,
    )


_COUNT = re.compile(r"(\d+) ([^,]+)")
_WORDS = {one: many for one, many in KIND_WORDS.values()}


def _counted(text: str) -> list[tuple[int, str]]:
    """("8 certificates, 1 TLS endpoint") -> [(8, "certificates"), (1, "TLS endpoints")]."""
    return [(int(n), _WORDS.get(words, words)) for n, words in _COUNT.findall(text)]


def _evidence(kinds: dict[str, int], repositories: int) -> str:
    if not kinds:
        return ""
    words = ", ".join(f"{n} {w if n != 1 else _singular(w)}" for w, n in kinds.items())
    return f"{words} across {repositories} repositories"


def _singular(many: str) -> str:
    return next((one for one, m in _WORDS.items() if m == many), many)


_PLURALS = (
    ("certificate served by endpoints is", "certificates served by endpoints are"),
    ("file was not", "files were not"),
)


def _numbered(reason: str) -> tuple[int | None, str]:
    """A reason's leading count apart from its words (in the plural), so reasons of many
    repositories can be summed."""
    match = re.match(r"(\d+) (.*)", reason)
    if match is None:
        return None, reason
    text = match.group(2)
    for one, many in _PLURALS:
        text = text.replace(one, many)
    return int(match.group(1)), text


def _reasons(by_text: dict[str, list[tuple[str, int | None]]], names: int = 10) -> tuple[str, ...]:
    """One line per kind of reason, summed over repositories, naming at most ``names``."""
    out = []
    for text, found in by_text.items():
        repos = sorted({repo for repo, _ in found})
        listed = ", ".join(repos[:names])
        if len(repos) > names:
            listed += f" and {len(repos) - names} more"
        numbers = [n for _, n in found if n is not None]
        head = text
        if numbers:
            total = sum(numbers)
            if total == 1:
                for one, many in _PLURALS:
                    head = head.replace(many, one)
            head = f"{total} {head}"
        where = f"{len(repos)} repositor{'y' if len(repos) == 1 else 'ies'}"
        out.append(f"{head} — in {where}: {listed}")
    return tuple(out)


def _severity_counts(
    rows: dict[str, list[FindingRow]],
    mapping: dict[str, dict[str, tuple[str, ...]]],
    sid: str,
    req_id: str,
) -> dict[str, int]:
    counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for rule_id, found in rows.items():
        if req_id in mapping.get(rule_id, {}).get(sid, ()):
            for r in found:
                counts[r.finding.severity.label] += 1
    return counts
