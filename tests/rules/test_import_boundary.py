"""Rules see only the model: they import the model, the policy and the shared TLS knowledge.

A rule that reached into a source (its parser, its defaults, its tables) would judge one
format's files differently from the others and break when that source changes; what a source
knows that rules need is either a typed fact on the model or TLS knowledge in ``tlslint.tls``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.helpers import REPO

RULES = REPO / "tlslint" / "rules"
ALLOWED = (
    "tlslint.rules",
    "tlslint.model",
    "tlslint.model.rotation",  # the model of certificate rotation, published by sources
    "tlslint.model.issuing",  # the model of issuing policies (what an issuer may issue)
    "tlslint.model.policy",
    "tlslint.tls",
)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom):  # relative: resolved inside tlslint.rules
            found.append((node.lineno, "tlslint.rules"))
    return found


def _allowed(module: str) -> bool:
    if module.split(".")[0] != "tlslint":
        return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"
    return any(module == a or module.startswith(a + ".") for a in ALLOWED)


def test_rules_import_only_the_model_the_policy_and_tls_knowledge() -> None:
    offending = [
        f"{path.relative_to(REPO)}:{line}: {module}"
        for path in sorted(RULES.rglob("*.py"))
        for line, module in _imports(path)
        if not _allowed(module)
    ]
    assert offending == []


def test_the_boundary_test_sees_a_source_import(tmp_path: Path) -> None:
    rule = tmp_path / "rule.py"
    rule.write_text("def f():\n    from tlslint.sources.nginx import defaults\n")
    assert [m for _, m in _imports(rule) if not _allowed(m)] == ["tlslint.sources.nginx"]


def test_rules_read_typed_fields_not_a_sources_fix_data() -> None:
    """``Endpoint.extra`` is each source's own data for its fixes; what a rule needs from a
    source (why a value is undecided, OCSP from a file…) is a typed field of the model."""
    reads = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in sorted(RULES.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "extra"
    ]
    assert reads == []
