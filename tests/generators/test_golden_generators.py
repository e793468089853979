"""Golden cases, black-style: each file under golden/ holds the command and its exact output.

A case file is the `tlslint` arguments on its first line, a separator line, then the expected
standard output. After an intended change, regenerate with `TLSLINT_UPDATE_GOLDEN=1 python -m
pytest tests/generators/test_golden_generators.py` and review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from tests.generating import lint_text, validate_manifests
from tests.helpers import lint
from tlslint.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
SEPARATOR = "--- expected output ---\n"
CASES = sorted(GOLDEN.glob("*.txt"))


def read_case(path: Path) -> tuple[list[str], str]:
    text = path.read_text(encoding="utf-8")
    head, sep, expected = text.partition(SEPARATOR)
    assert sep, f"{path.name}: no {SEPARATOR.strip()!r} line"
    command = head.strip()
    assert command.startswith("tlslint "), f"{path.name}: the first line is `tlslint …`"
    return shlex.split(command)[1:], expected


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args, expected = read_case(case)
    monkeypatch.chdir(tmp_path)  # `certs` writes into a relative directory
    # The output must not depend on the machine: no nginx installed, so the newest known.
    from tlslint.generators import target

    monkeypatch.setattr(target, "installed", lambda: None)
    monkeypatch.setattr(target, "haproxy_installed", lambda: None)
    actual = run(args, capsys)
    if os.environ.get("TLSLINT_UPDATE_GOLDEN"):
        command = "tlslint " + shlex.join(args)
        case.write_text(f"{command}\n{SEPARATOR}{actual}", encoding="utf-8")
        expected = actual
    assert actual == expected


def option(args: list[str], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args else default


NGINX_CASES = [c for c in CASES if read_case(c)[0][:2] == ["generate", "nginx"]]
YAML_CASES = [
    c for c in CASES if read_case(c)[0][1] in ("cert-manager", "gateway", "ingress", "alerts")
]


@pytest.mark.parametrize("case", NGINX_CASES, ids=[c.stem for c in NGINX_CASES])
def test_golden_nginx_configs_lint_clean(case: Path, tmp_path: Path) -> None:
    args, expected = read_case(case)
    profile = option(args, "--profile", "intermediate")
    version = option(args, "--nginx-version", "1.26.3")
    findings = lint_text(tmp_path, "site.conf", expected, profile, version)
    rules = [f.rule_id for f in findings]
    if "TLS103" in expected.split("server {")[0]:  # the header warns: no TLS 1.3 on this version
        assert rules == ["TLS103"]
    else:
        assert rules == [], [f"{f.rule_id} {f.line}: {f.message}" for f in findings]


HAPROXY_CASES = [c for c in CASES if read_case(c)[0][:2] == ["generate", "haproxy"]]


@pytest.mark.parametrize("case", HAPROXY_CASES, ids=[c.stem for c in HAPROXY_CASES])
def test_golden_haproxy_configs_lint_clean(case: Path, tmp_path: Path) -> None:
    from tlslint.generators.haproxy import DEFAULT_HAPROXY, DEFAULT_OPENSSL

    args, expected = read_case(case)
    profile = option(args, "--profile", "intermediate")
    (tmp_path / "haproxy.cfg").write_text(expected, encoding="utf-8")
    (tmp_path / ".tlslint.yaml").write_text(
        f"profile: {profile}\nhaproxy:\n"
        f"  version: '{option(args, '--haproxy-version', DEFAULT_HAPROXY)}'\n"
        f"  openssl_version: '{option(args, '--openssl-version', DEFAULT_OPENSSL)}'\n",
        encoding="utf-8",
    )
    # The crt file is deployed with the config, never committed beside it (TLS415, info).
    findings = [f for f in lint(tmp_path).findings if f.rule_id != "TLS415"]
    # Only what the header warns about (no TLS 1.3, no client cipher order on old versions).
    header = expected.split("\nglobal\n")[0]
    warned = set(re.findall(r"reports (TLS\d{3})", header.replace("\n# ", " ")))
    assert {f.rule_id for f in findings} == warned, [f"{f.rule_id}: {f.message}" for f in findings]


@pytest.mark.parametrize("case", YAML_CASES, ids=[c.stem for c in YAML_CASES])
def test_golden_manifests_validate(case: Path) -> None:
    args, expected = read_case(case)
    if "--blackbox-module" in args:
        import yaml

        assert set(yaml.safe_load(expected)) == {"modules"}
    else:
        validate_manifests(expected)


def test_every_generator_has_a_golden_case() -> None:
    from tlslint.generators import GENERATORS

    covered = {read_case(c)[0][1] for c in CASES}
    assert covered == set(GENERATORS)
