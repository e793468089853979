"""One verdict: a file checked alone gets exactly the findings the whole-repository scan reports
at it (the pre-commit case), because it is judged with what it depends on and what depends on
it (pipeline/context.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.certfactory import ec_key, intermediate_ca, leaf, make, write
from tests.helpers import NOW, REPO
from tlslint.model import Finding
from tlslint.pipeline.run import Options, Result, run


def check(root: Path, *paths: Path) -> Result:
    """What `tlslint check PATHS` does: each file under its nearest configuration."""
    return run(Options(paths=list(paths), root=root, now=NOW, per_file_config=True))


def key(f: Finding) -> tuple[object, ...]:
    return (f.rule_id, f.severity, f.path, f.line, f.location.column, f.message, f.endpoint)


def assert_one_verdict(root: Path) -> int:
    """For every file under root: `check FILE` == the findings of `check .` at FILE."""
    whole = check(root, root)
    expected: dict[str, set[tuple[object, ...]]] = {}
    for f in whole.findings:
        expected.setdefault(f.path, set()).add(key(f))
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    differing = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        alone = check(root, path)
        got = {key(f) for f in alone.findings}
        if got != expected.get(rel, set()):
            differing.append(
                (
                    rel,
                    sorted(expected.get(rel, set()) - got),
                    sorted(got - expected.get(rel, set())),
                )
            )
    assert not differing, differing
    assert whole.findings, "the repository must show problems for the comparison to mean much"
    return len(files)


def git_repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    return root


def test_every_file_of_the_examples(tmp_path: Path) -> None:
    root = git_repository(tmp_path / "repo")
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    assert assert_one_verdict(root) >= 30


def test_a_conf_d_file_is_judged_inside_the_http_block_that_includes_it(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    alone = check(root, root / "examples/nginx/conf.d/shop.conf")
    rules = sorted({f.rule_id for f in alone.findings})
    # TLS and HSTS come from http{} in nginx.conf; the certificate from tls/shop.crt.
    assert "TLS101" not in rules and "TLS111" not in rules
    assert "TLS409" in rules  # shop.example.com is not covered by the certificate
    assert {f.path for f in alone.findings} == {"examples/nginx/conf.d/shop.conf"}
    assert [f.path for f in alone.files] == ["examples/nginx/conf.d/shop.conf"]


def test_generated_nginx_repository(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    write(root / "etc/nginx/tls/site.crt", leaf("site1.example.com").pem)
    write(root / "etc/nginx/tls/chain.pem", intermediate_ca().pem)
    write(root / "etc/nginx/tls/site.key", leaf("site1.example.com").key_pem())
    write(
        root / "etc/nginx/nginx.conf",
        "events {}\nhttp {\n    ssl_protocols TLSv1.2 TLSv1.3;\n"
        '    add_header Strict-Transport-Security "max-age=63072000" always;\n'
        "    include /etc/nginx/conf.d/*.conf;\n}\n",
    )
    for i in range(4):
        extra = "    add_header X-Frame-Options DENY;\n" if i % 2 else ""
        protocols = "    ssl_protocols TLSv1 TLSv1.2;\n" if i == 3 else ""
        write(
            root / f"etc/nginx/conf.d/site{i}.conf",
            f"server {{\n    listen 443 ssl;\n    server_name site{i}.example.com;\n"
            f"    ssl_certificate /etc/nginx/tls/site.crt;\n"
            f"    ssl_certificate_key /etc/nginx/tls/site.key;\n{protocols}{extra}"
            "    include /etc/nginx/snippets/ciphers.conf;\n}\n",
        )
    write(root / "etc/nginx/snippets/ciphers.conf", "ssl_ciphers HIGH:!aNULL;\n")
    assert assert_one_verdict(root) == 9


PLAIN = """server {
    listen 80;
    server_name %s;
    location / { proxy_pass http://app; }
}
"""
SECURE = """server {
    listen 443 ssl;
    server_name %s;
    ssl_certificate /etc/nginx/tls/%s.crt;
    ssl_certificate_key /etc/nginx/tls/%s.key;
    ssl_protocols TLSv1.2 TLSv1.3;
}
"""


@pytest.mark.parametrize(
    "plain_names",
    ["www.example.com", "_", "*.example.com", "", "other.example.com www.example.com"],
    ids=["exact", "catch-all", "wildcard", "no-names", "one-of-two"],
)
def test_a_plain_server_is_judged_with_the_https_servers_of_its_names_elsewhere(
    tmp_path: Path, plain_names: str
) -> None:
    """Whether plain HTTP must redirect depends on HTTPS being served for the same names
    anywhere in the repository (TLS205), not only in the plain server's include group."""
    root = git_repository(tmp_path)
    plain = PLAIN % plain_names if plain_names else PLAIN.replace("    server_name %s;\n", "")
    write(root / "edge/plain.conf", plain.encode())
    write(root / "shop/secure.conf", (SECURE % ("www.example.com", "shop", "shop")).encode())
    write(root / "blog/secure.conf", (SECURE % ("blog.example.org", "blog", "blog")).encode())
    whole = check(root, root)
    assert "TLS205" in {f.rule_id for f in whole.findings if f.path == "edge/plain.conf"}
    assert_one_verdict(root)


@pytest.mark.parametrize(
    "plain",
    [
        # Two names in one block, and a second block with none: it answers for every name.
        "server {\n    listen 80;\n    server_name a.example.org;\n"
        "    server_name b.example.org;\n}\nserver {\n    listen 80;\n    root /srv;\n}\n",
        # A name in a comment is no name: the block has none.
        "# server_name old.example.org;\nserver {\n    listen 80;\n    root /srv;\n}\n",
        # The name comes from a snippet no source reads.
        "server {\n    listen 80;\n    server_name a.example.org;\n"
        "    include names/more.inc;\n}\n",
    ],
    ids=["a-nameless-second-block", "a-commented-name", "a-name-from-a-snippet"],
)
def test_a_plain_server_whose_names_are_not_all_written_in_it(tmp_path: Path, plain: str) -> None:
    root = git_repository(tmp_path)
    write(root / "edge/plain.conf", plain.encode())
    write(root / "edge/names/more.inc", b"server_name www.example.com;\n")
    write(root / "shop/secure.conf", (SECURE % ("www.example.com", "shop", "shop")).encode())
    whole = check(root, root)
    assert "TLS205" in {f.rule_id for f in whole.findings if f.path == "edge/plain.conf"}
    assert_one_verdict(root)


def test_a_plain_apache_host_is_judged_with_the_https_hosts_of_its_names_elsewhere(
    tmp_path: Path,
) -> None:
    root = git_repository(tmp_path)
    write(
        root / "apache/plain.conf",
        b"<VirtualHost *:80>\n    ServerName http://www.example.com\n    DocumentRoot /srv\n"
        b"</VirtualHost>\n<VirtualHost *:80>\n    ServerName a.example.org\n"
        b"    ServerAlias www.a.example.org\n</VirtualHost>\n",
    )
    write(
        root / "apache/sites/secure.conf",
        b"<VirtualHost *:443>\n    ServerName www.example.com:443\n    SSLEngine on\n"
        b"    SSLCertificateFile /etc/ssl/shop.crt\n    SSLCertificateKeyFile /etc/ssl/shop.key\n"
        b"</VirtualHost>\n",
    )
    whole = check(root, root)
    assert "TLS205" in {f.rule_id for f in whole.findings if f.path == "apache/plain.conf"}
    assert_one_verdict(root)


@pytest.mark.parametrize("case", ["fires-host", "fires-apache-haproxy", "fires-compose"])
def test_a_renewal_is_judged_with_every_server_that_loads_its_certificates(
    tmp_path: Path, case: str
) -> None:
    """A cron line, a systemd unit or a certbot configuration checked alone is joined to the
    servers that load what it renews, wherever they are (TLS611), as in the whole scan."""
    root = git_repository(tmp_path / "repo")
    shutil.copytree(REPO / "tests/fixtures/rules/TLS611/renewal" / case, root, dirs_exist_ok=True)
    whole = check(root, root)
    assert any(f.rule_id == "TLS611" for f in whole.findings)
    assert_one_verdict(root)


def test_generated_kubernetes_repository(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    write(
        root / "infra/ingress-nginx/configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\n"
        "  namespace: ingress-nginx\ndata:\n  ssl-protocols: TLSv1.1 TLSv1.2\n"
        '  hsts-max-age: "600"\n',
    )
    write(
        root / "infra/issuers.yaml",
        "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\n"
        "spec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n"
        "    privateKeySecretRef: {name: letsencrypt}\n"
        "    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]\n",
    )
    for i in range(3):
        issuer = "letsencrypt" if i else "letsencrypt-prod"
        write(
            root / f"apps/app{i}/ingress.yaml",
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n"
            f"  name: app{i}\n  namespace: app{i}\n  annotations:\n"
            f"    cert-manager.io/cluster-issuer: {issuer}\nspec:\n"
            "  ingressClassName: nginx\n"
            f"  tls:\n  - hosts: [app{i}.example.com]\n    secretName: app{i}-tls\n"
            f"  rules:\n  - host: app{i}.example.com\n    http:\n      paths:\n"
            "      - path: /\n        pathType: Prefix\n        backend:\n"
            f"          service: {{name: app{i}, port: {{number: 80}}}}\n",
        )
    write(
        root / "apps/app1/certificate.yaml",
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: app1\n"
        "  namespace: app1\nspec:\n  secretName: app1-tls\n  duration: 8760h\n"
        "  dnsNames: [app1.example.com]\n  issuerRef: {name: letsencrypt-staging, "
        "kind: ClusterIssuer}\n",
    )
    # Ingresses that relate to the others only through the names they serve: a wildcard, and
    # plain HTTP for a name that another file serves over HTTPS (no redirect), each beside a
    # Service that the source does not read.
    service = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: []\n"
    write(
        root / "apps/wild/ingress.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: wild\n"
        "  namespace: app1\nspec:\n  tls:\n  - hosts: ['*.example.com']\n    secretName: app1-tls\n"
        "  rules:\n  - host: '*.example.com'\n" + service,
    )
    write(
        root / "apps/plain/ingress.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: plain\n"
        "  namespace: app2\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: 'false'\n"
        "spec:\n  rules:\n  - host: app2.example.com\n    http:\n      paths:\n"
        "      - path: /\n        pathType: Prefix\n        backend:\n"
        "          service: {name: app2, port: {number: 80}}\n" + service,
    )
    assert assert_one_verdict(root) == 8


def test_generated_terraform_repository(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    write(
        root / "modules/lb/main.tf",
        'variable "policy" {\n  type = string\n}\n\n'
        'resource "aws_lb_listener" "https" {\n  load_balancer_arn = "arn:lb"\n'
        '  port = 443\n  protocol = "HTTPS"\n  ssl_policy = var.policy\n'
        '  certificate_arn = "arn:cert"\n  default_action {\n    type = "forward"\n'
        '    target_group_arn = "arn:tg"\n  }\n}\n',
    )
    for env, policy in (
        ("prod", "ELBSecurityPolicy-2016-08"),
        ("dev", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
    ):
        write(
            root / f"envs/{env}/main.tf",
            'module "lb" {\n  source = "../../modules/lb"\n  policy = var.policy\n}\n\n'
            'variable "policy" {\n  type = string\n}\n',
        )
        write(root / f"envs/{env}/terraform.tfvars", f'policy = "{policy}"\n')
    write(
        root / "standalone/main.tf",
        'resource "aws_lb_listener" "old" {\n  load_balancer_arn = "arn:lb"\n  port = 443\n'
        '  protocol = "HTTPS"\n  certificate_arn = "arn:cert"\n  default_action {\n'
        '    type = "forward"\n    target_group_arn = "arn:tg"\n  }\n}\n',
    )
    assert assert_one_verdict(root) == 6


def test_generated_certificate_repository(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    write(root / "tls/shop.crt", leaf("shop.example.com").pem)  # the intermediate is elsewhere
    write(root / "tls/intermediate.crt", intermediate_ca().pem)
    old = make("old.example.com", key=ec_key(3), days_before=800, days_after=-10)
    write(root / "tls/old.pem", old.pem)
    write(root / "tls/old.key", old.key_pem())
    write(
        root / "nginx/conf.d/shop.conf",
        "server {\n    listen 443 ssl;\n    server_name shop.example.com old.example.com;\n"
        "    ssl_certificate /etc/nginx/tls/shop.crt;\n"
        "    ssl_certificate_key /etc/nginx/tls/old.key;\n}\n",
    )
    write(root / ".tlslint.yaml", "nginx:\n  path_map: {/etc/nginx/: ./}\n")
    assert assert_one_verdict(root) == 6


def test_fix_of_one_file_writes_only_that_file(tmp_path: Path) -> None:
    root = git_repository(tmp_path)
    shutil.copytree(REPO / "examples/nginx", root / "nginx", symlinks=True)
    before = (root / "nginx/nginx.conf").read_text()
    done = subprocess.run(
        ["python3", "-m", "tlslint", "fix", "nginx/conf.d/legacy.conf"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert "legacy.conf" in done.stdout, done.stderr
    assert (root / "nginx/nginx.conf").read_text() == before


@pytest.mark.parametrize("order", [0, 1])
def test_argument_order_does_not_change_the_result(tmp_path: Path, order: int) -> None:
    root = git_repository(tmp_path)
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    paths = [root / "examples/nginx/conf.d/shop.conf", root / "examples/terraform/main.tf"]
    if order:
        paths.reverse()
    result = check(root, *paths)
    whole = check(root, root)
    wanted = {
        key(f)
        for f in whole.findings
        if f.path in {"examples/nginx/conf.d/shop.conf", "examples/terraform/main.tf"}
    }
    assert {key(f) for f in result.findings} == wanted


SITE = (
    "server {\n    listen 443 ssl;\n    server_name a.example.com;\n    ssl_protocols TLSv1.2;\n}\n"
)


def two_configs(root: Path) -> None:
    git_repository(root)
    write(root / ".tlslint.yaml", "profile: intermediate\n")
    write(root / "legacy/.tlslint.yaml", "profile: old\nignore: [TLS201]\n")
    write(root / "team/pyproject.toml", "[tool.tlslint]\nprofile = 'modern'\n")
    for directory in ("main", "legacy", "team"):
        write(root / directory / "conf.d/site.conf", SITE)


def rules_at(result: Result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in result.findings:
        out.setdefault(f.path, set()).add(f.rule_id)
    return out


def test_each_file_is_judged_under_its_nearest_configuration(tmp_path: Path) -> None:
    two_configs(tmp_path)
    result = check(tmp_path, tmp_path)
    whole = rules_at(result)
    messages = {f.path.split("/")[0]: f.message for f in result.findings if f.rule_id == "TLS103"}
    assert "modern profile" in messages["team"]
    assert "intermediate profile" in messages["main"]
    assert "TLS201" in whole["main/conf.d/site.conf"]
    assert "TLS201" not in whole["legacy/conf.d/site.conf"]
    files = [tmp_path / d / "conf.d/site.conf" for d in ("team", "legacy", "main")]
    for order in (files, files[::-1]):
        assert rules_at(check(tmp_path, *order)) == whole
    for path in files:
        rel = path.relative_to(tmp_path).as_posix()
        assert rules_at(check(tmp_path, path)) == {rel: whole[rel]}


def test_an_explicit_config_applies_to_every_file(tmp_path: Path) -> None:
    two_configs(tmp_path)
    from tlslint.pipeline.config import load_config

    config = load_config(tmp_path / "legacy/.tlslint.yaml")
    result = run(Options(paths=[tmp_path], root=tmp_path, config=config, now=NOW))
    assert not any(f.rule_id == "TLS201" for f in result.findings)
