"""What a finding on a Terraform resource says to write: one phrasing per kind of knob.

The source records on each endpoint the knob that decides its TLS (the ``knob`` of its fix
anchor): a managed-policy family, a list of per-version values, a GCP SSL policy, API
Management's per-protocol flags.
"""

from __future__ import annotations

from typing import Any

from tlslint.model import FixIntent
from tlslint.model.policy import Policy


def _cloudfront_hsts(max_age: int) -> str:
    return (
        "Set response_headers_policy_id on the default cache behaviour to an "
        "aws_cloudfront_response_headers_policy with security_headers_config { "
        f"strict_transport_security {{ access_control_max_age_sec = {max_age} "
        "include_subdomains = true override = true } }."
    )


def remedy(intent: FixIntent, knob: dict[str, Any], policy: Policy) -> str | None:
    """The sentence for an intent on an endpoint whose TLS the knob decides."""
    match intent.setting:
        case "protocols":
            return protocols(knob, policy)
        case "ciphers":
            return ciphers(knob, policy)
        case "hsts":
            return _cloudfront_hsts(intent.value.max_age)
        case "redirect":  # a listener serving plain HTTP: how this resource redirects
            plain = knob.get("plain")
            return str(plain) if plain else None
    return None


def protocols(knob: dict[str, Any], policy: Policy) -> str | None:
    from tlslint.sources.terraform.fixes import policy_literal, value_literal

    if knob.get("gcp"):
        minimum = "TLS_1_3" if policy.min_protocol == "TLSv1.3" else "TLS_1_2"
        return (
            'Attach a google_compute_ssl_policy with profile = "RESTRICTED" and '
            f'min_tls_version = "{minimum}" (ssl_policy on the target proxy).'
        )
    family = knob.get("family")
    literal = policy_literal(family, policy.profile) if family else None
    if literal is not None:
        return f"Set {knob['attribute']} = {literal[1]}."
    if knob.get("values"):
        literal = value_literal(knob, policy.tls_versions)
        if literal is None:
            return None
        if knob.get("parameter") and not knob.get("list"):
            return f"Set the {knob['parameter']} server parameter to {literal[1]}."
        return f"Set {knob['attribute']} = {literal[1]}."
    if knob.get("apim"):
        return (
            "Set the frontend SSL 3.0, TLS 1.0 and TLS 1.1 flags in security {} to false "
            "(enable_frontend_* or frontend_*_enabled)."
        )
    return None


def ciphers(knob: dict[str, Any], policy: Policy) -> str | None:
    if knob.get("family") == "azure_appgw":
        from tlslint.sources.terraform.fixes import policy_literal

        literal = policy_literal("azure_appgw", policy.profile)
        name = literal[1] if literal else '"None"'
        return f'Use ssl_policy {{ policy_type = "Predefined" policy_name = {name} }}.'
    return protocols(knob, policy)
