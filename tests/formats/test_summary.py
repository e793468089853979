"""The pull-request job summary: new findings first, then counts and the full report's link,
never over GitHub's 1 MiB whatever the repository's size."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.formats.summary import MAX_BYTES, render_summary
from tlslint.model import Location, Severity

SITE = (
    "server {{\n    listen 443 ssl;\n    server_name s{i}.example.com;\n"
    "    ssl_protocols TLSv1;\n}}\n"
)


@pytest.fixture
def result(tmp_path: Path):  # type: ignore[no-untyped-def]
    for i in range(3):
        (tmp_path / f"s{i}.conf").write_text(SITE.format(i=i))
    return lint(tmp_path)


def test_findings_come_first_most_severe_first(result, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/shop")
    monkeypatch.setenv("GITHUB_RUN_ID", "42")
    text = render_summary(result, diff_base="abc123")
    assert text.startswith("## tlslint\n")
    assert f"**{len(result.findings)} new findings** introduced by this change" in text
    assert text.index("### New findings") < text.index("### Counts")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "TLS" in line]
    severities = [row.split("|")[1].strip() for row in rows]
    order = [Severity.parse(s) for s in severities]
    assert order == sorted(order, reverse=True)
    assert "https://github.com/acme/shop/actions/runs/42#artifacts" in text


def test_never_over_one_mebibyte(result) -> None:  # type: ignore[no-untyped-def]
    """3,000 servers' worth of findings, each with a long message and markup to escape."""
    template = result.findings[0]
    many = [
        dataclasses.replace(
            template,
            message=f"server s{i}.example.com | <b>{'x' * 700}</b>",
            location=Location(f"conf.d/s{i}.conf", 3, 5),
        )
        for i in range(3000 * 6)
    ]
    big = dataclasses.replace(result, findings=many)
    text = render_summary(big)
    assert len(text.encode()) <= MAX_BYTES
    assert "more, left out to keep this summary under 1 MiB" in text
    assert "### Counts" in text and "<b>" not in text
    assert "\\|" in text  # a pipe in a message does not break the table
