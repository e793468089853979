"""Rule documentation from the rules' own docstrings: one source of truth for words.

Feeds ``tlslint rules``, SARIF help text, the reports and the README's rule table.
"""

from __future__ import annotations

from typing import Any

from tlslint.rules.base import DOC_HEADINGS, Rule


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "standard": rule.standard,
        "sources": list(rule.sources),
        **{h.lower().replace(" ", "_"): rule.section(h) for h in DOC_HEADINGS},
        "references": rule.references,
    }


def markdown_doc(rule: Rule) -> str:
    """The rule's documentation page in Markdown (SARIF help, reports)."""
    parts = [
        f"# {rule.id} {rule.name}",
        "",
        f"{rule.summary}. Default severity: **{rule.severity.label}**.",
        "",
    ]
    if rule.standard:
        parts += [f"Enforces: {rule.standard}.", ""]
    for heading in DOC_HEADINGS:
        body = rule.section(heading)
        if not body:
            continue
        parts += [f"## {heading}", "", body, ""]
    return "\n".join(parts).rstrip() + "\n"


def explain(rule: Rule, markdown: bool = False) -> str:
    if markdown:
        return markdown_doc(rule)
    lines = [f"{rule.id} {rule.name} ({rule.severity.label})", rule.summary]
    if rule.standard:
        lines.append(f"Enforces: {rule.standard}")
    lines.append("")
    for heading in DOC_HEADINGS:
        body = rule.section(heading)
        if body:
            lines += [heading, "-" * len(heading), body, ""]
    return "\n".join(lines).rstrip() + "\n"


def rules_table(markdown: bool = False) -> str:
    from tlslint.rules import RULES

    if markdown:
        rows = ["| id | name | severity | summary | standard |", "|---|---|---|---|---|"]
        rows += [
            f"| {r.id} | {r.name} | {r.severity.label} | {r.summary} | {r.standard} |"
            for r in RULES
        ]
        return "\n".join(rows) + "\n"
    width = max(len(r.name) for r in RULES)
    return "".join(
        f"{r.id}  {r.name:<{width}}  {r.severity.label:<8}  {r.summary}\n" for r in RULES
    )


def rules_page() -> str:
    """``docs/rules.md``: every rule's documentation, one section per rule whose anchor is its
    lower-case id (``#tls101``), where SARIF's ``helpUri`` points. Regenerate it with
    ``python3 -m tlslint.rules.docs > docs/rules.md`` (a test fails when it is stale)."""
    from tlslint.rules import RULES

    parts = [
        "# tlslint rules",
        "",
        "<!-- Generated from the rules' docstrings by `python3 -m tlslint.rules.docs`;"
        " do not edit. -->",
        "",
        "`tlslint rules ID` prints the same text in a terminal.",
        "",
        "| id | name | severity | summary |",
        "|---|---|---|---|",
    ]
    parts += [
        f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.severity.label} | {r.summary} |"
        for r in RULES
    ]
    parts.append("")
    for rule in RULES:
        parts += [
            f"## {rule.id}",
            "",
            f"**{rule.name}** — {rule.summary}. Default severity: **{rule.severity.label}**.",
            "",
        ]
        for heading in DOC_HEADINGS:
            body = rule.section(heading)
            if body:
                parts += [f"### {heading}", "", body, ""]
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(rules_page())
