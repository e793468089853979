"""The control mapping is data, and complete: every rule evidences requirements or says why not."""

from __future__ import annotations

import pytest

from tlslint.compliance.report import ReportError, choose_standards, load_controls
from tlslint.rules import RULES

STANDARDS = ("pci-dss", "nist-sp-800-52", "hipaa", "soc2", "iso-27001", "bsi-tr-02102-2")


def test_the_six_standards_and_their_key_requirements_are_there() -> None:
    controls = load_controls()
    assert tuple(controls.standards) == STANDARDS
    assert "4.2.1" in controls.standards["pci-dss"].requirements
    assert "164.312(e)(1)" in controls.standards["hipaa"].requirements
    assert "CC6.7" in controls.standards["soc2"].requirements
    assert "A.8.24" in controls.standards["iso-27001"].requirements


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_registered_rule_is_mapped_or_explicitly_unmapped(rule) -> None:  # type: ignore[no-untyped-def]
    controls = load_controls()
    mapped = controls.rules.get(rule.id)
    reason = controls.unmapped.get(rule.id, "")
    assert (mapped and any(mapped.values())) or len(reason) > 20, rule.id
    assert not (mapped and reason), f"{rule.id} is both mapped and unmapped"


def test_the_mapping_names_only_registered_rules() -> None:
    controls = load_controls()
    covered = set(controls.rules) | set(controls.unmapped)
    assert covered - {r.id for r in RULES} == set(), "mapped ids that are not registered rules"


def test_mappings_name_only_known_requirements_and_every_requirement_has_evidence() -> None:
    controls = load_controls()
    used: set[tuple[str, str]] = set()
    for rule_id, mapping in controls.rules.items():
        for standard, requirements in mapping.items():
            assert standard in controls.standards, f"{rule_id}: unknown standard {standard}"
            for req in requirements:
                assert req in controls.standards[standard].requirements, f"{rule_id}: {req}"
                used.add((standard, req))
    for sid, standard in controls.standards.items():
        for req in standard.requirements:
            assert (sid, req) in used, f"{standard.title} {req} is evidenced by no rule"


def test_standard_selection() -> None:
    assert choose_standards([]) == STANDARDS
    assert choose_standards(["all"]) == STANDARDS
    assert choose_standards(["HIPAA,pci-dss"]) == ("pci-dss", "hipaa")
    with pytest.raises(ReportError, match=r"unknown standard 'gdpr'.*pci-dss"):
        choose_standards(["pci-dss", "gdpr"])
