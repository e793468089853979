"""Every rule fires where its fixtures say and stays silent where they say it must.

Fixtures live in tests/fixtures/rules/<ID>/<source>/<case>/, each a small repository (with
its own .tlslint.yaml where the case needs one). In a ``fires*`` case every line marked
``# expect: <ID>`` must carry a finding of that rule and no other line may; a ``passes*`` case
must produce no finding of the rule at all.

A ``fires*`` case also has a snapshot beside it, ``<case>.snap``: each finding of the rule as
it is rendered (place, severity, endpoint, message) and its fix (description, safety, and the
edit as a diff of the file), so a change to a message or an edit shows in review. Regenerate
them after a deliberate change with ``TLSLINT_UPDATE_SNAPSHOTS=1 python3 -m pytest
tests/rules/test_rule_fixtures.py`` and review the diff (refused under CI).

Cases made of certificates and keys cannot be committed (they would expire; committed keys are
what TLS501 forbids): tests/rules/certificate_cases.py builds them at test time under the same
fires/passes contract, each returning the (path, line) of the findings it expects. They count
for the certificates source and for rules that judge what an endpoint serves — never instead
of committed fixtures for other rules and sources.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, expected_markers, lint
from tests.rules.certificate_cases import CASES as GENERATED
from tests.rules.certificate_cases import GeneratedCase
from tlslint.model import Finding
from tlslint.pipeline.fix import apply_edits
from tlslint.rules import BY_ID, RULES, evidence
from tlslint.rules.base import FixSafety
from tlslint.rules.certificates import serving

RULE_FIXTURES = FIXTURES / "rules"
UPDATE = os.environ.get("TLSLINT_UPDATE_SNAPSHOTS", "") not in ("", "0")
# Rules judged against what every other rule found: their cases run every rule.
NEEDS_EVERY_RULE = frozenset({"TLS002"})


def _cases() -> list[tuple[str, Path]]:
    out = []
    for rule_dir in sorted(RULE_FIXTURES.iterdir()):
        for source_dir in sorted(p for p in rule_dir.iterdir() if p.is_dir()):
            for case in sorted(p for p in source_dir.iterdir() if p.is_dir()):
                out.append((rule_dir.name, case))
    return out


CASES = _cases()


@pytest.mark.parametrize(
    ("rule_id", "case"), CASES, ids=[f"{r}-{c.parent.name}-{c.name}" for r, c in CASES]
)
def test_rule_fixture(rule_id: str, case: Path) -> None:
    result = lint(case, select=[] if rule_id in NEEDS_EVERY_RULE else [rule_id])
    mine = [f for f in result.findings if f.rule_id == rule_id]
    found = {(f.rule_id, f.path, f.line) for f in mine}
    if BY_ID[rule_id].fix is FixSafety.NONE:
        assert not [f for f in mine if f.fix is not None], f"{rule_id} declares no fix"
    if case.name.startswith("fires"):
        expected = {m for m in expected_markers(case) if m[0] == rule_id}
        assert expected, f"{case} has no '# expect: {rule_id}' marker"
        assert found == expected
        _compare_snapshot(case, render(case, mine))
    else:
        assert found == set(), [f.message for f in result.findings]
        assert not snapshot_path(case).exists(), "a passes case has nothing to snapshot"


def snapshot_path(case: Path) -> Path:
    return case.parent / f"{case.name}.snap"


def render(case: Path, findings: list[Finding]) -> str:
    """The findings as the snapshot shows them: rendered text, then each fix's edit."""
    rule = BY_ID[findings[0].rule_id] if findings else None
    safety = (rule.fix or FixSafety.NONE).value if rule else ""
    lines = [f"# {case.parent.parent.name} {case.parent.name}/{case.name}"]
    order = sorted(findings, key=lambda f: (f.path, f.line, f.location.column, f.message))
    for f in order:
        lines.append("")
        lines.append(f"{f.path}:{f.line}:{f.location.column} {f.rule_id} {f.severity.label}")
        if f.endpoint:
            lines.append(f"  endpoint: {f.endpoint}")
        lines.append(f"  message: {f.message}")
        if f.fix is None:
            continue
        lines.append(f"  fix ({safety}): {f.fix.description}")
        by_path: dict[str, list] = {}  # type: ignore[type-arg]
        for edit in f.fix.edits:
            by_path.setdefault(edit.path, []).append(edit)
        for path, edits in sorted(by_path.items()):
            original = (case / path).read_text(encoding="utf-8") if (case / path).exists() else ""
            fixed, _ = apply_edits(original, edits)
            diff = difflib.unified_diff(
                original.splitlines(keepends=True),
                fixed.splitlines(keepends=True),
                f"a/{path}",
                f"b/{path}",
                n=1,
            )
            lines += [f"    {line.rstrip()}" for line in diff]
    return "\n".join(lines) + "\n"


def _compare_snapshot(case: Path, text: str) -> None:
    path = snapshot_path(case)
    if UPDATE:
        assert os.environ.get("CI") != "true", "snapshots are regenerated by a person, not CI"
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), (
        f"{path.relative_to(RULE_FIXTURES)} is missing: run with TLSLINT_UPDATE_SNAPSHOTS=1 "
        "and review it"
    )
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                "snapshot",
                "now",
            )
        )
        pytest.fail(
            f"{path.relative_to(RULE_FIXTURES)} differs (TLSLINT_UPDATE_SNAPSHOTS=1 to accept):\n"
            + diff
        )


def test_every_snapshot_belongs_to_a_firing_case() -> None:
    cases = {snapshot_path(c) for _, c in CASES if c.name.startswith("fires")}
    stray = sorted(set(RULE_FIXTURES.glob("*/*/*.snap")) - cases)
    assert not stray, f"snapshots without a fires case: {stray}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_a_rule_that_declares_a_fix_has_a_fixture_where_it_gives_one(rule) -> None:  # type: ignore[no-untyped-def]
    """Checked on the snapshots, which test_rule_fixture keeps current."""
    assert rule.fix is not None, f"{rule.id} does not declare fix= (none, safe, unsafe, ...)"
    if rule.fix is FixSafety.NONE:
        return
    snapshots = [
        snapshot_path(c).read_text(encoding="utf-8")
        for r, c in CASES
        if r == rule.id and snapshot_path(c).exists()
    ]
    assert any(f"  fix ({rule.fix.value}): " in s for s in snapshots), (
        f"{rule.id} declares a {rule.fix.value} fix but no fixture shows one"
    )


# Rules that judge an endpoint's certificate (or whether it is there at all) need certificate
# files, so their nginx cases may be generated too.
SERVING_RULES = frozenset(
    v.id
    for module in (serving, evidence)
    for v in vars(module).values()
    if getattr(v, "subject", None) in ("endpoint", "model")
)


def _generated_counts(case: GeneratedCase) -> bool:
    return case.source == "certificates" or case.rule_id in SERVING_RULES


@pytest.mark.parametrize(
    "case", GENERATED, ids=[f"{c.rule_id}-{c.source}-{c.name}" for c in GENERATED]
)
def test_generated_rule_case(case: GeneratedCase, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    expected = case.build(root)
    result = lint(root, select=[case.rule_id])
    found = {(f.path, f.line) for f in result.findings if f.rule_id == case.rule_id}
    messages = [f.message for f in result.findings]
    if BY_ID[case.rule_id].fix is FixSafety.NONE:
        assert not [f for f in result.findings if f.fix is not None], "it declares no fix"
    if case.name.startswith("fires"):
        assert expected, f"{case.name} expects no finding"
        assert found == expected, messages
    else:
        assert not expected
        assert found == set(), messages


def test_generated_cases_only_stand_in_where_files_cannot_be_committed() -> None:
    names = [(c.rule_id, c.source, c.name) for c in GENERATED]
    assert len(names) == len(set(names))
    for c in GENERATED:
        assert _generated_counts(c), f"{c.rule_id}/{c.source}: commit a fixture instead"
        assert c.name.startswith(("fires", "passes"))
        assert any(r.id == c.rule_id and c.source in r.sources for r in RULES), c


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_firing_and_passing_fixtures_per_source(rule) -> None:  # type: ignore[no-untyped-def]
    for source in rule.sources:
        cases = [c.name for r, c in CASES if r == rule.id and c.parent.name == source]
        cases += [
            c.name
            for c in GENERATED
            if c.rule_id == rule.id and c.source == source and _generated_counts(c)
        ]
        assert any(c.startswith("fires") for c in cases), f"{rule.id}/{source}: no fires case"
        assert any(c.startswith("passes") for c in cases), f"{rule.id}/{source}: no passes case"
