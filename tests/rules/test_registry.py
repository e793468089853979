"""The rule registry stays honest: every rule registered once, documented, and in the README."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import tlslint.rules
from tests.helpers import REPO
from tlslint.rules import REDIRECTS, RULES
from tlslint.rules.base import DOC_HEADINGS, Rule
from tlslint.rules.docs import rules_table

# Every (id, name) ever released; a test keeps them from changing.
PUBLISHED = REPO / "tests" / "rules" / "published-rules.txt"


def _defined_rules() -> list[Rule]:
    found = []
    for module_info in pkgutil.iter_modules(tlslint.rules.__path__):
        module = importlib.import_module(f"tlslint.rules.{module_info.name}")
        found += [v for v in vars(module).values() if isinstance(v, Rule)]
    return found


def test_every_rule_defined_in_a_module_is_registered() -> None:
    assert {r.id for r in _defined_rules()} == {r.id for r in RULES}


def test_ids_and_names_are_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    assert ids == sorted(ids)
    for r in RULES:
        assert re.fullmatch(r"TLS\d{3}", r.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_documents_itself_under_the_standard_headings(rule: Rule) -> None:
    for heading in DOC_HEADINGS:
        assert rule.section(heading), f"{rule.id}: no '{heading}' section"
    assert rule.references and all(ref.startswith("http") for ref in rule.references)
    assert rule.summary and not rule.summary.endswith(".")


def test_published_ids_keep_their_names() -> None:
    """Every rule ever published is still found under its id and its name: either unchanged,
    or renamed (renumbered) with a row in ``rules.REDIRECTS`` from the old key to the new id
    (rules may be added; the registry and the README table are the catalogue)."""
    published = [
        tuple(line.split())
        for line in PUBLISHED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    registered = {r.id: r.name for r in RULES}
    for rule_id, name in published:
        if registered.get(rule_id) == name:
            continue
        current = REDIRECTS.get(rule_id, rule_id)
        assert current in registered, f"{rule_id} was published and has no redirect"
        assert REDIRECTS.get(name) == current or registered[current] == name, (
            f"{rule_id} was published as {name!r}: add a redirect from the old name"
        )


def test_redirects_lead_to_registered_rules_and_shadow_none() -> None:
    ids = {r.id for r in RULES}
    names = {r.name for r in RULES}
    for old, target in REDIRECTS.items():
        assert target in ids, f"redirect {old!r} -> {target!r}: no such rule"
        assert old not in ids and old not in names, f"{old!r} is a current key"
        assert old == (old.upper() if old.upper().startswith("TLS") else old.lower())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_severity_is_justified_by_the_standard_the_rule_enforces(rule: Rule) -> None:
    """One line under 'Severity' opens with the default severity and says why; the README's
    'standard' column names what the rule enforces."""
    justification = rule.section("Severity")
    assert justification.lower().startswith(rule.severity.label), (rule.id, justification)
    assert rule.standard, f"{rule.id}: no standard named"


def test_readme_rule_table_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert block == rules_table(markdown=True), (
        "README rule table is stale: regenerate it with `tlslint rules --format markdown`"
    )
