"""nginx directives written out: the one place their text is made.

Used by the fixes (the edit), the remediation sentences (what a finding says to write) and
the config generator, so the three always say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from tlslint.linter.model import FixIntent, Hsts
from tlslint.tls.versions import protocol_rank


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
