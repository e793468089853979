"""`tlslint fix` on Terraform: the value of the attribute that decides, and nothing else.

A literal is replaced by the value the remediation names for the active profile; an unset
attribute is added to its block when the provider default decides; a value that comes from a
variable, a local, a module input or an interpolation is left to a person, as are `.tf.json`
files and plans.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO
from tlslint.cli import main
from tlslint.sources.terraform import TERRAFORM

ALB = """\
# Public entry point.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08" # the console's default
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shop"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.shop.arn
  }
}

resource "aws_lb_listener" "admin" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/admin"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}
"""

ALB_FIXED = """\
# Public entry point.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" # the console's default
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shop"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.shop.arn
  }
}

resource "aws_lb_listener" "admin" {
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
  load_balancer_arn = aws_lb.public.arn
  port              = 8443
  protocol          = "HTTPS"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/admin"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}
"""

CLOUDFRONT = """\
resource "aws_cloudfront_response_headers_policy" "security" {
  name = "security-headers"
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 86400 # one day while testing
      include_subdomains         = true
      override                   = true
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["shop.example.com"]

  origin {
    domain_name = "origin.shop.example.com"
    origin_id   = "origin"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.1", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "origin"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "origin"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/edge"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2019"
  }
}

resource "aws_cloudfront_distribution" "docs" {
  enabled = true
  aliases = ["docs.example.com"]

  viewer_certificate {
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/docs"
    ssl_support_method  = "sni-only"
  }
}
"""

CLOUDFRONT_FIXED = """\
resource "aws_cloudfront_response_headers_policy" "security" {
  name = "security-headers"
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000 # one day while testing
      include_subdomains         = true
      override                   = true
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["shop.example.com"]

  origin {
    domain_name = "origin.shop.example.com"
    origin_id   = "origin"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "origin"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "origin"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/edge"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "docs" {
  enabled = true
  aliases = ["docs.example.com"]

  viewer_certificate {
    minimum_protocol_version = "TLSv1.2_2021"
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/docs"
    ssl_support_method  = "sni-only"
  }
}
"""

AZURE = """\
resource "azurerm_storage_account" "exports" {
  name                       = "shopexports"
  min_tls_version            = "TLS1_0"
  https_traffic_only_enabled = false
}

resource "azurerm_linux_web_app" "api" {
  name = "shop-api"

  site_config {
    minimum_tls_version = "1.1"
  }
}

resource "azurerm_mssql_server" "orders" {
  name                = "orders"
  minimum_tls_version = "1.0"
}
"""

AZURE_FIXED = """\
resource "azurerm_storage_account" "exports" {
  name                       = "shopexports"
  min_tls_version            = "TLS1_2"
  https_traffic_only_enabled = true
}

resource "azurerm_linux_web_app" "api" {
  https_only = true
  name = "shop-api"

  site_config {
    minimum_tls_version = "1.2"
  }
}

resource "azurerm_mssql_server" "orders" {
  name                = "orders"
  minimum_tls_version = "1.2"
}
"""

# Services that accept plain text (TLS802) and an outdated managed policy (TLS801).
ENFORCE = """\
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  domain_endpoint_options {
    enforce_https       = false
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
  }
}

resource "azurerm_redis_cache" "sessions" {
  name                 = "sessions"
  non_ssl_port_enabled = true
  minimum_tls_version  = "1.2"
}

resource "azurerm_postgresql_server" "orders" {
  name                             = "orders"
  ssl_enforcement_enabled          = false
  ssl_minimal_tls_version_enforced = "TLS1_2"
}

resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = false
    }
  }
}
"""

ENFORCE_FIXED = """\
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

resource "azurerm_redis_cache" "sessions" {
  name                 = "sessions"
  non_ssl_port_enabled = false
  minimum_tls_version  = "1.2"
}

resource "azurerm_postgresql_server" "orders" {
  name                             = "orders"
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_2"
}

resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ssl_mode     = "ENCRYPTED_ONLY"
      ipv4_enabled = false
    }
  }
}
"""

# Values a person decides: a variable (even with a default), a local, an interpolation.
COMPUTED = """\
variable "policy" {
  type    = string
  default = "ELBSecurityPolicy-2016-08"
}

locals {
  minimum = "TLS1_0"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.policy
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/shop"
}

resource "azurerm_storage_account" "exports" {
  name            = "shopexports"
  min_tls_version = local.minimum
}

resource "azurerm_mssql_server" "orders" {
  name                = "orders"
  minimum_tls_version = "${local.minimum == "TLS1_0" ? "1.0" : "1.2"}"
}
"""


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    main(["check", "--format", "json", "--now", "2026-06-01", str(root)])
    return json.loads(capsys.readouterr().out)["findings"]  # type: ignore[no-any-return]


def left(capsys: pytest.CaptureFixture[str], root: Path) -> set[tuple[str, int, str]]:
    return {(str(f["path"]), int(f["line"]), str(f["rule"])) for f in findings(capsys, root)}  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("name", "before", "after", "manual"),
    [
        ("lb.tf", ALB, ALB_FIXED, set()),
        ("cdn.tf", CLOUDFRONT, CLOUDFRONT_FIXED, set()),
        ("azure.tf", AZURE, AZURE_FIXED, set()),
        # a single-node domain: no node-to-node traffic, so nothing is left for a person
        ("data.tf", ENFORCE, ENFORCE_FIXED, set()),
    ],
    ids=["alb-ssl-policy", "cloudfront", "azure-min-tls", "tls-enforced"],
)
def test_fix_writes_the_recommended_value_into_the_deciding_attribute(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    before: str,
    after: str,
    manual: set[tuple[int, str]],
) -> None:
    """ALB ssl_policy replaced (comment kept) and inserted where AWS's default decided, lined
    up with the next attribute; CloudFront minimum_protocol_version replaced and inserted into
    viewer_certificate, origin_ssl_protocols narrowed, an allow-all behaviour redirected, the
    response headers policy's HSTS max-age raised;
    Azure minimum versions raised, https_traffic_only_enabled and https_only enforced;
    OpenSearch enforce_https and policy, Redis non-TLS port, PostgreSQL SSL enforcement, and
    Cloud SQL ssl_mode added to the existing ip_configuration."""
    (tmp_path / name).write_text(before)
    code, out, _ = run_cli(capsys, "fix", "--unsafe-fixes", str(tmp_path))
    assert f"fixed {name}" in out
    assert (tmp_path / name).read_text() == after
    assert {(line, rule) for _, line, rule in left(capsys, tmp_path)} == manual
    assert code == (1 if manual else 0)


def test_the_profile_decides_the_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".tlslint.yaml").write_text("profile: modern\n")
    (tmp_path / "lb.tf").write_text(ALB)
    run_cli(capsys, "fix", str(tmp_path))
    text = (tmp_path / "lb.tf").read_text()
    assert text.count('ssl_policy        = "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"') == 2
    assert not left(capsys, tmp_path)


def test_values_from_variables_locals_and_interpolations_are_left_to_a_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.tf").write_text(COMPUTED)
    before = left(capsys, tmp_path)
    assert {(line, rule) for _, line, rule in before} >= {(14, "TLS101"), (20, "TLS101")}
    assert all(f.get("fix") is None for f in findings(capsys, tmp_path))
    _, out, _ = run_cli(capsys, "fix", str(tmp_path))
    assert out.startswith("0 files were fixed")
    assert (tmp_path / "main.tf").read_text() == COMPUTED
    assert left(capsys, tmp_path) == before


def test_fixing_twice_changes_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (("lb.tf", ALB), ("cdn.tf", CLOUDFRONT), ("azure.tf", AZURE)):
        (tmp_path / name).write_text(text)
    run_cli(capsys, "fix", str(tmp_path))
    once = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _, out, _ = run_cli(capsys, "fix", str(tmp_path))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == once
    assert out.startswith("0 files were fixed")


def test_diff_prints_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lb.tf").write_text(ALB)
    _, out, err = run_cli(capsys, "fix", "--diff", str(tmp_path))
    assert (tmp_path / "lb.tf").read_text() == ALB
    assert out.startswith("--- a/lb.tf\n+++ b/lb.tf\n")
    assert '-  ssl_policy        = "ELBSecurityPolicy-2016-08" # the console\'s default\n' in out
    assert (
        '+  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" '
        "# the console's default\n"
    ) in out
    assert '+  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"\n' in out
    assert "1 file would be fixed" in err


def test_comments_crlf_and_bom_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lb = tmp_path / "lb.tf"
    lb.write_bytes(b"\xef\xbb\xbf" + ALB.replace("\n", "\r\n").encode())
    run_cli(capsys, "fix", str(tmp_path))
    assert lb.read_bytes() == b"\xef\xbb\xbf" + ALB_FIXED.replace("\n", "\r\n").encode()


def test_a_file_with_an_hcl_syntax_error_is_left_alone_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The listeners still parse (and carry fixes); the file as a whole does not.
    broken = ALB + 'resource "aws_lb" "public" {\n  name = "shop"\n'
    (tmp_path / "lb.tf").write_text(broken)
    _, out, err = run_cli(capsys, "fix", str(tmp_path))
    assert (tmp_path / "lb.tf").read_text() == broken
    assert "lb.tf: not fixed: syntax error: '{' is never closed (line 26)" in err
    assert out.startswith("0 files were fixed")
    assert "TLS000" in out


def test_terraform_json_is_not_edited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listener = {
        "resource": {
            "aws_lb_listener": {
                "https": {
                    "port": 443,
                    "protocol": "HTTPS",
                    "ssl_policy": "ELBSecurityPolicy-2016-08",
                }
            }
        }
    }
    text = json.dumps(listener, indent=2) + "\n"
    (tmp_path / "lb.tf.json").write_text(text)
    assert left(capsys, tmp_path)
    run_cli(capsys, "fix", str(tmp_path))
    assert (tmp_path / "lb.tf.json").read_text() == text


def test_check_syntax_refuses_what_terraform_would_refuse() -> None:
    assert TERRAFORM.check_syntax(ALB_FIXED, "lb.tf") is None
    assert "syntax error" in str(TERRAFORM.check_syntax(ALB + "resource {\n", "lb.tf"))
    twice = ALB.replace("  port              = 443\n", "  port = 443\n  port = 8443\n", 1)
    assert TERRAFORM.check_syntax(twice, "lb.tf") == (
        "line 5: attribute 'port' is set twice in one block"
    )
    assert TERRAFORM.check_syntax("{", "lb.tf.json")


# What `tlslint fix` cannot decide in examples/terraform, and why (path, line, rule).
EXAMPLES_LEFT = {
    # ssl_policy = var.listener_policy: the variable's default is shared, a person decides
    # where the value should change (the default, a tfvars file, the listener).
    *{("main.tf", 28, rule) for rule in ("TLS101", "TLS111", "TLS112", "TLS113", "TLS801")},
    # the HTTP listener forwards: a redirect is a new default_action, not a value.
    ("main.tf", 37, "TLS205"),
    # ssl_policy = var.internal_policy has no value at all (an info finding).
    ("main.tf", 61, "TLS101"),
    # the GCP proxy has no SSL policy: attaching one is choosing a resource.
    *{("main.tf", 106, rule) for rule in ("TLS101", "TLS102", "TLS111", "TLS112", "TLS113")},
    # Cloud SQL: ssl_mode belongs in settings.ip_configuration, which does not exist.
    ("main.tf", 112, "TLS802"),
    # origin_protocol_policy = "http-only": HTTPS to the origin needs a certificate there.
    ("modules/edge/main.tf", 31, "TLS802"),
    # minimum_protocol_version = var.min_version: a module input, set by the caller.
    ("modules/edge/main.tf", 61, "TLS112"),
    ("modules/edge/main.tf", 61, "TLS801"),
    # a plan is Terraform's output: fix the configuration that produced it.
    ("envs/prod/plan.json", 16, "TLS802"),
    # (Policy-Min-TLS-1-0-2019-07 keeps CBC-SHA1 and static-RSA suites besides TLS 1.0)
    *{
        ("envs/prod/plan.json", 17, rule)
        for rule in ("TLS101", "TLS111", "TLS112", "TLS113", "TLS801")
    },
}


def test_examples_after_fix_keep_only_findings_without_an_automatic_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "terraform"
    shutil.copytree(REPO / "examples" / "terraform", copy)
    _, out, _ = run_cli(capsys, "fix", "--unsafe-fixes", str(copy))
    assert "fixed main.tf" in out and "fixed modules/edge/main.tf" in out
    assert left(capsys, copy) == EXAMPLES_LEFT
    assert all(f.get("fix") is None for f in findings(capsys, copy))
    assert (copy / "envs/prod/plan.json").read_bytes() == (
        REPO / "examples/terraform/envs/prod/plan.json"
    ).read_bytes()
