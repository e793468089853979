"""A finding's fix is computed by its source only when something reads it (``tlslint fix``,
JSON, SARIF), once, and reads the same as if it had been computed at once."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.model import Finding
from tlslint.sources import SOURCES

WEAK = """\
server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_protocols TLSv1 TLSv1.2;
    ssl_prefer_server_ciphers on;
}
"""


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the nginx source's fix computations."""
    calls: list[str] = []
    source = SOURCES["nginx"]
    original = type(source).fix

    def fix(self, intent, endpoint, description):  # type: ignore[no-untyped-def]
        calls.append(intent.setting)
        return original(self, intent, endpoint, description)

    monkeypatch.setattr(type(source), "fix", fix)
    return calls


def test_a_lint_computes_no_fix_until_one_is_read(tmp_path: Path, counted: list[str]) -> None:
    (tmp_path / "site.conf").write_text(WEAK)
    result = lint(tmp_path)
    fixable = [f for f in result.findings if f.rule_id in ("TLS101", "TLS114")]
    assert len(fixable) == 2
    assert counted == []
    first = fixable[0].fix
    assert first is not None and first.edits
    assert counted == ["protocols"]
    assert fixable[0].fix is first  # kept, not computed again
    assert counted == ["protocols"]


def test_a_deferred_finding_copies_compares_and_pickles_like_a_finding(
    tmp_path: Path, counted: list[str]
) -> None:
    (tmp_path / "site.conf").write_text(WEAK)
    one = next(f for f in lint(tmp_path).findings if f.rule_id == "TLS101")
    other = next(f for f in lint(tmp_path).findings if f.rule_id == "TLS101")
    assert isinstance(one, Finding)
    assert one == other  # equality reads both fixes
    copy = dataclasses.replace(one, message="changed")
    assert copy.fix == one.fix and copy.message == "changed"
    restored = pickle.loads(pickle.dumps(one))
    assert restored == one and restored.fix == one.fix
