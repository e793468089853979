"""The managed-policy tables are data: every name, protocol and suite in them must resolve."""

from __future__ import annotations

import pytest

from tlslint.model.policy import PROFILES, PROTOCOLS
from tlslint.sources.terraform import datafiles, tables
from tlslint.tls import ciphers

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
    from tlslint.model.policy import DEPRECATED_PROTOCOLS, load_profile

    policy = load_profile(profile)
    facts = tables.facts("aws_elbv2", tables.recommended("aws_elbv2", profile) or "")
    assert facts is not None
    assert not (facts.protocols & DEPRECATED_PROTOCOLS) - set(policy.tls_versions)


def test_default_policies_are_in_their_tables() -> None:
    data = tables.data()
    for family in ("aws_elbv2", "aws_cloudfront", "aws_apigateway"):
        assert data[family]["default"] in data[family]["policies"]


@pytest.mark.parametrize("family", [*FAMILIES, "aws_classic_elb"])
def test_every_policy_has_a_cipher_list_and_cites_its_source(family: str) -> None:
    """A policy without its suites passes the cipher rules silently: no entry may lack them."""
    table = tables.data()[family]
    sources = table["source"]
    entries = {**table.get("policies", {}), **table.get("older_policies", {})}
    for name, entry in entries.items():
        assert isinstance(entry.get("ciphers"), list), f"{family} {name}: no cipher list"
        facts = tables.facts(family, name)
        assert facts is not None and facts.ciphers is not None, name
        src = entry.get("src")
        assert isinstance(src, int) and 0 <= src < len(sources), f"{family} {name}: no source"


def test_the_same_suites_are_judged_alike_on_every_family() -> None:
    """TLS_1_0 on API Gateway enables the CBC-SHA1 suites ELBSecurityPolicy-2016-08 does."""
    api = set(tables.facts("aws_apigateway", "TLS_1_0").ciphers or ())  # type: ignore[union-attr]
    elb = set(tables.facts("aws_elbv2", "ELBSecurityPolicy-2016-08").ciphers or ())  # type: ignore[union-attr]
    assert api == elb
    weaker = tables.facts("aws_cloudfront", "TLSv1.2_2018").ciphers  # type: ignore[union-attr]
    newer = tables.facts("aws_cloudfront", "TLSv1.2_2019").ciphers  # type: ignore[union-attr]
    assert weaker is not None and newer is not None and set(newer) < set(weaker)


@pytest.mark.parametrize("profile", PROFILES)
def test_api_gateway_recommends_a_policy_meeting_the_profile(profile: str) -> None:
    from tlslint.model.policy import load_profile

    policy = load_profile(profile)
    name = tables.recommended("aws_apigateway", profile)
    facts = tables.facts("aws_apigateway", name or "")
    assert facts is not None
    assert facts.protocols <= set(policy.tls_versions) | {"TLSv1.3"}
    if profile == "modern":
        assert facts.protocols == {"TLSv1.3"}
    assert tables.recommended("aws_apigatewayv2", "modern") is None


@pytest.mark.parametrize("name", sorted(datafiles.TABLES))
def test_the_compiled_tables_hold_what_the_yaml_files_say(name: str) -> None:
    # tlslint reads the compiled copy (no YAML parser on the Terraform path); after editing
    # data/*.yaml, run `python3 -m tlslint.sources.terraform.datafiles && ruff format tlslint`.
    assert datafiles.table(name) == datafiles.from_yaml(name), (
        "stale: run python3 -m tlslint.sources.terraform.datafiles"
    )
