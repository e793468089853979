"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit against a
temporary git repository: `pre-commit try-repo` installs tlslint from this checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.helpers import REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"
NGINX_CONF = "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n"
# The server relies on an included snippet for its protocols: only the snippet is bad.
SITE = (
    "server {\n    listen 443 ssl;\n    server_name shop.example.com;\n"
    "    include /etc/nginx/snippets/tls.conf;\n}\n"
)
SNIPPET = "ssl_protocols TLSv1 TLSv1.2;\n"
CONFIG = "nginx:\n  path_map: {/etc/nginx/: deploy/nginx/}\n"


def hooks() -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load(HOOKS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_hooks_match_the_schemastore_schema(reference: Path) -> None:
    schema = json.loads((reference / "schemas/pre-commit-hooks.json").read_text())
    jsonschema.Draft7Validator(schema).validate(hooks())


def test_hooks_check_and_fix_the_files_that_carry_tls() -> None:
    by_id = {h["id"]: h for h in hooks()}
    assert by_id["tlslint"]["entry"] == "tlslint check"
    assert by_id["tlslint-fix"]["entry"] == "tlslint fix"
    files = re.compile(by_id["tlslint"]["files"])
    for path in (
        "deploy/nginx/nginx.conf",
        "nginx/conf.d/shop.conf",
        "etc/nginx/sites-available/admin",
        "k8s/ingress.yaml",
        "infra/alb.tf",
        "tls/shop.crt",
        "tls/shop.key",
        "tls/root.der",
    ):
        assert files.search(path), path
    for path in ("README.md", "src/app.py", "docs/tls.rst"):
        assert not files.search(path), path
    for hook in by_id.values():
        # One process sees every changed file, and the repository resolves the rest.
        assert hook["require_serial"] is True and hook.get("pass_filenames", True)
        assert hook["files"] == by_id["tlslint"]["files"]


# --- pre-commit try-repo ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


def git_env(home: Path, pre_commit_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(pre_commit_home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def make_repository(root: Path, env: dict[str, str]) -> Path:
    files = {
        ".tlslint.yaml": CONFIG,
        "deploy/nginx/nginx.conf": NGINX_CONF,
        "deploy/nginx/conf.d/site.conf": SITE,
        "deploy/nginx/snippets/tls.conf": SNIPPET,
        "README.md": "not TLS\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return root


def try_repo(
    repo: Path, env: dict[str, str], hook: str, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", "try-repo", str(REPO), hook, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_hook_fails_with_the_finding(tmp_path: Path, pre_commit_home: Path) -> None:
    env = git_env(tmp_path, pre_commit_home)
    repo = make_repository(tmp_path / "repo", env)
    done = try_repo(repo, env, "tlslint", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"tlslint\.+Failed", output), output
    assert "deploy/nginx/snippets/tls.conf" in output and "TLS101" in output


def test_a_changed_file_is_judged_in_its_repository_context(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    """pre-commit passes only the changed file; it is judged with the files around it and gets
    exactly the findings the whole-repository scan reports at it: a snippet alone has no
    server, but the server that includes it makes its TLSv1 a finding."""
    env = git_env(tmp_path, pre_commit_home)
    repo = make_repository(tmp_path / "repo", env)
    done = try_repo(repo, env, "tlslint", "--files", "deploy/nginx/snippets/tls.conf")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "TLS101" in output and "TLSv1 is enabled" in output
    # The server file is judged with the protocols it includes, but the finding belongs to
    # the snippet, where the whole-repository scan reports it too.
    done = try_repo(repo, env, "tlslint", "--files", "deploy/nginx/conf.d/site.conf")
    output = done.stdout + done.stderr
    assert "TLS101" not in output and "snippets/tls.conf" not in output, output
    # Unrelated files are not passed to the hook at all.
    done = try_repo(repo, env, "tlslint", "--files", "README.md")
    assert done.returncode == 0 and re.search(
        r"tlslint\.+\(no files to check\)Skipped", done.stdout
    )


def test_the_fix_hook_repairs_what_the_check_hook_reports(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    env = git_env(tmp_path, pre_commit_home)
    repo = make_repository(tmp_path / "repo", env)
    done = try_repo(repo, env, "tlslint-fix", "--all-files")
    # A fixer that changed files fails the hook, so the edits are reviewed before committing.
    assert done.returncode == 1 and "files were modified by this hook" in done.stdout, done.stdout
    assert "TLSv1 " not in (repo / "deploy/nginx/snippets/tls.conf").read_text()
    done = try_repo(repo, env, "tlslint", "--all-files")
    assert "TLS101" not in done.stdout + done.stderr
