"""Service mesh: mutual TLS between workloads (Istio)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import MESH_POLICIES, Severity
from tlslint.rules.base import Context, Issue, origin_phrase, rule

if TYPE_CHECKING:
    from tlslint.model.kubernetes import MeshPolicy

WEAK_INBOUND = frozenset({"PERMISSIVE", "DISABLE"})


def _required(policy: MeshPolicy, ctx: Context) -> bool:
    """Mesh mTLS is required everywhere unless the policy's mtls_required names paths."""
    paths = ctx.policy.mtls.paths
    return not paths or any(fnmatch.fnmatchcase(policy.location.path, p) for p in paths)


@rule(
    "TLS702",
    "mesh-mtls-permissive",
    Severity.HIGH,
    "Istio accepts or sends plaintext between workloads",
    subject=MESH_POLICIES,
    sources=("kubernetes",),
    standard="Istio security best practices; NIST SP 800-207 (zero trust)",
    fix="none",
)
def MESH_MTLS_PERMISSIVE(policy: MeshPolicy, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Istio `PeerAuthentication` with `mtls.mode` `PERMISSIVE` or `DISABLE` (also per port in
    `portLevelMtls`, and a mesh-wide policy in the root namespace that leaves the mode
    `UNSET`, which Istio treats as PERMISSIVE), and `DestinationRule` `trafficPolicy.tls.mode:
    DISABLE`, which turns off auto-mTLS towards a service. When the policy's
    `mtls_required.paths` is set, only files matching it are judged.

    Why it matters
    ---
    PERMISSIVE accepts plaintext alongside mTLS: any pod, or anything that reaches a pod IP,
    can call the workload without a workload identity, and authorization policies based on
    principals no longer hold. It is meant for migrations, not for steady state.

    Severity
    ---
    High: workloads accept or send plaintext inside the mesh, which a compromised pod can
    read.

    Example
    ---
    ```yaml
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: default
      namespace: istio-system
    spec:
      mtls:
        mode: PERMISSIVE
    ```

    Use instead
    ---
    ```yaml
    spec:
      mtls:
        mode: STRICT
    ```

    References
    ---
    - https://istio.io/latest/docs/reference/config/security/peer_authentication/
    - https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
    - https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
    - https://csrc.nist.gov/pubs/sp/800/207/final
    """
    mode = policy.mode
    if not _required(policy, ctx):
        return
    if policy.kind == "PeerAuthentication":
        weak = mode.value in WEAK_INBOUND or (mode.value == "UNSET" and policy.scope == "mesh-wide")
        if not weak:
            return
        shown = "PERMISSIVE" if mode.value == "UNSET" else mode.value
        accepts = "turns mutual TLS off" if mode.value == "DISABLE" else "accepts plaintext"
        yield Issue(
            f"PeerAuthentication {policy.name} ({policy.scope}) {accepts}: mtls mode "
            f"{shown}{origin_phrase(mode)}",
            mode.location,
            "Set `spec.mtls.mode: STRICT`.",
            endpoint=f"PeerAuthentication {policy.name}",
            context=f"{policy.scope} {mode.value}",
        )
    elif mode.value == "DISABLE":
        yield Issue(
            f"DestinationRule {policy.name} sends plaintext to {policy.scope}: tls mode DISABLE "
            "overrides Istio's automatic mutual TLS",
            mode.location,
            "Set `trafficPolicy.tls.mode: ISTIO_MUTUAL` (or remove the tls block).",
            endpoint=f"DestinationRule {policy.name}",
            context=f"{policy.scope} DISABLE",
        )
