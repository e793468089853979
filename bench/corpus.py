"""Build the benchmark corpus from pinned commits of public repositories (not a test).

    python3 bench/corpus.py CHECKOUTS OUT [--synthetic N]

CHECKOUTS is a directory holding git checkouts (work trees or bare mirrors) of the
repositories in :data:`PINNED`, found as ``CHECKOUTS/<owner>+<name>/repo``,
``CHECKOUTS/<owner>/<name>`` or ``CHECKOUTS/<name>``; clone them first, e.g.
``git clone --bare https://github.com/cloudflare/cfssl CHECKOUTS/cloudflare+cfssl/repo``.
Each is read at its pinned commit (``git ls-tree``, ``git cat-file``), so the corpus is
the same on every machine; a repository that is missing or lacks the commit is listed and
skipped, and objects missing from a partial mirror are left out. Only the files a TLS linter
may read are copied (configuration, manifests, Terraform, certificate and key material; at
most 1 MiB each), under ``OUT/<owner>+<name>/``, made an empty git repository as the clone
it comes from (tlslint judges each repository of a tree on its own). Keep OUT outside the repository
(``/tmp/corpus``): it holds other projects' files and committed test keys.

``--synthetic N`` adds N copies of the generated repository of every source
(``tests/repogen.py``) under ``OUT/synthetic/``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# owner/name -> commit. Terraform modules (AWS, Google, Azure), Kubernetes manifests and
# charts (examples, ingress-nginx, cert-manager, Istio, NGINX Gateway), nginx configurations
# (h5bp) and certificates (cfssl's test PKI).
PINNED = {
    "terraform-aws-modules/terraform-aws-alb": "87f1c9c18408993abe951db5bf788c676abf0731",
    "terraform-aws-modules/terraform-aws-acm": "5d113fa07675fc42237907a621b68ac97109043e",
    "terraform-aws-modules/terraform-aws-cloudfront": "beb0b2d04d98e4bbca843de1207467d78ab05f61",
    "terraform-aws-modules/terraform-aws-apigateway-v2": "c1b61c309e1a253b75799f5e65afeadbd52b0267",
    "terraform-aws-modules/terraform-aws-eks": "bef29c4d9523523e57fe898643fde2895106b339",
    "terraform-aws-modules/terraform-aws-rds": "fa183b6b36204913fac1219d09b4979c1e60443a",
    "terraform-google-modules/terraform-google-lb-http": "46b9d5a6c485237c972e6370bda126a2153e7f98",
    "Azure/terraform-azurerm-aks": "e29456edaa389ae47a3862963bb5a3b65f7126a5",
    "kubernetes/examples": "279e8e4fe314f6cb7bc55fa3fbc21bbeaa48c0ea",
    "kubernetes/ingress-nginx": "dbb11b92ddb77bee9c35e462479129354c84f939",
    "cert-manager/cert-manager": "2d0d7f7f74241a9cbf79f0e2a7bb247238ee09fd",
    "istio/istio": "86c9f01fd735fb01d8192f5bcaf0d424afb7f14c",
    "nginxinc/nginx-kubernetes-gateway": "157c0117ff33092d42910f29e2b842ef656cf660",
    "h5bp/server-configs-nginx": "663057006870d0a9802d6dd02f3e09c98b11b04a",
    "cloudflare/cfssl": "ed8df49712657524e8647cb7a9576422baa2faa1",
}

MAX_SIZE = 1 << 20
WANTED = re.compile(
    r"(\.(tf|tfvars|tf\.json|tfvars\.json|ya?ml|conf|conf\.sample|conf\.template|pem|crt|cer|"
    r"cert|key|der|p7b|p12|pfx|ca-bundle)$)|(^|/)(nginx\.conf|sites-(available|enabled)/[^/]+)$",
    re.IGNORECASE,
)


def checkout(checkouts: Path, slug: str) -> Path | None:
    owner, name = slug.split("/")
    for candidate in (
        checkouts / f"{owner}+{name}" / "repo",
        checkouts / f"{owner}+{name}",
        checkouts / owner / name,
        checkouts / name,
    ):
        if candidate.is_dir():
            return candidate
    return None


def extract(git_dir: Path, commit: str, out: Path) -> int:
    """Copy the wanted files of ``commit`` into ``out``; the number copied. Objects missing
    from a partial mirror (its largest files) are skipped, as files over MAX_SIZE are."""
    listing = subprocess.run(
        ["git", "-C", str(git_dir), "ls-tree", "-r", "-l", "-z", commit],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")
    wanted: list[tuple[str, str]] = []  # (blob, path)
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, blob, size = meta.split()
        if kind != "blob" or mode == "120000" or not size.isdigit() or int(size) > MAX_SIZE:
            continue
        if WANTED.search(path):
            wanted.append((blob, path))
    batch = subprocess.run(
        ["git", "-C", str(git_dir), "cat-file", "--batch"],
        input="".join(f"{blob}\n" for blob, _ in wanted).encode(),
        capture_output=True,
        check=True,
    ).stdout
    copied = 0
    at = 0
    root = out.resolve()
    for _blob, path in wanted:
        end = batch.index(b"\n", at)
        header = batch[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<sha> missing"
        size = int(header[2])
        data = batch[at : at + size]
        at += size + 1
        target = out / path
        if not target.resolve().is_relative_to(root):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        copied += 1
    return copied


def as_repository(directory: Path) -> None:
    """Make a copied tree a (new, empty) git repository, as the clone it was taken from: a
    directory of repositories is linted repository by repository, each its own context."""
    if not (directory / ".git").is_dir():
        subprocess.run(["git", "init", "-q", str(directory)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("checkouts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--synthetic", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(REPO):
        parser.error("keep the corpus outside the repository (e.g. /tmp/corpus)")
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for slug, commit in PINNED.items():
        git_dir = checkout(args.checkouts, slug)
        target = args.out / slug.replace("/", "+")
        if git_dir is None:
            print(f"{slug}: no checkout under {args.checkouts}; skipped")
            continue
        try:
            copied = extract(git_dir, commit, target)
        except subprocess.CalledProcessError as exc:
            print(f"{slug}: {commit[:12]} not readable ({exc.stderr.decode()[:80].strip()})")
            continue
        total += copied
        as_repository(target)
        print(f"{slug}@{commit[:12]}: {copied} files")
    if args.synthetic:
        sys.path.insert(0, str(REPO))
        from tests.repogen import build

        build(args.out / "synthetic", copies=args.synthetic)
        as_repository(args.out / "synthetic")
        print(f"synthetic: {args.synthetic} copies of the generated repository")
    print(f"{total} files from {len(PINNED)} pinned repositories in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
