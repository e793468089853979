"""Turn an expanded nginx tree into endpoints, applying nginx's inheritance rules.

Each ``server`` that listens with ``ssl`` or ``quic`` (or has the legacy ``ssl on;``) becomes a
TLS endpoint; a ``server`` that listens without them becomes a plain-HTTP endpoint (for the
redirect rule). Settings are looked up in the server, then its ``http{}``/``stream{}`` block; an
absent directive takes nginx's default for the configured version. ``add_header`` follows
nginx's all-or-nothing inheritance: a level with any ``add_header`` drops every inherited one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from tlslint.model import (
    CertificateRef,
    CipherSpec,
    Endpoint,
    HeaderGap,
    Hsts,
    Location,
    Origin,
    Setting,
    Upstream,
)
from tlslint.sources.nginx import defaults
from tlslint.sources.nginx.parser import Directive
from tlslint.tls import ciphers as cipher_table

T = TypeVar("T")

HSTS = "strict-transport-security"
REDIRECT_CODES = frozenset({"301", "302", "303", "307", "308"})
UPSTREAM_TLS = {
    "proxy_pass": ("https://", "proxy"),
    "grpc_pass": ("grpcs://", "grpc"),
    "uwsgi_pass": ("suwsgi://", "uwsgi"),
}
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


def where(d: Directive) -> Location:
    return Location(d.path, d.line, d.column, d.end_line, d.end_column)


_NEEDS_QUOTES = re.compile(r"[\s;{}#\"']|^$")


def quote(arg: str) -> str:
    """An argument as nginx must read it back (quoted when it holds spaces, ';', …)."""
    if not _NEEDS_QUOTES.search(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def raw(d: Directive) -> str:
    return " ".join([d.name, *(quote(a) for a in d.args)])


@dataclass
class Level:
    """One block in the inheritance chain: server, then http{}/stream{} (or a file's top)."""

    directives: list[Directive]
    label: str  # "server", "http{}", "stream{}"
    location: Location | None = None
    _index: dict[str, list[Directive]] | None = None

    def _by_name(self) -> dict[str, list[Directive]]:
        # An http{} level can hold thousands of included servers: index it once.
        if self._index is None:
            index: dict[str, list[Directive]] = {}
            for d in self.directives:
                index.setdefault(d.name, []).append(d)
            self._index = index
        return self._index

    def all(self, name: str) -> list[Directive]:
        return self._by_name().get(name, [])

    def first(self, name: str) -> Directive | None:
        found = self._by_name().get(name)
        return found[0] if found else None


@dataclass
class ServerContext:
    levels: list[Level]  # innermost first
    version: defaults.Version | None
    version_text: str | None
    unresolved_includes: list[str]
    dhparam_bits: Callable[[str, str], int | None]
    openssl: defaults.Version | None = None

    def lookup(self, name: str) -> tuple[Directive | None, int]:
        for depth, level in enumerate(self.levels):
            d = level.first(name)
            if d is not None:
                return d, depth
        return None, -1

    def setting(
        self,
        name: str,
        convert: Callable[[Directive], T],
        default: T,
        default_note: str,
        fallback: Location,
    ) -> Setting[T]:
        d, depth = self.lookup(name)
        if d is None:
            note = default_note
            if self.unresolved_includes:
                note += f"; unless set in {_quote_list(self.unresolved_includes)}, not in the repo"
            return Setting(default, Origin.DEFAULT, fallback, note=note)
        if depth == 0:
            return Setting(convert(d), Origin.WRITTEN, where(d), raw(d))
        label = self.levels[depth].label
        return Setting(
            convert(d),
            Origin.INHERITED,
            where(d),
            raw(d),
            note=f"inherited from {label} at {d.path}:{d.line}",
        )


def _quote_list(items: list[str]) -> str:
    return ", ".join(f"include {i}" for i in dict.fromkeys(items))


def _on(d: Directive) -> bool:
    return bool(d.args) and d.args[0].lower() == "on"


# -- discovery of servers ----------------------------------------------------------------------


def server_contexts(tree: list[Directive]) -> Iterator[tuple[Directive, list[Level], str]]:
    """(server directive, enclosing levels outermost-last, module) for every server."""
    top_names = {d.name for d in tree}
    if "http" in top_names or "stream" in top_names or "events" in top_names:
        for block in tree:
            if block.name in ("http", "stream") and block.block is not None:
                level = Level(block.block, f"{block.name}{{}}", where(block))
                for server in block.block:
                    if server.name == "server" and server.block is not None:
                        yield server, [level], block.name
    else:
        # A fragment (conf.d/*.conf, sites-available/*): nginx includes it inside http{}.
        level = Level(tree, "the file's top level (http{} context)")
        for server in tree:
            if server.name == "server" and server.block is not None:
                yield server, [level], "http"


def _listens(server: Directive) -> list[Directive]:
    return [d for d in server.block or () if d.name == "listen"]


def _port(listen: Directive) -> str:
    if not listen.args:
        return "80"
    address = listen.args[0]
    if address.startswith("unix:"):
        return address
    tail = address.rsplit("]", 1)[-1]
    if ":" in tail:
        return tail.rsplit(":", 1)[1]
    return tail if tail.isdigit() else "80"


def build_endpoints(
    server: Directive,
    outer: list[Level],
    module: str,
    version_text: str | None,
    unresolved: list[str],
    dhparam_bits: Callable[[str, str], int | None],
    openssl_version: str | None = None,
) -> list[Endpoint]:
    """The TLS endpoint and/or plain endpoint a server block defines."""
    assert server.block is not None
    server_level = Level(server.block, "server", where(server))
    ctx = ServerContext(
        [server_level, *outer],
        defaults.parse_version(version_text),
        version_text,
        unresolved,
        dhparam_bits,
        defaults.parse_version(openssl_version),
    )
    hosts = tuple(a for d in server_level.all("server_name") for a in d.args if a)
    listens = _listens(server)
    ssl_on, _ = ctx.lookup("ssl")
    legacy_ssl = ssl_on is not None and _on(ssl_on)
    tls_listens = [d for d in listens if legacy_ssl or {"ssl", "quic"} & set(d.args[1:])]
    plain_listens = [d for d in listens if d not in tls_listens]
    if not listens and module == "http":
        plain_listens = []  # implicit "listen *:80"
    out: list[Endpoint] = []
    shown_host = hosts[0] if hosts else "_"
    insert_at, indent = block_insertion(server)
    kind = "nginx server" if module == "http" else "nginx stream server"
    if tls_listens:
        port = _port(tls_listens[0])
        endpoint = Endpoint(
            source="nginx",
            kind=kind,
            name=f"server {shown_host}:{port}",
            location=Location(server.path, server.line, server.column),
            tls=True,
            hosts=hosts,
            product="nginx",
            product_version=version_text,
        )
        _tls_settings(endpoint, ctx, module)
        if legacy_ssl and ssl_on is not None:
            endpoint.extra["legacy_ssl_on"] = where(ssl_on)
        endpoint.extra["unresolved_includes"] = list(dict.fromkeys(unresolved))
        endpoint.extra["insert_at"], endpoint.extra["indent"] = insert_at, indent
        out.append(endpoint)
    if module == "http" and (plain_listens or not listens):
        port = _port(plain_listens[0]) if plain_listens else "80"
        plain = Endpoint(
            source="nginx",
            kind=kind,
            name=f"server {shown_host}:{port}",
            location=where(plain_listens[0])
            if plain_listens
            else Location(server.path, server.line, server.column),
            tls=False,
            hosts=hosts,
            product="nginx",
            product_version=version_text,
        )
        plain.redirects_to_https = _redirect_setting(server)
        plain.extra["insert_at"], plain.extra["indent"] = insert_at, indent
        plain.extra["default_server"] = any(
            "default_server" in d.args or "default" in d.args[1:] for d in plain_listens
        )
        out.append(plain)
    return out


LEADING = frozenset({"listen", "server_name", "http2", "http3", "quic"})


def block_insertion(block: Directive) -> tuple[Location, str]:
    """Where a new directive goes in a block, and with what indentation.

    After the block's leading listen/server_name lines if it has them, else just after '{'.
    """
    children = block.block or []
    indent = (
        " " * (children[0].column - 1)
        if children and children[0].line != block.open_line
        else " " * (block.column - 1 + 4)
    )
    last = None
    for d in children:
        if d.name not in LEADING or d.path != block.path:
            break
        last = d
    if last is not None and last.end_line:
        return Location(block.path, last.end_line, last.end_column), indent
    return Location(block.path, block.open_line, block.open_column + 1), indent


# -- settings ------------------------------------------------------------------------------


def _tls_settings(endpoint: Endpoint, ctx: ServerContext, module: str) -> None:
    here = endpoint.location
    protocols_default, protocols_note = defaults.default_protocols(ctx.version)
    endpoint.protocols = ctx.setting(
        "ssl_protocols",
        lambda d: frozenset(_normal_protocol(a) for a in d.args),
        protocols_default,
        protocols_note,
        here,
    )
    endpoint.ciphers = ctx.setting(
        "ssl_ciphers",
        lambda d: _cipher_spec(" ".join(d.args), ctx.openssl),
        _cipher_spec(defaults.DEFAULT_CIPHERS, ctx.openssl),
        f"nginx default: ssl_ciphers {defaults.DEFAULT_CIPHERS}",
        here,
    )
    endpoint.tls13_ciphersuites = _tls13_suites(ctx, here)
    endpoint.prefer_server_ciphers = ctx.setting(
        "ssl_prefer_server_ciphers", _on, False, "nginx default: off", here
    )
    endpoint.ecdh_curves = ctx.setting(
        "ssl_ecdh_curve",
        lambda d: _curves(d.args[0] if d.args else "auto"),
        defaults.DEFAULT_CURVES,
        "nginx default: auto (OpenSSL's groups)",
        here,
    )
    curve_directive, _ = ctx.lookup("ssl_ecdh_curve")
    if curve_directive is not None and [a.lower() for a in curve_directive.args] == ["auto"]:
        # "auto" hands the choice to OpenSSL: its default groups, not a written list
        endpoint.ecdh_curves = Setting(
            defaults.DEFAULT_CURVES,
            Origin.DEFAULT,
            endpoint.ecdh_curves.location,
            endpoint.ecdh_curves.raw,
            "ssl_ecdh_curve auto: OpenSSL's default groups",
        )
    endpoint.dh_param_bits = ctx.setting(
        "ssl_dhparam",
        lambda d: ctx.dhparam_bits(d.args[0], d.path) if d.args else None,
        None,
        "no ssl_dhparam: DHE suites are not used (nginx 1.11.0+)",
        here,
    )
    endpoint.session_tickets = ctx.setting(
        "ssl_session_tickets", _on, True, "nginx default: on", here
    )
    endpoint.session_ticket_key = ctx.setting(
        "ssl_session_ticket_key",
        lambda d: d.args[0] if d.args else None,
        None,
        "no ssl_session_ticket_key",
        here,
    )
    endpoint.client_verify = ctx.setting(
        "ssl_verify_client",
        lambda d: d.args[0].lower() if d.args else "off",
        "off",
        "nginx default: off",
        here,
    )
    endpoint.certificates = tuple(_certificate_refs(ctx))
    if module != "http":
        return
    endpoint.ocsp_stapling = ctx.setting("ssl_stapling", _on, False, "nginx default: off", here)
    endpoint.ocsp_stapling_verify = ctx.setting(
        "ssl_stapling_verify", _on, False, "nginx default: off", here
    )
    endpoint.ocsp_resolver = ctx.setting(
        "resolver", lambda d: " ".join(d.args) or None, None, "no resolver", here
    )
    stapling_file, _ = ctx.lookup("ssl_stapling_file")
    responder, _ = ctx.lookup("ssl_stapling_responder")
    endpoint.ocsp_stapling_file = bool(stapling_file)
    endpoint.extra["ocsp_responder_override"] = bool(responder)
    if responder is not None and responder.args and _literal_ip_url(responder.args[0]):
        endpoint.ocsp_responder_ip = True  # nothing to resolve
    endpoint.hsts, endpoint.hsts_gaps = _hsts(ctx, here)
    endpoint.upstreams = tuple(_upstreams(ctx))


def _literal_ip_url(url: str) -> bool:
    """http://192.0.2.1/… or http://[2001:db8::1]:8080/…: a host nginx needs no resolver for."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _normal_protocol(arg: str) -> str:
    table = {"tlsv1.0": "TLSv1", "tlsv1": "TLSv1", "tlsv1.1": "TLSv1.1", "tlsv1.2": "TLSv1.2"}
    table |= {"tlsv1.3": "TLSv1.3", "sslv2": "SSLv2", "sslv3": "SSLv3"}
    return table.get(arg.lower(), arg)


def _cipher_spec(expression: str, openssl: defaults.Version | None) -> CipherSpec:
    expansion = cipher_table.expand_for(expression, openssl)
    unknown = tuple(
        token
        for token in expansion.unknown
        if not ((c := cipher_table.lookup(token)) is not None and c.protocol == "TLSv1.3")
    )
    return CipherSpec(expression, tuple(c.openssl for c in expansion.suites), unknown)


def _curves(value: str) -> tuple[str, ...]:
    if value.lower() == "auto":
        return defaults.DEFAULT_CURVES
    return cipher_table.parse_groups(value)


def _tls13_suites(ctx: ServerContext, here: Location) -> Setting[tuple[str, ...]]:
    for depth, level in enumerate(ctx.levels):
        commands = level.all("ssl_conf_command")
        if not commands:
            continue
        for d in commands:
            if len(d.args) >= 2 and d.args[0].lower() == "ciphersuites":
                value = tuple(p for p in d.args[1].split(":") if p)
                origin = Origin.WRITTEN if depth == 0 else Origin.INHERITED
                note = "" if depth == 0 else f"inherited from {level.label} at {d.path}:{d.line}"
                return Setting(value, origin, where(d), raw(d), note)
        break  # ssl_conf_command is inherited all-or-nothing, like add_header
    return Setting(
        defaults.DEFAULT_TLS13_SUITES, Origin.DEFAULT, here, note="OpenSSL default TLS 1.3 suites"
    )


def _certificate_refs(ctx: ServerContext) -> Iterator[CertificateRef]:
    roles = {
        "ssl_certificate": "certificate",
        "ssl_certificate_key": "key",
        "ssl_trusted_certificate": "trusted",
        "ssl_client_certificate": "client-ca",
    }
    for name, role in roles.items():
        for level in ctx.levels:
            found = level.all(name)
            if found:
                for d in found:
                    if d.args:
                        yield CertificateRef(role, d.args[0], where(d))
                break


# -- HSTS ----------------------------------------------------------------------------------


def parse_hsts(value: str) -> Hsts:
    match = _MAX_AGE.search(value)
    lowered = value.lower()
    return Hsts(
        max_age=int(match.group(1)) if match else None,
        include_subdomains="includesubdomains" in lowered,
        preload="preload" in lowered,
    )


def _hsts_in(headers: list[Directive]) -> Directive | None:
    for d in headers:
        if d.args and d.args[0].lower() == HSTS:
            return d
    return None


def _more_set_hsts(level: Level) -> tuple[Directive, str] | None:
    for d in level.all("more_set_headers"):
        for arg in d.args:
            name, _, value = arg.partition(":")
            if name.strip().lower() == HSTS:
                return d, value
    return None


def _hsts(ctx: ServerContext, here: Location) -> tuple[Setting[Hsts | None], tuple[HeaderGap, ...]]:
    # headers-more's more_set_headers is not subject to add_header inheritance.
    for depth, level in enumerate(ctx.levels):
        more = _more_set_hsts(level)
        if more:
            directive, value = more
            hsts = parse_hsts(value)
            hsts = Hsts(hsts.max_age, hsts.include_subdomains, hsts.preload, always=True)
            origin = Origin.WRITTEN if depth == 0 else Origin.INHERITED
            return Setting(hsts, origin, where(directive), raw(directive)), ()
    server, outer = ctx.levels[0], ctx.levels[1:]
    own = server.all("add_header")
    if own:
        header = _hsts_in(own)
        if header is None:
            note = ""
            for level in outer:
                parent = _hsts_in(level.all("add_header"))
                if parent is not None:
                    note = (
                        f"this server's add_header (line {own[0].line}) replaces every header "
                        f"inherited from {level.label}, including Strict-Transport-Security at "
                        f"{parent.path}:{parent.line}"
                    )
                    break
            setting: Setting[Hsts | None] = Setting(None, Origin.WRITTEN, here, note=note)
            return setting, ()
        return (
            Setting(_hsts_value(header), Origin.WRITTEN, where(header), raw(header)),
            _gaps(ctx, header),
        )
    for level in outer:
        headers = level.all("add_header")
        if headers:
            found = _hsts_in(headers)
            if found is None:
                return Setting(None, Origin.DEFAULT, here, note="no Strict-Transport-Security"), ()
            d = found
            note = f"inherited from {level.label} at {d.path}:{d.line}"
            return (
                Setting(_hsts_value(d), Origin.INHERITED, where(d), raw(d), note),
                _gaps(ctx, d),
            )
    return Setting(None, Origin.DEFAULT, here, note="no Strict-Transport-Security header"), ()


def _hsts_value(d: Directive) -> Hsts:
    value = d.args[1] if len(d.args) > 1 else ""
    hsts = parse_hsts(value)
    always = len(d.args) > 2 and d.args[2].lower() == "always"
    if "$" in value and hsts.max_age is None:
        return Hsts(None, hsts.include_subdomains, hsts.preload, always)
    return Hsts(hsts.max_age, hsts.include_subdomains, hsts.preload, always)


def _gaps(ctx: ServerContext, effective: Directive) -> tuple[HeaderGap, ...]:
    gaps: list[HeaderGap] = []

    def visit(block: list[Directive], has_hsts: bool) -> None:
        for d in block:
            if d.name not in ("location", "if", "limit_except") or d.block is None:
                continue
            own = [x for x in d.block if x.name == "add_header"]
            here_hsts = has_hsts
            if own:
                here_hsts = _hsts_in(own) is not None
                if has_hsts and not here_hsts:
                    scope = " ".join([d.name, *d.args])
                    gaps.append(HeaderGap(where(own[0]), scope))
            visit(d.block, here_hsts)

    visit(ctx.levels[0].directives, True)
    return tuple(gaps)


# -- redirects and upstreams ---------------------------------------------------------------


def _redirect_target(d: Directive) -> bool | None:
    """True: redirects to https; False: redirects elsewhere / serves; None: refuses."""
    if d.name == "return" and d.args:
        if d.args[0].lower().startswith("https://"):
            return True
        if d.args[0] in REDIRECT_CODES:
            return len(d.args) > 1 and d.args[1].lower().startswith("https://")
        if d.args[0].isdigit() and not d.args[0].startswith("2"):
            return None  # 4xx / 444: nothing is served over plain HTTP
        return False
    if d.name == "rewrite" and len(d.args) >= 2:
        return d.args[1].lower().startswith("https://")
    return False


def _redirect_setting(server: Directive) -> Setting[bool]:
    for d in server.block or ():
        verdict = _redirect_target(d)
        if verdict is None or verdict:
            note = "refuses plain HTTP" if verdict is None else "redirects to https"
            return Setting(True, Origin.WRITTEN, where(d), raw(d), note)
        if d.name == "if" and d.block:
            for inner in d.block:
                if _redirect_target(inner):
                    return Setting(True, Origin.WRITTEN, where(inner), raw(inner), "redirects")
        if d.name == "location" and d.args in (["/"], ["=", "/"]) and d.block:
            for inner in d.block:
                if _redirect_target(inner):
                    return Setting(True, Origin.WRITTEN, where(inner), raw(inner), "redirects")
    return Setting(False, Origin.DEFAULT, where(server), note="serves content over plain HTTP")


def _upstreams(ctx: ServerContext) -> Iterator[Upstream]:
    def visit(block: list[Directive], chain: list[Level]) -> Iterator[Upstream]:
        for d in block:
            if d.name in UPSTREAM_TLS and d.args:
                scheme, prefix = UPSTREAM_TLS[d.name]
                if d.args[0].lower().startswith(scheme):
                    sub = ServerContext(chain, ctx.version, ctx.version_text, [], ctx.dhparam_bits)
                    verify = sub.setting(
                        f"{prefix}_ssl_verify",
                        _on,
                        False,
                        f"nginx default: {prefix}_ssl_verify off",
                        where(d),
                    )
                    trusted = sub.setting(
                        f"{prefix}_ssl_trusted_certificate",
                        lambda x: x.args[0] if x.args else None,
                        None,
                        "no trusted CA",
                        where(d),
                    )
                    yield Upstream(d.args[0], where(d), verify, trusted)
            if d.name in ("location", "if", "limit_except") and d.block is not None:
                label = " ".join([d.name, *d.args])
                yield from visit(d.block, [Level(d.block, label, where(d)), *chain])

    yield from visit(ctx.levels[0].directives, ctx.levels)


def settings_summary(endpoint: Endpoint) -> dict[str, Any]:
    """Effective values, for the JSON inventory of endpoints."""
    out: dict[str, Any] = {}
    for name in ("protocols", "prefer_server_ciphers", "session_tickets", "client_verify"):
        setting = getattr(endpoint, name)
        if setting is not None:
            value = setting.value
            out[name] = sorted(value) if isinstance(value, frozenset) else value
    return out
