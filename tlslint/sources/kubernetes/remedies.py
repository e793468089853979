"""What a finding on a Kubernetes endpoint says to write: ingress-nginx keys, Traefik options.

The controller decides the language (``endpoint.product``); endpoints of other controllers
(Gateway API, Istio) get the rule's own words. Values are rendered by the same functions as
the fixes (:mod:`.fixes`), so the sentence and the edit agree.
"""

from __future__ import annotations

from tlslint.model import Endpoint, FixIntent
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.sources.kubernetes.fixes import NGINX_KEYS, TRAEFIK_VERSIONS, nginx_value
from tlslint.tls import protocol_rank


def directive(intent: FixIntent, endpoint: Endpoint) -> str | None:
    """The key and value that state the wish: ``ssl-protocols: "TLSv1.2 TLSv1.3"`` (a
    ConfigMap key, else an annotation), ``minVersion: VersionTLS12`` (a Traefik TLSOption)."""
    if endpoint.product == "ingress-nginx" and intent.setting in NGINX_KEYS:
        _, configmap_key, annotation = NGINX_KEYS[intent.setting]
        value = nginx_value(intent)
        key = configmap_key or (nx.ANNOTATION_PREFIX + annotation if annotation else None)
        return f'{key}: "{value}"' if key and value is not None else None
    if endpoint.product == "traefik" and intent.setting == "protocols" and intent.value:
        lowest = min(intent.value, key=protocol_rank)
        version = TRAEFIK_VERSIONS.get(lowest)
        return f"minVersion: {version}" if version else None
    return None


def remedy(intent: FixIntent, endpoint: Endpoint) -> str | None:
    if endpoint.product == "ingress-nginx":
        return _ingress_nginx(intent, endpoint)
    if endpoint.product == "traefik":
        return _traefik(intent, endpoint)
    return None


def _ingress_nginx(intent: FixIntent, endpoint: Endpoint) -> str | None:
    if intent.setting == "hsts":
        return (
            f'Set `hsts: "true"` and `hsts-max-age: "{intent.value.max_age}"` in the '
            "ingress-nginx controller ConfigMap."
        )
    written = directive(intent, endpoint)
    if written is None:
        return None
    match intent.setting:
        case "protocols" | "ecdh_curves":
            return f"Set `{written}` in the ingress-nginx controller ConfigMap."
        case "ciphers":
            where = "annotation" if endpoint.kind == "Ingress" else "ConfigMap key"
            return (
                f"Set `{written}` (the `{nx.ANNOTATION_PREFIX}ssl-ciphers` {where}, or the "
                "controller ConfigMap)."
            )
        case "prefer_server_ciphers":
            each = "each Ingress with " if endpoint.kind == "ingress-nginx ConfigMap" else ""
            return f"Annotate {each}`{written}`."
    return None


def _traefik(intent: FixIntent, endpoint: Endpoint) -> str | None:
    match intent.setting:
        case "protocols":
            written = directive(intent, endpoint)
            return f"Set `{written}` in the TLSOption." if written else None
        case "ciphers":
            return (
                "List only the profile's suites, by IANA name, in the TLSOption's `cipherSuites`."
            )
        case "ecdh_curves":
            return "Set `curvePreferences: [X25519, CurveP256, CurveP384]` in the TLSOption."
    return None
