"""Command line: argument parsing and one function per sub-command returning an exit code.

Exit status: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, config or internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tlslint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("info", "low", "medium", "high", "critical")
FORMATS = ("text", "json", "sarif", "junit", "github")


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one clear line (its default, kept explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"tlslint: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _parse_now(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return value or (os.cpu_count() or 1)


def _add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: .)")
    parser.add_argument("--profile", choices=("modern", "intermediate", "old"))
    parser.add_argument("--config", type=Path, help="config file (default: found by walking up)")
    parser.add_argument("--root", type=Path, help="scan root (default: the repository root)")
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="only these rules (ids, names or id prefixes; comma-separated)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="skip these rules (comma-separated)",
    )
    parser.add_argument("--now", type=_parse_now, help="the date to judge expiry against")
    parser.add_argument(
        "--jobs", "-j", type=_jobs, default=1, help="worker processes (0 = all cores)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tlslint",
        description="GitOps policy linter and config generator for TLS.",
    )
    parser.add_argument("--version", action="version", version=f"tlslint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="lint TLS configuration")
    _add_scan_options(check)
    check.add_argument("--format", "-f", choices=FORMATS, default="text")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file")
    check.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at least this severe (default: low)",
    )
    check.add_argument("--baseline", type=Path, help="report only findings not in this baseline")
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write the current findings as a baseline and exit 0",
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    report = sub.add_parser(
        "report", help="compliance report (html, markdown, json) with control mapping"
    )
    _add_scan_options(report)
    report.add_argument("--format", "-f", choices=("html", "markdown", "json"), default="html")
    report.add_argument("--output", "-o", type=Path, help="write the report to this file")
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
    report.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at least this severe (default: always exit 0)",
    )

    rules = sub.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("rule", nargs="?", help="a rule id or name, e.g. TLS101")
    rules.add_argument("--format", "-f", choices=("text", "markdown", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "report":
            return cmd_report(args)
    except KeyboardInterrupt:
        sys.stderr.write("tlslint: interrupted\n")
        return EXIT_ERROR
    parser.error(f"unknown command {args.command}")
    return EXIT_ERROR


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def git_root(start: Path) -> Path | None:
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return None


def scan_root(paths: list[Path], explicit: Path | None, config_dir: Path | None) -> Path:
    """The directory findings are relative to and nothing is read outside of."""
    if explicit is not None:
        return explicit.resolve()
    first = paths[0]
    repo = git_root(first)
    candidates = [c for c in (repo, config_dir) if c is not None]
    for candidate in candidates:
        if all(_inside(p.resolve(), candidate) for p in paths):
            return candidate.resolve()
    if len(paths) == 1 and first.is_dir():
        return first.resolve()
    common = Path(os.path.commonpath([str(p.resolve()) for p in paths]))
    return common if common.is_dir() else common.parent


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True


def prepare(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Config, root and run options shared by the scanning commands."""
    from tlslint.linter.config import Config, ConfigError, find_config, load_config
    from tlslint.linter.run import Options

    paths: list[Path] = list(args.paths) or [Path(".")]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise ConfigError(f"{p}: no such file or directory")
    config_path = args.config or find_config(paths[0])
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"{args.config}: config file not found")
    config = load_config(config_path) if config_path else Config()
    root = scan_root(paths, args.root, config.directory)
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
    )


def cmd_check(args: argparse.Namespace) -> int:
    from tlslint.linter.baseline import BaselineError, write_baseline
    from tlslint.linter.config import ConfigError
    from tlslint.linter.model import Severity
    from tlslint.linter.report import renderer
    from tlslint.linter.run import UsageError, run

    try:
        options = prepare(args)
        result = run(options)
    except (ConfigError, UsageError, BaselineError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    if args.write_baseline is not None:
        try:
            write_baseline(args.write_baseline, result.findings)
        except OSError as exc:
            sys.stderr.write(f"tlslint: error: cannot write {args.write_baseline}: {exc}\n")
            return EXIT_ERROR
        sys.stderr.write(
            f"tlslint: wrote {len(result.findings)} findings to {args.write_baseline}\n"
        )
        return EXIT_CLEAN
    color = args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    text = renderer(args.format)(result, color=color)
    if args.output is not None:
        from tlslint.linter.atomic import write_text

        try:
            write_text(args.output, text)
        except OSError as exc:
            sys.stderr.write(f"tlslint: error: cannot write {args.output}: {exc.strerror}\n")
            return EXIT_ERROR
    else:
        sys.stdout.write(text)
    fail_on = Severity.parse(args.fail_on or options.config.get("fail_on") or "low")
    worst = result.worst()
    return EXIT_FINDINGS if worst is not None and worst >= fail_on else EXIT_CLEAN


def cmd_report(args: argparse.Namespace) -> int:
    import time

    from tlslint.linter.baseline import BaselineError
    from tlslint.linter.config import ConfigError
    from tlslint.linter.model import Severity
    from tlslint.linter.report.compliance import ReportError, build, choose_standards, render
    from tlslint.linter.run import UsageError, run

    if args.max_findings is not None and args.max_findings < 0:
        sys.stderr.write("tlslint: error: --max-findings must be 0 or more\n")
        return EXIT_ERROR
    if args.output is not None and not args.output.parent.resolve().is_dir():
        sys.stderr.write(f"tlslint: error: {args.output.parent}: no such directory\n")
        return EXIT_ERROR
    started = time.perf_counter()
    try:
        standards = choose_standards(args.standard)
        options = prepare(args)
        result = run(options)
    except (ConfigError, UsageError, ReportError, BaselineError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    document = build(
        result,
        standards,
        paths=[str(p) for p in options.paths],
        duration=time.perf_counter() - started,
    )
    text = render(document, args.format, max_findings=args.max_findings)
    if args.output is not None:
        from tlslint.linter.atomic import write_text

        try:
            write_text(args.output, text)
        except OSError as exc:
            sys.stderr.write(f"tlslint: error: cannot write {args.output}: {exc.strerror}\n")
            return EXIT_ERROR
        if document.empty:
            sys.stderr.write("tlslint: no TLS configuration found\n")
        sys.stderr.write(f"tlslint: wrote the {args.format} report to {args.output}\n")
    else:
        sys.stdout.write(text)
    if args.fail_on is None:
        return EXIT_CLEAN
    worst = result.worst()
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
