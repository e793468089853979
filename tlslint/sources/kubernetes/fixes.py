"""Turn a rule's fix intent into text edits of Kubernetes manifests.

ingress-nginx: a value written in an Ingress annotation or in the controller ConfigMap is
replaced where it is written (a ConfigMap value inherited by every Ingress is fixed once, in the
ConfigMap). A value left to the controller's default is added to the ConfigMap's ``data:`` when
the repository has one, else as an annotation of the Ingress where ingress-nginx has an
annotation for it (``ssl-ciphers``, ``ssl-prefer-server-ciphers``, ``ssl-redirect``), else not
at all. ``auth-tls-verify-client`` is changed only where written (its CA Secret is named
there). Traefik: ``minVersion``/``maxVersion``, ``cipherSuites`` and ``curvePreferences`` of the
TLSOption. cert-manager: ``renewBefore``, ``duration``, ``privateKey`` and ``rotationPolicy`` of a
Certificate, or the ingress-shim annotations that stand for them.

Values in annotations and ConfigMap data are strings (quotes are kept; a plain value stays plain
where the new one reads back as the same string, else it is double-quoted); typed fields keep
their type. Nothing here guesses an issuer, a Secret or a CA.
"""

from __future__ import annotations

from typing import Any

from tlslint.model import (
    Endpoint,
    Fix,
    FixIntent,
    Hsts,
    Location,
    ManagedCertificate,
    Origin,
    Setting,
    TextEdit,
)
from tlslint.model.policy import protocol_rank
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.sources.kubernetes.edits import MapSpot, SeqSpot, quoted, replace_value
from tlslint.tls import ciphers as cipher_table

# intent -> (endpoint field, ConfigMap key, Ingress annotation) for ingress-nginx.
NGINX_KEYS: dict[str, tuple[str, str | None, str | None]] = {
    "protocols": ("protocols", "ssl-protocols", None),
    "ciphers": ("ciphers", "ssl-ciphers", "ssl-ciphers"),
    "prefer_server_ciphers": ("prefer_server_ciphers", None, "ssl-prefer-server-ciphers"),
    "ecdh_curves": ("ecdh_curves", "ssl-ecdh-curve", None),
    "session_tickets": ("session_tickets", "ssl-session-tickets", None),
    "redirect": ("redirects_to_https", "ssl-redirect", "ssl-redirect"),
    # Only where written: without auth-tls-secret there is no CA to verify against.
    "client_verify": ("client_verify", None, None),
}
TRAEFIK_VERSIONS = {
    "TLSv1": "VersionTLS10",
    "TLSv1.1": "VersionTLS11",
    "TLSv1.2": "VersionTLS12",
    "TLSv1.3": "VersionTLS13",
}
# Traefik (Go crypto/tls) curve names; X25519MLKEM768 is left out: older Traefik rejects it.
TRAEFIK_CURVES = {
    "X25519": "X25519",
    "prime256v1": "CurveP256",
    "secp384r1": "CurveP384",
    "secp521r1": "CurveP521",
}
CM = "cert-manager.io/"


def fix_for(intent: FixIntent, subject: object, description: str) -> Fix | None:
    """Edits for an intent about an endpoint or a cert-manager Certificate."""
    if isinstance(subject, ManagedCertificate):
        changed = _certificate(intent, subject)
        return Fix(description, tuple(changed)) if changed else None
    if not isinstance(subject, Endpoint):
        return None
    endpoint = subject
    edits: list[TextEdit] | None
    if endpoint.product == "ingress-nginx":
        edits = _ingress_nginx(intent, endpoint)
    elif endpoint.product == "traefik":
        edits = _traefik(intent, endpoint)
    else:
        edits = None
    if not edits:
        return None
    read_only = endpoint.extra.get("read_only")
    if read_only and any(e.path == read_only for e in edits):
        return None  # the controller ConfigMap was read from outside the files checked
    return Fix(description, tuple(edits))


# -- ingress-nginx ----------------------------------------------------------------------------


def nginx_value(intent: FixIntent) -> str | None:
    """The wanted value as ingress-nginx writes it (ConfigMap key or annotation)."""
    value = intent.value
    match intent.setting:
        case "protocols":
            return " ".join(sorted(value, key=protocol_rank)) if value else None
        case "ciphers" | "ecdh_curves":
            return ":".join(value) if value else None
        case "prefer_server_ciphers" | "session_tickets" | "redirect":
            return "true" if value else "false"
        case "client_verify":
            return str(value) if value in nx.VERIFY_CLIENT_VALUES else None
    return None


def _ingress_nginx(intent: FixIntent, endpoint: Endpoint) -> list[TextEdit] | None:
    if intent.setting == "hsts":
        return _hsts(intent.value, endpoint)
    if intent.setting not in NGINX_KEYS:
        return None
    field, configmap_key, annotation = NGINX_KEYS[intent.setting]
    setting: Setting[Any] | None = getattr(endpoint, field)
    value = nginx_value(intent)
    if setting is None or value is None:
        return None
    if setting.origin is not Origin.DEFAULT:
        edit = replace_value(setting.location, setting.raw, value)
        return [edit] if edit else None
    data: MapSpot | None = endpoint.extra.get("configmap_data")
    if configmap_key is not None and data is not None:
        return [data.add([(configmap_key, quoted(value))])]
    if annotation is None or not endpoint.kind.startswith("Ingress"):
        return None
    key = str(endpoint.extra.get("annotation_prefix", nx.ANNOTATION_PREFIX)) + annotation
    spots = endpoint.extra.get("spots", {})
    if spots.get("annotations") is not None:
        return [spots["annotations"].add([(key, quoted(value))])]
    if spots.get("metadata") is not None:
        return [spots["metadata"].add_map("annotations", [(key, quoted(value))])]
    return None


def _hsts(wanted: Hsts | None, endpoint: Endpoint) -> list[TextEdit] | None:
    """The four hsts* ConfigMap keys, each changed only where it differs from the wish."""
    values: dict[str, tuple[str, Location]] | None = endpoint.extra.get("configmap_values")
    data: MapSpot | None = endpoint.extra.get("configmap_data")
    if wanted is None or wanted.max_age is None or values is None:
        return None
    wish = {
        "hsts": "true",
        "hsts-max-age": str(wanted.max_age),
        "hsts-include-subdomains": "true" if wanted.include_subdomains else "false",
        "hsts-preload": "true" if wanted.preload else "false",
    }
    edits: list[TextEdit] = []
    added: list[tuple[str, str]] = []
    for key, value in wish.items():
        current = values[key][0] if key in values else nx.CONFIGMAP_DEFAULTS[key]
        if _same(key, current, value):
            continue
        if key in values:
            raw, location = values[key]
            edit = replace_value(location, raw, value)
            if edit is None:
                return None
            edits.append(edit)
        else:
            added.append((key, quoted(value)))
    if added:
        if data is None:
            return None
        edits.append(data.add(added))
    return edits


def _same(key: str, current: str, wanted: str) -> bool:
    if key == "hsts-max-age":
        return current.strip() == wanted
    return nx.parse_bool(current) == nx.parse_bool(wanted)


# -- Traefik TLSOption ------------------------------------------------------------------------


def _traefik(intent: FixIntent, endpoint: Endpoint) -> list[TextEdit] | None:
    spots: dict[str, Any] = endpoint.extra.get("traefik_spots") or {}
    if not spots:
        return None
    value = intent.value
    if intent.setting == "protocols" and value:
        ordered = sorted(value, key=protocol_rank)
        low, high = TRAEFIK_VERSIONS.get(ordered[0]), TRAEFIK_VERSIONS.get(ordered[-1])
        if low is None or high is None:
            return None
        edits: list[TextEdit] = []
        for key, version in (("minVersion", low), ("maxVersion", high)):
            where: tuple[Location, str] | None = spots.get(key)
            if where is not None:
                edit = replace_value(*where, version)
                if edit is None:
                    return None
                edits.append(edit)
            elif key == "minVersion":
                spec: MapSpot | None = spots.get("spec")
                if spec is None:
                    return None
                edits.append(spec.add([(key, version)]))
        return edits
    if intent.setting == "ciphers":
        names = []
        for name in value or ():
            cipher = cipher_table.lookup(name)
            if cipher is not None and cipher.kx == "ECDHE" and cipher.iana.startswith("TLS_"):
                names.append(cipher.iana)  # Go offers no DHE suites
        return _rewrite(spots.get("cipherSuites"), names)
    if intent.setting == "ecdh_curves":
        curves = [TRAEFIK_CURVES[c] for c in value or () if c in TRAEFIK_CURVES]
        return _rewrite(spots.get("curvePreferences"), curves)
    return None


def _rewrite(spot: SeqSpot | None, items: list[str]) -> list[TextEdit] | None:
    edit = spot.replace(items) if spot is not None else None
    return [edit] if edit else None


# -- cert-manager ------------------------------------------------------------------------------


def _certificate(intent: FixIntent, cert: ManagedCertificate) -> list[TextEdit] | None:
    shim = "annotations" in cert.spots  # ingress-shim: every value is an annotation string
    value = intent.value
    if intent.setting in ("renew_before", "renew_before_percentage", "duration", "rotation_policy"):
        target = intent.target
        if target is None:
            return None
        raw = {
            "renew_before": cert.renew_before.raw if cert.renew_before else "",
            "renew_before_percentage": (
                cert.renew_before_percentage.raw if cert.renew_before_percentage else ""
            ),
            "duration": cert.duration.raw,
            "rotation_policy": cert.rotation_policy.raw,
        }[intent.setting]
        edit = replace_value(target, raw, value, string=shim)
        return [edit] if edit else None
    if intent.setting == "private_key":
        algorithm, size = value
        return _private_key(cert, algorithm, size, shim)
    return None


def _private_key(
    cert: ManagedCertificate, algorithm: str, size: int, shim: bool
) -> list[TextEdit] | None:
    edits: list[TextEdit] = []
    missing: list[tuple[str, str]] = []
    names = (
        (CM + "private-key-algorithm", CM + "private-key-size") if shim else ("algorithm", "size")
    )
    for setting, name, wanted in (
        (cert.key_algorithm, names[0], algorithm),
        (cert.key_size, names[1], size),
    ):
        if setting.origin is Origin.WRITTEN:
            if setting.value == wanted:
                continue
            edit = replace_value(setting.location, setting.raw, wanted, shim)
            if edit is None:
                return None
            edits.append(edit)
            continue
        default = "RSA" if name == names[0] else _default_size(algorithm)
        if wanted != default:  # cert-manager's default for the wanted algorithm is enough
            missing.append((name, quoted(str(wanted)) if shim else str(wanted)))
    if missing:
        spots = cert.spots
        if shim:
            if spots.get("annotations") is None:
                return None
            edits.append(spots["annotations"].add(missing))
        elif spots.get("private_key") is not None:
            edits.append(spots["private_key"].add(missing))
        elif spots.get("spec") is not None:
            edits.append(spots["spec"].add_map("privateKey", missing))
        else:
            return None
    return edits


def _default_size(algorithm: str) -> int:
    return {"RSA": 2048, "ECDSA": 256}.get(algorithm, 0)
