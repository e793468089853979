"""The command line's vocabulary: option types, the options several sub-commands share, and
option tables built from a dataclass's field metadata.

One description per option: a generator's ``Options`` dataclass says, beside each field, the
flag that sets it (:func:`flag`), and :func:`add_dataclass_options` builds the sub-command's
arguments from that; ``check``, ``fix``, ``report`` and ``probe`` take their shared options
(``--profile``, ``--select``, ``--now``, ``--fail-on``, ``--color``…) from the functions here.

Standard library only at module level: every ``tlslint`` run imports it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tlslint.model.policy import DEFAULT_PROFILE, PROFILES

SEVERITIES = ("info", "low", "medium", "high", "critical")
GATES = (*SEVERITIES, "never")
COLORS = ("auto", "always", "never")
# --now: X.509 dates start in 1950 (certificates are back-dated); a CA may last a century.
NOW_YEARS = (1951, 9000)


# --- option types -------------------------------------------------------------------------


def parse_now(text: str) -> dt.datetime:
    """An ISO date or date-time (UTC unless it says otherwise), for ``--now``."""
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)"
        ) from None
    if not NOW_YEARS[0] <= value.year <= NOW_YEARS[1]:  # date arithmetic overflows beyond
        raise argparse.ArgumentTypeError(
            f"{text!r} is not between the years {NOW_YEARS[0]} and {NOW_YEARS[1]}"
        )
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def jobs(text: str) -> int:
    """``--jobs``: 0 is every core; more than a few workers per core only adds start-up cost."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    cores = os.cpu_count() or 1
    return min(value, 4 * cores) if value else cores


# --- options several sub-commands share ---------------------------------------------------


def add_profile(
    parser: argparse.ArgumentParser,
    help: str = "Mozilla profile to judge against (default: the config's, else intermediate)",
    default: str | None = None,
) -> None:
    parser.add_argument("--profile", choices=PROFILES, default=default, help=help)


def add_rule_selection(
    parser: argparse.ArgumentParser,
    select: str = "only these rules (ids, names or id prefixes; comma-separated)",
    ignore: str = "skip these rules (comma-separated)",
) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="RULES", help=select)
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help=ignore)


def add_now(
    parser: argparse.ArgumentParser,
    help: str = "the date to judge expiry against (default: today)",
) -> None:
    parser.add_argument("--now", type=parse_now, help=help)


def add_format(
    parser: argparse.ArgumentParser, choices: Iterable[str], default: str, help: str = ""
) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=tuple(choices),
        default=default,
        help=help or f"report format (default: {default})",
    )


def add_output(
    parser: argparse.ArgumentParser,
    help: str = "write the report to this file (default: stdout)",
    default: object = None,
) -> None:
    parser.add_argument("--output", "-o", type=Path, default=default, help=help)


def add_color(
    parser: argparse.ArgumentParser,
    help: str = "colour the text report (default: auto, on a terminal without NO_COLOR)",
) -> None:
    parser.add_argument("--color", choices=COLORS, default="auto", help=help)


def add_fail_on(parser: argparse.ArgumentParser, help: str, choices: Sequence[str]) -> None:
    parser.add_argument("--fail-on", choices=tuple(choices), help=help)


# --- option tables from dataclass field metadata ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Flag:
    """How a dataclass field is set on the command line.

    Most of it is derived from the field: the flag is ``--`` plus the field name with dashes;
    a tuple field is repeatable; a bool field is a switch (``--no-…`` turns it off); ``int``
    and ``datetime`` fields are parsed; a field without a default is required. The parsed
    value is ``None`` when the option is not given, so the dataclass's default applies.
    """

    help: str
    flags: tuple[str, ...] = ()
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    required: bool = False
    # Sub-commands (of those sharing one Options class) that offer the option; () = all.
    kinds: tuple[str, ...] = ()
    # Show the dataclass default as argparse's (in --help and the parsed namespace).
    show_default: bool = False


@dataclasses.dataclass(frozen=True)
class Internal:
    """A field the command sets itself (from other options, files or the machine), not a flag."""

    why: str


def flag(
    help: str,
    *flags: str,
    default: Any = dataclasses.MISSING,
    metavar: str | None = None,
    choices: Sequence[str] | None = None,
    required: bool = False,
    kinds: Sequence[str] = (),
    show_default: bool = False,
) -> Any:
    """A dataclass field set by a command-line flag (see :class:`Flag`)."""
    meta = Flag(
        help,
        flags,
        metavar,
        None if choices is None else tuple(choices),
        required,
        tuple(kinds),
        show_default,
    )
    return dataclasses.field(default=default, metadata={"cli": meta})


def internal(why: str, default: Any = dataclasses.MISSING) -> Any:
    """A dataclass field no flag sets (see :class:`Internal`)."""
    return dataclasses.field(default=default, metadata={"cli": Internal(why)})


def profile_flag(help: str = "Mozilla profile the output meets (default: intermediate)") -> Any:
    """The ``--profile`` every generator takes."""
    return flag(help, default=DEFAULT_PROFILE, choices=PROFILES, show_default=True)


def cli_fields(cls: type, kind: str | None = None) -> list[tuple[dataclasses.Field[Any], Flag]]:
    """The fields of dataclass ``cls`` that ``kind`` sets by flags, in declaration order."""
    out = []
    for f in dataclasses.fields(cls):
        meta = f.metadata.get("cli")
        if isinstance(meta, Flag) and (kind is None or not meta.kinds or kind in meta.kinds):
            out.append((f, meta))
    return out


def option_strings(f: dataclasses.Field[Any], meta: Flag) -> tuple[str, ...]:
    return meta.flags or ("--" + f.name.replace("_", "-"),)


def _base_type(annotation: object) -> tuple[object, bool]:
    """(the type without ``| None``, whether it is a tuple)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _base_type(rest[0]) if len(rest) == 1 else (str, False)
    if origin is tuple:
        return (args[0] if args else str), True
    return annotation, False


_PARSERS: dict[object, Callable[[str], Any]] = {int: int, dt.datetime: parse_now}


def add_dataclass_options(
    parser: argparse.ArgumentParser, cls: type, kind: str | None = None
) -> None:
    """Add one argument per field of ``cls`` that carries a :func:`flag`."""
    hints = typing.get_type_hints(cls)
    for f, meta in cli_fields(cls, kind):
        base, repeatable = _base_type(hints[f.name])
        names = option_strings(f, meta)
        has_default = f.default is not dataclasses.MISSING or (
            f.default_factory is not dataclasses.MISSING
        )
        options: dict[str, Any] = {
            "dest": f.name,
            "help": meta.help,
            "required": meta.required or not has_default,
            "default": f.default if meta.show_default else None,
        }
        if meta.metavar:
            options["metavar"] = meta.metavar
        if meta.choices is not None:
            options["choices"] = meta.choices
        if base is bool:
            options["action"] = "store_false" if names[0].startswith("--no-") else "store_true"
        else:
            if repeatable:
                options["action"] = "append"
            if base in _PARSERS:
                options["type"] = _PARSERS[base]
        parser.add_argument(*names, **options)


def values_of(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    """The fields of ``cls`` given on the command line (lists as tuples, absent ones left out)."""
    known = {f.name for f in dataclasses.fields(cls)}
    return {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in vars(args).items()
        if key in known and value is not None
    }
