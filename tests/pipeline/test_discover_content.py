"""Files whose names say nothing are analysed by content when named or opted in."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import lint
from tlslint.pipeline.config import Config
from tlslint.pipeline.run import Options, run
from tlslint.sources import SOURCES, by_content

NGINX = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n}\n"
TERRAFORM = """resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
}
"""
INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "site.conf.sample").write_text(NGINX, encoding="utf-8")
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "lb.tf.example").write_text(TERRAFORM, encoding="utf-8")
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "ingress.yaml.dist").write_text(INGRESS, encoding="utf-8")
    return tmp_path


def _rules(result: object, path: str) -> set[str]:
    return {f.rule_id for f in result.findings if f.path == path}  # type: ignore[attr-defined]


def test_content_decides_the_source_of_a_file_whose_name_says_nothing() -> None:
    assert by_content(NGINX.encode()) == "nginx"
    assert by_content(TERRAFORM.encode()) == "terraform"
    assert by_content(INGRESS.encode()) == "kubernetes"
    assert by_content(b"-----BEGIN CERTIFICATE-----\nMIIB\n") == "certificates"
    assert by_content(b"# just notes\nnothing to see\n") is None
    assert by_content(b"\x00\x01binary") is None
    # A name of a known format was judged by name already: not read as something else.
    assert by_content(NGINX.encode(), "README.md") is None
    assert by_content(b"steps:\n  - run: |\n      include x;\n      return 1;\n", "ci.yml") is None
    assert by_content(NGINX.encode(), "site.conf.sample") == "nginx"
    # Every source can say it, so no source is left out of named files.
    assert all(callable(getattr(s, "matches_content", None)) for s in SOURCES.values())


def test_a_repository_scan_skips_such_names(tmp_path: Path) -> None:
    result = lint(_repo(tmp_path))
    assert result.files == []


def test_files_named_on_the_command_line_are_analysed_by_their_content(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    named = [root / "deploy/site.conf.sample", root / "infra/lb.tf.example"]
    named.append(root / "k8s/ingress.yaml.dist")
    result = run(Options(paths=named, root=root, config=Config()))
    kinds = {f.path: f.kind for f in result.files}
    assert kinds == {
        "deploy/site.conf.sample": "nginx",
        "infra/lb.tf.example": "terraform",
        "k8s/ingress.yaml.dist": "kubernetes",
    }
    assert "TLS101" in _rules(result, "deploy/site.conf.sample")
    assert "TLS101" in _rules(result, "infra/lb.tf.example")
    assert "TLS601" in _rules(result, "k8s/ingress.yaml.dist")


def test_a_scan_reads_the_names_the_config_opts_in(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    config = Config(data={"include": ["*.conf.sample"]})
    result = run(Options(paths=[root], root=root, config=config))
    assert [(f.path, f.kind) for f in result.files] == [("deploy/site.conf.sample", "nginx")]
    assert "TLS101" in _rules(result, "deploy/site.conf.sample")
