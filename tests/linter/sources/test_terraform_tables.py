"""The managed-policy tables are data: every name, protocol and suite in them must resolve."""

from __future__ import annotations

import pytest

from tlslint.linter import ciphers
from tlslint.linter.policy import PROFILES, PROTOCOLS
from tlslint.linter.sources.terraform import tables

FAMILIES = [
    name for name, table in tables.data().items() if isinstance(table, dict) and "policies" in table
]


def test_the_table_is_versioned_and_every_family_names_its_source() -> None:
    data = tables.data()
    assert isinstance(data["version"], int)
    for family in FAMILIES:
        assert data[family]["source"], family


@pytest.mark.parametrize("family", FAMILIES)
def test_every_policy_lists_real_protocols_and_suites(family: str) -> None:
    for name in tables.data()[family]["policies"]:
        facts = tables.facts(family, name)
        assert facts is not None
        assert facts.protocols and facts.protocols <= set(PROTOCOLS), name
        for suite in facts.ciphers or ():
            assert ciphers.lookup(suite) is not None, f"{name}: {suite}"


@pytest.mark.parametrize("family", FAMILIES)
def test_replacements_and_recommendations_exist_and_are_current(family: str) -> None:
    policies = tables.data()[family]["policies"]
    for name in policies:
        newer = tables.facts(family, name).superseded_by  # type: ignore[union-attr]
        if newer:
            assert newer in policies, f"{name} -> {newer}"
            assert not tables.facts(family, newer).superseded_by  # type: ignore[union-attr]
    for profile in PROFILES:
        recommended = tables.recommended(family, profile)
        if recommended is not None:
            assert recommended in policies, (family, profile)
            assert not tables.facts(family, recommended).superseded_by  # type: ignore[union-attr]


@pytest.mark.parametrize("profile", PROFILES)
def test_recommended_elb_policy_passes_the_profiles_protocols(profile: str) -> None:
    from tlslint.linter.policy import DEPRECATED_PROTOCOLS, load_profile

    policy = load_profile(profile)
    facts = tables.facts("aws_elbv2", tables.recommended("aws_elbv2", profile) or "")
    assert facts is not None
    assert not (facts.protocols & DEPRECATED_PROTOCOLS) - set(policy.tls_versions)


def test_default_policies_are_in_their_tables() -> None:
    data = tables.data()
    for family in ("aws_elbv2", "aws_cloudfront", "aws_apigateway"):
        assert data[family]["default"] in data[family]["policies"]
