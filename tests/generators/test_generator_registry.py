"""The generator registry and the `generate` command line stay in step; the CLI imports none."""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys

from tests.helpers import REPO
from tlslint.cli import build_parser
from tlslint.generators import GENERATORS


def generate_kinds() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    generate = commands.choices["generate"]
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
