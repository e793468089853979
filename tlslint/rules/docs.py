"""Rule documentation from the rules' own docstrings: one source of truth for words.

Feeds ``tlslint rules``, SARIF help text, the reports and the README's rule table.
"""

from __future__ import annotations

from typing import Any

from tlslint.rules.base import DOC_HEADINGS, FixSafety, Rule

# How each fix level reads in a table and a rule's page.
FIX_WORDS = {
    FixSafety.NONE: "no fix",
    FixSafety.SAFE: "safe fix",
    FixSafety.UNSAFE: "unsafe fix, written with --unsafe-fixes",
    FixSafety.DISPLAY_ONLY: "display-only fix, never written",
}


def fix_label(rule: Rule) -> str:
    """``safe``, ``unsafe``, ``display-only`` or ``none``."""
    return (rule.fix or FixSafety.NONE).value


def fix_words(rule: Rule) -> str:
    return FIX_WORDS[rule.fix or FixSafety.NONE]


def rule_dict(rule: Rule) -> dict[str, Any]:
    sections = {h.lower().replace(" ", "_"): rule.section(h) for h in DOC_HEADINGS}
    # The "Severity" section explains the default; "severity" stays the label.
    sections["severity_rationale"] = sections.pop("severity", "")
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "standard": rule.standard,
        "sources": list(rule.sources),
        "fix": fix_label(rule),
        **sections,
        "references": rule.references,
    }


def markdown_doc(rule: Rule) -> str:
    """The rule's documentation page in Markdown (SARIF help, reports)."""
    parts = [
        f"# {rule.id} {rule.name}",
        "",
        f"{rule.summary}. Default severity: **{rule.severity.label}**; {fix_words(rule)}.",
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
    lines = [f"{rule.id} {rule.name} ({rule.severity.label}; {fix_words(rule)})", rule.summary]
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
        rows = [
            "| id | name | severity | fix | summary | standard |",
            "|---|---|---|---|---|---|",
        ]
        rows += [
            f"| {r.id} | {r.name} | {r.severity.label} | {_fix_cell(r)} | {r.summary} "
            f"| {r.standard} |"
            for r in RULES
        ]
        return "\n".join(rows) + "\n"
    width = max(len(r.name) for r in RULES)
    return "".join(
        f"{r.id}  {r.name:<{width}}  {r.severity.label:<8}  {_fix_column(r):<12}  {r.summary}\n"
        for r in RULES
    )


def _fix_cell(rule: Rule) -> str:
    return "" if fix_label(rule) == "none" else fix_label(rule)


def _fix_column(rule: Rule) -> str:
    return "-" if fix_label(rule) == "none" else fix_label(rule)


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
        "Fix: *safe* fixes are written by `tlslint fix`; *unsafe* ones only with"
        " `--unsafe-fixes`; *display-only* ones are shown (JSON, SARIF) but never written.",
        "",
        "| id | name | severity | fix | summary |",
        "|---|---|---|---|---|",
    ]
    parts += [
        f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.severity.label} | {_fix_cell(r)} "
        f"| {r.summary} |"
        for r in RULES
    ]
    parts.append("")
    for rule in RULES:
        parts += [
            f"## {rule.id}",
            "",
            f"**{rule.name}** — {rule.summary}. Default severity: **{rule.severity.label}**;"
            f" {fix_words(rule)}.",
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
