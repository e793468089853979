"""Traefik TLSOption."""

from __future__ import annotations

from tlslint.linter import ciphers as cipher_table
from tlslint.linter.model import CipherSpec, Endpoint, Location, Origin, ReadProblem, Setting
from tlslint.linter.sources.kubernetes.common import ORDERED, SOURCE, Objects, key_of
from tlslint.linter.sources.kubernetes.reader import Reader
from tlslint.linter.sources.kubernetes.yamltree import Map

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
        source=SOURCE, kind="TLSOption", name=title, location=anchor, tls=True, product="traefik"
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
    objects.model.endpoints.append(endpoint)
