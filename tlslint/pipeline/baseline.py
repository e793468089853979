"""Baselines: accept today's findings, report only new ones.

A fingerprint hashes the rule, the file, the endpoint and the finding's stable context (the
offending values), never the line, so findings survive unrelated edits that move lines.
Identical fingerprints are matched as a multiset: a second copy of a baselined problem is new.
A baseline written before a rule was renumbered still matches: a finding also matches the
fingerprint it had under each old id that redirects to its rule (``rules.REDIRECTS``), with a
deprecation warning; a renamed rule keeps its id, and with it its fingerprints.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tlslint.digest import sha256
from tlslint.model import Finding

BASELINE_VERSION = 1
BASELINE_MAX_BYTES = 64 * 1024 * 1024


class BaselineError(Exception):
    pass


def fingerprint(finding: Finding, rule_id: str | None = None) -> str:
    """The finding's fingerprint (``rule_id``: as if its rule had that id)."""
    parts = [
        rule_id or finding.rule_id,
        finding.path,
        finding.endpoint,
        finding.context or finding.message,
    ]
    # surrogateescape: a file name that is not UTF-8 still has a fingerprint
    return sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = [
        {
            "fingerprint": fingerprint(f),
            "rule": f.rule_id,
            "path": f.path,
            "endpoint": f.endpoint,
            "message": f.message,
        }
        for f in findings
    ]
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    document = {"version": BASELINE_VERSION, "tool": "tlslint", "findings": entries}
    from tlslint.pipeline.atomic import write_text

    write_text(path, json.dumps(document, indent=2) + "\n")


def load_baseline(path: Path) -> Counter[str]:
    from tlslint.pipeline.reading import read_bytes, why

    try:
        # Bounded, and only a regular file: a committed config may name /dev/zero or a FIFO.
        data = read_bytes(path, BASELINE_MAX_BYTES)
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} does not exist") from None
    except OSError as exc:
        raise BaselineError(f"baseline {path} cannot be read: {why(exc)}") from None
    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise BaselineError(f"baseline {path} has no 'findings' list")
    return Counter(
        str(entry.get("fingerprint"))
        for entry in document["findings"]
        if isinstance(entry, dict) and entry.get("fingerprint")
    )


def split_by_baseline(
    findings: list[Finding], baseline: Counter[str]
) -> tuple[list[Finding], list[Finding]]:
    """(new findings, baselined findings)."""
    from tlslint.rules import REDIRECTS, deprecated, find

    old_ids: dict[str, list[str]] = {}
    for old, target in REDIRECTS.items():
        if old.startswith("TLS"):
            old_ids.setdefault(target, []).append(old)
    remaining = Counter(baseline)
    new: list[Finding] = []
    known: list[Finding] = []
    for f in findings:
        keys = [(fingerprint(f), "")]
        keys += [(fingerprint(f, old), old) for old in old_ids.get(f.rule_id, ())]
        key, old = next(((k, o) for k, o in keys if remaining[k] > 0), ("", ""))
        if key:
            remaining[key] -= 1
            known.append(f)
            rule = find(f.rule_id)
            if old and rule is not None:
                deprecated(old, rule)
        else:
            new.append(f)
    return new, known
