"""`tlslint fix` for certificate rotation: a `subPath` certificate mount becomes a directory
mount where the file keeps its path and the directory holds certificates only; a workload
that nothing reloads gets the configured reload annotation. Everything else stays as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tlslint.cli import main

NOW = "2026-06-01"

SUBPATH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    reloader.stakater.com/auto: "true"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts:
            - name: tls
              mountPath: /etc/nginx/tls/tls.crt
              subPath: tls.crt
              readOnly: true
            - name: tls
              mountPath: /etc/nginx/tls/tls.key
              subPath: tls.key
              readOnly: true
            - name: config
              mountPath: /etc/nginx/conf.d
      volumes:
        - name: tls
          secret:
            secretName: web-tls
        - name: config
          configMap:
            name: web-nginx
"""

SUBPATH_FIXED = SUBPATH.replace(
    """\
              mountPath: /etc/nginx/tls/tls.crt
              subPath: tls.crt
              readOnly: true
            - name: tls
              mountPath: /etc/nginx/tls/tls.key
              subPath: tls.key
              readOnly: true
""",
    """\
              mountPath: /etc/nginx/tls
              readOnly: true
""",
)

NO_RELOAD = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: lb   # the balancer
  namespace: shop
spec:
  serviceName: lb
  selector:
    matchLabels: {app: lb}
  template:
    metadata:
      labels: {app: lb}
    spec:
      containers:
        - name: haproxy
          image: haproxy:3.0
          volumeMounts:
            - {name: certs, mountPath: /usr/local/etc/haproxy/certs}
      volumes:
        - {name: certs, secret: {secretName: lb-tls, items: [{key: tls.crt, path: lb.pem}]}}
"""


def _fix(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["fix", "--now", NOW, str(root)])
    capsys.readouterr()


def _left(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int]]:
    main(["check", "--format", "json", "--now", NOW, "--select", "TLS609,TLS610", str(root)])
    return [(f["rule"], f["line"]) for f in json.loads(capsys.readouterr().out)["findings"]]


def test_subpath_mounts_of_one_volume_become_one_directory_mount(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "web.yaml"
    manifest.write_text(SUBPATH)
    assert _left(tmp_path, capsys) == [("TLS609", 21), ("TLS609", 25)]
    _fix(tmp_path, capsys)
    assert manifest.read_text() == SUBPATH_FIXED
    assert _left(tmp_path, capsys) == []
    _fix(tmp_path, capsys)  # idempotent
    assert manifest.read_text() == SUBPATH_FIXED


@pytest.mark.parametrize(
    ("mount_path", "sub_path", "why"),
    [
        ("/etc/nginx/server.crt", "tls.crt", "renamed: the server reads another name"),
        ("/etc/ssl/certs/web.crt", "web.crt", "a shared directory that the mount would hide"),
        ("/etc/nginx/tls.crt", "tls.crt", "/etc/nginx holds the configuration"),
    ],
)
def test_subpath_mount_stays_where_a_directory_mount_would_change_the_container(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mount_path: str, sub_path: str, why: str
) -> None:
    text = SUBPATH.replace("/etc/nginx/tls/tls.crt", mount_path).replace(
        "subPath: tls.crt", f"subPath: {sub_path}"
    )
    text = text.replace("/etc/nginx/tls/tls.key", "/etc/nginx/keys/tls.key")
    manifest = tmp_path / "web.yaml"
    manifest.write_text(text)
    _fix(tmp_path, capsys)
    after = manifest.read_text()
    assert f"mountPath: {mount_path}\n              subPath: {sub_path}" in after, why
    assert "mountPath: /etc/nginx/keys\n" in after  # the other mount was fixable


def test_workload_without_reload_gets_the_reloader_annotation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "lb.yaml"
    manifest.write_text(NO_RELOAD)
    assert _left(tmp_path, capsys) == [("TLS610", 4)]
    _fix(tmp_path, capsys)
    assert manifest.read_text() == NO_RELOAD.replace(
        "  namespace: shop\n",
        '  namespace: shop\n  annotations:\n    reloader.stakater.com/auto: "true"\n',
    )
    assert _left(tmp_path, capsys) == []


def test_the_configured_reload_annotation_is_the_one_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".tlslint.yaml").write_text(
        "kubernetes:\n  reload_annotations:\n"
        "    - {annotation: secret.reloader.stakater.com/reload, value: names}\n"
    )
    manifest = tmp_path / "lb.yaml"
    manifest.write_text(
        NO_RELOAD.replace(
            "  namespace: shop\n", "  namespace: shop\n  annotations:\n    team: edge\n", 1
        )
    )
    _fix(tmp_path, capsys)
    assert (
        '    team: edge\n    secret.reloader.stakater.com/reload: "lb-tls"\n'
        in manifest.read_text()
    )
    assert _left(tmp_path, capsys) == []


def test_a_bare_pod_is_not_annotated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pod = """\
apiVersion: v1
kind: Pod
metadata:
  name: static
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - {name: tls, mountPath: /etc/nginx/tls}
  volumes:
    - {name: tls, secret: {secretName: static-tls, items: [{key: tls.crt, path: tls.crt}]}}
"""
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(pod)
    _fix(tmp_path, capsys)
    assert manifest.read_text() == pod
    assert _left(tmp_path, capsys) == [("TLS610", 4)]
