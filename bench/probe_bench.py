"""`tlslint probe` timings against the real nginx on loopback: handshakes and seconds.

    python3 bench/probe_bench.py [--repeat 5]

Serves a weak config (TLS 1.0, a CBC suite, server order) and a generated intermediate one,
each with a test certificate, then measures each endpoint in-process (the handshake count is
the number of TCP connections the probe opens) and times the whole command as a user runs it.
Not a test: numbers depend on the machine. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import tlslint.probe.handshake as handshake  # noqa: E402
from tests.probe.test_probe_live import HOST, generated_site, repo, weak_site  # noqa: E402
from tests.probing import make_pki, ports, serving  # noqa: E402
from tlslint.probe.scan import Options, measure  # noqa: E402
from tlslint.probe.target import parse_target  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    opened = [0]
    original = handshake.open_socket

    def counting(*a: object, **k: object) -> object:
        opened[0] += 1
        return original(*a, **k)  # type: ignore[arg-type]

    handshake.open_socket = counting  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        root = repo(base, make_pki(base / "pki"))
        sites = {
            "weak": lambda h, p: weak_site(root, h, p),
            "generated": lambda h, p: generated_site(root, h, p, "good-full"),
        }
        for name, build in sites.items():
            https, http = ports()
            with serving(root, build(https, http), https, http):
                target = parse_target(f"127.0.0.1:{https}", HOST)
                inside = []
                for _ in range(args.repeat):
                    opened[0] = 0
                    start = time.perf_counter()
                    measure(target, Options(http_port=http))
                    inside.append(time.perf_counter() - start)
                command = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    subprocess.run(
                        [sys.executable, "-m", "tlslint", "probe", target.name,
                         "--servername", HOST, "--http-port", str(http),
                         "--ca-file", str(root / "certs" / "root.pem")],
                        capture_output=True, check=False, cwd=REPO,
                    )  # fmt: skip
                    command.append(time.perf_counter() - start)
                print(
                    f"{name:<10} {opened[0]} connections, measure median "
                    f"{statistics.median(inside):.3f} s, `tlslint probe` median "
                    f"{statistics.median(command):.3f} s"
                )


if __name__ == "__main__":
    main()
