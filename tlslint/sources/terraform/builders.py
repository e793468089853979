"""What every provider's builders share: the output of one unit and the steps they repeat.

A builder reads one resource through :class:`~.view.Res` and adds to :class:`Out` endpoints
(with their protocols and ciphers as the managed policy or the provider default really enables
them), managed-policy facts, TLS requirements and certificate facts. A value tlslint cannot
decide is recorded in ``endpoint.undecided`` with its reason, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tlslint.model import (
    CertificateRef,
    CipherSpec,
    EmbeddedPem,
    Endpoint,
    ManagedTlsPolicy,
    Origin,
    Setting,
    TlsRequirement,
)
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.view import Res, Val

SOURCE = "terraform"
Builder = Callable[["Res", "Out"], None]


@dataclass
class Out:
    """What the builders of one unit produce, and the unit's resources they may link to."""

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


def endpoint(res: Res, product: str, **fields: Any) -> Endpoint:
    """An endpoint of the resource; ``undecided``, ``knob`` and ``site`` go to its fix data."""
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


def policy_endpoint(res: Res, product: str, choice: PolicyChoice, **fields: Any) -> Endpoint:
    """An endpoint whose protocols and ciphers a managed policy decides."""
    return endpoint(
        res,
        product,
        protocols=choice.protocols,
        ciphers=choice.ciphers,
        undecided=choice.undecided,
        **fields,
    )


def cannot_tell(attr: str, val: Val) -> str:
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
        choice.undecided["protocols"] = cannot_tell(attr, val)
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
        return None, {"protocols": cannot_tell(attr, val)}
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


def strings(val: Val) -> tuple[str, ...]:
    if not val.known or not isinstance(val.value, list):
        return ()
    return tuple(str(v) for v in val.value if isinstance(v, str))


def qualified(res: Res, key: str) -> str:
    """A load balancer's name, unique across directories (hosts are compared run-wide)."""
    directory = res.module.directory
    return f"{key} in {directory}/" if directory else key


def arn_ref(res: Res, attr: str) -> tuple[CertificateRef, ...]:
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


def nested(res: Res, block: str, attr: str) -> Val:
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


def knob_values(mapping: Mapping[str, str | None], attr: str) -> dict[str, Any]:
    return {"attribute": attr, "values": {v: k for k, v in mapping.items() if v}}


def min_tls_endpoint(
    attr: str,
    mapping: Mapping[Any, str | None],
    default: str,
    product: str,
    *,
    maximum: str = "TLSv1.3",
    note: str = "",
) -> Builder:
    def build(res: Res, out: Out) -> None:
        setting, undecided = min_version(
            res, attr, res.get(attr), mapping, default=default, default_note=note, maximum=maximum
        )
        e = endpoint(
            res, product, protocols=setting, undecided=undecided, knob=knob_values(mapping, attr)
        )
        if maximum != "TLSv1.3":
            e.tls13_unavailable = f"{res.type} offers at most {maximum}"
        out.endpoints.append(e)

    return build


def split_suites(
    suites: tuple[str, ...], *, apart_tls13: bool = True
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Written suite names (OpenSSL or IANA spelling) as (OpenSSL names, unknown names, TLS 1.3
    suites by IANA name); with ``apart_tls13=False`` TLS 1.3 suites stay among the names."""
    from tlslint.tls import ciphers as table

    names: list[str] = []
    unknown: list[str] = []
    modern: list[str] = []
    for s in suites:
        c = table.lookup(s)
        if c is None:
            unknown.append(s)
        elif apart_tls13 and c.protocol == "TLSv1.3":
            modern.append(c.iana)  # TLS 1.3 suites are judged apart (ciphersuites)
        else:
            names.append(c.openssl)
    return tuple(names), tuple(unknown), tuple(modern)


def written_suites(val: Val) -> Setting[CipherSpec] | None:
    """A written list of suite names; TLS 1.3 suites left out."""
    if not val.known:
        return None
    suites = strings(val)
    names, unknown, _ = split_suites(suites)
    return Setting(
        CipherSpec(", ".join(suites), names, unknown),
        Origin.WRITTEN,
        val.location,
        val.raw,
    )


def both(*builders: Builder) -> Builder:
    def build(res: Res, out: Out) -> None:
        for builder in builders:
            builder(res, out)

    return build


def embedded_pem(res: Res, out: Out, attributes: Mapping[str, str]) -> None:
    """Attributes that hold PEM inline (heredocs), published for the certificates source so
    certificate and private-key rules see them; ``attributes``: attribute -> role."""
    for attr, role in attributes.items():
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


@dataclass(frozen=True)
class Provider:
    """What one provider module contributes to the registry (see ``providers/__init__.py``).

    ``builders``: resource type -> builder; ``late``: builders run after every other resource of
    the unit (they see what the others recorded); ``linked``: types read only as link targets;
    ``pem``: resource type -> {attribute: role} of attributes that may hold PEM inline.
    """

    builders: Mapping[str, Builder] = field(default_factory=dict)
    late: Mapping[str, Builder] = field(default_factory=dict)
    linked: frozenset[str] = frozenset()
    pem: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
