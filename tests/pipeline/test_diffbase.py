"""--diff-base REF: only what the change introduced, each finding naming its endpoint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import NOW
from tlslint.cli import main

if shutil.which("git") is None:  # pragma: no cover - CI installs git
    pytest.skip("git is not installed (apt-get install git)", allow_module_level=True)

NGINX = """events {}
http {
    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=63072000" always;
    include conf.d/*.conf;
}
"""


def server(name: str, extra: str = "") -> str:
    return (
        f"server {{\n    listen 443 ssl;\n    server_name {name};\n"
        f"    ssl_certificate /etc/ssl/{name}.crt;\n    ssl_certificate_key /etc/ssl/{name}.key;\n"
        f"{extra}}}\n"
    )


def git(root: Path, *args: str) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "nginx/conf.d").mkdir(parents=True)
    (root / "nginx/nginx.conf").write_text(NGINX)
    (root / "nginx/conf.d/old.conf").write_text(server("old.example.com"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def check(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    cwd = Path.cwd()
    os.chdir(root)
    try:
        code = main(["check", "--now", NOW.date().isoformat(), "-f", "json", *args])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else {"error": out.err}


def test_nothing_changed_nothing_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, whole = check(repo, capsys=capsys)
    assert code == 1 and whole["findings"]
    code, report = check(repo, "--diff-base", "HEAD", capsys=capsys)
    assert code == 0 and report["findings"] == []


def test_a_new_server_that_inherits_a_weak_value_is_reported_at_the_server(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "nginx/conf.d/new.conf").write_text(server("new.example.com"))  # untracked
    code, report = check(repo, "--diff-base", "HEAD", capsys=capsys)
    assert code == 1
    paths = {f["path"] for f in report["findings"]}
    assert paths == {"nginx/conf.d/new.conf"}, report["findings"]
    tls101 = [f for f in report["findings"] if f["rule"] == "TLS101"]
    assert len(tls101) == 1
    assert tls101[0]["endpoint"] == "server new.example.com:443"
    assert tls101[0]["message"].startswith(
        "server new.example.com:443 inherits this from nginx/nginx.conf:3:"
    )
    assert tls101[0]["line"] == 1  # the new server block, which the reviewer sees in the diff


def test_a_finding_on_a_changed_line_is_reported_even_if_it_existed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (repo / "nginx/nginx.conf").read_text().replace("TLSv1 TLSv1.2", "TLSv1  TLSv1.2")
    (repo / "nginx/nginx.conf").write_text(text)
    git(repo, "commit", "-q", "-am", "touch the protocols line")
    code, report = check(repo, "--diff-base", "HEAD~1", capsys=capsys)
    assert code == 1
    rules = {(f["path"], f["rule"]) for f in report["findings"]}
    assert ("nginx/nginx.conf", "TLS101") in rules
    assert all(f["path"] == "nginx/nginx.conf" for f in report["findings"])
    assert all(f["endpoint"] in f["message"] for f in report["findings"] if f["endpoint"])


def test_a_new_problem_on_an_unchanged_server_is_new(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The http{} HSTS header goes away: old.conf did not change, but its finding is new.
    (repo / "nginx/nginx.conf").write_text(NGINX.replace("    add_header", "    # add_header"))
    code, report = check(repo, "--diff-base", "HEAD", capsys=capsys)
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {"TLS201"}


def test_an_unknown_ref_is_one_error_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check(repo, "--diff-base", "no-such-ref", capsys=capsys)
    assert code == 2
    assert report["error"].startswith("tlslint: error: git ") and report["error"].count("\n") == 1


def test_outside_a_git_repository_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nginx.conf").write_text(NGINX)
    code, report = check(tmp_path, "--diff-base", "HEAD", capsys=capsys)
    assert code == 2 and report["error"].count("\n") == 1


def test_a_ref_is_never_an_option(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--output=FILE` given to git diff would write a file: refused before git runs."""
    target = tmp_path / "written"
    code, report = check(repo, f"--diff-base=--output={target}", capsys=capsys)
    assert code == 2 and "is not a git ref" in report["error"]
    assert not target.exists()
