"""Istio: PeerAuthentication, DestinationRule and Gateway."""

from __future__ import annotations

from tlslint.model import (
    MESH_POLICIES,
    CertificateRef,
    CipherSpec,
    Endpoint,
    Location,
    MeshPolicy,
    Origin,
    Setting,
    Upstream,
)
from tlslint.sources.kubernetes.common import ORDERED, SOURCE, Objects, key_of
from tlslint.sources.kubernetes.reader import Reader, text
from tlslint.sources.kubernetes.yamltree import Map
from tlslint.tls import ciphers as cipher_table

ROOT_NAMESPACE = "istio-system"


def peer_authentication(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec")
    selector = r.map(spec, "selector")
    labels = r.string_map(selector, "matchLabels") if selector else {}
    if labels:
        scope = "workload " + ",".join(f"{k}={text(v)}" for k, v in sorted(labels.items()))
    elif ns == ROOT_NAMESPACE:
        scope = "mesh-wide"
    else:
        scope = f"namespace {ns}"
    mtls = r.map(spec, "mtls", "spec.mtls")
    mode_raw = r.str(mtls, "mode")
    if mode_raw and mtls is not None:
        mode = Setting(mode_raw.upper(), Origin.WRITTEN, r.loc(mtls.get("mode")), mode_raw)
    else:
        note = (
            "UNSET in the root namespace: Istio's default, PERMISSIVE"
            if scope == "mesh-wide"
            else "UNSET: inherited from the namespace or mesh policy"
        )
        mode = Setting("UNSET", Origin.DEFAULT, anchor, "", note)
    title = f"{ns}/{name}"
    objects.publish(MESH_POLICIES, MeshPolicy("PeerAuthentication", title, scope, mode, anchor))
    port_level = r.map(spec, "portLevelMtls", "spec.portLevelMtls")
    for port, (_, value) in port_level.entries.items() if port_level else ():
        if not isinstance(value, Map):
            continue
        raw = r.str(value, "mode")
        if raw:
            objects.publish(
                "mesh_policies",
                MeshPolicy(
                    "PeerAuthentication",
                    title,
                    f"port {port} of {scope}",
                    Setting(raw.upper(), Origin.WRITTEN, r.loc(value.get("mode")), raw),
                    anchor,
                ),
            )


def destination_rule(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec")
    host = r.str(spec, "host") or "?"
    title = f"{ns}/{name}"
    upstreams: list[Upstream] = []

    def judge(tls: Map | None, scope: str) -> None:
        raw = r.str(tls, "mode")
        if not raw or tls is None:
            return
        mode = Setting(raw.upper(), Origin.WRITTEN, r.loc(tls.get("mode")), raw)
        objects.publish(MESH_POLICIES, MeshPolicy("DestinationRule", title, scope, mode, anchor))
        if mode.value in ("SIMPLE", "MUTUAL") and r.value(tls, "insecureSkipVerify") is True:
            skip = tls.get("insecureSkipVerify")
            verify = Setting(False, Origin.WRITTEN, r.loc(skip), "insecureSkipVerify: true")
            upstreams.append(Upstream(f"{scope} (tls {mode.value})", r.loc(skip), verify))

    def policy(traffic: Map | None, scope: str) -> None:
        judge(r.map(traffic, "tls"), scope)
        for port in r.maps(traffic, "portLevelSettings"):
            number = r.value(r.map(port, "port"), "number")
            judge(r.map(port, "tls"), f"{scope} port {number}")

    policy(r.map(spec, "trafficPolicy", "spec.trafficPolicy"), f"host {host}")
    for subset in r.maps(spec, "subsets", "spec.subsets"):
        policy(r.map(subset, "trafficPolicy"), f"host {host} subset {r.str(subset, 'name')}")
    if upstreams:
        # Not a TLS endpoint of its own: it carries the mesh's outbound TLS to the upstream rules.
        objects.model.endpoints.append(
            Endpoint(
                source=SOURCE,
                kind="DestinationRule",
                name=f"DestinationRule {title}",
                location=anchor,
                tls=False,
                product="istio",
                upstreams=tuple(upstreams),
            )
        )


ISTIO_VERSIONS = {
    "TLSV1_0": "TLSv1",
    "TLSV1_1": "TLSv1.1",
    "TLSV1_2": "TLSv1.2",
    "TLSV1_3": "TLSv1.3",
}
ISTIO_CLIENT_VERIFY = {"MUTUAL": "on", "OPTIONAL_MUTUAL": "optional", "SIMPLE": "off"}


def istio_gateway(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    """networking.istio.io Gateway: each TLS-terminating server an endpoint; HTTP servers
    redirect to HTTPS only with tls.httpsRedirect."""
    spec = r.map(root, "spec")
    title = f"Gateway {ns}/{name}"
    secure_hosts: list[str] = []
    plain: list[tuple[Map, list[str], int]] = []
    for i, server in enumerate(r.maps(spec, "servers", "spec.servers")):
        port = r.map(server, "port", f"spec.servers[{i}].port")
        protocol = (r.str(port, "protocol") or "").upper()
        hosts = [h.split("/", 1)[-1] for h, _ in r.strs(server, "hosts", f"servers[{i}].hosts")]
        tls = r.map(server, "tls", f"spec.servers[{i}].tls")
        if protocol == "HTTP":
            plain.append((server, hosts, i))
            continue
        mode_raw = (r.str(tls, "mode") or "").upper()
        if protocol not in ("HTTPS", "TLS") or tls is None or mode_raw not in ISTIO_CLIENT_VERIFY:
            continue  # PASSTHROUGH and AUTO_PASSTHROUGH do not terminate TLS here
        secure_hosts += hosts
        label = r.str(port, "name") or str(r.value(port, "number"))
        endpoint = Endpoint(
            source=SOURCE,
            kind="Istio Gateway server",
            name=f"{title} server {label}",
            location=r.loc(key_of(server, "port")),
            tls=True,
            hosts=tuple(hosts),
            product="istio",
            client_verify=Setting(
                ISTIO_CLIENT_VERIFY[mode_raw], Origin.WRITTEN, r.loc(tls.get("mode")), mode_raw
            ),
        )
        low, high = r.str(tls, "minProtocolVersion"), r.str(tls, "maxProtocolVersion")
        low_v = ISTIO_VERSIONS.get((low or "TLSV1_2").upper())
        high_v = ISTIO_VERSIONS.get((high or "TLSV1_3").upper())
        if low_v and high_v:
            versions = frozenset(ORDERED[ORDERED.index(low_v) : ORDERED.index(high_v) + 1])
            if low or high:
                key = "minProtocolVersion" if low else "maxProtocolVersion"
                endpoint.protocols = Setting(
                    versions, Origin.WRITTEN, r.loc(tls.get(key)), low or high or ""
                )
            else:
                endpoint.protocols = Setting(
                    versions, Origin.DEFAULT, endpoint.location, "", "Istio default: TLSV1_2"
                )
        suites = r.strs(tls, "cipherSuites", f"spec.servers[{i}].tls.cipherSuites")
        if suites:
            names: list[str] = []
            unknown: list[str] = []
            for entry, _ in suites:
                for suite in entry.strip("[]").split("|"):  # Envoy's [A|B] equal preference
                    found = cipher_table.lookup(suite)
                    if found is None:
                        unknown.append(suite)
                    elif found.protocol != "TLSv1.3":
                        names.append(found.openssl)
            expression = ", ".join(s for s, _ in suites)
            endpoint.ciphers = Setting(
                CipherSpec(expression, tuple(names), tuple(unknown)),
                Origin.WRITTEN,
                r.loc(key_of(tls, "cipherSuites")),
                expression,
            )
        credential = r.str(tls, "credentialName")
        if credential:
            endpoint.certificates = (
                CertificateRef(
                    "certificate",
                    credential,
                    r.loc(tls.get("credentialName")),
                    key=f"secret:{ns}/{credential}",
                ),
            )
        objects.model.endpoints.append(endpoint)
    for server, hosts, i in plain:
        tls = r.map(server, "tls", f"spec.servers[{i}].tls")
        redirect = tls.get("httpsRedirect") if tls is not None else None
        if r.value(tls, "httpsRedirect") is True:
            setting = Setting(True, Origin.WRITTEN, r.loc(redirect), "true")
        elif redirect is not None:
            setting = Setting(
                False, Origin.WRITTEN, r.loc(redirect), r.str(tls, "httpsRedirect") or ""
            )
        else:
            setting = Setting(
                False, Origin.DEFAULT, r.loc(key_of(server, "port")), "", "no tls.httpsRedirect"
            )
        # "*" on port 80 concerns the names this Gateway serves over HTTPS, not every Ingress.
        concrete = tuple(h for h in hosts if h != "*") or tuple(secure_hosts)
        objects.model.endpoints.append(
            Endpoint(
                source=SOURCE,
                kind="Istio Gateway server (plain HTTP)",
                name=f"{title} server {r.str(r.map(server, 'port'), 'name') or i} (HTTP)",
                location=setting.location,
                tls=False,
                hosts=concrete,
                product="istio",
                redirects_to_https=setting,
            )
        )
