"""The rule registry: an explicit, sorted tuple, kept honest by tests/rules/test_registry.py.

Rules can be renamed (or renumbered) without breaking what names them: :data:`REDIRECTS`
maps an old name or id to the current id, and everything that names a rule — suppression
markers, ``select``/``ignore``, severity overrides, baselines — still finds it under the old
key, with a deprecation warning on standard error (once per key and process).
"""

from __future__ import annotations

import sys

from tlslint.rules import (
    certificates,
    ciphers,
    cloud,
    evidence,
    files,
    hsts,
    issuing,
    lifecycle,
    mesh,
    mtls,
    protocols,
    rotation,
    secrets,
    sessions,
    suppressions,
)
from tlslint.rules.base import Context, Issue, Rule

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            files.PARSE_ERROR,
            files.FILE_SKIPPED,
            suppressions.UNUSED_SUPPRESSION,
            protocols.DEPRECATED_PROTOCOL,
            protocols.PROTOCOLS_NOT_PINNED,
            protocols.PROTOCOL_BELOW_POLICY,
            ciphers.INSECURE_CIPHER,
            ciphers.CIPHER_NOT_IN_POLICY,
            ciphers.NO_FORWARD_SECRECY,
            ciphers.SERVER_CIPHER_PREFERENCE,
            ciphers.WEAK_KEY_EXCHANGE,
            hsts.HSTS_MISSING,
            hsts.HSTS_TOO_SHORT,
            hsts.HSTS_NOT_ALWAYS,
            hsts.HSTS_SHADOWED,
            hsts.HTTP_NOT_REDIRECTED,
            sessions.OCSP_STAPLING_OFF,
            sessions.OCSP_STAPLING_INCOMPLETE,
            sessions.SESSION_TICKETS_ON,
            mtls.CLIENT_AUTH_NOT_ENFORCED,
            lifecycle.INGRESS_WITHOUT_TLS,
            lifecycle.UNMANAGED_CERTIFICATE,
            lifecycle.RENEWAL_TOO_LATE,
            lifecycle.CERTIFICATE_DURATION_TOO_LONG,
            lifecycle.WEAK_MANAGED_KEY,
            lifecycle.KEY_NOT_ROTATED,
            lifecycle.ISSUER_NOT_FOUND,
            lifecycle.ACME_MISCONFIGURED,
            rotation.ROTATION_BLOCKED,
            rotation.ROTATION_NOT_RELOADED,
            rotation.RENEWAL_WITHOUT_RELOAD,
            mesh.MESH_MTLS_PERMISSIVE,
            mtls.UPSTREAM_TLS_UNVERIFIED,
            certificates.CERTIFICATE_EXPIRED,
            certificates.CERTIFICATE_EXPIRING,
            certificates.CERTIFICATE_EXPIRING_SOON,
            certificates.CERTIFICATE_NOT_YET_VALID,
            certificates.WEAK_CERTIFICATE_KEY,
            certificates.WEAK_SIGNATURE,
            certificates.CERTIFICATE_LIFETIME_TOO_LONG,
            certificates.MISSING_SAN,
            certificates.HOSTNAME_NOT_COVERED,
            certificates.CHAIN_INCOMPLETE,
            certificates.KEY_MISMATCH,
            certificates.SELF_SIGNED_LEAF,
            certificates.LEAF_IS_CA,
            issuing.ISSUING_POLICY_ANY_NAME,
            evidence.CERTIFICATE_NOT_IN_REPOSITORY,
            secrets.PRIVATE_KEY_COMMITTED,
            secrets.WEAK_KEY_ENCRYPTION,
            cloud.MANAGED_POLICY_OUTDATED,
            cloud.TLS_NOT_ENFORCED,
        ),
        key=lambda r: r.id,
    )
)

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


# Old name or id (ids upper-case, names lower-case) -> current id. Append a row when a rule is
# renamed or renumbered, and never remove one: configurations, markers and baselines written
# under the old key keep working (tests/rules/test_redirects.py).
REDIRECTS: dict[str, str] = {}

_warned: set[str] = set()


def find(key: str) -> Rule | None:
    """A rule by id (``TLS101``) or name (``deprecated-protocol``), case-insensitive; an old
    key in :data:`REDIRECTS` finds the rule it became, with a deprecation warning."""
    rule = BY_ID.get(key.upper()) or BY_NAME.get(key.lower())
    if rule is not None:
        return rule
    old = key.strip().upper() if key.strip().upper().startswith("TLS") else key.strip().lower()
    target = REDIRECTS.get(old)
    if target is None or target not in BY_ID:
        return None
    deprecated(old, BY_ID[target])
    return BY_ID[target]


def deprecated(old: str, rule: Rule) -> None:
    """Warn once per process that ``old`` is a former key of ``rule``."""
    if old in _warned:
        return
    _warned.add(old)
    sys.stderr.write(
        f"tlslint: warning: rule {old!r} is now {rule.id} {rule.name}; "
        "the old name still works but is deprecated\n"
    )


__all__ = ["BY_ID", "REDIRECTS", "RULES", "Context", "Issue", "Rule", "find"]
