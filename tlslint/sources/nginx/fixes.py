"""nginx directives written out, and a rule's fix intent turned into text edits.

The directive text is made here only: the fixes (the edit), the remediation sentences (what
a finding says to write) and the config generator all use it, so they always agree.


A value written in the server or inherited from ``http{}`` is replaced in place (so every
server inheriting it is fixed at once); a value left to nginx's default is added as the first
directive of the server block, with the block's indentation. Only changes that cannot break a
working server are offered: nothing here guesses a resolver address or a CA path.
"""

from __future__ import annotations

from collections.abc import Iterable

from tlslint.model import Endpoint, Fix, FixIntent, Hsts, TextEdit
from tlslint.tls import protocol_rank


def protocols(versions: Iterable[str]) -> str:
    return f"ssl_protocols {' '.join(sorted(versions, key=protocol_rank))};"


def ciphers(names: Iterable[str] | str) -> str:
    return f"ssl_ciphers {names if isinstance(names, str) else ':'.join(names)};"


def ecdh_curve(curves: Iterable[str]) -> str:
    return f"ssl_ecdh_curve {':'.join(curves)};"


def on_off(name: str, value: bool) -> str:
    return f"{name} {'on' if value else 'off'};"


def directive(intent: FixIntent) -> str | None:
    """The directive that states the wanted value, or None when nginx cannot say it."""
    value = intent.value
    match intent.setting:
        case "protocols":
            return protocols(value)
        case "ciphers":
            return ciphers(value) if value else None
        case "tls13_ciphersuites":
            return f"ssl_conf_command Ciphersuites {':'.join(value)};"
        case "prefer_server_ciphers":
            return on_off("ssl_prefer_server_ciphers", bool(value))
        case "ecdh_curves":
            return ecdh_curve(value)
        case "session_tickets":
            return on_off("ssl_session_tickets", bool(value))
        case "client_verify":
            return f"ssl_verify_client {value};"
        case "hsts" | "hsts_gap":
            return hsts_directive(value)
        case "redirect":
            return "return 308 https://$host$request_uri;"
    return None


def hsts_directive(hsts: Hsts) -> str:
    parts = [f"max-age={hsts.max_age}"]
    if hsts.include_subdomains:
        parts.append("includeSubDomains")
    if hsts.preload:
        parts.append("preload")
    return f'add_header Strict-Transport-Security "{"; ".join(parts)}" always;'


def remedy(intent: FixIntent) -> str | None:
    """The sentence a finding shows: the directive, and where it goes."""
    text = directive(intent)
    if text is None:
        return None
    if intent.setting in ("hsts", "hsts_gap"):
        return f"Add `{text}` to the server."
    if intent.setting == "redirect":
        return f"Redirect plain HTTP to HTTPS: `{text}`"
    if intent.setting == "ecdh_curves":
        return f"Set `{text}` (add X25519MLKEM768 first with OpenSSL 3.5+)."
    return f"Set `{text}`."


def fix_for(intent: FixIntent, endpoint: Endpoint, description: str) -> Fix | None:
    text = directive(intent)
    if text is None:
        return None
    target = intent.target
    if target is not None and not target.column:
        return None  # a value from a file outside the repository (certbot's shipped options)
    if intent.setting == "hsts_gap" and target is not None:
        # Add the header right after the nested block's own add_header.
        indent = " " * (target.column - 1)
        at = (target.end_line, target.end_column)
        edit = TextEdit(target.path, *at, *at, "\n" + indent + text)
    elif target is not None:
        if intent.setting == "hsts" and not _is_add_header(endpoint):
            return None  # set by more_set_headers or a variable: leave it to a person
        edit = TextEdit(
            target.path, target.line, target.column, target.end_line, target.end_column, text
        )
    else:
        insert_at = endpoint.extra.get("insert_at")
        indent = endpoint.extra.get("indent", "    ")
        if insert_at is None or not insert_at.line:
            return None
        edit = TextEdit(
            insert_at.path,
            insert_at.line,
            insert_at.column,
            insert_at.line,
            insert_at.column,
            "\n" + indent + text,
        )
    return Fix(description, (edit,))


def _is_add_header(endpoint: Endpoint) -> bool:
    hsts = endpoint.hsts
    return hsts is not None and hsts.raw.startswith("add_header")
