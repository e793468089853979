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
GATES = (*SEVERITIES, "never")
FORMATS = ("text", "json", "sarif", "junit", "github")
# Extra formats --write can produce: the pull-request job summary (Markdown, at most 1 MiB).
WRITE_FORMATS = (*FORMATS, "summary")
# --now: X.509 dates start in 1950 (certificates are back-dated); a CA may last a century.
NOW_YEARS = (1951, 9000)


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
    if not NOW_YEARS[0] <= value.year <= NOW_YEARS[1]:  # date arithmetic overflows beyond
        raise argparse.ArgumentTypeError(
            f"{text!r} is not between the years {NOW_YEARS[0]} and {NOW_YEARS[1]}"
        )
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    cores = os.cpu_count() or 1
    # More workers than a few per core only adds start-up cost and memory.
    return min(value, 4 * cores) if value else cores


def _add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: .)")
    parser.add_argument(
        "--profile",
        choices=("modern", "intermediate", "old"),
        help="Mozilla profile to judge against (default: the config's, else intermediate)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        help="config file for every path (default: the nearest .tlslint.yaml or "
        "[tool.tlslint] above each file)",
    )
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
    parser.add_argument(
        "--now", type=_parse_now, help="the date to judge expiry against (default: today)"
    )
    parser.add_argument(
        "--jobs", "-j", type=_jobs, default=1, help="worker processes (0 = all cores)"
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
    from tlslint.linter.model import Severity

    if args.exit_zero:
        return False
    level = args.fail_on or config_value or default
    if level == "never" or worst is None:
        return False
    assert isinstance(worst, Severity)
    return worst >= Severity.parse(str(level))


def build_parser() -> argparse.ArgumentParser:
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

    check = sub.add_parser("check", help="lint TLS configuration")
    _add_scan_options(check)
    check.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="report format (default: text)"
    )
    check.add_argument(
        "--output", "-o", type=Path, help="write the report to this file (default: stdout)"
    )
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
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (default: auto, on a terminal without NO_COLOR)",
    )

    fix = sub.add_parser("fix", help="apply the safe fixes that findings carry")
    _add_scan_options(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    _add_gate_options(fix, "exit 1 when a finding this severe is left (default: low)")

    report = sub.add_parser(
        "report", help="compliance report (html, markdown, json) with control mapping"
    )
    _add_scan_options(report)
    report.add_argument(
        "--format",
        "-f",
        choices=("html", "markdown", "json"),
        default="html",
        help="report format (default: html)",
    )
    report.add_argument(
        "--output", "-o", type=Path, help="write the report to this file (default: stdout)"
    )
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
    report.epilog = (
        "tlslint report merge REPORT.json… combines the JSON reports of many repositories "
        "into one organisation report (see `tlslint report merge --help`)."
    )

    rules = sub.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("rule", nargs="?", help="a rule id or name, e.g. TLS101")
    rules.add_argument(
        "--format",
        "-f",
        choices=("text", "markdown", "json"),
        default="text",
        help="output format (default: text)",
    )

    _add_generate_parser(sub)
    from tlslint.probe.command import add_probe_parser

    add_probe_parser(sub, _parse_now)
    return parser


def build_merge_parser() -> argparse.ArgumentParser:
    merge = _Parser(
        prog="tlslint report merge",
        description="Combine the JSON reports of many repositories (`tlslint report --format "
        "json`) into one organisation report: status per standard and requirement across "
        "them, the repositories behind each failure, one certificate inventory and expiry "
        "timeline. A pure function of the files.",
    )
    merge.add_argument("reports", nargs="+", type=Path, metavar="REPORT.json")
    merge.add_argument("--format", "-f", choices=("html", "markdown", "json"), default="html")
    merge.add_argument("--output", "-o", type=Path, help="write the report to this file")
    merge.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="exit 1 when a finding is at least this severe (default: always exit 0)",
    )
    return merge


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:2] == ["report", "merge"]:
        return cmd_report_merge(build_merge_parser().parse_args(arguments[2:]))
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "fix":
            return cmd_fix(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "generate":
            return cmd_generate(args)
        if args.command == "probe":
            from tlslint.probe.command import cmd_probe

            return cmd_probe(args)
    except KeyboardInterrupt:
        sys.stderr.write("tlslint: interrupted\n")
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: never exit 1 ("findings")
        sys.stderr.write(f"tlslint: error: {internal_error(exc)}\n")
        return EXIT_ERROR
    parser.error(f"unknown command {args.command}")
    return EXIT_ERROR


def internal_error(exc: BaseException) -> str:
    """One line for an error tlslint did not expect: its kind and a redacted, escaped message.

    Exit status 1 means "findings"; a crash must never look like one (a CI job set to fail only
    on findings would pass), so every uncaught error ends here with status 2.
    """
    from tlslint.linter.redact import redact
    from tlslint.linter.report.escape import escape

    detail = escape(redact(str(exc)))[:300]
    kind = type(exc).__name__
    return f"internal error ({kind}{': ' + detail if detail else ''}); please report it"


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def git_root(start: Path) -> Path | None:
    from tlslint.linter.discover import located

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
    from tlslint.linter.discover import located

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
    from tlslint.linter.atomic import write_text

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
    from tlslint.linter.report.escape import escape

    return escape(text)


def _shown(path: Path) -> str:
    from tlslint.linter.report.escape import escape

    return escape(str(path))


def prepare(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Config, root and run options shared by the scanning commands."""
    from tlslint.linter.config import Config, ConfigError, find_config, load_config
    from tlslint.linter.discover import located
    from tlslint.linter.run import Options

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
        from tlslint.linter.discover import located

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
    from tlslint.linter.baseline import BaselineError, write_baseline
    from tlslint.linter.config import ConfigError
    from tlslint.linter.progress import progress
    from tlslint.linter.report import renderer
    from tlslint.linter.run import UsageError, run

    try:
        writes = _writes(args.write)
    except ValueError as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    refusals: tuple[type[Exception], ...] = (ConfigError, UsageError, BaselineError)
    if args.diff_base:  # git and tar handling, loaded only for pull requests
        from tlslint.linter.diffbase import DiffBaseError, restrict

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
            from tlslint.linter.report.summary import render_summary

            extra = render_summary(result, diff_base=args.diff_base)
        else:
            extra = renderer(name)(result, color=False)
        if not write_output(extra, target, options.root):
            return EXIT_ERROR
    failed = gate_failed(args, options.config.get("fail_on"), result.worst(), "low")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_report(args: argparse.Namespace) -> int:
    import time

    from tlslint.linter.baseline import BaselineError
    from tlslint.linter.config import ConfigError
    from tlslint.linter.report.compliance import (
        ReportError,
        build,
        choose_standards,
        relative_paths,
        render,
    )
    from tlslint.linter.run import UsageError, run

    if args.max_findings is not None and args.max_findings < 0:
        sys.stderr.write("tlslint: error: --max-findings must be 0 or more\n")
        return EXIT_ERROR
    if args.output is not None and not args.output.parent.resolve().is_dir():
        sys.stderr.write(f"tlslint: error: {args.output.parent}: no such directory\n")
        return EXIT_ERROR
    started = time.perf_counter()
    try:
        from tlslint.linter.progress import progress

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
    from tlslint.linter.model import Severity
    from tlslint.linter.report.compliance import ReportError, render
    from tlslint.linter.report.compliance_merge import merge

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
    from tlslint.linter.baseline import BaselineError
    from tlslint.linter.config import ConfigError
    from tlslint.linter.fix import FixLockedError, fix, fix_preview, unified_diff
    from tlslint.linter.run import UsageError

    try:
        from tlslint.linter.progress import progress

        with progress():
            options = prepare(args)
            report = fix_preview(options) if args.diff else fix(options)
    except (ConfigError, UsageError, BaselineError, FixLockedError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    out = sys.stdout

    def shown(path: str) -> str:  # relative to where the user stands
        from tlslint.linter.report.common import display_path

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
    (sys.stderr if args.diff else out).write(summary + "\n")
    worst = max((f.severity for f in left), default=None)
    failed = gate_failed(args, options.config.get("fail_on"), worst, "low")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


# --- generate -------------------------------------------------------------------------------


def _add_generate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    generate = sub.add_parser(
        "generate", help="write a compliant config, manifest or dev certificates"
    )
    kinds = generate.add_subparsers(dest="kind", metavar="KIND", parser_class=_Parser)
    kinds.required = True

    def kind(
        name: str, help: str, output: str = "write to this file (default: stdout)"
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = kinds.add_parser(name, help=help, description=help)
        parser.add_argument(
            "--profile",
            choices=("modern", "intermediate", "old"),
            default="intermediate",
            help="Mozilla profile the output meets (default: intermediate)",
        )
        parser.add_argument("--output", "-o", type=Path, help=output)
        return parser

    _add_haproxy_generator(kind("haproxy", "an HAProxy TLS front end (haproxy.cfg) for a profile"))
    nginx = kind("nginx", "an nginx HTTPS server (conf.d file) for a Mozilla profile")
    nginx.add_argument(
        "--domain",
        "-d",
        dest="domains",
        action="append",
        required=True,
        help="a server name (repeat for more; the first names the certificate)",
    )
    nginx.add_argument(
        "--nginx-version",
        help="target nginx version (default: the installed nginx, from `nginx -V`, else 1.26.3)",
    )
    nginx.add_argument(
        "--openssl-version",
        help="target OpenSSL version (default: the installed nginx's, else 3.5.1)",
    )
    nginx.add_argument("--cert", help="ssl_certificate (default: Let's Encrypt fullchain.pem)")
    nginx.add_argument("--key", help="ssl_certificate_key (default: Let's Encrypt privkey.pem)")
    nginx.add_argument(
        "--hsts-max-age",
        type=int,
        metavar="SECONDS",
        help="at least the profile's minimum (default: 63072000)",
    )
    nginx.add_argument(
        "--no-include-subdomains",
        dest="include_subdomains",
        action="store_false",
        default=None,
        help="HSTS for these names only, not their subdomains",
    )
    nginx.add_argument(
        "--preload",
        action="store_true",
        default=None,
        help="add HSTS preload (submit at hstspreload.org)",
    )
    nginx.add_argument(
        "--ocsp",
        action="store_true",
        default=None,
        help="OCSP stapling (needs --trusted-certificate)",
    )
    nginx.add_argument("--trusted-certificate", help="issuer chain for OCSP verification")
    nginx.add_argument("--resolver", help="DNS resolver for OCSP (default 127.0.0.53)")
    nginx.add_argument(
        "--no-redirect",
        dest="redirect",
        action="store_false",
        default=None,
        help="no port-80 server redirecting to HTTPS",
    )
    nginx.add_argument(
        "--no-http2", dest="http2", action="store_false", default=None, help="no HTTP/2"
    )
    nginx.add_argument(
        "--http3",
        action="store_true",
        default=None,
        help="QUIC listener and Alt-Svc (nginx 1.25.0+)",
    )
    nginx.add_argument("--client-ca", help="require client certificates issued by this CA (mTLS)")
    nginx.add_argument("--verify-depth", type=int, help="client chain depth (default 2)")
    nginx.add_argument("--upstream", help="reverse proxy to this http(s):// URL")
    nginx.add_argument(
        "--upstream-ca",
        help="CA bundle that verifies an https upstream (default: the system bundle)",
    )
    nginx.add_argument("--root", help="serve static files from this directory")
    nginx.add_argument(
        "--listen",
        action="append",
        metavar="ADDRESS",
        help="listen on this IP address only (repeatable; default: all)",
    )
    nginx.add_argument("--https-port", type=int, help="HTTPS port (default 443)")
    nginx.add_argument("--http-port", type=int, help="plain HTTP port that redirects (default 80)")

    manager = kind(
        "cert-manager", "cert-manager issuers (ACME, internal CA, Vault) and Certificates"
    )
    manager.add_argument(
        "--issuer",
        choices=("letsencrypt", "ca", "vault"),
        default="letsencrypt",
        help="kind of issuer: ACME Let's Encrypt, an internal CA, or Vault (default: letsencrypt)",
    )
    manager.add_argument(
        "--issuer-kind",
        choices=("ClusterIssuer", "Issuer"),
        help="cluster-wide or namespaced issuer (default: ClusterIssuer)",
    )
    manager.add_argument("--namespace", help="for Issuers and Certificates (default: default)")
    manager.add_argument("--email", help="ACME account e-mail (Let's Encrypt)")
    manager.add_argument(
        "--environment",
        choices=("both", "production", "staging"),
        help="Let's Encrypt issuers to write (default: both)",
    )
    manager.add_argument("--ingress-class", help="HTTP-01 through this ingress class (default)")
    manager.add_argument(
        "--gateway", metavar="[NAMESPACE/]NAME", help="HTTP-01 through this Gateway API Gateway"
    )
    manager.add_argument(
        "--dns-provider",
        metavar="PROVIDER",
        help="DNS-01: cloudflare, route53, clouddns, azuredns, acmedns, rfc2136",
    )
    manager.add_argument(
        "--dns-option",
        dest="dns_options",
        action="append",
        metavar="KEY=VALUE",
        help="provider settings, e.g. region=eu-west-1 (repeatable)",
    )
    manager.add_argument(
        "--dns-zone",
        dest="dns_zones",
        action="append",
        metavar="ZONE",
        help="use this solver only for names in the zone (repeatable)",
    )
    manager.add_argument("--ca-name", help="internal CA name (default internal-ca)")
    manager.add_argument("--ca-namespace", help="where a ClusterIssuer's CA Secret lives")
    manager.add_argument("--vault-server", metavar="URL", help="Vault's address (https://…)")
    manager.add_argument("--vault-path", help="e.g. pki_int/sign/example-dot-com")
    manager.add_argument("--vault-role", help="Vault Kubernetes-auth role")
    manager.add_argument("--vault-auth-path", help="default /v1/auth/kubernetes")
    manager.add_argument("--vault-service-account", help="default vault-issuer")
    manager.add_argument(
        "--domain",
        "-d",
        dest="domains",
        action="append",
        help="also write a Certificate for these names (repeatable)",
    )
    manager.add_argument(
        "--certificate-name", help="the Certificate's name (default: from the first domain)"
    )
    manager.add_argument(
        "--secret-name",
        help="the TLS Secret it writes (default: from the first domain, e.g. example-com-tls)",
    )
    manager.add_argument("--duration", help="e.g. 90d or 2160h (default: 90 days)")
    manager.add_argument("--renew-before", help="default: the policy's renew window (30d)")

    for name, help in (
        ("gateway", "a Gateway API Gateway with HTTPS listeners, an HTTPRoute and the redirect"),
        ("ingress", "an ingress-nginx Ingress with TLS (and the controller ConfigMap)"),
    ):
        front = kind(name, help)
        front.add_argument(
            "--domain",
            "-d",
            dest="domains",
            action="append",
            required=True,
            help="a host name (repeat for more)",
        )
        front.add_argument(
            "--service", required=True, metavar="NAME:PORT", help="the backend Service"
        )
        front.add_argument("--namespace", help="namespace of the resources (default: default)")
        front.add_argument("--name", help="resource name (default: from the first domain)")
        front.add_argument("--cluster-issuer", help="default letsencrypt-production")
        front.add_argument("--issuer", help="a namespaced Issuer instead of a ClusterIssuer")
        front.add_argument("--secret-name", help="TLS Secret (default: <domain>-tls)")
        if name == "gateway":
            front.add_argument(
                "--gateway-class", required=True, help="the GatewayClass that implements it"
            )
            front.add_argument(
                "--client-ca-configmap",
                metavar="NAME",
                help="require client certificates from the CA in this ConfigMap (mTLS)",
            )
        else:
            front.add_argument("--ingress-class", help="default nginx")
            front.add_argument(
                "--backend-https",
                action="store_true",
                default=None,
                help="TLS to the Service, verified",
            )
            front.add_argument(
                "--backend-ca-secret",
                metavar="NAMESPACE/NAME",
                help="Secret with the ca.crt that verifies the Service",
            )
            front.add_argument(
                "--client-ca-secret",
                metavar="NAMESPACE/NAME",
                help="require client certificates from this CA (mTLS)",
            )
            front.add_argument(
                "--verify-depth", type=int, help="client certificate chain depth (default 1)"
            )
            front.add_argument(
                "--no-configmap",
                dest="with_configmap",
                action="store_false",
                default=None,
                help="only the Ingress, not the controller ConfigMap for the profile",
            )
            front.add_argument("--controller-namespace", help="default ingress-nginx")
            front.add_argument("--configmap-name", help="default ingress-nginx-controller")

    alerts = kind("alerts", "Prometheus alerts for certificate expiry (or the blackbox module)")
    alerts.add_argument("--namespace", help="default monitoring")
    alerts.add_argument("--name", help="default tls-certificate-expiry")
    alerts.add_argument(
        "--label",
        dest="labels",
        action="append",
        metavar="KEY=VALUE",
        help="PrometheusRule label, e.g. release=prometheus (repeatable)",
    )
    alerts.add_argument("--warning-days", type=int, help="default: the policy's (30)")
    alerts.add_argument("--critical-days", type=int, help="default: the policy's (14)")
    alerts.add_argument(
        "--blackbox-module",
        action="store_true",
        default=None,
        help="write the blackbox exporter modules instead",
    )

    certs = kind(
        "certs",
        "a development CA, server certificates and mTLS client certificates",
        output="write the files into this directory (default: dev-certs); an existing CA "
        "there is reused",
    )
    certs.set_defaults(output=Path("dev-certs"))
    certs.add_argument(
        "--name",
        "-n",
        dest="names",
        action="append",
        help="a server name or IP address (repeat; one certificate covers all)",
    )
    certs.add_argument(
        "--client",
        dest="clients",
        action="append",
        metavar="NAME",
        help="a client certificate for mTLS (a host name or e-mail; repeatable)",
    )
    certs.add_argument(
        "--key-type",
        choices=("ecdsa", "rsa"),
        help="default: ECDSA P-256 (RSA 2048 for the old profile)",
    )
    certs.add_argument("--days", type=int, help="leaf validity (default: the policy's maximum)")
    certs.add_argument("--ca-days", type=int, help="CA validity (default 3650)")
    certs.add_argument("--now", type=_parse_now, help="issue as of this date")


def _add_haproxy_generator(parser: argparse.ArgumentParser) -> None:
    # Defaults written out, not imported: building the parser must not load the generators
    # (a one-file check stays lean); a test keeps them equal to the generator's.
    parser.add_argument(
        "--haproxy-version",
        help="target HAProxy version (default: the installed haproxy, from `haproxy -vv`, "
        "else 2.6.12)",
    )
    parser.add_argument(
        "--openssl-version",
        help="target OpenSSL (default: the installed haproxy's, else 3.0.15)",
    )
    parser.add_argument("--cert", help="crt file: certificate, intermediates and private key")
    parser.add_argument(
        "--no-hsts",
        dest="hsts",
        action="store_false",
        default=None,
        help="no Strict-Transport-Security header and no redirect",
    )
    parser.add_argument("--hsts-max-age", type=int, help="HSTS max-age (default: the profile's)")
    parser.add_argument(
        "--include-subdomains",
        action="store_true",
        default=None,
        help="add includeSubDomains to HSTS (Mozilla leaves it out for HAProxy)",
    )
    parser.add_argument(
        "--backend", help="HOST:PORT of the backend server (default 127.0.0.1:8080)"
    )
    parser.add_argument(
        "--backend-ssl", action="store_true", default=None, help="TLS to the backend, verified"
    )
    parser.add_argument("--backend-ca", help="CA file that verifies the backend")
    parser.add_argument("--listen", help="IP address to bind (default: all)")
    parser.add_argument("--https-port", type=int, help="HTTPS port (default 443)")
    parser.add_argument("--http-port", type=int, help="plain HTTP port that redirects (default 80)")


def cmd_generate(args: argparse.Namespace) -> int:
    from tlslint.generators import GeneratorError, generate

    values = {k: v for k, v in vars(args).items() if k not in ("command", "kind", "output")}
    if args.kind == "nginx":
        values.update(_nginx_target(args.nginx_version, args.openssl_version))
    if args.kind == "haproxy":
        values.update(_haproxy_target(args.haproxy_version, args.openssl_version))
    try:
        if args.kind == "certs":
            values.update(_existing_ca(args.output), directory=str(args.output))
        result = generate(args.kind, values)
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


def _haproxy_target(haproxy: str | None, openssl: str | None) -> dict[str, str]:
    """The versions a generated HAProxy config targets, and how they were chosen: as given,
    else the HAProxy (and OpenSSL) installed here (``haproxy -vv``), else the defaults."""
    from tlslint.generators.haproxy import DEFAULT_HAPROXY, DEFAULT_OPENSSL
    from tlslint.generators.target import haproxy_installed

    if haproxy is not None:
        return {"target": f"HAProxy {haproxy} (--haproxy-version)"}
    found = haproxy_installed()
    if found is None:
        return {
            "target": f"no HAProxy is installed here, so HAProxy {DEFAULT_HAPROXY} with OpenSSL "
            f"{openssl or DEFAULT_OPENSSL} (--haproxy-version and --openssl-version choose)"
        }
    version, running = found
    chosen = openssl or running or DEFAULT_OPENSSL
    return {
        "haproxy_version": version,
        "openssl_version": chosen,
        "target": f"the HAProxy installed here (`haproxy -vv`: HAProxy {version} with OpenSSL "
        f"{chosen})",
    }


def _nginx_target(nginx: str | None, openssl: str | None) -> dict[str, str]:
    """The versions a generated nginx config targets, and how they were chosen: as given,
    else the nginx (and OpenSSL) installed here (``nginx -V``), else the newest known."""
    from tlslint.generators.nginx import DEFAULT_NGINX, DEFAULT_OPENSSL
    from tlslint.generators.target import installed

    if nginx is not None:
        return {"target": f"nginx {nginx} (--nginx-version)"}
    found = installed()
    if found is None:
        return {
            "target": f"no nginx is installed here, so the newest known, nginx {DEFAULT_NGINX} "
            f"with OpenSSL {openssl or DEFAULT_OPENSSL} (--nginx-version and "
            "--openssl-version choose)"
        }
    version, its_openssl = found
    chosen = openssl or its_openssl or DEFAULT_OPENSSL
    return {
        "nginx_version": version,
        "openssl_version": chosen,
        "target": f"the nginx installed here (`nginx -V`: nginx {version} with OpenSSL {chosen})",
    }


def _existing_ca(directory: Path) -> dict[str, str]:
    """An existing CA in the output directory, to reuse (both files, or an error)."""
    from tlslint.generators import GeneratorError
    from tlslint.generators.certs import CA_FILE, CA_KEY_FILE

    cert, key = directory / CA_FILE, directory / CA_KEY_FILE
    if not cert.exists() and not key.exists():
        return {}
    if not (cert.is_file() and key.is_file()):
        missing = key if cert.exists() else cert
        raise GeneratorError(f"{missing} is missing: remove the other CA file, or restore it")
    try:
        return {
            "ca_cert_pem": cert.read_text(encoding="ascii"),
            "ca_key_pem": key.read_text(encoding="ascii"),
        }
    except OSError as exc:
        raise GeneratorError(
            f"cannot read the existing CA in {directory}: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:  # never quote the bytes of a key file
        raise GeneratorError(f"the existing CA in {directory} is not PEM text") from None


def _write_bundle(directory: Path, bundle) -> int:  # type: ignore[no-untyped-def]
    from tlslint.linter.atomic import write_text

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
