"""A generated repository that holds every source, for whole-run properties and benchmarks.

``build(root, copies)`` writes ``copies`` copies of the bundled example repository (nginx with
includes, Kubernetes with cert-manager, Istio and Traefik, Terraform with a module and a plan,
certificate and key files) plus material made at test time that stresses cross-file linking:
two same-named TLS Secrets in different files for one Ingress, a leaf whose intermediate sits
in another file, a CA bundle, expired and soon-expiring certificates, an nginx config named
``*.conf.sample``. Certificates are made relative to ``tests.helpers.NOW``.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

from tests.certfactory import ec_key, intermediate_ca, leaf, make, write
from tests.helpers import REPO

EXAMPLES = REPO / "examples"

SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: web-tls
  namespace: shop
type: kubernetes.io/tls
data:
  tls.crt: {crt}
  tls.key: {key}
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [web{n}.example.com]
      secretName: web-tls
  rules:
    - host: web{n}.example.com
"""

SAMPLE = """server {{
    listen 443 ssl;
    server_name sample{n}.example.com;
    ssl_certificate tls/site{n}.pem;
    ssl_certificate_key tls/site{n}.key;
    ssl_protocols TLSv1 TLSv1.2;
}}
"""

TERRAFORM = """resource "aws_lb_listener" "https_{n}" {{
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/{n}"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/{n}"
}}
"""


def build(root: Path, copies: int = 3) -> Path:
    """Write the repository under ``root`` and return it."""
    for copy in range(copies):
        team = root / f"team{copy}"
        shutil.copytree(EXAMPLES, team, ignore=shutil.ignore_patterns(".tlslint.yaml", "*.py"))
        _certificates(team / "pki", copy)
        _secrets(team / "k8s", copy)
        write(team / "nginx" / f"site{copy}.conf.sample", SAMPLE.format(n=copy))
        write(team / "nginx" / "tls" / f"site{copy}.pem", leaf(f"sample{copy}.example.com").pem)
        write(team / "infra" / f"lb{copy}.tf", TERRAFORM.format(n=copy))
    return root


def _certificates(directory: Path, copy: int) -> None:
    chain = leaf(f"api{copy}.example.com", key=ec_key(copy))
    write(directory / "api.pem", chain.pem)  # its intermediate is in another file
    write(directory / "intermediate.pem", intermediate_ca().pem)
    write(directory / "api.key", chain.key_pem())
    roots = [make(f"Team {copy} Root {i}", ca=True, key=ec_key(100 + i)) for i in range(8)]
    write(directory / "ca-bundle.crt", *(r.pem for r in roots))
    write(directory / "expired.crt", make(f"old{copy}.example.com", days_after=-3).pem)
    write(directory / "soon.crt", make(f"soon{copy}.example.com", days_after=10).pem)


def _secrets(directory: Path, copy: int) -> None:
    """Two Secrets shop/web-tls in different files, each with its own certificate."""
    for side, days in (("a", 5), ("b", 200)):
        cert = make(f"web{copy}.example.com", days_after=days, key=ec_key(50 + copy))
        text = SECRET.format(
            crt=base64.b64encode(cert.pem).decode(),
            key=base64.b64encode(cert.key_pem()).decode(),
        )
        write(directory / side / "secret.yaml", text)
    write(directory / "ingress.yaml", INGRESS.format(n=copy))
