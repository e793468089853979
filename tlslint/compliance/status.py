"""A requirement's status, computed from evidence.

``pass`` only when the objects a requirement covers were found and examined with nothing open;
``not assessed`` (with the reason) when nothing it covers was found, or when a certificate it
covers is served but not in the repository (TLS415); ``incomplete`` when a file was not fully
analysed; ``accepted risk`` while its only findings are baselined or suppressed (they stay
open, with their reasons and dates); ``attention`` on open low and info findings; ``fail`` on
an open finding of medium severity or above.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tlslint.model import Finding, Model, Severity

FAIL = "fail"
ACCEPTED = "accepted risk"
ATTENTION = "attention"
NOT_ASSESSED = "not assessed"
INCOMPLETE = "incomplete"
PASS = "pass"
# Worst first: a requirement or standard shows the first status that applies.
STATUS_ORDER = (FAIL, ACCEPTED, ATTENTION, NOT_ASSESSED, INCOMPLETE, PASS)

GAP_RULE = "TLS415"  # its findings are gaps in the evidence, not control failures
# What a rule examines when its subject is the whole model (every other rule examines its
# subject: endpoints, or a kind of object a source published).
MODEL_RULE_EVIDENCE: dict[str, str] = {
    "TLS000": "files",
    "TLS001": "files",
    "TLS205": "endpoints",
    "TLS411": "served certificates",
    "TLS415": "served certificates",
    "TLS601": "ingress_hosts",
    "TLS602": "endpoints",
    "TLS607": "managed_certificates",
}
# Endpoint rules that judge the certificate an endpoint serves.
SERVED_CERTIFICATE_RULES = frozenset({"TLS409", "TLS411", "TLS412", "TLS413"})
# Words for the evidence kinds, singular and plural.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "endpoints": ("TLS endpoint", "TLS endpoints"),
    "certificates": ("certificate", "certificates"),
    "served certificates": ("served certificate", "served certificates"),
    "private_keys": ("file searched for private keys", "files searched for private keys"),
    "files": ("file", "files"),
    "managed_certificates": ("managed certificate", "managed certificates"),
    "issuers": ("issuer", "issuers"),
    "ingress_hosts": ("Ingress host", "Ingress hosts"),
    "mesh_policies": ("mesh policy", "mesh policies"),
    "managed_tls_policies": ("managed TLS policy", "managed TLS policies"),
    "tls_requirements": ("TLS requirement", "TLS requirements"),
}
CERTIFICATE_KINDS = frozenset({"certificates", "served certificates"})


def evidence_kind(rule_id: str, subject: str) -> str:
    """The kind of object a rule examines."""
    if rule_id in MODEL_RULE_EVIDENCE:
        return MODEL_RULE_EVIDENCE[rule_id]
    if rule_id in SERVED_CERTIFICATE_RULES:
        return "served certificates"
    if subject == "endpoint":
        return "endpoints"
    return subject


def count(n: int, kind: str) -> str:
    one, many = KIND_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    return f"{n} {one if n == 1 else many}"


def examined(model: Model, absent: int, files: int | None = None) -> dict[str, int]:
    """How many objects of each kind the run examined (``files``: the files in the report's
    scope, when context files outside it were read too)."""
    certificates = list(model.objects.get("certificates", ()))
    served = sum(1 for e in model.endpoints if e.tls for ref in e.certificate_refs("certificate"))
    out = {
        "endpoints": sum(1 for e in model.endpoints if e.tls),
        "files": files if files is not None else len({f.path for f in model.files}),
        "certificates": len(certificates),
        "served certificates": max(served - absent, 0),
    }
    out["private_keys"] = out["files"]  # every file is searched for key material
    for kind, objects in model.objects.items():
        if kind not in out:
            out[kind] = len(objects)
    return out


@dataclass(frozen=True)
class Judgement:
    status: str
    evidence: str  # "examined: 12 TLS endpoints, 8 certificates"
    reasons: tuple[str, ...]  # why it is not a pass, when it is not


def judge(
    rules: Iterable[tuple[str, str]],  # (rule id, subject) of the requirement's active rules
    open_findings: list[Finding],
    accepted: int,
    seen: Mapping[str, int],
    absent: int,
    incomplete: int,
) -> Judgement:
    kinds = sorted({evidence_kind(rid, subject) for rid, subject in rules})
    if not kinds:
        return Judgement(NOT_ASSESSED, "", ("no active rule evidences it (--select/--ignore)",))
    found = {k: seen.get(k, 0) for k in kinds}
    evidence = ", ".join(count(n, k) for k, n in found.items() if n)
    reasons: list[str] = []
    needs_certificates = bool(CERTIFICATE_KINDS & set(kinds))
    if not any(found.values()):
        reasons.append(
            "nothing it covers was found: no " + ", no ".join(count(2, k)[2:] for k in kinds)
        )
    elif needs_certificates and not (
        seen.get("certificates", 0) or seen.get("served certificates", 0)
    ):
        reasons.append("no certificate was found in the repository")
    if needs_certificates and absent:
        reasons.append(
            f"{absent} certificate{'s' if absent != 1 else ''} served by endpoints "
            f"{'are' if absent != 1 else 'is'} not in the repository (TLS415; see Evidence gaps)"
        )
    missing = bool(reasons)
    if incomplete:
        reasons.append(
            f"{incomplete} file{'s were' if incomplete != 1 else ' was'} not fully analysed"
        )
    real = [f for f in open_findings if f.rule_id != GAP_RULE]
    if any(f.severity >= Severity.MEDIUM for f in real):
        status = FAIL
    elif accepted:
        status = ACCEPTED
    elif real:
        status = ATTENTION
    elif missing:
        status = NOT_ASSESSED
    elif reasons:
        status = INCOMPLETE
    else:
        status = PASS
    return Judgement(status, evidence, tuple(reasons))


def worst(statuses: Iterable[str]) -> str:
    """The worst of several statuses; ``not assessed`` when there are none."""
    present = set(statuses)
    return next((s for s in STATUS_ORDER if s in present), NOT_ASSESSED)
