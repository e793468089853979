"""Benchmark the Kubernetes source on synthetic GitOps repositories (not a test: prints figures).

Builds repositories of 100, 1,000 and 5,000 manifest files (apps with Ingresses and
cert-manager Certificates, an ingress-nginx ConfigMap, issuers, Istio policies, Secrets,
multi-document files) and times `tlslint check` on each as a subprocess: files per second,
peak resident memory, and the ratio to the floor — composing every file once with PyYAML's C
loader in one process, which is what any YAML-based tool must at least pay.

    python3 bench/kubernetes_bench.py [--sizes 100,1000,5000] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app{i}
  namespace: team{t}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
{extra}spec:
  ingressClassName: nginx
  tls:
    - hosts: [app{i}.example.com]
      secretName: app{i}-tls
  rules:
    - host: app{i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: app{i}
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: app{i}
  namespace: team{t}
spec:
  selector: {{app: app{i}}}
  ports: [{{port: 80, targetPort: 8080}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app{i}
  namespace: team{t}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: app{i}}}}}
  template:
    metadata: {{labels: {{app: app{i}}}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/app{i}:1.{i}
          ports: [{{containerPort: 8080}}]
          env:
            - {{name: MODE, value: production}}
            - {{name: LOG_LEVEL, value: info}}
"""

EXTRAS = [
    "",
    '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n',
    '    nginx.ingress.kubernetes.io/ssl-ciphers: "HIGH:!aNULL:!MD5"\n',
    "    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\n",
]

CERTIFICATE = """apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: api{i}
  namespace: team{t}
spec:
  secretName: api{i}-tls
  dnsNames: [api{i}.example.com]
  duration: {duration}
  privateKey: {{algorithm: ECDSA, size: 256}}
  issuerRef: {{name: letsencrypt, kind: ClusterIssuer}}
"""

FIXED = {
    "infra/ingress-nginx/configmap.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-protocols: "TLSv1.2 TLSv1.3"
  hsts-max-age: "63072000"
""",
    "infra/cert-manager/issuer.yaml": """apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ops@example.com
    privateKeySecretRef: {name: le-account}
""",
    "infra/istio/mesh.yaml": """apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls: {mode: STRICT}
""",
}


def build(root: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for rel, text in FIXED.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for i in range(count - len(FIXED)):
        team = i % 25
        directory = root / "apps" / f"team{team}"
        directory.mkdir(parents=True, exist_ok=True)
        if rng.random() < 0.7:
            text = INGRESS.format(i=i, t=team, extra=rng.choice(EXTRAS))
            (directory / f"app{i}.yaml").write_text(text)
        else:
            duration = rng.choice(["2160h", "8760h", "720h"])
            text = CERTIFICATE.format(i=i, t=team, duration=duration)
            (directory / f"cert{i}.yaml").write_text(text)


def floor_seconds(root: Path) -> float:
    """Composing every file once with the C loader, in one warm process."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(root.rglob("*.yaml"))
    started = time.perf_counter()
    for f in files:
        list(yaml.compose_all(f.read_text(), Loader=loader))
    return time.perf_counter() - started


def run(root: Path, jobs: int) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "tlslint", "check", str(root), "--format", "json"]
    command += ["--jobs", str(jobs), "--now", "2026-06-01", "--output", os.devnull]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, env=env, check=False, capture_output=True)
    elapsed = time.perf_counter() - started
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    header = ("files", "tlslint s", "files/s", "peak MB", "floor s", "x floor")
    print(" ".join(f"{h:>9}" for h in header))
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            build(root, size)
            elapsed, peak = run(root, args.jobs)
            floor = floor_seconds(root)
            print(
                f"{size:>9} {elapsed:>9.2f} {size / elapsed:>9.0f} {peak / 1024:>9.0f} "
                f"{floor:>9.2f} {elapsed / floor:>9.1f}"
            )


if __name__ == "__main__":
    main()
