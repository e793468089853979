"""Rules over certificates (TLS401–TLS413): lifecycle, strength, and what endpoints serve."""

from __future__ import annotations

from tlslint.rules.certificates.lifecycle import (
    CERTIFICATE_EXPIRED,
    CERTIFICATE_EXPIRING,
    CERTIFICATE_EXPIRING_SOON,
    CERTIFICATE_LIFETIME_TOO_LONG,
    CERTIFICATE_NOT_YET_VALID,
)
from tlslint.rules.certificates.serving import (
    CHAIN_INCOMPLETE,
    HOSTNAME_NOT_COVERED,
    KEY_MISMATCH,
    LEAF_IS_CA,
    SELF_SIGNED_LEAF,
)
from tlslint.rules.certificates.strength import MISSING_SAN, WEAK_CERTIFICATE_KEY, WEAK_SIGNATURE

__all__ = [
    "CERTIFICATE_EXPIRED",
    "CERTIFICATE_EXPIRING",
    "CERTIFICATE_EXPIRING_SOON",
    "CERTIFICATE_LIFETIME_TOO_LONG",
    "CERTIFICATE_NOT_YET_VALID",
    "CHAIN_INCOMPLETE",
    "HOSTNAME_NOT_COVERED",
    "KEY_MISMATCH",
    "LEAF_IS_CA",
    "MISSING_SAN",
    "SELF_SIGNED_LEAF",
    "WEAK_CERTIFICATE_KEY",
    "WEAK_SIGNATURE",
]
