"""Generators of configurations and manifests that tlslint's rules accept.

Each generator is a module with an ``Options`` dataclass and a pure ``generate(options)`` that
returns text (``certs`` returns files). Each ``Options`` field says beside itself which flag
sets it (:func:`tlslint.arguments.flag`), or that the command fills it
(:func:`tlslint.arguments.internal`); ``tlslint generate KIND`` is built from that and from
``GENERATORS``, the registry. Adding a generator is one entry here: the sub-command, its
options and its help follow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tlslint.generators import (
    alerts,
    apache,
    cert_manager,
    certs,
    cfssl,
    haproxy,
    kubernetes,
    nginx,
    vault_pki,
)
from tlslint.generators.common import GeneratorError
from tlslint.generators.target import apache_target, haproxy_target, nginx_target

STDOUT = "write to this file (default: stdout)"

# Extra values the command reads for a generator (from the machine or the output directory),
# given the options parsed so far and --output; raises GeneratorError.
Prepare = Callable[[Mapping[str, Any], "Path | None"], Mapping[str, Any]]


class Generator(NamedTuple):
    options: type  # a frozen dataclass whose fields carry flag() or internal() metadata
    generate: Callable[[Any], Any]  # options -> text, or a Bundle of files
    summary: str  # the sub-command's one-line help and description
    output_help: str = STDOUT
    output_default: str | None = None  # a directory, for generators that write files
    prepare: Prepare | None = None


GENERATORS: dict[str, Generator] = {
    "nginx": Generator(
        nginx.Options,
        nginx.generate,
        "an nginx HTTPS server (conf.d file) for a Mozilla profile",
        prepare=nginx_target,
    ),
    "apache": Generator(
        apache.Options,
        apache.generate,
        "an Apache httpd HTTPS site (sites-available file) for a Mozilla profile",
        prepare=apache_target,
    ),
    "haproxy": Generator(
        haproxy.Options,
        haproxy.generate,
        "an HAProxy TLS front end (haproxy.cfg) for a Mozilla profile",
        prepare=haproxy_target,
    ),
    "cert-manager": Generator(
        cert_manager.Options,
        cert_manager.generate,
        "cert-manager issuers (ACME, internal CA, Vault) and Certificates",
    ),
    "gateway": Generator(
        kubernetes.Options,
        kubernetes.generate_gateway,
        "a Gateway API Gateway with HTTPS listeners, an HTTPRoute and the redirect",
    ),
    "ingress": Generator(
        kubernetes.Options,
        kubernetes.generate_ingress,
        "an ingress-nginx Ingress with TLS (and the controller ConfigMap)",
    ),
    "alerts": Generator(
        alerts.Options,
        alerts.generate,
        "Prometheus alerts for certificate expiry (or the blackbox module)",
    ),
    "certs": Generator(
        certs.Options,
        certs.generate,
        "a development CA, server certificates and mTLS client certificates",
        output_help=f"write the files into this directory (default: {certs.DEFAULT_DIRECTORY}); "
        "an existing CA there is reused",
        output_default=certs.DEFAULT_DIRECTORY,
        prepare=certs.from_directory,
    ),
    "vault-pki": Generator(
        vault_pki.Options,
        vault_pki.generate,
        "a Vault PKI in Terraform: a role issuing short-lived EC certificates for its domains",
    ),
    "cfssl": Generator(
        cfssl.Options,
        cfssl.generate,
        "a CFSSL CA config (short server and client profiles restricted to its domains) and CSRs",
        output_help=f"write the files into this directory (default: {cfssl.DEFAULT_DIRECTORY})",
        output_default=cfssl.DEFAULT_DIRECTORY,
        prepare=cfssl.into_directory,
    ),
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


def run(kind: str, values: Mapping[str, Any], output: Path | None) -> Any:
    """What ``tlslint generate KIND`` produces: the options given, completed by the
    generator's ``prepare`` (what is installed here, what the output directory holds)."""
    entry = GENERATORS[kind]
    given = dict(values)
    if entry.prepare is not None:
        given.update(entry.prepare(given, output))
    return generate(kind, given)


__all__ = ["GENERATORS", "Generator", "GeneratorError", "build_options", "generate", "run"]
