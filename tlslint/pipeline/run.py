"""One lint run: discover, extract, apply the rules, filter, and return the result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from tlslint.model import (
    ENDPOINTS,
    MODEL,
    Finding,
    Location,
    Model,
    Severity,
    SourceFile,
    published_path,
    subject_name,
)
from tlslint.model.policy import Policy, build_policy
from tlslint.pipeline.cache import Index, open_index
from tlslint.pipeline.config import Config
from tlslint.pipeline.deferred import deferred
from tlslint.pipeline.discover import (
    Discovery,
    discover,
    forget_locations,
    located,
    repository_of,
)
from tlslint.pipeline.extract import (
    BudgetExceeded,
    extract_tasks,
    reap_workers,
    tasks_of,
    time_budget,
)
from tlslint.pipeline.progress import note
from tlslint.pipeline.reading import read
from tlslint.pipeline.redact import redact
from tlslint.pipeline.suppress import UNUSED_SUPPRESSION, FileSuppressions, scan, unused_findings
from tlslint.pipeline.units import open_units, split_stored, storer
from tlslint.rules import BY_ID, RULES, Context, Issue, Rule, find
from tlslint.sources import SOURCES
from tlslint.sources.base import Limits, Source, SourceContext, rebase_section


@dataclass
class Options:
    """Everything a run needs; the CLI fills it from arguments and the config file."""

    paths: list[Path]
    root: Path
    config: Config = field(default_factory=Config)
    profile: str | None = None
    now: dt.datetime | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    baseline: Path | None = None
    jobs: int = 1
    # Read the files the given ones depend on, or that depend on them (pipeline/context.py).
    context: bool = True
    # The nearest configuration above each file decides for it (pipeline/scopes.py); the CLI
    # sets this unless --config names one for all.
    per_file_config: bool = False
    # The configuration was named (--config): it applies to nested repositories too.
    config_explicit: bool = False
    # Subtrees left to another configuration's run.
    exclude_dirs: list[Path] = field(default_factory=list)


@dataclass
class SuppressedFinding:
    finding: Finding
    reason: str
    line: int = 0  # the line of the suppression comment (0: a skip-file marker)


@dataclass
class Result:
    root: Path
    policy: Policy
    now: dt.datetime
    findings: list[Finding]
    suppressed: list[SuppressedFinding]
    baselined: list[Finding]
    model: Model
    rules: tuple[Rule, ...]
    baseline: Path | None = None  # the baseline file that accepted ``baselined``
    # The files the run was asked about; None when it covered the whole repository. Context
    # files read to judge them are in ``model.files`` but never reported on.
    scope: set[str] | None = None

    @property
    def files(self) -> list[SourceFile]:
        if self.scope is None:
            return self.model.files
        return [f for f in self.model.files if f.path in self.scope]

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for f in self.findings:
            counts[f.severity.label] += 1
        return counts

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


class UsageError(Exception):
    """Bad arguments or references (unknown rule id): exit status 2."""


def resolve_rules(select: Iterable[str], ignore: Iterable[str]) -> tuple[Rule, ...]:
    chosen: list[Rule] = list(RULES)
    selected = list(select)
    if selected:
        chosen = [r for r in RULES if any(_matches(r, s) for s in selected)]
        for s in selected:
            if not any(_matches(r, s) for r in RULES):
                raise UsageError(f"--select: no rule matches {s!r}")
    for i in ignore:
        if not any(_matches(r, i) for r in RULES):
            raise UsageError(f"--ignore: no rule matches {i!r}")
    return tuple(r for r in chosen if not any(_matches(r, i) for i in ignore))


def _matches(rule: Rule, key: str) -> bool:
    """Exact id or name, or an id prefix such as TLS1 or TLS20."""
    key = key.strip()
    if find(key) is rule:
        return True
    return key.upper().startswith("TLS") and rule.id.startswith(key.upper())


def _severity_overrides(config: Config) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for key, value in (config.get("severity") or {}).items():
        rule = find(key)
        if rule is None:
            raise UsageError(f"config severity: no rule {key!r}")
        out[rule.id] = Severity.parse(value)
    return out


def make_policy(options: Options) -> Policy:
    config = options.config
    profile = options.profile or config.get("profile") or "intermediate"
    overrides = dict(config.get("policy") or {})
    for source in SOURCES.values():  # e.g. the nginx version, which decides nginx's defaults
        overrides.update(source.policy_overrides(config.get(source.config_section) or {}))
    return build_policy(profile, overrides)


def run(options: Options) -> Result:
    """Lint the paths. A repository nested in the tree (a directory holding a ``.git``
    directory, as in a folder of clones) is judged on its own: its files are not context for
    the repository around it, nor are the outer files context for it, whether the whole tree or
    a file of it is checked. What discovery and the context search learn of each file is kept
    for the next run (``pipeline/cache.py``)."""
    forget_locations()
    index = open_index(options.root.resolve())
    try:
        return _run(options, index)
    finally:
        index.save()
        reap_workers()


def _run(options: Options, index: Index, repository: Path | None = None) -> Result:
    from tlslint.pipeline.scopes import merge

    if options.per_file_config:
        from tlslint.pipeline.scopes import split

        plans = split(options)
        if len(plans) > 1:
            return merge([_run(plan, index) for plan in plans])
        options = plans[0]
    root = options.root.resolve()
    if repository is None:
        repositories = _by_repository(options.paths, root)
        if len(repositories) > 1:
            return merge(
                [_run(replace(options, paths=g), index, r) for r, g in repositories.items()]
            )
        repository = next(iter(repositories), root)
    result, nested = _run_in(options, repository, index)
    if not nested:
        return result
    inner = replace(options, per_file_config=not options.config_explicit, exclude_dirs=[])
    return merge([result, *(_run(replace(inner, paths=[root / rel]), index) for rel in nested)])


def _by_repository(paths: list[Path], root: Path) -> dict[Path, list[Path]]:
    """The paths by the repository each belongs to (looked up once per directory)."""
    found: dict[str, Path] = {}
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        directory = os.fspath(
            path if os.path.isdir(path) and not path.is_symlink() else path.parent
        )
        repository = found.get(directory)
        if repository is None:
            repository = found[directory] = repository_of(located(Path(directory)), root)
        groups.setdefault(repository, []).append(path)
    return groups


def _run_in(options: Options, repository: Path, index: Index) -> tuple[Result, list[str]]:
    """One repository's run, and the repositories nested below its paths (not read)."""
    config = options.config
    now = options.now or dt.datetime.now(dt.timezone.utc)
    policy = make_policy(options)
    select = options.select or list(config.get("select") or [])
    ignore = [*options.ignore, *(config.get("ignore") or [])]
    rules = resolve_rules(select, ignore)
    severities = _severity_overrides(config)
    limits = Limits(**(config.get("limits") or {}))
    root = options.root.resolve()

    note("finding files")
    found = discover(
        options.paths,
        root,
        excludes=config.get("exclude") or (),
        max_file_size=limits.max_file_size,
        include=config.get("include") or (),
        index=index,
    )
    if options.exclude_dirs:
        _leave_out(found, [located(d) for d in options.exclude_dirs], root)
    nested = found.repositories
    model = Model(problems=list(found.problems))
    for problem in found.problems:
        model.incomplete.setdefault(problem.location.path, problem.message)
    settings = source_settings(config, root)
    ctx = SourceContext(root, policy, now, limits, settings, found.files, index)
    files = found.files
    scope: set[str] | None = None
    whole = all(located(p) == repository for p in options.paths) and not options.exclude_dirs
    if options.context and not whole:
        scope = {f.path for f in found.files} | {p.location.path for p in found.problems}
    if scope is not None and found.files:
        # Judge the given files in their repository's context (see pipeline/context.py).
        from tlslint.pipeline.context import related

        repository_files = discover(
            [repository],
            root,
            excludes=config.get("exclude") or (),
            max_file_size=limits.max_file_size,
            include=config.get("include") or (),
            index=index,
        ).files
        ctx.files = repository_files
        files = sorted([*found.files, *related(found.files, repository_files, ctx)], key=_path)
        files = sorted(_with_dependents(files, ctx), key=_path)
    note(f"reading {len(files)} file{'s' if len(files) != 1 else ''}")
    # Files unchanged since an earlier run are taken from the unit cache (pipeline/units.py).
    # Units with no entry go to the workers at once; the others are taken from their entries
    # meanwhile, here (and read after all when one no longer holds).
    units = open_units(index, ctx)
    to_read, stored = split_stored(tasks_of(files, ctx), units)
    store = storer(stored.keys, units)
    model.extend(extract_tasks(to_read, ctx, options.jobs, store, meanwhile=stored.load))
    for unit in stored.models:
        model.extend(unit)
    model.put_in_order()  # the same model, whatever --jobs and the order units finished in
    note("applying the rules")
    # Linking and the rules run here, on the merged model: bounded as a whole (a generous
    # deadline that grows with the number of files), so no input can hang the run.
    deadline = limits.file_timeout * (len(files) + 1) + 60
    try:
        with time_budget(deadline):
            findings = _link_and_check(model, ctx, rules, policy, now, severities, scope)
    except BudgetExceeded:
        raise UsageError(
            f"linking and checking took longer than {deadline:g} s "
            "(limits.file_timeout per file); please report it"
        ) from None
    if scope is not None:
        findings = [f for f in findings if f.path in scope]
        # A file the run could not read although the given files depend on it (one that the
        # configuration names, such as the controller ConfigMap) stays listed: they were judged
        # without it. Context files that were read have their own checks and their own gaps.
        extracted = {f.path for f in files}
        model.incomplete = {
            k: v for k, v in model.incomplete.items() if k in scope or k not in extracted
        }
        model.problems = [p for p in model.problems if p.location.path in scope]
        model.endpoints = [e for e in model.endpoints if e.location.path in scope]
        # Objects from context files (the Issuers, Certificates and Ingresses of the rest of the
        # repository) informed the verdict; what the run reports on is what the scope holds.
        for kind, objects in model.objects.items():
            model.objects[kind] = [o for o in objects if published_path(o) in (None, *scope)]
    findings, suppressed = _suppress(findings, root, limits.max_file_size)
    # Without its files' context a run cannot tell a stale marker (rule TLS002).
    judged = whole or options.context
    findings += _unused(model, scope, suppressed, rules, limits, severities) if judged else []
    baselined: list[Finding] = []
    baseline_path = options.baseline or (
        Path(config.get("baseline")) if config.get("baseline") else None
    )
    if baseline_path is not None:
        if not baseline_path.is_absolute() and config.directory and options.baseline is None:
            baseline_path = config.directory / baseline_path
        from tlslint.pipeline.baseline import load_baseline, split_by_baseline

        findings, baselined = split_by_baseline(findings, load_baseline(baseline_path))
    findings.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    result = Result(
        root,
        policy,
        now,
        findings,
        suppressed,
        baselined,
        model,
        rules,
        baseline=baseline_path,
        scope=scope,
    )
    return result, nested


def _link_and_check(
    model: Model,
    ctx: SourceContext,
    rules: tuple[Rule, ...],
    policy: Policy,
    now: dt.datetime,
    severities: dict[str, Severity],
    scope: set[str] | None = None,
) -> list[Finding]:
    # Cross-source linking (certificate paths -> parsed certificates, Secrets -> Ingresses…)
    # needs the whole model, so it runs once, here, after every unit is extracted.
    for source in sorted(SOURCES.values(), key=_link_order):
        source.link(model, ctx)
    # Why a file was not (fully) read may quote it (a parser's message echoes a line): such
    # reasons reach every output format, so they are redacted like finding messages.
    model.problems = [dataclasses.replace(p, message=redact(p.message)) for p in model.problems]
    model.incomplete = {path: redact(reason) for path, reason in model.incomplete.items()}
    rule_ctx = Context(policy=policy, now=now, model=model, sources=SOURCES)
    return _apply_rules(rules, model, rule_ctx, severities, scope)


def _path(f: SourceFile) -> str:
    return f.path


def _leave_out(found: Discovery, directories: list[Path], root: Path) -> None:
    """Drop what lies in subtrees that another configuration's run judges."""
    prefixes = tuple(d.relative_to(root).as_posix() + "/" for d in directories if d != root)
    found.files = [f for f in found.files if not f.path.startswith(prefixes)]
    found.problems = [p for p in found.problems if not p.location.path.startswith(prefixes)]
    found.repositories = [r for r in found.repositories if not (r + "/").startswith(prefixes)]


def source_settings(config: Config, root: Path) -> dict[str, dict[str, Any]]:
    """Each source's config section, the paths it declares rebased from the config file's
    directory onto the repository root (what the sources compare file paths with)."""
    base = config.directory.resolve() if config.directory else root
    rel = base.relative_to(root).as_posix() if base != root and base.is_relative_to(root) else ""
    return {
        source.config_section: rebase_section(
            dict(config.get(source.config_section) or {}), source.path_keys, rel
        )
        for source in SOURCES.values()
    }


def _with_dependents(files: list[SourceFile], ctx: SourceContext) -> list[SourceFile]:
    """The files, and those whose reading reads them (a kustomize overlay of a base, the
    releases of a chart), as each source knows them."""
    out = list(files)
    given = {f.path for f in out}
    for source in SOURCES.values():
        for f in source.dependents(out, ctx):
            if f.path not in given:
                given.add(f.path)
                out.append(f)
    return out


def _link_order(source: Source) -> int:
    return source.link_order


def _apply_rules(
    rules: tuple[Rule, ...],
    model: Model,
    ctx: Context,
    severities: dict[str, Severity],
    scope: set[str] | None = None,
) -> list[Finding]:
    """Every rule over its subjects. With a ``scope`` (the files a run reports on), an issue
    located elsewhere (in a context file) becomes no finding: the run would drop it."""
    findings: list[Finding] = []
    seen: dict[tuple[str, Location, str], int] = {}
    for rule in rules:
        subjects: list[Any]
        if rule.subject == MODEL:
            subjects = [model]
        elif rule.subject == ENDPOINTS:
            subjects = list(model.endpoints)
        else:  # a kind of object a source published, e.g. CERTIFICATES
            subjects = [o for kind in rule.subjects for o in model.objects_of(kind)]
        for subject in subjects:
            endpoint_name = subject_name(subject) if rule.subject != MODEL else ""
            for issue in rule.check(subject, ctx):
                if scope is not None and issue.location.path not in scope:
                    continue
                key = (rule.id, issue.location, issue.message)
                if key in seen:
                    # One http{} directive inherited by many servers: one finding.
                    first = findings[seen[key]]
                    name = issue.endpoint or endpoint_name
                    if name and name != first.endpoint and name not in first.also:
                        findings[seen[key]] = replace(first, also=(*first.also, name))
                    continue
                seen[key] = len(findings)
                about = issue.subject or (subject if rule.subject != MODEL else None)
                findings.append(_finding(rule, issue, about, endpoint_name, severities))
    return findings


def _finding(
    rule: Rule, issue: Issue, about: object, endpoint_name: str, severities: dict[str, Severity]
) -> Finding:
    """The finding an issue makes; its fix, where the source writes one, is computed when
    read (pipeline/deferred.py)."""
    # Severity.INFO is 0: test for None, not truth.
    severity = severities.get(rule.id)
    if severity is None:
        severity = issue.severity if issue.severity is not None else rule.severity
    compute = None
    # (Sourced, tested without a runtime-checkable Protocol's cost per finding.)
    source = SOURCES.get(getattr(about, "source", None))  # type: ignore[arg-type]
    if issue.fix is None and issue.intent is not None and source is not None:
        compute = partial(source.fix, issue.intent, about, issue.remediation or rule.summary)
    finding = Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=severity,
        message=redact(issue.message),
        location=issue.location,
        remediation=issue.remediation,
        endpoint=issue.endpoint or endpoint_name,
        fix=issue.fix,
        context=issue.context,
    )
    return deferred(finding, compute)


def _unused(
    model: Model,
    scope: set[str] | None,
    suppressed: list[SuppressedFinding],
    rules: tuple[Rule, ...],
    limits: Limits,
    severities: dict[str, Severity],
) -> list[Finding]:
    """TLS002: the suppression markers of the files in scope that silenced nothing."""
    if not any(r.id == UNUSED_SUPPRESSION for r in rules):
        return []
    return unused_findings(
        [(f.path, f.absolute) for f in model.files if scope is None or f.path in scope],
        [(s.finding.path, s.line, s.finding.rule_id, s.finding.rule_name) for s in suppressed],
        rules,
        limits.max_file_size,
        severities.get(UNUSED_SUPPRESSION, BY_ID[UNUSED_SUPPRESSION].severity),
    )


def _suppress(
    findings: list[Finding], root: Path, limit: int
) -> tuple[list[Finding], list[SuppressedFinding]]:
    cache: dict[str, FileSuppressions] = {}
    kept: list[Finding] = []
    suppressed: list[SuppressedFinding] = []
    for f in findings:
        if f.path not in cache:
            # Bounded, regular files only, never through a link out of the root: a finding's
            # path may name any file of the tree.
            full = os.path.realpath(root / f.path)
            inside = full.startswith(str(root).rstrip(os.sep) + os.sep)
            text = read(full, f.path, limit).text if inside else None
            cache[f.path] = scan(text) if text else FileSuppressions()
        marks = cache[f.path]
        if marks.skip_file:
            suppressed.append(SuppressedFinding(f, "tlslint: skip-file"))
            continue
        hit = marks.find(f.line, f.rule_id, f.rule_name) if f.line else None
        if hit is not None:
            suppressed.append(SuppressedFinding(f, hit.reason, hit.line))
        else:
            kept.append(f)
    return kept, suppressed
