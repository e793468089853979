"""One verdict, and what it costs: ``check FILE`` against ``check .`` on a generated repository.

    python3 bench/context_bench.py [--nginx 400] [--kubernetes 1000] [--terraform 300]
                                   [--sample 80] [--repeat 5]

Builds a repository (the bundled examples plus nginx services, manifests and Terraform made by
the other benchmarks' builders), then

- checks a random sample of its files one by one and counts those whose findings equal the
  whole-repository scan's findings at that file (the contract: all of them);
- times a one-file check per source as a user runs it (``python -m tlslint check FILE``), in
  CPU seconds, beside ``python -c pass`` (the start-up budget is a ratio to it): warm, with
  the index of the repository that the earlier runs left in the cache (the pre-commit case,
  once the repository has been checked), and cold (``TLSLINT_NO_CACHE=1``).

Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import kubernetes_bench  # noqa: E402
import nginx_bench  # noqa: E402
import terraform_bench  # noqa: E402

from tlslint.model import Finding  # noqa: E402
from tlslint.pipeline.run import Options, run  # noqa: E402

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


def key(f: Finding) -> tuple[object, ...]:
    return (f.rule_id, f.path, f.line, f.location.column, f.message, f.endpoint)


def build(root: Path, nginx: int, kubernetes: int, terraform: int) -> None:
    (root / ".git").mkdir(parents=True)
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    nginx_bench.build(root / "ng", nginx)
    kubernetes_bench.build(root / "k8s", kubernetes)
    terraform_bench.build(root / "tf", terraform)


def agreement(root: Path, sample: int) -> tuple[int, int]:
    whole = run(Options(paths=[root], root=root, now=NOW, per_file_config=True))
    expected: dict[str, set[tuple[object, ...]]] = {}
    for f in whole.findings:
        expected.setdefault(f.path, set()).add(key(f))
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    chosen = random.Random(1).sample(files, min(sample, len(files)))
    same = 0
    for path in chosen:
        alone = run(Options(paths=[path], root=root, now=NOW, per_file_config=True))
        rel = path.relative_to(root).as_posix()
        same += {key(f) for f in alone.findings} == expected.get(rel, set())
    return same, len(chosen)


def cpu_seconds(
    args: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None
) -> float:
    """Median CPU time (user + system) of a command's child process."""
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, cwd=cwd, capture_output=True, check=False, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nginx", type=int, default=400)
    parser.add_argument("--kubernetes", type=int, default=1000)
    parser.add_argument("--terraform", type=int, default=300)
    parser.add_argument("--sample", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        build(root, args.nginx, args.kubernetes, args.terraform)
        count = sum(1 for p in root.rglob("*") if p.is_file())
        same, total = agreement(root, args.sample)
        print(f"{count} files; check FILE == check . at FILE for {same} of {total} sampled files")
        env_python = [sys.executable]
        floor = cpu_seconds([*env_python, "-c", "pass"], root, args.repeat)
        print(f"python -c pass: {floor * 1000:.0f} ms CPU")
        for label, rel in (
            ("nginx conf.d file", "ng/svc0/nginx/conf.d/site3.conf"),
            ("Ingress", "k8s/apps/team1/app1.yaml"),
            ("Terraform file", "tf/svc0/main0.tf"),
            ("examples conf.d file", "examples/nginx/conf.d/shop.conf"),
        ):
            command = [*env_python, "-m", "tlslint", "check", "--now", "2026-06-01", rel]
            warm = cpu_seconds(command, root, args.repeat)
            cold = cpu_seconds(command, root, args.repeat, {**os.environ, "TLSLINT_NO_CACHE": "1"})
            print(
                f"one {label}: {warm * 1000:.0f} ms CPU warm ({warm / floor:.1f}x start-up), "
                f"{cold * 1000:.0f} ms cold ({cold / floor:.1f}x)"
            )


if __name__ == "__main__":
    main()
