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
    if endpoint.product == "ingress-nginx":
        return f'Set `ssl-protocols: "{versions}"` in the ingress-nginx controller ConfigMap.'
    if endpoint.product == "traefik":
        return f"Set `minVersion: {_traefik_version(policy)}` in the TLSOption."
    return f"Allow only {versions}."


def ciphers(endpoint: Endpoint, policy: Policy) -> str:
    if not policy.ciphers:
        return f"Disable TLS 1.2 and below; the {policy.profile} profile uses TLS 1.3 suites only."
    listed = ":".join(policy.ciphers)
    if endpoint.source == "nginx":
        return f"Set `ssl_ciphers {listed};`."
    if endpoint.product == "ingress-nginx":
        where = "annotation" if endpoint.kind == "Ingress" else "ConfigMap key"
        return (
            f'Set `ssl-ciphers: "{listed}"` (the `nginx.ingress.kubernetes.io/ssl-ciphers` '
            f"{where}, or the controller ConfigMap)."
        )
    if endpoint.product == "traefik":
        return "List only the profile's suites, by IANA name, in the TLSOption's `cipherSuites`."
    return f"Allow only the {policy.profile} profile's suites: {listed}."


def prefer_server_ciphers(endpoint: Endpoint, policy: Policy) -> str:
    value = "on" if policy.server_preferred_order else "off"
    if endpoint.source == "nginx":
        return f"Set `ssl_prefer_server_ciphers {value};`."
    if endpoint.product == "ingress-nginx":
        flag = "true" if policy.server_preferred_order else "false"
        each = "each Ingress with " if endpoint.kind == "ingress-nginx ConfigMap" else ""
        return f'Annotate {each}`nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "{flag}"`.'
    return f"Set server cipher preference {value}."


def hsts(endpoint: Endpoint, policy: Policy) -> str:
    header = f"max-age={policy.hsts_min_age}; includeSubDomains"
    if endpoint.source == "nginx":
        return f'Add `add_header Strict-Transport-Security "{header}" always;` to the server.'
    if endpoint.product == "ingress-nginx":
        return (
            f'Set `hsts: "true"` and `hsts-max-age: "{policy.hsts_min_age}"` in the '
            "ingress-nginx controller ConfigMap."
        )
    return f"Send `Strict-Transport-Security: {header}`."


def curves(endpoint: Endpoint, policy: Policy) -> str:
    listed = ":".join(c for c in policy.tls_curves if c != "X25519MLKEM768") or "X25519:prime256v1"
    if endpoint.source == "nginx":
        return f"Set `ssl_ecdh_curve {listed};` (add X25519MLKEM768 first with OpenSSL 3.5+)."
    if endpoint.product == "ingress-nginx":
        return f'Set `ssl-ecdh-curve: "{listed}"` in the ingress-nginx controller ConfigMap.'
    if endpoint.product == "traefik":
        return "Set `curvePreferences: [X25519, CurveP256, CurveP384]` in the TLSOption."
    return f"Allow only the groups {listed}."


def _traefik_version(policy: Policy) -> str:
    number = policy.min_protocol.replace("TLSv", "")
    return "VersionTLS1" + (number.split(".")[1] if "." in number else "0")
