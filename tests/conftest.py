"""Pytest fixtures shared by the whole suite (helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import NOT_APPLICABLE, REFERENCE

# The hand-built run results the format and compliance tests share.
pytest_plugins = ["tests.reporting"]


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's runs keep their caches (pipeline/cache.py) in a directory of the session's
    own, never in the user's: thousands of temporary repositories would each leave an index."""
    os.environ["TLSLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("tlslint-cache"))


@pytest.fixture
def reference() -> Path:
    """tests/reference: the upstream schemas and CRDs, committed with the tests."""
    return REFERENCE


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI (``CI`` set) a skip is a failure: .ci/run installs every tool and the reference data is
    committed, so a skipped test there means something real went unchecked. Only skips that
    say the case does not apply on this platform (``NOT_APPLICABLE``) stay skips."""
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("CI") or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
    if NOT_APPLICABLE in reason:
        return
    report.outcome = "failed"
    report.longrepr = f"skipped in CI, where nothing may go unchecked: {reason}"
