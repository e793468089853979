"""The compliance report's document model, built once from a run and rendered as HTML,
Markdown or JSON (``tlslint report``).

Inputs: the run's findings, the model's endpoints (every setting with its origin), the
certificates a source published in ``model.objects["certificates"]``, the control mapping in
``tlslint/data/controls.yaml`` and, when the scanned root is a git checkout, its commit.
Evidence lines are read from the scanned files and redacted: key material never appears.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import subprocess
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tlslint import __version__
from tlslint.formats import REPORT_FORMATS
from tlslint.model import Certificate, Endpoint, Finding, Origin, Setting, Severity
from tlslint.model.policy import protocol_rank
from tlslint.packaged import read_text
from tlslint.pipeline.redact import REDACTED, redact

if TYPE_CHECKING:
    from tlslint.pipeline.run import Result

from tlslint.compliance.evidence import Accepted, EvidenceFile
from tlslint.compliance.status import (
    ACCEPTED,
    ATTENTION,
    FAIL,
    GAP_RULE,
    INCOMPLETE,
    NOT_ASSESSED,
    PASS,
    STATUS_ORDER,
    worst,
)

__all__ = ["ACCEPTED", "ATTENTION", "FAIL", "INCOMPLETE", "NOT_ASSESSED", "PASS", "STATUS_ORDER"]
NO_TLS = "no TLS configuration found"
NO_TLS_TITLE = "No TLS configuration found"
EVIDENCE_MAX_LINES = 6
EVIDENCE_MAX_CHARS = 400


class ReportError(Exception):
    """A bad report request (unknown standard): exit status 2."""


# --- the control mapping -----------------------------------------------------------------


@dataclass(frozen=True)
class Standard:
    id: str
    title: str
    requirements: dict[str, str]  # requirement id -> short text, in document order


@dataclass(frozen=True)
class Controls:
    standards: dict[str, Standard]
    rules: dict[str, dict[str, tuple[str, ...]]]  # rule id -> standard id -> requirement ids
    unmapped: dict[str, str]  # rule id -> why no requirement is evidenced


@functools.cache
def load_controls() -> Controls:
    import yaml

    text = read_text("data/controls.yaml")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    standards = {
        sid: Standard(sid, body["title"], {str(k): str(v) for k, v in body["requirements"].items()})
        for sid, body in data["standards"].items()
    }
    rules = {
        rid: {sid: tuple(str(r) for r in reqs) for sid, reqs in mapping.items()}
        for rid, mapping in data["rules"].items()
    }
    return Controls(standards, rules, dict(data.get("unmapped") or {}))


def choose_standards(requested: Sequence[str]) -> tuple[str, ...]:
    """Standard ids from ``--standard`` values (comma-separated, case-insensitive, ``all``)."""
    known = load_controls().standards
    wanted = [w.strip().lower() for value in requested for w in value.split(",") if w.strip()]
    if not wanted or "all" in wanted:
        return tuple(known)
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ReportError(
            f"unknown standard {unknown[0]!r} (expected one of: all, {', '.join(known)})"
        )
    return tuple(s for s in known if s in wanted)


# --- evidence ----------------------------------------------------------------------------


class EvidenceReader:
    """Source lines of the scanned files, read once per file, with every line that lies
    inside a PEM block (between its BEGIN and END markers) known to be secret."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root_real = root.resolve()
        self._lines: dict[str, tuple[list[str], list[bool]] | None] = {}

    def lines(self, path: str) -> tuple[list[str], list[bool]] | None:
        if path not in self._lines:
            from tlslint.pipeline.reading import decode

            full = (self.root / path).resolve()
            text: str | None = None
            try:
                if full.is_relative_to(self._root_real) and full.is_file():
                    with open(full, "rb") as handle:
                        data = handle.read(8 * 1024 * 1024)
                    text = decode(data, path).text
            except OSError:
                text = None
            if text is None:
                self._lines[path] = None
            else:
                lines = text.splitlines()
                secret: list[bool] = []
                inside = False
                for line in lines:
                    if "-----BEGIN" in line:
                        inside = True
                        secret.append(False)
                    elif "-----END" in line and inside:
                        inside = False
                        secret.append(False)
                    else:
                        secret.append(inside)
                self._lines[path] = (lines, secret)
        return self._lines[path]

    def evidence(self, finding: Finding) -> str:
        loc = finding.location
        if not loc.line:
            return ""
        read = self.lines(loc.path)
        if read is None or loc.line > len(read[0]):
            return ""
        lines, secret = read
        end = max(loc.line, min(loc.end_line or loc.line, loc.line + EVIDENCE_MAX_LINES - 1))
        chosen: list[str] = []
        for index in range(loc.line - 1, end):
            if not secret[index]:
                chosen.append(lines[index])
            elif not chosen or chosen[-1] != REDACTED:
                chosen.append(REDACTED)  # key or certificate body: never quoted
        text = redact(textwrap.dedent("\n".join(chosen)))
        out = []
        for line in text.splitlines():
            out.append(line if len(line) <= EVIDENCE_MAX_CHARS else line[:EVIDENCE_MAX_CHARS] + "…")
        return "\n".join(out).rstrip()


# --- document rows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    standard: str
    standard_title: str
    id: str
    text: str
    rules: tuple[str, ...]
    status: str
    findings: int  # open findings of its rules
    counts: dict[str, int]  # severity label -> open findings
    accepted: int = 0  # baselined or suppressed findings of its rules
    evidence: str = ""  # what was examined: "12 TLS endpoints, 8 certificates"
    reasons: tuple[str, ...] = ()  # why it is not a pass (gaps, incomplete files)
    # Organisation reports: status -> the repositories with that status, in name order.
    repositories: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    evidence: str
    message: str  # redacted
    repository: str = ""  # organisation reports

    @property
    def where(self) -> str:
        f = self.finding
        loc = f.path + (f":{f.line}" if f.line else "")
        return f"{self.repository}: {loc}" if self.repository else loc


@dataclass(frozen=True)
class RuleGroup:
    rule_id: str
    name: str
    summary: str
    severity: Severity  # the worst finding's
    requirements: tuple[str, ...]  # "PCI DSS v4.0 4.2.1", …
    rows: tuple[FindingRow, ...]

    @property
    def shared_remediation(self) -> str:
        """The remediation when every finding of the group has the same one (said once)."""
        texts = {row.finding.remediation for row in self.rows}
        return texts.pop() if len(texts) == 1 and len(self.rows) > 1 else ""


@dataclass(frozen=True)
class Cell:
    """One endpoint setting: the effective value and where it came from."""

    value: str
    origin: str  # written | inherited | default | managed
    note: str
    location: str

    @property
    def origin_text(self) -> str:
        """Where the value came from, said once: "inherited from http{} at nginx.conf:13",
        "nginx default: off", "written at conf.d/api.conf:6:5"."""
        note = "" if self.note == "set here" else self.note
        lowered = note.lower()
        if not note:
            text = self.origin
        elif lowered.startswith(self.origin) or (
            self.origin in ("default", "managed") and self.origin in lowered
        ):
            text = note
        else:
            text = f"{self.origin}: {note}"
        if self.location and self.origin != "default":
            line = self.location.rsplit(":", 1)[0] if self.location.count(":") > 1 else ""
            if self.location not in text and (not line or line not in text):
                text += f" ({self.location})" if " at " in text else f" at {self.location}"
        return text


@dataclass(frozen=True)
class EndpointRow:
    name: str
    kind: str
    source: str
    location: str
    tls: bool
    hosts: tuple[str, ...]
    cells: dict[str, Cell | None]  # column -> cell; None: the source cannot express it
    certificates: tuple[str, ...]
    repository: str = ""  # organisation reports


ENDPOINT_COLUMNS = (
    ("protocols", "Protocols"),
    ("ciphers", "Ciphers"),
    ("hsts", "HSTS"),
    ("stapling", "OCSP stapling"),
    ("mtls", "mTLS (client certificates)"),
    ("tickets", "Session tickets"),
)


@dataclass(frozen=True)
class CertificateRow:
    subject: str
    sans: tuple[str, ...]
    issuer: str
    key: str
    signature: str
    not_after: dt.datetime | None
    days_left: int | None
    path: str
    line: int
    served_by: tuple[str, ...]
    status: str  # expired | expiring | renew-soon | valid | unknown
    repository: str = ""  # organisation reports

    @property
    def where(self) -> str:
        loc = self.path + (f":{self.line}" if self.line else "")
        return f"{self.repository}: {loc}" if self.repository else loc

    @property
    def label(self) -> str:
        """The subject's common name (else the subject, a SAN or the file) and the file it
        is in: two copies of one CA in two bundles stay two rows a reader can tell apart."""
        subject = self.subject
        if subject.startswith("CN=") and "," not in subject:
            subject = subject[3:]
        return subject or (self.sans[0] if self.sans else "") or self.path


@dataclass(frozen=True)
class Gap:
    """A certificate an endpoint serves that the repository neither holds nor manages."""

    reference: str
    endpoint: str
    location: str
    why: str
    repository: str = ""


@dataclass(frozen=True)
class RepositoryRow:
    """One repository of an organisation report (from its JSON report)."""

    name: str
    commit: str
    branch: str
    as_of: dt.datetime | None
    profile: str
    tool_version: str
    findings: int
    certificates: int
    endpoints: int
    gaps: int
    accepted: int
    incomplete: int
    statuses: dict[str, int]  # requirement status -> count
    source: str  # the JSON report file
    sha256: str  # of that file


@dataclass(frozen=True)
class GitInfo:
    commit: str
    branch: str | None
    dirty: bool


@dataclass(frozen=True)
class Provenance:
    """What a reader needs to reproduce the report: the inputs and their digests."""

    config: str  # repository path of the configuration file, "" for the defaults
    config_sha256: str
    baseline: str
    baseline_sha256: str
    policy_data: str  # the Mozilla guideline file the profile comes from
    policy_data_sha256: str
    controls_sha256: str  # the control mapping


@dataclass
class ComplianceReport:
    tool_version: str
    profile: str
    guideline: str
    scanned_at: dt.datetime | None  # wall clock of the scan; None with --now (reproducible)
    as_of: dt.datetime  # the date expiry is judged against (--now, else the scan time)
    duration: float | None
    root: str
    paths: tuple[str, ...]
    git: GitInfo | None
    standards: tuple[Standard, ...]
    counts: dict[str, int]
    files: int
    requirements: list[Requirement]
    groups: list[RuleGroup]
    endpoints: list[EndpointRow]
    certificates: list[CertificateRow]
    incomplete: dict[str, str]
    accepted: list[Accepted]
    expiry_error_days: int
    expiry_warning_days: int
    unmapped: dict[str, str]  # "TLS000 parse-error" -> why it evidences no requirement
    repository: str = ""
    gaps: list[Gap] = field(default_factory=list)
    provenance: Provenance | None = None
    evidence_files: list[EvidenceFile] = field(default_factory=list)
    repositories: list[RepositoryRow] = field(default_factory=list)  # organisation reports

    @property
    def organisation(self) -> bool:
        return bool(self.repositories)

    @property
    def suppressed(self) -> list[Accepted]:
        return [a for a in self.accepted if a.kind == "suppressed"]

    @property
    def baselined(self) -> list[Accepted]:
        return [a for a in self.accepted if a.kind == "baseline"]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def files_scanned(self) -> str:
        return f"{self.files} file{'' if self.files == 1 else 's'} scanned"

    @property
    def tls_endpoints(self) -> int:
        return sum(1 for e in self.endpoints if e.tls)

    @property
    def empty(self) -> bool:
        """Nothing TLS-related was found: no endpoint, no certificate, no finding."""
        return not self.endpoints and not self.certificates and not self.total and not self.accepted

    @property
    def judged_as_of_another_date(self) -> bool:
        """``--now`` moved the date that validity is judged against."""
        return self.scanned_at is None or abs((self.as_of - self.scanned_at).total_seconds()) > 3600

    def status_counts(self, standard: str | None = None) -> dict[str, int]:
        out = dict.fromkeys(STATUS_ORDER, 0)
        for r in self.requirements:
            if standard is None or r.standard == standard:
                out[r.status] += 1
        return out

    def standard_status(self, standard: str) -> str:
        """A standard's overall status: the worst of its requirements'."""
        return worst(r.status for r in self.requirements if r.standard == standard)


# --- building ----------------------------------------------------------------------------


def rules_of(sid: str, req_id: str) -> tuple[str, ...]:
    """The registered rules mapped to one requirement, in id order."""
    from tlslint.rules import BY_ID

    controls = load_controls()
    return tuple(
        sorted(
            rid
            for rid, mapping in controls.rules.items()
            if req_id in mapping.get(sid, ()) and rid in BY_ID
        )
    )


def requirements(
    result: Result, standards: Iterable[str], *, absent: int, accepted: Sequence[Accepted]
) -> list[Requirement]:
    """Each requirement of the chosen standards, judged from the run's evidence."""
    from tlslint.compliance.status import examined, judge

    controls = load_controls()
    active = {r.id: r.subject for r in result.rules}
    by_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    accepted_by_rule: dict[str, int] = {}
    for a in accepted:
        accepted_by_rule[a.finding.rule_id] = accepted_by_rule.get(a.finding.rule_id, 0) + 1
    seen = examined(result.model, absent, len({f.path for f in result.files}))
    out: list[Requirement] = []
    for sid in standards:
        standard = controls.standards[sid]
        for req_id, text in standard.requirements.items():
            rules = rules_of(sid, req_id)
            findings = [f for rid in rules for f in by_rule.get(rid, ())]
            counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
            for f in findings:
                counts[f.severity.label] += 1
            n_accepted = sum(accepted_by_rule.get(rid, 0) for rid in rules if rid != GAP_RULE)
            verdict = judge(
                [(rid, active[rid]) for rid in rules if rid in active],
                findings,
                n_accepted,
                seen,
                absent,
                len(result.model.incomplete),
            )
            out.append(
                Requirement(
                    sid,
                    standard.title,
                    req_id,
                    text,
                    rules,
                    verdict.status,
                    len(findings),
                    counts,
                    n_accepted,
                    verdict.evidence,
                    verdict.reasons,
                )
            )
    return out


def requirement_labels(rule_id: str, standards: Iterable[str]) -> tuple[str, ...]:
    controls = load_controls()
    mapping = controls.rules.get(rule_id, {})
    return tuple(
        f"{controls.standards[sid].title} {req}"
        for sid in standards
        for req in mapping.get(sid, ())
    )


def finding_groups(
    result: Result, standards: Sequence[str], reader: EvidenceReader
) -> list[RuleGroup]:
    rules = {r.id: r for r in result.rules}
    grouped: dict[str, list[Finding]] = {}
    for f in result.findings:
        grouped.setdefault(f.rule_id, []).append(f)
    groups = []
    for rule_id, findings in grouped.items():
        findings.sort(key=lambda f: (-f.severity, f.path, f.line, f.location.column))
        rule = rules.get(rule_id)
        groups.append(
            RuleGroup(
                rule_id,
                findings[0].rule_name,
                rule.summary if rule else "",
                max(f.severity for f in findings),
                requirement_labels(rule_id, standards),
                tuple(FindingRow(f, reader.evidence(f), redact(f.message)) for f in findings),
            )
        )
    groups.sort(key=lambda g: (-g.severity, g.rule_id))
    return groups


def _cell(setting: Setting[Any] | None, text: str) -> Cell | None:
    if setting is None:
        return None
    origin = setting.origin.value if isinstance(setting.origin, Origin) else str(setting.origin)
    note = setting.note
    if not note and setting.origin is Origin.WRITTEN:
        note = "set here"
    location = str(setting.location) if setting.location.line else ""
    return Cell(redact(text), origin, redact(note), location)


def _on_off(value: object) -> str:
    return "on" if value else "off"


def endpoint_row(e: Endpoint) -> EndpointRow:
    cells: dict[str, Cell | None] = {}
    if e.protocols is not None:
        names = sorted(e.protocols.value, key=protocol_rank)
        cells["protocols"] = _cell(e.protocols, " ".join(names) or "none")
    else:
        cells["protocols"] = None
    if e.ciphers is not None:
        spec = e.ciphers.value
        n = len(spec.suites)
        text = f"{spec.expression} ({n} suite{'' if n == 1 else 's'})"
        if e.tls13_ciphersuites is not None and e.tls13_ciphersuites.value:
            text += "; TLS 1.3: " + ":".join(e.tls13_ciphersuites.value)
        cells["ciphers"] = _cell(e.ciphers, text)
    else:
        cells["ciphers"] = None
    if e.hsts is not None:
        h = e.hsts.value
        if h is None:
            text = "none"
        else:
            parts = [f"max-age={h.max_age}" if h.max_age is not None else "max-age missing"]
            if h.include_subdomains:
                parts.append("includeSubDomains")
            if h.preload:
                parts.append("preload")
            text = "; ".join(parts) + (" (always)" if h.always else "")
        cells["hsts"] = _cell(e.hsts, text)
    else:
        cells["hsts"] = None
    if e.ocsp_stapling is not None:
        text = _on_off(e.ocsp_stapling.value)
        if e.ocsp_stapling.value and e.ocsp_stapling_verify is not None:
            text += ", verify " + _on_off(e.ocsp_stapling_verify.value)
        cells["stapling"] = _cell(e.ocsp_stapling, text)
    else:
        cells["stapling"] = None
    cells["mtls"] = _cell(e.client_verify, str(e.client_verify.value)) if e.client_verify else None
    cells["tickets"] = (
        _cell(e.session_tickets, _on_off(e.session_tickets.value)) if e.session_tickets else None
    )
    if not e.tls:
        cells = {
            "redirect": _cell(
                e.redirects_to_https,
                "redirects to HTTPS"
                if e.redirects_to_https and e.redirects_to_https.value
                else "no redirect",
            )
        }
    certs = tuple(
        ref.resolved_path or ref.reference for ref in e.certificates if ref.role == "certificate"
    )
    return EndpointRow(e.name, e.kind, e.source, str(e.location), e.tls, e.hosts, cells, certs)


# --- certificates ----------------------------------------------------------------------


def _days_left(not_after: dt.datetime, now: dt.datetime) -> int:
    """Whole days left, negative once expired, counted as the expiry findings count them:
    "expired 1068 days ago" is -1068, never -1069."""
    if not_after >= now:
        return (not_after - now).days
    return -(now - not_after).days


def expiry_status(
    not_after: dt.datetime, now: dt.datetime, error_days: int, warning_days: int
) -> str:
    """expired | expiring (within the error window) | renew-soon (the warning one) | valid."""
    days = _days_left(not_after, now)
    if not_after <= now:
        return "expired"
    if days < error_days:
        return "expiring"
    if days < warning_days:
        return "renew-soon"
    return "valid"


def certificate_rows(
    certificates: Iterable[Certificate], now: dt.datetime, error_days: int, warning_days: int
) -> list[CertificateRow]:
    """Inventory rows, soonest expiry first, from the model's certificates as the link step
    left them (``served_by`` names the endpoints that serve each one's bundle)."""
    rows: list[CertificateRow] = []
    for cert in certificates:
        key = f"{cert.key_type} {cert.key_size}" if cert.key_size else cert.key_type
        rows.append(
            CertificateRow(
                subject=redact(cert.subject),
                sans=cert.names,
                issuer=redact(cert.issuer),
                key=key,
                signature=cert.signature_hash or cert.signature_algorithm,
                not_after=cert.not_after,
                days_left=_days_left(cert.not_after, now),
                path=cert.path,
                line=cert.line,
                served_by=cert.served_by,
                status=expiry_status(cert.not_after, now, error_days, warning_days),
            )
        )
    rows.sort(key=lambda r: (r.not_after, r.path, r.line))
    return rows


# --- git ---------------------------------------------------------------------------------


def _ci_branch(root: Path) -> str | None:
    """The branch a GitHub Actions job checked out (detached HEAD), for its own workspace."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if os.environ.get("GITHUB_ACTIONS") != "true" or not workspace:
        return None
    if not root.is_relative_to(Path(workspace).resolve()):
        return None
    return os.environ.get("GITHUB_HEAD_REF") or os.environ.get("GITHUB_REF_NAME") or None


def git_info(root: Path) -> GitInfo | None:
    """Commit, branch and whether the working tree has changes, when root is a checkout.

    Local commands only (no network); the repository's fsmonitor hook is disabled, so a
    scanned repository cannot run code through its git configuration.
    """
    here = root.resolve()
    if not any((d / ".git").exists() for d in (here, *here.parents)):
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-c", "core.fsmonitor=false", "-C", str(here), *args],
                capture_output=True,
                text=True,
                timeout=10,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--verify", "-q", "HEAD")
    if not commit:
        return None
    branch = git("symbolic-ref", "--short", "-q", "HEAD") or _ci_branch(here)
    status = git("status", "--porcelain", "--untracked-files=no", "--ignore-submodules", ".")
    return GitInfo(commit, branch or None, bool(status))


def render(report: ComplianceReport, fmt: str, **options: object) -> str:
    import importlib

    module = importlib.import_module(REPORT_FORMATS[fmt])
    return module.render(report, **options)  # type: ignore[no-any-return]


# --- the whole document ------------------------------------------------------------------


def relative_paths(paths: Iterable[Path], root: Path) -> tuple[str, ...]:
    """The scanned paths as repository paths ("." for the root): the same on every checkout."""
    from tlslint.pipeline.discover import located

    real = root.resolve()
    out = []
    for p in paths:
        full = located(p).resolve()
        out.append(
            full.relative_to(real).as_posix() or "." if full.is_relative_to(real) else str(p)
        )
    return tuple(out)


def repository_name(root: Path, given: str | None = None) -> str:
    """The repository's name in organisation reports: ``--repository``, else
    ``$GITHUB_REPOSITORY`` in a GitHub Actions job scanning its workspace, else the root's
    directory name."""
    if given:
        return given
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if (
        os.environ.get("GITHUB_ACTIONS") == "true"
        and workspace
        and root.resolve().is_relative_to(Path(workspace).resolve())
        and os.environ.get("GITHUB_REPOSITORY")
    ):
        return os.environ["GITHUB_REPOSITORY"]
    return root.resolve().name


def _repo_path(path: Path | None, root: Path) -> str:
    if path is None:
        return ""
    full = path.resolve()
    return (
        full.relative_to(root.resolve()).as_posix()
        if full.is_relative_to(root.resolve())
        else str(path)
    )


def provenance(result: Result, config: Path | None) -> Provenance:
    from tlslint.compliance.evidence import package_data_sha256, sha256_file

    def digest(path: Path | None) -> str:
        if path is None or not path.is_file():
            return ""
        try:
            return sha256_file(path)[0]
        except OSError:
            return ""

    policy_file = f"policy/mozilla-{result.policy.guideline_version}.json"
    return Provenance(
        config=_repo_path(config, result.root),
        config_sha256=digest(config),
        baseline=_repo_path(result.baseline, result.root),
        baseline_sha256=digest(result.baseline),
        policy_data=f"tlslint/data/{policy_file}",
        policy_data_sha256=package_data_sha256(policy_file),
        controls_sha256=package_data_sha256("controls.yaml"),
    )


def accepted_rows(result: Result, standards: Sequence[str], git_enabled: bool) -> list[Accepted]:
    """Baselined and suppressed findings with their reasons and dates."""
    from tlslint.compliance.evidence import Git, baseline_notes
    from tlslint.pipeline.baseline import fingerprint

    git = Git(result.root, enabled=git_enabled)
    out: list[Accepted] = []
    for s in result.suppressed:
        f = s.finding
        where = f"{f.path}:{s.line}" if s.line else f"{f.path} (skip-file)"
        out.append(
            Accepted(
                f,
                "suppressed",
                redact(s.reason) or "no reason given in the comment",
                git.line_date(f.path, s.line),
                where,
                redact(f.message),
                requirement_labels(f.rule_id, standards),
            )
        )
    if result.baselined and result.baseline is not None:
        notes = baseline_notes(result.baseline)
        where = _repo_path(result.baseline, result.root)
        file_date = notes.date or (git.file_date(where) if not where.startswith("/") else "")
        for f in result.baselined:
            reason, date = notes.entries.get(fingerprint(f), ("", ""))
            out.append(
                Accepted(
                    f,
                    "baseline",
                    reason or notes.reason or "no reason recorded in the baseline",
                    date or file_date,
                    where,
                    redact(f.message),
                    requirement_labels(f.rule_id, standards),
                )
            )
    out.sort(key=lambda a: (-a.finding.severity, a.finding.rule_id, a.finding.path, a.finding.line))
    return out


def cited_paths(report: ComplianceReport) -> set[str]:
    """Every repository file the report cites as evidence."""
    paths = {row.finding.path for g in report.groups for row in g.rows}
    paths |= {a.finding.path for a in report.accepted}
    paths |= {c.path for c in report.certificates}
    paths |= {
        e.location.rsplit(":", 2)[0] if e.location.count(":") else e.location
        for e in report.endpoints
    }
    paths |= {g.location.rsplit(":", 2)[0] for g in report.gaps}
    paths |= set(report.incomplete)
    for e in report.endpoints:
        for cell in e.cells.values():
            if cell is not None and cell.location:
                paths.add(cell.location.split(":", 1)[0])
    return {p for p in paths if p and not p.startswith("/")}


def build(
    result: Result,
    standards: Sequence[str] = (),
    *,
    paths: Sequence[str] = (),
    duration: float | None = None,
    git: bool = True,
    scanned_at: dt.datetime | None = None,
    config: Path | None = None,
    repository: str | None = None,
) -> ComplianceReport:
    """The report of one run. ``scanned_at`` None (``--now`` given) leaves the wall clock
    out, so the same inputs give the same report byte for byte."""
    from tlslint.compliance.evidence import evidence_files
    from tlslint.rules.evidence import absent_certificates

    chosen = tuple(standards) or tuple(load_controls().standards)
    reader = EvidenceReader(result.root)
    endpoints = result.model.endpoints
    certs = certificate_rows(
        result.model.objects.get("certificates", []),
        result.now,
        result.policy.expiry_error_days,
        result.policy.expiry_warning_days,
    )
    absent = absent_certificates(result.model)
    gaps = [Gap(redact(a.reference), a.endpoint.name, str(a.ref.location), a.why) for a in absent]
    accepted = accepted_rows(result, chosen, git)
    controls = load_controls()
    scanned_anything = bool(endpoints or certs or result.findings or accepted)
    reqs = requirements(result, chosen, absent=len(absent), accepted=accepted)
    if not scanned_anything:
        reqs = [
            dataclasses.replace(r, status=NOT_ASSESSED, evidence="", reasons=(NO_TLS,))
            for r in reqs
        ]
    report = ComplianceReport(
        tool_version=__version__,
        profile=result.policy.profile,
        guideline=result.policy.guideline_version,
        scanned_at=scanned_at,
        as_of=result.now,
        duration=duration,
        root=str(result.root),
        paths=tuple(paths),
        git=git_info(result.root) if git else None,
        standards=tuple(controls.standards[s] for s in chosen),
        counts=result.counts(),
        files=len({f.path for f in result.files}),
        requirements=reqs,
        groups=finding_groups(result, chosen, reader),
        endpoints=[
            endpoint_row(e) for e in sorted(endpoints, key=lambda e: (not e.tls, e.location))
        ],
        certificates=certs,
        incomplete={p: redact(r) for p, r in sorted(result.model.incomplete.items())},
        accepted=accepted,
        expiry_error_days=result.policy.expiry_error_days,
        expiry_warning_days=result.policy.expiry_warning_days,
        unmapped={
            f"{rule.id} {rule.name}": controls.unmapped[rule.id]
            for rule in result.rules
            if rule.id in controls.unmapped
        },
        repository=repository_name(result.root, repository),
        gaps=gaps,
        provenance=provenance(result, config),
    )
    report.evidence_files = evidence_files(result.root, cited_paths(report))
    return report
