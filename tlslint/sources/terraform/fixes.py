"""Turn a rule's fix intent into text edits of Terraform (HCL) files.

Only the value of the one attribute that decides the setting changes: it is replaced where
it is written as a literal, or added to its block (with the block's indentation, lined up
with the next attribute) where the provider default decides. The value is the one the
remediation names for the active profile (see :mod:`.remedies`). Nothing is written
when the value comes from a variable, a local, a module input, an interpolation or a
function (a person decides where to change it), when the attribute is in ``.tf.json`` or a
plan, or when the finding's location is not the attribute's (e.g. CloudFront's default
certificate pins TLSv1 whatever ``minimum_protocol_version`` says).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from tlslint.model import (
    Endpoint,
    Fix,
    FixIntent,
    Hsts,
    ManagedTlsPolicy,
    TextEdit,
    TlsRequirement,
)
from tlslint.model.policy import PROFILES, load_profile, protocol_rank
from tlslint.sources.terraform import tables
from tlslint.sources.terraform.sites import Site

# What a value may replace: a literal of these kinds (or nothing, where the default decides).
_STRING = frozenset({"string", "number", "null"})
_LIST = frozenset({"strings", "null"})


def fix_for(intent: FixIntent, subject: object, description: str) -> Fix | None:
    """Edits for an intent about an endpoint, or about a managed policy or TLS requirement
    (which carry the ``site`` the source recorded for them)."""
    site: Any
    extra: dict[str, Any] = subject.extra if isinstance(subject, Endpoint) else {}
    recorded = subject.site if isinstance(subject, ManagedTlsPolicy | TlsRequirement) else None
    if intent.setting in ("protocols", "ciphers"):
        site = extra.get("site")
        value = _knob_value(intent, extra.get("knob") or {})
    elif intent.setting == "managed_policy":  # TLS801: the recommended policy, by name
        site = recorded
        value = _string(intent.value) if isinstance(intent.value, str) else None
    elif intent.setting == "enforce":  # TLS802: the value that refuses plain text
        site = recorded
        value = (_STRING | {"bool"}, site.enforcing) if isinstance(site, Site) else None
    elif intent.setting == "redirect":  # a CloudFront behaviour that serves plain HTTP
        site = extra.get("redirect_site")
        value = (frozenset({"string"}), site.enforcing) if isinstance(site, Site) else None
        if not isinstance(site, Site) or site.attribute is None:
            return None  # only replaced where written
        intent = FixIntent(intent.setting, intent.value, site.attribute)
    elif intent.setting == "hsts":  # CloudFront: the max-age of the response headers policy
        site = extra.get("hsts_site")
        max_age = intent.value.max_age if isinstance(intent.value, Hsts) else None
        value = (frozenset({"number"}), str(max_age)) if isinstance(max_age, int) else None
    else:
        return None  # GCP policies, API Management flags…: a person decides
    if not isinstance(site, Site) or value is None or not value[1]:
        return None
    edit = _edit(site, intent, *value)
    return Fix(description, (edit,)) if edit is not None else None


def _edit(site: Site, intent: FixIntent, kinds: frozenset[str], text: str) -> TextEdit | None:
    if site.attribute is not None and site.value is not None:
        # Written: the finding must be about this very attribute, whose value is a literal.
        # (A default written as `null` is replaced too.)
        if intent.target is not None and intent.target != site.attribute:
            return None
        if intent.target is None and site.literal != "null":
            return None
        if site.literal not in kinds:
            return None  # a variable, local, module input, interpolation…: left to a person
        return TextEdit(site.path, *site.value, text)
    if intent.target is not None or not site.insert_line:
        return None
    name = site.name.ljust(site.width) if site.width > len(site.name) else site.name + " "
    line = site.insert_line
    return TextEdit(site.path, line, 1, line, 1, f"{site.indent}{name}= {text}\n")


def _string(value: str) -> tuple[frozenset[str], str]:
    return _STRING, json.dumps(value)


# The HCL literals that state a wish, with the kinds of literal they may replace: what both
# the remediation sentence (:mod:`.remedies`) and the fix write.


def policy_literal(family: str, profile: str) -> tuple[frozenset[str], str] | None:
    """The managed policy recommended for the profile, by name."""
    name = tables.recommended(family, profile)
    return _string(name) if name else None


def value_literal(
    knob: dict[str, Any], wanted: tuple[str, ...]
) -> tuple[frozenset[str], str] | None:
    """The value a per-version knob takes for the oldest wanted version (a string, or a
    one-item list where the attribute is a list)."""
    values: dict[str, str] = knob.get("values") or {}
    minimum = next((values[v] for v in sorted(wanted, key=protocol_rank) if v in values), None)
    if minimum is None:
        return None
    if knob.get("list"):
        return _LIST, f"[{json.dumps(minimum)}]"
    return _string(minimum)


def _knob_value(intent: FixIntent, knob: dict[str, Any]) -> tuple[frozenset[str], str] | None:
    """The literal the remediation names, from what the intent asks for (the profile is the
    one whose values the intent carries); a policy only if it allows no more than asked."""
    wanted = tuple(intent.value or ())
    family = knob.get("family")
    if family and not knob.get("gcp"):
        profile = _profile(intent.setting, wanted)
        literal = policy_literal(family, profile) if profile else None
        if literal is None:
            return None
        facts = tables.facts(family, json.loads(literal[1]))
        if intent.setting == "protocols" and (facts is None or not facts.protocols <= set(wanted)):
            return None
        return literal
    if not knob.get("values") or intent.setting != "protocols":
        return None
    return value_literal(knob, wanted)


def _profile(setting: str, wanted: tuple[str, ...]) -> str | None:
    """The profile the intent's value is (the fixer is not told the policy, only the value)."""
    found = [p for p in PROFILES if _profile_values(p, setting) == wanted]
    return found[0] if len(found) == 1 else None


@functools.cache
def _profile_values(profile: str, setting: str) -> tuple[str, ...]:
    policy = load_profile(profile)
    return policy.tls_versions if setting == "protocols" else policy.ciphers


def check_syntax(text: str, path: str) -> str | None:
    """Why the text would not load in Terraform, or None (used before a fix is written)."""
    if path.lower().endswith(".json"):
        try:
            json.loads(text)
        except (ValueError, RecursionError) as exc:
            return f"invalid JSON: {exc}"
        return None
    from tlslint.sources.terraform import hcl
    from tlslint.sources.terraform.load import _safe

    data = text.encode("utf-8")
    root = hcl.parser().parse(data).root_node
    error = hcl._first_error(root, data)
    if error is not None:
        message, line, _column = error
        return f"line {line}: {_safe(message)}"
    return _duplicate(root)


def _duplicate(root: Any) -> str | None:
    """An attribute set twice in one block: Terraform refuses it, the grammar does not."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "body":
            seen: set[bytes] = set()
            for child in node.children:
                if child.type == "attribute" and child.child_count:
                    name = child.children[0].text
                    if name in seen:
                        line = child.start_point[0] + 1
                        shown = name.decode("utf-8", errors="replace")
                        return f"line {line}: attribute {shown!r} is set twice in one block"
                    seen.add(name)
        stack.extend(node.children)
    return None
