"""Google Cloud (hashicorp/google): load balancer proxies and their SSL policies, Cloud SQL."""

from __future__ import annotations

from typing import Any

from tlslint.model import (
    CipherSpec,
    Endpoint,
    Origin,
    Setting,
)
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.builders import (
    Out,
    Provider,
    cannot_tell,
    endpoint,
    requirement,
    split_suites,
    strings,
    truthy,
)
from tlslint.sources.terraform.view import Res, Val


def gcp_policy_settings(policy: Res | None, where: Res, attached_via: Val | None) -> dict[str, Any]:
    """Protocols and ciphers of a google_compute_ssl_policy (or Google's default)."""
    if policy is None:
        return _google_default(where)
    prof, minv = policy.get("profile"), policy.get("min_tls_version")
    undecided: dict[str, str] = {}
    for attr, val in (("profile", prof), ("min_tls_version", minv)):
        if val.present and not val.known:
            undecided["protocols"] = cannot_tell(f"{policy.address} {attr}", val)
    if undecided:
        return {"undecided": undecided}
    g = tables.data()["gcp_ssl_policy"]
    profile = str(prof.value) if prof.known and prof.value else g["default_profile"]
    minimum_raw = str(minv.value) if minv.known and minv.value else g["default_min_tls_version"]
    minimum = g["min_tls_version"].get(minimum_raw, "TLSv1")
    effective = minimum
    extra = ""
    if profile == "RESTRICTED" and minimum in ("TLSv1", "TLSv1.1"):
        effective = "TLSv1.2"
        extra = " (RESTRICTED leaves no suite for older versions)"
    how = "written" if minv.present else "default"
    note = (
        f"SSL policy {policy.address}: {profile} profile, min_tls_version {minimum_raw} "
        f"({how}){extra}"
    )
    loc = minv.location if minv.present else (prof.location if prof.present else policy.location)
    origin = Origin.WRITTEN if minv.present else Origin.DEFAULT
    if attached_via is not None and origin is Origin.WRITTEN:
        origin = Origin.INHERITED
    result: dict[str, Any] = {
        "protocols": Setting(tables.from_minimum(effective), origin, loc, minv.raw, note),
    }
    if profile == "CUSTOM":
        result.update(_custom_features(policy, note, inherited=attached_via is not None))
    elif profile in g["profiles"]:
        suites = tables.expand_ciphers(g["profiles"][profile]["ciphers"]) or ()
        result["ciphers"] = Setting(
            CipherSpec(profile, suites),
            Origin.MANAGED,
            prof.location if prof.present else policy.location,
            prof.raw,
            f"{profile} profile of {policy.address}",
        )
    return result


def _google_default(where: Res) -> dict[str, Any]:
    """No SSL policy: Google's default, the COMPATIBLE profile from TLS 1.0."""
    g = tables.data()["gcp_ssl_policy"]
    note = (
        "ssl_policy is not set, so Google applies its default SSL policy: "
        "COMPATIBLE profile, TLS 1.0 and up"
    )
    protocols = tables.from_minimum("TLSv1")
    ciphers = tables.expand_ciphers(g["profiles"]["COMPATIBLE"]["ciphers"]) or ()
    return {
        "protocols": Setting(protocols, Origin.DEFAULT, where.location, "", note),
        "ciphers": Setting(
            CipherSpec("COMPATIBLE", ciphers), Origin.DEFAULT, where.location, "", note
        ),
    }


def _custom_features(policy: Res, note: str, *, inherited: bool) -> dict[str, Any]:
    """A CUSTOM profile's suites, as its custom_features list them."""
    feats = policy.get("custom_features")
    if feats.present and not feats.known:
        return {"undecided": {"ciphers": cannot_tell("custom_features", feats)}}
    names, unknown, _ = split_suites(strings(feats), apart_tls13=False)
    return {
        "ciphers": Setting(
            CipherSpec("custom_features", names, unknown),
            Origin.INHERITED if inherited else Origin.WRITTEN,
            feats.location if feats.present else policy.location,
            feats.raw,
            note,
        )
    }


def gcp_proxy(res: Res, out: Out) -> None:
    val = res.get("ssl_policy")
    target = res.ref_target("ssl_policy")
    policy = None
    for type_ in ("google_compute_ssl_policy", "google_compute_region_ssl_policy"):
        policy = policy or out.find(res, target, type_)
    if val.present and policy is None:
        reason = val.reason or f"refers to {val.raw}, which is not in this repository"
        out.endpoints.append(
            endpoint(res, "gcp-lb", undecided={"protocols": f"cannot tell: ssl_policy {reason}"})
        )
        return
    if policy is not None:
        out.attached.add((policy.module.directory, policy.prefix, policy.name))
    settings = gcp_policy_settings(policy, res, val if val.present else None)
    out.endpoints.append(_gcp_endpoint(res, "gcp-lb", settings))


def gcp_ssl_policy_alone(res: Res, out: Out) -> None:
    """A policy no proxy in the repository uses: judged on its own."""
    if (res.module.directory, res.prefix, res.name) in out.attached:
        return
    settings = gcp_policy_settings(res, res, None)
    out.endpoints.append(_gcp_endpoint(res, "gcp-ssl-policy", settings))


def _gcp_endpoint(res: Res, product: str, settings: dict[str, Any]) -> Endpoint:
    """An endpoint whose protocols and ciphers a Google SSL policy decides."""
    return endpoint(
        res,
        product,
        protocols=settings.get("protocols"),
        ciphers=settings.get("ciphers"),
        undecided=settings.get("undecided"),
        knob={"family": "gcp_ssl_policy", "gcp": True},
    )


def cloud_sql(res: Res, out: Out) -> None:
    if not res.blocks("settings") and not res.get("settings").present:
        requirement(
            res,
            out,
            "Cloud SQL connections",
            Val(None, res.location),
            lambda v: False,
            'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY".',
            default="ALLOW_UNENCRYPTED_AND_ENCRYPTED",
            default_note="no settings block, so ssl_mode defaults to "
            "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
        )
        return
    for settings in res.blocks("settings"):
        for ip in settings.blocks("ip_configuration") or [settings]:
            mode = ip.get("ssl_mode")
            if mode.present:
                requirement(
                    res,
                    out,
                    "Cloud SQL connections",
                    mode,
                    lambda v: str(v) != "ALLOW_UNENCRYPTED_AND_ENCRYPTED",
                    'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY".',
                    site=ip.site("ssl_mode", '"ENCRYPTED_ONLY"'),
                )
                return
            req = ip.get("require_ssl")
            if req.present:
                requirement(
                    res,
                    out,
                    "Cloud SQL connections",
                    req,
                    truthy,
                    'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY".',
                )
                return
        requirement(
            res,
            out,
            "Cloud SQL connections",
            Val(None, res.location),
            lambda v: False,
            'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY".',
            default="ALLOW_UNENCRYPTED_AND_ENCRYPTED",
            default_note="ssl_mode defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED",
            site=res.site("settings.ip_configuration.ssl_mode", '"ENCRYPTED_ONLY"'),
        )


PROVIDER = Provider(
    builders={
        "google_compute_target_https_proxy": gcp_proxy,
        "google_compute_target_ssl_proxy": gcp_proxy,
        "google_compute_region_target_https_proxy": gcp_proxy,
        "google_sql_database_instance": cloud_sql,
    },
    # after every proxy of the unit: a policy no proxy uses is judged on its own
    late={
        "google_compute_ssl_policy": gcp_ssl_policy_alone,
        "google_compute_region_ssl_policy": gcp_ssl_policy_alone,
    },
    pem={
        "google_compute_ssl_certificate": {"certificate": "certificate", "private_key": "key"},
        "google_compute_region_ssl_certificate": {
            "certificate": "certificate",
            "private_key": "key",
        },
    },
)
