"""Every rule fires where its fixtures say and stays silent where they say it must.

Fixtures live in tests/fixtures/rules/<ID>/<source>/<case>/, each a small repository (with
its own .tlslint.yaml where the case needs one). In a ``fires*`` case every line marked
``# expect: <ID>`` must carry a finding of that rule and no other line may; a ``passes*`` case
must produce no finding of the rule at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, expected_markers, lint
from tlslint.rules import RULES

RULE_FIXTURES = FIXTURES / "rules"


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
    result = lint(case, select=[rule_id])
    found = {(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id == rule_id}
    if case.name.startswith("fires"):
        expected = {m for m in expected_markers(case) if m[0] == rule_id}
        assert expected, f"{case} has no '# expect: {rule_id}' marker"
        assert found == expected
    else:
        assert found == set(), [f.message for f in result.findings]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_firing_and_passing_fixtures_per_source(rule) -> None:  # type: ignore[no-untyped-def]
    for source in rule.sources:
        cases = [c.name for r, c in CASES if r == rule.id and c.parent.name == source]
        assert any(c.startswith("fires") for c in cases), f"{rule.id}/{source}: no fires case"
        assert any(c.startswith("passes") for c in cases), f"{rule.id}/{source}: no passes case"
