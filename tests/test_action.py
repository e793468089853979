"""The composite GitHub Action (action.yml): valid metadata, injection-safe, and its steps'
scripts run here as a runner would run them (bash -eo pipefail, fake GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files), installing tlslint from this checkout into a fresh venv."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.helpers import REPO

ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
HOSTILE = '"; rm -rf / #'
BAD_SITE = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n}\n"
GOOD_SITE = (
    "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;\n"
    '    add_header Strict-Transport-Security "max-age=63072000" always;\n'
    "    ssl_stapling on;\n    ssl_stapling_verify on;\n    resolver 127.0.0.53;\n"
    "    ssl_session_tickets off;\n}\n"
)
LOW_ONLY_SITE = GOOD_SITE.replace("max-age=63072000", "max-age=600")


def action() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- a small runner for composite actions --------------------------------------------------


@dataclass
class Run:
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs
    logs: dict[str, str] = field(default_factory=dict)  # step name -> stdout + stderr
    uses: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # actions that ran
    failed: str | None = None  # the step that failed, if any
    exit_code: int = 0
    summary: str = ""

    def output(self, name: str) -> str:
        """An output of the action itself, as its ``outputs:`` map declares."""
        expr = EXPRESSION.fullmatch(action()["outputs"][name]["value"])
        assert expr is not None
        return self.evaluate(expr.group(1), {})

    def evaluate(self, expr: str, inputs: dict[str, str], action_path: str = "") -> str:
        parts = expr.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return inputs[parts[1]]
        if expr == "github.action_path":
            return action_path
        if parts[0] == "steps" and parts[2] == "outputs" and len(parts) == 4:
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"unsupported expression {expr!r}")

    def condition(self, expr: str, inputs: dict[str, str]) -> bool:
        """The ``&&`` of ``a == 'x'`` / ``a != 'x'`` comparisons that action.yml uses."""
        ok = True
        for clause in expr.split("&&"):
            match = re.fullmatch(r"\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*", clause)
            assert match, f"unsupported condition {clause!r}"
            value = self.evaluate(match.group(1), inputs)
            ok = ok and ((value == match.group(3)) == (match.group(2) == "=="))
        return ok


def parse_output_file(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            out[key] = value
    return out


def run_action(
    workspace: Path,
    tmp: Path,
    inputs: dict[str, str] | None = None,
    installed: dict[str, str] | None = None,
    path_prefix: Path | None = None,
    github_env: dict[str, str] | None = None,
) -> Run:
    """Run action.yml's steps in order; ``installed`` reuses an install step's outputs."""
    meta = action()
    values = {name: str(spec.get("default", "")) for name, spec in meta["inputs"].items()}
    values.update(inputs or {})
    run = Run()
    summary = tmp / "step-summary.md"
    summary.write_text("")
    for step in meta["runs"]["steps"]:
        if "if" in step and not run.condition(step["if"], values):
            continue
        if "uses" in step:
            with_ = {
                k: EXPRESSION.sub(lambda m: run.evaluate(m.group(1), values), str(v))
                for k, v in step.get("with", {}).items()
            }
            run.uses.append((step["uses"], with_))
            continue
        if step.get("id") == "install" and installed is not None:
            run.outputs["install"] = installed
            continue
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))}
        for key, value in step.get("env", {}).items():
            env[key] = EXPRESSION.sub(
                lambda m: run.evaluate(m.group(1), values, str(REPO)), str(value)
            )
        output = tmp / f"output-{step.get('id', 'step')}"
        output.write_text("")
        env.update(
            GITHUB_OUTPUT=str(output),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_ACTION_PATH=str(REPO),
            RUNNER_TEMP=str(tmp),
        )
        if path_prefix is not None:
            env["PATH"] = f"{path_prefix}:{env['PATH']}"
        env.update(github_env or {})  # the event a runner would describe
        script = tmp / "step.sh"
        script.write_text(step["run"])
        # What GitHub runs for `shell: bash`.
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        run.logs[step["name"]] = done.stdout + done.stderr
        if "id" in step:
            run.outputs[step["id"]] = parse_output_file(output)
        if done.returncode != 0:
            run.failed, run.exit_code = step["name"], done.returncode
            break
    run.summary = summary.read_text(encoding="utf-8")
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The install step, run for real once: a venv with tlslint from this checkout."""
    tmp = tmp_path_factory.mktemp("install")
    workspace = tmp / "workspace"
    workspace.mkdir()
    run = run_action(workspace, tmp)
    install_log = run.logs.get("Install tlslint", "")
    assert "tlslint 0.1.0" in install_log, install_log[-3000:]
    tlslint = run.outputs["install"]["tlslint"]
    assert Path(tlslint).is_file() and Path(tlslint).is_relative_to(tmp)
    return run.outputs["install"]


def workspace_with(tmp_path: Path, site: str) -> Path:
    workspace = tmp_path / "repo"
    (workspace / "nginx").mkdir(parents=True, exist_ok=True)
    (workspace / "nginx" / "site.conf").write_text(site)
    return workspace


# --- metadata ------------------------------------------------------------------------------


def test_action_matches_the_schemastore_schema(reference: Path) -> None:
    schema = json.loads((reference / "schemas/github-action.json").read_text())
    jsonschema.Draft7Validator(schema).validate(action())


def test_inputs_and_outputs() -> None:
    meta = action()
    assert set(meta["inputs"]) == {
        "paths", "profile", "config", "fail-on", "sarif-file", "upload-sarif",
        "annotations", "summary", "version", "baseline", "diff-base", "report-artifact",
        "timeout-minutes",
    }  # fmt: skip
    assert set(meta["outputs"]) == {"findings", "sarif-file"}
    assert meta["runs"]["using"] == "composite"


def test_no_expression_is_expanded_inside_a_script() -> None:
    """Script injection: inputs reach the shell only as environment variables."""
    for step in action()["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            for value in step.get("env", {}).values():
                assert EXPRESSION.fullmatch(str(value)), f"{step['name']}: {value!r}"


def test_sarif_goes_to_code_scanning_with_the_upload_action() -> None:
    upload = next(s for s in action()["runs"]["steps"] if "uses" in s)
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "security-events: write" in (REPO / "README.md").read_text()


def test_third_party_actions_are_pinned_by_commit() -> None:
    """A tag can be moved to other code; a commit SHA cannot."""
    uses = [s["uses"] for s in action()["runs"]["steps"] if "uses" in s]
    assert len(uses) == 2
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
    text = ACTION.read_text()
    for ref in uses:  # the version it stands for is said beside it
        assert re.search(re.escape(ref) + r" # v\d+\.\d+\.\d+", text), ref


def test_the_scan_runs_once() -> None:
    scan = next(s for s in action()["runs"]["steps"] if s.get("id") == "scan")["run"]
    assert len(re.findall(r'"\$TLSLINT" (?:check|report)', scan)) == 1
    assert "timeout " in scan


# --- the steps, run -----------------------------------------------------------------------


def test_findings_fail_the_job_after_sarif_annotations_and_summary(
    tmp_path: Path, installed: dict[str, str], reference: Path
) -> None:
    workspace = workspace_with(tmp_path, BAD_SITE)
    run = run_action(workspace, tmp_path, installed=installed)
    assert run.failed == "Fail on findings" and run.exit_code == 1
    sarif_path = workspace / run.output("sarif-file")
    sarif = json.loads(sarif_path.read_text())
    schema = json.loads((reference / "schemas/sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert int(run.output("findings")) == len(sarif["runs"][0]["results"]) > 0
    scan_log = run.logs["Scan"]
    assert "::error file=nginx/site.conf,line=3,col=5" in scan_log
    assert run.summary.startswith("## tlslint")
    assert "TLS101 deprecated-protocol" in run.summary
    uses = [s["uses"] for s in action()["runs"]["steps"] if "uses" in s]
    assert run.uses[0] == (uses[0], {"sarif_file": "tlslint.sarif", "category": "tlslint"})
    artifact = run.uses[1][1]
    assert run.uses[1][0] == uses[1] and artifact["name"] == "tlslint-report"
    assert sorted(p.name for p in Path(artifact["path"]).iterdir()) == [
        "annotations.txt", "summary.md", "tlslint.json", "tlslint.sarif",
    ]  # fmt: skip


def test_clean_repository_passes(tmp_path: Path, installed: dict[str, str]) -> None:
    run = run_action(workspace_with(tmp_path, GOOD_SITE), tmp_path, installed=installed)
    assert run.failed is None, run.logs
    assert run.output("findings") == "0"
    assert "::error" not in run.logs["Scan"]


def test_fail_on_threshold(tmp_path: Path, installed: dict[str, str]) -> None:
    workspace = workspace_with(tmp_path, LOW_ONLY_SITE)
    run = run_action(workspace, tmp_path, {"fail-on": "medium"}, installed)
    assert run.failed is None and int(run.output("findings")) > 0
    run = run_action(workspace, tmp_path, {"fail-on": "low"}, installed)
    assert run.failed == "Fail on findings"
    run = run_action(workspace_with(tmp_path, BAD_SITE), tmp_path, {"fail-on": "never"}, installed)
    assert run.failed is None and int(run.output("findings")) > 0


def test_options_switch_parts_off(tmp_path: Path, installed: dict[str, str]) -> None:
    workspace = workspace_with(tmp_path, BAD_SITE)
    inputs = {
        "upload-sarif": "false",
        "annotations": "false",
        "summary": "false",
        "sarif-file": "out/tls.sarif",
        "paths": "nginx/site.conf\n\n  nginx  \n",
    }
    (workspace / "out").mkdir()
    run = run_action(workspace, tmp_path, inputs, installed)
    assert [u for u, _ in run.uses] == [
        s["uses"] for s in action()["runs"]["steps"] if "upload-artifact" in s.get("uses", "")
    ]
    assert run.summary == ""
    assert "::error file=" not in run.logs["Scan"]
    assert run.output("sarif-file") == "out/tls.sarif"
    assert (workspace / "out/tls.sarif").is_file()


def test_a_bad_input_is_a_clear_error(tmp_path: Path, installed: dict[str, str]) -> None:
    run = run_action(
        workspace_with(tmp_path, BAD_SITE), tmp_path, {"fail-on": "sometimes"}, installed
    )
    assert run.failed == "Fail on findings" and run.exit_code == 2
    assert "fail-on must be one of" in run.logs["Scan"]
    # A line break cannot forge an output (exit-code=0 would let the job pass).
    forged = {"sarif-file": "x.sarif\nexit-code=0"}
    run = run_action(workspace_with(tmp_path, BAD_SITE), tmp_path, forged, installed)
    assert run.failed == "Fail on findings" and run.exit_code == 2
    assert "sarif-file must be one line" in run.logs["Scan"]


@pytest.mark.parametrize(
    "name",
    ["paths", "profile", "config", "fail-on", "sarif-file", "annotations", "summary", "version"],
)
def test_hostile_input_values_are_inert(
    tmp_path: Path, installed: dict[str, str], name: str
) -> None:
    """`"; rm -rf / #` and friends stay data: no command runs, nothing is deleted.

    A fake `rm` first on PATH records every call (the real one is never reached), and the
    command substitutions would create canary files if they were ever executed.
    """
    workspace = workspace_with(tmp_path, BAD_SITE)
    shim = tmp_path / "shim"
    shim.mkdir()
    calls = tmp_path / "rm-calls"
    (shim / "rm").write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexit 0\n')
    (shim / "rm").chmod(0o755)
    canary = tmp_path / "canary"
    for value in (HOSTILE, f"$(touch {canary}-1)", f"`touch {canary}-2`", f"x; touch {canary}-3"):
        run = run_action(
            workspace,
            tmp_path,
            {name: value},
            installed if name != "version" else None,
            path_prefix=shim,
        )
        logged = calls.read_text() if calls.exists() else ""
        assert "-rf" not in logged, f"{name}={value!r} ran rm -rf"
        assert not list(tmp_path.glob("canary-*")), f"{name}={value!r} ran a command"
        assert (workspace / "nginx/site.conf").read_text() == BAD_SITE
        assert run.failed is not None or name in ("annotations", "summary")
        if name == "version":
            assert "version must be a release number" in run.logs["Install tlslint"]
    assert shutil.which("rm") is not None  # the real one, untouched


def test_an_internal_error_fails_the_job_whatever_fail_on_says(
    tmp_path: Path, installed: dict[str, str]
) -> None:
    workspace = workspace_with(tmp_path, BAD_SITE)
    (workspace / ".tlslint.yaml").write_text("profile: [not, a, profile]\n")
    run = run_action(workspace, tmp_path, {"fail-on": "never"}, installed)
    assert run.failed == "Fail on findings" and run.exit_code == 2


def test_a_bad_timeout_is_a_clear_error(tmp_path: Path, installed: dict[str, str]) -> None:
    run = run_action(
        workspace_with(tmp_path, BAD_SITE), tmp_path, {"timeout-minutes": "0"}, installed
    )
    assert run.failed == "Fail on findings" and run.exit_code == 2
    assert "timeout-minutes must be" in run.logs["Scan"]


def git_repository(workspace: Path, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=workspace, env=env, check=True)
    return env


def test_on_a_pull_request_only_the_change_is_reported_by_default(
    tmp_path: Path, installed: dict[str, str]
) -> None:
    workspace = workspace_with(tmp_path, BAD_SITE)
    env = git_repository(workspace, tmp_path)
    base = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=workspace, env=env, capture_output=True, text=True
    ).stdout.strip()
    (workspace / "nginx" / "new.conf").write_text(BAD_SITE)
    for args in (["add", "-A"], ["commit", "-q", "-m", "change"]):
        subprocess.run(["git", *args], cwd=workspace, env=env, check=True)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base}}}))
    github = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    run = run_action(workspace, tmp_path, installed=installed, github_env=github)
    assert run.failed == "Fail on findings"
    assert "file=nginx/new.conf" in run.logs["Scan"]
    assert "file=nginx/site.conf" not in run.logs["Scan"]
    # On a push, everything.
    run = run_action(
        workspace, tmp_path, installed=installed, github_env={"GITHUB_EVENT_NAME": "push"}
    )
    assert "file=nginx/site.conf" in run.logs["Scan"]
    # diff-base: none reports everything on a pull request too.
    run = run_action(workspace, tmp_path, {"diff-base": "none"}, installed, github_env=github)
    assert "file=nginx/site.conf" in run.logs["Scan"]


def test_diff_base_reports_only_the_change(tmp_path: Path, installed: dict[str, str]) -> None:
    workspace = workspace_with(tmp_path, BAD_SITE)
    git_repository(workspace, tmp_path)
    # Unchanged: nothing is the change's, so the job passes and the summary says so.
    run = run_action(workspace, tmp_path, {"diff-base": "HEAD"}, installed)
    assert run.failed is None, run.logs
    assert run.output("findings") == "0"
    assert "0 new findings" in run.summary and "before this change" in run.summary
    # A new file with a problem: only its findings are annotated and counted.
    (workspace / "nginx" / "new.conf").write_text(BAD_SITE)
    run = run_action(workspace, tmp_path, {"diff-base": "HEAD"}, installed)
    assert run.failed == "Fail on findings"
    assert "file=nginx/new.conf" in run.logs["Scan"]
    assert "file=nginx/site.conf" not in run.logs["Scan"]
    assert run.summary.index("### New findings") < run.summary.index("### Counts")


def test_the_install_is_pinned() -> None:
    """tlslint comes from the action's own commit (or an exact PyPI version), and its
    dependencies at exact versions."""
    import tomllib

    install = next(s for s in action()["runs"]["steps"] if s.get("id") == "install")["run"]
    assert '--constraint "$TLSLINT_ACTION_PATH/action-constraints.txt"' in install
    pins = {}
    for line in (REPO / "action-constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert re.fullmatch(r"\d+(\.\d+)*", version), line
            pins[name.lower().replace("_", "-")] = version
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    # The Action installs the render extra: Helm charts are rendered on pull requests too.
    assert "[render]" in install
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["render"]]:
        if ";" in requirement:  # only for older Pythons than the runners'
            continue
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)  # type: ignore[union-attr]
        assert name.lower().replace("_", "-") in pins, requirement
