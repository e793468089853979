"""Provider defaults, managed-policy cipher lists and the false alarms they caused, by fixture.

One directory per case under tests/fixtures/terraform/defaults/, each main.tf citing the provider
documentation it rests on; ``fires`` carries a finding of each rule named by a
``# expect:`` marker on exactly the marked lines, ``passes`` none of those rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, expected_markers, lint

PEERS = FIXTURES / "terraform" / "defaults"
ROWS = sorted(p for p in PEERS.iterdir() if p.is_dir())


def _found(case: Path, rules: set[str]) -> set[tuple[str, str, int]]:
    result = lint(case)
    return {(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id in rules}


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_failing_case_is_flagged_where_marked(row: Path) -> None:
    expected = expected_markers(row / "fires")
    rules = {rule for rule, _, _ in expected}
    assert expected, f"{row.name}: no '# expect:' marker"
    assert _found(row / "fires", rules) == expected


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_passing_case_is_not_flagged(row: Path) -> None:
    rules = {rule for rule, _, _ in expected_markers(row / "fires")}
    assert _found(row / "passes", rules) == set()
