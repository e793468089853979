"""AWS (hashicorp/aws): load balancers, CloudFront, API Gateway, OpenSearch and CloudSearch,
Transfer Family, ACM certificates, EMR. Databases are in :mod:`.aws_databases`; simple
requirements (ElastiCache, MemoryDB, DAX, MSK, …) in ``data/requirements.yaml``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tlslint.model import (
    CertificateNames,
    CipherSpec,
    CloudCertificateKey,
    Endpoint,
    Hsts,
    Location,
    ManagedTlsPolicy,
    Origin,
    Setting,
    TlsRequirement,
)
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.builders import (
    Out,
    PolicyChoice,
    Provider,
    arn_ref,
    cannot_tell,
    endpoint,
    managed_policy,
    nested,
    policy_endpoint,
    qualified,
    requirement,
    strings,
    truthy,
)
from tlslint.sources.terraform.sites import Site
from tlslint.sources.terraform.view import Res, Val

ELB = "aws_elbv2"


def lb_listener(res: Res, out: Out) -> None:
    protocol = res.get("protocol")
    lb = res.ref_target("load_balancer_arn")
    lb_key = qualified(
        res,
        f"{res.prefix}{lb[0]}.{lb[1]}" if lb else (res.get("load_balancer_arn").raw or res.address),
    )
    if protocol.present and not protocol.known:
        out.endpoints.append(
            endpoint(
                res,
                "aws-elb",
                hosts=(lb_key,),
                undecided={"protocols": cannot_tell("protocol", protocol)},
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
        certs = arn_ref(res, "certificate_arn")
        out.endpoints.append(
            policy_endpoint(
                res,
                "aws-elb",
                policy,
                hosts=(lb_key,),
                certificates=certs,
                knob={"family": ELB, "attribute": "ssl_policy"},
            )
        )
    elif proto == "HTTP" or (not protocol.present and _absent_protocol_is_http(res, out, lb)):
        # protocol defaults to HTTP on application load balancers (TCP on network ones, so an
        # absent protocol counts as HTTP when the load balancer is an ALB, or on port 80)
        redirect = _redirects(res)
        out.endpoints.append(
            endpoint(
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


def classic_elb(res: Res, out: Out) -> None:
    key = qualified(res, res.address)
    for listener in res.blocks("listener"):
        lb_proto = listener.get("lb_protocol")
        inst = listener.get("instance_protocol")
        if not lb_proto.known:
            continue
        proto = str(lb_proto.value).lower()
        if proto in ("https", "ssl"):
            out.endpoints.append(
                endpoint(
                    res,
                    "aws-classic-elb",
                    name=f"{key} listener {listener.get('lb_port').value}",
                    location=listener.location,
                    hosts=(key,),
                    certificates=arn_ref(listener, "ssl_certificate_id"),
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
                endpoint(
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


REFERENCE = 'policy_attribute "Reference-Security-Policy" value'


@dataclass(slots=True)
class _Negotiation:
    """What an SSLNegotiationPolicyType's policy_attribute blocks say."""

    protocols: set[str] = field(default_factory=set)
    suites: list[str] = field(default_factory=list)
    reference: Val | None = None
    bad_at: Location | None = None  # the first legacy protocol enabled
    unknown_reason: str = ""


def _negotiation(res: Res) -> _Negotiation:
    attrs = tables.data()["aws_classic_elb"]["protocol_attributes"]
    found = _Negotiation()
    for pa in res.blocks("policy_attribute"):
        name, value = pa.get("name"), pa.get("value")
        if not name.known:
            found.unknown_reason = cannot_tell("policy_attribute name", name)
            continue
        n = str(name.value)
        if n == "Reference-Security-Policy":
            found.reference = value
        elif n in attrs:
            if not value.known:
                found.unknown_reason = cannot_tell(n, value)
            elif truthy(value.value):
                found.protocols.add(attrs[n])
                if attrs[n] in ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1") and found.bad_at is None:
                    found.bad_at = pa.location
        elif (
            "-" in n
            and not n.startswith(("Server-Defined", "Protocol"))
            and value.known
            and truthy(value.value)
        ):
            found.suites.append(n)
    return found


def lb_policy(res: Res, out: Out) -> None:
    kind = res.get("policy_type_name")
    if not kind.known or str(kind.value) != "SSLNegotiationPolicyType":
        return
    found = _negotiation(res)
    knob = {"family": "aws_classic_elb", "attribute": REFERENCE}
    if found.reference is not None:
        policy = managed_policy(res, out, "aws_classic_elb", REFERENCE, found.reference)
        out.endpoints.append(
            _classic(
                policy_endpoint(
                    res,
                    "aws-classic-elb",
                    policy,
                    location=found.reference.location,
                    knob=knob,
                )
            )
        )
        return
    suites = found.suites
    out.endpoints.append(
        _classic(
            endpoint(
                res,
                "aws-classic-elb",
                protocols=Setting(
                    frozenset(found.protocols),
                    Origin.WRITTEN,
                    found.bad_at or res.location,
                    note="custom SSL negotiation policy",
                ),
                ciphers=Setting(
                    CipherSpec(":".join(suites), tuple(suites)), Origin.WRITTEN, res.location
                )
                if suites
                else None,
                undecided={"protocols": found.unknown_reason} if found.unknown_reason else {},
                knob=knob,
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


def _viewer_policy(res: Res, out: Out, vc: list[Res], default_cert: Val) -> PolicyChoice:
    """The viewer TLS policy: pinned to TLSv1 by the default certificate, else the one set."""
    if (default_cert.known and truthy(default_cert.value)) or not vc:
        note = (
            "the default *.cloudfront.net certificate pins the TLSv1 policy, whatever "
            "minimum_protocol_version says"
        )
        facts = tables.facts(CF, "TLSv1")
        assert facts is not None
        loc = default_cert.location if default_cert.present else res.location
        return PolicyChoice(
            protocols=Setting(
                facts.protocols,
                Origin.MANAGED,
                loc,
                default_cert.raw,
                f"{note}; it enables {tables.describe(facts.protocols)}",
            )
        )
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
    if default_cert.present and not default_cert.known:
        reason = cannot_tell("cloudfront_default_certificate", default_cert)
        return PolicyChoice(undecided={"protocols": reason})
    return choice


def cloudfront(res: Res, out: Out) -> None:
    hosts = strings(res.get("aliases")) or (qualified(res, res.address),)
    vc = res.blocks("viewer_certificate")
    default_cert = vc[0].get("cloudfront_default_certificate") if vc else Val(None, res.location)
    choice = _viewer_policy(res, out, vc, default_cert)
    undecided = dict(choice.undecided)
    hsts, hsts_undecided, hsts_site = _cloudfront_hsts(res, out)
    undecided.update(hsts_undecided)
    certs = arn_ref(vc[0], "acm_certificate_arn") if vc else ()
    out.endpoints.append(
        endpoint(
            res,
            "aws-cloudfront",
            hosts=hosts,
            protocols=choice.protocols,
            ciphers=choice.ciphers,
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
    _plain_behaviours(res, out, hosts, behaviours)
    _origins(res, out, behaviours)


def _plain_behaviours(res: Res, out: Out, hosts: tuple[str, ...], behaviours: list[Res]) -> None:
    """Cache behaviours that answer plain HTTP (with a redirect or not)."""
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
            endpoint(
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


def _origins(res: Res, out: Out, behaviours: list[Res]) -> None:
    """Custom origins: the protocol CloudFront uses to reach them, and its TLS versions."""
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
                und = {"protocols": cannot_tell("origin_ssl_protocols", ssl)}
                out.endpoints.append(
                    endpoint(
                        res,
                        "aws-cloudfront",
                        name=f"{res.address} origin {target}",
                        location=ssl.location,
                        undecided=und,
                    )
                )
            elif ssl.known:
                mapping = tables.data()[CF]["origin_ssl_protocols"]
                found = frozenset(mapping[s] for s in strings(ssl) if s in mapping)
                e = endpoint(
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
                    return None, {"hsts": cannot_tell("access_control_max_age_sec", age)}, None
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
        endpoint(
            res,
            "aws-apigateway",
            hosts=strings(Val([res.get("domain_name").value], res.location, present=True))
            if res.get("domain_name").known
            else (),
            protocols=policy.protocols,
            ciphers=policy.ciphers,
            undecided=undecided,
            certificates=arn_ref(res, "certificate_arn") + arn_ref(res, "regional_certificate_arn"),
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
            policy_endpoint(
                res,
                "aws-apigatewayv2",
                policy,
                hosts=(str(domain.value),) if domain.known else (),
                location=conf.location,
                certificates=arn_ref(conf, "certificate_arn"),
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
    e = policy_endpoint(
        res,
        "aws-opensearch",
        policy,
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
        nested(res, "node_to_node_encryption", "enabled"),
        truthy,
        "Set node_to_node_encryption { enabled = true }.",
        default=False,
        default_note="node_to_node_encryption is off unless enabled",
    )


def _single_node(res: Res) -> bool:
    """cluster_config: instance_count defaults to 1; dedicated masters and warm nodes add more."""
    count = nested(res, "cluster_config", "instance_count")
    masters = nested(res, "cluster_config", "dedicated_master_enabled")
    warm = nested(res, "cluster_config", "warm_enabled")
    if (count.present and not count.known) or (masters.present and not masters.known):
        return False
    if warm.present and (not warm.known or truthy(warm.value)):
        return False
    try:
        nodes = int(count.value) if count.present else 1
    except (TypeError, ValueError):
        return False
    return nodes == 1 and not (masters.present and truthy(masters.value))


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
    e = policy_endpoint(
        res,
        "aws-cloudsearch",
        policy,
        knob={
            "attribute": "endpoint_options.tls_security_policy",
            "values": {"TLSv1.2": "Policy-Min-TLS-1-2-2019-07"},
        },
    )
    e.tls13_unavailable = "CloudSearch endpoints negotiate at most TLSv1.2"
    out.endpoints.append(e)


def transfer_server(res: Res, out: Out) -> None:
    protocols = res.get("protocols")
    if protocols.known and "FTP" in strings(protocols):
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


def acm_certificate(res: Res, out: Out) -> None:
    domain, sans = res.get("domain_name"), res.get("subject_alternative_names")
    if domain.known and isinstance(domain.value, str):
        names = (domain.value, *(n for n in strings(sans) if n != domain.value))
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


PROVIDER = Provider(
    builders={
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
        "aws_emr_security_configuration": _emr,
    },
    linked=frozenset({"aws_cloudfront_response_headers_policy", "aws_lb", "aws_alb"}),
    pem={
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
    },
)
