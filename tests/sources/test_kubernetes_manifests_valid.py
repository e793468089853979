"""The example and fixture manifests are what the API server accepts: each object whose schema
the reference data holds (Ingress v1, cert-manager, Gateway API, Istio) validates against it.

Only the TLS000/TLS001 fixtures, which are broken on purpose, are left out; the mistakes the
other fixtures show are mistakes of policy, not of syntax, so kubectl would apply them.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import FIXTURES, REFERENCE, REPO

K8S = REFERENCE / "k8s"
CRD_FILES = (
    "cert-manager-crds/cert-manager.io_certificates.yaml",
    "cert-manager-crds/cert-manager.io_issuers.yaml",
    "cert-manager-crds/cert-manager.io_clusterissuers.yaml",
    "gateway-api-crds/gateway.networking.k8s.io_gateways.yaml",
    "gateway-api-crds/gateway.networking.k8s.io_httproutes.yaml",
    "istio-crds/crd-all.gen.yaml",
)
BROKEN_ON_PURPOSE = ("TLS000", "TLS001")


@functools.cache
def schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> the openAPIV3Schema the API server validates with."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for rel in CRD_FILES:
        text = (K8S / rel).read_text(encoding="utf-8")
        for doc in yaml.load_all(text, Loader=yaml.CSafeLoader):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            for version in spec["versions"]:
                api = f"{spec['group']}/{version['name']}"
                out[(api, spec["names"]["kind"])] = version["schema"]["openAPIV3Schema"]
    ingress = json.loads((K8S / "ingress-networking-v1.json").read_text(encoding="utf-8"))
    out[("networking.k8s.io/v1", "Ingress")] = ingress
    return out


def manifests() -> list[Path]:
    found = sorted((REPO / "examples" / "kubernetes").rglob("*.yaml"))
    for path in sorted((FIXTURES / "rules").glob("*/kubernetes/**/*.yaml")):
        rule = path.relative_to(FIXTURES / "rules").parts[0]
        if rule not in BROKEN_ON_PURPOSE and path.name != ".tlslint.yaml":
            found.append(path)
    return found


FILES = manifests()


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(REPO).as_posix() for p in FILES])
def test_manifest_validates_against_the_real_schema(path: Path) -> None:
    import jsonschema

    for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
        if not isinstance(doc, dict):
            continue
        schema = schemas().get((doc.get("apiVersion"), doc.get("kind")))
        if schema is None:
            continue  # a kind without reference schema (ConfigMap, Secret, TLSOption…)
        errors = sorted(
            jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path)
        )
        assert not errors, f"{doc['kind']}: {errors[0].message} at {list(errors[0].path)}"


def test_the_schemas_cover_the_kinds_the_source_reads() -> None:
    kinds = {kind for _, kind in schemas()}
    assert {"Ingress", "Certificate", "Issuer", "ClusterIssuer", "Gateway", "HTTPRoute"} <= kinds
    assert {"PeerAuthentication", "DestinationRule"} <= kinds
