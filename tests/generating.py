"""Helpers for the generator tests: the real nginx, linting generated text, CRD schemas.

Generated files are judged by the tools that will run them: ``nginx -t`` (and a served
instance), the CRD ``openAPIV3Schema`` from ``tests/reference/k8s/``, and tlslint itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REFERENCE, lint
from tlslint.model import Finding

K8S = REFERENCE / "k8s"


# --- nginx ------------------------------------------------------------------------------------


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        pytest.skip("nginx is not installed (CI installs it: apt-get install nginx)")
    return found


@functools.cache
def installed_versions() -> tuple[str, str]:
    """(nginx version, OpenSSL version it runs with), from ``nginx -V``."""
    done = subprocess.run(
        [nginx_binary(), "-V"], capture_output=True, text=True, timeout=10, check=False
    )
    text = done.stderr + done.stdout
    nginx = re.search(r"nginx/(\d+\.\d+\.\d+)", text)
    openssl = re.search(r"running with OpenSSL (\d+\.\d+\.\d+)", text) or re.search(
        r"built with OpenSSL (\d+\.\d+\.\d+)", text
    )
    assert nginx and openssl, text
    return nginx.group(1), openssl.group(1)


def nginx_prefix(prefix: Path, site: str) -> Path:
    """A runnable nginx prefix holding ``site`` (a conf.d file); returns its nginx.conf."""
    for sub in ("conf.d", "logs", "temp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "conf.d" / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = prefix / "temp"
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\n"
        f"error_log {prefix}/logs/error.log;\n"
        f"pid {prefix}/logs/nginx.pid;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {prefix}/logs/access.log;\n"
        f"    client_body_temp_path {temp}/body;\n"
        f"    proxy_temp_path {temp}/proxy;\n"
        f"    fastcgi_temp_path {temp}/fastcgi;\n"
        f"    uwsgi_temp_path {temp}/uwsgi;\n"
        f"    scgi_temp_path {temp}/scgi;\n"
        f"    include {prefix}/conf.d/*.conf;\n"
        "}\n",
        encoding="utf-8",
    )
    return conf


def nginx_t(prefix: Path) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on a prefix made by :func:`nginx_prefix`."""
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@contextlib.contextmanager
def nginx_running(prefix: Path) -> Iterator[None]:
    """nginx serving a prefix in the foreground of a child process; stopped on exit."""
    process = subprocess.Popen(
        [
            nginx_binary(),
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-g",
            "daemon off; master_process on;",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# --- linting generated output -----------------------------------------------------------------


def lint_text(
    tmp: Path, name: str, text: str, profile: str, nginx_version: str | None = None
) -> list[Finding]:
    """Lint one generated file under a profile (as `tlslint check` would) and return findings."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / name).write_text(text, encoding="utf-8")
    config = f"profile: {profile}\n"
    if nginx_version:
        config += f'nginx:\n  version: "{nginx_version}"\n'
    (tmp / ".tlslint.yaml").write_text(config, encoding="utf-8")
    # A generated file is linted alone: the certificate it names is deployed with it, never
    # committed beside it, so that evidence gap (TLS415, info) is no defect of the text.
    return [f for f in lint(tmp).findings if f.rule_id != "TLS415"]


def assert_manifest_lints_clean(
    tmp: Path,
    text: str,
    profile: str = "intermediate",
    companions: Sequence[str] = (),
    expected: Iterable[str] = (),
) -> None:
    """Lint a generated manifest, beside the ``companions`` a real repository would hold (the
    issuers it names); the findings must be exactly the ``expected`` rule ids (none, unless a
    test documents why)."""
    for number, companion in enumerate(companions):
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / f"companion-{number}.yaml").write_text(companion, encoding="utf-8")
    findings = lint_text(tmp, "manifest.yaml", text, profile)
    assert sorted(f.rule_id for f in findings) == sorted(expected), "\n".join(
        f"{f.rule_id} {f.path}:{f.line}: {f.message}" for f in findings
    )


# --- Kubernetes schemas -----------------------------------------------------------------------


def crd_schema(relative: str, version: str) -> dict[str, Any]:
    """The openAPIV3Schema of one version of a CRD under reference/k8s/."""
    import yaml

    path = K8S / relative
    crd = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in crd["spec"]["versions"]:
        if entry["name"] == version:
            return _strict(entry["schema"]["openAPIV3Schema"])  # type: ignore[no-any-return]
    raise AssertionError(f"{relative} has no version {version}")


def _strict(schema: Any) -> Any:
    """Object schemas with listed properties reject unknown fields, as the API server prunes
    them (a misspelt field would otherwise pass silently)."""
    if isinstance(schema, dict):
        out = {k: _strict(v) for k, v in schema.items()}
        if (
            out.get("type") == "object"
            and "properties" in out
            and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields")
        ):
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


def ingress_schema() -> dict[str, Any]:
    import json

    path = K8S / "ingress-networking-v1.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


SCHEMAS = {
    ("cert-manager.io/v1", "Certificate"): (
        "cert-manager-crds/cert-manager.io_certificates.yaml",
        "v1",
    ),
    ("cert-manager.io/v1", "Issuer"): ("cert-manager-crds/cert-manager.io_issuers.yaml", "v1"),
    ("cert-manager.io/v1", "ClusterIssuer"): (
        "cert-manager-crds/cert-manager.io_clusterissuers.yaml",
        "v1",
    ),
    ("gateway.networking.k8s.io/v1", "Gateway"): (
        "gateway-api-crds/gateway.networking.k8s.io_gateways.yaml",
        "v1",
    ),
    ("gateway.networking.k8s.io/v1", "HTTPRoute"): (
        "gateway-api-crds/gateway.networking.k8s.io_httproutes.yaml",
        "v1",
    ),
    ("monitoring.coreos.com/v1", "PrometheusRule"): (
        "prometheus-operator-crds/monitoring.coreos.com_prometheusrules.yaml",
        "v1",
    ),
}

# Core kinds have no CRD: the parts of their API that a generated object may use.
CONFIGMAP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "data"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "v1"},
        "kind": {"const": "ConfigMap"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "namespace": {"type": "string"}},
        },
        "data": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def validate_manifests(text: str) -> list[dict[str, Any]]:
    """Validate every document against its schema; returns the documents."""
    import jsonschema
    import yaml

    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    assert documents, "no YAML documents"
    for document in documents:
        key = (document.get("apiVersion"), document.get("kind"))
        if key == ("networking.k8s.io/v1", "Ingress"):
            schema = ingress_schema()
        elif key == ("v1", "ConfigMap"):
            schema = CONFIGMAP_SCHEMA
        elif key in SCHEMAS:
            schema = crd_schema(*SCHEMAS[key])
            metadata = document.get("metadata", {})
            assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", metadata.get("name", "")), (
                f"{key}: metadata.name {metadata.get('name')!r}"
            )
        else:
            raise AssertionError(f"no schema for {key}")
        # No meta-schema check: CRDs carry Go regular expressions (e.g. a mid-pattern "(?i)")
        # that Python's re rejects; patterns of fields a document does not use never run.
        validator = jsonschema.Draft202012Validator(schema)
        errors = [
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in validator.iter_errors(document)
        ]
        assert not errors, f"{key[1]} {document.get('metadata', {}).get('name')}: " + "; ".join(
            errors
        )
    return documents


# --- Apache httpd -----------------------------------------------------------------------------

APACHE_MODULES = "/usr/lib/apache2/modules"
APACHE_LOADED = (
    "mpm_event",
    "authz_core",
    "mime",
    "dir",
    "alias",
    "ssl",
    "socache_shmcb",
    "headers",
    "rewrite",
    "http2",
)


def apache_binary() -> str:
    found = shutil.which("apache2") or next(
        (p for p in ("/usr/sbin/apache2",) if os.access(p, os.X_OK)), None
    )
    if found is None or not os.path.isdir(APACHE_MODULES):
        pytest.skip("apache2 is not installed (CI installs it: apt-get install apache2)")
    return found


@functools.cache
def apache_versions() -> tuple[str, str]:
    """(httpd version, OpenSSL version), from ``apache2 -v`` and ``openssl version``."""
    done = subprocess.run(
        [apache_binary(), "-v"], capture_output=True, text=True, timeout=10, check=False
    )
    httpd = re.search(r"Apache/(\d+\.\d+\.\d+)", done.stdout)
    ossl = subprocess.run(
        ["openssl", "version"], capture_output=True, text=True, timeout=10, check=False
    )
    openssl = re.search(r"OpenSSL (\d+\.\d+\.\d+)", ossl.stdout)
    assert httpd and openssl, done.stdout + ossl.stdout
    return httpd.group(1), openssl.group(1)


def apache_root(root: Path, site: str, listen: Sequence[str] = ("127.0.0.1:1",)) -> Path:
    """A runnable ServerRoot holding ``site``; returns its httpd.conf."""
    for sub in ("logs", "run", "sites"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "sites" / "site.conf").write_text(site, encoding="utf-8")
    (root / "mime.types").write_text("text/html html\n", encoding="utf-8")
    loads = "".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so\n" for m in APACHE_LOADED)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    conf = root / "httpd.conf"
    conf.write_text(
        f'ServerRoot "{root}"\n'
        f"{loads}{user}"
        "ServerName localhost\n"
        f"TypesConfig {root}/mime.types\n"
        f"PidFile {root}/run/httpd.pid\n"
        f"DefaultRuntimeDir {root}/run\n"
        f"ErrorLog {root}/logs/error.log\n"
        "LogLevel warn\n"
        "<Directory />\n    AllowOverride None\n    Require all denied\n</Directory>\n"
        "Mutex file:run default\n"
        + "".join(f"Listen {address}\n" for address in listen)
        + f"Include {root}/sites/*.conf\n",
        encoding="utf-8",
    )
    return conf


def apache_t(root: Path) -> subprocess.CompletedProcess[str]:
    """``apache2 -t`` on a ServerRoot made by :func:`apache_root`."""
    return subprocess.run(
        [apache_binary(), "-t", "-d", str(root), "-f", str(root / "httpd.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@contextlib.contextmanager
def apache_running(root: Path) -> Iterator[None]:
    """httpd serving a ServerRoot in the foreground of a child process; stopped on exit."""
    process = subprocess.Popen(
        [apache_binary(), "-d", str(root), "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
