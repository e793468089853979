"""Turn a rule's fix intent into text edits of Apache httpd configuration.

A directive written in the virtual host or the server config is replaced in place (so every
virtual host inheriting it is fixed at once); a value left to httpd's default is added on the
line after ``<VirtualHost …>``, indented one step deeper. A value that certbot's shipped
``options-ssl-apache.conf`` brings is overridden by a directive on the line after its
``Include`` (in one context the last directive wins), since that file is not in the
repository. Nothing here guesses a CA path or a stapling cache.
"""

from __future__ import annotations

from tlslint.model import Endpoint, Fix, FixIntent, Hsts, Setting, TextEdit
from tlslint.model.policy import protocol_rank


def directive(intent: FixIntent) -> str | None:
    """The directive that states the wanted value, or None when httpd cannot say it."""
    value = intent.value
    match intent.setting:
        case "protocols":
            wanted = sorted(value, key=protocol_rank)
            return "SSLProtocol -all " + " ".join(f"+{p}" for p in wanted)
        case "ciphers":
            return f"SSLCipherSuite {':'.join(value)}" if value else None
        case "tls13_ciphersuites":
            return f"SSLCipherSuite TLSv1.3 {':'.join(value)}"
        case "prefer_server_ciphers":
            return f"SSLHonorCipherOrder {'on' if value else 'off'}"
        case "ecdh_curves":
            return f"SSLOpenSSLConfCmd Curves {':'.join(value)}"
        case "session_tickets":
            return f"SSLSessionTickets {'on' if value else 'off'}"
        case "client_verify":
            verify = {"on": "require", "off": "none"}.get(str(value), str(value))
            return f"SSLVerifyClient {verify}"
        case "hsts" | "hsts_gap":
            return hsts_directive(value)
        case "redirect":
            # mod_alias's Redirect cannot name the requested host: mod_rewrite can.
            return "RewriteEngine on\nRewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=308,L]"
    return None


def remedy(intent: FixIntent) -> str | None:
    """The sentence a finding shows: the directive, and where it goes."""
    text = directive(intent)
    if text is None:
        return None
    if intent.setting in ("hsts", "hsts_gap"):
        return f"Add `{text}` (mod_headers) to the virtual host."
    if intent.setting == "redirect":
        return f"Redirect plain HTTP to HTTPS in the port-80 virtual host: `{text}`"
    if intent.setting == "ecdh_curves":
        return f"Set `{text}` (httpd 2.4.8+)."
    return f"Set `{text}`."


def hsts_directive(hsts: Hsts) -> str:
    parts = [f"max-age={hsts.max_age}"]
    if hsts.include_subdomains:
        parts.append("includeSubDomains")
    if hsts.preload:
        parts.append("preload")
    return f'Header always set Strict-Transport-Security "{"; ".join(parts)}"'


def fix_for(intent: FixIntent, endpoint: Endpoint, description: str) -> Fix | None:
    text = directive(intent)
    if text is None:
        return None
    if intent.setting == "hsts_gap":
        return None  # a `Header unset` in a section: removing it is a person's decision
    target = intent.target
    setting = getattr(endpoint, intent.setting, None)
    shipped = isinstance(setting, Setting) and "as certbot ships it" in setting.note
    if target is not None and not shipped:
        edit = TextEdit(
            target.path, target.line, target.column, target.end_line, target.end_column, text
        )
        return Fix(description, (edit,))
    anchor = target if shipped and target is not None else endpoint.location
    if not anchor.end_line:
        return None
    base = anchor.column - 1 if shipped else anchor.column - 1 + 4
    indent = " " * base
    lines = "".join("\n" + indent + line for line in text.split("\n"))
    at = (anchor.end_line, anchor.end_column)
    return Fix(description, (TextEdit(anchor.path, *at, *at, lines),))
