"""TLS002 unused-suppression: what is judged, what is not, and the fix that removes markers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, NOW, lint
from tlslint.cli import main
from tlslint.pipeline.config import Config
from tlslint.pipeline.run import Options, run

CASE = FIXTURES / "rules" / "TLS002" / "nginx" / "fires"

SITE = """\
server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_protocols TLSv1.2 TLSv1.3;  # tlslint: ignore[TLS101]
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
    # tlslint: ignore
    ssl_prefer_server_ciphers off;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
"""


def _unused(result) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(f.path, f.line) for f in result.findings if f.rule_id == "TLS002"]


def test_only_rules_that_ran_are_judged(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE)
    assert _unused(lint(tmp_path)) == [("site.conf", 4), ("site.conf", 6)]
    # TLS101 did not run: its marker may be needed by a full run; a bare ignore neither
    assert _unused(lint(tmp_path, select=["TLS002", "TLS111"])) == []
    assert _unused(lint(tmp_path, select=["TLS002", "TLS101"])) == [("site.conf", 4)]
    assert _unused(lint(tmp_path, ignore=["TLS002"])) == []


def test_a_name_that_is_no_rule_is_always_reported(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE.replace("ignore[TLS101]", "ignore[TLS911]"))
    found = [f for f in lint(tmp_path, select=["TLS002"]).findings if f.rule_id == "TLS002"]
    assert [f.line for f in found] == [4]
    assert "names no rule: 'TLS911'" in found[0].message


def test_skip_file_and_quoted_markers_are_not_judged(tmp_path: Path) -> None:
    (tmp_path / "a.conf").write_text("# tlslint: skip-file\n" + SITE.replace("# tlslint", "#"))
    quoted = (
        SITE.replace("server_name shop.example.com;", 'server_name "#tlslint: ignore[TLS101]";')
        .replace("# tlslint: ignore[TLS101]", "")
        .replace("# tlslint: ignore", "")
    )
    (tmp_path / "b.conf").write_text(quoted)
    assert _unused(lint(tmp_path)) == []


def test_one_file_gets_the_verdict_of_the_whole_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASE, repo)
    whole = _unused(lint(repo))
    config = Config()
    one = run(Options(paths=[repo / "site.conf"], root=repo, config=config, now=NOW))
    assert _unused(one) == whole and whole


def test_without_context_a_partial_run_does_not_judge_markers(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASE, repo)
    options = Options(paths=[repo / "site.conf"], root=repo, now=NOW, context=False)
    assert _unused(run(options)) == []


def test_fix_removes_stale_markers_and_keeps_used_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASE, repo)
    before = (repo / "site.conf").read_text()
    assert main(["fix", "--now", "2026-06-01", "--root", str(repo), str(repo)]) == 0
    after = (repo / "site.conf").read_text()
    assert "ignore[TLS101]" not in after
    assert "    # tlslint: ignore  # expect" not in after  # the line of a bare marker is gone
    assert "# tlslint: ignore[TLS301] typo in the name" in after  # the used name stays
    assert len(after.splitlines()) == len(before.splitlines()) - 1
    assert _unused(lint(repo)) == []
    assert [s.finding.rule_id for s in lint(repo).suppressed] == ["TLS301"]
    capsys.readouterr()
