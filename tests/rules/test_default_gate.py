"""The default gate fails what an attacker or an auditor would count, and nothing else.

tests/fixtures/gate/standards-following is a repository written the way Mozilla's SSL
configuration generator writes nginx (guideline 6.0, intermediate, OCSP stapling left off as
the generator leaves it) and the way AWS recommends its load balancers (the console's default
policy, and the previous recommendation that a newer policy supersedes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, lint
from tlslint.cli import main
from tlslint.model import Severity

FOLLOWING = FIXTURES / "gate" / "standards-following"


def test_a_repository_following_mozilla_and_aws_passes_the_default_gate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--now", "2026-06-01", str(FOLLOWING)]) == 0
    out = capsys.readouterr().out
    # the advisories stay visible below the gate
    for advisory in ("TLS301", "TLS801", "TLS112"):
        assert advisory in out


def test_every_finding_on_it_is_an_advisory() -> None:
    result = lint(FOLLOWING)
    assert result.findings
    assert {f.severity for f in result.findings} == {Severity.INFO}


def test_a_real_weakness_still_fails_the_gate(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FOLLOWING, repo)
    conf = repo / "nginx" / "nginx.conf"
    conf.write_text(conf.read_text().replace("TLSv1.2 TLSv1.3", "TLSv1.1 TLSv1.2 TLSv1.3"))
    assert main(["check", "--now", "2026-06-01", "--format", "json", str(repo)]) == 1


def test_an_unpinned_default_is_an_advisory_only_when_it_meets_the_policy(
    tmp_path: Path,
) -> None:
    """nginx 1.27.3 enables TLS 1.2 and 1.3 by default; 1.22 also TLS 1.0 and 1.1."""
    site = "server {\n    listen 443 ssl;\n    ssl_certificate /etc/ssl/a.crt;\n}\n"
    for version, expected in (("1.27.3", Severity.INFO), ("1.22.1", Severity.LOW)):
        repo = tmp_path / version
        repo.mkdir()
        (repo / "site.conf").write_text(site)
        (repo / ".tlslint.yaml").write_text(f'nginx:\n  version: "{version}"\n')
        found = [f for f in lint(repo, select=["TLS102"]).findings]
        assert [f.severity for f in found] == [expected], version
