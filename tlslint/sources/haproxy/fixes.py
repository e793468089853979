"""Turn a rule's fix intent into text edits of an HAProxy configuration.

A value written on a ``bind`` line, a ``crt-list`` entry or in ``global`` is rewritten where
it stands (for ``global``, every ``bind`` inheriting it is fixed at once): the protocol
keywords (``ssl-min-ver``, ``ssl-max-ver``, ``no-*``, ``force-*``) become one ``ssl-min-ver``
(plus ``ssl-max-ver`` when the policy stops below TLS 1.3); a list keyword keeps its name and
gets the new list. A value left to HAProxy's default is appended to the endpoint's ``bind``
line. A missing HSTS header is a new line under the proxy's header (once for all its binds),
the HTTP redirect one after the plain ``bind`` line. Nothing here guesses a
CA file for a backend.
"""

from __future__ import annotations

from tlslint.model import Endpoint, Fix, FixIntent, Hsts, Location, TextEdit
from tlslint.sources.haproxy import defaults
from tlslint.sources.haproxy.options import PROTOCOL_WORDS
from tlslint.sources.haproxy.parser import tokenize


def _protocol_words(versions: frozenset[str] | tuple[str, ...] | list[str]) -> str | None:
    ranked = [v for v in defaults.ORDER if v in versions]
    if not ranked:
        return None
    words = f"ssl-min-ver {defaults.WRITTEN[ranked[0]]}"
    if ranked[-1] != "TLSv1.3":
        words += f" ssl-max-ver {defaults.WRITTEN[ranked[-1]]}"
    return words


def _hsts_value(hsts: Hsts) -> str:
    parts = [f"max-age={hsts.max_age}"]
    if hsts.include_subdomains:
        parts.append("includeSubDomains")
    if hsts.preload:
        parts.append("preload")
    return '"' + "; ".join(parts) + '"'


def _words(intent: FixIntent) -> str | None:
    """The bind keywords that state the wanted value, or None when HAProxy cannot say it."""
    value = intent.value
    match intent.setting:
        case "protocols":
            return _protocol_words(value)
        case "ciphers":
            return f"ciphers {':'.join(value)}" if value else None
        case "tls13_ciphersuites":
            return f"ciphersuites {':'.join(value)}" if value else None
        case "ecdh_curves":
            return f"curves {':'.join(value)}" if value else None
        case "prefer_server_ciphers":
            return None if value else "prefer-client-ciphers"
        case "session_tickets":
            return None if value else "no-tls-tickets"
        case "client_verify":
            return f"verify {'required' if value == 'on' else value}"
    return None


_GLOBAL_NAMES = {
    "ciphers": "ssl-default-bind-ciphers",
    "ciphersuites": "ssl-default-bind-ciphersuites",
    "curves": "ssl-default-bind-curves",
}


def fix_for(intent: FixIntent, endpoint: Endpoint, description: str) -> Fix | None:
    if intent.setting in ("hsts", "redirect"):
        return _new_line(intent, endpoint, description)
    words = _words(intent)
    target = intent.target
    setting = getattr(endpoint, intent.setting, None)
    if target is not None and setting is not None and setting.raw:
        raw = setting.raw
        written = [w.text for w in tokenize(raw)[0]]
        if not written:
            return None
        new: str | None
        if written[0] in _GLOBAL_NAMES.values() and words is not None:
            new = f"{written[0]} {words.split(' ', 1)[1]}"
        elif intent.setting == "protocols" and words is not None:
            new = " ".join([*_without_protocols(written), words])
        elif intent.setting == "prefer_server_ciphers" and intent.value:
            new = ""
        else:
            new = words
        if new is None:
            return None
        edit = TextEdit(
            target.path, target.line, target.column, target.end_line, target.end_column, new
        )
        return Fix(description, (edit,))
    if words is None or endpoint.kind == "HAProxy crt-list entry":
        return None
    at = endpoint.location
    if not at.end_column:
        return None
    return Fix(
        description,
        (TextEdit(at.path, at.line, at.end_column, at.line, at.end_column, " " + words),),
    )


def _without_protocols(words: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w in ("ssl-min-ver", "ssl-max-ver"):
            skip = True
            continue
        if w in PROTOCOL_WORDS:
            continue
        out.append(w)
    return out


def _new_line(intent: FixIntent, endpoint: Endpoint, description: str) -> Fix | None:
    at: Location = endpoint.location
    if endpoint.kind == "HAProxy crt-list entry" or not at.end_column:
        return None
    indent = " " * max(at.column - 1, 4)
    if intent.setting == "redirect":
        text = "redirect scheme https code 301 if !{ ssl_fc }"
    else:
        hsts = intent.value
        if not isinstance(hsts, Hsts):
            return None
        setting = endpoint.hsts
        if intent.target is not None and setting is not None and setting.value is not None:
            # Replace the header's value where it is written.
            t = intent.target
            if setting.raw.split()[:1] in (["rspadd"], ["rspirep"]):
                return None
            edit = TextEdit(t.path, t.line, t.column, t.end_line, t.end_column, _hsts_value(hsts))
            return Fix(description, (edit,))
        text = f"http-response set-header Strict-Transport-Security {_hsts_value(hsts)}"
        if setting is not None and setting.is_default and setting.location.end_column:
            at = setting.location  # after the proxy's header: once for all of its binds
    edit = TextEdit(at.path, at.line, at.end_column, at.line, at.end_column, "\n" + indent + text)
    return Fix(description, (edit,))
