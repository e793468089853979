"""One verdict over every rule fixture: in each fixture repository (tests/fixtures/rules), each
file checked alone gets exactly the findings the whole scan reports at it, so every rule's
cross-file reach (an HTTPS server elsewhere, the servers a renewal reloads) is covered by the
context search (pipeline/context.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.pipeline.test_context import check, key

FIXTURES = REPO / "tests/fixtures/rules"
CASES = sorted(p for p in FIXTURES.glob("TLS*/*/*") if p.is_dir())


def test_the_fixtures_are_found() -> None:
    assert len(CASES) >= 200


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_each_file_alone_is_judged_as_in_the_whole_scan(
    tmp_path: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TLSLINT_NO_CACHE", "1")  # the verdict itself, not the cache's
    root = tmp_path / "repo"
    shutil.copytree(case, root, symlinks=True)
    (root / ".git").mkdir(exist_ok=True)
    expected: dict[str, set[tuple[object, ...]]] = {}
    for f in check(root, root).findings:
        expected.setdefault(f.path, set()).add(key(f))
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert files
    for path in files:
        rel = path.relative_to(root).as_posix()
        alone = {key(f) for f in check(root, path).findings}
        assert alone == expected.get(rel, set()), rel
