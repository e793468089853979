"""``tlslint probe HOST[:PORT]…``: the sub-command's arguments and its function.

Imported only when ``probe`` is used (its arguments too are added then), and then only the
standard library at module level: the TLS engine loads when a probe runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from tlslint.arguments import (
    SEVERITIES,
    add_color,
    add_fail_on,
    add_format,
    add_now,
    add_output,
    add_profile,
    add_rule_selection,
)
from tlslint.formats import FORMATS
from tlslint.formats import REPORT_FORMATS as COMPLIANCE_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FINDING_FORMATS = tuple(FORMATS)
# The compliance report's formats; JSON is "compliance-json" beside the findings' "json".
REPORT_FORMATS = {
    ("compliance-" + name if name in FORMATS else name): name for name in COMPLIANCE_FORMATS
}
STARTTLS = ("smtp", "imap", "postgres")
NEEDS = "the probe needs nassl: pip install 'tlslint[probe]'"


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 300 seconds")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 disables)")
    return int(text)


def add_probe_options(p: argparse.ArgumentParser) -> None:
    """The ``probe`` sub-command's arguments (added when it is used)."""
    p.add_argument("targets", nargs="+", metavar="HOST[:PORT]", help="default port 443")
    p.add_argument("--servername", help="SNI and Host name (default: the host)")
    p.add_argument("--starttls", choices=STARTTLS, help="upgrade a plain connection first")
    p.add_argument("--timeout", type=_timeout, default=5.0, help="seconds per connection (5)")
    p.add_argument("--client-cert", type=Path, help="client certificate (PEM) for mTLS")
    p.add_argument("--client-key", type=Path, help="its private key (PEM)")
    p.add_argument(
        "--ca-file",
        action="append",
        type=Path,
        default=[],
        help="a private CA to trust besides the system store (repeatable); "
        "certificates.private_cas from the config also count",
    )
    p.add_argument(
        "--no-system-store",
        dest="system_store",
        action="store_false",
        help="trust only the private CAs",
    )
    p.add_argument(
        "--http-port",
        type=_port,
        default=80,
        help="where to look for the HTTP→HTTPS redirect (default 80; 0: do not look)",
    )
    p.add_argument(
        "--against",
        type=Path,
        metavar="PATH",
        help="compare with the repository endpoint serving the name, in PATH",
    )
    p.add_argument(
        "--against-endpoint",
        metavar="NAME",
        default="",
        help="with --against: the repository endpoint to compare with, by name or location "
        "(default: the one serving the name)",
    )
    p.add_argument(
        "--differences",
        type=Path,
        metavar="FILE",
        help="with --against: also write the differences as JSON to FILE",
    )
    add_profile(p)
    p.add_argument("--config", type=Path, help="config file (default: found from --against or .)")
    add_rule_selection(
        p, select="only these rules (ids, names or id prefixes)", ignore="leave these rules out"
    )
    add_now(p, "the date to judge expiry against")
    add_format(
        p,
        (*FINDING_FORMATS, *REPORT_FORMATS),
        "text",
        f"findings ({', '.join(FINDING_FORMATS)}) or the compliance report "
        f"({', '.join(REPORT_FORMATS)}) with the live evidence",
    )
    add_output(p, "write the report to this file")
    add_fail_on(p, "exit 1 when a finding is at least this severe (default: low)", SEVERITIES)
    add_color(p, "colour the text output (default: auto, on a terminal without NO_COLOR)")


def cmd_probe(args: argparse.Namespace) -> int:
    try:
        import nassl  # noqa: F401
    except ImportError:
        sys.stderr.write(f"tlslint: error: {NEEDS}\n")
        return EXIT_ERROR
    from tlslint.model import Severity
    from tlslint.pipeline.config import Config, ConfigError, find_config, load_config
    from tlslint.pipeline.run import Options, UsageError
    from tlslint.probe.engine import ProbeOptions, probe
    from tlslint.probe.handshake import ClientIdentity
    from tlslint.probe.target import TargetError, parse_target

    if (args.client_cert is None) != (args.client_key is None):
        sys.stderr.write("tlslint: error: --client-cert and --client-key go together\n")
        return EXIT_ERROR
    for path in (args.client_cert, args.client_key):
        if path is not None and not path.is_file():
            sys.stderr.write(f"tlslint: error: {path}: no such file\n")
            return EXIT_ERROR
    problem = _identity_problem(args.client_cert, args.client_key)
    if problem:
        sys.stderr.write(f"tlslint: error: {problem}\n")
        return EXIT_ERROR
    needs = [("--differences", args.differences is not None), ("--against-endpoint",
             bool(args.against_endpoint))]  # fmt: skip
    for option, given in needs:
        if given and args.against is None:
            sys.stderr.write(f"tlslint: error: {option} needs --against\n")
            return EXIT_ERROR
    if args.against is not None and not args.against.exists():
        sys.stderr.write(f"tlslint: error: --against {args.against}: no such file or directory\n")
        return EXIT_ERROR
    try:
        targets = [parse_target(t, args.servername, args.starttls or "") for t in args.targets]
        start = args.against or Path.cwd()
        config_path = args.config or find_config(start)
        if args.config is not None and not args.config.is_file():
            raise ConfigError(f"{args.config}: config file not found")
        config = load_config(config_path) if config_path else Config()
        run_options = Options(
            paths=[],
            root=Path.cwd(),
            config=config,
            profile=args.profile,
            now=args.now,
            select=_split(args.select),
            ignore=_split(args.ignore),
        )
        identity = ClientIdentity(args.client_cert, args.client_key) if args.client_cert else None
        options = ProbeOptions(
            targets=targets,
            run=run_options,
            timeout=args.timeout,
            starttls=args.starttls or "",
            identity=identity,
            http_port=args.http_port or None,
            ca_files=list(args.ca_file),
            system_store=args.system_store,
        )
        probed = probe(options)
        comparisons = _compare(args, run_options, probed) if args.against is not None else []
    except (TargetError, ConfigError, UsageError) as exc:
        sys.stderr.write(f"tlslint: error: {exc}\n")
        return EXIT_ERROR
    result = probed.result
    text = _render(args, probed)
    from tlslint.probe.explain import explain
    from tlslint.probe.explain import render as render_explanations

    explanations = [e for p in probed.probed for e in explain(p, result.now)]
    extra = render_explanations(explanations)
    if comparisons:
        from tlslint.probe.compare import render as render_comparisons

        extra += ("\n" if extra else "") + "Live against the repository:\n"
        extra += render_comparisons(comparisons)
    if args.format == "text" and extra:
        text += "\n" + extra
    elif extra:
        sys.stderr.write(extra)
    from tlslint.cli import write_output

    if not write_output(text, args.output):
        return EXIT_ERROR
    if args.differences is not None:
        import json

        from tlslint.probe.compare import as_dict

        listed = [as_dict(c) for c in comparisons]
        if not write_output(json.dumps(listed, indent=2) + "\n", args.differences):
            return EXIT_ERROR
    for p in probed.probed:
        if p.measurement.failure:
            sys.stderr.write(
                f"tlslint: error: {p.measurement.target.name} was not measured: "
                f"{p.measurement.detail}\n"
            )
    if any(p.measurement.failure for p in probed.probed):
        return EXIT_ERROR
    fail_on = Severity.parse(args.fail_on or config.get("fail_on") or "low")
    worst = result.worst()
    return EXIT_FINDINGS if worst is not None and worst >= fail_on else EXIT_CLEAN


def _identity_problem(cert: Path | None, key: Path | None) -> str:
    """Why the client certificate and key cannot be used ("" when they can); never quotes them."""
    if cert is None or key is None:
        return ""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    except (OSError, ValueError):
        return f"--client-cert {cert}: not a PEM certificate"
    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except TypeError:
        return f"--client-key {key}: the key is encrypted; give an unencrypted copy"
    except (OSError, ValueError):
        return f"--client-key {key}: not a PEM private key"
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    mine = private.public_key().public_bytes(serialization.Encoding.DER, spki)
    theirs = certificate.public_key().public_bytes(serialization.Encoding.DER, spki)
    if mine != theirs:
        return f"--client-key {key} does not belong to --client-cert {cert}"
    return ""


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _render(args: argparse.Namespace, probed: Any) -> str:
    result = probed.result
    if args.format in REPORT_FORMATS:
        from tlslint.compliance.report import build, render
        from tlslint.probe.evidence import live_evidence

        document = build(result, paths=[t for t in args.targets], git=False)
        return render(live_evidence(document, result), REPORT_FORMATS[args.format])
    from tlslint.formats import renderer

    color = args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    if args.format != "text":
        return str(renderer(args.format)(result, color=color))
    from tlslint.probe.summary import summary

    # One judged subject per probed endpoint (each is a "live endpoint" in the model's files).
    report = renderer("text")(result, color=color, subjects=("at", "endpoint"))
    text = summary(probed) + report
    return text


def _compare(args: argparse.Namespace, run_options: Any, probed: Any) -> list[Any]:
    from tlslint.pipeline.run import Options, run
    from tlslint.probe.compare import compare

    path: Path = args.against
    root = path.resolve() if path.is_dir() else path.resolve().parent
    static = run(
        Options(
            paths=[path],
            root=root,
            config=run_options.config,
            profile=run_options.profile,
            now=run_options.now,
        )
    ).model
    live_model = probed.result.model
    out = []
    for endpoint in live_model.endpoints:
        if endpoint.tls and "measurement" in endpoint.extra:
            out.append(compare(live_model, endpoint, static, args.against_endpoint))
    return out
