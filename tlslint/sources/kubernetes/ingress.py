"""Ingress (networking.k8s.io/v1 and v1beta1, extensions/v1beta1) with ingress-nginx's
annotations, and the controller's ConfigMap."""

from __future__ import annotations

from collections.abc import Callable

from tlslint.model import (
    INGRESS_HOSTS,
    CertificateRef,
    Endpoint,
    IngressHost,
    Location,
    Origin,
    ReadProblem,
    Setting,
    Upstream,
)
from tlslint.sources.kubernetes import controller
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.sources.kubernetes.certmanager import shim
from tlslint.sources.kubernetes.common import SOURCE, Objects, annotations_of, key_of
from tlslint.sources.kubernetes.reader import Reader, text
from tlslint.sources.kubernetes.yamltree import Map, Scalar


def _class(reader: Reader, spec: Map | None, annotations: dict[str, Scalar]) -> str | None:
    name = reader.str(spec, "ingressClassName", "spec.ingressClassName")
    if name is None and "kubernetes.io/ingress.class" in annotations:
        name = text(annotations["kubernetes.io/ingress.class"])
    return name


def _product(ingress_class: str | None, annotations: dict[str, Scalar], prefix: str) -> str:
    if ingress_class is None:
        return "ingress-nginx"  # the class most Ingresses without one are written for
    lowered = ingress_class.lower()
    if "nginx" in lowered:
        return "ingress-nginx"
    if "traefik" in lowered:
        return "traefik"
    if any(k.startswith(prefix) for k in annotations):
        return "ingress-nginx"
    return ingress_class


def ingress(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    annotations = annotations_of(r, root)
    spec = r.map(root, "spec")
    ingress_class = _class(r, spec, annotations) or objects.settings.get("default_ingress_class")
    product = _product(ingress_class, annotations, objects.prefix)
    nginx = product == "ingress-nginx"
    title = f"Ingress {ns}/{name}"

    def ann(key: str) -> Scalar | None:
        return annotations.get(objects.prefix + key) if nginx else None

    tls_hosts: list[str] = []
    refs: list[CertificateRef] = []
    secrets: list[tuple[str, Scalar, list[str]]] = []
    tls_node = spec.get("tls") if spec is not None else None
    for i, entry in enumerate(r.maps(spec, "tls", "spec.tls")):
        hosts = [h for h, _ in r.strs(entry, "hosts", f"spec.tls[{i}].hosts")]
        tls_hosts += hosts
        secret = entry.get("secretName")
        secret_name = r.str(entry, "secretName", f"spec.tls[{i}].secretName")
        if secret_name and isinstance(secret, Scalar):
            key = f"secret:{ns}/{secret_name}"
            refs.append(CertificateRef("certificate", secret_name, r.loc(secret), key=key))
            secrets.append((secret_name, secret, hosts))

    rule_hosts: list[tuple[str, Scalar]] = []
    backends: list[tuple[str, Location]] = []
    for i, rule_map in enumerate(r.maps(spec, "rules", "spec.rules")):
        host_node = rule_map.get("host")
        host = r.str(rule_map, "host", f"spec.rules[{i}].host")
        if host and isinstance(host_node, Scalar):
            rule_hosts.append((host, host_node))
        http = r.map(rule_map, "http", f"spec.rules[{i}].http")
        for j, p in enumerate(r.maps(http, "paths", f"spec.rules[{i}].http.paths")):
            backend = r.map(p, "backend", f"spec.rules[{i}].http.paths[{j}].backend")
            service = r.map(backend, "service")
            svc = r.str(service, "name") or r.str(backend, "serviceName")
            port_node = r.map(service, "port")
            port = r.value(port_node, "number") or r.value(port_node, "name")
            port = port if port is not None else r.value(backend, "servicePort")
            if svc:
                target = f"{svc}:{port}" if port is not None else svc
                backends.append((target, r.loc(backend)))

    force = ann("force-ssl-redirect")
    offloaded = (force is not None and nx.parse_bool(text(force)) is True) or _tls_by_annotation(
        annotations
    )
    for host, node in rule_hosts:
        objects.publish(INGRESS_HOSTS, IngressHost(title, ns, host, r.loc(node), offloaded))

    shim(objects, r, annotations, ns, title, secrets, _annotations_map(root))

    metadata = root.get("metadata")
    annotations_node = _annotations_map(root)
    if annotations_node is not None:
        spots = {"annotations": objects.spot(annotations_node)}
    elif isinstance(metadata, Map) and metadata.get("annotations") is None:
        spots = {"metadata": objects.spot(metadata)}
    else:
        spots = {}
    if spec is not None and tls_node is not None and (tls_hosts or refs):
        endpoint = Endpoint(
            source=SOURCE,
            kind="Ingress",
            name=title,
            location=r.loc(key_of(spec, "tls")),
            tls=True,
            hosts=tuple(dict.fromkeys(tls_hosts or [h for h, _ in rule_hosts])),
            product=product,
            certificates=tuple(refs),
            extra={"spots": spots, "annotation_prefix": objects.prefix},
        )
        option = annotations.get("traefik.ingress.kubernetes.io/router.tls.options")
        if product == "traefik" and option is not None:
            # "<namespace>-<name>@kubernetescrd": matched against the TLSOptions at link time
            endpoint.extra["uses_tls_option"] = text(option).strip().split("@")[0]
        passthrough = ann("ssl-passthrough")
        if nginx and not (passthrough is not None and nx.parse_bool(text(passthrough))):
            _nginx_tls(r, endpoint, ann, ns, backends)
        elif nginx:
            endpoint.extra["ssl_passthrough"] = True
        objects.model.endpoints.append(endpoint)
        if nginx:
            all_hosts = [h for h, _ in rule_hosts] + tls_hosts
            plain = Endpoint(
                source=SOURCE,
                kind="Ingress (plain HTTP)",
                name=f"{title} (HTTP)",
                location=anchor,
                tls=False,
                hosts=tuple(dict.fromkeys(all_hosts)),
                product=product,
                extra={"spots": spots, "annotation_prefix": objects.prefix},
            )
            controller.apply(
                plain, controller.controller_fields(controller.defaults(anchor)), False
            )
            for key in ("ssl-redirect", "force-ssl-redirect"):
                redirect = ann(key)
                if redirect is None:
                    continue
                value = nx.parse_bool(text(redirect))
                if key == "force-ssl-redirect" and value is not True:
                    continue
                plain.redirects_to_https = Setting(
                    value is not False, Origin.WRITTEN, r.loc(redirect), text(redirect)
                )
                plain.location = r.loc(redirect)
                if key == "force-ssl-redirect":
                    break
            objects.model.endpoints.append(plain)


def _annotations_map(root: Map) -> Map | None:
    metadata = root.get("metadata")
    node = metadata.get("annotations") if isinstance(metadata, Map) else None
    return node if isinstance(node, Map) else None


# Annotations by which other controllers terminate TLS without a spec.tls entry.
TLS_ANNOTATIONS = {
    "traefik.ingress.kubernetes.io/router.tls": "true",
    "alb.ingress.kubernetes.io/certificate-arn": None,
    "networking.gke.io/managed-certificates": None,
    "ingress.gcp.kubernetes.io/pre-shared-cert": None,
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": None,
}


def _tls_by_annotation(annotations: dict[str, Scalar]) -> bool:
    for key, wanted in TLS_ANNOTATIONS.items():
        node = annotations.get(key)
        if node is not None and (wanted is None or text(node).strip().lower() == wanted):
            return True
    return False


def _nginx_tls(
    r: Reader,
    endpoint: Endpoint,
    ann: Callable[[str], Scalar | None],
    ns: str,
    backends: list[tuple[str, Location]],
) -> None:
    here = endpoint.location
    controller.apply(endpoint, controller.controller_fields(controller.defaults(here)), False)
    node = ann("ssl-ciphers")
    if node is not None:
        endpoint.ciphers = Setting(
            controller.cipher_spec(text(node), False), Origin.WRITTEN, r.loc(node), text(node)
        )
    node = ann("ssl-prefer-server-ciphers")
    if node is not None:
        endpoint.prefer_server_ciphers = Setting(
            nx.parse_bool(text(node)) is True, Origin.WRITTEN, r.loc(node), text(node)
        )
    else:
        endpoint.prefer_server_ciphers = Setting(
            nx.PREFER_SERVER_CIPHERS_DEFAULT,
            Origin.DEFAULT,
            here,
            "on",
            f"{nx.CONTROLLER} template: ssl_prefer_server_ciphers on in http{{}}",
        )
    secret = ann("auth-tls-secret")
    verify = ann("auth-tls-verify-client")
    if secret is not None:
        reference = text(secret)
        key_ref = reference if "/" in reference else f"{ns}/{reference}"
        endpoint.certificates += (
            CertificateRef("client-ca", reference, r.loc(secret), key=f"secret:{key_ref}"),
        )
    if verify is not None:
        value = text(verify).strip()
        if value not in nx.VERIFY_CLIENT_VALUES:
            allowed = ", ".join(sorted(nx.VERIFY_CLIENT_VALUES))
            r.problems.append(
                ReadProblem(
                    "parse-error",
                    f"{endpoint.name}: auth-tls-verify-client '{value}' is not one of {allowed}; "
                    "ingress-nginx ignores the annotation",
                    r.loc(verify),
                )
            )
        endpoint.client_verify = Setting(value, Origin.WRITTEN, r.loc(verify), value)
    elif secret is not None:
        endpoint.client_verify = Setting(
            nx.AUTH_TLS_VERIFY_CLIENT_DEFAULT,
            Origin.DEFAULT,
            r.loc(secret),
            "",
            f"{nx.CONTROLLER} default auth-tls-verify-client: on",
        )
    else:
        endpoint.client_verify = Setting(
            "off", Origin.DEFAULT, here, "", "no auth-tls-secret annotation"
        )
    protocol = ann("backend-protocol")
    if protocol is not None and text(protocol).strip().upper() in nx.TLS_BACKEND_PROTOCOLS:
        verify_node = ann("proxy-ssl-verify")
        if verify_node is not None:
            verified = text(verify_node).strip().lower() == "on"
            verify_setting: Setting[bool] = Setting(
                verified, Origin.WRITTEN, r.loc(verify_node), text(verify_node)
            )
        else:
            verify_setting = Setting(
                False,
                Origin.DEFAULT,
                r.loc(protocol),
                "",
                f"{nx.CONTROLLER} default proxy-ssl-verify: off",
            )
        ca = ann("proxy-ssl-secret")
        trusted: Setting[str | None] | None = (
            Setting(text(ca), Origin.WRITTEN, r.loc(ca), text(ca)) if ca is not None else None
        )
        scheme = text(protocol).strip().upper()
        targets = backends or [("the backend", r.loc(protocol))]
        endpoint.upstreams = tuple(
            Upstream(f"{target} ({scheme})", r.loc(protocol), verify_setting, trusted)
            for target, _ in dict.fromkeys(targets)
        )


# ------------------------------------------------------------------------------------------
# ConfigMap of the ingress-nginx controller


def configmap(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    metadata = root.get("metadata")
    labels = r.string_map(metadata, "labels", strict=False) if isinstance(metadata, Map) else {}
    label_values = {text(labels[k]) for k in labels if k.startswith("app.kubernetes.io/")}
    configured = objects.settings.get("controller_configmap")
    if configured:
        if configured != f"{ns}/{name}":
            return
    elif name not in nx.CONFIGMAP_NAMES and not (label_values & nx.CONFIGMAP_LABEL_VALUES):
        return
    data = r.string_map(root, "data")
    if not data:
        return
    values = {key: (text(node), r.loc(node)) for key, node in data.items()}
    if "ssl-protocols" in data:
        node = data["ssl-protocols"]
        unknown = [t for t in text(node).split() if t.lower() not in controller.PROTOCOL_NAMES]
        if unknown:
            r.problems.append(
                ReadProblem(
                    "parse-error",
                    f"ConfigMap {ns}/{name}: ssl-protocols names {', '.join(unknown)}, which "
                    "nginx does not know; the controller cannot load this configuration",
                    r.loc(node),
                )
            )
    endpoint = Endpoint(
        source=SOURCE,
        kind="ingress-nginx ConfigMap",
        name=f"ConfigMap {ns}/{name} (ingress-nginx controller)",
        location=r.loc(key_of(root, "data")),
        tls=True,
        product="ingress-nginx",
    )
    get = controller.layered(
        controller.from_values(values, Origin.WRITTEN, ""), controller.defaults(endpoint.location)
    )
    fields = controller.controller_fields(get)
    controller.apply(endpoint, fields, False)
    endpoint.prefer_server_ciphers = Setting(
        nx.PREFER_SERVER_CIPHERS_DEFAULT,
        Origin.DEFAULT,
        endpoint.location,
        "on",
        f"{nx.CONTROLLER} template: ssl_prefer_server_ciphers on in http{{}}",
    )
    endpoint.extra["configmap_values"] = values
    data_node = root.get("data")
    endpoint.extra["configmap_data"] = objects.spot(
        data_node if isinstance(data_node, Map) else None
    )
    endpoint.extra["configmap_name"] = f"{ns}/{name}"
    objects.model.endpoints.append(endpoint)
    # The plain-HTTP side of the controller (ssl-redirect), for the link step.
    endpoint.extra["redirect"] = fields.get("redirects_to_https")
