"""The Terraform source: what a repository's HCL, JSON, tfvars and plans really configure."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import NOW, REPO, lint
from tlslint.model import CloudCertificateKey, Origin
from tlslint.pipeline.config import Config
from tlslint.pipeline.run import Options, run
from tlslint.sources.terraform import TERRAFORM


def repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return tmp_path


def findings(root: Path, rule: str | None = None) -> list[tuple[str, str, int, str, str]]:
    result = lint(root)
    return [
        (f.rule_id, f.path, f.line, f.severity.label, f.message)
        for f in result.findings
        if rule is None or f.rule_id == rule
    ]


LISTENER = """
resource "aws_lb_listener" "https" {
  protocol   = "HTTPS"
  ssl_policy = %s
}
"""


# --- which files are Terraform ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("main.tf", b"", True),
        ("main.tf.json", b"{}", True),
        ("prod.tfvars", b"", True),
        ("terraform.tfvars.json", b"{}", True),
        ("plan.json", b'{"format_version":"1.2","terraform_version":"1.9.0"}', True),
        ("package.json", b'{"name": "x", "version": "1.0.0"}', False),
        ("main.py", b"", False),
    ],
)
def test_claims_terraform_files_and_plans_by_name_and_content(
    name: str, head: bytes, claimed: bool
) -> None:
    assert TERRAFORM.claims(name, name, head) is claimed


# --- values ---------------------------------------------------------------------------------


def test_variable_default_decides_and_the_finding_points_at_the_attribute(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            variable "policy" {
              default = "ELBSecurityPolicy-TLS-1-1-2017-01"
            }
        """ + LISTENER % "var.policy",
    })  # fmt: skip
    [(_, path, line, severity, message)] = findings(root, "TLS101")
    assert (path, line, severity) == ("main.tf", 7, "high")
    assert "ELBSecurityPolicy-TLS-1-1-2017-01 enables TLSv1.1 to TLSv1.2" in message


def test_terraform_tfvars_and_auto_tfvars_override_defaults(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'variable "policy" { default = "ELBSecurityPolicy-2016-08" }\n'
        + LISTENER % "var.policy",
        "terraform.tfvars": 'policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"\n',
        "envs.auto.tfvars": "other = 1\n",
    })  # fmt: skip
    assert findings(root, "TLS101") == []


def test_other_tfvars_count_only_when_they_agree(tmp_path: Path) -> None:
    agree = repo(tmp_path / "agree", {
        "main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
        "prod.tfvars": 'policy = "ELBSecurityPolicy-2016-08"\n',
        "stage.tfvars": 'policy = "ELBSecurityPolicy-2016-08"\n',
    })  # fmt: skip
    assert [f[3] for f in findings(agree, "TLS101")] == ["high"]
    differ = repo(tmp_path / "differ", {
        "main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
        "prod.tfvars": 'policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"\n',
        "stage.tfvars": 'policy = "ELBSecurityPolicy-2016-08"\n',
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(differ, "TLS101")
    assert severity == "info"
    assert "prod.tfvars, stage.tfvars set different values" in message


def test_unresolved_variable_is_an_info_finding_not_a_guess(tmp_path: Path) -> None:
    root = repo(tmp_path, {"main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy"})
    result = lint(root)
    assert [(f.rule_id, f.severity.label, f.message) for f in result.findings] == [
        ("TLS101", "info", "cannot tell: ssl_policy depends on var.policy (no default)")
    ]


def test_locals_and_interpolation_resolve(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            locals {
              family = "ELBSecurityPolicy"
              policy = "${local.family}-TLS13-1-0-2021-06"
            }
        """ + LISTENER % "local.policy",
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "high" and "ELBSecurityPolicy-TLS13-1-0-2021-06" in message


def test_a_local_that_refers_to_itself_is_undecided_not_a_hang(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'locals {\n  a = local.b\n  b = local.a\n}\n' + LISTENER % "local.a",
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "info" and "refers to itself" in message


def test_local_module_inputs_are_followed_once_per_call(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            module "public" {
              source = "./modules/lb"
              policy = "ELBSecurityPolicy-2016-08"
            }
            module "internal" {
              source = "./modules/lb"
              policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
            }
        """,
        "modules/lb/main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
    })  # fmt: skip
    result = lint(root)
    bad = [f for f in result.findings if f.rule_id == "TLS101"]
    assert [(f.path, f.line, f.endpoint) for f in bad] == [
        ("modules/lb/main.tf", 5, "module.public.aws_lb_listener.https")
    ]


def test_an_uncalled_module_input_without_default_says_who_did_not_set_it(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'module "lb" {\n  source = "./modules/lb"\n}\n',
        "modules/lb/main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "info"
    assert "depends on var.policy (no default, not set by module.lb in main.tf)" in message


def test_remote_and_escaping_module_sources_are_not_followed_and_said(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            module "registry" {
              source = "terraform-aws-modules/alb/aws"
            }
            module "git" {
              source = "git::https://example.com/lb.git"
            }
            module "escape" {
              source = "../../elsewhere"
            }
        """,
    })  # fmt: skip
    messages = [f[4] for f in findings(root, "TLS001")]
    assert len(messages) == 3
    assert all("not followed" in m for m in messages)


def test_a_module_that_calls_itself_is_cut_and_said(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'module "a" {\n  source = "./a"\n}\n',
        "a/main.tf": 'module "again" {\n  source = "../a"\n}\n'
        + LISTENER % '"ELBSecurityPolicy-2016-08"',
    })  # fmt: skip
    result = lint(root)
    assert any("calls itself" in f.message for f in result.findings if f.rule_id == "TLS001")
    assert [f.endpoint for f in result.findings if f.rule_id == "TLS101"] == [
        "module.a.aws_lb_listener.https"
    ]


def test_a_root_module_that_calls_itself_is_judged_once_under_its_own_path(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'module "me" {\n  source = "./"\n}\n' + LISTENER % '"ELBSecurityPolicy-2016-08"',
    })  # fmt: skip
    result = lint(root)
    assert {f.path for f in result.findings} == {"main.tf"}  # never "./main.tf" as well
    assert len([f for f in result.findings if f.rule_id == "TLS101"]) == 1
    (cut,) = [f.message for f in result.findings if f.rule_id == "TLS001"]
    assert "calls itself through .;" in cut


def test_directories_that_only_call_each_other_are_still_judged(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'module "sub" {\n  source = "./sub"\n}\n'
        + LISTENER % '"ELBSecurityPolicy-2016-08"',
        "sub/main.tf": 'module "back" {\n  source = "../"\n}\n',
    })  # fmt: skip
    result = lint(root)
    assert [f.path for f in result.findings if f.rule_id == "TLS101"] == ["main.tf"]
    assert any("calls itself" in f.message for f in result.findings if f.rule_id == "TLS001")


def test_count_zero_resources_are_not_judged(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            variable "enabled" { default = false }
            resource "aws_lb_listener" "https" {
              count      = var.enabled ? 1 : 0
              protocol   = "HTTPS"
              ssl_policy = "ELBSecurityPolicy-2016-08"
            }
        """,
    })  # fmt: skip
    assert findings(root) == []


def test_dynamic_blocks_for_each_and_heredocs_are_read(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            variable "behaviours" { default = {} }
            resource "aws_cloudfront_distribution" "cdn" {
              for_each = toset(["a", "b"])
              comment  = <<-EOT
                managed by terraform
              EOT
              dynamic "ordered_cache_behavior" {
                for_each = var.behaviours
                content {
                  path_pattern           = ordered_cache_behavior.key
                  viewer_protocol_policy = "allow-all"
                }
              }
              viewer_certificate {
                cloudfront_default_certificate = true
              }
            }
        """,
    })  # fmt: skip
    rules = {f[0] for f in findings(root)}
    assert {"TLS101", "TLS205"} <= rules


# --- the peers' gaps (checkov and trivy TLS checks; fixtures in tests/fixtures/terraform/peers)


@pytest.mark.parametrize(
    "policy",
    [
        "ELBSecurityPolicy-TLS13-1-0-2021-06",
        "ELBSecurityPolicy-TLS13-1-1-2021-06",
        "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09",
        "ELBSecurityPolicy-FS-1-1-2019-08",
        "ELBSecurityPolicy-FS-2018-06",
    ],
)
def test_policies_named_tls13_or_fs_that_accept_old_versions_are_flagged(
    tmp_path: Path, policy: str
) -> None:
    root = repo(tmp_path, {"main.tf": LISTENER % f'"{policy}"'})
    [(_, _, line, severity, message)] = findings(root, "TLS101")
    assert (line, severity) == (3, "high") and f"managed policy {policy}" in message


def test_tls12_only_extended_policies_are_a_cipher_finding_not_a_protocol_one(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, {"main.tf": LISTENER % '"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06"'})
    rules = {f[0] for f in findings(root)}
    assert "TLS101" not in rules and {"TLS111", "TLS113"} <= rules


def test_unset_ssl_policy_names_the_default_that_applies(tmp_path: Path) -> None:
    root = repo(
        tmp_path, {"main.tf": 'resource "aws_lb_listener" "x" {\n  protocol = "HTTPS"\n}\n'}
    )
    messages = {f[0]: f[4] for f in findings(root)}
    assert "ELBSecurityPolicy-2016-08" in messages["TLS101"]
    assert "ELBSecurityPolicy-2016-08" in messages["TLS102"]


def test_gcp_proxy_without_ssl_policy_gets_googles_compatible_default(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "google_compute_ssl_policy" "strict" {
              name            = "strict"
              profile         = "RESTRICTED"
              min_tls_version = "TLS_1_2"
            }
            resource "google_compute_target_https_proxy" "attached" {
              name       = "attached"
              ssl_policy = google_compute_ssl_policy.strict.id
            }
            resource "google_compute_target_https_proxy" "bare" {
              name = "bare"
            }
        """,
    })  # fmt: skip
    result = lint(root)
    bad = [f for f in result.findings if f.rule_id in ("TLS101", "TLS111")]
    assert {f.endpoint for f in bad} == {"google_compute_target_https_proxy.bare"}
    assert any("COMPATIBLE" in f.message for f in bad)


def test_api_gateway_v2_domain_is_judged(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "aws_apigatewayv2_domain_name" "api" {
              domain_name = "api.example.com"
              domain_name_configuration {
                security_policy = "TLS_1_0"
              }
            }
        """,
    })  # fmt: skip
    assert [f[2] for f in findings(root, "TLS101")] == [4]


def test_front_door_minimum_tls_version(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "azurerm_cdn_frontdoor_custom_domain" "old" {
              host_name = "old.example.com"
              tls {
                minimum_tls_version = "TLS10"
              }
            }
            resource "azurerm_cdn_frontdoor_custom_domain" "new" {
              host_name = "new.example.com"
              tls {
                minimum_tls_version = "TLS12"
              }
            }
        """,
    })  # fmt: skip
    assert [f[2] for f in findings(root, "TLS101")] == [4]


def test_flexible_server_tls_parameters(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "azurerm_mysql_flexible_server_configuration" "tls" {
              name      = "tls_version"
              server_id = azurerm_mysql_flexible_server.db.id
              value     = "TLSv1.1,TLSv1.2"
            }
            resource "azurerm_mysql_flexible_server_configuration" "secure" {
              name      = "require_secure_transport"
              server_id = azurerm_mysql_flexible_server.db.id
              value     = "OFF"
            }
            resource "azurerm_postgresql_flexible_server_configuration" "min" {
              name      = "ssl_min_protocol_version"
              server_id = azurerm_postgresql_flexible_server.pg.id
              value     = "TLSv1.2"
            }
        """,
    })  # fmt: skip
    assert [(f[0], f[2]) for f in findings(root) if f[0] in ("TLS101", "TLS802")] == [
        ("TLS101", 4),
        ("TLS802", 9),
    ]


def test_missing_azure_minimum_versions_are_judged_by_the_provider_default(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "azurerm_redis_cache" "cache" {
              name = "cache"
            }
        """,
    })  # fmt: skip
    result = lint(root)
    assert [(f.rule_id, f.line) for f in result.findings] == [("TLS102", 1)]
    assert "'1.2'" in result.findings[0].message


# --- plan JSON and .tf.json -----------------------------------------------------------------


def test_plan_json_values_are_all_known(tmp_path: Path) -> None:
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {
            "root_module": {
                "child_modules": [
                    {
                        "address": "module.web",
                        "resources": [
                            {
                                "address": "module.web.aws_lb_listener.https",
                                "mode": "managed",
                                "type": "aws_lb_listener",
                                "name": "https",
                                "values": {
                                    "protocol": "HTTPS",
                                    "port": 443,
                                    "ssl_policy": "ELBSecurityPolicy-TLS-1-0-2015-04",
                                },
                            }
                        ],
                    }
                ]
            }
        },
    }
    root = repo(tmp_path, {"plan.json": json.dumps(plan, indent=2)})
    result = lint(root)
    bad = [f for f in result.findings if f.rule_id == "TLS101"]
    assert [(f.path, f.endpoint) for f in bad] == [
        ("plan.json", "module.web.aws_lb_listener.https")
    ]
    text = (root / "plan.json").read_text().splitlines()
    assert '"ssl_policy"' in text[bad[0].line - 1]
    assert any("3DES" in f.message for f in result.findings if f.rule_id == "TLS111")


def test_tf_json_attributes_have_their_lines(tmp_path: Path) -> None:
    doc = {
        "variable": {"policy": {"default": "ELBSecurityPolicy-2016-08"}},
        "resource": {
            "aws_lb_listener": {"https": {"protocol": "HTTPS", "ssl_policy": "${var.policy}"}}
        },
    }
    root = repo(tmp_path, {"main.tf.json": json.dumps(doc, indent=2)})
    [(_, path, line, _, _)] = findings(root, "TLS101")
    assert '"ssl_policy"' in (root / path).read_text().splitlines()[line - 1]


def test_a_large_generated_tf_json_is_read(tmp_path: Path) -> None:
    listeners = {
        f"l{i}": {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"}
        for i in range(20000)
    }
    listeners["bad"] = {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}
    text = json.dumps({"resource": {"aws_lb_listener": listeners}}, indent=1)
    assert len(text) > 2_000_000
    root = repo(tmp_path, {"big.tf.json": text})
    assert [f[0] for f in findings(root, "TLS101")] == ["TLS101"]


# --- bad input --------------------------------------------------------------------------------


def test_syntax_errors_are_tls000_with_a_line_and_the_other_files_are_judged(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, {
        "broken.tf": 'resource "aws_lb_listener" "x" {\n  protocol = "HTTPS"\n  ssl_policy = [\n',
        "good.tf": LISTENER % '"ELBSecurityPolicy-2016-08"',
    })  # fmt: skip
    result = lint(root)
    assert [(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id == "TLS000"] == [
        ("TLS000", "broken.tf", 3)
    ]
    assert "broken.tf" in result.model.incomplete
    assert any(f.rule_id == "TLS101" and f.path == "good.tf" for f in result.findings)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xef\xbb\xbf" + LISTENER.encode() % b'"ELBSecurityPolicy-2016-08"',
        b'resource "x" "y" {\r\n  a = "\xff\xfe"\r\n}\r\n',
        b"\x00\x01\x02binary",
        b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        b'locals { a = "${' * 300 + b"\n",
        b"}}}}{{{{ = = = \n",
    ],
    ids=["empty", "bom", "crlf-invalid-utf8", "binary", "deep", "unterminated", "garbage"],
)
def test_hostile_input_never_crashes(tmp_path: Path, content: bytes) -> None:
    root = repo(tmp_path, {"main.tf": content})
    result = lint(root)
    assert not any("internal error" in f.message for f in result.findings)


def test_private_key_material_never_appears_in_messages(tmp_path: Path) -> None:
    key_line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    root = repo(tmp_path, {
        "main.tf": 'resource "tls_private_key" "k" {\n  pem = "-----BEGIN PRIVATE KEY-----\n'
        + key_line + " {{{ \n",
    })  # fmt: skip
    result = lint(root)
    assert result.findings
    assert not any(key_line[:16] in f.message for f in result.findings)


# --- published facts -------------------------------------------------------------------------


def test_acm_key_algorithm_is_published_for_the_certificate_rules(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "aws_acm_certificate" "weak" {
              domain_name   = "example.com"
              key_algorithm = "RSA_1024"
            }
            resource "aws_acm_certificate" "default" {
              domain_name = "example.com"
            }
        """,
    })  # fmt: skip
    result = run(Options(paths=[root], root=root, config=Config(), now=NOW))
    keys = result.model.objects["cloud_certificate_keys"]
    assert all(isinstance(k, CloudCertificateKey) for k in keys)
    assert [(k.resource, k.kind, k.bits, k.algorithm.origin) for k in keys] == [
        ("aws_acm_certificate.weak", "RSA", 1024, Origin.WRITTEN),
        ("aws_acm_certificate.default", "RSA", 2048, Origin.DEFAULT),
    ]


def test_the_hcl_parser_is_not_imported_for_a_run_without_terraform(tmp_path: Path) -> None:
    (tmp_path / "nginx.conf").write_text("events {}\nhttp { server { listen 80; } }\n")
    code = (
        "import sys; from tlslint.cli import main; main(['check', sys.argv[1]]); "
        "print('tree_sitter' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=REPO
    )
    assert out.stdout.strip().endswith("False")


def test_var_files_from_the_config_count_like_terraform_tfvars(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        ".tlslint.yaml": "terraform:\n  var_files: [envs/prod.tfvars]\n",
        "envs/main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
        "envs/prod.tfvars": 'policy = "ELBSecurityPolicy-2016-08"\n',
        "envs/stage.tfvars": 'policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"\n',
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "high" and "ELBSecurityPolicy-2016-08" in message


def test_inline_pem_is_handed_to_the_certificates_source_and_never_echoed(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "aws_iam_server_certificate" "legacy" {
              name             = "legacy"
              certificate_body = <<-EOT
                -----BEGIN CERTIFICATE-----
                MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVCb2R5Tm90UmVhbDAKBggqhkjOPQQD
                -----END CERTIFICATE-----
              EOT
              private_key      = <<-EOT
                -----BEGIN PRIVATE KEY-----
                MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTm90QVJlYWxLZXk
                -----END PRIVATE KEY-----
              EOT
            }
        """,
    })  # fmt: skip
    result = run(Options(paths=[root], root=root, config=Config(), now=NOW))
    pems = result.model.objects["embedded_pem"]
    assert [(p.line, p.role, p.key) for p in pems] == [
        (3, "certificate", "terraform:aws_iam_server_certificate.legacy"),
        (8, "key", "terraform:aws_iam_server_certificate.legacy"),
    ]
    assert b"-----BEGIN PRIVATE KEY-----" in pems[1].data
    assert not any("MIGHAgEA" in f.message for f in result.findings)


def test_a_variable_whose_default_refers_to_itself_is_undecided(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'variable "p" {\n  default = var.p\n}\n' + LISTENER % "var.p",
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "info" and "var.p refers to itself" in message


def test_acm_certificate_names_join_the_endpoints_that_serve_them(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "aws_acm_certificate" "site" {
              domain_name               = "shop.example.com"
              subject_alternative_names = ["www.shop.example.com"]
            }
            resource "aws_cloudfront_distribution" "site" {
              aliases = ["shop.example.com", "cdn.example.com"]
              viewer_certificate {
                acm_certificate_arn      = aws_acm_certificate.site.arn
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
        """,
    })  # fmt: skip
    result = run(Options(paths=[root], root=root, config=Config(), now=NOW))
    [names] = result.model.objects["certificate_names"]
    assert names.key == "terraform:aws_acm_certificate.site"
    assert names.names == ("shop.example.com", "www.shop.example.com")
    [cdn] = [e for e in result.model.endpoints if e.kind == "aws_cloudfront_distribution"]
    assert [ref.key for ref in cdn.certificates] == [names.key]
    assert cdn.hosts == ("shop.example.com", "cdn.example.com")


def test_override_files_replace_what_they_set(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": LISTENER % '"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"',
        "main_override.tf": LISTENER % '"ELBSecurityPolicy-2016-08"',
    })  # fmt: skip
    [(_, path, line, severity, message)] = findings(root, "TLS101")
    assert (path, line, severity) == ("main_override.tf", 3, "high")
    assert "ELBSecurityPolicy-2016-08" in message


def test_workspace_dependent_values_say_so(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'locals {\n  p = "ELBSecurityPolicy-${terraform.workspace}"\n}\n'
        + LISTENER % "local.p",
    })  # fmt: skip
    [(_, _, _, severity, message)] = findings(root, "TLS101")
    assert severity == "info" and "terraform.workspace" in message


def test_state_json_from_terraform_show_is_read_like_a_plan(tmp_path: Path) -> None:
    state = {
        "format_version": "1.0",
        "terraform_version": "1.9.5",
        "values": {
            "root_module": {
                "resources": [
                    {
                        "address": "azurerm_storage_account.logs",
                        "mode": "managed",
                        "type": "azurerm_storage_account",
                        "name": "logs",
                        "values": {"min_tls_version": "TLS1_0", "https_traffic_only_enabled": True},
                    }
                ]
            }
        },
    }
    root = repo(tmp_path, {"state.json": json.dumps(state, indent=2)})
    [(_, path, line, _, _)] = findings(root, "TLS101")
    assert '"min_tls_version"' in (root / path).read_text().splitlines()[line - 1]


def test_parallel_extraction_finds_the_same(tmp_path: Path) -> None:
    from tests.helpers import FIXTURES

    peers = FIXTURES / "terraform" / "peers"
    one = lint(peers, jobs=1)
    two = lint(peers, jobs=2)
    key = lambda r: sorted((f.rule_id, f.path, f.line, f.message) for f in r.findings)  # noqa: E731
    assert key(one) == key(two) and len(one.findings) > 100


def test_indented_heredocs_lose_their_common_indentation(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": """
            resource "aws_iam_server_certificate" "c" {
              certificate_body = <<-EOT
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
              EOT
            }
        """,
    })  # fmt: skip
    result = run(Options(paths=[root], root=root, config=Config(), now=NOW))
    [pem] = result.model.objects["embedded_pem"]
    assert pem.data.decode().splitlines() == [
        "-----BEGIN CERTIFICATE-----",
        "MIIB",
        "-----END CERTIFICATE-----",
    ]


def test_checking_one_file_still_follows_its_local_modules(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "main.tf": 'module "lb" {\n  source = "./modules/lb"\n'
        '  policy = "ELBSecurityPolicy-2016-08"\n}\n',
        "modules/lb/main.tf": 'variable "policy" {}\n' + LISTENER % "var.policy",
    })  # fmt: skip
    # The module checked alone is judged with the value its caller passes…
    alone = run(Options(paths=[root / "modules/lb/main.tf"], root=root, config=Config(), now=NOW))
    assert [(f.rule_id, f.path) for f in alone.findings if f.rule_id in ("TLS001", "TLS101")] == [
        ("TLS101", "modules/lb/main.tf")
    ]
    # …and the caller checked alone gets the whole scan's findings at it, none of the module's.
    whole = run(Options(paths=[root], root=root, config=Config(), now=NOW))
    caller = run(Options(paths=[root / "main.tf"], root=root, config=Config(), now=NOW))
    assert [(f.rule_id, f.message) for f in caller.findings] == [
        (f.rule_id, f.message) for f in whole.findings if f.path == "main.tf"
    ]


def test_checking_one_file_reads_its_directorys_variables_and_tfvars(tmp_path: Path) -> None:
    root = repo(tmp_path, {
        "variables.tf": 'variable "policy" {\n  default = "ELBSecurityPolicy-2016-08"\n}\n',
        "terraform.tfvars": 'policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"\n',
        "other.tf": LISTENER % '"ELBSecurityPolicy-2016-08"',
        "main.tf": LISTENER.replace('"https"', '"main"') % "var.policy",
    })  # fmt: skip
    result = run(Options(paths=[root / "main.tf"], root=root, config=Config(), now=NOW))
    assert result.findings == []
    assert [f.path for f in result.files] == ["main.tf"]
