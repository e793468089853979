"""Cloud services (Terraform): outdated managed TLS policies and services that accept plain text.

Protocols and ciphers of managed policies are judged by the protocol and cipher rules, from
what the policy really enables; these two rules cover what has no nginx twin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tlslint.model import (
    MANAGED_TLS_POLICIES,
    TLS_REQUIREMENTS,
    FixIntent,
    Location,
    Origin,
    Setting,
    Severity,
)
from tlslint.rules.base import Context, Issue, rule

if TYPE_CHECKING:
    from tlslint.model.cloud import ManagedTlsPolicy, TlsRequirement


def _repair(setting_name: str, value: Any, setting: Setting[Any], site: Any) -> FixIntent | None:
    """The intent, when the source recorded where to write it (the object carries the site)."""
    if site is None:
        return None
    target: Location | None = None if setting.is_default else setting.location
    return FixIntent(setting_name, value, target)


@rule(
    "TLS801",
    "managed-policy-outdated",
    Severity.INFO,
    "A managed TLS policy older than the policy's recommended one",
    subject=MANAGED_TLS_POLICIES,
    sources=("terraform",),
    standard="provider guidance (AWS, Azure, Google, Alibaba Cloud security policy pages)",
    fix="safe",
)
def MANAGED_POLICY_OUTDATED(policy: ManagedTlsPolicy, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A managed TLS policy — AWS ELB `ssl_policy`, CloudFront `minimum_protocol_version`, API
    Gateway `security_policy`, OpenSearch `tls_security_policy`, Transfer Family
    `security_policy_name`, Azure Application Gateway `policy_name` — that a newer policy of the
    same family supersedes, whether written or applied by default. It fires even when the
    protocol set passes, and names the replacement recommended under the active profile.

    Why it matters
    ---
    Providers do not change a policy once published: improvements (forward secrecy only,
    GCM only, hybrid post-quantum key exchange) arrive as new policy names. A configuration that
    keeps an old name never gets them, and the old names are the ones that accept TLS 1.0 and
    CBC-SHA1 suites.

    Severity
    ---
    Info: an advisory; what the old policy really enables is judged by the protocol and
    cipher rules, so a superseded policy that enables nothing weak fails nothing.

    Example
    ---
    ```hcl
    resource "aws_lb_listener" "https" {
      protocol   = "HTTPS"
      ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    }
    ```

    Use instead
    ---
    ```hcl
    resource "aws_lb_listener" "https" {
      protocol   = "HTTPS"
      ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
    }
    ```

    References
    ---
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
    - https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview
    - https://cloud.google.com/load-balancing/docs/ssl-policies-concepts
    - https://www.alibabacloud.com/help/en/slb/classic-load-balancer/user-guide/tls-security-policies
    """
    if not policy.superseded_by or dict(policy.recommended).get(ctx.policy.profile) == policy.name:
        return
    recommended = dict(policy.recommended).get(ctx.policy.profile) or policy.superseded_by
    how = "is applied by default" if policy.setting.origin is Origin.DEFAULT else "is used"
    intent = _repair("managed_policy", recommended, policy.setting, policy.site)
    yield Issue(
        f"{policy.name} {how}; it is superseded by {policy.superseded_by}, and the "
        f"{ctx.policy.profile} profile recommends {recommended}",
        policy.setting.location,
        f'Set {policy.attribute} = "{recommended}".',
        endpoint=policy.endpoint,
        context=f"{policy.endpoint} {policy.name}",
        intent=intent,
    )


@rule(
    "TLS802",
    "tls-not-enforced",
    Severity.HIGH,
    "A service accepts plain connections where TLS could be required",
    subject=TLS_REQUIREMENTS,
    sources=("terraform",),
    standard="RFC 9325 3.2 (TLS wherever possible); CIS AWS/Azure/GCP Foundations; "
    "PCI DSS 4.0 4.2.1",
    fix="safe",
)
def TLS_NOT_ENFORCED(req: TlsRequirement, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Cloud services that accept unencrypted connections although they can refuse them:
    `enforce_https = false` on OpenSearch, App Services without `https_only`, storage accounts
    allowing HTTP, database servers without SSL enforcement (`ssl_enforcement_enabled`,
    `require_secure_transport`, `rds.force_ssl`, Cloud SQL `ssl_mode`), Redis non-TLS ports,
    cache and broker clusters without in-transit encryption, CloudFront origins reached over
    HTTP, FTP on Transfer Family servers, load balancers that only listen on HTTP. Absent
    attributes are judged by the provider's default. When the value depends on something the
    repository does not decide, the finding is informational and says what it depends on.

    Why it matters
    ---
    A service that accepts plain text will receive it: one misconfigured client, library
    default or connection string is enough to send credentials and data in clear text across
    networks the organisation does not control.

    Severity
    ---
    High: a service that accepts plain connections receives credentials and data in clear
    text from any misconfigured client; CIS benchmarks and PCI DSS 4.2.1 count it.

    Example
    ---
    ```hcl
    resource "azurerm_storage_account" "logs" {
      https_traffic_only_enabled = false
    }
    ```

    Use instead
    ---
    ```hcl
    resource "azurerm_storage_account" "logs" {
      https_traffic_only_enabled = true
      min_tls_version            = "TLS1_2"
    }
    ```

    References
    ---
    - https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer
    - https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html
    - https://cloud.google.com/sql/docs/postgres/configure-ssl-instance
    - https://www.rfc-editor.org/rfc/rfc9325#section-3.2
    - https://www.cisecurity.org/cis-benchmarks
    """
    setting = req.enforced
    if setting.value is None:
        yield Issue(
            f"cannot tell whether {req.service} requires TLS: {req.reason}",
            setting.location,
            req.remedy,
            severity=Severity.INFO,
            endpoint=req.resource,
            context=f"{req.resource} {req.service} undecided",
        )
        return
    if setting.value:
        return
    why = f" ({setting.note})" if setting.origin is Origin.DEFAULT and setting.note else ""
    intent = _repair("enforce", True, setting, req.site)
    yield Issue(
        f"{req.resource} does not require TLS for {req.service}{why}",
        setting.location,
        req.remedy,
        endpoint=req.resource,
        context=f"{req.resource} {req.service}",
        intent=intent,
    )
