"""One probe run: measure each target, build the model, apply the rules, as ``run`` does.

Suppression comments and baselines belong to files, so they do not apply here; everything
else (policy, profile, ``--select``/``--ignore``, severity overrides from the config, the
date) is the static check's own code.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tlslint.model import Model, SourceFile
from tlslint.pipeline.run import (
    Options,
    Result,
    UsageError,
    _apply_rules,
    _severity_overrides,
    make_policy,
    resolve_rules,
)
from tlslint.probe.build import build
from tlslint.probe.handshake import ClientIdentity
from tlslint.probe.scan import Measurement, measure
from tlslint.probe.scan import Options as ScanOptions
from tlslint.probe.target import Target
from tlslint.probe.trust import Trust, load_store
from tlslint.rules import Context

MAX_PARALLEL = 8


@dataclass
class ProbeOptions:
    targets: list[Target]
    run: Options  # profile, config, select/ignore, now (paths and root are unused)
    timeout: float = 5.0
    starttls: str = ""
    identity: ClientIdentity | None = None
    http_port: int | None = 80
    ca_files: list[Path] = field(default_factory=list)
    system_store: bool = True


@dataclass
class Probed:
    """One target's measurement and the verdict on its chain."""

    measurement: Measurement
    trust: Trust


@dataclass
class ProbeResult:
    result: Result
    probed: list[Probed]


def private_cas(options: ProbeOptions) -> tuple[list[Path], set[str]]:
    """CA files from ``--ca-file`` and the config's ``certificates.private_cas``."""
    files = list(options.ca_files)
    fingerprints: set[str] = set()
    config = options.run.config
    base = config.directory or Path.cwd()
    for entry in (config.get("certificates") or {}).get("private_cas") or []:
        text = str(entry).strip()
        compact = text.lower().replace(":", "").removeprefix("sha256")
        if len(compact) == 64 and all(c in "0123456789abcdef" for c in compact):
            fingerprints.add(compact)
        else:
            files.append(base / text)
    for path in files:
        if not path.is_file():
            raise UsageError(f"{path}: CA file not found")
    return files, fingerprints


def probe(options: ProbeOptions) -> ProbeResult:
    config = options.run.config
    now = options.run.now or dt.datetime.now(dt.timezone.utc)
    policy = make_policy(options.run)
    select = options.run.select or list(config.get("select") or [])
    ignore = [*options.run.ignore, *(config.get("ignore") or [])]
    rules = resolve_rules(select, ignore)
    severities = _severity_overrides(config)
    files, fingerprints = private_cas(options)
    store = load_store(files, fingerprints, system=options.system_store)
    model = Model()
    probed: list[Probed] = []
    scan = ScanOptions(
        timeout=options.timeout,
        starttls=options.starttls,
        identity=options.identity,
        http_port=options.http_port,
    )
    # Targets are independent and the time is spent waiting on the network: measure several
    # at once (each target's own handshakes stay sequential, as servers rate-limit).
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(options.targets) or 1)) as pool:
        measurements = list(pool.map(lambda t: measure(t, scan), options.targets))
    for target, measurement in zip(options.targets, measurements, strict=True):
        part, trust = build(measurement, store)
        model.extend(part)
        model.files.append(SourceFile(target.name, target.name, "live endpoint", 0))
        if measurement.failure:
            model.incomplete[target.name] = f"not measured: {measurement.detail}"
        probed.append(Probed(measurement, trust))
    ctx = Context(policy=policy, now=now, model=model)
    findings = _apply_rules(rules, model, ctx, severities)
    findings.sort(key=lambda f: (f.path, f.line, f.rule_id, f.message))
    result = Result(Path.cwd(), policy, now, findings, [], [], model, rules)
    return ProbeResult(result, probed)
