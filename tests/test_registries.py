"""Profiles, severities, output formats and generators are each listed once, in a registry;
option choices are derived from it, and the lists written by hand (schemas, README, the
GitHub Action) are checked against it here."""

from __future__ import annotations

import argparse
import json
import re

from tests.helpers import REPO
from tlslint.arguments import GATES, SEVERITIES
from tlslint.cli import build_merge_parser, build_parser
from tlslint.formats import FORMATS, REPORT_FORMATS, WRITE_ONLY_FORMATS
from tlslint.model import Severity
from tlslint.model.policy import PROFILES

SCHEMAS = REPO / "tlslint/schemas"
README = (REPO / "README.md").read_text(encoding="utf-8")


def choices(parser: argparse.ArgumentParser, option: str) -> tuple[str, ...]:
    action = next(a for a in parser._actions if option in a.option_strings)
    return tuple(action.choices or ())


def command(name: str) -> argparse.ArgumentParser:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser = sub.choices[name]
    parser.ready()  # its arguments are added when it is first used
    return parser  # type: ignore[no-any-return]


def test_option_choices_are_the_registries() -> None:
    for name in ("check", "fix", "report", "probe"):
        assert choices(command(name), "--profile") == PROFILES, name
    assert choices(command("check"), "--format") == tuple(FORMATS)
    assert choices(command("report"), "--format") == tuple(REPORT_FORMATS)
    assert choices(build_merge_parser(), "--format") == tuple(REPORT_FORMATS)
    probe = choices(command("probe"), "--format")
    assert probe[: len(FORMATS)] == tuple(FORMATS)
    assert len(probe) == len(FORMATS) + len(REPORT_FORMATS)
    assert "compliance-json" in probe and "html" in probe
    assert choices(command("check"), "--fail-on") == GATES
    assert choices(command("probe"), "--fail-on") == SEVERITIES


def test_severities_are_the_model_s() -> None:
    assert tuple(s.label for s in Severity) == SEVERITIES


def test_write_formats_are_check_s_and_the_extra_files() -> None:
    from tlslint.cli import WRITE_FORMATS

    assert (*FORMATS, *WRITE_ONLY_FORMATS) == WRITE_FORMATS
    help_text = next(a.help for a in command("check")._actions if a.dest == "write")
    assert all(name in str(help_text) for name in WRITE_FORMATS)


def test_every_registered_module_renders() -> None:
    import importlib

    for registry in (FORMATS, WRITE_ONLY_FORMATS, REPORT_FORMATS):
        for name, module in registry.items():
            assert callable(getattr(importlib.import_module(module), "render", None)) or (
                name == "summary"
            ), name


def test_the_schemas_enums_are_the_registries() -> None:
    config = json.loads((SCHEMAS / "config.schema.json").read_text(encoding="utf-8"))
    assert tuple(config["properties"]["profile"]["enum"]) == PROFILES
    assert tuple(config["properties"]["fail_on"]["enum"]) == GATES
    assert tuple(config["$defs"]["severity"]["enum"]) == SEVERITIES
    report = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    assert tuple(report["properties"]["profile"]["enum"]) == PROFILES


def test_the_readme_lists_the_registries() -> None:
    text = " ".join(README.split())
    assert f"--profile {'|'.join(PROFILES)}" in text
    assert f"--format {'|'.join(FORMATS)}" in text
    from tlslint.generators import GENERATORS
    from tlslint.probe.command import REPORT_FORMATS as PROBE_REPORTS

    assert f"--format {'|'.join(PROBE_REPORTS)}` writes the compliance" in text
    kinds = re.search(r"tlslint generate KIND\s+(.*?) \(see Generate\)", README)
    assert kinds is not None
    assert set(kinds.group(1).split(" | ")) == set(GENERATORS)


def test_the_action_names_every_profile() -> None:
    action = (REPO / "action.yml").read_text(encoding="utf-8")
    line = next(line for line in action.splitlines() if "Mozilla profile:" in line)
    listed = line.split("Mozilla profile:")[1].split("(default")[0]
    assert [w for w in re.findall(r"[\w-]+", listed) if w != "or"] == list(PROFILES)


def test_report_standard_help_lists_the_control_mapping_s_standards() -> None:
    """The help is written by hand (the mapping is YAML, too costly to load for every run)."""
    from tlslint.compliance.report import load_controls

    help_text = str(next(a.help for a in command("report")._actions if a.dest == "standard"))
    listed = help_text.split("comma-separated):")[1].split("(default")[0]
    assert [s.strip() for s in listed.split(",")] == list(load_controls().standards)
