"""Traefik: TLSOption, and the IngressRoutes that use one."""

from __future__ import annotations

import re

from tlslint.model import (
    CertificateRef,
    CipherSpec,
    Endpoint,
    Location,
    Model,
    Origin,
    ReadProblem,
    Setting,
)
from tlslint.sources.kubernetes.common import ORDERED, SOURCE, Objects, key_of
from tlslint.sources.kubernetes.edits import SeqSpot, seq_spot
from tlslint.sources.kubernetes.reader import Reader
from tlslint.sources.kubernetes.yamltree import Map, Scalar, Seq
from tlslint.tls import ciphers as cipher_table

TRAEFIK_VERSIONS = {
    "VersionTLS10": "TLSv1",
    "VersionTLS11": "TLSv1.1",
    "VersionTLS12": "TLSv1.2",
    "VersionTLS13": "TLSv1.3",
}
GO_CURVES = {
    "curvep256": "prime256v1",
    "curvep384": "secp384r1",
    "curvep521": "secp521r1",
    "x25519": "X25519",
    "x25519mlkem768": "X25519MLKEM768",
}
TRAEFIK_CLIENT_AUTH = {
    "NoClientCert": "off",
    "RequestClientCert": "optional_no_ca",
    "RequireAnyClientCert": "optional_no_ca",
    "VerifyClientCertIfGiven": "optional",
    "RequireAndVerifyClientCert": "on",
}


def tls_option(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec") or Map(anchor.line, anchor.column)
    title = f"TLSOption {ns}/{name}"
    endpoint = Endpoint(
        source=SOURCE,
        kind="TLSOption",
        name=title,
        location=anchor,
        tls=True,
        product="traefik",
        extra={"tls_option": (ns, name)},
    )
    low = r.str(spec, "minVersion")
    high = r.str(spec, "maxVersion")
    low_v = TRAEFIK_VERSIONS.get(low or "VersionTLS12")
    high_v = TRAEFIK_VERSIONS.get(high or "VersionTLS13")
    for raw, known in ((low, low_v), (high, high_v)):
        if raw and known is None:
            r.problems.append(
                ReadProblem(
                    "parse-error",
                    f"{title}: unknown TLS version '{raw}' (VersionTLS10 to VersionTLS13)",
                    r.loc(spec.get("minVersion" if raw == low else "maxVersion")),
                )
            )
    if low_v and high_v:
        versions = frozenset(ORDERED[ORDERED.index(low_v) : ORDERED.index(high_v) + 1])
        if low:
            endpoint.protocols = Setting(
                versions, Origin.WRITTEN, r.loc(spec.get("minVersion")), low
            )
        elif high:
            endpoint.protocols = Setting(
                versions, Origin.WRITTEN, r.loc(spec.get("maxVersion")), high
            )
        else:
            endpoint.protocols = Setting(
                versions, Origin.DEFAULT, anchor, "", "Traefik default minVersion: VersionTLS12"
            )
    suites = r.strs(spec, "cipherSuites", "spec.cipherSuites")
    if suites:
        names: list[str] = []
        unknown: list[str] = []
        for suite, _ in suites:
            found = cipher_table.lookup(suite)
            if found is None:
                unknown.append(suite)
            elif found.protocol != "TLSv1.3":
                names.append(found.openssl)
        expression = ", ".join(s for s, _ in suites)
        endpoint.ciphers = Setting(
            CipherSpec(expression, tuple(names), tuple(unknown)),
            Origin.WRITTEN,
            r.loc(key_of(spec, "cipherSuites")),
            expression,
        )
    curves = r.strs(spec, "curvePreferences", "spec.curvePreferences")
    if curves:
        endpoint.ecdh_curves = Setting(
            tuple(GO_CURVES.get(c.lower(), c) for c, _ in curves),
            Origin.WRITTEN,
            r.loc(key_of(spec, "curvePreferences")),
            ", ".join(c for c, _ in curves),
        )
    client = r.map(spec, "clientAuth", "spec.clientAuth")
    auth_type = r.str(client, "clientAuthType")
    if auth_type and client is not None:
        endpoint.client_verify = Setting(
            TRAEFIK_CLIENT_AUTH.get(auth_type, "off"),
            Origin.WRITTEN,
            r.loc(client.get("clientAuthType")),
            auth_type,
        )
    else:
        endpoint.client_verify = Setting(
            "off", Origin.DEFAULT, anchor, "", "Traefik default clientAuthType: NoClientCert"
        )
    real_spec = r.map(root, "spec")
    endpoint.extra["traefik_spots"] = {
        "spec": objects.spot(real_spec),
        "minVersion": _value_location(r, real_spec, "minVersion"),
        "maxVersion": _value_location(r, real_spec, "maxVersion"),
        "cipherSuites": _seq(objects, real_spec, "cipherSuites"),
        "curvePreferences": _seq(objects, real_spec, "curvePreferences"),
    }
    objects.model.endpoints.append(endpoint)


def _value_location(r: Reader, spec: Map | None, key: str) -> tuple[Location, str] | None:
    node = spec.get(key) if spec is not None else None
    if not isinstance(node, Scalar) or node.value is None:
        return None
    return r.loc(node), node.text


def _seq(objects: Objects, spec: Map | None, key: str) -> SeqSpot | None:
    node = spec.get(key) if spec is not None else None
    return seq_spot(objects.path, node) if isinstance(node, Seq) else None


_HOST_RULE = re.compile(r"\bHost\(([^)]*)\)")
INHERITED_FIELDS = ("protocols", "ciphers", "ecdh_curves", "client_verify")
DEFAULT_PROTOCOLS = frozenset({"TLSv1.2", "TLSv1.3"})


def ingress_route(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    """An IngressRoute with `tls`: its hosts (from `Host(...)` rules), its certificate, and the
    TLSOption it uses (named, else the one called `default`), applied at the link step."""
    spec = r.map(root, "spec")
    tls = r.map(spec, "tls", "spec.tls")
    if spec is None or tls is None:
        return
    hosts: list[str] = []
    for i, route in enumerate(r.maps(spec, "routes", "spec.routes")):
        for group in _HOST_RULE.findall(r.str(route, "match", f"spec.routes[{i}].match") or ""):
            hosts += re.findall(r"`([^`]+)`", group)
    refs: list[CertificateRef] = []
    secret = r.str(tls, "secretName", "spec.tls.secretName")
    if secret and not r.str(tls, "certResolver"):  # a resolver (Traefik's ACME) renews it
        where = r.loc(tls.get("secretName"))
        refs.append(CertificateRef("certificate", secret, where, key=f"secret:{ns}/{secret}"))
    options = r.map(tls, "options", "spec.tls.options")
    option_name = r.str(options, "name")
    location = r.loc(key_of(spec, "tls"))
    objects.model.endpoints.append(
        Endpoint(
            source=SOURCE,
            kind="IngressRoute",
            name=f"IngressRoute {ns}/{name}",
            location=location,
            tls=True,
            hosts=tuple(dict.fromkeys(hosts)),
            product="traefik",
            certificates=tuple(refs),
            protocols=Setting(
                DEFAULT_PROTOCOLS, Origin.DEFAULT, location, "", "Traefik default: VersionTLS12"
            ),
            client_verify=Setting(
                "off", Origin.DEFAULT, location, "", "Traefik default clientAuthType: NoClientCert"
            ),
            extra={
                "uses_tls_option": (r.str(options, "namespace") or ns, option_name)
                if option_name
                else None
            },
        )
    )


def link_tls_options(model: Model) -> None:
    """IngressRoutes take their TLS settings from their TLSOption, which is then judged through
    them (one finding at the TLSOption line for all of them); unused TLSOptions stay endpoints
    of their own."""
    options = {
        e.extra["tls_option"]: e
        for e in model.endpoints
        if e.source == SOURCE and e.kind == "TLSOption"
    }
    default = [e for key, e in sorted(options.items()) if key[1] == "default"]
    used: set[int] = set()
    by_flat_name = {f"{ns}-{name}": e for (ns, name), e in options.items()}
    for route in model.endpoints:
        traefik_ingress = route.kind == "Ingress" and route.product == "traefik"
        if route.source != SOURCE or not (route.kind == "IngressRoute" or traefik_ingress):
            continue
        wanted = route.extra.get("uses_tls_option")
        if isinstance(wanted, str):  # an Ingress annotation: "<namespace>-<name>"
            option = by_flat_name.get(wanted)
        else:
            option = options.get(wanted) if wanted else (default[0] if default else None)
        if option is None:
            continue
        used.add(id(option))
        route.extra["traefik_spots"] = option.extra.get("traefik_spots", {})
        note = f"from {option.name}"
        for field in INHERITED_FIELDS:
            setting = getattr(option, field)
            if setting is None:
                continue
            if setting.origin is Origin.DEFAULT:
                inherited = Setting(setting.value, Origin.DEFAULT, route.location, "", setting.note)
            else:
                inherited = Setting(
                    setting.value, Origin.INHERITED, setting.location, setting.raw, note
                )
            setattr(route, field, inherited)
    model.endpoints[:] = [e for e in model.endpoints if id(e) not in used]
