"""A report on part of a repository counts as evidence only what lies in that part: the rest of
the repository is read as context (inheritance, issuers), never listed as examined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tlslint.cli import main

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
  namespace: shop
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  tls:
    - hosts: [{name}.example.com]
      secretName: {name}-tls
  rules:
    - host: {name}.example.com
"""

ISSUER = """apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ops@example.com
    privateKeySecretRef: {name: letsencrypt-account}
    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]
"""


def report(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    main(["report", str(path), "--format", "json", "--now", "2026-06-01"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def evidence(document: dict[str, object], requirement: str) -> str:
    rows = document["requirements"]
    assert isinstance(rows, list)
    (row,) = [r for r in rows if r["standard"] == "pci-dss" and r["id"] == requirement]
    return str(row["evidence"])


def test_a_report_on_a_directory_counts_only_what_the_directory_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "ingress.yaml").write_text(INGRESS.format(name="shop"))
    (tmp_path / "platform").mkdir()
    for i in range(3):
        (tmp_path / "platform" / f"ingress-{i}.yaml").write_text(INGRESS.format(name=f"p{i}"))
    (tmp_path / "platform" / "issuer.yaml").write_text(ISSUER)

    part = report(capsys, tmp_path / "shop")
    whole = report(capsys, tmp_path)

    assert part["summary"]["files"] == 1  # type: ignore[index]
    assert "1 Ingress host" in evidence(part, "4.2.1")
    assert "1 issuer" not in evidence(part, "4.2.1")  # the issuer is context, not evidence
    assert "4 Ingress hosts" in evidence(whole, "4.2.1")
    assert "1 issuer" in evidence(whole, "4.2.1")
    # The issuer outside the part still resolves the reference: no TLS607 in either report.
    for document in (part, whole):
        findings = document["findings"]
        assert isinstance(findings, list)
        assert not [f for f in findings if f["rule"] == "TLS607"]
