"""What users reach for: exit-status control, quiet and statistics output, a progress line on a
terminal, help on every option, hints, whole sentences and paths relative to where they stand."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO
from tlslint import __version__
from tlslint.cli import build_parser, main
from tlslint.formats.common import sentence
from tlslint.pipeline import progress as progress_module

BAD = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "nginx/conf.d").mkdir(parents=True)
    (tmp_path / "nginx/conf.d/site.conf").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--now", "2026-06-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_option_has_help() -> None:
    missing = []

    def walk(parser: argparse.ArgumentParser, where: str) -> None:
        parser.format_usage()  # a sub-command built when first used builds its options now
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{where} {name}")
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{where} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "tlslint")
    assert missing == []


@pytest.mark.parametrize("columns", ["60", "120"])
def test_help_is_wrapped_to_the_terminal_width_as_argparse_would(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The width is asked once (without shutil), and is what argparse itself would take."""
    from tlslint import cli

    monkeypatch.setenv("COLUMNS", columns)
    cli._help_width.cache_clear()
    try:
        ours = build_parser().format_help()
        plain = argparse.ArgumentParser(prog="tlslint").formatter_class("tlslint")
        assert plain._width == cli._help_width() == shutil.get_terminal_size().columns - 2
        assert max(map(len, ours.splitlines())) <= int(columns) - 2
    finally:
        cli._help_width.cache_clear()


def test_short_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["-V"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"tlslint {__version__}"


def test_fail_on_never_and_exit_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 1
    assert run(capsys, "--fail-on", "never")[0] == 0
    assert run(capsys, "--exit-zero")[0] == 0
    assert run(capsys, "--exit-zero", "--fail-on", "info")[0] == 0
    (repo / ".tlslint.yaml").write_text("fail_on: never\n")
    assert run(capsys)[0] == 0
    # Errors still exit 2.
    assert run(capsys, "--exit-zero", "--select", "TLS999")[0] == 2


def test_quiet_prints_only_the_findings(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "-q")
    assert "TLS101" in out and "under the intermediate profile" not in out
    assert "tlslint rules" not in out


def test_statistics_count_findings_per_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--statistics")
    lines = out.splitlines()
    assert any(
        line.split()[:2] == ["1", "TLS101"] and "deprecated-protocol" in line for line in lines
    )
    assert "ssl_protocols" not in out  # counts, not the findings themselves


def test_paths_are_relative_to_where_the_user_stands(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "nginx")
    _, out, _ = run(capsys, "conf.d/site.conf")
    assert out.startswith("conf.d/site.conf\n"), out
    _, out, _ = run(capsys, "-f", "json", "conf.d/site.conf")
    assert '"path": "nginx/conf.d/site.conf"' in out  # machine formats keep repository paths


def test_one_fix_line_per_location_and_a_rules_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "examples-copy"
    shutil.copytree(REPO / "examples", workspace / "examples", symlinks=True)
    (workspace / ".git").mkdir()
    monkeypatch.chdir(workspace)
    _, out, _ = run(capsys, "examples")
    lines = out.splitlines()
    current, fixed, findings = "", [], []
    for i, line in enumerate(lines):
        if line and not line.startswith(" "):
            current = line  # a file's heading
        elif line.strip().startswith("fix:"):
            fixed.append((current, lines[i - 1].split()[0]))
        elif line.strip():
            findings.append((current, line.split()[0]))
    assert len(findings) > len(set(findings))  # several findings share a place…
    assert len(fixed) == len(set(fixed))  # …and its fix is said once
    assert "See `tlslint rules TLS" in out


def test_sentences() -> None:
    assert sentence("client certificate verification is 'optional'") == (
        "Client certificate verification is 'optional'."
    )
    assert sentence("TLSv1 is enabled") == "TLSv1 is enabled."
    assert sentence("ssl_policy is not set") == "ssl_policy is not set."
    assert sentence("examples/x.crt: the chain is incomplete") == (
        "examples/x.crt: the chain is incomplete."
    )
    assert sentence("Redirect plain HTTP to HTTPS.") == "Redirect plain HTTP to HTTPS."


def test_sarif_and_annotation_messages_are_whole_sentences(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "-f", "github")
    line = next(x for x in out.splitlines() if "TLS101" in x)
    message = line.split("::", 2)[2]
    assert message[0].isupper() or message.startswith("TLSv1")
    assert "%0A" in message and message.split("%0A")[0].endswith(".")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal_and_only_for_long_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(progress_module, "DELAY", 0.05)
    with progress_module.progress():
        progress_module.note("reading 3 files")
        import time

        time.sleep(0.3)
    text = terminal.getvalue()
    assert "tlslint: reading 3 files…" in text and text.endswith("\r\033[K")
    # A short run prints nothing; a pipe never gets the line.
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(progress_module, "DELAY", 5.0)
    with progress_module.progress():
        pass
    assert terminal.getvalue() == ""
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    with progress_module.progress():
        time.sleep(0.1)
    assert pipe.getvalue() == ""


def test_one_run_writes_several_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = run(
        capsys,
        "-f",
        "sarif",
        "-o",
        "a.sarif",
        "--write",
        "json=b.json",
        "--write",
        "github=c.txt",
        "--write",
        "summary=d.md",
    )
    assert code == 1 and out == ""
    sarif = json.loads((repo / "a.sarif").read_text())
    report = json.loads((repo / "b.json").read_text())
    assert len(sarif["runs"][0]["results"]) == report["summary"]["total"] > 0
    assert "::error file=nginx/conf.d/site.conf" in (repo / "c.txt").read_text()
    assert (repo / "d.md").read_text().startswith("## tlslint")
    code, _, err = run(capsys, "--write", "pdf=x.pdf")
    assert code == 2 and "--write 'pdf=x.pdf': expected FORMAT=FILE" in err


def test_display_paths(tmp_path: Path) -> None:
    from tlslint.formats.common import display_path

    root = tmp_path / "repo"
    (root / "nginx").mkdir(parents=True)
    assert display_path(root, "nginx/a.conf", root / "nginx") == "a.conf"
    assert display_path(root, "nginx/a.conf", root) == "nginx/a.conf"
    assert display_path(root, "nginx/a.conf", tmp_path) == "repo/nginx/a.conf"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert display_path(root, "nginx/a.conf", elsewhere) == "nginx/a.conf"  # not ../repo/…
