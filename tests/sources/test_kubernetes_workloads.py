"""The Kubernetes source publishes how each workload container receives certificates: one
SecretConsumer per delivery, with the server its image runs and what reloads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.model.rotation import ENV, ENV_FROM, SUBPATH, VOLUME, SecretConsumer
from tlslint.tls.servers import image_repository, table

POD_SPEC = """\
      containers:
        - name: web
          image: {image}
          volumeMounts:
            - {{name: tls, mountPath: /etc/tls}}
            - {{name: tls, mountPath: /etc/one/tls.crt, subPath: tls.crt}}
          env:
            - name: CERT
              valueFrom:
                secretKeyRef: {{name: web-tls, key: tls.crt}}
          envFrom:
            - secretRef: {{name: web-tls}}
      volumes:
        - {{name: tls, secret: {{secretName: web-tls}}}}
"""

KINDS = {
    "Deployment": ("apps/v1", "spec:\n  template:\n    spec:\n", 6),
    "StatefulSet": ("apps/v1", "spec:\n  template:\n    spec:\n", 6),
    "DaemonSet": ("apps/v1", "spec:\n  template:\n    spec:\n", 6),
    "ReplicaSet": ("apps/v1", "spec:\n  template:\n    spec:\n", 6),
    "Job": ("batch/v1", "spec:\n  template:\n    spec:\n", 6),
    "CronJob": (
        "batch/v1",
        "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n",
        10,
    ),
    "Pod": ("v1", "spec:\n", 2),
}


def manifest(kind: str, image: str = "nginx:1.27", annotations: str = "") -> str:
    api, path, indent = KINDS[kind]
    head = f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\n  namespace: shop\n"
    return head + annotations + path + _reindent(POD_SPEC.format(image=image), indent)


def _reindent(text: str, indent: int) -> str:
    return "".join(
        " " * (indent - 6) + line if line.strip() else line for line in text.splitlines(True)
    )


def consumers(root: Path) -> list[SecretConsumer]:
    return list(lint(root).model.objects.get("secret_consumers", ()))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_workload_kind_publishes_each_delivery_at_its_line(tmp_path: Path, kind: str) -> None:
    text = manifest(kind)
    (tmp_path / "web.yaml").write_text(text)
    lines = text.splitlines()
    found = {(c.delivery, c.location.line) for c in consumers(tmp_path)}
    assert found == {
        (VOLUME, next(i for i, line in enumerate(lines, 1) if "mountPath: /etc/tls}" in line)),
        (SUBPATH, next(i for i, line in enumerate(lines, 1) if "subPath" in line)),
        (ENV, next(i for i, line in enumerate(lines, 1) if "secretKeyRef" in line)),
        (ENV_FROM, next(i for i, line in enumerate(lines, 1) if "secretRef:" in line)),
    }
    for consumer in consumers(tmp_path):
        assert consumer.workload == f"{kind} shop/web"
        assert consumer.workload_location.line == 4
        assert consumer.key == "secret:shop/web-tls"
        assert consumer.long_running is (kind not in ("Job", "CronJob"))
        assert consumer.server is not None and consumer.server.name == "nginx"


def test_what_reloads_a_container_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        manifest(
            "Deployment", annotations='  annotations:\n    reloader.stakater.com/auto: "true"\n'
        )
    )
    assert {c.reloaded_by for c in consumers(tmp_path)} == {
        "annotation reloader.stakater.com/auto: true"
    }


def test_a_reload_annotation_naming_another_secret_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        manifest(
            "Deployment",
            annotations="  annotations:\n    secret.reloader.stakater.com/reload: other,more\n",
        )
    )
    assert {c.reloaded_by for c in consumers(tmp_path)} == {""}


def test_configured_servers_come_before_the_table(tmp_path: Path) -> None:
    (tmp_path / ".tlslint.yaml").write_text(
        "kubernetes:\n  servers:\n"
        "    - {name: our nginx build, images: ['platform/nginx'], watches: true}\n"
    )
    (tmp_path / "a.yaml").write_text(
        manifest("Deployment", image="registry.example.com:5000/platform/nginx:2")
    )
    servers = {c.server for c in consumers(tmp_path)}
    assert len(servers) == 1
    server = servers.pop()
    assert server is not None and server.name == "our nginx build" and server.watches is True


@pytest.mark.parametrize(
    ("image", "repository"),
    [
        ("nginx", "nginx"),
        ("nginx:1.27-alpine", "nginx"),
        ("docker.io/library/nginx:1.27", "nginx"),
        ("registry.example.com:5000/team/nginx:2", "team/nginx"),
        ("ghcr.io/org/proxy@sha256:" + "a" * 64, "org/proxy"),
        ("localhost/haproxy:3", "haproxy"),
    ],
)
def test_images_are_matched_by_repository(image: str, repository: str) -> None:
    assert image_repository(image) == repository


def test_every_table_entry_cites_its_documentation() -> None:
    packaged = table()
    for _, server in packaged.servers:
        assert server.reference.startswith("https://"), server.name
        assert server.watches is not False or server.reload, server.name
    assert packaged.server("nginx:1.27") is not None
    assert packaged.server("traefik:v3.2").watches is True  # type: ignore[union-attr]
    assert packaged.server("example/api:1") is None


def test_wrong_types_in_a_pod_spec_are_findings_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
        "    spec:\n      containers: {name: web}\n      volumes: [{name: a, secret: 3}]\n"
    )
    result = lint(tmp_path)
    assert not result.model.objects.get("secret_consumers")
    assert {f.rule_id for f in result.findings} == {"TLS000"}


def test_a_one_file_check_finds_the_certificate_beside_a_workload(tmp_path: Path) -> None:
    """pre-commit passes only the changed file: the Certificate next to it still tells that
    the Secret holds a certificate, so the verdict is the full scan's."""
    (tmp_path / "certificate.yaml").write_text(
        "apiVersion: cert-manager.io/v1\nkind: Certificate\n"
        "metadata: {name: web, namespace: shop}\n"
        "spec:\n  secretName: app-cert\n  dnsNames: [web.example.com]\n"
        "  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n"
    )
    deployment = manifest("Deployment").replace("web-tls", "app-cert")
    (tmp_path / "deployment.yaml").write_text(deployment)
    full = lint(tmp_path, select=["TLS609", "TLS610"])
    one = lint(tmp_path, select=["TLS609", "TLS610"], paths=[tmp_path / "deployment.yaml"])
    assert [(f.rule_id, f.line) for f in one.findings] == [
        (f.rule_id, f.line) for f in full.findings
    ]
    assert {f.rule_id for f in full.findings} == {"TLS609", "TLS610"}
