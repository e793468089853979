"""The tests stand on their own: upstream data committed unchanged; nothing reads outside."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.helpers import REFERENCE, REPO


def _listed_sums() -> dict[str, str]:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    return {path: digest for digest, path in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)}


def test_every_reference_file_is_listed_with_its_sha256() -> None:
    listed = _listed_sums()
    present = {
        p.relative_to(REFERENCE).as_posix()
        for p in REFERENCE.rglob("*")
        if p.is_file() and p.name != "README.md"
    }
    assert present == set(listed), "tests/reference/README.md must list every file it holds"
    for rel, digest in listed.items():
        actual = hashlib.sha256((REFERENCE / rel).read_bytes()).hexdigest()
        assert actual == digest, f"{rel} differs from the upstream copy recorded in the README"


def test_every_reference_file_names_its_source_and_licence() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    for rel in _listed_sums():
        name = Path(rel).name
        stem = name.split("_", 1)[-1].split(".", 1)[0]  # cert-manager.io_issuers.yaml -> issuers
        row = next((r for r in rows if name in r or stem in r), None)
        assert row is not None, f"{rel} has no row (source, version, licence) in the README"
        assert row.count("|") >= 5 and row.rstrip(" |").split("|")[-1].strip(), rel


def test_nothing_in_the_package_the_tests_or_the_benchmarks_reads_above_the_repository() -> None:
    """No path steps above the repository's own root (``REPO.parent``, or a ``parents[n]``
    chain past it): a fresh clone must not depend on what lies beside it."""
    climbs = re.compile(r"\bREPO\.parent\b|parents\[\d+\]\.parent\b")
    offenders = [
        p.relative_to(REPO).as_posix()
        for folder in ("tlslint", "tests", "bench")
        for p in (REPO / folder).rglob("*.py")
        if p != Path(__file__) and climbs.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
