"""Benchmark tlslint on synthetic nginx repositories (not a test: prints figures).

Builds repositories of 100, 1,000 and 10,000 nginx files (a main nginx.conf including
conf.d/*.conf, sites with varied TLS mistakes, snippets, extension-less sites-available files)
and times `tlslint check` on each as a subprocess: files per second and peak resident memory.
Then times the pre-commit case, a one-file check, over repeated runs.

    python3 bench/nginx_bench.py [--sizes 100,1000,10000] [--jobs 1] [--repeat 15]

tlslint runs from a fresh virtual environment with a regular (non-editable) install, as
pre-commit and CI install it, with bytecode compiled; ``--python`` uses another interpreter.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROTOCOLS = ["TLSv1.2 TLSv1.3", "TLSv1 TLSv1.1 TLSv1.2", "TLSv1.3", None, "SSLv3 TLSv1.2"]
CIPHERS = [
    "ECDHE+AESGCM:ECDHE+CHACHA20",
    "HIGH:!aNULL:!MD5",
    "ALL:!EXPORT:!LOW:!aNULL:!eNULL",
    None,
    "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH",
]


def site(i: int, rng: random.Random) -> str:
    lines = [
        f"# site {i}",
        "server {",
        "    listen 443 ssl;",
        "    http2 on;",
        f"    server_name site{i}.example.com www.site{i}.example.com;",
    ]
    protocols = rng.choice(PROTOCOLS)
    if protocols:
        lines.append(f"    ssl_protocols {protocols};")
    ciphers = rng.choice(CIPHERS)
    if ciphers:
        lines.append(f'    ssl_ciphers "{ciphers}";')
    lines += [
        f"    ssl_certificate /etc/nginx/tls/site{i}.crt;",
        f"    ssl_certificate_key /etc/nginx/tls/site{i}.key;",
        "    include /etc/nginx/snippets/security.conf;",
    ]
    if rng.random() < 0.6:
        lines.append('    add_header Strict-Transport-Security "max-age=63072000" always;')
    for j in range(rng.randint(2, 8)):
        lines += [f"    location /app{j}/ {{", f"        proxy_pass https://backend{j}:8443;"]
        if rng.random() < 0.3:
            lines.append('        add_header Cache-Control "no-store";')
        lines.append("    }")
    lines += ["}", "", "server {", "    listen 80;", f"    server_name site{i}.example.com;"]
    lines.append(
        "    return 308 https://$host$request_uri;" if rng.random() < 0.8 else "    root /srv/www;"
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def build(root: Path, count: int) -> None:
    """Services of up to 100 files each: nginx.conf including conf.d/*.conf and snippets."""
    rng = random.Random(count)
    root.mkdir(parents=True)
    (root / ".tlslint.yaml").write_text("nginx:\n  version: '1.24.0'\n")
    made, service = 0, 0
    while made < count:
        base = root / f"svc{service}" / "nginx"
        for sub in ("conf.d", "snippets", "sites-available"):
            (base / sub).mkdir(parents=True)
        (base / "nginx.conf").write_text(
            "events {}\nhttp {\n    ssl_prefer_server_ciphers off;\n"
            "    include /etc/nginx/conf.d/*.conf;\n}\n"
        )
        (base / "snippets" / "security.conf").write_text(
            "add_header X-Content-Type-Options nosniff;\nssl_session_tickets off;\n"
        )
        made += 2
        for i in range(min(98, count - made)):
            name = f"site{made + i}"
            if i % 10 == 9:  # a standalone extension-less site (not included)
                (base / "sites-available" / name).write_text(site(made + i, rng))
            else:
                (base / "conf.d" / f"{name}.conf").write_text(site(made + i, rng))
        made += min(98, count - made)
        service += 1


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak RSS in KiB of the child, and the last line of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"tlslint failed ({proc.returncode}): {proc.stderr.strip()}")
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    return elapsed, max(peak, before), tail


def install_venv(target: Path) -> str:
    """A fresh venv with tlslint installed from this checkout (not editable)."""
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    python = str(target / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(repo)],
        check=True,
    )
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--python", help="interpreter with tlslint installed (default: a new venv)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tlslint-bench-"))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    python = args.python or install_venv(workdir / "venv")
    tlslint = [python, "-m", "tlslint"]
    try:
        print(f"{'files':>7} {'seconds':>8} {'files/s':>9} {'peak MiB':>9}  summary")
        for size in (int(s) for s in args.sizes.split(",")):
            root = workdir / f"repo{size}"
            build(root, size)
            cmd = [*tlslint, "check", "--jobs", str(args.jobs), "."]
            elapsed, peak, tail = timed(cmd, root)
            print(f"{size:>7} {elapsed:>8.2f} {size / elapsed:>9.0f} {peak / 1024:>9.0f}  {tail}")
        one = workdir / "repo100" / "svc0" / "nginx" / "conf.d" / "site2.conf"
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(
                [*tlslint, "check", str(one)],
                capture_output=True,
                check=False,
                cwd=workdir / "repo100",
            )
            runs.append(time.perf_counter() - start)
        print(
            f"one-file check: median {statistics.median(runs) * 1000:.0f} ms, "
            f"min {min(runs) * 1000:.0f} ms over {args.repeat} runs"
        )
        start = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        print(f"(python start-up alone: {(time.perf_counter() - start) * 1000:.0f} ms)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
