"""Gateway API: Gateway listeners and the HTTPRoutes attached to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tlslint.model import CertificateRef, Endpoint, Location, Model, Origin, Setting
from tlslint.sources.kubernetes.certmanager import shim
from tlslint.sources.kubernetes.common import SOURCE, Objects, annotations_of, key_of
from tlslint.sources.kubernetes.reader import Reader
from tlslint.sources.kubernetes.yamltree import Map, Scalar


def gateway(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    spec = r.map(root, "spec")
    annotations = annotations_of(r, root)
    title = f"Gateway {ns}/{name}"
    frontend = r.map(r.map(spec, "tls", "spec.tls"), "frontend", "spec.tls.frontend")
    default_validation = r.map(r.map(frontend, "default"), "validation")
    secrets: list[tuple[str, Scalar, list[str]]] = []
    secure_hosts: list[str] = []
    plain_listeners: list[tuple[Map, str, str | None]] = []
    for i, listener in enumerate(r.maps(spec, "listeners", "spec.listeners")):
        protocol = (r.str(listener, "protocol") or "").upper()
        tls = r.map(listener, "tls", f"spec.listeners[{i}].tls")
        mode = r.str(tls, "mode") or "Terminate"
        lname = r.str(listener, "name") or str(i)
        hostname = r.str(listener, "hostname")
        if protocol == "HTTP":
            plain_listeners.append((listener, lname, hostname))
            continue
        if protocol not in ("HTTPS", "TLS") or mode != "Terminate":
            continue
        if hostname:
            secure_hosts.append(hostname)
        refs: list[CertificateRef] = []
        for ref in r.maps(tls, "certificateRefs", f"spec.listeners[{i}].tls.certificateRefs"):
            kind = r.str(ref, "kind") or "Secret"
            ref_name = r.str(ref, "name")
            if kind != "Secret" or not ref_name:
                continue
            ref_ns = r.str(ref, "namespace") or ns
            refs.append(
                CertificateRef(
                    "certificate",
                    ref_name,
                    r.loc(ref.get("name")),
                    key=f"secret:{ref_ns}/{ref_name}",
                )
            )
            node = ref.get("name")
            if isinstance(node, Scalar) and ref_ns == ns:
                secrets.append((ref_name, node, [hostname] if hostname else []))
        port = r.value(listener, "port")
        validation = default_validation
        for per in r.maps(frontend, "perPort"):
            if r.value(per, "port") == port:
                validation = r.map(r.map(per, "tls"), "validation") or validation
        if validation is not None and r.seq(validation, "caCertificateRefs"):
            mode_raw = r.str(validation, "mode") or "AllowValidOnly"
            verify = Setting(
                "optional" if mode_raw == "AllowInsecureFallback" else "on",
                Origin.WRITTEN,
                r.loc(validation.get("mode") or validation.get("caCertificateRefs")),
                mode_raw,
            )
        else:
            verify = Setting(
                "off", Origin.DEFAULT, r.loc(listener), "", "no frontend client validation"
            )
        objects.model.endpoints.append(
            Endpoint(
                source=SOURCE,
                kind="Gateway listener",
                name=f"{title} listener {lname}",
                location=r.loc(key_of(listener, "name")),
                tls=True,
                hosts=(hostname,) if hostname else (),
                product="gateway-api",
                certificates=tuple(refs),
                client_verify=verify,
            )
        )
    for listener, lname, hostname in plain_listeners:
        # Whether plain HTTP is redirected depends on the HTTPRoutes attached to the listener;
        # the link step decides (no route attached: nothing is served, nothing to judge).
        objects.model.endpoints.append(
            Endpoint(
                source=SOURCE,
                kind="Gateway listener (plain HTTP)",
                name=f"{title} listener {lname}",
                location=r.loc(key_of(listener, "name")),
                tls=False,
                hosts=(hostname,) if hostname else tuple(dict.fromkeys(secure_hosts)),
                product="gateway-api",
                extra={
                    "gateway": (ns, name),
                    "listener": lname,
                    "port": r.value(listener, "port"),
                    "hostname": hostname,
                },
            )
        )
    shim(objects, r, annotations, ns, title, secrets)


@dataclass(frozen=True)
class RouteAttachment:
    """An HTTPRoute's parentRef to a Gateway, and whether every rule redirects to https."""

    route: str  # "HTTPRoute ns/name"
    gateway: tuple[str, str]
    section: str | None
    port: Any
    hostnames: tuple[str, ...]
    redirects: bool
    location: Location


def http_route(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec")
    hostnames = tuple(h for h, _ in r.strs(spec, "hostnames", "spec.hostnames"))
    rules = r.maps(spec, "rules", "spec.rules")
    redirects = bool(rules)
    for rule_map in rules:
        schemes = [
            r.str(r.map(f, "requestRedirect"), "scheme")
            for f in r.maps(rule_map, "filters")
            if r.str(f, "type") == "RequestRedirect"
        ]
        if "https" not in schemes:
            redirects = False
    for parent in r.maps(spec, "parentRefs", "spec.parentRefs"):
        if (r.str(parent, "kind") or "Gateway") != "Gateway":
            continue
        gateway = (r.str(parent, "namespace") or ns, r.str(parent, "name") or "")
        objects.publish(
            "k8s_route_attachments",
            RouteAttachment(
                f"HTTPRoute {ns}/{name}",
                gateway,
                r.str(parent, "sectionName"),
                r.value(parent, "port"),
                hostnames,
                redirects,
                r.loc(parent.get("name"), parent),
            ),
        )


def link_http_listeners(model: Model) -> None:
    """Decide, for each plain-HTTP Gateway listener, whether what it serves is redirected."""
    attachments: list[RouteAttachment] = model.objects.get("k8s_route_attachments", [])
    for endpoint in model.endpoints:
        if endpoint.source != SOURCE or endpoint.kind != "Gateway listener (plain HTTP)":
            continue
        extra = endpoint.extra
        attached = [
            a
            for a in attachments
            if a.gateway == extra["gateway"]
            and a.section in (None, extra["listener"])
            and a.port in (None, extra["port"])
            and _hosts_meet(a.hostnames, extra["hostname"])
        ]
        if not attached:
            continue  # no route: the listener serves nothing
        serving = [a for a in attached if not a.redirects]
        if serving:
            first = serving[0]
            endpoint.redirects_to_https = Setting(
                False, Origin.INHERITED, first.location, "", f"{first.route} serves it over HTTP"
            )
            endpoint.location = first.location
        else:
            endpoint.redirects_to_https = Setting(
                True, Origin.INHERITED, attached[0].location, "", f"{attached[0].route} redirects"
            )


def _hosts_meet(route_hosts: tuple[str, ...], listener_host: str | None) -> bool:
    if not route_hosts or not listener_host:
        return True
    return any(
        h == listener_host
        or (listener_host.startswith("*.") and h.endswith(listener_host[1:]))
        or (h.startswith("*.") and listener_host.endswith(h[1:]))
        for h in route_hosts
    )
