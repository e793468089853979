"""How to write a setting in each source's own language, for remediation sentences.

Rules decide *what* must change; this module says *how* to write it where the endpoint lives,
so a rule stays one function for every source. Later sources add their entries.
"""

from __future__ import annotations

from tlslint.linter.model import Endpoint
from tlslint.linter.policy import Policy


def protocols(endpoint: Endpoint, policy: Policy) -> str:
    versions = " ".join(policy.tls_versions)
    if endpoint.source == "nginx":
        return f"Set `ssl_protocols {versions};`."
    if endpoint.source == "haproxy":
        lowest = policy.tls_versions[0] if policy.tls_versions else "TLSv1.2"
        lowest = "TLSv1.0" if lowest == "TLSv1" else lowest
        return (
            f"Set `ssl-min-ver {lowest}` in `ssl-default-bind-options` (global) or on the "
            "`bind` line, and drop `force-*`/`ssl-max-ver` below it."
        )
    if endpoint.product == "ingress-nginx":
        return f'Set `ssl-protocols: "{versions}"` in the ingress-nginx controller ConfigMap.'
    if endpoint.product == "traefik":
        return f"Set `minVersion: {_traefik_version(policy)}` in the TLSOption."
    if endpoint.source == "terraform":
        return terraform_protocols(endpoint, policy) or f"Allow only {versions}."
    return f"Allow only {versions}."


def ciphers(endpoint: Endpoint, policy: Policy) -> str:
    if not policy.ciphers:
        return f"Disable TLS 1.2 and below; the {policy.profile} profile uses TLS 1.3 suites only."
    listed = ":".join(policy.ciphers)
    if endpoint.source == "nginx":
        return f"Set `ssl_ciphers {listed};`."
    if endpoint.source == "haproxy":
        return f"Set `ssl-default-bind-ciphers {listed}` (or `ciphers` on the `bind` line)."
    if endpoint.product == "ingress-nginx":
        where = "annotation" if endpoint.kind == "Ingress" else "ConfigMap key"
        return (
            f'Set `ssl-ciphers: "{listed}"` (the `nginx.ingress.kubernetes.io/ssl-ciphers` '
            f"{where}, or the controller ConfigMap)."
        )
    if endpoint.product == "traefik":
        return "List only the profile's suites, by IANA name, in the TLSOption's `cipherSuites`."
    if endpoint.source == "terraform":
        return (
            terraform_ciphers(endpoint, policy)
            or f"Allow only the {policy.profile} profile's suites: {listed}."
        )
    return f"Allow only the {policy.profile} profile's suites: {listed}."


def prefer_server_ciphers(endpoint: Endpoint, policy: Policy) -> str:
    value = "on" if policy.server_preferred_order else "off"
    if endpoint.source == "nginx":
        return f"Set `ssl_prefer_server_ciphers {value};`."
    if endpoint.source == "haproxy":
        if policy.server_preferred_order:
            return "Remove `prefer-client-ciphers` from the `bind` line and the global options."
        return "Add `prefer-client-ciphers` to `ssl-default-bind-options` or the `bind` line."
    if endpoint.product == "ingress-nginx":
        flag = "true" if policy.server_preferred_order else "false"
        each = "each Ingress with " if endpoint.kind == "ingress-nginx ConfigMap" else ""
        return f'Annotate {each}`nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "{flag}"`.'
    return f"Set server cipher preference {value}."


def hsts(endpoint: Endpoint, policy: Policy) -> str:
    header = f"max-age={policy.hsts_min_age}; includeSubDomains"
    if endpoint.source == "nginx":
        return f'Add `add_header Strict-Transport-Security "{header}" always;` to the server.'
    if endpoint.source == "haproxy":
        return (
            f'Add `http-response set-header Strict-Transport-Security "{header}"` to the frontend.'
        )
    if endpoint.product == "ingress-nginx":
        return (
            f'Set `hsts: "true"` and `hsts-max-age: "{policy.hsts_min_age}"` in the '
            "ingress-nginx controller ConfigMap."
        )
    if endpoint.source == "terraform":
        return (
            "Set response_headers_policy_id on the default cache behaviour to an "
            "aws_cloudfront_response_headers_policy with security_headers_config { "
            f"strict_transport_security {{ access_control_max_age_sec = {policy.hsts_min_age} "
            "include_subdomains = true override = true } }."
        )
    return f"Send `Strict-Transport-Security: {header}`."


def curves(endpoint: Endpoint, policy: Policy) -> str:
    listed = ":".join(c for c in policy.tls_curves if c != "X25519MLKEM768") or "X25519:prime256v1"
    if endpoint.source == "nginx":
        return f"Set `ssl_ecdh_curve {listed};` (add X25519MLKEM768 first with OpenSSL 3.5+)."
    if endpoint.source == "haproxy":
        return f"Set `ssl-default-bind-curves {listed}` (or `curves` on the `bind` line)."
    if endpoint.product == "ingress-nginx":
        return f'Set `ssl-ecdh-curve: "{listed}"` in the ingress-nginx controller ConfigMap.'
    if endpoint.product == "traefik":
        return "Set `curvePreferences: [X25519, CurveP256, CurveP384]` in the TLSOption."
    return f"Allow only the groups {listed}."


# -- certificates and keys (the certificates source) ----------------------------------------


def renew_certificate(where: str, origin: str) -> str:
    """How to replace a certificate: in its file, or in the Secret / heredoc that holds it."""
    if origin.startswith("Secret"):
        return (
            f"Renew the certificate and update the {origin.split(',')[0]} (or let cert-manager "
            "issue and renew it)."
        )
    if origin:
        return f"Renew the certificate and replace it in {origin}."
    return f"Issue a new certificate and replace {where}; automate renewal (ACME, cert-manager)."


def reissue_certificate(what: str, origin: str, where: str) -> str:
    """How to get a certificate re-issued with different properties."""
    target = origin.split(",")[0] if origin else where
    return f"Have the certificate re-issued with {what}, and replace {target}."


def remove_private_key(where: str, origin: str) -> str:
    if origin.startswith("Secret"):
        return (
            f"Take the key out of the manifest ({origin.split(',')[0]}): create the Secret at "
            "deploy time (cert-manager, External Secrets, SealedSecrets or SOPS), rotate the key "
            "and re-issue its certificate, and purge it from the Git history."
        )
    return (
        f"Remove {where} from the repository and its history (git filter-repo), rotate the key "
        "and re-issue its certificate, and load keys at deploy time from a secret store; add "
        "the path to .gitignore."
    )


def reencrypt_private_key(where: str) -> str:
    return (
        f"Re-encrypt {where} with PBES2/AES-256 (`openssl pkcs8 -topk8 -v2 aes-256-cbc "
        "-iter 600000`), or better, keep it out of the repository."
    )


# --- Terraform: one phrasing per kind of knob (endpoint.extra["knob"], set by the source) ---


def _terraform_minimum(values: dict[str, str], policy: Policy) -> str | None:
    from tlslint.linter.policy import protocol_rank

    for version in sorted(policy.tls_versions, key=protocol_rank):
        if version in values:
            return values[version]
    return None


def terraform_protocols(endpoint: Endpoint, policy: Policy) -> str | None:
    knob = endpoint.extra.get("knob") or {}
    if knob.get("gcp"):
        minimum = "TLS_1_3" if policy.min_protocol == "TLSv1.3" else "TLS_1_2"
        return (
            'Attach a google_compute_ssl_policy with profile = "RESTRICTED" and '
            f'min_tls_version = "{minimum}" (ssl_policy on the target proxy).'
        )
    family = knob.get("family")
    if family:
        from tlslint.linter.sources.terraform.tables import recommended

        name = recommended(family, policy.profile)
        if name:
            return f'Set {knob["attribute"]} = "{name}".'
    values = knob.get("values")
    if values:
        value = _terraform_minimum(values, policy)
        if value is None:
            return None
        if knob.get("list"):
            return f'Set {knob["attribute"]} = ["{value}"].'
        if knob.get("parameter"):
            return f'Set the {knob["parameter"]} server parameter to "{value}".'
        return f'Set {knob["attribute"]} = "{value}".'
    if knob.get("apim"):
        return (
            "Set the frontend SSL 3.0, TLS 1.0 and TLS 1.1 flags in security {} to false "
            "(enable_frontend_* or frontend_*_enabled)."
        )
    return None


def terraform_ciphers(endpoint: Endpoint, policy: Policy) -> str | None:
    knob = endpoint.extra.get("knob") or {}
    if knob.get("family") == "azure_appgw":
        from tlslint.linter.sources.terraform.tables import recommended

        return (
            'Use ssl_policy { policy_type = "Predefined" policy_name = '
            f'"{recommended("azure_appgw", policy.profile)}" }}.'
        )
    return terraform_protocols(endpoint, policy)


def _traefik_version(policy: Policy) -> str:
    number = policy.min_protocol.replace("TLSv", "")
    return "VersionTLS1" + (number.split(".")[1] if "." in number else "0")
