"""What a finding on a Kubernetes endpoint says to write: ingress-nginx keys, Traefik options.

The controller decides the language (``endpoint.product``); endpoints of other controllers
(Gateway API, Istio) get the rule's own words.
"""

from __future__ import annotations

from tlslint.linter.model import Endpoint, FixIntent
from tlslint.linter.policy import Policy


def remedy(intent: FixIntent, endpoint: Endpoint, policy: Policy) -> str | None:
    if endpoint.product == "ingress-nginx":
        return _ingress_nginx(intent, endpoint, policy)
    if endpoint.product == "traefik":
        return _traefik(intent, policy)
    return None


def _ingress_nginx(intent: FixIntent, endpoint: Endpoint, policy: Policy) -> str | None:
    value = intent.value
    match intent.setting:
        case "protocols":
            versions = " ".join(value)
            return f'Set `ssl-protocols: "{versions}"` in the ingress-nginx controller ConfigMap.'
        case "ciphers":
            where = "annotation" if endpoint.kind == "Ingress" else "ConfigMap key"
            return (
                f'Set `ssl-ciphers: "{":".join(value)}"` (the '
                f"`nginx.ingress.kubernetes.io/ssl-ciphers` {where}, or the controller ConfigMap)."
            )
        case "prefer_server_ciphers":
            flag = "true" if value else "false"
            each = "each Ingress with " if endpoint.kind == "ingress-nginx ConfigMap" else ""
            return (
                f'Annotate {each}`nginx.ingress.kubernetes.io/ssl-prefer-server-ciphers: "{flag}"`.'
            )
        case "hsts":
            return (
                f'Set `hsts: "true"` and `hsts-max-age: "{value.max_age}"` in the '
                "ingress-nginx controller ConfigMap."
            )
        case "ecdh_curves":
            listed = ":".join(value)
            return f'Set `ssl-ecdh-curve: "{listed}"` in the ingress-nginx controller ConfigMap.'
    return None


def _traefik(intent: FixIntent, policy: Policy) -> str | None:
    match intent.setting:
        case "protocols":
            return f"Set `minVersion: {_traefik_version(policy)}` in the TLSOption."
        case "ciphers":
            return (
                "List only the profile's suites, by IANA name, in the TLSOption's `cipherSuites`."
            )
        case "ecdh_curves":
            return "Set `curvePreferences: [X25519, CurveP256, CurveP384]` in the TLSOption."
    return None


def _traefik_version(policy: Policy) -> str:
    number = policy.min_protocol.replace("TLSv", "")
    return "VersionTLS1" + (number.split(".")[1] if "." in number else "0")
