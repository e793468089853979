"""The rule registry: an explicit, sorted tuple, kept honest by tests/rules/test_registry.py."""

from __future__ import annotations

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
)
from tlslint.rules.base import Context, Issue, Rule

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            files.PARSE_ERROR,
            files.FILE_SKIPPED,
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


def find(key: str) -> Rule | None:
    """A rule by id (``TLS101``) or name (``deprecated-protocol``), case-insensitive."""
    return BY_ID.get(key.upper()) or BY_NAME.get(key.lower())


__all__ = ["BY_ID", "RULES", "Context", "Issue", "Rule", "find"]
