"""The complexity limit (ruff C901, max-complexity 10) only tightens.

Functions over the limit when it was introduced are recorded in tests/complexity-offenders.txt
(``path function complexity``), and their files are exempt from C901 in pyproject.toml so
that ``ruff check`` passes. This test runs C901 without those exemptions and fails when a new
function goes over the limit, a recorded one grows, or a recorded one was simplified (or
removed) and the list still names it: the list only shrinks. After simplifying, run
``TLSLINT_UPDATE_COMPLEXITY=1 python3 -m pytest tests/test_complexity.py``: it rewrites the
list, refusing when anything is new or more complex, and prints the pyproject.toml exemptions
that go with it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from tests.helpers import REPO

OFFENDERS = REPO / "tests" / "complexity-offenders.txt"
MESSAGE = re.compile(r"`(?P<name>[^`]+)` is too complex \((?P<value>\d+) > (?P<limit>\d+)\)")
Offenders = Counter[tuple[str, str, int]]


def measured() -> Offenders:
    """Every function over the limit, exemptions set aside."""
    ruff = [sys.executable, "-m", "ruff", "check", "--select", "C901", "--exit-zero"]
    out = subprocess.run(
        [*ruff, "--config", "lint.per-file-ignores = {}", "--output-format", "json", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: Offenders = Counter()
    for item in json.loads(out):
        match = MESSAGE.search(item["message"])
        assert match, item["message"]
        path = os.path.relpath(item["filename"], REPO).replace(os.sep, "/")
        found[(path, match.group("name"), int(match.group("value")))] += 1
    return found


def recorded() -> Offenders:
    rows: Offenders = Counter()
    for line in OFFENDERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, name, value = line.split()
            rows[(path, name, int(value))] += 1
    return rows


def exempted() -> set[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    ignores = config["tool"]["ruff"]["lint"].get("per-file-ignores", {})
    return {path for path, codes in ignores.items() if "C901" in codes}


def _worse(now: Offenders, before: Offenders) -> list[str]:
    """Functions over the limit that are not recorded, or more complex than recorded."""
    budget: dict[tuple[str, str], list[int]] = {}
    for (path, name, value), count in before.items():
        budget.setdefault((path, name), []).extend([value] * count)
    out = []
    for (path, name, value), count in sorted(now.items()):
        for _ in range(count):
            allowed = sorted(budget.get((path, name), []))
            fits = [v for v in allowed if v >= value]
            if fits:
                budget[(path, name)].remove(fits[0])
            else:
                out.append(f"{path} {name} {value}")
    return out


def test_no_function_goes_over_the_limit_or_grows() -> None:
    worse = _worse(measured(), recorded())
    assert not worse, (
        "over ruff's max-complexity 10 (split them; the recorded list only shrinks):\n"
        + "\n".join(worse)
    )


def test_the_recorded_list_is_current() -> None:
    now, before = measured(), recorded()
    if os.environ.get("TLSLINT_UPDATE_COMPLEXITY", "") not in ("", "0"):
        assert os.environ.get("CI") != "true"
        assert not _worse(now, before), "the list only shrinks: simplify the new offenders"
        rows = sorted(f"{p} {n} {v}" for (p, n, v), c in now.items() for _ in range(c))
        header = OFFENDERS.read_text(encoding="utf-8").split("\n\n", 1)[0]
        OFFENDERS.write_text(header + "\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
        files = sorted({p for p, _, _ in now})
        print("[tool.ruff.lint.per-file-ignores]")
        print("\n".join(f'"{f}" = ["C901"]' for f in files))
        return
    gone = sorted(f"{p} {n} {v}" for (p, n, v) in (before - now))
    assert not gone, (
        "simplified or removed: take them off tests/complexity-offenders.txt "
        "(TLSLINT_UPDATE_COMPLEXITY=1 does):\n" + "\n".join(gone)
    )


def test_only_files_with_recorded_offenders_are_exempt() -> None:
    files = {path for path, _, _ in recorded()}
    assert exempted() == files, (
        "pyproject.toml's C901 per-file-ignores must name exactly the files in "
        "tests/complexity-offenders.txt"
    )


@pytest.mark.parametrize(
    ("now", "before", "worse"),
    [
        (Counter({("a.py", "f", 12): 1}), Counter({("a.py", "f", 12): 1}), []),
        (Counter({("a.py", "f", 11): 1}), Counter({("a.py", "f", 12): 1}), []),
        (Counter({("a.py", "f", 13): 1}), Counter({("a.py", "f", 12): 1}), ["a.py f 13"]),
        (Counter({("a.py", "g", 11): 1}), Counter(), ["a.py g 11"]),
        (Counter({("a.py", "f", 11): 2}), Counter({("a.py", "f", 11): 1}), ["a.py f 11"]),
    ],
)
def test_what_counts_as_worse(now: Offenders, before: Offenders, worse: list[str]) -> None:
    assert _worse(now, before) == worse
