"""Certificate-source timings: the one-file pre-commit case, CA bundles, many files.

    python3 bench/certificates_bench.py [--repeat 15] [--files 300]

Also the two shapes that were once quadratic: a CA bundle of 1,385 roots (as large as the
biggest public one in the corpus) and a Kubernetes Secret holding 1,500 certificates with
the same name (a hostile input: no key identifiers, every one a candidate issuer of every
other), each beside the floor of loading its certificates with ``cryptography``.

Builds its inputs in a temporary directory (certificates made now, EC P-256 keys), then runs
``python -m tlslint check`` as a user would and prints medians. Not a test: numbers depend on
the machine.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.certfactory import ec_key, intermediate_ca, leaf, make, write  # noqa: E402


def timed(args: list[str], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tlslint", "check", "--now", "2026-06-01", *args],
            capture_output=True,
            check=False,
            cwd=REPO,
        )
        runs.append(time.perf_counter() - start)
    return runs


def report(label: str, runs: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(runs) * 1000:.0f} ms, "
        f"min {min(runs) * 1000:.0f} ms over {len(runs)} runs"
    )


def floor(label: str, path: Path) -> None:
    """Loading every certificate of a file with cryptography, names and key included."""
    code = (
        "import sys, time\nfrom cryptography import x509\nt = time.perf_counter()\n"
        "for c in x509.load_pem_x509_certificates(open(sys.argv[1], 'rb').read()):\n"
        "    c.subject.rfc4514_string(), c.issuer.rfc4514_string(), c.public_key()\n"
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    report(label, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root / "one" / "shop.pem", leaf().pem, intermediate_ca().pem)
        write(root / "one" / "site.conf", "server {\n    listen 443 ssl;\n}\n")
        roots = [
            make(f"Root {i}", ca=True, key=ec_key(1000 + i), days_after=3000) for i in range(150)
        ]
        write(root / "bundle" / "cacert.pem", *(r.pem for r in roots))
        for i in range(args.files):
            issued = leaf(f"site{i}.example.com", key=ec_key(i % 16))
            write(root / "many" / f"site{i}.pem", issued.pem, intermediate_ca().pem)
        print(f"python {sys.version.split()[0]}")
        report(
            "one nginx file (no certificate)", timed([str(root / "one" / "site.conf")], args.repeat)
        )
        report("one certificate file", timed([str(root / "one" / "shop.pem")], args.repeat))
        report("CA bundle of 150 roots", timed([str(root / "bundle")], max(3, args.repeat // 3)))
        runs = timed([str(root / "many")], max(3, args.repeat // 3))
        report(f"{args.files} leaf+intermediate files", runs)
        print(f"  {args.files / statistics.median(runs):.0f} files/s")
        runs = timed(["--jobs", "2", str(root / "many")], max(3, args.repeat // 3))
        report(f"{args.files} files, --jobs 2", runs)
        big = [make(f"Big Root {i}", ca=True, key=ec_key(5000 + i)) for i in range(1385)]
        write(root / "big" / "ca-bundle.crt", *(r.pem for r in big))
        report("CA bundle of 1,385 roots", timed([str(root / "big")], 3))
        floor("  floor", root / "big" / "ca-bundle.crt")
        same = b"".join(
            make("same.example.com", issuer=big[i % 7], key=ec_key(7000 + i)).pem
            for i in range(1500)
        )
        secret = root / "secret" / "same.yaml"
        write(
            secret,
            "apiVersion: v1\nkind: Secret\nmetadata: {name: same, namespace: shop}\n"
            f"type: kubernetes.io/tls\ndata:\n  tls.crt: {base64.b64encode(same).decode()}\n",
        )
        report("Secret of 1,500 same-named certificates", timed([str(secret)], 3))


if __name__ == "__main__":
    main()
