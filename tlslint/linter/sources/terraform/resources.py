"""TLS-bearing resources translated into the model.

Each builder reads one resource type through :class:`~.view.Res` and adds endpoints (with
their protocols and ciphers as the managed policy or the provider default really enables
them), managed-policy facts, TLS requirements and ACM key algorithms to :class:`Out`.
A value tlslint cannot decide is recorded in ``endpoint.undecided`` with its
reason, never guessed.

To cover another resource type: write ``builder(res, out)`` reading attributes with
``res.get("a.b")`` (a :class:`~.view.Val`: value, location, known/unknown) and nested blocks
with ``res.blocks(name)`` (dynamic blocks included), register it in :data:`BUILDERS`, put any
policy table into ``data/tls-values.yaml`` with its source, say how to write the fix in
``endpoint.extra["knob"]`` (see ``rules/remedies.py``), and add a failing and a passing case
under ``tests/fixtures/terraform/peers/`` (or the rule fixtures). ``tlslint fix`` writes the
knob's attribute (its site is recorded by :func:`_endpoint`); a TLS requirement is fixed when
the builder passes ``site=res.site(attribute, enforcing_value)`` to :func:`requirement`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tlslint.linter.model import (
    CertificateNames,
    CertificateRef,
    CipherSpec,
    CloudCertificateKey,
    EmbeddedPem,
    Endpoint,
    Hsts,
    Location,
    ManagedTlsPolicy,
    Origin,
    Setting,
    TlsRequirement,
)
from tlslint.linter.sources.terraform import tables
from tlslint.linter.sources.terraform.sites import Site
from tlslint.linter.sources.terraform.view import Res, Val

SOURCE = "terraform"


@dataclass
class Out:
    endpoints: list[Endpoint] = field(default_factory=list)
    objects: dict[str, list[Any]] = field(default_factory=dict)
    # every resource of the unit, by (module directory, module prefix, type, name): names
    # repeat across directories (root modules) and module calls, links stay inside one
    index: dict[tuple[str, str, str, str], Res] = field(default_factory=dict)
    # GCP SSL policies attached to a proxy (directory, prefix, name)
    attached: set[tuple[str, str, str]] = field(default_factory=set)

    def publish(self, kind: str, obj: Any) -> None:
        self.objects.setdefault(kind, []).append(obj)

    def find(self, res: Res, target: tuple[str, ...] | None, type_: str) -> Res | None:
        if target is None or target[0] != type_:
            return None
        return self.index.get((res.module.directory, res.prefix, target[0], target[1]))


def _endpoint(res: Res, product: str, **fields: Any) -> Endpoint:
    undecided = fields.pop("undecided", None) or {}
    knob = fields.pop("knob", None)
    site = fields.pop("site", None)
    e = Endpoint(
        source=SOURCE,
        kind=res.type,
        name=fields.pop("name", res.address),
        location=fields.pop("location", res.location),
        product=product,
        **fields,
    )
    e.undecided.update(undecided)
    if knob:
        e.extra["knob"] = knob
        if site is None and ("family" in knob or "values" in knob) and not knob.get("gcp"):
            site = res.site(str(knob.get("attribute", "")))
    if site is not None:
        e.extra["site"] = site  # where the knob's attribute is written, or would go
    return e


def _cannot_tell(attr: str, val: Val) -> str:
    return f"cannot tell: {attr} {val.reason}"


@dataclass
class PolicyChoice:
    protocols: Setting[frozenset[str]] | None = None
    ciphers: Setting[CipherSpec] | None = None
    undecided: dict[str, str] = field(default_factory=dict)
    name: str | None = None


def managed_policy(
    res: Res,
    out: Out,
    family: str,
    attr: str,
    val: Val,
    *,
    default: str | None = None,
    default_note: str = "",
    vendor: str = "AWS",
    where: str | None = None,
) -> PolicyChoice:
    """Protocols and ciphers of a named managed policy, written or defaulted."""
    choice = PolicyChoice()
    if val.present and not val.known:
        choice.undecided["protocols"] = _cannot_tell(attr, val)
        return choice
    if val.present and val.value is None:
        val = Val(None, val.location)  # null: same as absent
    if val.present:
        name = str(val.value)
        origin, location, raw = Origin.MANAGED, val.location, val.raw
        lead = f"managed policy {name}"
    elif default:
        name = default
        origin, location, raw = Origin.DEFAULT, res.location, ""
        lead = default_note or f"{attr} is not set, so {vendor} applies {name}"
    else:
        return choice
    facts = tables.facts(family, name)
    if facts is None:
        choice.undecided["protocols"] = (
            f"cannot tell: {attr} = {name!r} is not a policy tlslint knows"
        )
        return choice
    enables = tables.describe(facts.protocols)
    note = (
        f"{lead}, which enables {enables}"
        if origin is Origin.DEFAULT
        else f"{lead} enables {enables}"
    )
    choice.name = name
    choice.protocols = Setting(facts.protocols, origin, location, raw, note)
    if facts.ciphers is not None:
        choice.ciphers = Setting(CipherSpec(name, facts.ciphers), origin, location, raw, note)
    out.publish(
        "managed_tls_policies",
        ManagedTlsPolicy(
            endpoint=res.address,
            family=family,
            name=name,
            setting=Setting(name, origin, location, raw, note),
            attribute=attr,
            superseded_by=facts.superseded_by,
            recommended=tables.recommended_pairs(family),
            site=res.site(where or attr),
        ),
    )
    return choice


def min_version(
    res: Res,
    attr: str,
    val: Val,
    mapping: Mapping[Any, str | None],
    *,
    default: Any = None,
    default_note: str = "",
    maximum: str = "TLSv1.3",
) -> tuple[Setting[frozenset[str]] | None, dict[str, str]]:
    """Protocols from a minimum-version attribute ("1.2", "TLS1_2", …)."""
    if val.present and not val.known:
        return None, {"protocols": _cannot_tell(attr, val)}
    if val.present and val.value is not None:
        key = val.value
        if isinstance(key, float):
            key = f"{key:.1f}"
        key = str(key)
        if key not in mapping:
            return None, {"protocols": f"cannot tell: {attr} = {key!r} is not a known value"}
        minimum = mapping[key]
        if minimum is None:  # TLS enforcement disabled: every version the service speaks
            minimum = "TLSv1"
        protocols = tables.from_minimum(minimum, maximum)
        note = f"{attr} = {key!r} allows {tables.describe(protocols)}"
        return Setting(protocols, Origin.WRITTEN, val.location, val.raw, note), {}
    if default is None:
        return None, {}
    minimum = mapping[default]
    protocols = tables.from_minimum(minimum or "TLSv1", maximum)
    note = default_note or f"{attr} is not set; the provider default {default!r}"
    note = f"{note} allows {tables.describe(protocols)}"
    return Setting(protocols, Origin.DEFAULT, res.location, "", note), {}


def requirement(
    res: Res,
    out: Out,
    service: str,
    val: Val,
    good: Callable[[Any], bool],
    remedy: str,
    *,
    default: Any = None,
    default_note: str = "",
    absent_ok: bool = False,
    site: Any = None,
) -> None:
    """Publish whether the service refuses plain connections."""
    if val.present and not val.known:
        setting: Setting[bool | None] = Setting(None, Origin.WRITTEN, val.location, val.raw)
        reason = val.reason
    elif val.present and val.value is not None:
        setting = Setting(bool(good(val.value)), Origin.WRITTEN, val.location, val.raw)
        reason = ""
    elif default is not None:
        setting = Setting(bool(good(default)), Origin.DEFAULT, res.location, "", default_note)
        reason = ""
    elif absent_ok:
        return
    else:
        return
    out.publish(
        "tls_requirements",
        TlsRequirement(res.address, res.type, service, setting, remedy, reason, site),
    )


def truthy(v: Any) -> bool:
    return v is True or (isinstance(v, str) and v.lower() in ("true", "1", "on", "yes"))


# --- AWS -----------------------------------------------------------------------------------

ELB = "aws_elbv2"


def lb_listener(res: Res, out: Out) -> None:
    protocol = res.get("protocol")
    lb = res.ref_target("load_balancer_arn")
    lb_key = _qualified(
        res,
        f"{res.prefix}{lb[0]}.{lb[1]}" if lb else (res.get("load_balancer_arn").raw or res.address),
    )
    if protocol.present and not protocol.known:
        out.endpoints.append(
            _endpoint(
                res,
                "aws-elb",
                hosts=(lb_key,),
                undecided={"protocols": _cannot_tell("protocol", protocol)},
            )
        )
        return
    proto = str(protocol.value or "").upper()
    if proto in ("HTTPS", "TLS"):
        policy = managed_policy(
            res,
            out,
            ELB,
            "ssl_policy",
            res.get("ssl_policy"),
            default=tables.data()["aws_elbv2"]["default"],
            default_note="ssl_policy is not set, so AWS applies ELBSecurityPolicy-2016-08",
        )
        certs = _arn_ref(res, "certificate_arn")
        out.endpoints.append(
            _endpoint(
                res,
                "aws-elb",
                hosts=(lb_key,),
                protocols=policy.protocols,
                ciphers=policy.ciphers,
                certificates=certs,
                undecided=policy.undecided,
                knob={"family": ELB, "attribute": "ssl_policy"},
            )
        )
    elif proto == "HTTP" or (not protocol.present and _absent_protocol_is_http(res, out, lb)):
        # protocol defaults to HTTP on application load balancers (TCP on network ones, so an
        # absent protocol counts as HTTP when the load balancer is an ALB, or on port 80)
        redirect = _redirects(res)
        out.endpoints.append(
            _endpoint(
                res,
                "aws-elb",
                tls=False,
                hosts=(lb_key,),
                redirects_to_https=redirect,
                knob={
                    "plain": 'Set default_action { type = "redirect" redirect { protocol = '
                    '"HTTPS" port = "443" status_code = "HTTP_301" } }.'
                },
            )
        )


def _absent_protocol_is_http(res: Res, out: Out, lb: tuple[str, ...] | None) -> bool:
    """aws_lb_listener: "protocol ... For Application Load Balancers ... default of HTTP"."""
    target = out.find(res, lb, "aws_lb") or out.find(res, lb, "aws_alb")
    if target is not None:
        kind = target.get("load_balancer_type")
        if not kind.present:
            return True  # load_balancer_type defaults to "application"
        return kind.known and str(kind.value) == "application"
    return _port(res) == 80


def _port(res: Res) -> int | None:
    port = res.get("port")
    try:
        return int(port.value) if port.known else None
    except (TypeError, ValueError):
        return None


def _qualified(res: Res, key: str) -> str:
    """A load balancer's name, unique across directories (hosts are compared run-wide)."""
    directory = res.module.directory
    return f"{key} in {directory}/" if directory else key


def _redirects(res: Res) -> Setting[bool]:
    for action in res.blocks("default_action"):
        kind = action.get("type")
        if kind.known and str(kind.value) == "redirect":
            for redirect in action.blocks("redirect"):
                proto = redirect.get("protocol")
                if proto.known and str(proto.value).upper() == "HTTPS":
                    return Setting(True, Origin.WRITTEN, redirect.location)
                if proto.present and not proto.known:
                    return Setting(True, Origin.WRITTEN, redirect.location, note=proto.reason)
    return Setting(False, Origin.WRITTEN, res.location)


def _arn_ref(res: Res, attr: str) -> tuple[CertificateRef, ...]:
    val = res.get(attr)
    if not val.present:
        return ()
    key = str(val.value) if val.known and str(val.value).startswith("arn:") else None
    target = res.ref_target(attr)
    if target and target[0] in ("aws_acm_certificate", "aws_acm_certificate_validation"):
        # certificate_arn = aws_acm_certificate.site.arn (or its validation): the same key
        # the certificate's names are published under.
        key = f"terraform:{res.prefix}aws_acm_certificate.{target[1]}"
    return (CertificateRef("certificate", val.raw, val.location, key=key),)


def classic_elb(res: Res, out: Out) -> None:
    key = _qualified(res, res.address)
    for listener in res.blocks("listener"):
        lb_proto = listener.get("lb_protocol")
        inst = listener.get("instance_protocol")
        if not lb_proto.known:
            continue
        proto = str(lb_proto.value).lower()
        if proto in ("https", "ssl"):
            out.endpoints.append(
                _endpoint(
                    res,
                    "aws-classic-elb",
                    name=f"{key} listener {listener.get('lb_port').value}",
                    location=listener.location,
                    hosts=(key,),
                    certificates=_arn_ref(listener, "ssl_certificate_id"),
                )
            )
            if inst.known and str(inst.value).lower() in ("http", "tcp"):
                out.publish(
                    "tls_requirements",
                    TlsRequirement(
                        res.address,
                        res.type,
                        "classic load balancer to instance traffic",
                        Setting(False, Origin.WRITTEN, inst.location, inst.raw),
                        'Set instance_protocol = "https" (or "ssl") so traffic to the '
                        "instances stays encrypted.",
                    ),
                )
        elif proto == "http":
            out.endpoints.append(
                _endpoint(
                    res,
                    "aws-classic-elb",
                    name=f"{key} listener {listener.get('lb_port').value}",
                    location=listener.location,
                    tls=False,
                    hosts=(key,),
                    redirects_to_https=Setting(False, Origin.WRITTEN, listener.location),
                    knob={
                        "plain": "Classic load balancers cannot redirect: remove the HTTP "
                        "listener or move to an aws_lb with a redirect action."
                    },
                )
            )


def lb_policy(res: Res, out: Out) -> None:
    kind = res.get("policy_type_name")
    if not kind.known or str(kind.value) != "SSLNegotiationPolicyType":
        return
    attrs = tables.data()["aws_classic_elb"]["protocol_attributes"]
    protocols: set[str] = set()
    suites: list[str] = []
    reference: Val | None = None
    bad_at: Location | None = None
    unknown_reason = ""
    for pa in res.blocks("policy_attribute"):
        name, value = pa.get("name"), pa.get("value")
        if not name.known:
            unknown_reason = _cannot_tell("policy_attribute name", name)
            continue
        n = str(name.value)
        if n == "Reference-Security-Policy":
            reference = value
        elif n in attrs:
            if not value.known:
                unknown_reason = _cannot_tell(n, value)
            elif truthy(value.value):
                protocols.add(attrs[n])
                if attrs[n] in ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1") and bad_at is None:
                    bad_at = pa.location
        elif (
            "-" in n
            and not n.startswith(("Server-Defined", "Protocol"))
            and value.known
            and truthy(value.value)
        ):
            suites.append(n)
    if reference is not None:
        policy = managed_policy(
            res,
            out,
            "aws_classic_elb",
            'policy_attribute "Reference-Security-Policy" value',
            reference,
        )
        out.endpoints.append(
            _classic(
                _endpoint(
                    res,
                    "aws-classic-elb",
                    protocols=policy.protocols,
                    ciphers=policy.ciphers,
                    undecided=policy.undecided,
                    location=reference.location,
                    knob={
                        "family": "aws_classic_elb",
                        "attribute": 'policy_attribute "Reference-Security-Policy" value',
                    },
                )
            )
        )
        return
    undecided = {"protocols": unknown_reason} if unknown_reason else {}
    out.endpoints.append(
        _classic(
            _endpoint(
                res,
                "aws-classic-elb",
                protocols=Setting(
                    frozenset(protocols),
                    Origin.WRITTEN,
                    bad_at or res.location,
                    note="custom SSL negotiation policy",
                ),
                ciphers=Setting(
                    CipherSpec(":".join(suites), tuple(suites)), Origin.WRITTEN, res.location
                )
                if suites
                else None,
                undecided=undecided,
                knob={
                    "family": "aws_classic_elb",
                    "attribute": 'policy_attribute "Reference-Security-Policy" value',
                },
            )
        )
    )


def _classic(e: Endpoint) -> Endpoint:
    e.tls13_unavailable = "classic load balancers offer at most TLSv1.2"
    return e


CF = "aws_cloudfront"
# AWS-managed response headers policies that send HSTS (id -> (name, max-age, subdomains)).
MANAGED_HEADER_POLICIES = {
    "67f7725c-6f97-4210-82d7-5512b31e9d03": ("Managed-SecurityHeadersPolicy", 31536000, False),
}


def cloudfront(res: Res, out: Out) -> None:
    hosts = _strings(res.get("aliases")) or (_qualified(res, res.address),)
    vc = res.blocks("viewer_certificate")
    default_cert = vc[0].get("cloudfront_default_certificate") if vc else Val(None, res.location)
    undecided: dict[str, str] = {}
    if (default_cert.known and truthy(default_cert.value)) or not vc:
        note = (
            "the default *.cloudfront.net certificate pins the TLSv1 policy, whatever "
            "minimum_protocol_version says"
        )
        facts = tables.facts(CF, "TLSv1")
        assert facts is not None
        loc = default_cert.location if default_cert.present else res.location
        protocols: Setting[frozenset[str]] | None = Setting(
            facts.protocols,
            Origin.MANAGED,
            loc,
            default_cert.raw,
            f"{note}; it enables {tables.describe(facts.protocols)}",
        )
        ciphers: Setting[CipherSpec] | None = None
    else:
        choice = managed_policy(
            res,
            out,
            CF,
            "minimum_protocol_version",
            vc[0].get("minimum_protocol_version"),
            default="TLSv1",
            default_note="minimum_protocol_version is not set, so CloudFront applies TLSv1",
            where="viewer_certificate.minimum_protocol_version",
        )
        protocols, ciphers, undecided = choice.protocols, choice.ciphers, choice.undecided
        if default_cert.present and not default_cert.known:
            undecided = {"protocols": _cannot_tell("cloudfront_default_certificate", default_cert)}
            protocols = ciphers = None
    hsts, hsts_undecided, hsts_site = _cloudfront_hsts(res, out)
    undecided.update(hsts_undecided)
    certs = _arn_ref(vc[0], "acm_certificate_arn") if vc else ()
    out.endpoints.append(
        _endpoint(
            res,
            "aws-cloudfront",
            hosts=hosts,
            protocols=protocols,
            ciphers=ciphers,
            hsts=hsts,
            certificates=certs,
            undecided=undecided,
            knob={
                "family": CF,
                "attribute": "viewer_certificate.minimum_protocol_version",
                "hsts": "cloudfront",
            },
        )
    )
    if hsts_site is not None:
        out.endpoints[-1].extra["hsts_site"] = hsts_site  # the max-age, in the headers policy
    behaviours = res.blocks("default_cache_behavior") + res.blocks("ordered_cache_behavior")
    for b in behaviours:
        policy = b.get("viewer_protocol_policy")
        if not policy.known:
            continue
        value = str(policy.value)
        if value == "https-only":
            continue
        path = b.get("path_pattern")
        scope = f" {path.value}" if path.known else ""
        out.endpoints.append(
            _endpoint(
                res,
                "aws-cloudfront",
                name=f"{res.address} behaviour{scope or ' (default)'}",
                location=policy.location,
                tls=False,
                hosts=hosts,
                redirects_to_https=Setting(
                    value == "redirect-to-https", Origin.WRITTEN, policy.location, policy.raw
                ),
                knob={
                    "plain": 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only").'
                },
            )
        )
        out.endpoints[-1].extra["redirect_site"] = b.site(
            "viewer_protocol_policy", '"redirect-to-https"'
        )
    for origin in res.blocks("origin"):
        for custom in origin.blocks("custom_origin_config"):
            domain = origin.get("domain_name")
            target = str(domain.value) if domain.known else (domain.raw or "origin")
            opp = custom.get("origin_protocol_policy")
            https_viewers = _viewers_always_https(behaviours, origin.get("origin_id"))
            requirement(
                custom,
                out,
                f"CloudFront connection to origin {target}",
                opp,
                # match-viewer uses HTTPS to the origin whenever the viewer used HTTPS; when
                # every behaviour routed here redirects or refuses HTTP, that is always.
                lambda v, always=https_viewers: (  # type: ignore[misc]
                    str(v) == "https-only" or (str(v) == "match-viewer" and always)
                ),
                'Set origin_protocol_policy = "https-only".',
            )
            ssl = custom.get("origin_ssl_protocols")
            if ssl.present and not ssl.known:
                und = {"protocols": _cannot_tell("origin_ssl_protocols", ssl)}
                out.endpoints.append(
                    _endpoint(
                        res,
                        "aws-cloudfront",
                        name=f"{res.address} origin {target}",
                        location=ssl.location,
                        undecided=und,
                    )
                )
            elif ssl.known:
                mapping = tables.data()[CF]["origin_ssl_protocols"]
                found = frozenset(mapping[s] for s in _strings(ssl) if s in mapping)
                e = _endpoint(
                    res,
                    "aws-cloudfront",
                    name=f"{res.address} origin {target}",
                    location=ssl.location,
                    protocols=Setting(
                        found,
                        Origin.WRITTEN,
                        ssl.location,
                        ssl.raw,
                        "origin_ssl_protocols (CloudFront to origin)",
                    ),
                    knob={
                        "attribute": "origin_ssl_protocols",
                        "list": True,
                        "values": {"TLSv1.2": "TLSv1.2"},
                    },
                    site=custom.site("origin_ssl_protocols"),
                )
                e.tls13_unavailable = "CloudFront offers origins at most TLSv1.2"
                out.endpoints.append(e)


def _viewers_always_https(behaviours: list[Res], origin_id: Val) -> bool:
    """Whether every cache behaviour that routes to the origin answers HTTP with a redirect."""
    routed = [
        b
        for b in behaviours
        if not origin_id.known
        or not b.get("target_origin_id").known
        or str(b.get("target_origin_id").value) == str(origin_id.value)
    ]
    if not routed:
        return False
    for b in routed:
        policy = b.get("viewer_protocol_policy")
        if not policy.known or str(policy.value) not in ("redirect-to-https", "https-only"):
            return False
    return True


def _cloudfront_hsts(
    res: Res, out: Out
) -> tuple[Setting[Hsts | None] | None, dict[str, str], Site | None]:
    """The HSTS header the default cache behaviour sends, and where its max-age is written."""
    behaviours = res.blocks("default_cache_behavior")
    if not behaviours:
        return None, {}, None
    b = behaviours[0]
    ref = b.get("response_headers_policy_id")
    if not ref.present:
        return (
            Setting(
                None,
                Origin.DEFAULT,
                b.location,
                note="no response_headers_policy_id on the default cache behaviour",
            ),
            {},
            None,
        )
    target = b.ref_target("response_headers_policy_id")
    policy = out.find(b, target, "aws_cloudfront_response_headers_policy")
    if policy is not None:
        for shc in policy.blocks("security_headers_config"):
            for sts in shc.blocks("strict_transport_security"):
                age = sts.get("access_control_max_age_sec")
                if age.present and not age.known:
                    return None, {"hsts": _cannot_tell("access_control_max_age_sec", age)}, None
                max_age = int(age.value) if age.known and age.value is not None else None
                return (
                    Setting(
                        Hsts(
                            max_age,
                            truthy(sts.get("include_subdomains").value),
                            truthy(sts.get("preload").value),
                        ),
                        Origin.WRITTEN,
                        age.location if age.present else sts.location,
                        age.raw,
                        f"response headers policy {policy.address}",
                    ),
                    {},
                    sts.site("access_control_max_age_sec"),
                )
        return (
            Setting(
                None,
                Origin.WRITTEN,
                policy.location,
                note=f"{policy.address} has no strict_transport_security",
            ),
            {},
            None,
        )
    if ref.known and str(ref.value) in MANAGED_HEADER_POLICIES:
        name, seconds, sub = MANAGED_HEADER_POLICIES[str(ref.value)]
        return (
            Setting(
                Hsts(seconds, sub),
                Origin.MANAGED,
                ref.location,
                ref.raw,
                f"AWS managed response headers policy {name}",
            ),
            {},
            None,
        )
    reason = ref.reason or f"refers to {ref.raw}, which is not in this repository"
    return None, {"hsts": f"cannot tell: response_headers_policy_id {reason}"}, None


def _strings(val: Val) -> tuple[str, ...]:
    if not val.known or not isinstance(val.value, list):
        return ()
    return tuple(str(v) for v in val.value if isinstance(v, str))


def api_gateway_domain(res: Res, out: Out) -> None:
    policy = managed_policy(
        res, out, "aws_apigateway", "security_policy", res.get("security_policy")
    )
    undecided = policy.undecided
    if not res.get("security_policy").present:
        undecided = {
            "protocols": "cannot tell: security_policy is not set, and AWS chose TLS_1_0 "
            "(TLS 1.0 and up) or TLS_1_2 depending on the provider version and when the "
            "domain was created; set it"
        }
    out.endpoints.append(
        _endpoint(
            res,
            "aws-apigateway",
            hosts=_strings(Val([res.get("domain_name").value], res.location, present=True))
            if res.get("domain_name").known
            else (),
            protocols=policy.protocols,
            ciphers=policy.ciphers,
            undecided=undecided,
            certificates=_arn_ref(res, "certificate_arn")
            + _arn_ref(res, "regional_certificate_arn"),
            knob={"family": "aws_apigateway", "attribute": "security_policy"},
        )
    )


def apigatewayv2_domain(res: Res, out: Out) -> None:
    for conf in res.blocks("domain_name_configuration"):
        val = conf.get("security_policy")
        policy = managed_policy(
            res,
            out,
            "aws_apigateway",
            "security_policy",
            val,
            where="domain_name_configuration.security_policy",
        )
        domain = res.get("domain_name")
        out.endpoints.append(
            _endpoint(
                res,
                "aws-apigatewayv2",
                hosts=(str(domain.value),) if domain.known else (),
                location=conf.location,
                protocols=policy.protocols,
                ciphers=policy.ciphers,
                undecided=policy.undecided,
                certificates=_arn_ref(conf, "certificate_arn"),
                knob={
                    "family": "aws_apigatewayv2",
                    "attribute": "domain_name_configuration.security_policy",
                },
            )
        )


def opensearch(res: Res, out: Out) -> None:
    options = res.blocks("domain_endpoint_options")
    opt = options[0] if options else None
    enforce = opt.get("enforce_https") if opt else Val(None, res.location)
    requirement(
        res,
        out,
        "connections to the domain endpoint",
        enforce,
        truthy,
        "Set domain_endpoint_options { enforce_https = true }.",
        default=True,
        default_note="enforce_https defaults to true in the AWS provider",
        site=res.site("domain_endpoint_options.enforce_https", "true"),
    )
    val = opt.get("tls_security_policy") if opt else Val(None, res.location)
    policy = managed_policy(
        res,
        out,
        "aws_opensearch",
        "tls_security_policy",
        val,
        default="Policy-Min-TLS-1-0-2019-07",
        default_note="tls_security_policy is not set, so AWS applies Policy-Min-TLS-1-0-2019-07",
        where="domain_endpoint_options.tls_security_policy",
    )
    # The HTTPS endpoint exists whether or not plain HTTP is also accepted.
    e = _endpoint(
        res,
        "aws-opensearch",
        protocols=policy.protocols,
        ciphers=policy.ciphers,
        undecided=policy.undecided,
        knob={
            "family": "aws_opensearch",
            "attribute": "domain_endpoint_options.tls_security_policy",
        },
    )
    if policy.protocols is None or "TLSv1.3" not in policy.protocols.value:
        e.tls13_unavailable = (
            "OpenSearch endpoints negotiate TLSv1.3 only under Policy-Min-TLS-1-2-PFS-2023-10"
        )
    out.endpoints.append(e)
    if _single_node(res):
        return  # one data node and no dedicated masters or warm nodes: no node-to-node traffic
    requirement(
        res,
        out,
        "node-to-node traffic",
        _nested(res, "node_to_node_encryption", "enabled"),
        truthy,
        "Set node_to_node_encryption { enabled = true }.",
        default=False,
        default_note="node_to_node_encryption is off unless enabled",
    )


def _nested(res: Res, block: str, attr: str) -> Val:
    """``block { attr = … }``, or the legacy map syntax ``block = { attr = … }``."""
    found = res.blocks(block)
    if found:
        return found[0].get(attr)
    whole = res.get(block)
    if not whole.present:
        return Val(None, res.location)
    if not whole.known:
        return whole
    value = whole.value
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        return Val(value.get(attr), whole.location, whole.raw, attr in value)
    return Val(None, whole.location)


def _single_node(res: Res) -> bool:
    """cluster_config: instance_count defaults to 1; dedicated masters and warm nodes add more."""
    count = _nested(res, "cluster_config", "instance_count")
    masters = _nested(res, "cluster_config", "dedicated_master_enabled")
    warm = _nested(res, "cluster_config", "warm_enabled")
    if (count.present and not count.known) or (masters.present and not masters.known):
        return False
    if warm.present and (not warm.known or truthy(warm.value)):
        return False
    try:
        nodes = int(count.value) if count.present else 1
    except (TypeError, ValueError):
        return False
    return nodes == 1 and not (masters.present and truthy(masters.value))


def transfer_server(res: Res, out: Out) -> None:
    protocols = res.get("protocols")
    if protocols.known and "FTP" in _strings(protocols):
        out.publish(
            "tls_requirements",
            TlsRequirement(
                res.address,
                res.type,
                "file transfers (FTP is enabled)",
                Setting(False, Origin.WRITTEN, protocols.location, protocols.raw),
                'Remove "FTP" from protocols; use "FTPS" or "SFTP".',
            ),
        )
    val = res.get("security_policy_name")
    default = tables.data()["aws_transfer"]["default"]
    name = str(val.value) if val.known else (None if val.present else default)
    if name is None or not name.startswith("TransferSecurityPolicy-"):
        return
    newest = tables.recommended("aws_transfer", "intermediate")
    outdated = newest if newest and name[-7:] < newest[-7:] else None
    origin = Origin.MANAGED if val.present else Origin.DEFAULT
    note = (
        f"managed policy {name}"
        if val.present
        else (f"security_policy_name is not set, so AWS applies {name}")
    )
    out.publish(
        "managed_tls_policies",
        ManagedTlsPolicy(
            res.address,
            "aws_transfer",
            name,
            Setting(name, origin, val.location if val.present else res.location, val.raw, note),
            "security_policy_name",
            outdated,
            tables.recommended_pairs("aws_transfer"),
            site=res.site("security_policy_name"),
        ),
    )


def rds_ca(res: Res, out: Out) -> None:
    """The CA whose certificate an RDS instance serves: an expired CA breaks verification."""
    val = res.get("ca_cert_identifier")
    if not val.known or not isinstance(val.value, str):
        return
    table = tables.data()["aws_rds_ca"]
    if val.value not in table["expired"]:
        return
    out.publish(
        "managed_tls_policies",
        ManagedTlsPolicy(
            res.address,
            "aws_rds_ca",
            val.value,
            Setting(val.value, Origin.MANAGED, val.location, val.raw, f"RDS CA {val.value}"),
            "ca_cert_identifier",
            tables.recommended("aws_rds_ca", "intermediate"),
            tables.recommended_pairs("aws_rds_ca"),
        ),
    )


def acm_certificate(res: Res, out: Out) -> None:
    domain, sans = res.get("domain_name"), res.get("subject_alternative_names")
    if domain.known and isinstance(domain.value, str):
        names = (domain.value, *(n for n in _strings(sans) if n != domain.value))
        if not sans.present or sans.known:
            out.publish(
                "certificate_names",
                CertificateNames(
                    key=f"terraform:{res.address}",
                    names=names,
                    description=f"{res.address} domain_name and subject_alternative_names",
                    location=domain.location,
                ),
            )
    val = res.get("key_algorithm")
    if val.present and not val.known:
        return
    algo = str(val.value) if val.known and val.value else "RSA_2048"
    origin = Origin.WRITTEN if val.present else Origin.DEFAULT
    kind: str | None = None
    bits: int | None = None
    if algo.startswith("RSA_"):
        kind, digits = "RSA", algo[4:]
        bits = int(digits) if digits.isdigit() else None
    elif algo.startswith("EC_"):
        kind = "EC"
        bits = {"EC_prime256v1": 256, "EC_secp384r1": 384, "EC_secp521r1": 521}.get(algo)
    out.publish(
        "cloud_certificate_keys",
        CloudCertificateKey(
            res.address,
            Setting(
                algo,
                origin,
                val.location if val.present else res.location,
                val.raw,
                "" if val.present else "key_algorithm defaults to RSA_2048",
            ),
            kind,
            bits,
        ),
    )


def _both(*builders: Callable[[Res, Out], None]) -> Callable[[Res, Out], None]:
    def build(res: Res, out: Out) -> None:
        for builder in builders:
            builder(res, out)

    return build


def _flag(service: str, attr: str, good: Callable[[Any], bool], remedy: str, **kw: Any):  # type: ignore[no-untyped-def]
    def build(res: Res, out: Out) -> None:
        requirement(res, out, service, res.get(attr), good, remedy, **kw)

    return build


# What a parameter group enforces when it leaves the TLS parameter out: the engine family's
# default (RDS/Aurora user guides, "Requiring SSL/TLS" per engine; Redshift "Configuring
# security options for connections"). (family prefix, parameter, good, default, since major)
DB_TLS_PARAMETERS: tuple[tuple[str, str, Callable[[Any], bool], str, int | None], ...] = (
    # RDS for PostgreSQL 15 and later default rds.force_ssl to 1; earlier versions to 0.
    ("postgres", "rds.force_ssl", truthy, "0", 15),
    ("aurora-postgresql", "rds.force_ssl", truthy, "0", None),
    ("sqlserver", "rds.force_ssl", truthy, "0", None),
    ("mysql", "require_secure_transport", truthy, "0", None),
    ("aurora-mysql", "require_secure_transport", truthy, "0", None),
    ("aurora5.6", "require_secure_transport", truthy, "0", None),
    ("mariadb", "require_secure_transport", truthy, "0", None),
    # Db2: db2comm TCPIP (the default) is plaintext; SSL alone refuses it.
    ("db2", "db2comm", lambda v: str(v).strip().upper() == "SSL", "TCPIP", None),
)


def db_default_group(res: Res, out: Out) -> None:
    """An RDS instance or Aurora cluster with no parameter group of its own: the engine's
    default group (``default.<family>``) decides, with the family default of its TLS
    parameter (RDS User Guide, "Working with parameter groups": default DB parameter groups)."""
    cluster = res.type == "aws_rds_cluster"
    attr = "db_cluster_parameter_group_name" if cluster else "parameter_group_name"
    group = res.get(attr)
    engine = res.get("engine")
    if not engine.known or not isinstance(engine.value, str):
        return
    name = engine.value.lower()
    if group.present and not (
        group.known and isinstance(group.value, str) and group.value.startswith("default.")
    ):
        return  # a group of its own (or one tlslint cannot see): judged where it is defined
    rows = [r for r in DB_TLS_PARAMETERS if name.startswith(r[0])]
    if not rows:
        return
    prefix, param, good, default, since = max(rows, key=lambda r: len(r[0]))
    version = res.get("engine_version")
    if since is not None:
        major = None
        if version.known and isinstance(version.value, str | int | float):
            digits = str(version.value).split(".")[0]
            major = int(digits) if digits.isdigit() else None
        if major is None or major >= since:
            return  # the current engine version's default group already requires TLS
    value = _value_for(param)
    which = group.value if group.known and group.present else f"the default {prefix} group"
    requirement(
        res,
        out,
        "Aurora connections" if cluster else "RDS connections",
        Val(None, res.location),
        good,
        f'Set {attr} to a parameter group with parameter {{ name = "{param}" value = "{value}" }}.',
        default=default,
        default_note=f"{attr} is not set to a group of its own, so {which} applies "
        f"{param} = {default}",
    )


def _family_major(fam: str, prefix: str) -> int | None:
    digits = fam[len(prefix) :].split(".")[0].split("-")[0]
    return int(digits) if digits.isdigit() else None


def _db_param_group(service: str):  # type: ignore[no-untyped-def]
    """An RDS/Aurora parameter group: its TLS parameter as written, else the family default."""

    def build(res: Res, out: Out) -> None:
        family = res.get("family")
        if family.present and not family.known:
            return  # which parameter applies is unknown
        fam = str(family.value).lower() if family.known else ""
        rows = [r for r in DB_TLS_PARAMETERS if fam.startswith(r[0])]
        if not rows:
            return  # Oracle (SQLNET option group), custom engines: no such parameter
        # the longest prefix wins (aurora-postgresql over postgres is not a prefix clash)
        prefix, param, good, default, since = max(rows, key=lambda r: len(r[0]))
        value = _value_for(param)
        _param_requirement(res, out, service, param, good, value)
        if since is not None:
            major = _family_major(fam, prefix)
            if major is not None and major >= since:
                default = "1"
        _default_requirement(res, out, service, param, good, default, fam, value)

    return build


def _value_for(param: str) -> str:
    """The value that makes the parameter refuse plain connections."""
    return {"db2comm": "SSL", "tls": "enabled", "require_ssl": "true"}.get(param, "1")


def _param_group(  # type: ignore[no-untyped-def]
    params: dict[str, tuple[str, Callable[[Any], bool]]],
    service: str,
    default: str | None = None,
):
    """A parameter group whose named parameter must require TLS (``default``: when absent)."""

    def build(res: Res, out: Out) -> None:
        ((param, good),) = params.values()
        value = _value_for(param)
        if _param_requirement(res, out, service, param, good, value):
            return
        if default is not None:
            family = res.get("family")
            fam = str(family.value) if family.known else ""
            _default_requirement(res, out, service, param, good, default, fam, value)

    return build


def _param_requirement(
    res: Res, out: Out, service: str, param: str, good: Callable[[Any], bool], value: str
) -> bool:
    """Publish the written parameter; False when the group does not set it."""
    for p in res.blocks("parameter"):
        name = p.get("name")
        if name.known and str(name.value) == param:
            requirement(
                p,
                out,
                service,
                p.get("value"),
                good,
                f'Set parameter {{ name = "{param}" value = "{value}" }}.',
            )
            return True
    return False


def _default_requirement(
    res: Res,
    out: Out,
    service: str,
    param: str,
    good: Callable[[Any], bool],
    default: str,
    family: str,
    value: str,
) -> None:
    if any(
        p.get("name").known and str(p.get("name").value) == param for p in res.blocks("parameter")
    ):
        return
    if any(not p.get("name").known for p in res.blocks("parameter")):
        return  # a parameter whose name is unknown may be this one
    requirement(
        res,
        out,
        service,
        Val(None, res.location),
        good,
        f'Add parameter {{ name = "{param}" value = "{value}" }}.',
        default=default,
        default_note=f"{param} is not set, so the {family or 'engine'} default {default} applies",
    )


def _msk(res: Res, out: Out) -> None:
    for info in res.blocks("encryption_info"):
        for transit in info.blocks("encryption_in_transit"):
            requirement(
                res,
                out,
                "MSK client-broker traffic",
                transit.get("client_broker"),
                lambda v: str(v) == "TLS",
                'Set encryption_in_transit { client_broker = "TLS" }.',
                default="TLS",
                default_note="client_broker defaults to TLS",
            )
            requirement(
                res,
                out,
                "MSK in-cluster traffic",
                transit.get("in_cluster"),
                truthy,
                "Set encryption_in_transit { in_cluster = true }.",
            )


def _efs_volumes(res: Res, out: Out) -> None:
    for vol in res.blocks("volume"):
        for efs in vol.blocks("efs_volume_configuration"):
            requirement(
                res,
                out,
                "EFS volume traffic",
                efs.get("transit_encryption"),
                lambda v: str(v) == "ENABLED",
                'Set transit_encryption = "ENABLED".',
                default="DISABLED",
                default_note="transit_encryption defaults to DISABLED",
            )


def _dms(res: Res, out: Out) -> None:
    engine = res.get("engine_name")
    if engine.known and str(engine.value) in ("s3", "dynamodb", "kinesis", "kafka", "neptune"):
        return
    requirement(
        res,
        out,
        "DMS endpoint connection",
        res.get("ssl_mode"),
        lambda v: str(v) != "none",
        'Set ssl_mode = "verify-full".',
        default="none",
        default_note="ssl_mode defaults to none",
    )


def _cloudsearch(res: Res, out: Out) -> None:
    options = res.blocks("endpoint_options")
    opt = options[0] if options else None
    requirement(
        res,
        out,
        "CloudSearch endpoint",
        opt.get("enforce_https") if opt else Val(None, res.location),
        truthy,
        "Set endpoint_options { enforce_https = true }.",
        default=False,
        default_note="enforce_https defaults to false",
        site=res.site("endpoint_options.enforce_https", "true"),
    )
    policy = managed_policy(
        res,
        out,
        "aws_opensearch",
        "endpoint_options.tls_security_policy",
        opt.get("tls_security_policy") if opt else Val(None, res.location),
        default="Policy-Min-TLS-1-0-2019-07",
        default_note="tls_security_policy is not set, so AWS applies Policy-Min-TLS-1-0-2019-07",
    )
    e = _endpoint(
        res,
        "aws-cloudsearch",
        protocols=policy.protocols,
        ciphers=policy.ciphers,
        undecided=policy.undecided,
        knob={
            "attribute": "endpoint_options.tls_security_policy",
            "values": {"TLSv1.2": "Policy-Min-TLS-1-2-2019-07"},
        },
    )
    e.tls13_unavailable = "CloudSearch endpoints negotiate at most TLSv1.2"
    out.endpoints.append(e)


def _ses(res: Res, out: Out) -> None:
    opts = res.blocks("delivery_options")
    requirement(
        res,
        out,
        "SES delivery to receiving mail servers",
        opts[0].get("tls_policy") if opts else Val(None, res.location),
        lambda v: str(v) == "Require",
        'Set delivery_options { tls_policy = "Require" }.',
        default="Optional",
        default_note="tls_policy defaults to Optional",
    )


def _emr(res: Res, out: Out) -> None:
    val = res.get("configuration")
    remedy = "Set EncryptionConfiguration.EnableInTransitEncryption = true in configuration."
    if not val.present:
        return
    if not val.known:
        requirement(res, out, "EMR cluster traffic", val, truthy, remedy)
        return
    conf = val.value
    if isinstance(conf, str):
        try:
            conf = json.loads(conf)
        except ValueError:
            return
    enc = conf.get("EncryptionConfiguration", {}) if isinstance(conf, dict) else {}
    flag = enc.get("EnableInTransitEncryption") if isinstance(enc, dict) else None
    requirement(
        res,
        out,
        "EMR cluster traffic",
        Val(flag, val.location, val.raw, flag is not None),
        truthy,
        remedy,
        default=False,
        default_note="EnableInTransitEncryption is not set",
    )


# --- Azure ---------------------------------------------------------------------------------

APP_TLS = {"1.0": "TLSv1", "1.1": "TLSv1.1", "1.2": "TLSv1.2", "1.3": "TLSv1.3"}
UNDERSCORE_TLS = {
    "TLS1_0": "TLSv1",
    "TLS1_1": "TLSv1.1",
    "TLS1_2": "TLSv1.2",
    "TLS1_3": "TLSv1.3",
    "TLSEnforcementDisabled": None,
}
SHORT_TLS = {"TLS10": "TLSv1", "TLS12": "TLSv1.2", "None": None}
APPGW_MIN = {"TLSv1_0": "TLSv1", "TLSv1_1": "TLSv1.1", "TLSv1_2": "TLSv1.2", "TLSv1_3": "TLSv1.3"}


def _knob_values(mapping: Mapping[str, str | None], attr: str) -> dict[str, Any]:
    return {"attribute": attr, "values": {v: k for k, v in mapping.items() if v}}


def _min_tls_endpoint(
    attr: str,
    mapping: Mapping[Any, str | None],
    default: str,
    product: str,
    *,
    maximum: str = "TLSv1.3",
    note: str = "",
) -> Callable[[Res, Out], None]:
    def build(res: Res, out: Out) -> None:
        setting, undecided = min_version(
            res, attr, res.get(attr), mapping, default=default, default_note=note, maximum=maximum
        )
        e = _endpoint(
            res, product, protocols=setting, undecided=undecided, knob=_knob_values(mapping, attr)
        )
        if maximum != "TLSv1.3":
            e.tls13_unavailable = f"{res.type} offers at most {maximum}"
        out.endpoints.append(e)

    return build


def app_service(res: Res, out: Out) -> None:
    legacy = res.type in (
        "azurerm_app_service",
        "azurerm_app_service_slot",
        "azurerm_function_app",
        "azurerm_function_app_slot",
    )
    attr = "min_tls_version" if legacy else "minimum_tls_version"
    configs = res.blocks("site_config")
    cfg = configs[0] if configs else res
    val = cfg.get(attr) if configs else Val(None, res.location)
    setting, undecided = min_version(
        res,
        f"site_config.{attr}",
        val,
        APP_TLS,
        default="1.2",
        default_note=f"site_config.{attr} is not set; the provider default '1.2'",
    )
    host = res.get("name")
    out.endpoints.append(
        _endpoint(
            res,
            "azure-app-service",
            hosts=(str(host.value),) if host.known else (res.address,),
            protocols=setting,
            undecided=undecided,
            knob=_knob_values(APP_TLS, f"site_config.{attr}"),
        )
    )
    scm = cfg.get("scm_minimum_tls_version") if configs else Val(None, res.location)
    if scm.present:
        s, u = min_version(res, "site_config.scm_minimum_tls_version", scm, APP_TLS)
        out.endpoints.append(
            _endpoint(
                res,
                "azure-app-service",
                name=f"{res.address} (SCM/Kudu)",
                location=scm.location,
                protocols=s,
                undecided=u,
                knob=_knob_values(APP_TLS, "site_config.scm_minimum_tls_version"),
            )
        )
    requirement(
        res,
        out,
        "requests to the app",
        res.get("https_only"),
        truthy,
        "Set https_only = true.",
        default=False,
        default_note="https_only defaults to false",
        site=res.site("https_only", "true"),
    )


def storage_account(res: Res, out: Out) -> None:
    _min_tls_endpoint(
        "min_tls_version",
        UNDERSCORE_TLS,
        "TLS1_2",
        "azure-storage",
        note="min_tls_version is not set; the azurerm 3.0+ default 'TLS1_2'",
    )(res, out)
    attr = "https_traffic_only_enabled"
    val = res.get(attr)
    if not val.present:
        attr = "enable_https_traffic_only"
        val = res.get(attr)
    requirement(
        res,
        out,
        "requests to the storage account",
        val,
        truthy,
        f"Set {attr} = true.",
        default=True,
        default_note=f"{attr} defaults to true",
        site=res.site(attr, "true"),
    )


def single_server_db(res: Res, out: Out) -> None:
    _min_tls_endpoint(
        "ssl_minimal_tls_version_enforced",
        UNDERSCORE_TLS,
        "TLS1_2",
        "azure-database",
        maximum="TLSv1.2",
    )(res, out)
    requirement(
        res,
        out,
        "client connections",
        res.get("ssl_enforcement_enabled"),
        truthy,
        "Set ssl_enforcement_enabled = true.",
        site=res.site("ssl_enforcement_enabled", "true"),
    )


def redis_cache(res: Res, out: Out) -> None:
    _min_tls_endpoint("minimum_tls_version", APP_TLS, "1.2", "azure-redis", maximum="TLSv1.2")(
        res, out
    )
    attr = "non_ssl_port_enabled"
    val = res.get(attr)
    if not val.present:
        attr = "enable_non_ssl_port"
        val = res.get(attr)
    requirement(
        res,
        out,
        "clients (the non-TLS port 6379 is open)",
        val,
        lambda v: not truthy(v),
        f"Set {attr} = false.",
        default=False,
        default_note=f"{attr} defaults to false",
        site=res.site(attr, "false"),
    )


def flexible_config(res: Res, out: Out) -> None:
    """azurerm_{mysql,postgresql}_flexible_server_configuration: TLS server parameters."""
    name, value = res.get("name"), res.get("value")
    if not name.known:
        return
    n = str(name.value).lower()
    if n == "require_secure_transport":
        requirement(
            res,
            out,
            "client connections",
            value,
            lambda v: str(v).upper() == "ON",
            'Set value = "ON".',
        )
    elif n in ("tls_version", "ssl_min_protocol_version"):
        if value.present and not value.known:
            out.endpoints.append(
                _endpoint(res, "azure-database", undecided={"protocols": _cannot_tell(n, value)})
            )
            return
        raw = str(value.value or "")
        found: set[str] = set()
        for part in raw.replace(" ", "").split(","):
            p = part.replace("TLSv1.0", "TLSv1")
            if n == "ssl_min_protocol_version":
                found |= (
                    tables.from_minimum(p)
                    if p in ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
                    else set()
                )
            elif p in ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"):
                found.add(p)
        server = res.ref_target("server_id")
        out.endpoints.append(
            _endpoint(
                res,
                "azure-database",
                name=f"{server[0]}.{server[1]}" if server else res.address,
                protocols=Setting(
                    frozenset(found),
                    Origin.WRITTEN,
                    value.location,
                    value.raw,
                    f"server parameter {n} = {raw!r}",
                ),
                knob={
                    "attribute": "value",
                    "parameter": n,
                    "values": {
                        "TLSv1.2": "TLSv1.2"
                        if n == "ssl_min_protocol_version"
                        else "TLSv1.2,TLSv1.3"
                    },
                },
            )
        )


def app_gateway(res: Res, out: Out) -> None:
    listeners = res.blocks("http_listener")
    https = not listeners or any(
        str(lst.get("protocol").value).lower() == "https" for lst in listeners
    )
    hosts = (_qualified(res, res.address),) if https else ()
    policies = res.blocks("ssl_policy")
    if not policies:
        out.endpoints.append(
            _endpoint(
                res,
                "azure-appgw",
                hosts=hosts,
                undecided={
                    "protocols": "cannot tell: ssl_policy is not set, so Azure applies "
                    "AppGwSslPolicy20150501 (TLS 1.0 and up) for API versions before "
                    "2023-02-01 and AppGwSslPolicy20220101 after; set it"
                },
                knob={"family": "azure_appgw", "attribute": "ssl_policy.policy_name"},
            )
        )
        return
    p = policies[0]
    ptype, pname = p.get("policy_type"), p.get("policy_name")
    knob = {"family": "azure_appgw", "attribute": "ssl_policy.policy_name"}
    if pname.present or (ptype.known and str(ptype.value) == "Predefined"):
        choice = managed_policy(
            res, out, "azure_appgw", "ssl_policy.policy_name", pname, vendor="Azure"
        )
        out.endpoints.append(
            _endpoint(
                res,
                "azure-appgw",
                hosts=hosts,
                protocols=choice.protocols,
                ciphers=choice.ciphers,
                undecided=choice.undecided,
                knob=knob,
            )
        )
        return
    disabled = p.get("disabled_protocols")
    if not ptype.present and not p.get("min_protocol_version").present:
        # No policy type: Azure keeps its legacy default (AppGwSslPolicy20150501, TLS 1.0 to
        # 1.2) and removes the disabled protocols from it (Application Gateway TLS policy
        # overview, "Default TLS policy"; azurerm application_gateway ssl_policy).
        if disabled.present and not disabled.known:
            undecided_d = {"protocols": _cannot_tell("ssl_policy.disabled_protocols", disabled)}
            out.endpoints.append(
                _endpoint(res, "azure-appgw", hosts=hosts, undecided=undecided_d, knob=knob)
            )
            return
        legacy = tables.facts("azure_appgw", "AppGwSslPolicy20150501")
        assert legacy is not None
        off = {APPGW_MIN.get(v) for v in _strings(disabled)}
        left = frozenset(legacy.protocols - off)
        where = disabled if disabled.present else Val(None, p.location, "", False)
        note = (
            "ssl_policy sets no policy_type, so Azure applies its legacy default "
            f"AppGwSslPolicy20150501 less disabled_protocols: {tables.describe(left)}"
        )
        out.endpoints.append(
            _endpoint(
                res,
                "azure-appgw",
                hosts=hosts,
                protocols=Setting(left, Origin.DEFAULT, where.location, where.raw, note),
                knob=knob,
            )
        )
        return
    setting, undecided = min_version(
        res, "ssl_policy.min_protocol_version", p.get("min_protocol_version"), APPGW_MIN
    )
    suites = _strings(p.get("cipher_suites"))
    ciphers = None
    tls13: Setting[tuple[str, ...]] | None = None
    if suites:
        from tlslint.tls import ciphers as table

        names: list[str] = []
        unknown: list[str] = []
        modern: list[str] = []
        for s in suites:
            c = table.lookup(s)
            if c is not None and c.protocol == "TLSv1.3":
                modern.append(c.iana)  # TLS 1.3 suites are judged apart (ciphersuites)
                continue
            (names if c else unknown).append(c.openssl if c else s)
        cs = p.get("cipher_suites")
        ciphers = Setting(
            CipherSpec(", ".join(suites), tuple(names), tuple(unknown)),
            Origin.WRITTEN,
            cs.location,
            cs.raw,
        )
        if modern:
            tls13 = Setting(tuple(modern), Origin.WRITTEN, cs.location, cs.raw)
    out.endpoints.append(
        _endpoint(
            res,
            "azure-appgw",
            hosts=hosts,
            protocols=setting,
            ciphers=ciphers,
            tls13_ciphersuites=tls13,
            undecided=undecided,
            knob=knob,
        )
    )


def api_management(res: Res, out: Out) -> None:
    sec = res.blocks("security")
    flags = {
        "SSLv3": ("enable_frontend_ssl30", "frontend_ssl30_enabled"),
        "TLSv1": ("enable_frontend_tls10", "frontend_tls10_enabled"),
        "TLSv1.1": ("enable_frontend_tls11", "frontend_tls11_enabled"),
    }
    protocols = {"TLSv1.2", "TLSv1.3"}
    undecided: dict[str, str] = {}
    loc = res.location
    origin = Origin.DEFAULT
    if sec:
        for proto, names in flags.items():
            for n in names:
                v = sec[0].get(n)
                if v.present and not v.known:
                    undecided["protocols"] = _cannot_tell(n, v)
                elif v.known and truthy(v.value):
                    protocols.add(proto)
                    loc, origin = v.location, Origin.WRITTEN
        for n in (
            "enable_back_end_ssl30",
            "backend_ssl30_enabled",
            "enable_backend_tls10",
            "backend_tls10_enabled",
            "enable_backend_tls11",
            "backend_tls11_enabled",
        ):
            v = sec[0].get(n)
            if v.known and truthy(v.value):
                out.publish(
                    "tls_requirements",
                    TlsRequirement(
                        res.address,
                        res.type,
                        f"API Management backend connections ({n})",
                        Setting(False, Origin.WRITTEN, v.location, v.raw),
                        f"Set {n} = false.",
                        "",
                    ),
                )
    note = (
        "security flags enable " + tables.describe(frozenset(protocols))
        if origin is Origin.WRITTEN
        else "no legacy protocol flag is set: TLSv1.2 and TLSv1.3"
    )
    setting = None if undecided else Setting(frozenset(protocols), origin, loc, "", note)
    e = _endpoint(
        res,
        "azure-apim",
        protocols=setting,
        undecided=undecided,
        knob={"attribute": "security", "apim": True},
    )
    out.endpoints.append(e)


def frontdoor_domain(res: Res, out: Out) -> None:
    tls = res.blocks("tls")
    val = tls[0].get("minimum_tls_version") if tls else Val(None, res.location)
    setting, undecided = min_version(
        res,
        "tls.minimum_tls_version",
        val,
        SHORT_TLS,
        default="TLS12",
        default_note="tls.minimum_tls_version is not set; the provider default 'TLS12'",
    )
    host = res.get("host_name")
    out.endpoints.append(
        _endpoint(
            res,
            "azure-frontdoor",
            hosts=(str(host.value),) if host.known else (),
            protocols=setting,
            undecided=undecided,
            knob=_knob_values(SHORT_TLS, "tls.minimum_tls_version"),
        )
    )


def cdn_custom_domain(res: Res, out: Out) -> None:
    for block in ("cdn_managed_https", "user_managed_https"):
        for b in res.blocks(block):
            setting, undecided = min_version(
                res, f"{block}.tls_version", b.get("tls_version"), SHORT_TLS, default="TLS12"
            )
            out.endpoints.append(
                _endpoint(
                    res,
                    "azure-cdn",
                    protocols=setting,
                    undecided=undecided,
                    knob=_knob_values(SHORT_TLS, f"{block}.tls_version"),
                )
            )


def apim_backend(res: Res, out: Out) -> None:
    url = res.get("url")
    requirement(
        res,
        out,
        "API Management backend connection",
        url,
        lambda v: not str(v).lower().startswith("http://"),
        "Use an https:// backend url.",
    )


def cdn_endpoint(res: Res, out: Out) -> None:
    https = res.get("is_https_allowed")
    requirement(
        res,
        out,
        "the CDN endpoint (HTTPS is switched off)",
        https,
        truthy,
        "Set is_https_allowed = true.",
    )
    requirement(
        res,
        out,
        "requests to the CDN endpoint",
        res.get("is_http_allowed"),
        lambda v: not truthy(v),
        "Set is_http_allowed = false.",
        default=True,
        default_note="is_http_allowed defaults to true",
    )


def _app_gateway_all(res: Res, out: Out) -> None:
    app_gateway(res, out)
    app_gateway_listeners(res, out)


def app_gateway_listeners(res: Res, out: Out) -> None:
    redirected: set[str] = set()
    for rule in res.blocks("request_routing_rule"):
        target, redirect = rule.get("http_listener_name"), rule.get("redirect_configuration_name")
        if target.known and redirect.present:
            redirected.add(str(target.value))
    for listener in res.blocks("http_listener"):
        proto, name = listener.get("protocol"), listener.get("name")
        if not proto.known or str(proto.value).lower() != "http":
            continue
        label = str(name.value) if name.known else "?"
        out.endpoints.append(
            _endpoint(
                res,
                "azure-appgw",
                name=f"{res.address} listener {label}",
                location=proto.location,
                tls=False,
                hosts=(_qualified(res, res.address),),
                redirects_to_https=Setting(
                    label in redirected, Origin.WRITTEN, proto.location, proto.raw
                ),
                knob={
                    "plain": "Add a request_routing_rule with a redirect_configuration to the "
                    "HTTPS listener."
                },
            )
        )


# --- Other providers -----------------------------------------------------------------------


ALI_TLS = {"TLSv1.0": "TLSv1", "TLSv1.1": "TLSv1.1", "TLSv1.2": "TLSv1.2", "TLSv1.3": "TLSv1.3"}


def alicloud_cipher_policy(res: Res, out: Out) -> None:
    """A custom TLS cipher policy: its tls_versions and ciphers as written."""
    val = res.get("tls_versions")
    if val.present and not val.known:
        out.endpoints.append(
            _endpoint(
                res, "alicloud-slb", undecided={"protocols": _cannot_tell("tls_versions", val)}
            )
        )
        return
    if not val.known:
        return
    found = frozenset(ALI_TLS[v] for v in _strings(val) if v in ALI_TLS)
    out.endpoints.append(
        _endpoint(
            res,
            "alicloud-slb",
            protocols=Setting(found, Origin.WRITTEN, val.location, val.raw, "tls_versions"),
            ciphers=_written_suites(res.get("ciphers")),
            knob={"attribute": "tls_versions", "list": True, "values": {"TLSv1.2": "TLSv1.2"}},
        )
    )


def _written_suites(val: Val) -> Setting[CipherSpec] | None:
    """A written list of suite names (OpenSSL or IANA spelling); TLS 1.3 suites left out."""
    if not val.known:
        return None
    from tlslint.tls import ciphers as table

    suites = _strings(val)
    names: list[str] = []
    unknown: list[str] = []
    for s in suites:
        c = table.lookup(s)
        if c is not None and c.protocol == "TLSv1.3":
            continue
        (names if c else unknown).append(c.openssl if c else s)
    return Setting(
        CipherSpec(", ".join(suites), tuple(names), tuple(unknown)),
        Origin.WRITTEN,
        val.location,
        val.raw,
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
        _endpoint(
            res,
            "alicloud-slb",
            protocols=choice.protocols,
            ciphers=choice.ciphers,
            undecided=choice.undecided,
            knob={"family": "alicloud_slb", "attribute": attr},
        )
    )


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
        e = _endpoint(
            res,
            "ncloud-lb",
            protocols=setting,
            undecided=undecided,
            knob=_knob_values(mapping, "tls_min_version_type"),
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


def tencent_listener(res: Res, out: Out) -> None:
    requirement(
        res,
        out,
        "its listener (plain HTTP)",
        res.get("protocol"),
        lambda v: str(v).upper() != "HTTP",
        'Set protocol = "HTTPS".',
    )


def digitalocean_lb(res: Res, out: Out) -> None:
    redirect = res.get("redirect_http_to_https")
    for rule in res.blocks("forwarding_rule"):
        entry = rule.get("entry_protocol")
        if not entry.known:
            continue
        proto = str(entry.value).lower()
        if proto in ("https", "http2", "http3"):
            out.endpoints.append(
                _endpoint(
                    res,
                    "digitalocean-lb",
                    location=entry.location,
                    name=f"{res.address} {proto}",
                    hosts=(_qualified(res, res.address),),
                )
            )
        elif proto == "http":
            out.endpoints.append(
                _endpoint(
                    res,
                    "digitalocean-lb",
                    name=f"{res.address} http",
                    location=entry.location,
                    tls=False,
                    hosts=(_qualified(res, res.address),),
                    redirects_to_https=Setting(
                        redirect.known and truthy(redirect.value),
                        Origin.WRITTEN,
                        entry.location,
                        entry.raw,
                    ),
                    knob={"plain": "Set redirect_http_to_https = true."},
                )
            )


def github_webhook(res: Res, out: Out) -> None:
    for conf in res.blocks("configuration"):
        url = conf.get("url")
        requirement(
            res,
            out,
            "webhook delivery",
            url,
            lambda v: not str(v).lower().startswith("http://"),
            "Use an https:// url.",
        )
        requirement(
            res,
            out,
            "webhook delivery (insecure_ssl skips certificate verification)",
            conf.get("insecure_ssl"),
            lambda v: not truthy(v),
            "Set insecure_ssl = false.",
        )


# --- Google Cloud --------------------------------------------------------------------------


def gcp_policy_settings(policy: Res | None, where: Res, attached_via: Val | None) -> dict[str, Any]:
    """Protocols and ciphers of a google_compute_ssl_policy (or Google's default)."""
    g = tables.data()["gcp_ssl_policy"]
    if policy is None:
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
    undecided: dict[str, str] = {}
    prof, minv = policy.get("profile"), policy.get("min_tls_version")
    for attr, val in (("profile", prof), ("min_tls_version", minv)):
        if val.present and not val.known:
            undecided["protocols"] = _cannot_tell(f"{policy.address} {attr}", val)
    if undecided:
        return {"undecided": undecided}
    profile = str(prof.value) if prof.known and prof.value else g["default_profile"]
    minimum_raw = str(minv.value) if minv.known and minv.value else g["default_min_tls_version"]
    minimum = g["min_tls_version"].get(minimum_raw, "TLSv1")
    effective = minimum
    extra = ""
    if profile == "RESTRICTED" and minimum in ("TLSv1", "TLSv1.1"):
        effective = "TLSv1.2"
        extra = " (RESTRICTED leaves no suite for older versions)"
    protocols = tables.from_minimum(effective)
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
        "protocols": Setting(protocols, origin, loc, minv.raw, note),
    }
    if profile == "CUSTOM":
        feats = policy.get("custom_features")
        if feats.present and not feats.known:
            result["undecided"] = {"ciphers": _cannot_tell("custom_features", feats)}
        else:
            from tlslint.tls import ciphers as table

            names: list[str] = []

            unknown: list[str] = []
            for s in _strings(feats):
                c = table.lookup(s)
                (names if c else unknown).append(c.openssl if c else s)
            result["ciphers"] = Setting(
                CipherSpec("custom_features", tuple(names), tuple(unknown)),
                Origin.WRITTEN if attached_via is None else Origin.INHERITED,
                feats.location if feats.present else policy.location,
                feats.raw,
                note,
            )
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


def gcp_proxy(res: Res, out: Out) -> None:
    val = res.get("ssl_policy")
    target = res.ref_target("ssl_policy")
    policy = None
    for type_ in ("google_compute_ssl_policy", "google_compute_region_ssl_policy"):
        policy = policy or out.find(res, target, type_)
    if val.present and policy is None:
        reason = val.reason or f"refers to {val.raw}, which is not in this repository"
        out.endpoints.append(
            _endpoint(res, "gcp-lb", undecided={"protocols": f"cannot tell: ssl_policy {reason}"})
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
    return _endpoint(
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


def _cloud_function(res: Res, out: Out) -> None:
    if not truthy(res.get("trigger_http").value):
        return
    requirement(
        res,
        out,
        "Cloud Function HTTP trigger",
        res.get("https_trigger_security_level"),
        lambda v: str(v) == "SECURE_ALWAYS",
        'Set https_trigger_security_level = "SECURE_ALWAYS".',
        default="SECURE_OPTIONAL",
        default_note="https_trigger_security_level defaults to SECURE_OPTIONAL",
    )


BUILDERS: dict[str, Callable[[Res, Out], None]] = {
    "aws_lb_listener": lb_listener,
    "aws_alb_listener": lb_listener,
    "aws_elb": classic_elb,
    "aws_load_balancer_policy": lb_policy,
    "aws_cloudfront_distribution": cloudfront,
    "aws_api_gateway_domain_name": api_gateway_domain,
    "aws_apigatewayv2_domain_name": apigatewayv2_domain,
    "aws_opensearch_domain": opensearch,
    "aws_elasticsearch_domain": opensearch,
    "aws_cloudsearch_domain": _cloudsearch,
    "aws_transfer_server": transfer_server,
    "aws_acm_certificate": acm_certificate,
    "aws_db_instance": _both(rds_ca, db_default_group),
    "aws_rds_cluster": db_default_group,
    "aws_rds_cluster_instance": rds_ca,
    "aws_msk_cluster": _msk,
    "aws_elasticache_replication_group": _flag(
        "ElastiCache replication group traffic",
        "transit_encryption_enabled",
        truthy,
        "Set transit_encryption_enabled = true.",
        default=False,
        default_note="transit_encryption_enabled defaults to false",
    ),
    "aws_memorydb_cluster": _flag(
        "MemoryDB cluster traffic",
        "tls_enabled",
        truthy,
        "Set tls_enabled = true.",
        default=True,
        default_note="tls_enabled defaults to true",
    ),
    "aws_dax_cluster": _flag(
        "DAX cluster endpoint",
        "cluster_endpoint_encryption_type",
        lambda v: str(v) == "TLS",
        'Set cluster_endpoint_encryption_type = "TLS".',
        default="NONE",
        default_note="cluster_endpoint_encryption_type defaults to NONE",
    ),
    "aws_appsync_api_cache": _flag(
        "AppSync API cache traffic",
        "transit_encryption_enabled",
        truthy,
        "Set transit_encryption_enabled = true.",
        default=False,
        default_note="transit_encryption_enabled defaults to false",
    ),
    "aws_redshift_parameter_group": _param_group(
        {"": ("require_ssl", truthy)}, "Redshift connections", default="false"
    ),
    "aws_docdb_cluster_parameter_group": _param_group(
        {"": ("tls", lambda v: str(v) != "disabled")}, "DocumentDB connections"
    ),
    "aws_db_parameter_group": _db_param_group("RDS connections"),
    "aws_rds_cluster_parameter_group": _db_param_group("Aurora connections"),
    "aws_dms_endpoint": _dms,
    "aws_ecs_task_definition": _efs_volumes,
    "azurerm_app_service": app_service,
    "azurerm_app_service_slot": app_service,
    "azurerm_function_app": app_service,
    "azurerm_function_app_slot": app_service,
    "azurerm_linux_web_app": app_service,
    "azurerm_windows_web_app": app_service,
    "azurerm_linux_web_app_slot": app_service,
    "azurerm_windows_web_app_slot": app_service,
    "azurerm_linux_function_app": app_service,
    "azurerm_windows_function_app": app_service,
    "azurerm_linux_function_app_slot": app_service,
    "azurerm_windows_function_app_slot": app_service,
    "azurerm_storage_account": storage_account,
    "azurerm_mssql_server": _min_tls_endpoint(
        "minimum_tls_version", {**APP_TLS, "Disabled": None}, "1.2", "azure-sql"
    ),
    "azurerm_mysql_server": single_server_db,
    "azurerm_postgresql_server": single_server_db,
    "azurerm_mariadb_server": single_server_db,
    "azurerm_mysql_flexible_server_configuration": flexible_config,
    "azurerm_postgresql_flexible_server_configuration": flexible_config,
    "azurerm_redis_cache": redis_cache,
    "azurerm_servicebus_namespace": _min_tls_endpoint(
        "minimum_tls_version", APP_TLS, "1.2", "azure-servicebus", maximum="TLSv1.2"
    ),
    "azurerm_eventhub_namespace": _min_tls_endpoint(
        "minimum_tls_version", APP_TLS, "1.2", "azure-eventhub", maximum="TLSv1.2"
    ),
    "azurerm_application_gateway": _app_gateway_all,
    "azurerm_api_management": api_management,
    "azurerm_cdn_frontdoor_custom_domain": frontdoor_domain,
    "azurerm_cdn_endpoint_custom_domain": cdn_custom_domain,
    "azurerm_cdn_endpoint": cdn_endpoint,
    "google_compute_target_https_proxy": gcp_proxy,
    "google_compute_target_ssl_proxy": gcp_proxy,
    "google_compute_region_target_https_proxy": gcp_proxy,
    "google_sql_database_instance": cloud_sql,
    "google_redis_instance": _flag(
        "Memorystore Redis traffic",
        "transit_encryption_mode",
        lambda v: str(v) == "SERVER_AUTHENTICATION",
        'Set transit_encryption_mode = "SERVER_AUTHENTICATION".',
        default="DISABLED",
        default_note="transit_encryption_mode defaults to DISABLED",
    ),
    "google_cloudfunctions_function": _cloud_function,
    "aws_ses_configuration_set": _ses,
    "aws_emr_security_configuration": _emr,
    "azurerm_api_management_backend": apim_backend,
    "azurerm_spring_cloud_app": _flag(
        "Spring Cloud app",
        "tls_enabled",
        truthy,
        "Set tls_enabled = true.",
        default=False,
        default_note="tls_enabled defaults to false",
    ),
    "azurerm_spring_cloud_api_portal": _flag(
        "Spring Cloud API portal",
        "https_only_enabled",
        truthy,
        "Set https_only_enabled = true.",
        default=False,
        default_note="https_only_enabled defaults to false",
    ),
    "azurerm_container_registry_webhook": _flag(
        "container registry webhook",
        "service_uri",
        lambda v: not str(v).lower().startswith("http://"),
        "Use an https:// service_uri.",
    ),
    "alicloud_slb_tls_cipher_policy": alicloud_cipher_policy,
    "alicloud_slb_listener": alicloud_listener,
    "alicloud_alb_listener": alicloud_listener,
    "ncloud_lb_listener": ncloud_listener,
    "tencentcloud_clb_listener": tencent_listener,
    "digitalocean_loadbalancer": digitalocean_lb,
    "github_repository_webhook": github_webhook,
    "github_organization_webhook": github_webhook,
}
# Built after every other resource of the unit (they record which policies are attached).
LATE_BUILDERS: dict[str, Callable[[Res, Out], None]] = {
    "google_compute_ssl_policy": gcp_ssl_policy_alone,
    "google_compute_region_ssl_policy": gcp_ssl_policy_alone,
}
# Resources read only as link targets.
LINKED = frozenset({"aws_cloudfront_response_headers_policy", "aws_lb", "aws_alb"})

# Attributes that may hold PEM inline (heredocs): published as EmbeddedPem for the
# certificates source, so certificate and private-key rules see them.
PEM_ATTRIBUTES: dict[str, dict[str, str]] = {
    "aws_iam_server_certificate": {
        "certificate_body": "certificate",
        "certificate_chain": "ca",
        "private_key": "key",
    },
    "aws_acm_certificate": {
        "certificate_body": "certificate",
        "certificate_chain": "ca",
        "private_key": "key",
    },
    "aws_api_gateway_domain_name": {
        "certificate_body": "certificate",
        "certificate_chain": "ca",
        "certificate_private_key": "key",
    },
    "google_compute_ssl_certificate": {"certificate": "certificate", "private_key": "key"},
    "google_compute_region_ssl_certificate": {"certificate": "certificate", "private_key": "key"},
}


def embedded_pem(res: Res, out: Out) -> None:
    for attr, role in PEM_ATTRIBUTES.get(res.type, {}).items():
        val = res.get(attr)
        if not val.known or not isinstance(val.value, str) or "-----BEGIN" not in val.value:
            continue
        out.publish(
            "embedded_pem",
            EmbeddedPem(
                path=res.path,
                line=val.location.line,
                data=val.value.encode("utf-8"),
                origin=f"{res.address}, attribute {attr}",
                key=f"terraform:{res.address}",
                role=role,
            ),
        )


TYPES = frozenset(BUILDERS) | frozenset(LATE_BUILDERS) | LINKED | frozenset(PEM_ATTRIBUTES)


def where(loc: Location) -> str:
    return str(loc)
