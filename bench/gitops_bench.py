"""Benchmark GitOps rendering on real repositories (not a test: prints figures).

For each directory given (a checkout of a public repository with kustomize roots and Helm
charts), counts what it deploys, then times:

- the floor: each kustomize root built once with the real kustomize, and each chart target
  rendered once by the Helm engine (``helm_worker``), one after another, as any tool that
  lints rendered output must at least pay;
- ``tlslint check`` on the whole directory with an empty render cache (cold) and again with
  the cache filled (warm), with ``--jobs 1`` and ``--jobs 2``.

    python3 bench/gitops_bench.py DIR [DIR…] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tlslint.pipeline.discover import discover  # noqa: E402
from tlslint.sources.gitops import helm  # noqa: E402
from tlslint.sources.gitops.kustomize import kustomize_command  # noqa: E402
from tlslint.sources.gitops.plan import plan_for  # noqa: E402


def floor(root: Path) -> tuple[float, int, int]:
    found = discover([root], root)
    plan = plan_for(root, found.files, {})
    command = kustomize_command()
    assert command is not None, "kustomize is not installed"
    roots = charts = 0
    start = time.perf_counter()
    for target in plan.targets:
        if target.problem is not None:
            continue
        if target.kind == "kustomize":
            roots += 1
            subprocess.run(
                [*command, str(root / os.path.dirname(target.path))],
                capture_output=True,
                check=False,
            )
        else:
            charts += 1
            request = {
                "chart": str(root / target.path),
                "values": helm.user_values(target.values),
                "name": target.name or "release",
                "namespace": target.namespace or "default",
            }
            subprocess.run(
                [sys.executable, str(REPO / "tlslint/sources/gitops/helm_worker.py")],
                input=json.dumps(request, default=str).encode(),
                capture_output=True,
                check=False,
            )
    return time.perf_counter() - start, roots, charts


def check(root: Path, jobs: int, cache: Path) -> tuple[float, int]:
    env = {**os.environ, "TLSLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tlslint",
            "check",
            "--format",
            "json",
            "--jobs",
            str(jobs),
            str(root),
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    took = time.perf_counter() - start
    findings = len(json.loads(done.stdout or b"{}").get("findings", []))
    return took, findings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {dt.date.today()} · {os.cpu_count()} cores · best of {args.repeat}")
    print("| repository | roots | charts | floor (s) | cold -j1 | cold -j2 | warm -j1 | findings |")
    print("|---|---|---|---|---|---|---|---|")
    for root in args.dirs:
        root = root.resolve()
        floors = [floor(root) for _ in range(args.repeat)]
        best_floor = min(f[0] for f in floors)
        _, roots, charts = floors[0]
        times: dict[str, float] = {}
        findings = 0
        for label, jobs, warm in (("cold1", 1, False), ("cold2", 2, False), ("warm1", 1, True)):
            runs = []
            for _ in range(args.repeat):
                cache = Path(tempfile.mkdtemp(prefix="tlslint-bench-cache-"))
                if warm:
                    check(root, jobs, cache)
                took, findings = check(root, jobs, cache)
                runs.append(took)
                shutil.rmtree(cache, ignore_errors=True)
            times[label] = min(runs)
        print(
            f"| {root.name} | {roots} | {charts} | {best_floor:.2f} | {times['cold1']:.2f} "
            f"| {times['cold2']:.2f} | {times['warm1']:.2f} | {findings} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
