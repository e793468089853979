"""Command line: argument parsing and one function per sub-command returning an exit code.

Exit status: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, config or internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tlslint import __version__
from tlslint.arguments import (
    GATES,
    SEVERITIES,
    add_color,
    add_format,
    add_now,
    add_output,
    add_profile,
    add_rule_selection,
    jobs,
)
from tlslint.formats import FORMATS as CHECK_FORMATS
from tlslint.formats import REPORT_FORMATS, WRITE_ONLY_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# Output formats: each list is its registry's keys (tlslint.formats).
FORMATS = tuple(CHECK_FORMATS)
# Extra formats --write can produce: the pull-request job summary (Markdown, at most 1 MiB).
WRITE_FORMATS = (*FORMATS, *WRITE_ONLY_FORMATS)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given the terminal's width: argparse builds one for every
    argument it adds, each asking ``shutil`` (and with it the compression modules)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        width = _help_width() if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one clear line (its default, kept explicit).

    ``populate`` adds the parser's arguments when it is first used (parsed, or its help or
    usage shown): a sub-command whose options come from modules that are costly to import
    (the generators) costs nothing to the other commands.
    """

    def __init__(
        self,
        *args: Any,
        populate: Callable[[argparse.ArgumentParser], None] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self._populate = populate

    def ready(self) -> None:
        """Add the arguments that ``populate`` defers (once)."""
        populate, self._populate = self._populate, None
        if populate is not None:
            populate(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.ready()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self.ready()
        return super().format_help()

    def format_usage(self) -> str:
        self.ready()
        return super().format_usage()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"tlslint: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


@functools.cache
def _help_width() -> int:
    """What argparse's formatter would take: ``shutil.get_terminal_size()``'s columns
    ($COLUMNS, else the terminal of standard output, else 80), less 2."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def _add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: .)")
    add_profile(parser)
    parser.add_argument(
        "--config",
        type=Path,
        help="config file for every path (default: the nearest .tlslint.yaml or "
        "[tool.tlslint] above each file)",
    )
    parser.add_argument("--root", type=Path, help="scan root (default: the repository root)")
    add_rule_selection(parser)
    add_now(parser)
    parser.add_argument(
        "--jobs", "-j", type=jobs, default=1, help="worker processes (0 = all cores)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write tlslint's cache (as TLSLINT_NO_CACHE=1): the index of the "
        "repository's files, GitOps renderings, validated configurations",
    )


def _add_gate_options(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--fail-on", choices=GATES, help=help + "; never: exit 0 with findings")
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even with findings (errors still exit 2); same as --fail-on never",
    )


def gate_failed(
    args: argparse.Namespace, config_value: object, worst: object, default: str
) -> bool:
    """Whether the findings fail the run: --exit-zero, then --fail-on, then the config."""
    from tlslint.model import Severity

    if args.exit_zero:
        return False
    level = args.fail_on or config_value or default
    if level == "never" or worst is None:
        return False
    assert isinstance(worst, Severity)
    return worst >= Severity.parse(str(level))


def build_parser() -> argparse.ArgumentParser:
    """The command line. Each sub-command's arguments are added when it is used (parsed, or
    its help shown): a run builds only its own (and ``probe`` and ``generate`` import their
    modules only then)."""
    parser = _Parser(
        prog="tlslint",
        description="GitOps policy linter and config generator for TLS.",
    )
    parser.add_argument(
        "--version",
        "-V",
        action="version",
        version=f"tlslint {__version__}",
        help="print the version",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("check", help="lint TLS configuration", populate=_add_check_options)
    sub.add_parser(
        "fix", help="apply the safe fixes that findings carry", populate=_add_fix_options
    )
    sub.add_parser(
        "report",
        help="compliance report (html, markdown, json) with control mapping",
        populate=_add_report_options,
        epilog="tlslint report merge REPORT.json… combines the JSON reports of many "
        "repositories into one organisation report (see `tlslint report merge --help`).",
    )
    sub.add_parser("rules", help="list the rules, or explain one", populate=_add_rules_options)
    _add_generate_parser(sub)
    sub.add_parser(
        "probe",
        help="measure live TLS endpoints and judge them with the same rules",
        description="Connect to each HOST[:PORT], measure what it really accepts and serves, "
        "and report the findings of the static rules, located at host:port.",
        populate=_add_probe_options,
    )
    return parser


def _add_check_options(check: argparse.ArgumentParser) -> None:
    _add_scan_options(check)
    add_format(check, FORMATS, "text")
    add_output(check)
    check.add_argument(
        "--write",
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the same run's report in FORMAT to FILE (repeatable); FORMAT is one of "
        + ", ".join(WRITE_FORMATS)
        + " (summary: the Markdown pull-request summary, at most 1 MiB)",
    )
    _add_gate_options(check, "exit 1 when a finding is at least this severe (default: low)")
    check.add_argument("--baseline", type=Path, help="report only findings not in this baseline")
    check.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only the findings that the change since this git ref introduced: new "
        "ones, and those on changed lines or endpoints",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print the findings only, no summary"
    )
    check.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule instead"
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write the current findings as a baseline and exit 0",
    )
    add_color(check)


def _add_fix_options(fix: argparse.ArgumentParser) -> None:
    _add_scan_options(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    fix.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="apply unsafe fixes too: they may change more than the finding names "
        "(`tlslint rules` says which rules have which)",
    )
    _add_gate_options(fix, "exit 1 when a finding this severe is left (default: low)")


def _add_report_options(report: argparse.ArgumentParser) -> None:
    _add_scan_options(report)
    add_format(report, REPORT_FORMATS, "html")
    add_output(report)
    report.add_argument(
        "--standard",
        action="append",
        default=[],
        metavar="IDS",
        help="only these standards (comma-separated): pci-dss, nist-sp-800-52, hipaa, soc2, "
        "iso-27001, bsi-tr-02102-2 (default: all)",
    )
    report.add_argument(
        "--max-findings",
        type=int,
        metavar="N",
        help="Markdown only: list at most N findings (job summaries hold 1 MiB)",
    )
    _add_gate_options(
        report, "exit 1 when a finding is at least this severe (default: never, always exit 0)"
    )
    report.add_argument(
        "--repository",
        metavar="NAME",
        help="the repository's name in organisation reports (default: $GITHUB_REPOSITORY in "
        "GitHub Actions, else the root directory's name)",
    )


def _add_rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("rule", nargs="?", help="a rule id or name, e.g. TLS101")
    rules.add_argument(
        "--format",
        "-f",
        choices=("text", "markdown", "json"),
        default="text",
        help="output format (default: text)",
    )


def _add_probe_options(probe: argparse.ArgumentParser) -> None:
    from tlslint.probe.command import add_probe_options

    add_probe_options(probe)


def build_merge_parser() -> argparse.ArgumentParser:
    merge = _Parser(
        prog="tlslint report merge",
        description="Combine the JSON reports of many repositories (`tlslint report --format "
        "json`) into one organisation report: status per standard and requirement across "
        "them, the repositories behind each failure, one certificate inventory and expiry "
        "timeline. A pure function of the files.",
    )
    merge.add_argument("reports", nargs="+", type=Path, metavar="REPORT.json")
    merge.add_argument("--format", "-f", choices=tuple(REPORT_FORMATS), default="html")
    merge.add_argument("--output", "-o", type=Path, help="write the report to this file")
    merge.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at least this severe (default: always exit 0)",
    )
    return merge


def entry() -> None:
    """The ``tlslint`` command (and ``python -m tlslint``): ``main``, then an exit that skips
    the interpreter's teardown, which frees every object the run made one by one (10-15 ms of
    a one-file check, a tenth of it). What shutdown must still do is done first: the exit
    handlers run and the output is flushed; if flushing fails (a closed pipe), Python's own
    exit reports it."""
    code = main()
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started without it
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


def _discard_output() -> None:
    """Send what is left of standard output nowhere (it is closed, or there is none)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
            return
    sys.stdout = os.fdopen(devnull, "w")


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:  # started with no standard output (its descriptor closed)
        _discard_output()
    discovery = sys.modules.get("tlslint.pipeline.discover")  # (not imported for nothing)
    if discovery is not None:
        discovery.forget_locations()  # directories are resolved afresh for each command
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:2] == ["report", "merge"]:
        return cmd_report_merge(build_merge_parser().parse_args(arguments[2:]))
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return _run_command(args)
    except KeyboardInterrupt:
        sys.stderr.write("tlslint: interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (``| head``): not tlslint's error
        _discard_output()
        sys.stderr.write("tlslint: error: the output was closed before all of it was written\n")
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: never exit 1 ("findings")
        sys.stderr.write(f"tlslint: error: {internal_error(exc)}\n")
        return EXIT_ERROR


def _run_command(args: argparse.Namespace) -> int:
    if args.command == "probe":
        from tlslint.probe.command import cmd_probe

        return cmd_probe(args)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "check": cmd_check,
        "rules": cmd_rules,
        "fix": cmd_fix,
        "report": cmd_report,
        "generate": cmd_generate,
    }
    return commands[args.command](args)  # argparse admits no other command


def internal_error(exc: BaseException) -> str:
    """One line for an error tlslint did not expect: its kind and a redacted, escaped message.

    Exit status 1 means "findings"; a crash must never look like one (a CI job set to fail only
    on findings would pass), so every uncaught error ends here with status 2.
    """
    from tlslint.formats.escape import escape
    from tlslint.pipeline.redact import redact

    detail = escape(redact(str(exc)))[:300]
    kind = type(exc).__name__
    return f"internal error ({kind}{': ' + detail if detail else ''}); please report it"


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def git_root(start: Path) -> Path | None:
    from tlslint.pipeline.discover import located

    here = located(start)
    if here.is_file() or here.is_symlink() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return None


def scan_root(paths: list[Path], explicit: Path | None, config_dir: Path | None) -> Path:
    """The directory findings are relative to and nothing is read outside of."""
    if explicit is not None:
        return explicit.resolve()
    from tlslint.pipeline.discover import located

    first = paths[0]
    repo = git_root(first)
    candidates = [c for c in (repo, config_dir) if c is not None]
    for candidate in candidates:
        if all(_inside(located(p), candidate) for p in paths):
            return candidate.resolve()
    if len(paths) == 1 and first.is_dir():
        return first.resolve()
    common = Path(os.path.commonpath([str(located(p)) for p in paths]))
    return common if common.is_dir() else common.parent


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _encodable(text: str) -> str:
    """Bytes of non-UTF-8 file names (lone surrogates) as backslash escapes, so any output
    can be encoded; every other character is kept."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")  # the name's own bytes
        return raw.decode("utf-8", "backslashreplace").encode("utf-8", "backslashreplace").decode()
    return text


def refuse_output(output: Path, root: Path | None = None) -> str | None:
    """Why tlslint will not write ``output``, or None.

    A repository under review may commit ``tlslint.sarif -> /home/runner/.bashrc``: an output
    file is never written through a symbolic link, nor into a directory that a link inside the
    scanned repository (or the current directory) leads out of it.
    """
    if output.is_symlink():
        return "is a symbolic link; not written through (remove it or choose another path)"
    parent = output.absolute().parent
    real_parent = parent.resolve()
    for base in (root, Path.cwd()):
        if base is None:
            continue
        base = base.resolve()
        if _inside(parent, base) and not _inside(real_parent, base):
            return "is in a directory that a symbolic link leads out of the repository; not written"
    if output.exists() and not output.is_file() and not output.is_dir():
        return "is not a regular file; not written"
    return None


def write_output(text: str, output: Path | None, root: Path | None = None) -> bool:
    """Write to ``output`` atomically (stdout when None); False, with one error line, on failure."""
    text = _encodable(text)
    if output is None:
        sys.stdout.write(text)
        return True
    from tlslint.pipeline.atomic import write_text

    refused = refuse_output(output, root)
    if refused is not None:
        sys.stderr.write(f"tlslint: error: {_shown(output)} {refused}\n")
        return False
    try:
        write_text(output, text)
    except OSError as exc:
        sys.stderr.write(f"tlslint: error: cannot write {_shown(output)}: {exc.strerror or exc}\n")
        return False
    return True


def _escaped(text: str) -> str:
    from tlslint.formats.escape import escape

    return escape(text)


def _shown(path: Path) -> str:
    from tlslint.formats.escape import escape

    return escape(str(path))


def prepare(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Config, root and run options shared by the scanning commands."""
    if args.no_cache:  # before the config is read: its validation marker is a cache too
        os.environ["TLSLINT_NO_CACHE"] = "1"
    from tlslint.pipeline.config import Config, ConfigError, find_config, load_config
    from tlslint.pipeline.discover import located
    from tlslint.pipeline.run import Options

    # Sorted: the order of the arguments never changes the result.
    paths: list[Path] = sorted(args.paths or [Path(".")], key=lambda p: located(p).as_posix())
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise ConfigError(f"{p}: no such file or directory")
    config_path = args.config or find_config(paths[0])
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"{args.config}: config file not found")
    config = load_config(config_path) if config_path else Config()
    root = scan_root(paths, args.root, config.directory)
    if args.root is not None:
        if not root.is_dir():
            raise ConfigError(f"--root {args.root}: no such directory")
        from tlslint.pipeline.discover import located

        outside = [p for p in paths if not _inside(located(p), root)]
        if outside:
            raise ConfigError(f"{outside[0]} is outside the scan root {args.root} (--root)")
    return Options(
        paths=paths,
        root=root,
        config=config,
        profile=args.profile,
        now=args.now,
        select=_split(args.select),
        ignore=_split(args.ignore),
        baseline=getattr(args, "baseline", None),
        jobs=args.jobs,
        per_file_config=args.config is None,
        config_explicit=args.config is not None,
    )


def _writes(values: list[str]) -> list[tuple[str, Path]]:
    """--write FORMAT=FILE values, checked before the run."""
    out = []
    for value in values:
        name, sep, target = value.partition("=")
        if not sep or not target or name not in WRITE_FORMATS:
            raise ValueError(
                f"--write {value!r}: expected FORMAT=FILE with FORMAT one of "
                + ", ".join(WRITE_FORMATS)
            )
        out.append((name, Path(target)))
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from tlslint.formats import renderer
    from tlslint.pipeline.baseline import BaselineError, write_baseline
    from tlslint.pipeline.config import ConfigError
    from tlslint.pipeline.progress import progress
    from tlslint.pipeline.run import UsageError, run

    try:
        writes = _writes(args.write)
    except ValueError as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    refusals: tuple[type[Exception], ...] = (ConfigError, UsageError, BaselineError)
    if args.diff_base:  # git and tar handling, loaded only for pull requests
        from tlslint.pipeline.diffbase import DiffBaseError, restrict

        refusals = (*refusals, DiffBaseError)
    try:
        with progress(enabled=not args.quiet):
            options = prepare(args)
            result = run(options)
            if args.diff_base:
                result = restrict(result, options, args.diff_base)
    except refusals as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    if args.write_baseline is not None:
        refused = refuse_output(args.write_baseline, options.root)
        if refused is not None:
            sys.stderr.write(f"tlslint: error: {_shown(args.write_baseline)} {refused}\n")
            return EXIT_ERROR
        try:
            write_baseline(args.write_baseline, result.findings)
        except OSError as exc:
            sys.stderr.write(
                f"tlslint: error: cannot write {args.write_baseline}: {exc.strerror or exc}\n"
            )
            return EXIT_ERROR
        sys.stderr.write(
            f"tlslint: wrote {len(result.findings)} findings to {_shown(args.write_baseline)}\n"
        )
        return EXIT_CLEAN
    color = args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    if args.format == "text":
        text = renderer("text")(
            result, color=color, quiet=args.quiet, statistics=args.statistics, cwd=Path.cwd()
        )
    else:
        text = renderer(args.format)(result, color=color)
    if not write_output(text, args.output, options.root):
        return EXIT_ERROR
    for name, target in writes:
        if name == "summary":
            from tlslint.formats.summary import render_summary

            extra = render_summary(result, diff_base=args.diff_base)
        else:
            extra = renderer(name)(result, color=False)
        if not write_output(extra, target, options.root):
            return EXIT_ERROR
    failed = gate_failed(args, options.config.get("fail_on"), result.worst(), "low")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_report(args: argparse.Namespace) -> int:
    import time

    from tlslint.compliance.report import (
        ReportError,
        build,
        choose_standards,
        relative_paths,
        render,
    )
    from tlslint.pipeline.baseline import BaselineError
    from tlslint.pipeline.config import ConfigError
    from tlslint.pipeline.run import UsageError, run

    if args.max_findings is not None and args.max_findings < 0:
        sys.stderr.write("tlslint: error: --max-findings must be 0 or more\n")
        return EXIT_ERROR
    if args.output is not None and not args.output.parent.resolve().is_dir():
        sys.stderr.write(f"tlslint: error: {args.output.parent}: no such directory\n")
        return EXIT_ERROR
    started = time.perf_counter()
    try:
        from tlslint.pipeline.progress import progress

        standards = choose_standards(args.standard)
        with progress():
            options = prepare(args)
            result = run(options)
    except (ConfigError, UsageError, ReportError, BaselineError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    reproducible = args.now is not None  # no wall clock in the report: same inputs, same bytes
    document = build(
        result,
        standards,
        paths=relative_paths(options.paths, options.root),
        duration=None if reproducible else time.perf_counter() - started,
        scanned_at=None if reproducible else dt.datetime.now(dt.timezone.utc),
        config=options.config.path,
        repository=args.repository,
    )
    text = render(document, args.format, max_findings=args.max_findings)
    if not write_output(text, args.output, options.root):
        return EXIT_ERROR
    if args.output is not None:
        if document.empty:
            sys.stderr.write("tlslint: no TLS configuration found\n")
        sys.stderr.write(f"tlslint: wrote the {args.format} report to {_shown(args.output)}\n")
    failed = gate_failed(args, None, result.worst(), "never")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_report_merge(args: argparse.Namespace) -> int:
    from tlslint.compliance.merge import merge
    from tlslint.compliance.report import ReportError, render
    from tlslint.model import Severity

    if args.output is not None and not args.output.parent.resolve().is_dir():
        sys.stderr.write(f"tlslint: error: {args.output.parent}: no such directory\n")
        return EXIT_ERROR
    try:
        document = merge(args.reports)
    except ReportError as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    if not write_output(render(document, args.format), args.output):
        return EXIT_ERROR
    if args.output is not None:
        sys.stderr.write(
            f"tlslint: wrote the {args.format} report of {len(document.repositories)} "
            f"repositories to {args.output}\n"
        )
    if args.fail_on is None:
        return EXIT_CLEAN
    worst = max((g.severity for g in document.groups), default=None)
    return (
        EXIT_FINDINGS if worst is not None and worst >= Severity.parse(args.fail_on) else EXIT_CLEAN
    )


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from tlslint.rules import RULES, find
    from tlslint.rules.docs import explain, rule_dict, rules_table

    if args.rule is None:
        if args.format == "json":
            sys.stdout.write(json.dumps([rule_dict(r) for r in RULES], indent=2) + "\n")
        else:
            sys.stdout.write(rules_table(markdown=args.format == "markdown"))
        return EXIT_CLEAN
    rule = find(args.rule)
    if rule is None:
        sys.stderr.write(f"tlslint: error: no rule {args.rule!r} (see `tlslint rules`)\n")
        return EXIT_ERROR
    if args.format == "json":
        sys.stdout.write(json.dumps(rule_dict(rule), indent=2) + "\n")
    else:
        sys.stdout.write(explain(rule, markdown=args.format == "markdown"))
    return EXIT_CLEAN


def cmd_fix(args: argparse.Namespace) -> int:
    from tlslint.pipeline.baseline import BaselineError
    from tlslint.pipeline.config import ConfigError
    from tlslint.pipeline.fix import FixLockedError, fix, fix_preview, unified_diff
    from tlslint.pipeline.run import UsageError

    try:
        from tlslint.pipeline.progress import progress

        with progress():
            options = prepare(args)
            preview = fix_preview if args.diff else fix
            report = preview(options, unsafe=args.unsafe_fixes)
    except (ConfigError, UsageError, BaselineError, FixLockedError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    out = sys.stdout

    def shown(path: str) -> str:  # relative to where the user stands
        from tlslint.formats.common import display_path

        return display_path(options.root, path, Path.cwd())

    for path, change in sorted(report.changes.items()):
        if args.diff:
            out.write(unified_diff(change))
        else:
            out.write(f"fixed {_escaped(shown(path))} ({', '.join(change.rules)})\n")
    for path, reason in sorted(report.refused.items()):
        sys.stderr.write(f"{_escaped(shown(path))}: {_escaped(reason)}\n")
    left = report.remaining
    count = len(report.changes)
    verb = "would be" if args.diff else ("was" if count == 1 else "were")
    summary = f"{count} file{'s' if count != 1 else ''} {verb} fixed"
    if left:
        rules = ", ".join(sorted({f.rule_id for f in left}))
        needs = "needs" if len(left) == 1 else "need"
        summary += (
            f"; {len(left)} finding{'s' if len(left) != 1 else ''} {needs} a person ({rules}): "
            "run `tlslint check` for details"
        )
    if report.withheld["unsafe"]:
        n = report.withheld["unsafe"]
        summary += f"; {n} more fix{'es' if n != 1 else ''} with --unsafe-fixes"
    if report.withheld["display-only"]:
        n = report.withheld["display-only"]
        summary += (
            f"; {n} display-only fix{'es' if n != 1 else ''} to apply by hand "
            "(`tlslint check --format json` shows the edits)"
        )
    (sys.stderr if args.diff else out).write(summary + "\n")
    worst = max((f.severity for f in left), default=None)
    failed = gate_failed(args, options.config.get("fail_on"), worst, "low")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


# --- generate -------------------------------------------------------------------------------


def _add_generate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser(
        "generate",
        help="write a compliant config, manifest or dev certificates",
        populate=_add_generators,
    )


def _add_generators(generate: argparse.ArgumentParser) -> None:
    """One sub-command per registered generator, its options from its Options dataclass
    (built when ``generate`` is used, so other commands never import the generators)."""
    from tlslint.arguments import add_dataclass_options, add_output
    from tlslint.generators import GENERATORS

    kinds = generate.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser)
    kinds.required = True
    for name, entry in GENERATORS.items():
        parser = kinds.add_parser(name, help=entry.summary, description=entry.summary)
        default = None if entry.output_default is None else Path(entry.output_default)
        add_output(parser, entry.output_help, default)
        add_dataclass_options(parser, entry.options, name)


def cmd_generate(args: argparse.Namespace) -> int:
    from tlslint.arguments import values_of
    from tlslint.generators import GENERATORS, GeneratorError, run

    values = values_of(args, GENERATORS[args.kind].options)
    try:
        result = run(args.kind, values, args.output)
    except GeneratorError as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    if not isinstance(result, str):
        return _write_bundle(args.output, result)
    if not write_output(result, args.output):
        return EXIT_ERROR
    if args.output is not None:
        sys.stderr.write(f"tlslint: wrote {args.output}\n")
    return EXIT_CLEAN


def _write_bundle(directory: Path, bundle) -> int:  # type: ignore[no-untyped-def]
    from tlslint.pipeline.atomic import write_text

    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o755)
        for file in bundle.files:
            target = directory / file.name
            content, mode = file.content, file.mode
            if file.name == ".gitignore" and target.is_file():
                # Keep the directory's own rules; add the key pattern if it is missing.
                existing = target.read_text(encoding="utf-8", errors="replace")
                wanted = [
                    line for line in content.splitlines() if line not in existing.splitlines()
                ]
                if not any(line and not line.startswith("#") for line in wanted):
                    continue
                content = existing + ("" if existing.endswith("\n") else "\n") + content
                mode = None  # keep the file's own mode
            write_text(target, content, mode=mode)
    except OSError as exc:
        sys.stderr.write(f"tlslint: error: cannot write {directory}: {exc.strerror}\n")
        return EXIT_ERROR
    sys.stdout.write(bundle.summary)
    return EXIT_CLEAN
