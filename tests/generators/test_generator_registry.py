"""The generator registry and the `generate` command line stay in step; the CLI imports none."""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys

import pytest

from tests.helpers import REPO
from tlslint.arguments import Flag, Internal, cli_fields, option_strings, values_of
from tlslint.cli import build_parser
from tlslint.generators import GENERATORS, build_options


def generate_kinds() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    generate = commands.choices["generate"]
    generate.ready()  # its sub-commands are built when first used
    kinds = next(a for a in generate._actions if isinstance(a, argparse._SubParsersAction))
    return dict(kinds.choices)


def test_every_registered_generator_is_a_sub_command_and_back() -> None:
    assert set(generate_kinds()) == set(GENERATORS)


def test_every_cli_option_reaches_the_generator() -> None:
    """An option the generator's Options does not know would be silently dropped."""
    ignored = {"help", "profile", "output"}
    for kind, parser in generate_kinds().items():
        fields = {f.name for f in dataclasses.fields(GENERATORS[kind].options)}
        dests = {a.dest for a in parser._actions} - ignored
        assert dests <= fields, (kind, dests - fields)
        assert "profile" in fields


def test_importing_the_cli_does_not_import_the_generators() -> None:
    code = (
        "import sys, tlslint.cli; "
        "print(any(m.startswith('tlslint.generators') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip() == "False"


def test_every_options_field_is_a_flag_or_said_to_be_filled_by_the_command() -> None:
    """One description per option: each field carries flag() or internal() metadata."""
    for kind, entry in GENERATORS.items():
        for f in dataclasses.fields(entry.options):
            assert isinstance(f.metadata.get("cli"), (Flag, Internal)), (kind, f.name)


def test_every_flag_field_is_an_option_of_its_sub_command_and_back() -> None:
    for kind, parser in generate_kinds().items():
        cls = GENERATORS[kind].options
        wanted = {f.name: option_strings(f, meta) for f, meta in cli_fields(cls, kind)}
        actions = {
            a.dest: tuple(a.option_strings)
            for a in parser._actions
            if a.dest not in ("help", "output")
        }
        assert actions == wanted, kind
        internal = {
            f.name for f in dataclasses.fields(cls) if isinstance(f.metadata["cli"], Internal)
        }
        assert not internal & set(actions), kind


def test_an_option_not_given_leaves_the_dataclass_default() -> None:
    """Flags parse to None when absent, so the Options default is the only default."""
    parser = build_parser()
    args = parser.parse_args(["generate", "ingress", "-d", "example.com", "--service", "web:80"])
    options = build_options("ingress", values_of(args, GENERATORS["ingress"].options))
    assert options == GENERATORS["ingress"].options(domains=("example.com",), service="web:80")
    args = parser.parse_args(
        ["generate", "ingress", "-d", "a.example", "-d", "b.example", "--service", "w:1",
         "--no-configmap", "--backend-https", "--verify-depth", "3"]
    )  # fmt: skip
    options = build_options("ingress", values_of(args, GENERATORS["ingress"].options))
    assert options.domains == ("a.example", "b.example")
    assert (options.with_configmap, options.backend_https, options.verify_depth) == (
        False,
        True,
        3,
    )


def test_options_a_sub_command_does_not_take_are_refused() -> None:
    """gateway and ingress share one Options class; each takes only its own flags."""
    parser = build_parser()
    common = ["-d", "example.com", "--service", "web:80"]
    with pytest.raises(SystemExit):
        parser.parse_args(["generate", "ingress", *common, "--gateway-class", "x"])
    with pytest.raises(SystemExit):  # required for a gateway only
        parser.parse_args(["generate", "gateway", *common])
    assert parser.parse_args(["generate", "gateway", *common, "--gateway-class", "x"])
