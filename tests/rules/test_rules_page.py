"""docs/rules.md is generated from the rules' docstrings and is where SARIF's helpUri points."""

from __future__ import annotations

import re

from tests.helpers import REPO
from tlslint.formats.sarif import RULES_DOC_URI
from tlslint.rules import RULES
from tlslint.rules.docs import rules_page

PAGE = REPO / "docs" / "rules.md"


def test_the_rules_page_is_current() -> None:
    assert PAGE.read_text(encoding="utf-8") == rules_page(), (
        "docs/rules.md is stale: run `python3 -m tlslint.rules.docs > docs/rules.md`"
    )


def test_every_help_uri_resolves_to_a_section_of_the_page() -> None:
    assert RULES_DOC_URI.endswith("/docs/rules.md#")
    # GitHub makes a heading's anchor from its text, lower-cased: "## TLS101" -> #tls101.
    anchors = {m.lower() for m in re.findall(r"^## (TLS\d{3})$", PAGE.read_text(), re.M)}
    assert anchors == {r.id.lower() for r in RULES}
