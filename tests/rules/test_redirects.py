"""A renamed (or renumbered) rule is still found under its old key, with a deprecation
warning: in suppression markers, --select/--ignore, severity overrides and baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tlslint.rules
from tests.helpers import lint
from tlslint.cli import main
from tlslint.model import Severity
from tlslint.pipeline.baseline import fingerprint, write_baseline
from tlslint.pipeline.config import Config

WEAK = """\
server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
    ssl_prefer_server_ciphers off;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
"""


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """TLS101 deprecated-protocol as if it had been 'legacy-protocol', numbered TLS199."""
    monkeypatch.setattr(
        tlslint.rules, "REDIRECTS", {"legacy-protocol": "TLS101", "TLS199": "TLS101"}
    )
    monkeypatch.setattr(tlslint.rules, "_warned", set())


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "site.conf").write_text(WEAK)
    return tmp_path


def _rules(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule_id for f in result.findings}


def test_a_marker_with_the_old_name_still_silences_and_is_not_unused(
    renamed: None, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = repo / "site.conf"
    marker = "# tlslint: ignore[legacy-protocol] kiosks\n    "
    site.write_text(WEAK.replace("ssl_protocols TLSv1 ", marker + "ssl_protocols TLSv1 "))
    result = lint(repo)
    assert "TLS101" not in _rules(result)
    assert [s.finding.rule_id for s in result.suppressed] == ["TLS101"]
    assert "TLS002" not in _rules(result)  # the marker is used, under its old name
    err = capsys.readouterr().err
    assert "'legacy-protocol' is now TLS101 deprecated-protocol" in err
    assert err.count("legacy-protocol") == 1  # once per process


def test_select_ignore_and_severity_overrides_accept_old_keys(
    renamed: None, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _rules(lint(repo, select=["legacy-protocol"])) == {"TLS101"}
    assert _rules(lint(repo, select=["TLS199"])) == {"TLS101"}
    assert "TLS101" not in _rules(lint(repo, ignore=["legacy-protocol"]))
    config = Config(data={"severity": {"legacy-protocol": "low"}})
    result = lint(repo, config=config, select=["TLS101"])
    assert {f.severity for f in result.findings} == {Severity.LOW}
    err = capsys.readouterr().err
    assert "'legacy-protocol' is now TLS101" in err and "'TLS199' is now TLS101" in err


def test_a_baseline_written_under_the_old_id_still_accepts_the_finding(
    renamed: None, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = [f for f in lint(repo).findings if f.rule_id == "TLS101"]
    assert findings
    baseline = repo.parent / "baseline.json"
    write_baseline(baseline, findings)
    document = json.loads(baseline.read_text())
    for entry, finding in zip(document["findings"], findings, strict=True):
        entry["rule"] = "TLS199"  # as the baseline was written before the renumbering
        entry["fingerprint"] = fingerprint(finding, "TLS199")
    baseline.write_text(json.dumps(document))
    result = lint(repo, baseline=baseline)
    assert "TLS101" not in _rules(result)
    assert [f.rule_id for f in result.baselined] == ["TLS101"] * len(findings)
    assert "'TLS199' is now TLS101" in capsys.readouterr().err


def test_the_cli_names_old_keys_too(
    renamed: None, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "legacy-protocol"]) == 0
    assert capsys.readouterr().out.startswith("TLS101 deprecated-protocol")
    code = main(["check", "--now", "2026-06-01", "--select", "TLS199", str(repo)])
    out, err = capsys.readouterr()
    assert code == 1 and "TLS101" in out and "deprecated" in err


def test_unknown_keys_stay_errors(renamed: None, repo: Path) -> None:
    assert tlslint.rules.find("no-such-rule") is None
    assert main(["check", "--select", "no-such-rule", str(repo)]) == 2
