"""Benchmark `tlslint report` against `tlslint check` on synthetic nginx repositories
(not a test: prints figures).

For each size: the wall time and peak memory of `check --format json` and of `report` in
each format, the report's size and the number of findings it carries. The repositories are
those of bench/nginx_bench.py.

    python3 bench/report_bench.py [--sizes 100,1000] [--python PYTHON]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nginx_bench import build, install_venv, timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--python", help="interpreter with tlslint installed (default: a new venv)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tlslint-report-bench-"))
    python = args.python or install_venv(workdir / "venv")
    tlslint = [python, "-m", "tlslint"]
    print(f"{'files':>7} {'command':<16} {'seconds':>8} {'peak MiB':>9} {'output MB':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        root = workdir / f"repo{size}"
        build(root, size)
        out = workdir / f"check{size}.json"
        elapsed, peak, _ = timed([*tlslint, "check", "-f", "json", "-o", str(out), "."], root)
        findings = len(json.loads(out.read_text())["findings"])
        print(
            f"{size:>7} {'check json':<16} {elapsed:>8.2f} {peak / 1024:>9.0f} "
            f"{out.stat().st_size / 1e6:>10.2f}  {findings} findings"
        )
        for fmt in ("html", "markdown", "json"):
            out = workdir / f"report{size}.{fmt}"
            elapsed, peak, _ = timed([*tlslint, "report", "-f", fmt, "-o", str(out), "."], root)
            print(
                f"{size:>7} {'report ' + fmt:<16} {elapsed:>8.2f} {peak / 1024:>9.0f} "
                f"{out.stat().st_size / 1e6:>10.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
