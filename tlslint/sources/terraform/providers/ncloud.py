"""Naver Cloud (NaverCloudPlatform/ncloud): load balancer listeners."""

from __future__ import annotations

from tlslint.sources.terraform.builders import (
    Out,
    Provider,
    endpoint,
    knob_values,
    min_version,
    requirement,
)
from tlslint.sources.terraform.view import Res


def ncloud_listener(res: Res, out: Out) -> None:
    proto = res.get("protocol")
    if not proto.known:
        return
    if str(proto.value).upper() in ("HTTPS", "TLS"):
        mapping = {"TLSV10": "TLSv1", "TLSV11": "TLSv1.1", "TLSV12": "TLSv1.2"}
        setting, undecided = min_version(
            res,
            "tls_min_version_type",
            res.get("tls_min_version_type"),
            mapping,
            default="TLSV10",
            maximum="TLSv1.2",
        )
        e = endpoint(
            res,
            "ncloud-lb",
            protocols=setting,
            undecided=undecided,
            knob=knob_values(mapping, "tls_min_version_type"),
        )
        e.tls13_unavailable = "NCP load balancers offer at most TLSv1.2"
        out.endpoints.append(e)
    elif str(proto.value).upper() == "HTTP":
        requirement(
            res,
            out,
            "its listener (plain HTTP)",
            proto,
            lambda v: False,
            'Set protocol = "HTTPS".',
        )


PROVIDER = Provider(builders={"ncloud_lb_listener": ncloud_listener})
