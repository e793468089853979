"""Each rule declares its fix and how safe it is; `tlslint fix` writes safe fixes, unsafe ones
with --unsafe-fixes, display-only ones never; `tlslint rules` shows the level."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import tlslint.pipeline.run
import tlslint.rules
from tlslint.cli import main
from tlslint.rules import RULES
from tlslint.rules.base import FixSafety

SITE = """\
server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
"""


def test_every_rule_declares_its_fix() -> None:
    assert all(isinstance(r.fix, FixSafety) for r in RULES)


def test_which_levels_tlslint_fix_writes() -> None:
    table = {(level, unsafe): level.applicable(unsafe) for level in FixSafety for unsafe in (0, 1)}
    assert [k for k, v in table.items() if v] == [
        (FixSafety.SAFE, 0),
        (FixSafety.SAFE, 1),
        (FixSafety.UNSAFE, 1),
    ]


def test_tlslint_rules_shows_the_fix_level(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--format", "json"])
    rules = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["fix"] for r in rules} == {r.id: r.fix.value for r in RULES if r.fix}
    assert {r["severity"] for r in rules} <= {"info", "low", "medium", "high", "critical"}
    main(["rules"])
    table = capsys.readouterr().out
    line = next(row for row in table.splitlines() if row.startswith("TLS201"))
    assert "  unsafe  " in line
    main(["rules", "TLS114"])
    assert capsys.readouterr().out.splitlines()[0] == (
        "TLS114 server-cipher-preference (info; safe fix)"
    )


def test_a_display_only_fix_is_shown_but_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = tuple(
        dataclasses.replace(r, fix=FixSafety.DISPLAY_ONLY) if r.id == "TLS114" else r for r in RULES
    )
    monkeypatch.setattr(tlslint.pipeline.run, "RULES", shown)
    monkeypatch.setattr(tlslint.rules, "BY_ID", {r.id: r for r in shown})
    site = tmp_path / "site.conf"
    site.write_text(SITE)
    main(["check", "--format", "json", "--now", "2026-06-01", str(tmp_path)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    shown_fix = next(f for f in findings if f["rule"] == "TLS114")["fix"]
    assert shown_fix["edits"] and shown_fix["safety"] == "display-only"
    for args in (["fix"], ["fix", "--unsafe-fixes"], ["fix", "--diff", "--unsafe-fixes"]):
        main([*args, "--now", "2026-06-01", str(tmp_path)])
        out, err = capsys.readouterr()
        assert "ssl_prefer_server_ciphers off" not in out
        assert site.read_text() == SITE, args
        assert "1 display-only fix to apply by hand" in out + err
