"""Findings on Terraform say what to write, in the resource's own attribute."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.helpers import lint


def _repo(tmp_path: Path, hcl: str, profile: str = "intermediate") -> Path:
    (tmp_path / "main.tf").write_text(textwrap.dedent(hcl))
    (tmp_path / ".tlslint.yaml").write_text(f"profile: {profile}\n")
    return tmp_path


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("intermediate", 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09".'),
        ("modern", 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09".'),
    ],
)
def test_elb_remedy_names_the_profiles_policy(tmp_path: Path, profile: str, expected: str) -> None:
    root = _repo(
        tmp_path,
        """
        resource "aws_lb_listener" "https" {
          protocol   = "HTTPS"
          ssl_policy = "ELBSecurityPolicy-2016-08"
        }
        """,
        profile,
    )
    [finding] = [f for f in lint(root).findings if f.rule_id == "TLS101"]
    assert finding.remediation == expected


@pytest.mark.parametrize(
    ("hcl", "expected"),
    [
        (
            'resource "azurerm_storage_account" "s" {\n  min_tls_version = "TLS1_0"\n}\n',
            'Set min_tls_version = "TLS1_2".',
        ),
        (
            'resource "azurerm_linux_web_app" "a" {\n  https_only = true\n'
            '  site_config {\n    minimum_tls_version = "1.1"\n  }\n}\n',
            'Set site_config.minimum_tls_version = "1.2".',
        ),
        (
            'resource "google_compute_ssl_policy" "p" {\n  profile = "MODERN"\n'
            '  min_tls_version = "TLS_1_0"\n}\n',
            'Attach a google_compute_ssl_policy with profile = "RESTRICTED" and '
            'min_tls_version = "TLS_1_2" (ssl_policy on the target proxy).',
        ),
        (
            'resource "aws_cloudfront_distribution" "d" {\n  viewer_certificate {\n'
            '    acm_certificate_arn = "arn:aws:acm:us-east-1:1:certificate/x"\n'
            '    minimum_protocol_version = "TLSv1.1_2016"\n  }\n}\n',
            'Set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021".',
        ),
    ],
    ids=["storage", "web-app", "gcp", "cloudfront"],
)
def test_protocol_remedy_is_written_in_the_resources_attribute(
    tmp_path: Path, hcl: str, expected: str
) -> None:
    root = _repo(tmp_path, hcl)
    [finding] = [f for f in lint(root).findings if f.rule_id == "TLS101"]
    assert finding.remediation == expected


def test_managed_policy_findings_name_the_policy_what_it_enables_and_the_replacement(
    tmp_path: Path,
) -> None:
    root = _repo(
        tmp_path,
        """
        resource "aws_lb_listener" "https" {
          protocol   = "HTTPS"
          ssl_policy = "ELBSecurityPolicy-TLS13-1-1-2021-06"
        }
        """,
    )
    findings = {f.rule_id: f for f in lint(root).findings}
    assert findings["TLS101"].message == (
        "TLSv1.1 is enabled (managed policy ELBSecurityPolicy-TLS13-1-1-2021-06 enables "
        "TLSv1.1 to TLSv1.3); the intermediate profile allows TLSv1.2 and TLSv1.3"
    )
    assert "recommends ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" in findings["TLS801"].message


def test_suppression_comments_work_in_hcl(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        """
        resource "aws_lb_listener" "https" {
          protocol   = "HTTPS"
          # tlslint: ignore[TLS101,TLS801] partner devices need TLS 1.1 until June
          ssl_policy = "ELBSecurityPolicy-TLS13-1-1-2021-06"
        }
        """,
    )
    result = lint(root)
    assert not [f for f in result.findings if f.rule_id in ("TLS101", "TLS801")]
    assert {s.finding.rule_id for s in result.suppressed} >= {"TLS101", "TLS801"}
