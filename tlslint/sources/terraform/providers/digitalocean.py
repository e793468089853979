"""DigitalOcean (digitalocean/digitalocean): load balancer forwarding rules."""

from __future__ import annotations

from tlslint.model import (
    Origin,
    Setting,
)
from tlslint.sources.terraform.builders import (
    Out,
    Provider,
    endpoint,
    qualified,
    truthy,
)
from tlslint.sources.terraform.view import Res


def digitalocean_lb(res: Res, out: Out) -> None:
    redirect = res.get("redirect_http_to_https")
    for rule in res.blocks("forwarding_rule"):
        entry = rule.get("entry_protocol")
        if not entry.known:
            continue
        proto = str(entry.value).lower()
        if proto in ("https", "http2", "http3"):
            out.endpoints.append(
                endpoint(
                    res,
                    "digitalocean-lb",
                    location=entry.location,
                    name=f"{res.address} {proto}",
                    hosts=(qualified(res, res.address),),
                )
            )
        elif proto == "http":
            out.endpoints.append(
                endpoint(
                    res,
                    "digitalocean-lb",
                    name=f"{res.address} http",
                    location=entry.location,
                    tls=False,
                    hosts=(qualified(res, res.address),),
                    redirects_to_https=Setting(
                        redirect.known and truthy(redirect.value),
                        Origin.WRITTEN,
                        entry.location,
                        entry.raw,
                    ),
                    knob={"plain": "Set redirect_http_to_https = true."},
                )
            )


PROVIDER = Provider(builders={"digitalocean_loadbalancer": digitalocean_lb})
