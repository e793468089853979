"""Finding each certificate's issuer among many, in time linear in their number.

A certificate's issuer is a certificate whose subject name is the certificate's issuer name
and whose key verifies its signature. Testing every pair is quadratic (a 1,385-root bundle is
1.9 million signature checks), so candidates are looked up by subject name and grouped by
public key, and one signature check decides for each distinct key:

- when the certificate carries an authority key identifier, only candidates with that subject
  key identifier (or none) are considered, as OpenSSL's chain builder does;
- a signature verifies under one key only, so the search stops at the first key that verifies;
- a self-signed certificate needs no check (its own key verified it: exactly the candidates
  sharing that key issued it), nor does a certificate whose issuing key is already known
  (``Facts.issuer_keys``: the link step knows what each bundle's own search found).

A hostile bundle of thousands of same-named certificates without key identifiers would still
cost a check per pair; the search gives up after :data:`MAX_KEYS_TRIED` distinct keys per
certificate and says so, rather than run for minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

MAX_KEYS_TRIED = 8


@dataclass(frozen=True)
class Facts:
    """What the search needs to know of one certificate."""

    subject: str
    issuer: str
    public_key: str | None  # SHA-256 of the SubjectPublicKeyInfo; None when unreadable
    authority_key_id: str  # hex; "" when absent
    subject_key_id: str  # hex; "" when absent
    self_signed: bool
    bundle: Hashable = None  # which bundle it sits in (the link step skips its own)
    issuer_keys: frozenset[str] = frozenset()  # keys already known to have signed it


@dataclass
class Found:
    """Issuers by certificate index, and how many searches gave up."""

    issuers: list[tuple[int, ...]]
    gave_up: int = 0


@dataclass
class _Bundle:
    """The candidates of one subject name within one bundle, grouped by public key."""

    groups: dict[Hashable, list[int]] = field(default_factory=dict)
    by_ski: dict[str, list[Hashable]] = field(default_factory=dict)  # ski -> group keys
    without_ski: list[Hashable] = field(default_factory=list)


def find_issuers(
    facts: Sequence[Facts], verify: Callable[[int, int], bool], skip_own_bundle: bool = False
) -> Found:
    """Indices of the issuers of every certificate; ``verify(i, j)``: j's key signed i.

    With ``skip_own_bundle``, candidates in a certificate's own bundle are not checked (that
    bundle was searched already; what it found comes in ``issuer_keys``)."""
    index: dict[str, dict[Hashable, _Bundle]] = {}
    for number, f in enumerate(facts):
        bundle = index.setdefault(f.subject, {}).setdefault(f.bundle, _Bundle())
        group: Hashable = f.public_key if f.public_key is not None else ("alone", number)
        members = bundle.groups.get(group)
        if members is None:
            bundle.groups[group] = members = []
            if f.subject_key_id:
                bundle.by_ski.setdefault(f.subject_key_id, []).append(group)
            else:
                bundle.without_ski.append(group)
        members.append(number)
    found = Found(issuers=[])
    for number, cert in enumerate(facts):
        bundles = index.get(cert.issuer)
        if not bundles:
            found.issuers.append(())
            continue
        known: set[Hashable] = set(cert.issuer_keys)
        if cert.self_signed and cert.public_key is not None:
            known.add(cert.public_key)
        if known:
            found.issuers.append(_members(bundles, known, number))
            continue
        issuers: tuple[int, ...] = ()
        tried = 0
        for key, members in _candidates(cert, bundles, skip_own_bundle):
            # A same-named certificate that is not self-signed: its own key did not verify.
            usable = [m for m in members if m != number]
            if not usable or (key == cert.public_key and cert.subject == cert.issuer):
                continue
            if tried >= MAX_KEYS_TRIED:
                found.gave_up += 1
                break
            tried += 1
            if verify(number, usable[0]):
                issuers = _members(bundles, {key}, number)
                break
        found.issuers.append(issuers)
    return found


def _members(bundles: dict[Hashable, _Bundle], keys: set[Hashable], number: int) -> tuple[int, ...]:
    """Every candidate holding one of ``keys``, in every bundle, except the certificate itself."""
    return tuple(
        sorted(
            m for b in bundles.values() for k in keys for m in b.groups.get(k, ()) if m != number
        )
    )


def _candidates(
    cert: Facts, bundles: dict[Hashable, _Bundle], skip_own_bundle: bool
) -> Iterator[tuple[Hashable, list[int]]]:
    """Candidate key groups (each key once), those whose key identifier matches first."""
    chosen = [b for k, b in bundles.items() if not (skip_own_bundle and k == cert.bundle)]
    aki = cert.authority_key_id
    ordered: list[tuple[_Bundle, Iterable[Hashable]]]
    if aki:
        ordered = [(b, b.by_ski.get(aki, ())) for b in chosen]
        ordered += [(b, b.without_ski) for b in chosen]
    else:
        ordered = [(b, b.groups) for b in chosen]
    seen: set[Hashable] = set()
    for bundle, keys in ordered:
        for key in keys:
            if key not in seen:
                seen.add(key)
                yield key, bundle.groups[key]
