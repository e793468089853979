"""Kubernetes objects -> the model: endpoints, managed certificates, issuers, mesh policies."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tlslint.linter import ciphers as cipher_table
from tlslint.linter.model import (
    CertificateNames,
    CertificateRef,
    CipherSpec,
    EmbeddedPem,
    Endpoint,
    IngressHost,
    Issuer,
    IssuerRef,
    Location,
    ManagedCertificate,
    MeshPolicy,
    Model,
    Origin,
    ReadProblem,
    Setting,
    Upstream,
)
from tlslint.linter.sources.kubernetes import controller
from tlslint.linter.sources.kubernetes import ingress_nginx as nx
from tlslint.linter.sources.kubernetes.reader import Reader, text
from tlslint.linter.sources.kubernetes.yamltree import Map, Scalar

SOURCE = "kubernetes"
CM = "cert-manager.io/"
CERT_MANAGER_GROUP = "cert-manager.io"
# cert-manager defaults (pkg/apis/certmanager/v1/types.go, cert-manager v1.21).
CM_DURATION = 2160 * 3600
CM_KEY_SIZES = {"RSA": 2048, "ECDSA": 256}
ROOT_NAMESPACE = "istio-system"


@dataclass
class Objects:
    """What one file contributes, before it becomes part of the model."""

    model: Model
    path: str
    default_namespace: str
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return str(self.settings.get("annotation_prefix") or nx.ANNOTATION_PREFIX)

    def publish(self, kind: str, value: Any) -> None:
        self.model.objects.setdefault(kind, []).append(value)


Handler = Callable[[Objects, Reader, Map, str, str, Location], None]


def handle(objects: Objects, root: Map, depth: int = 0) -> None:
    """One document's root mapping: an object, a List of objects, or something else (ignored)."""
    reader = Reader(objects.path, "object")
    api = reader.value(root, "apiVersion")
    kind = reader.value(root, "kind")
    if not isinstance(api, str) or not isinstance(kind, str):
        return  # not a Kubernetes object (a values file, a patch): ignored quietly
    if kind == "List" or (kind.endswith("List") and root.get("items") is not None):
        if depth < 2:
            for item in reader.maps(root, "items"):
                handle(objects, item, depth + 1)
        objects.model.problems.extend(reader.problems)
        return
    group = api.split("/")[0] if "/" in api else ""
    handler = HANDLERS.get((group, kind))
    if handler is None:
        return
    kind_node = root.get("kind")
    metadata = root.get("metadata")
    anchor = reader.loc(kind_node, root)
    name, namespace = "", objects.default_namespace
    if not isinstance(metadata, Map):
        problem = "has no metadata" if metadata is None else "metadata must be a mapping"
        objects.model.problems.append(
            ReadProblem("parse-error", f"{kind} {problem}; kubectl would reject it", anchor)
        )
    else:
        name = reader.str(metadata, "name", "metadata.name") or ""
        namespace = reader.str(metadata, "namespace", "metadata.namespace") or namespace
        if not name:
            objects.model.problems.append(
                ReadProblem(
                    "parse-error", f"{kind} has no metadata.name; kubectl would reject it", anchor
                )
            )
        else:
            anchor = reader.loc(metadata.entries["name"][0])
    reader.what = f"{kind} {namespace}/{name or '<unnamed>'}"
    handler(objects, reader, root, name or "<unnamed>", namespace, anchor)
    objects.model.problems.extend(reader.problems)


# ------------------------------------------------------------------------------------------
# Ingress (networking.k8s.io/v1 and v1beta1, extensions/v1beta1) and ingress-nginx


def _annotations(reader: Reader, root: Map) -> dict[str, Scalar]:
    metadata = root.get("metadata")
    if not isinstance(metadata, Map):
        return {}
    return reader.string_map(metadata, "annotations", "metadata.annotations")


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
    annotations = _annotations(r, root)
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
        objects.publish("ingress_hosts", IngressHost(title, ns, host, r.loc(node), offloaded))

    _shim(objects, r, annotations, ns, title, secrets)

    if spec is not None and tls_node is not None and (tls_hosts or refs):
        endpoint = Endpoint(
            source=SOURCE,
            kind="Ingress",
            name=title,
            location=r.loc(_key(spec, "tls")),
            tls=True,
            hosts=tuple(dict.fromkeys(tls_hosts or [h for h, _ in rule_hosts])),
            product=product,
            certificates=tuple(refs),
        )
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
            )
            controller.apply(
                plain, controller.controller_fields(controller.defaults(anchor)), False
            )
            for key in ("ssl-redirect", "force-ssl-redirect"):
                node = ann(key)
                if node is None:
                    continue
                value = nx.parse_bool(text(node))
                if key == "force-ssl-redirect" and value is not True:
                    continue
                plain.redirects_to_https = Setting(
                    value is not False, Origin.WRITTEN, r.loc(node), text(node)
                )
                plain.location = r.loc(node)
                if key == "force-ssl-redirect":
                    break
            objects.model.endpoints.append(plain)


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


def _key(mapping: Map, key: str) -> Any:
    entry = mapping.entries.get(key)
    return entry[0] if entry else mapping


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
            value = text(verify_node).strip().lower() == "on"
            verify_setting = Setting(value, Origin.WRITTEN, r.loc(verify_node), text(verify_node))
        else:
            verify_setting = Setting(
                False,
                Origin.DEFAULT,
                r.loc(protocol),
                "",
                f"{nx.CONTROLLER} default proxy-ssl-verify: off",
            )
        ca = ann("proxy-ssl-secret")
        trusted = Setting(text(ca), Origin.WRITTEN, r.loc(ca), text(ca)) if ca is not None else None
        scheme = text(protocol).strip().upper()
        targets = backends or [("the backend", r.loc(protocol))]
        endpoint.upstreams = tuple(
            Upstream(f"{target} ({scheme})", r.loc(protocol), verify_setting, trusted)
            for target, _ in dict.fromkeys(targets)
        )


def _shim(
    objects: Objects,
    r: Reader,
    annotations: dict[str, Scalar],
    ns: str,
    title: str,
    secrets: list[tuple[str, Scalar, list[str]]],
) -> None:
    """cert-manager's ingress-shim (and gateway-shim): annotations that make a Certificate."""
    ref: IssuerRef | None = None
    issuer = annotations.get(CM + "issuer")
    cluster = annotations.get(CM + "cluster-issuer")
    acme = annotations.get("kubernetes.io/tls-acme")
    if cluster is not None:
        ref = IssuerRef(text(cluster), "ClusterIssuer", CERT_MANAGER_GROUP, ns, r.loc(cluster))
    elif issuer is not None:
        kind = annotations.get(CM + "issuer-kind")
        group = annotations.get(CM + "issuer-group")
        ref = IssuerRef(
            text(issuer),
            text(kind) if kind is not None else "Issuer",
            text(group) if group is not None else CERT_MANAGER_GROUP,
            ns,
            r.loc(issuer),
        )
    elif acme is None or nx.parse_bool(text(acme)) is not True:
        return  # no shim annotation: nothing manages these secrets from here
    for secret_name, node, hosts in secrets:
        where = r.loc(node)
        description = f"ingress-shim Certificate {ns}/{secret_name} ({title})"

        def setting(
            key: str,
            convert: Callable[[str], Any],
            default: Any,
            note: str,
            where: Location = where,
        ) -> Any:
            found = annotations.get(CM + key)
            if found is None:
                return Setting(default, Origin.DEFAULT, where, "", note) if note else None
            value = convert(text(found))
            if value is None:
                r.problems.append(
                    ReadProblem(
                        "parse-error",
                        f"{title}: annotation {CM}{key} has an invalid value "
                        f"'{text(found)}'; ignored",
                        r.loc(found),
                    )
                )
                return Setting(default, Origin.DEFAULT, where, "", note) if note else None
            return Setting(value, Origin.WRITTEN, r.loc(found), text(found))

        algorithm = setting("private-key-algorithm", _algorithm, "RSA", "cert-manager default: RSA")
        size = setting("private-key-size", _int, None, "cert-manager default size")
        if size.origin is Origin.DEFAULT:
            size = Setting(
                CM_KEY_SIZES.get(algorithm.value), Origin.DEFAULT, where, "", _size_note(algorithm)
            )
        managed = ManagedCertificate(
            name=description,
            namespace=ns,
            secret_name=secret_name,
            key=f"secret:{ns}/{secret_name}",
            dns_names=tuple(hosts),
            location=where,
            issuer=ref,
            duration=setting(
                "duration", parse_duration, CM_DURATION, "cert-manager default: 2160h"
            ),
            key_algorithm=algorithm,
            key_size=size,
            rotation_policy=setting(
                "private-key-rotation-policy",
                _rotation,
                "Always",
                "cert-manager default since v1.18: Always",
            ),
            renew_before=setting("renew-before", parse_duration, None, ""),
            renew_before_percentage=setting("renew-before-percentage", _int, None, ""),
        )
        objects.publish("managed_certificates", managed)
        if hosts:
            objects.publish(
                "certificate_names",
                CertificateNames(managed.key, tuple(hosts), description + " dnsNames", where),
            )


def _size_note(algorithm: Setting[str]) -> str:
    size = CM_KEY_SIZES.get(algorithm.value)
    return f"cert-manager default for {algorithm.value}: {size}" if size else "no size"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def parse_duration(raw: str) -> int | None:
    """Go's time.ParseDuration, in whole seconds; None when invalid (e.g. '90d')."""
    value = raw.strip()
    if not value or not re.fullmatch(r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+", value):
        return None
    return int(sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(value)))


def _int(raw: str) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _algorithm(raw: str) -> str | None:
    table = {"rsa": "RSA", "ecdsa": "ECDSA", "ed25519": "Ed25519"}
    return table.get(raw.strip().lower())


def _rotation(raw: str) -> str | None:
    return {"never": "Never", "always": "Always"}.get(raw.strip().lower())


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
    endpoint = Endpoint(
        source=SOURCE,
        kind="ingress-nginx ConfigMap",
        name=f"ConfigMap {ns}/{name} (ingress-nginx controller)",
        location=r.loc(_key(root, "data")),
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
    endpoint.extra["configmap_name"] = f"{ns}/{name}"
    objects.model.endpoints.append(endpoint)
    # The plain-HTTP side of the controller (ssl-redirect), for the link step.
    endpoint.extra["redirect"] = fields.get("redirects_to_https")


# ------------------------------------------------------------------------------------------
# cert-manager


def certificate(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec")
    if spec is None:
        return
    title = f"Certificate {ns}/{name}"
    secret_name = r.str(spec, "secretName", "spec.secretName")
    where = r.loc(_key(spec, "secretName")) if secret_name else anchor
    issuer_map = r.map(spec, "issuerRef", "spec.issuerRef")
    ref = None
    if issuer_map is not None and r.str(issuer_map, "name", "spec.issuerRef.name"):
        ref = IssuerRef(
            r.str(issuer_map, "name") or "",
            r.str(issuer_map, "kind") or "Issuer",
            r.str(issuer_map, "group") or CERT_MANAGER_GROUP,
            ns,
            r.loc(issuer_map.get("name")),
        )
    names = [n for n, _ in r.strs(spec, "dnsNames", "spec.dnsNames")]
    common = r.str(spec, "commonName")
    if common and not names and "." in common and " " not in common:
        names.append(common)  # clients ignore the CN when SANs exist; alone, it names the host

    def duration_setting(key: str, default: int | None, note: str) -> Setting[Any] | None:
        raw = r.str(spec, key, f"spec.{key}")
        if raw is None:
            return Setting(default, Origin.DEFAULT, where, "", note) if note else None
        value = parse_duration(raw)
        if value is None:
            r.problems.append(
                ReadProblem(
                    "parse-error",
                    f"{title}: spec.{key} '{raw}' is not a Go duration (units h, m, s; no "
                    "'d'); cert-manager rejects it",
                    r.loc(spec.get(key)),
                )
            )
            return Setting(default, Origin.DEFAULT, where, "", note) if note else None
        return Setting(value, Origin.WRITTEN, r.loc(spec.get(key)), raw)

    key_map = r.map(spec, "privateKey", "spec.privateKey")
    algo_raw = r.str(key_map, "algorithm", "spec.privateKey.algorithm")
    algorithm: Setting[str] = (
        Setting(
            _algorithm(algo_raw) or algo_raw,
            Origin.WRITTEN,
            r.loc(key_map.get("algorithm")),
            algo_raw,
        )
        if algo_raw and key_map is not None
        else Setting("RSA", Origin.DEFAULT, where, "", "cert-manager default: RSA")
    )
    size_value = r.value(key_map, "size")
    if isinstance(size_value, int) and key_map is not None:
        size: Setting[int | None] = Setting(
            size_value, Origin.WRITTEN, r.loc(key_map.get("size")), str(size_value)
        )
    else:
        size = Setting(
            CM_KEY_SIZES.get(algorithm.value), Origin.DEFAULT, where, "", _size_note(algorithm)
        )
    rotation_raw = r.str(key_map, "rotationPolicy", "spec.privateKey.rotationPolicy")
    rotation: Setting[str] = (
        Setting(rotation_raw, Origin.WRITTEN, r.loc(key_map.get("rotationPolicy")), rotation_raw)
        if rotation_raw and key_map is not None
        else Setting("Always", Origin.DEFAULT, where, "", "cert-manager default since v1.18")
    )
    percentage = r.value(spec, "renewBeforePercentage")
    renewal = r.map(spec, "renewal", "spec.renewal")
    policy = r.str(renewal, "policy")
    managed = ManagedCertificate(
        name=title,
        namespace=ns,
        secret_name=secret_name or "",
        key=f"secret:{ns}/{secret_name}",
        dns_names=tuple(names),
        location=anchor,
        issuer=ref,
        duration=duration_setting("duration", CM_DURATION, "cert-manager default: 2160h")
        or Setting(CM_DURATION, Origin.DEFAULT, where),
        key_algorithm=algorithm,
        key_size=size,
        rotation_policy=rotation,
        renew_before=duration_setting("renewBefore", None, ""),
        renew_before_percentage=Setting(
            percentage, Origin.WRITTEN, r.loc(spec.get("renewBeforePercentage")), str(percentage)
        )
        if isinstance(percentage, int)
        else None,
        renewal_disabled=Setting(True, Origin.WRITTEN, r.loc(renewal.get("policy")), policy)
        if policy == "Disabled" and renewal is not None
        else None,
        is_ca=r.value(spec, "isCA") is True,
    )
    objects.publish("managed_certificates", managed)
    if secret_name and names:
        dns_node = spec.get("dnsNames")
        objects.publish(
            "certificate_names",
            CertificateNames(managed.key, tuple(names), f"{title} dnsNames", r.loc(dns_node, spec)),
        )


def issuer(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    kind = r.value(root, "kind")
    cluster = kind == "ClusterIssuer"
    spec = r.map(root, "spec")
    types = [
        t for t in ("acme", "ca", "selfSigned", "vault", "venafi") if spec and t in spec.entries
    ]
    found = Issuer(
        kind="ClusterIssuer" if cluster else "Issuer",
        name=name,
        namespace="" if cluster else ns,
        type=types[0] if types else "unknown",
        location=anchor,
    )
    acme = r.map(spec, "acme", "spec.acme")
    if acme is not None:
        server = r.str(acme, "server", "spec.acme.server")
        email = r.str(acme, "email", "spec.acme.email")
        account = r.map(acme, "privateKeySecretRef", "spec.acme.privateKeySecretRef")
        account_name = r.str(account, "name", "spec.acme.privateKeySecretRef.name")
        skip = r.value(acme, "skipTLSVerify")
        acme_loc = r.loc(_key(spec, "acme"))
        found = Issuer(
            kind=found.kind,
            name=name,
            namespace=found.namespace,
            type="acme",
            location=anchor,
            acme_server=Setting(
                server or "", Origin.WRITTEN, r.loc(acme.get("server"), acme), server or ""
            )
            if server
            else Setting("", Origin.DEFAULT, acme_loc, "", "no server"),
            acme_email=Setting(email, Origin.WRITTEN, r.loc(acme.get("email")), email)
            if email
            else Setting(None, Origin.DEFAULT, acme_loc, "", "no email"),
            acme_account_key=Setting(
                account_name,
                Origin.WRITTEN,
                r.loc(account.get("name") if account else None, acme),
                account_name or "",
            )
            if account_name
            else Setting(None, Origin.DEFAULT, acme_loc, "", "no privateKeySecretRef"),
            acme_skip_tls_verify=Setting(
                True, Origin.WRITTEN, r.loc(acme.get("skipTLSVerify")), "true"
            )
            if skip is True
            else None,
        )
    objects.publish("issuers", found)


# ------------------------------------------------------------------------------------------
# Secrets of type kubernetes.io/tls

SECRET_ROLES = {"tls.crt": "certificate", "ca.crt": "ca", "tls.key": "key"}


def secret(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    kind = r.str(root, "type")
    data = r.string_map(root, "data", strict=False)
    plain = r.string_map(root, "stringData", strict=False)
    if kind != "kubernetes.io/tls" and not ({"tls.crt", "tls.key"} & (set(data) | set(plain))):
        return
    for field_name, entries, encoded in (("data", data, True), ("stringData", plain, False)):
        for key, node in entries.items():
            role = SECRET_ROLES.get(key)
            if role is None:
                continue
            value = text(node)
            if not value.strip() or value.lstrip().startswith("ENC["):
                continue  # empty, or encrypted with SOPS: nothing to judge here
            if encoded:
                try:
                    payload = base64.b64decode("".join(value.split()), validate=True)
                except (binascii.Error, ValueError):
                    r.problems.append(
                        ReadProblem(
                            "parse-error",
                            f"Secret {ns}/{name}: {field_name}.{key} is not valid base64; ignored",
                            r.loc(node),
                        )
                    )
                    continue
            else:
                payload = value.encode("utf-8")
            objects.publish(
                "embedded_pem",
                EmbeddedPem(
                    path=objects.path,
                    line=node.line,
                    data=payload,
                    origin=f"Secret {ns}/{name}, key {key}",
                    key=f"secret:{ns}/{name}",
                    role=role,
                ),
            )


# ------------------------------------------------------------------------------------------
# Gateway API


def gateway(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    spec = r.map(root, "spec")
    annotations = _annotations(r, root)
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
                location=r.loc(_key(listener, "name")),
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
                location=r.loc(_key(listener, "name")),
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
    _shim(objects, r, annotations, ns, title, secrets)


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


# ------------------------------------------------------------------------------------------
# Traefik TLSOption

TRAEFIK_VERSIONS = {
    "VersionTLS10": "TLSv1",
    "VersionTLS11": "TLSv1.1",
    "VersionTLS12": "TLSv1.2",
    "VersionTLS13": "TLSv1.3",
}
ORDERED = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
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
            r.loc(_key(spec, "cipherSuites")),
            expression,
        )
    curves = r.strs(spec, "curvePreferences", "spec.curvePreferences")
    if curves:
        endpoint.ecdh_curves = Setting(
            tuple(GO_CURVES.get(c.lower(), c) for c, _ in curves),
            Origin.WRITTEN,
            r.loc(_key(spec, "curvePreferences")),
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


# ------------------------------------------------------------------------------------------
# Istio


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
    objects.publish("mesh_policies", MeshPolicy("PeerAuthentication", title, scope, mode, anchor))
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
        objects.publish("mesh_policies", MeshPolicy("DestinationRule", title, scope, mode, anchor))
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
            location=r.loc(_key(server, "port")),
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
                r.loc(_key(tls, "cipherSuites")),
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
                False, Origin.DEFAULT, r.loc(_key(server, "port")), "", "no tls.httpsRedirect"
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


HANDLERS: dict[tuple[str, str], Handler] = {
    ("networking.k8s.io", "Ingress"): ingress,
    ("extensions", "Ingress"): ingress,
    ("", "ConfigMap"): configmap,
    ("", "Secret"): secret,
    ("cert-manager.io", "Certificate"): certificate,
    ("cert-manager.io", "Issuer"): issuer,
    ("cert-manager.io", "ClusterIssuer"): issuer,
    ("gateway.networking.k8s.io", "Gateway"): gateway,
    ("gateway.networking.k8s.io", "HTTPRoute"): http_route,
    ("traefik.io", "TLSOption"): tls_option,
    ("traefik.containo.us", "TLSOption"): tls_option,
    ("security.istio.io", "PeerAuthentication"): peer_authentication,
    ("networking.istio.io", "DestinationRule"): destination_rule,
    ("networking.istio.io", "Gateway"): istio_gateway,
}


def wanted(api: Any, kind: Any) -> bool:
    """Whether a document with this apiVersion and kind can hold anything this source reads."""
    if not isinstance(api, str) or not isinstance(kind, str):
        return True  # not a plain object: let handle() decide (and stay quiet)
    if kind.endswith("List"):
        return True
    group = api.split("/")[0] if "/" in api else ""
    return (group, kind) in HANDLERS
