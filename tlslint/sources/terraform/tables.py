"""The managed-policy tables (``data/tls-values.yaml``), loaded once and expanded."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from tlslint.model.policy import PROTOCOLS, protocol_rank
from tlslint.sources.terraform import datafiles

CLASSIC_POLICIES = ("ELBSecurityPolicy-TLS-", "ELBSecurityPolicy-20")


@dataclass(frozen=True)
class PolicyFacts:
    family: str
    name: str
    protocols: frozenset[str]
    ciphers: tuple[str, ...] | None  # None: not listed by the source
    superseded_by: str | None


def data() -> dict[str, Any]:
    """``data/tls-values.yaml`` (read from its compiled copy, see :mod:`.datafiles`)."""
    return datafiles.table("tls-values")


def expand_ciphers(names: list[str] | None) -> tuple[str, ...] | None:
    if names is None:
        return None
    sets = data()["cipher_sets"]
    out: list[str] = []

    def add(items: list[str], depth: int) -> None:
        for n in items:
            if n in sets and depth < 8:  # a named set, possibly made of other sets
                add(sets[n], depth + 1)
            elif n not in out:
                out.append(n)

    add(names, 0)
    return tuple(out)


@functools.cache
def facts(family: str, name: str) -> PolicyFacts | None:
    table = data().get(family, {})
    entry = table.get("policies", {}).get(name)
    if entry is None and family == "aws_classic_elb":
        entry = table.get("older_policies", {}).get(name)
        if entry is None:
            found = facts("aws_elbv2", name)
            if found is None or not name.startswith(CLASSIC_POLICIES):
                return None
            # Classic load balancers take only the pre-TLS-1.3 policies; the best of them is
            # the family's recommendation.
            best = recommended(family, "intermediate")
            newer = best if best != name else None
            return PolicyFacts(family, name, found.protocols, found.ciphers, newer)
    if entry is None:
        return None
    superseded = entry.get("superseded_by")
    if family == "aws_classic_elb":
        best = recommended(family, "intermediate")
        superseded = best if best != name else None
    return PolicyFacts(
        family,
        name,
        frozenset(entry["protocols"]),
        expand_ciphers(entry.get("ciphers")),
        superseded,
    )


def recommended(family: str, profile: str) -> str | None:
    return data()["recommended"].get(family, {}).get(profile)  # type: ignore[no-any-return]


def recommended_pairs(family: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(data()["recommended"].get(family, {}).items()))


def from_minimum(minimum: str, maximum: str = "TLSv1.3") -> frozenset[str]:
    """Every TLS version from ``minimum`` up to ``maximum`` (OpenSSL spelling)."""
    low, high = protocol_rank(minimum), protocol_rank(maximum)
    return frozenset(p for p in PROTOCOLS if low <= protocol_rank(p) <= high and p != "SSLv2")


def describe(protocols: frozenset[str]) -> str:
    ordered = sorted(protocols, key=protocol_rank)
    if not ordered:
        return "nothing"
    if len(ordered) == 1:
        return ordered[0]
    return f"{ordered[0]} to {ordered[-1]}"
