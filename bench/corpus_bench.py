"""tlslint on a real corpus, part by part, against the parsing floors and the peers (not a test).

    python3 bench/corpus.py CHECKOUTS /tmp/corpus --synthetic 4     # once
    python3 bench/corpus_bench.py /tmp/corpus [--runs 5] [--checkov PATH] [--gixy PATH]

Every figure is the median of ``--runs`` runs, each in a fresh process (wall seconds, CPU
seconds, peak resident memory of that process):

- **parts**: the files tlslint's discovery gives each source, linted alone (``run()`` in a
  child process, timed from after the imports, without reading the rest of the corpus as
  context), beside the floor for those files — loading
  every certificate and key with ``cryptography`` and reading the fields any certificate
  check needs (names, validity, public key, extensions: cryptography parses lazily); every
  YAML file with PyYAML's C loader; every ``.tf`` file with tree-sitter-hcl (``.json`` with
  ``json``); reading every nginx file;
- **scaling**: the Terraform and Kubernetes parts copied 2x and 4x (time and memory should
  grow linearly);
- **whole corpus** with ``--jobs 1`` and ``--jobs 2`` (and whether they agree, finding for
  finding), and the one-file pre-commit check beside a bare ``python -c pass`` and beside
  the standard library modules it imports, alone (``--python``: with another interpreter,
  such as a clean virtual environment, whose bare start has no ``site`` hooks);
- **peers**, when given: checkov (TLS checks only, on the Terraform module repositories that
  configure TLS; all its Kubernetes checks on a copy of the Kubernetes part) and gixy-ng (one
  process, every nginx file). Install them in a virtual environment of their own, never
  beside tlslint.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.terraform_bench import CHECKOV_TLS  # noqa: E402

TLS_MODULES = (  # Terraform repositories of the corpus that configure TLS endpoints
    "terraform-aws-modules+terraform-aws-alb",
    "terraform-aws-modules+terraform-aws-acm",
    "terraform-aws-modules+terraform-aws-cloudfront",
    "terraform-aws-modules+terraform-aws-apigateway-v2",
)

# Run in a child: lint a list of files (or measure the floor) and print wall, CPU, peak RSS.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, root, listing = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
files = [root / line for line in listing.read_text().splitlines() if line]
def floor_certificates():
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    for f in files:
        data = f.read_bytes()
        certs = []
        if b"-----BEGIN" in data:
            try:
                certs = x509.load_pem_x509_certificates(data)
            except Exception:
                pass
            if b"PRIVATE KEY-----" in data:
                try:
                    serialization.load_pem_private_key(
                        data, None, unsafe_skip_rsa_key_validation=True)
                except Exception:
                    pass
        elif f.suffix.lower() in (".p12", ".pfx"):
            from cryptography.hazmat.primitives.serialization import pkcs12
            for password in (None, b""):
                try:
                    store = pkcs12.load_pkcs12(data, password)
                    certs = [c.certificate for c in store.additional_certs]
                    certs += [store.cert.certificate] if store.cert else []
                    break
                except Exception:
                    pass
        else:
            try:
                certs = [x509.load_der_x509_certificate(data)]
            except Exception:
                pass
        for cert in certs:  # the fields any certificate check reads (parsing is lazy)
            try:
                cert.subject.rfc4514_string(), cert.issuer.rfc4514_string()
                cert.not_valid_after_utc, cert.public_key(), list(cert.extensions)
            except Exception:
                pass
def floor_kubernetes():
    import yaml
    for f in files:
        try:
            list(yaml.load_all(f.read_text(errors="replace"), Loader=yaml.CSafeLoader))
        except Exception:
            pass
def floor_terraform():
    import json as j, tree_sitter, tree_sitter_hcl
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    for f in files:
        data = f.read_bytes()
        if f.name.endswith(".json"):
            try:
                j.loads(data)
            except Exception:
                pass
        else:
            parser.parse(data)
def floor_nginx():
    for f in files:
        f.read_bytes()
def lint():
    from tlslint.pipeline.run import Options, run
    # The part alone: without context=False, naming a subset of the corpus would read every
    # file the given ones depend on, or that depend on them (thousands of manifests).
    run(Options(paths=files, root=root, jobs=int(sys.argv[4]), context=False))
if mode == "lint":
    import tlslint.pipeline.run  # imports are start-up, measured apart
work = {"lint": lint}.get(mode) or globals()["floor_" + mode]
def children():  # CPU seconds of the worker processes tlslint forked and reaped
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
start, cpu, before = time.perf_counter(), time.process_time(), children()
work()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - start,
                  "cpu": time.process_time() - cpu + children() - before,
                  "rss": usage.ru_maxrss / 1024}))
"""


# As installed: compiled bytecode is cached (pip compiles at install time; an environment
# that sets PYTHONDONTWRITEBYTECODE would compile every module at every start). The cache
# lives outside the repository; every measured command is run once first to fill it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tlslint-bench-pycache")
ENV["BC_SKIP_MAPPING"] = "TRUE"  # checkov offline: no guideline download


def median_run(argv: list[str], runs: int, cwd: Path = REPO) -> dict[str, float]:
    """Median wall/CPU/peak-RSS of ``runs`` runs of a command printing CHILD's JSON."""
    return median_runs([argv], runs, cwd)[0]


def median_runs(commands: list[list[str]], runs: int, cwd: Path = REPO) -> list[dict[str, float]]:
    """Medians for each command, its runs interleaved with the others' (a change in the
    machine's load then weighs on every command alike)."""
    results: list[list[dict[str, float]]] = [[] for _ in commands]
    for argv in commands:  # warm-up
        subprocess.run(argv, capture_output=True, cwd=cwd, env=ENV, check=False)
    for _ in range(runs):
        for argv, out in zip(commands, results, strict=True):
            proc = subprocess.run(
                argv, capture_output=True, text=True, cwd=cwd, env=ENV, check=False
            )
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(argv[:4])}…: {proc.stderr[-800:]}")
            out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return [{k: statistics.median(r[k] for r in rs) for k in rs[0]} for rs in results]


def timed_command(argv: list[str], runs: int, cwd: Path = REPO) -> dict[str, float]:
    """Median wall time, CPU time (children) and peak RSS of an external command."""
    return timed_commands([argv], runs, cwd)[0]


def timed_commands(
    commands: list[list[str]],
    runs: int,
    cwd: Path = REPO,
    touch: Path | None = None,
    settle: float = 0.0,
) -> list[dict[str, float]]:
    """:func:`timed_command` for each command, their runs interleaved; ``touch``: a file
    whose modification time is set to now before each run of the first command (a file just
    edited, as pre-commit checks it), ``settle`` seconds before it (0: at once, the change
    still within the index's "racily clean" margin; 2.5: saved, then committed)."""
    measured: list[dict[str, list[float]]] = [{"wall": [], "cpu": [], "rss": []} for _ in commands]
    for argv in commands:  # warm-up
        subprocess.run(argv, capture_output=True, cwd=cwd, env=ENV, check=False)
    for _ in range(runs):
        for argv, out in zip(commands, measured, strict=True):
            if touch is not None and argv is commands[0]:
                os.utime(touch)
                time.sleep(settle)
            before = os.times()
            start = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-f", "%M", *argv],
                capture_output=True,
                text=True,
                cwd=cwd,
                env=ENV,
            )
            out["wall"].append(time.perf_counter() - start)
            after = os.times()
            out["cpu"].append(
                (after.children_user - before.children_user)
                + (after.children_system - before.children_system)
            )
            lines = proc.stderr.strip().splitlines()
            out["rss"].append(int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else 0.0)
    return [{k: statistics.median(v) for k, v in out.items()} for out in measured]


def parts(corpus: Path) -> dict[str, list[str]]:
    """The files each source reads, in every repository of the corpus (each checkout is a
    repository of its own, which discovery leaves to its own walk)."""
    from tlslint.pipeline.discover import discover

    root = corpus.resolve()
    by_kind: dict[str, list[str]] = {}
    pending = [root]
    while pending:
        found = discover([pending.pop()], root)
        pending.extend(root / rel for rel in found.repositories)
        for f in found.files:
            by_kind.setdefault(f.kind, []).append(f.path)
    return {kind: sorted(files) for kind, files in by_kind.items()}


def part_runs(
    kind: str, root: Path, files: list[str], work: Path, runs: int, jobs: int = 1
) -> tuple[dict[str, float], dict[str, float]]:
    listing = work / f"{kind}-{len(files)}.txt"
    listing.write_text("\n".join(files))
    base = [sys.executable, "-c", CHILD]
    lint = [*base, "lint", str(root), str(listing), str(jobs)]
    ours, floor = median_runs([lint, [*base, kind, str(root), str(listing)]], runs)
    return ours, floor


def copies(corpus: Path, files: list[str], times: int, work: Path) -> tuple[Path, list[str]]:
    """The files copied ``times`` times under a new root (directories kept, so units are)."""
    root = work / f"x{times}-{len(files)}"
    out: list[str] = []
    for n in range(times):
        for rel in files:
            target = root / f"copy{n}" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / rel, target)
            out.append(f"copy{n}/{rel}")
    return root, out


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def fmt(m: dict[str, float]) -> str:
    return f"{m['wall']:.2f} s ({m['cpu']:.2f} s CPU), {m['rss']:.0f} MiB"


# Run by the measured interpreter: the standard library modules a one-file check imports.
STDLIB_OF_A_CHECK = r"""
import contextlib, io, json, sys
from tlslint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(["check", sys.argv[1]])
    except SystemExit:
        pass
names = sys.stdlib_module_names
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in names)))
"""


def stdlib_floor(python: str, path: Path) -> list[str]:
    """A command importing just the standard library modules a warm check of ``path``
    imports: what any Python tool of the same shape starts with."""
    for _ in range(2):  # the first run leaves the index and units the second one finds
        found = subprocess.run(
            [python, "-c", STDLIB_OF_A_CHECK, str(path)],
            capture_output=True, text=True, cwd=REPO, env=ENV, check=True,
        )  # fmt: skip
    modules = [m for m in json.loads(found.stdout) if not m.startswith("__")]
    lines = "".join(f"try:\n import {m}\nexcept Exception:\n pass\n" for m in modules)
    return [python, "-c", lines]


def one_file_rows(
    corpus: Path, by_kind: dict[str, list[str]], runs: int, python: str = sys.executable
) -> list[str]:
    """The pre-commit case: one file of a repository of the corpus, and one of this
    repository's own (1,000 files around it), warm (the index and units of the previous run),
    edited (the same, the file changed just before each run: its own unit is read again; and
    changed 2.5 s before, past the index's margin for changes the clock may not show, so the
    index and the unit are written again) and cold (--no-cache), each beside a bare
    interpreter; and, warm, beside the interpreter importing just the standard library
    modules the check imports. ``python``: the interpreter (a clean virtual environment
    measures what a user's bare start is; this checkout's code is run, from its root)."""
    rows: list[str] = []
    one = next((corpus / f for f in by_kind.get("nginx", []) if f.endswith(".conf")), None)
    for label, path in (
        (f"one-file nginx check ({one.relative_to(corpus) if one else ''})", one),
        ("one-file nginx check in this repository", REPO / "examples/nginx/conf.d/shop.conf"),
    ):
        if path is None:
            continue
        check = [python, "-m", "tlslint", "check", str(path)]
        pass_ = [python, "-c", "pass"]
        warm, cold, bare, stdlib = timed_commands(
            [check, [*check, "--no-cache"], pass_, stdlib_floor(python, path)], runs
        )
        times = path.stat()
        try:
            edited, bare_edited = timed_commands([check, pass_], runs, touch=path)
            settled, bare_settled = timed_commands(
                [check, pass_], max(5, runs // 2), touch=path, settle=2.5
            )
        finally:  # the file as it was (its content never changed)
            os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
        time.sleep(2.1)  # past the index's "racily clean" margin before anything else runs
        for state, measured, floor in (
            ("warm", warm, bare),
            ("edited", edited, bare_edited),
            ("edited 2.5 s before", settled, bare_settled),
            ("cold", cold, bare),
        ):
            rows.append(
                f"| {label}, {state} | 1 | {fmt(measured)} | `python -c pass` "
                f"{floor['wall']:.3f} s ({floor['cpu']:.3f} s CPU) | "
                f"{measured['wall'] / floor['wall']:.1f}x bare Python "
                f"({measured['cpu'] / max(floor['cpu'], 1e-3):.1f}x in CPU time) |"
            )
            print(rows[-1], flush=True)
        rows.append(
            f"| {label}: the standard library modules it imports, alone | | {fmt(stdlib)} | "
            f"`python -c pass` {bare['wall']:.3f} s | {stdlib['wall'] / bare['wall']:.1f}x "
            f"bare Python; the warm check {warm['wall'] / stdlib['wall']:.1f}x this |"
        )
        print(rows[-1], flush=True)
    return rows


def peer_rows(
    args: argparse.Namespace, corpus: Path, by_kind: dict[str, list[str]], work: Path
) -> list[str]:
    """checkov and gixy-ng on the same files as tlslint, when given."""
    rows: list[str] = []
    if args.checkov:
        # checkov given several -d reads only the first: both read a parent holding
        # copies of the repositories (each its own repository for tlslint).
        parent = work / "tls-modules"
        for r in TLS_MODULES:
            if (corpus / r).is_dir():
                shutil.copytree(corpus / r, parent / r, symlinks=True)
        tls = sorted(str(d) for d in parent.iterdir())
        ours_tls = timed_command(
            [sys.executable, "-m", "tlslint", "check", "--format", "json", *tls], args.runs
        )
        cmd = [args.checkov, "--quiet", "--compact", "--skip-download", "--framework"]
        theirs = timed_command(
            [*cmd, "terraform", "--check", CHECKOV_TLS, "-d", str(parent)], args.runs
        )
        rows.append(
            f"| Terraform, {len(tls)} TLS module repositories | | {fmt(ours_tls)} | "
            f"checkov (TLS checks) {fmt(theirs)} | "
            f"{theirs['wall'] / ours_tls['wall']:.0f}x faster |"
        )
        print(rows[-1], flush=True)
        # The Kubernetes part alone (copied), so both read the same manifests.
        k8s_root, _ = copies(corpus, by_kind.get("kubernetes", []), 1, work)
        ours_k = timed_command(
            [sys.executable, "-m", "tlslint", "check", "--format", "json", str(k8s_root)],
            args.runs,
        )
        checkov_k8s = [*cmd, "kubernetes"]
        theirs_k = timed_command([*checkov_k8s, "-d", str(k8s_root)], args.runs)
        rows.append(
            f"| Kubernetes part | {len(by_kind.get('kubernetes', []))} | {fmt(ours_k)} | "
            f"checkov {fmt(theirs_k)} | {theirs_k['wall'] / ours_k['wall']:.1f}x faster |"
        )
        print(rows[-1], flush=True)
    if args.gixy and by_kind.get("nginx"):
        # The nginx files gathered in one repository: gixy reads each, tlslint the repository
        # (named files would be judged with the rest of their clones as context).
        nginx_root, copied = copies(corpus, by_kind["nginx"], 1, work)
        nginx = [str(nginx_root / f) for f in copied]
        ours_n = timed_command(
            [sys.executable, "-m", "tlslint", "check", "--format", "json", str(nginx_root)],
            args.runs,
        )
        theirs_n = timed_command([args.gixy, *nginx], args.runs)
        rows.append(
            f"| nginx, {len(nginx)} files | | {fmt(ours_n)} | gixy-ng {fmt(theirs_n)} | "
            f"{theirs_n['wall'] / ours_n['wall']:.1f}x faster |"
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--checkov", help="checkov executable (its own venv)")
    parser.add_argument("--gixy", help="gixy executable (gixy-ng, its own venv)")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument(
        "--one-file-only", action="store_true", help="only the one-file (pre-commit) checks"
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter for the one-file checks and their bare baseline, e.g. a clean "
        "virtual environment holding tlslint's dependencies (default: this one)",
    )
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    import cryptography
    import tree_sitter
    import yaml

    print(
        f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}; "
        f"Python {sys.version.split()[0]}; cryptography {cryptography.__version__}, "
        f"PyYAML {yaml.__version__}, tree-sitter {getattr(tree_sitter, '__version__', '?')}; "
        f"medians of {args.runs} runs; load average {_load()}"
    )
    by_kind = parts(corpus)
    if args.one_file_only:
        print("\n".join(one_file_rows(corpus, by_kind, max(5, args.runs * 3), args.python)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="tlslint-corpus-"))
    rows: list[str] = ["| work | files | tlslint | floor / peer | ratio |", "|---|---|---|---|---|"]
    try:
        for kind in ("terraform", "kubernetes", "certificates", "nginx"):
            files = by_kind.get(kind, [])
            if not files:
                continue
            # Gathered in one repository, as the 2x and 4x copies are: a part spans several
            # clones, each of which a run of the corpus judges on its own (a run apiece).
            part_root, part_files = copies(corpus, files, 1, work)
            ours, floor = part_runs(kind, part_root, part_files, work, args.runs)
            rows.append(
                f"| {kind} part | {len(files)} | {fmt(ours)} | floor {fmt(floor)} | "
                f"{ours['wall'] / floor['wall']:.1f}x floor "
                f"({ours['cpu'] / floor['cpu']:.1f}x in CPU time) |"
            )
            print(rows[-1], flush=True)
            if kind in ("terraform", "kubernetes") and not args.skip_scaling:
                for times in (2, 4):
                    root, scaled = copies(corpus, files, times, work)
                    bigger, _ = part_runs(kind, root, scaled, work, max(1, args.runs // 2))
                    rows.append(
                        f"| {kind} part x{times} | {len(scaled)} | {fmt(bigger)} | — | "
                        f"{bigger['wall'] / ours['wall']:.2f}x time "
                        f"({bigger['cpu'] / ours['cpu']:.2f}x CPU), "
                        f"{bigger['rss'] / ours['rss']:.2f}x memory |"
                    )
                    print(rows[-1], flush=True)
                    shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(part_root, ignore_errors=True)
        # --jobs 1 and --jobs 2 in turns, so both see the same load on the machine; one
        # ``--now`` for every run, so an expiry's day count cannot change between them.
        now = time.strftime("%Y-%m-%d")
        # The warm runs find the index and units the warm-up left (pipeline/cache.py); the
        # cold one (--no-cache) reads and parses every file.
        variants = {1: [], 2: [], "1, cold": ["--no-cache"]}
        commands = [
            [
                *[sys.executable, "-m", "tlslint", "check", "--jobs", str(name)[0], "--now", now],
                *extra,
                *["--format", "json", "--output", str(work / f"whole-{i}.json"), str(corpus)],
            ]
            for i, (name, extra) in enumerate(variants.items())
        ]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        whole = dict(zip(variants, timed_commands(commands, max(5, args.runs)), strict=True))
        load = max(load, os.getloadavg()[0] if hasattr(os, "getloadavg") else load)
        outputs = {
            name: json.loads((work / f"whole-{i}.json").read_text())["findings"]
            for i, name in enumerate(variants)
        }
        for name in variants:
            rows.append(
                f"| whole corpus, --jobs {name} | {sum(map(len, by_kind.values()))} | "
                f"{fmt(whole[name])} | {len(outputs[name])} findings | |"
            )
            print(rows[-1], flush=True)
        same = outputs[1] == outputs[2] == outputs["1, cold"]
        rows.append(
            f"| --jobs 2 vs --jobs 1 | | {whole[1]['wall'] / whole[2]['wall']:.2f}x faster "
            f"(load average up to {load:.1f}) | findings {'identical' if same else 'DIFFERENT'} | |"
        )
        print(rows[-1], flush=True)
        rows += one_file_rows(corpus, by_kind, max(5, args.runs * 3), args.python)
        rows += peer_rows(args, corpus, by_kind, work)
        print()
        print("\n".join(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
