"""A one-file check imports only what that file's source needs (the pre-commit case).

Structural, not timed: the start-up budget (4x a bare ``python -c pass``) is measured in
``bench/corpus_bench.py``; this pins down what would break it — a heavy parser or another
source's modules imported for a file that does not need them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

NGINX = """server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_certificate /etc/nginx/tls/shop.crt;
    ssl_certificate_key /etc/nginx/tls/shop.key;
    ssl_protocols TLSv1.2 TLSv1.3;
}
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: web-tls
  rules:
    - host: shop.example.com
"""

TERRAFORM_MAIN = """resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = aws_acm_certificate.web.arn
}
"""

TERRAFORM_VARIABLES = """variable "ssl_policy" {
  type    = string
  default = "ELBSecurityPolicy-2016-08"
}
"""

# Any of these, or a module under them, is a failure.
HEAVY = ("cryptography", "yaml", "tree_sitter", "tree_sitter_hcl", "jsonschema", "lark")
NOT_FOR_NGINX = (
    "tlslint.sources.kubernetes.",
    "tlslint.sources.terraform.",
    "tlslint.sources.certificates.",
    # The other configuration sources: their packages register them; nothing below is needed
    # (HAProxy's link, for one, returns before importing its parser when it has no endpoints).
    "tlslint.sources.haproxy.",
    "tlslint.sources.apache.",
    "tlslint.sources.renewal.",
    "tlslint.sources.cfssl.",
    "tlslint.sources.gitops.",
    "tlslint.pipeline.fix",
    "tlslint.generators",
    "tlslint.formats.json_report",
    "tlslint.formats.sarif",
    # Another command's: its arguments too are added only when it is used.
    "tlslint.probe.",
    "tlslint.compliance.html",
    "tlslint.compliance.report",
    # The model's objects of other sources, and certificates where the repository holds none:
    # their kinds are declared without them.
    "tlslint.model.certificates",
    "tlslint.model.cloud",
    "tlslint.model.kubernetes",
    "tlslint.model.rotation",
    "tlslint.model.issuing",
    # What only a finding about something absent needs ("did you mean"), and what only the
    # report of a unit that crashed needs.
    "difflib",
    "traceback",
)


# Terraform builds cloud objects, issuing policies (Vault PKI roles), certificate names (ACM)
# and embedded PEM (heredocs) of its own.
TERRAFORM_OWN = (
    "tlslint.sources.terraform.",
    "tlslint.model.cloud",
    "tlslint.model.issuing",
    "tlslint.model.certificates",
)
NOT_FOR_TERRAFORM = (
    "tlslint.sources.nginx.",
    *(name for name in NOT_FOR_NGINX if name not in TERRAFORM_OWN),
)


def imported_by_check(path: Path, env: dict[str, str] | None = None) -> set[str]:
    """Every module a fresh interpreter has loaded after ``tlslint check PATH``."""
    code = (
        "import contextlib, io, json, sys\n"
        "from tlslint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', {str(path)!r}])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    # Units are parsed in forked workers, which inherit this process's modules and import the
    # source's own; running them in-process (TLSLINT_ISOLATE=0) makes one list hold both.
    env = {**os.environ, **(env or {}), "TLSLINT_ISOLATE": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True, env=env
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _offending(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Modules matching ``names``: "pkg." means pkg's submodules, "pkg" pkg and all below."""

    def matches(module: str, name: str) -> bool:
        if name.endswith("."):
            return module.startswith(name)
        return module == name or module.startswith(name + ".")

    return sorted(m for m in modules if any(matches(m, n) for n in names))


def test_one_nginx_file_imports_no_other_source_and_no_heavy_parser(tmp_path: Path) -> None:
    site = tmp_path / "site.conf"
    site.write_text(NGINX, encoding="utf-8")
    modules = imported_by_check(site)
    assert "tlslint.sources.nginx.endpoints" in modules  # the check did run
    assert _offending(modules, HEAVY) == []
    assert _offending(modules, NOT_FOR_NGINX) == []


def test_a_config_read_before_is_not_parsed_again(tmp_path: Path) -> None:
    """The pre-commit case in a configured repository: the config's data is kept in the cache
    (pipeline/config.py), so PyYAML is not imported to read it again."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".tlslint.yaml").write_text(
        'profile: modern\nnginx:\n  version: "1.22.1"\n', encoding="utf-8"
    )
    site = repo / "site.conf"
    site.write_text(NGINX, encoding="utf-8")
    cache = {"TLSLINT_CACHE_DIR": str(tmp_path / "cache")}
    assert "yaml" in imported_by_check(site, cache)  # the first run parses it
    modules = imported_by_check(site, cache)
    assert "tlslint.sources.nginx.endpoints" in modules
    assert _offending(modules, HEAVY) == []
    assert _offending(modules, NOT_FOR_NGINX) == []


def test_one_manifest_imports_no_terraform_and_no_certificate_parser(tmp_path: Path) -> None:
    ingress = tmp_path / "ingress.yaml"
    ingress.write_text(INGRESS, encoding="utf-8")
    modules = imported_by_check(ingress)
    assert "tlslint.sources.kubernetes.ingress" in modules
    assert _offending(modules, ("cryptography", "tree_sitter", "tree_sitter_hcl")) == []
    assert _offending(modules, ("tlslint.sources.terraform.",)) == []
    assert _offending(modules, ("tlslint.sources.certificates.",)) == []


def test_a_terraform_module_imports_no_other_source_and_no_yaml_parser(tmp_path: Path) -> None:
    # The Terraform source's tables are compiled into Python (no PyYAML); its parser is
    # tree-sitter, which it must import, and nothing of the configuration sources.
    (tmp_path / "main.tf").write_text(TERRAFORM_MAIN, encoding="utf-8")
    (tmp_path / "variables.tf").write_text(TERRAFORM_VARIABLES, encoding="utf-8")
    modules = imported_by_check(tmp_path)
    assert "tlslint.sources.terraform.load" in modules  # the check did run
    assert "tree_sitter_hcl" in modules
    assert _offending(modules, ("cryptography", "yaml", "jsonschema", "lark")) == []
    assert _offending(modules, NOT_FOR_TERRAFORM) == []


def test_a_warm_check_of_one_nginx_file_loads_no_certificate_parser(tmp_path: Path) -> None:
    """Its units come from the cache and which certificate signed which from the index
    (pipeline/units.py, pipeline/cache.py): the chain is judged without loading cryptography,
    with the findings of a cold run."""
    from tests.certfactory import intermediate_ca, leaf, write

    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n")
    write(root / "conf.d/site.conf", NGINX.replace("/etc/nginx/", ""))
    write(root / "tls/shop.crt", leaf("shop.example.com").pem)
    write(root / "tls/chain.pem", intermediate_ca().pem)
    write(root / "tls/shop.key", leaf("shop.example.com").key_pem())
    # Run from the repository under test, this checkout's code (not an installed copy).
    env = {**os.environ, "TLSLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    # A first run stores every unit (files this fresh are trusted to the clock here).
    populate = (
        "import contextlib, io\n"
        "from tlslint.pipeline import cache\n"
        "cache.RACY_NS = 0\n"
        "from tlslint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', '.'])\n"
    )
    subprocess.run([sys.executable, "-c", populate], cwd=root, env=env, check=True)
    code = (
        "import contextlib, io, json, sys\n"
        "from tlslint.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main(['check', '--format', 'json', 'conf.d/site.conf'])\n"
        "print(json.dumps([sorted(sys.modules), json.loads(out.getvalue())['findings']]))\n"
    )
    warm = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, env=env
    )
    modules, findings = json.loads(warm.stdout.strip().splitlines()[-1])
    # Every unit, the nginx one too, comes from the cache: no server is built from text.
    assert "tlslint.sources.nginx.endpoints" not in modules
    assert _offending(set(modules), ("cryptography", "tlslint.sources.certificates.parse")) == []
    # Nor OpenSSL's digests for the cache's keys (tlslint/digest.py), where the interpreter
    # itself did not load them.
    bare = subprocess.run(
        [sys.executable, "-c", "import json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, cwd=root, env=env, check=True,
    )  # fmt: skip
    assert "_hashlib" not in set(modules) - set(json.loads(bare.stdout))
    cold = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=root,
        env={**env, "TLSLINT_NO_CACHE": "1"},
    )
    assert json.loads(cold.stdout.strip().splitlines()[-1])[1] == findings
    assert findings  # judged: the name and the chain are there to be judged


def test_a_check_started_by_a_clean_interpreter_imports_no_resource_machinery(
    tmp_path: Path,
) -> None:
    """Shipped data is read by path (tlslint/packaged.py): ``importlib.resources`` would bring
    ``tempfile``, ``shutil``, ``zipfile`` and the compression modules, about 5 ms of every
    start; argparse's formatters would import ``shutil`` too. Run without ``site`` (whose
    ``.pth`` hooks may import them first, as this host's do), the dependencies found through
    ``PYTHONPATH``, like a clean virtual environment."""
    import site

    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "site.conf").write_text(NGINX)
    (root / ".tlslint.yaml").write_text("profile: modern\n")
    code = (
        "import contextlib, io, json, sys\n"
        "from tlslint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['check', '--no-cache', 'site.conf'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    path = os.pathsep.join([str(REPO), *site.getsitepackages()])
    env = {**os.environ, "PYTHONPATH": path, "TLSLINT_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=root, env=env
    )
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "tlslint.sources.nginx.endpoints" in modules  # the file was read and judged
    unwanted = ("importlib.resources", "importlib.readers", "tempfile", "zipfile", "jsonschema")
    # argparse asks shutil for the terminal's width when it formats (tlslint.cli asks once).
    unwanted += ("shutil", "bz2", "lzma")
    assert sorted(modules & set(unwanted)) == []
