"""Terraform cases by fixture: every TLS check of checkov and trivy has a twin here, and every
provider default tlslint applies has a case citing the provider documentation it rests on.

One directory per case, under tests/fixtures/terraform/peers/ (named after the peers' check ids)
and tests/fixtures/terraform/defaults/, each with a ``fires`` and a ``passes`` repository. In
``fires`` every ``# expect: TLSxxx`` line must carry a finding of that rule and no other line may
carry one of the rules named; ``passes`` must produce none of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, expected_markers, lint

PEERS = FIXTURES / "terraform" / "peers"
DEFAULTS = FIXTURES / "terraform" / "defaults"
ROWS = sorted(p for p in PEERS.iterdir() if p.is_dir())
CASES = ROWS + sorted(p for p in DEFAULTS.iterdir() if p.is_dir())
IDS = [f"{c.parent.name}/{c.name}" for c in CASES]


def _found(case: Path, rules: set[str]) -> set[tuple[str, str, int]]:
    result = lint(case)
    return {(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id in rules}


@pytest.mark.parametrize("row", CASES, ids=IDS)
def test_failing_case_is_flagged_where_marked(row: Path) -> None:
    expected = expected_markers(row / "fires")
    rules = {rule for rule, _, _ in expected}
    assert expected, f"{row.name}: no '# expect:' marker"
    assert _found(row / "fires", rules) == expected


@pytest.mark.parametrize("row", CASES, ids=IDS)
def test_passing_case_is_not_flagged(row: Path) -> None:
    rules = {rule for rule, _, _ in expected_markers(row / "fires")}
    assert _found(row / "passes", rules) == set()


def test_every_peer_check_id_of_the_catalogue_has_a_row() -> None:
    """The checkov/trivy ids tlslint covers; the rest are listed in the module docstring."""
    covered = " ".join(r.name for r in ROWS)
    for check in (
        "CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_74", "CKV2_AWS_20", "CKV_AWS_127", "CKV_AWS_376",
        "CKV_AWS_213", "CKV_AWS_174", "CKV_AWS_34", "CKV2_AWS_54", "CKV2_AWS_72", "CKV2_AWS_42",
        "CKV_AWS_259", "CKV_AWS_206", "AWS-0005", "CKV_AWS_83", "CKV_AWS_228", "CKV_AWS_6",
        "CKV_AWS_220", "CKV_AWS_357", "CKV_AWS_380", "CKV2_AWS_69", "CKV_AWS_105",
        "CKV_AWS_90", "CKV2_AWS_49", "CKV_AWS_239", "CKV_AWS_365", "CKV_AWS_81", "CKV_AWS_30",
        "CKV_AWS_202", "CKV_AWS_215", "CKV_AWS_351", "CKV_AWS_97", "CKV_AZURE_15",
        "CKV_AZURE_154", "CKV_AZURE_145", "CKV_AZURE_14", "CKV_AZURE_44", "CKV_AZURE_3",
        "CKV_AZURE_52", "CKV_AZURE_54", "CKV_AZURE_147", "CKV_AZURE_28", "CKV2_AZURE_37",
        "CKV_AZURE_148", "CKV_AZURE_91", "CKV_AZURE_218", "CKV_AZURE_217", "CKV_AZURE_173",
        "CKV_AZURE_215", "CKV_AZURE_198", "CKV_AZURE_200", "CKV_AZURE_205", "CKV_AZURE_223",
        "CKV2_AZURE_55", "CKV_AZURE_161", "CKV2_AZURE_30", "CKV_GCP_4", "CKV_GCP_6",
        "CKV_GCP_97", "CKV2_GCP_10", "CKV_GIT_2", "CKV_ALI_33", "CKV_NCP_13", "CKV_TC_12",
        "CKV_AWS_211",
        "DIG-0002",
    ):  # fmt: skip
        assert check in covered, check
