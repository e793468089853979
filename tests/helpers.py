"""Test helpers: run tlslint on a directory as a user would, and read expectation markers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tlslint.pipeline.config import Config, find_config, load_config
from tlslint.pipeline.run import Options, Result, run

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Upstream schemas and CRDs the tests validate against (see tests/reference/README.md).
REFERENCE = Path(__file__).resolve().parent / "reference"
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
# Reason prefix of skips that CI accepts: the case does not apply on this platform (every other
# skip fails under CI, see conftest.py).
NOT_APPLICABLE = "not applicable here:"
EXPECT = re.compile(r"expect:\s*((?:TLS\d{3}[ ,]*)+)")


def lint(path: Path, **overrides: object) -> Result:
    """Lint a directory (its own .tlslint.yaml applies) at a fixed date."""
    config_path = find_config(path)
    if config_path is not None and not config_path.is_relative_to(path):
        config_path = None
    config = load_config(config_path) if config_path else Config()
    options = Options(paths=[path], root=path, config=config, now=NOW)
    for key, value in overrides.items():
        setattr(options, key, value)
    return run(options)


def expected_markers(root: Path) -> set[tuple[str, str, int]]:
    """(rule id, path, line) for every '# expect: TLSxxx' marker under root."""
    out: set[tuple[str, str, int]] = set()
    for file in sorted(root.rglob("*")):
        if not file.is_file() or file.is_symlink():
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                for rule_id in re.findall(r"TLS\d{3}", match.group(1)):
                    out.add((rule_id, file.relative_to(root).as_posix(), number))
    return out
