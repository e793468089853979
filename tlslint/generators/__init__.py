"""Generators of configurations and manifests that tlslint's rules accept.

Each generator is a module with an ``Options`` dataclass and a pure ``generate(options)`` that
returns text (``certs`` returns files); the CLI parses arguments into options and writes the
result atomically. ``GENERATORS`` is the registry; a test keeps it and the CLI in step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from tlslint.generators import alerts, cert_manager, certs, haproxy, kubernetes, nginx
from tlslint.generators.common import GeneratorError


class Generator(NamedTuple):
    options: type
    generate: Callable[[Any], Any]
    summary: str


GENERATORS: dict[str, Generator] = {
    "nginx": Generator(nginx.Options, nginx.generate, "an nginx HTTPS server for a profile"),
    "haproxy": Generator(
        haproxy.Options, haproxy.generate, "an HAProxy TLS front end (haproxy.cfg) for a profile"
    ),
    "cert-manager": Generator(
        cert_manager.Options, cert_manager.generate, "cert-manager issuers and Certificates"
    ),
    "gateway": Generator(
        kubernetes.Options, kubernetes.generate_gateway, "a Gateway API Gateway and HTTPRoutes"
    ),
    "ingress": Generator(
        kubernetes.Options, kubernetes.generate_ingress, "an ingress-nginx Ingress (and ConfigMap)"
    ),
    "certs": Generator(certs.Options, certs.generate, "a development CA, server and client certs"),
    "alerts": Generator(alerts.Options, alerts.generate, "Prometheus certificate expiry alerts"),
}


def build_options(kind: str, values: Mapping[str, Any]) -> Any:
    """The generator's options from parsed arguments (unknown keys ignored, lists as tuples)."""
    cls = GENERATORS[kind].options
    known = {f.name for f in dataclasses.fields(cls)}
    chosen = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in values.items()
        if key in known and value is not None
    }
    return cls(**chosen)


def generate(kind: str, values: Mapping[str, Any]) -> Any:
    if kind not in GENERATORS:
        raise GeneratorError(f"no generator {kind!r} (one of: {', '.join(GENERATORS)})")
    return GENERATORS[kind].generate(build_options(kind, values))


__all__ = ["GENERATORS", "Generator", "GeneratorError", "build_options", "generate"]
