"""Measure the HCL parsers tlslint could use (not a test: prints figures).

tree-sitter + tree-sitter-hcl (C, with Python bindings) against python-hcl2 (lark, what checkov
uses): set-up time (import and grammar load, in a fresh interpreter), then parse time on
synthetic Terraform of growing size, and what each does with a syntax error.

    python3 bench/hcl_parsers.py [--sizes 10000,100000,1000000]

python-hcl2 is in the ``bench`` extra; the figures go into the docstring of
tlslint/sources/terraform/hcl.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from terraform_bench import tf_file  # type: ignore[import-not-found]

SETUP = {
    "tree-sitter-hcl": (
        "import tree_sitter, tree_sitter_hcl\n"
        "p = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))\n"
        "p.parse(b'a = 1\\n')"
    ),
    "python-hcl2": "import hcl2\nhcl2.loads('a = 1\\n')",
}


def setup_ms(code: str) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        runs.append(time.perf_counter() - start)
    base = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - start)
    return (min(runs) - min(base)) * 1000


def corpus(size: int) -> str:
    import random

    rng = random.Random(size)
    parts, total, i = [], 0, 0
    while total < size:
        text = tf_file(i, rng)
        parts.append(text)
        total += len(text)
        i += 1
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    import hcl2
    import tree_sitter
    import tree_sitter_hcl

    ts = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    for name, code in SETUP.items():
        print(f"{name:>16} set-up: {setup_ms(code):7.0f} ms")
    print(f"{'bytes':>10} {'tree-sitter s':>14} {'python-hcl2 s':>14} {'ratio':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = corpus(size)
        start = time.perf_counter()
        ts.parse(text.encode())
        t_ts = time.perf_counter() - start
        start = time.perf_counter()
        hcl2.loads(text)
        t_hcl2 = time.perf_counter() - start
        print(f"{len(text):>10} {t_ts:>14.3f} {t_hcl2:>14.3f} {t_hcl2 / t_ts:>6.0f}x")
    broken = 'resource "aws_lb_listener" "x" {\n  protocol = "HTTPS"\n  ssl_policy = [\n'
    tree = ts.parse(broken.encode())
    print(f"syntax error, tree-sitter: has_error={tree.root_node.has_error} (partial tree kept)")
    try:
        hcl2.loads(broken)
        print("syntax error, python-hcl2: accepted")
    except Exception as exc:  # lark raises its own exception types
        print(f"syntax error, python-hcl2: {type(exc).__name__} (no tree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
