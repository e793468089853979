"""Benchmark tlslint against checkov on synthetic Terraform trees (not a test: prints figures).

Builds repositories of N ``.tf`` files (services of 20 files: load balancers, CloudFront,
API Gateway, OpenSearch, Azure app services, storage and databases, GCP SSL policies and Cloud
SQL, mixed with resources that carry no TLS, variables, tfvars and locals), with TLS mistakes
drawn at random, or takes existing checkouts (``--repos``). Then runs, on the same files:

- the floor: a fresh interpreter that imports tree-sitter-hcl and parses every ``.tf``;
- ``tlslint check`` from a fresh venv (regular install, as CI installs it), and
- ``checkov`` restricted to its TLS checks (the check ids listed in
  tests/sources/test_terraform_peers.py), offline, from the virtual environment given with
  ``--checkov`` (install it apart: its dependencies pin versions tlslint does not need). Given
  several ``-d``, checkov 3.3.30 reads only the first (see :func:`checkov_targets`).

It prints medians of ``--runs`` runs (wall and CPU time), files per second, peak memory of each
command's own process tree, and which resources checkov fails that tlslint does not flag (by
file and resource address).

Measured here (2 shared cores, Python 3.11.7, tree-sitter 0.26.1, tree-sitter-hcl 1.2,
checkov 3.3.30; 2026-12-05), the four TLS module repositories (AWS ALB, ACM, CloudFront,
API Gateway v2: 97 ``.tf``), medians of 11 runs (checkov 3): floor 0.07 s, tlslint 0.23 s
wall / 0.23 s CPU (3.1x the floor), checkov 13.7 s / 13.7 s: 59x faster, 183x at the floor.
Synthetic trees, 3 runs: 1,000 files 1.5 s (floor 0.27 s), 4,000 files 5.7 s (floor 0.92 s):
linear; there most of the time is the rules and the JSON report of 7 findings per file.

    python3 -m venv /tmp/checkov-venv && /tmp/checkov-venv/bin/pip install checkov
    python3 bench/terraform_bench.py --checkov /tmp/checkov-venv/bin/checkov [--sizes 100,500]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOV_TLS = (
    "CKV_AWS_2,CKV_AWS_103,CKV2_AWS_74,CKV2_AWS_20,CKV_AWS_127,CKV_AWS_376,CKV_AWS_213,"
    "CKV_AWS_174,CKV_AWS_34,CKV2_AWS_54,CKV2_AWS_72,CKV2_AWS_42,CKV_AWS_259,CKV_AWS_206,"
    "CKV_AWS_83,CKV_AWS_228,CKV_AWS_6,CKV_AWS_220,CKV_AWS_218,CKV_AWS_357,CKV_AWS_380,"
    "CKV2_AWS_69,CKV_AWS_105,CKV_AWS_90,CKV2_AWS_49,CKV_AWS_239,CKV_AWS_365,CKV_AWS_81,"
    "CKV_AWS_30,CKV_AWS_202,CKV_AWS_215,CKV_AWS_351,CKV_AWS_97,CKV_AZURE_15,CKV_AZURE_154,"
    "CKV_AZURE_145,CKV_AZURE_14,CKV_AZURE_70,CKV_AZURE_44,CKV_AZURE_3,CKV_AZURE_52,"
    "CKV_AZURE_54,CKV_AZURE_147,CKV_AZURE_28,CKV_AZURE_29,CKV_AZURE_47,CKV2_AZURE_37,"
    "CKV_AZURE_148,CKV_AZURE_91,CKV_AZURE_218,CKV_AZURE_217,CKV_AZURE_173,CKV_AZURE_215,"
    "CKV_AZURE_198,CKV_AZURE_200,CKV_AZURE_205,CKV_AZURE_223,CKV_GCP_4,CKV_GCP_6,CKV_GCP_97,"
    "CKV2_GCP_10,CKV_GIT_2"
)

ELB = [
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-0-2021-06",
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    None,
]


SEARCH_POLICIES = ["Policy-Min-TLS-1-0-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"]
SQL_MODES = ["ENCRYPTED_ONLY", "ALLOW_UNENCRYPTED_AND_ENCRYPTED"]
ORIGIN_SSL = ['["TLSv1.2"]', '["TLSv1", "TLSv1.2"]']


def _pick(rng: random.Random, values: list[str | None]) -> str | None:
    return rng.choice(values)


def tf_file(i: int, rng: random.Random) -> str:
    """One file of a service: a few TLS-bearing resources among ordinary ones."""
    out = [
        f'variable "env_{i}" {{\n  default = "prod"\n}}\n',
        f'locals {{\n  name_{i} = "svc-{i}-${{var.env_{i}}}"\n}}\n',
        f'resource "aws_lb" "lb{i}" {{\n  name = local.name_{i}\n  internal = false\n}}\n',
    ]
    policy = _pick(rng, ELB)
    line = f'  ssl_policy        = "{policy}"\n' if policy else ""
    out.append(
        f'resource "aws_lb_listener" "https{i}" {{\n  load_balancer_arn = aws_lb.lb{i}.arn\n'
        f'  port              = 443\n  protocol          = "HTTPS"\n{line}'
        f'  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/{i}"\n'
        '  default_action {\n    type = "forward"\n  }\n}\n'
    )
    action = (
        '    type = "redirect"\n    redirect {\n      protocol    = "HTTPS"\n'
        '      port        = "443"\n      status_code = "HTTP_301"\n    }\n'
        if rng.random() < 0.7
        else '    type = "forward"\n'
    )
    out.append(
        f'resource "aws_lb_listener" "http{i}" {{\n  load_balancer_arn = aws_lb.lb{i}.arn\n'
        f'  port              = 80\n  protocol          = "HTTP"\n  default_action {{\n'
        f"{action}  }}\n}}\n"
    )
    kind = i % 5
    if kind == 0:
        vpp = rng.choice(["redirect-to-https", "allow-all", "https-only"])
        mpv = rng.choice(["TLSv1.2_2021", "TLSv1", "TLSv1.2_2019"])
        out.append(
            f'resource "aws_cloudfront_distribution" "cdn{i}" {{\n  enabled = true\n'
            f'  aliases = ["www{i}.example.com"]\n  origin {{\n'
            f'    domain_name = "origin{i}.example.com"\n    origin_id   = "o{i}"\n'
            "    custom_origin_config {\n      http_port              = 80\n"
            "      https_port             = 443\n"
            f'      origin_protocol_policy = "{rng.choice(["https-only", "http-only"])}"\n'
            f"      origin_ssl_protocols   = {rng.choice(ORIGIN_SSL)}\n"
            "    }\n  }\n  default_cache_behavior {\n"
            f'    target_origin_id       = "o{i}"\n    viewer_protocol_policy = "{vpp}"\n'
            '    allowed_methods        = ["GET", "HEAD"]\n    cached_methods = ["GET", "HEAD"]\n'
            '  }\n  restrictions {\n    geo_restriction {\n      restriction_type = "none"\n'
            "    }\n  }\n  viewer_certificate {\n"
            f'    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/{i}"\n'
            f'    ssl_support_method       = "sni-only"\n    minimum_protocol_version = "{mpv}"\n'
            "  }\n}\n"
        )
    elif kind == 1:
        out.append(
            f'resource "aws_opensearch_domain" "search{i}" {{\n  domain_name = "search{i}"\n'
            "  domain_endpoint_options {\n"
            f"    enforce_https       = {rng.choice(['true', 'false'])}\n"
            f'    tls_security_policy = "{rng.choice(SEARCH_POLICIES)}"\n'
            "  }\n  node_to_node_encryption {\n"
            f"    enabled = {rng.choice(['true', 'false'])}\n  }}\n}}\n"
        )
    elif kind == 2:
        out.append(
            f'resource "azurerm_linux_web_app" "app{i}" {{\n  name = "app{i}"\n'
            f"  https_only = {rng.choice(['true', 'false'])}\n  site_config {{\n"
            f'    minimum_tls_version = "{rng.choice(["1.0", "1.2", "1.3"])}"\n  }}\n}}\n'
            f'resource "azurerm_storage_account" "sa{i}" {{\n  name = "sa{i}"\n'
            f'  min_tls_version = "{rng.choice(["TLS1_0", "TLS1_2"])}"\n'
            f"  https_traffic_only_enabled = {rng.choice(['true', 'false'])}\n}}\n"
        )
    elif kind == 3:
        out.append(
            f'resource "google_compute_ssl_policy" "pol{i}" {{\n  name = "pol{i}"\n'
            f'  profile = "{rng.choice(["COMPATIBLE", "MODERN", "RESTRICTED"])}"\n'
            f'  min_tls_version = "{rng.choice(["TLS_1_0", "TLS_1_2"])}"\n}}\n'
            f'resource "google_sql_database_instance" "db{i}" {{\n  name = "db{i}"\n'
            '  database_version = "POSTGRES_16"\n  settings {\n    tier = "db-f1-micro"\n'
            "    ip_configuration {\n"
            f'      ssl_mode = "{rng.choice(SQL_MODES)}"\n'
            "    }\n  }\n}\n"
        )
    else:
        out.append(
            f'resource "azurerm_redis_cache" "redis{i}" {{\n  name = "redis{i}"\n'
            f'  minimum_tls_version = "{rng.choice(["1.0", "1.2"])}"\n'
            f"  non_ssl_port_enabled = {rng.choice(['true', 'false'])}\n}}\n"
            f'resource "aws_api_gateway_domain_name" "api{i}" {{\n'
            f'  domain_name = "api{i}.example.com"\n'
            f'  security_policy = "{rng.choice(["TLS_1_0", "TLS_1_2"])}"\n}}\n'
        )
    out.append(
        f'resource "aws_instance" "vm{i}" {{\n  ami = "ami-123"\n  instance_type = "t3.micro"\n'
        f"  tags = {{\n    Name = local.name_{i}\n  }}\n}}\n"
        f'resource "aws_iam_role" "role{i}" {{\n  name = "role{i}"\n'
        '  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}\n'
    )
    return "\n".join(out)


def build(root: Path, count: int) -> None:
    rng = random.Random(count)
    root.mkdir(parents=True)
    for i in range(count):
        service = root / f"svc{i // 20}"
        service.mkdir(exist_ok=True)
        (service / f"main{i}.tf").write_text(tf_file(i, rng))


# Runs a command and reports, on its last stderr line, its exit status, wall seconds, CPU
# seconds and peak RSS (KiB) of its process tree alone (not of the benchmark's other runs).
_MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "wall = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.write('\\n' + json.dumps([code, wall, u.ru_utime + u.ru_stime, u.ru_maxrss]))\n"
)

# The floor: a bare interpreter that imports tree-sitter-hcl and parses every .tf given.
_FLOOR = (
    "import os, sys, tree_sitter, tree_sitter_hcl\n"
    "p = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))\n"
    "for top in sys.argv[1:]:\n"
    "    for d, dirs, names in os.walk(top):\n"
    "        dirs[:] = [x for x in dirs if x != '.git']\n"
    "        for n in names:\n"
    "            if n.endswith('.tf'):\n"
    "                with open(os.path.join(d, n), 'rb') as f:\n"
    "                    p.parse(f.read())\n"
)


@dataclass
class Run:
    """Medians of repeated runs of one command."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str


def timed(cmd: list[str], cwd: Path, runs: int = 1) -> Run:
    """Wall and CPU seconds (medians of ``runs``), peak memory (the largest run) and stdout.

    CPU time is printed too: on a shared machine it is steadier than wall time.
    """
    walls: list[float] = []
    cpus: list[float] = []
    peak = 0
    stdout = ""
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, *cmd],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        code, wall, cpu, rss = json.loads(proc.stderr.strip().splitlines()[-1])
        if code not in (0, 1):
            raise SystemExit(f"{cmd[0]} failed ({code}): {proc.stderr.strip()[-500:]}")
        walls.append(wall)
        cpus.append(cpu)
        peak = max(peak, rss)
        stdout = proc.stdout
    return Run(statistics.median(walls), statistics.median(cpus), peak / 1024, stdout)


def install_venv(target: Path) -> str:
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    python = str(target / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(repo)],
        check=True,
    )
    return python


def flagged_by_tlslint(report: str) -> set[tuple[str, str]]:
    data = json.loads(report)
    out = set()
    for f in data.get("findings", []):
        name = f.get("endpoint") or ""
        address = ".".join(name.split(" ")[0].split(".")[-2:])
        out.add((f["path"], address))
        # checkov's graph check CKV2_AWS_20 reports the aws_lb; tlslint names it in TLS205.
        for word in f.get("message", "").replace(",", " ").split():
            if word.startswith(("aws_lb.", "aws_alb.")):
                out.add((f["path"], word))
    return out


# Where tlslint deliberately differs from checkov (explained, not counted as misses):
# CKV_GCP_6 fails Cloud SQL ssl_mode ENCRYPTED_ONLY (it wants client certificates, i.e. mutual
# TLS); ENCRYPTED_ONLY does refuse plain connections, which is what TLS802 judges (trivy agrees).
DIFFERS = ("google_sql_database_instance.",)


def failed_by_checkov(report: str) -> set[tuple[str, str]]:
    runs: list[Any] = []
    decoder, at = json.JSONDecoder(), 0
    while report[at:].strip():  # one document per scan, or a list of them
        at += len(report[at:]) - len(report[at:].lstrip())
        data, at = decoder.raw_decode(report, at)
        runs += data if isinstance(data, list) else [data]
    out = set()
    for run in runs:
        for check in run.get("results", {}).get("failed_checks", []):
            path = check.get("file_abs_path") or check["file_path"]
            address = re.sub(r"\[[^\]]*\]", "", check["resource"])  # this[0] -> this
            out.add((path, ".".join(address.split(".")[-2:])))
    return out


def missed_by_tlslint(
    theirs: set[tuple[str, str]], ours: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """What checkov fails and tlslint does not flag (tlslint's paths are relative to its root,
    checkov's absolute: a path matches when it ends with tlslint's)."""
    flagged: dict[str, set[str]] = {}
    for path, address in ours:
        flagged.setdefault(address, set()).add(path)
    return sorted(
        (path, address)
        for path, address in theirs
        if not any(path == p or path.endswith("/" + p) for p in flagged.get(address, ()))
    )


def checkov_cmd(checkov: str, directory: str) -> list[str]:
    """checkov restricted to its TLS checks, offline (no guideline download, no mapping)."""
    return [
        checkov,
        "--framework",
        "terraform",
        "--check",
        CHECKOV_TLS,
        "-o",
        "json",
        "-d",
        directory,
        "--compact",
        "--skip-download",
    ]


def checkov_targets(dirs: list[str]) -> list[str]:
    """The directories to give checkov, one run each.

    checkov 3.3.30 given several ``-d`` reads only the first (it prints one report per
    ``-d``, all of the first directory: with an ACM module first, 0 resources in 3 s). So
    directories that are all of one parent's subdirectories are checked as that parent, in
    one run; others one run each (each run then pays checkov's start-up, about 3 s).
    """
    parents = {str(Path(d).parent) for d in dirs}
    if len(parents) == 1:
        parent = Path(parents.pop())
        children = {str(c) for c in parent.iterdir() if c.is_dir() and c.name != ".git"}
        if children == set(dirs):
            return [str(parent)]
    return dirs


def report(
    label: str, files: int, dirs: list[str], cwd: Path, args: argparse.Namespace, python: str
) -> None:
    """One row per tool for one tree: tlslint, the parse-only floor, and checkov if given."""
    floor = timed([python, "-c", _FLOOR, *dirs], cwd, args.runs)
    tlslint = [python, "-m", "tlslint", "check", "--jobs", str(args.jobs), "--format", "json"]
    ours = timed([*tlslint, *dirs], cwd, args.runs)
    findings = len(json.loads(ours.stdout)["findings"])
    for tool, run, result in (
        ("floor", floor, "tree-sitter-hcl parse of every .tf, fresh interpreter"),
        (
            "tlslint",
            ours,
            f"{findings} findings; {ours.wall / floor.wall:.1f}x the floor "
            f"({ours.cpu / floor.cpu:.1f}x in CPU time)",
        ),
    ):
        print(
            f"{label:>10} {tool:>8} {run.wall:>8.2f} {run.cpu:>7.2f} {files / run.wall:>8.0f} "
            f"{run.peak_mib:>9.0f}  {result}"
        )
    if not args.checkov:
        return
    os.environ["BC_SKIP_MAPPING"] = "TRUE"  # offline: no mapping download
    runs = [
        timed(checkov_cmd(args.checkov, d), cwd, args.checkov_runs) for d in checkov_targets(dirs)
    ]
    theirs_run = Run(
        sum(r.wall for r in runs),
        sum(r.cpu for r in runs),
        max(r.peak_mib for r in runs),
        "\n".join(r.stdout for r in runs),
    )
    theirs = failed_by_checkov(theirs_run.stdout)
    flagged = flagged_by_tlslint(ours.stdout)
    unflagged = missed_by_tlslint(theirs, flagged)
    missed = [m for m in unflagged if not m[1].startswith(DIFFERS)]
    differs = len(unflagged) - len(missed)
    print(
        f"{label:>10} {'checkov':>8} {theirs_run.wall:>8.2f} {theirs_run.cpu:>7.2f} "
        f"{files / theirs_run.wall:>8.1f} {theirs_run.peak_mib:>9.0f}  {len(theirs)} failed "
        f"resources; tlslint {theirs_run.wall / ours.wall:.0f}x faster "
        f"({theirs_run.cpu / ours.cpu:.0f}x in CPU time; at best, at the floor, "
        f"{theirs_run.wall / floor.wall:.0f}x); missed by tlslint: {len(missed)} "
        f"(+{differs} deliberate differences, see DIFFERS)"
    )
    for path, address in missed[:10]:
        print(f"{'':>19} missed: {path} {address}")


def count_tf(dirs: list[str]) -> int:
    total = 0
    for d in dirs:
        for _, subdirs, names in os.walk(d):
            subdirs[:] = [x for x in subdirs if x != ".git"]
            total += sum(1 for n in names if n.endswith(".tf"))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500", help="synthetic trees of N files")
    parser.add_argument(
        "--repos",
        nargs="+",
        metavar="DIR",
        help="check these directories, all in one run, instead of synthetic trees "
        "(e.g. Terraform module checkouts)",
    )
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="runs per figure (medians)")
    parser.add_argument("--checkov-runs", type=int, default=1)
    parser.add_argument("--python", help="interpreter with tlslint installed (default: new venv)")
    parser.add_argument("--checkov", help="checkov executable (default: skip checkov)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tlslint-tf-bench-"))
    python = args.python or install_venv(workdir / "venv")
    try:
        print(
            f"{'.tf files':>10} {'tool':>8} {'seconds':>8} {'CPU s':>7} {'files/s':>8} "
            f"{'peak MiB':>9}  result"
        )
        if args.repos:
            dirs = [str(Path(d).resolve()) for d in args.repos]
            files = count_tf(dirs)
            report(str(files), files, dirs, workdir, args, python)
            return 0
        for size in (int(s) for s in args.sizes.split(",")):
            root = workdir / f"repo{size}"
            build(root, size)
            report(str(size), size, ["."], root, args, python)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
