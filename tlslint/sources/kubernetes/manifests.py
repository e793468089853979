"""Kubernetes objects -> the model: which handler reads which kind, and Lists of objects."""

from __future__ import annotations

import re
from typing import Any

from tlslint.model import ReadProblem
from tlslint.sources.kubernetes import (
    certmanager,
    gateway,
    ingress,
    istio,
    secrets,
    traefik,
    workloads,
)
from tlslint.sources.kubernetes.common import Handler, Objects
from tlslint.sources.kubernetes.reader import Reader
from tlslint.sources.kubernetes.yamltree import Map, Wanted


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


HANDLERS: dict[tuple[str, str], Handler] = {
    ("networking.k8s.io", "Ingress"): ingress.ingress,
    ("extensions", "Ingress"): ingress.ingress,
    ("", "ConfigMap"): ingress.configmap,
    ("", "Secret"): workloads.also_tls_secret(secrets.secret),
    ("bitnami.com", "SealedSecret"): workloads.tls_secret,
    ("cert-manager.io", "Certificate"): certmanager.certificate,
    ("cert-manager.io", "Issuer"): certmanager.issuer,
    ("cert-manager.io", "ClusterIssuer"): certmanager.issuer,
    ("gateway.networking.k8s.io", "Gateway"): gateway.gateway,
    ("gateway.networking.k8s.io", "HTTPRoute"): gateway.http_route,
    ("traefik.io", "TLSOption"): traefik.tls_option,
    ("traefik.containo.us", "TLSOption"): traefik.tls_option,
    ("traefik.io", "IngressRoute"): traefik.ingress_route,
    ("traefik.containo.us", "IngressRoute"): traefik.ingress_route,
    ("security.istio.io", "PeerAuthentication"): istio.peer_authentication,
    ("networking.istio.io", "DestinationRule"): istio.destination_rule,
    ("networking.istio.io", "Gateway"): istio.istio_gateway,
    **{kind: workloads.workload for kind in workloads.TEMPLATES},
}


def wanted(api: Any, kind: Any) -> bool:
    """Whether a document with this apiVersion and kind can hold anything this source reads."""
    if not isinstance(api, str) or not isinstance(kind, str):
        return True  # not a plain object: let handle() decide (and stay quiet)
    if kind.endswith("List"):
        return True
    group = api.split("/")[0] if "/" in api else ""
    return (group, kind) in HANDLERS


def _wanted_without_workloads(api: Any, kind: Any) -> bool:
    if isinstance(api, str) and isinstance(kind, str):
        group = api.split("/")[0] if "/" in api else ""
        if (group, kind) in workloads.TEMPLATES:
            return False
    return wanted(api, kind)


# What a pod spec needs to receive a Secret or a CSI certificate: a `secret:` volume or
# projected source, `secretKeyRef`, `secretRef`, or the cert-manager CSI driver.
_CONSUMES = re.compile(r"(?<![\w.-])secret\s*:|secretKeyRef|secretRef|csi\.cert-manager\.io")


def wanted_for(text: str) -> Wanted:
    """``wanted`` for one file: workloads are built only when the file can hold a Secret
    consumer (``_CONSUMES``), since that is all the rotation rules read in them; most workload
    files have none, and building their trees would be most of their cost."""
    # (Every form holds one of the two words: a plain search rules most files out faster
    # than the pattern, which must try each position for its look-behind.)
    if ("secret" in text or "csi.cert-manager.io" in text) and _CONSUMES.search(text):
        return wanted
    return _wanted_without_workloads
