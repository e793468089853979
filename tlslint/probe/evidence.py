"""Live evidence for the compliance report: what was measured, instead of a source line.

A finding from a file carries the lines it points at; a finding from the probe points at
``host:port``, and its evidence is the measured value the rule judged, marked ``live``.
"""

from __future__ import annotations

import dataclasses

from tlslint.compliance.report import ComplianceReport, FindingRow
from tlslint.model import CERTIFICATES, Certificate, Endpoint, Finding
from tlslint.pipeline.run import Result

# Which measured setting evidences a rule, by rule id prefix (most specific first).
_SETTINGS = (
    ("TLS205", "redirects_to_https"),
    ("TLS113", "ciphers"),
    ("TLS114", "prefer_server_ciphers"),
    ("TLS115", "ecdh_curves"),
    ("TLS11", "ciphers"),
    ("TLS10", "protocols"),
    ("TLS20", "hsts"),
    ("TLS30", "ocsp_stapling"),
    ("TLS70", "client_verify"),
)


def evidence_for(
    finding: Finding, endpoints: dict[str, Endpoint], when: str, leaves: dict[str, Certificate]
) -> str:
    endpoint = endpoints.get(finding.endpoint) or endpoints.get(finding.path)
    if endpoint is None:
        return ""
    measured = ""
    for prefix, name in _SETTINGS:
        if finding.rule_id.startswith(prefix):
            setting = getattr(endpoint, name, None)
            if setting is not None:
                measured = setting.raw or str(setting.value)
                if name == "hsts" and not setting.raw:
                    measured = "no Strict-Transport-Security header"
            break
    if finding.rule_id.startswith("TLS4"):
        leaf = leaves.get(endpoint.name)
        measured = f"certificate chain as served by {endpoint.name}"
        if leaf is not None:
            measured += (
                f", leaf {leaf.subject or leaf.label} (SHA-256 {leaf.fingerprint_sha256}, "
                f"{leaf.not_before:%Y-%m-%d} to {leaf.not_after:%Y-%m-%d}, issuer {leaf.issuer})"
            )
    tls13 = endpoint.tls13_ciphersuites
    if finding.rule_id.startswith("TLS11") and tls13 is not None and tls13.raw:
        measured += f" | TLS 1.3: {tls13.raw}"
    return f"live: measured at {endpoint.name} on {when}" + (f": {measured}" if measured else "")


def live_evidence(document: ComplianceReport, result: Result) -> ComplianceReport:
    endpoints = {e.name: e for e in result.model.endpoints if e.source == "live"}
    leaves = {
        c.served_by[0]: c
        for c in result.model.objects_of(CERTIFICATES)
        if c.position == 0 and c.served_by and c.key.startswith("live:")
    }
    when = f"{result.now:%Y-%m-%d %H:%M} UTC"
    groups = []
    for group in document.groups:
        rows = tuple(
            dataclasses.replace(row, evidence=evidence_for(row.finding, endpoints, when, leaves))
            if not row.evidence
            else row
            for row in group.rows
        )
        groups.append(dataclasses.replace(group, rows=rows))
    return dataclasses.replace(document, groups=groups)


__all__ = ["FindingRow", "live_evidence"]
