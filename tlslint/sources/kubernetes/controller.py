"""ingress-nginx controller-wide settings (ConfigMap keys) as endpoint settings, by layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tlslint.model import CipherSpec, Endpoint, Hsts, Location, Origin, Setting
from tlslint.model.policy import PROTOCOLS
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.tls import ciphers as cipher_table

# One layer's answer for a ConfigMap key: (raw text, origin, location, note); None = not set.
Lookup = Callable[[str], "tuple[str, Origin, Location, str] | None"]

PROTOCOL_NAMES = {p.lower(): p for p in PROTOCOLS} | {"tlsv1.0": "TLSv1"}


def layered(*layers: Lookup) -> Lookup:
    def get(key: str) -> tuple[str, Origin, Location, str] | None:
        for layer in layers:
            found = layer(key)
            if found is not None:
                return found
        return None

    return get


def defaults(location: Location) -> Lookup:
    def get(key: str) -> tuple[str, Origin, Location, str] | None:
        if key not in nx.CONFIGMAP_DEFAULTS:
            return None
        return nx.CONFIGMAP_DEFAULTS[key], Origin.DEFAULT, location, nx.default_note(key)

    return get


def from_values(values: dict[str, tuple[str, Location]], origin: Origin, note: str) -> Lookup:
    def get(key: str) -> tuple[str, Origin, Location, str] | None:
        if key not in values:
            return None
        raw, location = values[key]
        return raw, origin, location, note

    return get


def _setting(found: tuple[str, Origin, Location, str], value: Any) -> Setting[Any]:
    raw, origin, location, note = found
    return Setting(value, origin, location, raw, note)


def protocols(raw: str) -> frozenset[str]:
    return frozenset(PROTOCOL_NAMES[t.lower()] for t in raw.split() if t.lower() in PROTOCOL_NAMES)


def cipher_spec(expression: str, dh_param: bool) -> CipherSpec:
    """The suites an ingress-nginx ssl-ciphers string enables (the controller ships OpenSSL 3).

    nginx sets no DH parameters unless ``ssl-dh-param`` names a Secret, so DHE suites cannot
    be negotiated without it and are left out.
    """
    expansion = cipher_table.expand_for(expression, None)
    suites = tuple(c.openssl for c in expansion.suites if dh_param or c.kx not in ("DHE", "DHEPSK"))
    unknown = tuple(
        token
        for token in expansion.unknown
        if not ((c := cipher_table.lookup(token)) is not None and c.protocol == "TLSv1.3")
    )
    return CipherSpec(expression, suites, unknown)


def _first(get: Lookup, *keys: str) -> tuple[str, Origin, Location, str]:
    """The most specific layer among several keys that make one setting."""
    answers = [a for a in (get(k) for k in keys) if a is not None]
    for answer in answers:
        if answer[1] is not Origin.DEFAULT:
            return answer
    return answers[0]


def controller_fields(get: Lookup) -> dict[str, Setting[Any]]:
    """Endpoint fields decided by the controller ConfigMap (or its defaults), by field name."""
    fields: dict[str, Setting[Any]] = {}
    found = get("ssl-protocols")
    if found is not None:
        if not found[0].strip():
            # An empty value enables no protocol at all, which would hide every cipher finding;
            # the template would write `ssl_protocols ;`, which nginx refuses, and the
            # controller keeps serving what it had: judged as the controller's default.
            _, origin, location, note = found
            default = "TLSv1.2 TLSv1.3"
            note = (note + "; " if note else "") + f"empty: judged as the default {default}"
            found = (default, origin, location, note)
        fields["protocols"] = _setting(found, protocols(found[0]))
    found = get("ssl-ciphers")
    dh = get("ssl-dh-param")
    if found is not None:
        has_dh = bool(dh and dh[0].strip())
        if not found[0].strip():  # the template then writes no ssl_ciphers: nginx's default
            _, origin, location, note = found
            note = (note + "; " if note else "") + "empty: nginx's default HIGH:!aNULL:!MD5"
            found = ("HIGH:!aNULL:!MD5", origin, location, note)
        fields["ciphers"] = _setting(found, cipher_spec(found[0], has_dh))
        if not has_dh:
            fields["ciphers"] = Setting(
                fields["ciphers"].value,
                found[1],
                found[2],
                found[0],
                (found[3] + "; " if found[3] else "") + "DHE suites unused without ssl-dh-param",
            )
    if dh is not None:
        # The parameters live in a Secret (namespace/name); their size is not known here.
        fields["dh_param_bits"] = _setting(dh, None)
    found = get("ssl-ecdh-curve")
    if found is not None:
        value = found[0].strip()
        if value.lower() in ("", "auto"):
            # "auto" hands the choice to OpenSSL: its default groups, not a written list
            fields["ecdh_curves"] = Setting(
                nx.AUTO_CURVES,
                Origin.DEFAULT,
                found[2],
                found[0],
                "ssl-ecdh-curve auto: OpenSSL's default groups",
            )
        else:
            fields["ecdh_curves"] = _setting(found, cipher_table.parse_groups(value))
    if get("hsts") is not None:
        enabled = get("hsts")
        assert enabled is not None
        if nx.parse_bool(enabled[0]) is False:
            fields["hsts"] = _setting(enabled, None)
        else:
            age_raw = (get("hsts-max-age") or ("", Origin.DEFAULT, enabled[2], ""))[0]
            try:
                age: int | None = int(age_raw.strip())
            except ValueError:
                age = None
            sub = get("hsts-include-subdomains")
            pre = get("hsts-preload")
            hsts_value = Hsts(
                max_age=age,
                include_subdomains=bool(sub and nx.parse_bool(sub[0])),
                preload=bool(pre and nx.parse_bool(pre[0])),
                always=None,
            )
            where = _first(get, "hsts-max-age", "hsts", "hsts-include-subdomains")
            fields["hsts"] = Setting(hsts_value, where[1], where[2], f"max-age={age_raw}", where[3])
    found = get("enable-ocsp")
    if found is not None:
        fields["ocsp_stapling"] = _setting(found, nx.parse_bool(found[0]) is True)
    found = get("ssl-session-tickets")
    if found is not None:
        fields["session_tickets"] = _setting(found, nx.parse_bool(found[0]) is True)
    redirect = get("ssl-redirect")
    force = get("force-ssl-redirect")
    if force is not None and nx.parse_bool(force[0]) is True:
        fields["redirects_to_https"] = _setting(force, True)
    elif redirect is not None:
        fields["redirects_to_https"] = _setting(redirect, nx.parse_bool(redirect[0]) is not False)
    return fields


TLS_FIELDS = (
    "protocols",
    "ciphers",
    "dh_param_bits",
    "ecdh_curves",
    "hsts",
    "ocsp_stapling",
    "session_tickets",
)


def apply(endpoint: Endpoint, fields: dict[str, Setting[Any]], only_defaults: bool) -> None:
    """Set the endpoint's controller-wide fields; with only_defaults, keep what a nearer layer
    (an annotation) decided."""
    names = TLS_FIELDS if endpoint.tls else ("redirects_to_https",)
    for name in names:
        if name not in fields:
            continue
        current = getattr(endpoint, name)
        if only_defaults and current is not None and current.origin is not Origin.DEFAULT:
            continue
        setattr(endpoint, name, fields[name])
