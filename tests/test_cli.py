"""The command line as users call it: exit codes, formats, options, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import REPO
from tlslint.cli import main

BAD_SERVER = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n}\n"
GOOD_SERVER = (
    "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;\n"
    '    add_header Strict-Transport-Security "max-age=63072000" always;\n'
    "    ssl_stapling on;\n    ssl_stapling_verify on;\n    resolver 127.0.0.53;\n}\n"
)


def repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--now", "2026-06-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


def json_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, _ = check(capsys, "--format", "json", *args)
    return code, json.loads(out)


def test_findings_exit_1_and_name_the_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER})
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 1
    assert "site.conf" in out and "3:5" in out and "TLS101" in out
    assert "\033[" not in out  # no colour when not a terminal


def test_clean_configuration_exits_0(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": GOOD_SERVER})
    code, out, _ = check(capsys, str(tmp_path))
    assert code == 0, out
    assert out.startswith("0 findings")


def test_fail_on_raises_the_threshold(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": GOOD_SERVER.replace("63072000", "600")})
    assert check(capsys, str(tmp_path))[0] == 1
    assert check(capsys, "--fail-on", "high", str(tmp_path))[0] == 0


def test_select_and_ignore(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER})
    _, data = json_check(capsys, "--select", "TLS101", str(tmp_path))
    assert {f["rule"] for f in data["findings"]} == {"TLS101"}
    _, data = json_check(capsys, "--ignore", "deprecated-protocol,TLS2", str(tmp_path))
    rules = {f["rule"] for f in data["findings"]}
    assert "TLS101" not in rules and not any(r.startswith("TLS2") for r in rules)
    code, _, err = check(capsys, "--select", "TLS999", str(tmp_path))
    assert code == 2 and "TLS999" in err


def test_json_report_matches_its_schema(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER, "big.conf": "server {\n"})
    _, data = json_check(capsys, str(tmp_path))
    schema = json.loads((REPO / "tlslint/schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    first = next(f for f in data["findings"] if f["rule"] == "TLS101")
    assert first["path"] == "site.conf" and first["line"] == 3
    assert first["severity"] == "high" and first["remediation"]
    assert data["summary"]["total"] == len(data["findings"])
    assert data["incomplete"] == [{"path": "big.conf", "reason": data["incomplete"][0]["reason"]}]


def test_output_file_is_written(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER})
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = check(capsys, "-f", "json", "-o", str(target), str(tmp_path / "site.conf"))
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["findings"]


def test_output_into_missing_directory_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER})
    code, _, err = check(capsys, "-o", str(tmp_path / "no" / "such" / "r.txt"), str(tmp_path))
    assert code == 2 and "cannot write" in err


def test_suppressions_on_the_line_and_the_line_above(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = (
        "server {\n    listen 443 ssl;\n"
        "    # tlslint: ignore[TLS101] partner devices need TLS 1.0 until June\n"
        "    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n"
        '    add_header Strict-Transport-Security "max-age=60" always;'
        "  # tlslint: ignore[hsts-too-short]\n"
        "}\n"
    )
    repo(tmp_path, {"site.conf": text})
    _, data = json_check(capsys, str(tmp_path))
    rules = {f["rule"] for f in data["findings"]}
    assert "TLS101" not in rules and "TLS202" not in rules
    reasons = {s["rule"]: s["reason"] for s in data["suppressed"]}
    assert reasons["TLS101"] == "partner devices need TLS 1.0 until June"


def test_skip_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": "# tlslint: skip-file\n" + BAD_SERVER})
    code, data = json_check(capsys, str(tmp_path))
    assert code == 0 and data["findings"] == [] and data["summary"]["suppressed"] > 0


def test_baseline_survives_line_moves_and_reports_new_problems(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER})
    baseline = tmp_path / "baseline.json"
    assert check(capsys, "--write-baseline", str(baseline), str(tmp_path))[0] == 0
    repo(tmp_path, {"site.conf": "\n\n# moved\n" + BAD_SERVER})
    code, data = json_check(capsys, "--baseline", str(baseline), str(tmp_path))
    assert code == 0 and data["findings"] == [] and data["summary"]["baselined"] > 0
    repo(tmp_path, {"site.conf": "\n\n" + BAD_SERVER.replace("TLSv1 ", "SSLv3 ")})
    code, data = json_check(capsys, "--baseline", str(baseline), str(tmp_path))
    assert code == 1 and any("SSLv3" in f["message"] for f in data["findings"])


def test_bad_baseline_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": BAD_SERVER, "b.json": "{not json"})
    code, _, err = check(capsys, "--baseline", str(tmp_path / "b.json"), str(tmp_path))
    assert code == 2 and "not valid JSON" in err


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("profile: strict\n", "profile: 'strict' is not one of: modern, intermediate, old"),
        ("policy:\n  hsts_min_age: soon\n", "policy.hsts_min_age"),
        ("polcy: {}\n", "unknown key 'polcy'"),
        ("nginx:\n  verison: '1.2'\n", "unknown key 'nginx.verison'"),
        ("profile: [modern\n", "invalid YAML"),
        ("- a\n- b\n", "must be a mapping"),
    ],
)
def test_bad_config_is_one_clear_line_and_exit_2(
    tmp_path: Path,
    capsys,
    config: str,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    repo(tmp_path, {".tlslint.yaml": config, "site.conf": BAD_SERVER})
    code, out, err = check(capsys, str(tmp_path))
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_config_in_pyproject(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.tlslint]\nprofile = "modern"\n',
            "site.conf": "server { listen 443 ssl; ssl_protocols TLSv1.2 TLSv1.3; }\n",
        },
    )
    _, data = json_check(capsys, str(tmp_path))
    assert data["profile"] == "modern"
    assert any(f["rule"] == "TLS103" for f in data["findings"])


def test_profile_option_overrides_the_config(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {".tlslint.yaml": "profile: modern\n", "site.conf": GOOD_SERVER})
    _, data = json_check(capsys, "--profile", "intermediate", str(tmp_path))
    assert data["profile"] == "intermediate"


def test_gitignore_and_excludes_are_respected(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(
        tmp_path,
        {
            ".gitignore": "build/\n",
            ".tlslint.yaml": "exclude: ['vendor/**']\n",
            "build/site.conf": BAD_SERVER,
            "vendor/x/site.conf": BAD_SERVER,
            "deploy/site.conf": BAD_SERVER,
        },
    )
    _, data = json_check(capsys, str(tmp_path))
    assert {f["path"] for f in data["findings"]} == {"deploy/site.conf"}


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = check(capsys, str(tmp_path / "nope"))
    assert code == 2 and "no such file" in err


# -- bad input: a finding with file and line, never a traceback -------------------------------


def test_binary_file_named_like_nginx_is_skipped_with_tls001(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"nginx.conf": b"\x7fELF\x00\x01\x02server {"})
    code, data = json_check(capsys, str(tmp_path))
    assert code == 0
    (finding,) = data["findings"]
    assert finding["rule"] == "TLS001" and "binary" in finding["message"]


def test_invalid_utf8_is_tls000_at_its_line_and_still_analysed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(
        tmp_path,
        {
            "site.conf": b"server {\n    listen 443 ssl;\n    # caf\xe9\n"
            b"    ssl_protocols TLSv1 TLSv1.2;\n}\n"
        },
    )
    code, data = json_check(capsys, str(tmp_path))
    assert code == 1
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["TLS000"]["line"] == 3 and "UTF-8" in by_rule["TLS000"]["message"]
    assert by_rule["TLS101"]["line"] == 4


def test_bom_and_crlf_are_read_normally(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": b"\xef\xbb\xbf" + BAD_SERVER.replace("\n", "\r\n").encode()})
    _, data = json_check(capsys, str(tmp_path))
    assert [f["line"] for f in data["findings"] if f["rule"] == "TLS101"] == [3]
    assert not [f for f in data["findings"] if f["rule"] == "TLS000"]


def test_unterminated_block_is_tls000_with_its_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(tmp_path, {"site.conf": "server {\n    listen 443 ssl;\n    location / {\n"})
    code, data = json_check(capsys, str(tmp_path))
    assert code == 1
    (error,) = [f for f in data["findings"] if f["rule"] == "TLS000"]
    assert error["line"] == 3 and 'to close "location"' in error["message"]
    assert data["incomplete"][0]["path"] == "site.conf"


def test_include_loop_and_include_leaving_the_root(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(
        tmp_path,
        {
            "nginx.conf": "http {\n  include loop.conf;\n  include ../../../etc/passwd;\n}\n",
            "loop.conf": "include nginx.conf;\n",
        },
    )
    code, data = json_check(capsys, str(tmp_path))
    assert code == 1
    messages = {(f["rule"], f["path"], f["line"]): f["message"] for f in data["findings"]}
    assert "include loop" in messages[("TLS000", "loop.conf", 1)]
    assert "leaves the scanned root" in messages[("TLS001", "nginx.conf", 3)]


def test_file_over_the_size_limit_is_skipped(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    repo(
        tmp_path,
        {
            ".tlslint.yaml": "limits:\n  max_file_size: 1000\n",
            "nginx.conf": "http {\n" + "    # padding\n" * 200 + "}\n",
        },
    )
    code, data = json_check(capsys, str(tmp_path))
    assert code == 0
    (finding,) = data["findings"]
    assert finding["rule"] == "TLS001" and "limit" in finding["message"]
    assert data["incomplete"][0]["path"] == "nginx.conf"


def test_empty_file_and_symlink_out_of_root(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "elsewhere.conf"
    outside.write_text(BAD_SERVER)
    root = repo(tmp_path / "repo", {"nginx.conf": ""})
    os.symlink(outside, root / "escape.conf")
    code, data = json_check(capsys, str(root))
    assert code == 0
    assert [(f["rule"], f["path"]) for f in data["findings"]] == [("TLS001", "escape.conf")]


def test_rules_lists_and_explains(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "TLS101  deprecated-protocol" in listing
    assert main(["rules", "TLS101"]) == 0
    page = capsys.readouterr().out
    for heading in ("What it checks", "Why it matters", "Example", "Use instead", "References"):
        assert heading in page
    assert main(["rules", "hsts-missing"]) == 0
    assert "TLS201" in capsys.readouterr().out
    assert main(["rules", "TLS999"]) == 2


def test_python_dash_m_and_console_script_run(tmp_path: Path) -> None:
    repo(tmp_path, {"site.conf": BAD_SERVER})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "tlslint", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1 and "TLS101" in proc.stdout


def test_examples_report_the_documented_problems(capsys) -> None:  # type: ignore[no-untyped-def]
    code, data = json_check(capsys, str(REPO / "examples"))
    assert code == 1
    found = {(f["rule"], f["path"], f["line"]) for f in data["findings"]}
    assert ("TLS101", "examples/nginx/nginx.conf", 13) in found
    assert ("TLS101", "examples/nginx/conf.d/legacy.conf", 7) in found
    assert ("TLS205", "examples/nginx/conf.d/shop.conf", 3) in found
    assert ("TLS701", "examples/nginx/sites-available/admin", 12) in found


def test_sarif_on_the_examples_is_valid_sarif_2_1_0(capsys, reference: Path) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads((reference / "schemas/sarif-schema-2.1.0.json").read_text())
    _, out, _ = check(capsys, "--format", "sarif", str(REPO / "examples"))
    document = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {"TLS101", "TLS205"} <= rule_ids
    assert all(r["partialFingerprints"] for r in run["results"])


def test_jobs_are_capped_at_a_few_per_core() -> None:
    from tlslint.cli import build_parser

    args = build_parser().parse_args(["check", "--jobs", "99999", "."])
    assert 1 <= args.jobs <= 4 * (os.cpu_count() or 1)
    assert build_parser().parse_args(["check", "--jobs", "0", "."]).jobs == (os.cpu_count() or 1)


def test_a_huge_cipher_string_is_not_echoed_whole(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    huge = ":".join(["AES128-SHA"] + [f"NOPE{i}" for i in range(5000)])
    repo(
        tmp_path,
        {"site.conf": f"server {{ listen 443 ssl; ssl_protocols TLSv1.2; ssl_ciphers {huge}; }}\n"},
    )
    _, data = json_check(capsys, str(tmp_path))
    assert data["findings"] and all(len(f["message"]) < 1000 for f in data["findings"])


def test_the_command_exits_with_its_status_after_the_exit_handlers_and_all_its_output(
    tmp_path: Path,
) -> None:
    """The command skips the interpreter's teardown, never what shutdown must do: exit
    handlers run, all the output arrives (more than a pipe holds), the status is main's."""
    (tmp_path / ".git").mkdir()
    for i in range(40):
        (tmp_path / f"site{i}.conf").write_text(
            f"server {{\n    listen 443 ssl;\n    server_name s{i}.example;\n"
            "    ssl_protocols TLSv1 TLSv1.2;\n}\n"
        )
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
        "sys.argv = ['tlslint', 'check', '--format', 'json', '.']\n"
        "from tlslint.cli import entry\n"
        "entry()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr == "handler ran\n"
    assert len(json.loads(done.stdout)["findings"]) >= 40
    written = subprocess.run(  # files written by the run are whole when it exits
        [sys.executable, "-m", "tlslint", "check", "--format", "json", "--output", "out.json",
         "--write", "sarif=out.sarif", "."],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert written.returncode == 1, written.stderr
    assert len(json.loads((tmp_path / "out.json").read_text())["findings"]) >= 40
    assert json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
    gone = subprocess.run(  # a reader that went away: said in one line
        ["bash", "-c", f"{sys.executable} -m tlslint check . | true"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert gone.stderr == "tlslint: error: the output was closed before all of it was written\n"
    closed = subprocess.run(  # no standard output at all: the findings go nowhere, quietly
        ["bash", "-c", f"{sys.executable} -m tlslint check . >&-; echo $?"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (closed.stdout, closed.stderr) == ("1\n", "")


def test_a_directory_link_retargeted_between_two_commands_is_followed_afresh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Directories are resolved once per command, not once per process: a long-lived one
    (an editor's, a test runner) that runs two commands sees the link as it is at each."""
    root = repo(tmp_path, {".git/HEAD": "", "a/site.conf": BAD_SERVER, "b/site.conf": BAD_SERVER})
    (root / "live").symlink_to("a")
    seen = []
    for target in ("a", "b"):
        (root / "live").unlink()
        (root / "live").symlink_to(target)
        _, report = json_check(capsys, "--root", str(root), str(root / "live/site.conf"))
        seen.append({f["path"] for f in report["findings"]})
    assert seen == [{"a/site.conf"}, {"b/site.conf"}]
