"""The policy: a Mozilla Server Side TLS profile plus an organisation's overrides.

The profile data is Mozilla's guideline JSON, copied unchanged into ``tlslint/data/policy``:
6.0 for ``modern`` and ``intermediate``, 5.8 for ``old`` (6.0 dropped it). Rules read every
threshold from here, never from literals of their own.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field, replace
from typing import Any

from tlslint.packaged import read_text

# Protocol names and their order live with the rest of the TLS knowledge (tlslint.tls).
from tlslint.tls import DEPRECATED_PROTOCOLS as DEPRECATED_PROTOCOLS
from tlslint.tls import PROTOCOLS as PROTOCOLS
from tlslint.tls import protocol_rank as protocol_rank

PROFILES = ("modern", "intermediate", "old")
DEFAULT_PROFILE = "intermediate"

_GUIDELINE_FOR_PROFILE = {"modern": "6.0", "intermediate": "6.0", "old": "5.8"}


@functools.cache
def _guideline(version: str) -> dict[str, Any]:
    return json.loads(read_text(f"data/policy/mozilla-{version}.json"))  # type: ignore[no-any-return]


@functools.cache
def public_leaf_schedule() -> tuple[tuple[dt.datetime, int, str], ...]:
    """(issued on or after, maximum days, ballot) of the CA/B Forum Baseline Requirements."""
    rows = json.loads(read_text("data/policy/cabforum-tls-br.json"))["issued_on_or_after"]
    return tuple(
        (
            dt.datetime.fromisoformat(r["date"]).replace(tzinfo=dt.timezone.utc),
            r["days"],
            r["ballot"],
        )
        for r in rows
    )


@dataclass(frozen=True)
class LifetimeLimit:
    """The longest validity a leaf may have, and the standard that sets it."""

    days: int
    why: str

    @property
    def seconds(self) -> int:
        return self.days * 86400


@dataclass(frozen=True)
class MtlsRequirement:
    """Where client-certificate verification is mandatory: file globs and host globs."""

    paths: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.paths or self.hosts)


@dataclass(frozen=True)
class Policy:
    """Every threshold a rule may read."""

    profile: str
    guideline_version: str
    tls_versions: tuple[str, ...]
    ciphers: tuple[str, ...]  # allowed TLS<=1.2 suites, OpenSSL names, in recommended order
    ciphersuites: tuple[str, ...]  # allowed TLS 1.3 suites, IANA names
    tls_curves: tuple[str, ...]
    server_preferred_order: bool
    dh_param_size: int | None
    ecdh_param_size: int | None
    hsts_min_age: int
    ocsp_staple: bool
    certificate_types: tuple[str, ...]
    certificate_curves: tuple[str, ...]
    certificate_signatures: tuple[str, ...]
    rsa_key_size: int
    maximum_certificate_lifespan: int
    # Organisation overrides and lifecycle thresholds (not in the Mozilla data).
    expiry_error_days: int = 14
    expiry_warning_days: int = 30
    # The organisation's own maximum for public leaves; None: the standards decide (the CA/B
    # Forum limit in force at notBefore and the Mozilla profile's maximum_certificate_lifespan).
    max_certificate_lifetime_days: int | None = None
    renew_before_days: int = 30
    mtls: MtlsRequirement = field(default_factory=MtlsRequirement)
    # Certificate keys and signatures (TLS405/TLS406): key types and EC curves accepted in
    # any certificate, signature hashes refused on any certificate but a root.
    certificate_key_types: tuple[str, ...] = ("RSA", "EC", "Ed25519")
    certificate_key_curves: tuple[str, ...] = ("secp256r1", "secp384r1", "secp521r1")
    weak_signature_hashes: tuple[str, ...] = ("md2", "md5", "sha1")
    # Leaves under a declared private CA (config certificates.private_cas) are bound by no
    # public schedule: by default they get the 398 days no public leaf may exceed either.
    private_max_certificate_lifetime_days: int = 398
    nginx_version: str | None = None
    openssl_version: str | None = None

    def public_lifetime_limit(self, issued: dt.datetime) -> LifetimeLimit:
        """The maximum validity of a public leaf issued at ``issued`` (its notBefore)."""
        if issued.tzinfo is None:
            issued = issued.replace(tzinfo=dt.timezone.utc)
        limits: list[LifetimeLimit] = []
        for since, days, ballot in reversed(public_leaf_schedule()):
            if issued >= since:
                limits.append(
                    LifetimeLimit(
                        days,
                        f"the CA/B Forum maximum for public leaves issued from "
                        f"{since:%Y-%m-%d} ({ballot})",
                    )
                )
                break
        if self.max_certificate_lifetime_days is not None:
            limits.append(LifetimeLimit(self.max_certificate_lifetime_days, "the policy's maximum"))
        else:
            limits.append(
                LifetimeLimit(
                    self.maximum_certificate_lifespan,
                    f"Mozilla's {self.profile} profile maximum (guideline "
                    f"{self.guideline_version})",
                )
            )
        return min(limits, key=lambda lim: lim.days)

    def private_lifetime_limit(self) -> LifetimeLimit:
        return LifetimeLimit(
            self.private_max_certificate_lifetime_days, "the policy's maximum for private-CA leaves"
        )

    @property
    def lifetime_cap(self) -> int:
        """The profile's (or the organisation's) maximum, for what tlslint generates."""
        cap = self.maximum_certificate_lifespan
        if self.max_certificate_lifetime_days is not None:
            cap = min(cap, self.max_certificate_lifetime_days)
        return cap

    @property
    def min_protocol(self) -> str:
        return min(self.tls_versions, key=protocol_rank)

    @property
    def requires_tls13(self) -> bool:
        return "TLSv1.3" in self.tls_versions

    def describe_protocols(self) -> str:
        names = (
            " and ".join(self.tls_versions)
            if len(self.tls_versions) <= 2
            else (", ".join(self.tls_versions[:-1]) + " and " + self.tls_versions[-1])
        )
        return f"the {self.profile} profile allows {names}"


def load_profile(name: str = DEFAULT_PROFILE) -> Policy:
    """The policy for a Mozilla profile, with no overrides."""
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r} (expected one of: {', '.join(PROFILES)})")
    version = _GUIDELINE_FOR_PROFILE[name]
    conf = _guideline(version)["configurations"][name]
    return Policy(
        profile=name,
        guideline_version=version,
        tls_versions=tuple(conf.get("tls_versions", ())),
        ciphers=tuple(conf.get("ciphers", {}).get("openssl", ())),
        ciphersuites=tuple(conf.get("ciphersuites", ())),
        tls_curves=tuple(conf.get("tls_curves", ())),
        server_preferred_order=bool(conf.get("server_preferred_order", False)),
        dh_param_size=conf.get("dh_param_size"),
        ecdh_param_size=conf.get("ecdh_param_size"),
        hsts_min_age=int(conf.get("hsts_min_age") or 63072000),
        ocsp_staple=bool(conf.get("ocsp_staple", False)),
        certificate_types=tuple(conf.get("certificate_types", ())),
        certificate_curves=tuple(conf.get("certificate_curves", ())),
        certificate_signatures=tuple(conf.get("certificate_signatures", ())),
        rsa_key_size=int(conf.get("rsa_key_size") or 2048),
        maximum_certificate_lifespan=int(conf.get("maximum_certificate_lifespan") or 398),
    )


def build_policy(profile: str, overrides: dict[str, Any]) -> Policy:
    """The profile with the config file's ``policy:`` section applied (already validated)."""
    policy = load_profile(profile)
    changes: dict[str, Any] = {}
    if "min_tls_version" in overrides:
        floor = protocol_rank(overrides["min_tls_version"])
        changes["tls_versions"] = tuple(p for p in PROTOCOLS if protocol_rank(p) >= floor)
    if "tls_versions" in overrides:
        changes["tls_versions"] = tuple(overrides["tls_versions"])
    simple = {
        "ciphers": tuple,
        "ciphersuites": tuple,
        "tls_curves": tuple,
        "hsts_min_age": int,
        "ocsp_staple": bool,
        "server_preferred_order": bool,
        "dh_param_size": int,
        "rsa_key_size": int,
        "expiry_error_days": int,
        "expiry_warning_days": int,
        "max_certificate_lifetime_days": int,
        "renew_before_days": int,
        "certificate_key_types": tuple,
        "certificate_key_curves": tuple,
        "weak_signature_hashes": tuple,
        "private_max_certificate_lifetime_days": int,
        "nginx_version": str,
        "openssl_version": str,
    }
    for key, convert in simple.items():
        if key in overrides and overrides[key] is not None:
            changes[key] = convert(overrides[key])
    if "mtls_required" in overrides:
        req = overrides["mtls_required"]
        changes["mtls"] = MtlsRequirement(
            paths=tuple(req.get("paths", ())), hosts=tuple(req.get("hosts", ()))
        )
    return replace(policy, **changes)
