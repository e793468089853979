"""Every rule fires where its fixtures say and stays silent where they say it must.

Fixtures live in tests/fixtures/rules/<ID>/<source>/<case>/, each a small repository (with
its own .tlslint.yaml where the case needs one). In a ``fires*`` case every line marked
``# expect: <ID>`` must carry a finding of that rule and no other line may; a ``passes*`` case
must produce no finding of the rule at all.

Cases made of certificates and keys cannot be committed (they would expire; committed keys are
what TLS501 forbids): tests/rules/certificate_cases.py builds them at test time under the same
fires/passes contract, each returning the (path, line) of the findings it expects. They count
for the certificates source and for rules that judge what an endpoint serves — never instead
of committed fixtures for other rules and sources.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, expected_markers, lint
from tests.rules.certificate_cases import CASES as GENERATED
from tests.rules.certificate_cases import GeneratedCase
from tlslint.rules import RULES, evidence
from tlslint.rules.certificates import serving

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
