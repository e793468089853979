"""Alibaba Cloud (aliyun/alicloud): SLB/ALB HTTPS listeners and TLS cipher policies."""

from __future__ import annotations

from tlslint.model import (
    Origin,
    Setting,
)
from tlslint.sources.terraform.builders import (
    Out,
    Provider,
    cannot_tell,
    endpoint,
    managed_policy,
    policy_endpoint,
    strings,
    written_suites,
)
from tlslint.sources.terraform.view import Res

ALI_TLS = {"TLSv1.0": "TLSv1", "TLSv1.1": "TLSv1.1", "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}


def alicloud_cipher_policy(res: Res, out: Out) -> None:
    """A custom TLS cipher policy: its tls_versions and ciphers as written."""
    val = res.get("tls_versions")
    if val.present and not val.known:
        out.endpoints.append(
            endpoint(res, "alicloud-slb", undecided={"protocols": cannot_tell("tls_versions", val)})
        )
        return
    if not val.known:
        return
    found = frozenset(ALI_TLS[v] for v in strings(val) if v in ALI_TLS)
    out.endpoints.append(
        endpoint(
            res,
            "alicloud-slb",
            protocols=Setting(found, Origin.WRITTEN, val.location, val.raw, "tls_versions"),
            ciphers=written_suites(res.get("ciphers")),
            knob={"attribute": "tls_versions", "list": True, "values": {"TLSv1.2": "TLSv1.2"}},
        )
    )


def alicloud_listener(res: Res, out: Out) -> None:
    """An SLB (CLB) HTTPS listener or an ALB listener and its predefined TLS cipher policy."""
    if res.type == "alicloud_alb_listener":
        proto, attr = res.get("listener_protocol"), "security_policy_id"
    else:
        proto, attr = res.get("protocol"), "tls_cipher_policy"
    if not proto.known or str(proto.value).upper() != "HTTPS":
        return
    val = res.get(attr)
    if val.known and not str(val.value).startswith("tls_cipher_policy_"):
        return  # a custom policy's id: judged where alicloud_slb_tls_cipher_policy defines it
    choice = managed_policy(
        res,
        out,
        "alicloud_slb",
        attr,
        val,
        default="tls_cipher_policy_1_0",
        default_note=f"{attr} is not set, so Alibaba Cloud applies tls_cipher_policy_1_0",
        vendor="Alibaba Cloud",
    )
    out.endpoints.append(
        policy_endpoint(
            res,
            "alicloud-slb",
            choice,
            knob={"family": "alicloud_slb", "attribute": attr},
        )
    )


PROVIDER = Provider(
    builders={
        "alicloud_slb_tls_cipher_policy": alicloud_cipher_policy,
        "alicloud_slb_listener": alicloud_listener,
        "alicloud_alb_listener": alicloud_listener,
    },
)
