"""CFSSL signing configurations and CSR JSON, as issuing policies.

A signing configuration (``cfssl serve -config``, ``cfssl gencert -config``) holds a
``signing.default`` profile and named ``signing.profiles``; each profile that signs leaves
becomes an :class:`IssuingPolicy` with its ``expiry`` (the default profile's when it sets
none; CFSSL's own default is 168h), ``usages`` (``server auth`` means it signs server
certificates; none at all leaves the usage to the request), ``name_whitelist`` and
``ca_constraint.is_ca``. A CSR (``cfssl gencert`` input) becomes the policy for the one key it
asks for: ``key.algo`` and ``key.size`` (CFSSL's default: ECDSA P-256), and, with a ``ca``
section (``-initca``), a CA's key.
"""

from __future__ import annotations

import re
from typing import Any

from tlslint.model import Location, Origin, Setting
from tlslint.model.issuing import IssuingPolicy, PolicyKey, parse_duration
from tlslint.sources.cfssl.jsonlines import Path

SOURCE = "cfssl"
DEFAULT_EXPIRY = 168 * 3600  # CFSSL's config.DefaultConfig: one week
DEFAULT_USAGES = ("signing", "key encipherment", "server auth", "client auth")
ALGOS = {"rsa": "RSA", "ecdsa": "EC", "ed25519": "Ed25519"}
# Names under reserved top-level domains (RFC 2606), which no whitelist means to allow: one
# that matches them all (CFSSL searches it, unanchored) restricts nothing. They are short,
# and long patterns are not tried, because Python's backtracking matcher (unlike Go's RE2)
# can take exponential time on nested quantifiers; the per-file time budget bounds the rest.
PROBES = ("p.invalid", "a.b.test")
MAX_PATTERN = 512


def is_config(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("signing"), dict)


def is_csr(data: Any) -> bool:
    return isinstance(data, dict) and (
        isinstance(data.get("key"), dict) or ("CN" in data and "hosts" in data)
    )


class _Doc:
    def __init__(self, path: str, lines: dict[Path, int]) -> None:
        self.path = path
        self.lines = lines

    def at(self, *keys: str | int) -> Location:
        """The line of the deepest key of ``keys`` that is written."""
        for n in range(len(keys), 0, -1):
            line = self.lines.get(tuple(keys[:n]))
            if line:
                return Location(self.path, line)
        return Location(self.path, 1)


def _expiry(
    doc: _Doc, profile: dict[str, Any], where: tuple[str, ...], default: Setting[int]
) -> Setting[int] | None:
    text = profile.get("expiry")
    if text is None or text == "":
        return default
    seconds = parse_duration(str(text))
    if seconds is None:
        return None  # CFSSL refuses the file: not ours to judge
    return Setting(seconds, Origin.WRITTEN, doc.at(*where, "expiry"), f'"expiry": "{text}"')


def _names(
    doc: _Doc, profile: dict[str, Any], where: tuple[str, ...]
) -> Setting[tuple[str, ...] | None]:
    pattern = profile.get("name_whitelist")
    if not isinstance(pattern, str):
        return Setting(None, Origin.WRITTEN, doc.at(*where), "no name_whitelist")
    location = doc.at(*where, "name_whitelist")
    if len(pattern) > MAX_PATTERN:
        return Setting((pattern,), Origin.WRITTEN, location)
    try:
        matcher = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return Setting((pattern,), Origin.WRITTEN, location)
    if all(matcher.search(name) for name in PROBES):
        why = f"name_whitelist {pattern!r} matches any name (CFSSL searches it unanchored)"
        return Setting(None, Origin.WRITTEN, location, why)
    return Setting((pattern,), Origin.WRITTEN, location)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def config_policies(path: str, data: dict[str, Any], doc: _Doc) -> list[IssuingPolicy]:
    signing = data["signing"]
    default = signing.get("default") if isinstance(signing.get("default"), dict) else None
    fallback = Setting(
        DEFAULT_EXPIRY, Origin.DEFAULT, doc.at("signing"), "", "CFSSL's default expiry, 168h"
    )
    default_expiry = fallback
    if default is not None:
        default_expiry = _expiry(doc, default, ("signing", "default"), fallback) or fallback
    profiles: list[tuple[str, dict[str, Any], tuple[str, ...]]] = []
    if default is not None:
        profiles.append(("default", default, ("signing", "default")))
    named = signing.get("profiles")
    if isinstance(named, dict):
        for name, profile in named.items():
            if isinstance(profile, dict):
                profiles.append((name, profile, ("signing", "profiles", name)))
    default_usages = _strings(default.get("usages")) if default else ()
    out = []
    for name, profile, where in profiles:
        inherited = Setting(
            default_expiry.value,
            Origin.INHERITED if default_expiry.origin is Origin.WRITTEN else Origin.DEFAULT,
            default_expiry.location,
            default_expiry.raw,
            "the default profile's expiry"
            if default_expiry.origin is Origin.WRITTEN
            else default_expiry.note,
        )
        usages = _strings(profile.get("usages")) or default_usages
        constraint = profile.get("ca_constraint")
        is_ca = isinstance(constraint, dict) and constraint.get("is_ca") is True
        out.append(
            IssuingPolicy(
                source=SOURCE,
                kind="CFSSL signing profile",
                name=f"{name} ({path})",
                location=doc.at(*where),
                issues_ca=is_ca,
                max_lifetime=_expiry(
                    doc, profile, where, inherited if name != "default" else default_expiry
                ),
                allowed_names=_names(doc, profile, where),
                server_auth=not usages or "server auth" in usages,
                usages=usages or DEFAULT_USAGES,
                names_remedy="Add a name_whitelist anchored at both ends (CFSSL searches it "
                'unanchored), e.g. "name_whitelist": '
                '"^([a-z0-9-]+\\\\.)*svc\\\\.example\\\\.internal$".',
            )
        )
    return out


def _key(doc: _Doc, data: dict[str, Any]) -> Setting[PolicyKey] | None:
    key = data.get("key")
    if key is None:
        return Setting(
            PolicyKey.ec(256), Origin.DEFAULT, doc.at(), "", "CFSSL's default key, ECDSA P-256"
        )
    if not isinstance(key, dict):
        return None
    algo = str(key.get("algo", "ecdsa")).lower()
    kind = ALGOS.get(algo)
    if kind is None:
        return None  # CFSSL refuses it
    size = key.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        size = {"RSA": 2048, "EC": 256, "Ed25519": 0}[kind]
        written = ("key", "algo")
    else:
        written = ("key", "size")
    policy_key = PolicyKey.ec(size) if kind == "EC" else PolicyKey(kind, size)
    return Setting(policy_key, Origin.WRITTEN, doc.at(*written), f'"algo": "{algo}"')


def csr_policy(path: str, data: dict[str, Any], doc: _Doc) -> list[IssuingPolicy]:
    ca = data.get("ca")
    name = str(data.get("CN") or "") or ", ".join(_strings(data.get("hosts"))) or "(no CN)"
    lifetime = None
    if isinstance(ca, dict) and isinstance(ca.get("expiry"), str):
        seconds = parse_duration(ca["expiry"])
        if seconds:
            raw = f'"expiry": "{ca["expiry"]}"'
            lifetime = Setting(seconds, Origin.WRITTEN, doc.at("ca", "expiry"), raw)
    return [
        IssuingPolicy(
            source=SOURCE,
            kind="CFSSL CSR",
            name=f"{name} ({path})",
            location=doc.at("CN") if "CN" in data else doc.at("key"),
            issues_ca=isinstance(ca, dict),
            is_request=True,
            key=_key(doc, data),
            max_lifetime=lifetime,
        )
    ]


def policies(path: str, data: Any, lines: dict[Path, int]) -> list[IssuingPolicy]:
    doc = _Doc(path, lines)
    if is_config(data):
        return config_policies(path, data, doc)
    if is_csr(data):
        return csr_policy(path, data, doc)
    return []
