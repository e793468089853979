"""The text report's header: what each endpoint was measured to accept and serve."""

from __future__ import annotations

from typing import Any

from tlslint.probe.handshake import VERSIONS


def summary(probed: Any) -> str:
    lines: list[str] = []
    for p in probed.probed:
        m = p.measurement
        t = m.target
        head = f"{t.name}" + (f" (SNI {t.servername})" if t.servername != t.host else "")
        if m.failure:
            lines.append(f"{head}: not measured: {m.detail}")
            continue
        lines.append(f"{head}:")
        for version in VERSIONS:
            r = m.versions.get(version)
            if r is None or not r.accepted:
                continue
            order = {True: "server order", False: "client order", None: ""}[r.server_preference]
            suites = ", ".join(r.suites)
            lines.append(f"  {version:<8} {suites}" + (f"  [{order}]" if order else ""))
        refused = [v for v in VERSIONS if v in m.versions and not m.versions[v].accepted]
        if refused:
            lines.append(f"  refused  {', '.join(refused)}")
        if m.groups:
            lines.append(f"  groups   {', '.join(m.groups)}")
        if m.dh_bits:
            lines.append(f"  DH       {m.dh_bits} bits")
        trust = p.trust
        verdict = {
            "trusted": f"trusted ({trust.anchor})",
            "missing-intermediate": f"incomplete: the issuer {trust.missing_issuer} is not served",
            "unknown-issuer": f"unknown issuer {trust.missing_issuer}",
            "self-signed": "self-signed, not trusted",
            "none": "no certificate",
        }[trust.status]
        lines.append(f"  chain    {len(m.chain)} certificate(s), {verdict}")
        lines.append(f"  OCSP     {'stapled' if m.ocsp_stapled else 'not stapled'}")
        by = f" ({', '.join(m.client_authorities)})" if m.client_authorities else ""
        lines.append(
            "  mTLS     "
            + {
                "on": "client certificate required",
                "optional": "client certificate optional",
                "off": "no client certificate asked",
            }[m.client_auth]
            + (by if m.client_auth != "off" else "")
        )
        if m.https is not None:
            hsts = m.https.header("strict-transport-security")
            lines.append(f"  HSTS     {hsts or 'none'}")
        if m.plain is not None:
            where = m.plain.header("location") or ""
            lines.append(f"  HTTP :{m.plain_port} {m.plain.status} {where}".rstrip())
    return "\n".join(lines) + ("\n\n" if lines else "")
