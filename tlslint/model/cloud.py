"""The cloud part of the model, published by the Terraform source (kinds declared in
:mod:`tlslint.model`): read by rules/cloud.py and by the certificates family."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from tlslint.model import Setting


@dataclass(frozen=True)
class ManagedTlsPolicy:
    """A managed TLS policy chosen for an endpoint (``MANAGED_TLS_POLICIES``).

    ``superseded_by`` names the newer policy of the same family when this one is outdated;
    ``recommended`` maps each profile to the policy tlslint suggests for it.
    """

    endpoint: str  # the endpoint's name, e.g. "aws_lb_listener.https"
    family: str  # "aws_elbv2", "aws_cloudfront", "azure_appgw", …
    name: str
    setting: Setting[str]
    attribute: str  # how to write it: 'ssl_policy', 'viewer_certificate.minimum_protocol_version'
    superseded_by: str | None = None
    recommended: tuple[tuple[str, str], ...] = ()  # (profile, policy name)
    # Where the source can write the replacement (a source-specific site), or None.
    site: Any = field(default=None, compare=False, repr=False)
    # The source that writes its fixes (run._apply_rules asks it).
    source: ClassVar[str] = "terraform"


@dataclass(frozen=True)
class TlsRequirement:
    """Whether a cloud service refuses plain connections (``TLS_REQUIREMENTS``).

    ``enforced`` is None when it cannot be told from the repository; ``reason`` then says
    what it depends on ("depends on var.x (no default)").
    """

    resource: str  # "aws_opensearch_domain.search"
    kind: str  # resource type
    service: str  # for messages: "OpenSearch domain endpoint"
    enforced: Setting[bool | None]
    remedy: str  # 'Set domain_endpoint_options.enforce_https = true'
    reason: str = ""
    # Where the source can write the enforcing value (a source-specific site), or None.
    site: Any = field(default=None, compare=False, repr=False)
    # The source that writes its fixes (run._apply_rules asks it).
    source: ClassVar[str] = "terraform"


@dataclass(frozen=True)
class CloudCertificateKey:
    """A key algorithm requested from a cloud CA (``CLOUD_CERTIFICATE_KEYS``).

    Published for the certificates family (weak-certificate-key): ``algorithm`` as written,
    e.g. "RSA_1024", "EC_prime256v1"; ``kind`` and ``bits`` parsed from it when known.
    """

    resource: str  # "aws_acm_certificate.site"
    algorithm: Setting[str]
    kind: str | None  # "RSA" | "EC" | None
    bits: int | None
