"""Benchmark tlslint against checkov on synthetic Terraform trees (not a test: prints figures).

Builds repositories of N ``.tf`` files (services of 20 files: load balancers, CloudFront,
API Gateway, OpenSearch, Azure app services, storage and databases, GCP SSL policies and Cloud
SQL, mixed with resources that carry no TLS, variables, tfvars and locals), with TLS mistakes
drawn at random. Then runs, on the same files:

- ``tlslint check`` from a fresh venv (regular install, as CI installs it), and
- ``checkov -d`` restricted to its TLS checks (the check ids listed in
  tests/sources/test_terraform_peers.py),
  from the virtual environment given with ``--checkov`` (install it apart: its dependencies
  pin versions tlslint does not need).

It prints wall and CPU time, files per second, peak memory (the largest child so far, as
getrusage reports it), and which resources checkov fails that tlslint does not flag (by file
and resource address).

Measured here (2 shared cores, 2026-11-27): 1,000 files, tlslint 3.1 s wall / 1.8 s CPU,
checkov 25 s / 18 s; 3,000 files with --jobs 2, tlslint 5.6 s / 4.9 s, checkov 158 s / 77 s
(28x wall). Nothing checkov fails is missed, apart from the deliberate differences in DIFFERS.

    python3 -m venv /tmp/checkov-venv && /tmp/checkov-venv/bin/pip install checkov
    python3 bench/terraform_bench.py --checkov /tmp/checkov-venv/bin/checkov [--sizes 100,500]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


CPU: list[float] = [0.0]  # CPU seconds (user + system) of the last command


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB) of the children so far, and stdout; CPU time in CPU[0].

    CPU time is printed too: on a shared machine it is steadier than wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[0] = (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = usage.ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed, peak, proc.stdout


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
    data = json.loads(report or "{}")
    runs = data if isinstance(data, list) else [data]
    out = set()
    for run in runs:
        for check in run.get("results", {}).get("failed_checks", []):
            out.add((check["file_path"].lstrip("/"), check["resource"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--python", help="interpreter with tlslint installed (default: new venv)")
    parser.add_argument("--checkov", help="checkov executable (default: skip checkov)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tlslint-tf-bench-"))
    python = args.python or install_venv(workdir / "venv")
    try:
        print(
            f"{'files':>6} {'tool':>8} {'seconds':>8} {'CPU s':>7} {'files/s':>8} "
            f"{'peak MiB':>9}  result"
        )
        for size in (int(s) for s in args.sizes.split(",")):
            root = workdir / f"repo{size}"
            build(root, size)
            cmd = [
                python,
                "-m",
                "tlslint",
                "check",
                "--jobs",
                str(args.jobs),
                "--format",
                "json",
                ".",
            ]
            t_tl, peak, out = timed(cmd, root)
            cpu_tl = CPU[0]
            ours = flagged_by_tlslint(out)
            print(
                f"{size:>6} {'tlslint':>8} {t_tl:>8.2f} {cpu_tl:>7.2f} {size / t_tl:>8.0f} "
                f"{peak / 1024:>9.0f}  {len(json.loads(out)['findings'])} findings"
            )
            if not args.checkov:
                continue
            cmd = [
                args.checkov,
                "-d",
                ".",
                "--framework",
                "terraform",
                "--check",
                CHECKOV_TLS,
                "-o",
                "json",
                "--quiet",
                "--skip-download",
            ]
            t_ck, peak, out = timed(cmd, root)
            theirs = failed_by_checkov(out)
            missed = sorted(m for m in theirs - ours if not m[1].startswith(DIFFERS))
            differs = len([m for m in theirs - ours if m[1].startswith(DIFFERS)])
            print(
                f"{size:>6} {'checkov':>8} {t_ck:>8.2f} {CPU[0]:>7.2f} {size / t_ck:>8.1f} "
                f"{peak / 1024:>9.0f}  {len(theirs)} failed resources; tlslint "
                f"{t_ck / t_tl:.0f}x faster ({CPU[0] / cpu_tl:.0f}x in CPU time); "
                f"missed by tlslint: {len(missed)} "
                f"(+{differs} deliberate differences, see DIFFERS)"
            )
            for path, address in missed[:10]:
                print(f"{'':>17} missed: {path} {address}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
