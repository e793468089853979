"""The certificate inventory: every certificate found, for the JSON report and auditors.

Only public facts of certificates; private keys are not listed (their findings say where
they are), and no key material ever appears.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tlslint.model import CERTIFICATES, Certificate, Model


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def item(cert: Certificate, now: dt.datetime) -> dict[str, Any]:
    return {
        "path": cert.path,
        "line": cert.line,
        "position": cert.position + 1,
        "bundle_size": cert.bundle_size,
        "container": cert.container,
        "origin": cert.origin,
        "key": cert.key,
        "subject": cert.subject,
        "common_name": cert.common_name,
        "sans": {
            "dns": list(cert.dns_names),
            "ip": list(cert.ip_addresses),
            "uri": list(cert.uris),
        },
        "issuer": cert.issuer,
        "serial": cert.serial,
        "not_before": _when(cert.not_before),
        "not_after": _when(cert.not_after),
        "days_left": cert.days_left(now),
        "lifetime_days": cert.lifetime_days,
        "key_type": cert.key_type,
        "key_size": cert.key_size,
        "curve": cert.curve,
        "signature_algorithm": cert.signature_algorithm,
        "signature_hash": cert.signature_hash,
        "ca": cert.is_ca,
        "self_signed": cert.self_signed,
        "private_ca": cert.private,
        "ocsp_urls": list(cert.ocsp_urls),
        "ca_issuer_urls": list(cert.ca_issuer_urls),
        "sha256_fingerprint": cert.fingerprint_sha256,
        "served_by": list(cert.served_by),
    }


def inventory(model: Model, now: dt.datetime) -> list[dict[str, Any]]:
    certificates: list[Certificate] = list(model.objects_of(CERTIFICATES))
    certificates.sort(key=lambda c: (c.path, c.line, c.position, c.key))
    return [item(c, now) for c in certificates]
