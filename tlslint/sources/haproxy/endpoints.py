"""Turn parsed HAProxy sections into endpoints.

Each ``bind`` line with ``ssl`` in a ``frontend`` or ``listen`` section is a TLS endpoint; a
``crt-list`` entry with options of its own is one more (HAProxy builds it a context of its
own). The first ``bind`` without ``ssl`` of an HTTP-mode proxy is its plain-HTTP endpoint (for
the redirect rule). Settings start from the ``global`` section's ``ssl-default-bind-*`` and are
overridden by the line's keywords; a value set nowhere is HAProxy's default for the configured
version (see ``defaults``). Backends a frontend uses give its upstreams (``server … ssl``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tlslint.model import (
    CertificateRef,
    CipherSpec,
    Endpoint,
    Hsts,
    Location,
    Origin,
    Setting,
    Upstream,
)
from tlslint.sources.haproxy import defaults, options
from tlslint.sources.haproxy.options import Span, SslOptions
from tlslint.sources.haproxy.parser import Parsed, Section, Statement, Word
from tlslint.tls import ciphers as cipher_table

HSTS = "strict-transport-security"
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)
_HOST_FETCH = re.compile(
    r"^(?:req\.)?(?:hdr|hdr_dom|hdr_end|hdr_beg|hdr_reg)\(host\)|ssl_fc_sni|req\.ssl_sni|ssl_fc_sni_end"
)
_HOSTNAME = re.compile(r"^\*?\.?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\.?$")
MAX_HOSTS = 64


@dataclass(frozen=True)
class CrtEntry:
    """One line of a crt-list file."""

    certificate: str
    location: Location  # of the certificate word
    words: list[Word]  # the bracketed options
    line_text: str
    sni: tuple[str, ...]


# (reference, including file, is a crt-list) -> repository paths; crt-list path -> entries
Resolver = Callable[[str, str, str], list[str]]
CrtLists = Callable[[str], list[CrtEntry] | None]


@dataclass
class Global:
    bind: SslOptions
    server: SslOptions
    server_verify: Setting[bool]
    crt_base: str
    ca_base: str
    dh_bits: Setting[int | None]


def where(s: Statement) -> Location:
    return Location(s.path, s.line, s.column, s.line, s.end)


def read_global(
    parsed: Parsed, lines: dict[str, list[str]], haproxy: defaults.Version | None
) -> Global:
    bind, server = SslOptions(), SslOptions()
    crt_base = ca_base = ""
    verify: Setting[bool] | None = None
    dh: Setting[int | None] | None = None
    for section in parsed.sections:
        if section.kind != "global":
            continue
        for s in section.statements:
            text = _line(lines, s)
            key = s.keyword
            if key in ("ssl-default-bind-options", "ssl-default-server-options"):
                target = bind if "bind" in key else server
                updated = options.apply(target, list(s.words[1:]), s.path, s.line, text, "global")
                if "bind" in key:
                    bind = updated
                else:
                    server = updated
            elif key.startswith("ssl-default-") and len(s.words) > 1:
                layer = "bind" if key.startswith("ssl-default-bind-") else "server"
                kind = key.rsplit("-", 1)[1]
                span = Span(where(s), text[s.column - 1 : s.end - 1], "global")
                target = bind if layer == "bind" else server
                if kind == "ciphers":
                    target.ciphers = (s.args[0], span)
                elif kind == "ciphersuites":
                    target.ciphersuites = (s.args[0], span)
                elif kind == "curves":
                    target.curves = (tuple(p for p in s.args[0].split(":") if p), span)
            elif key == "crt-base" and s.args:
                crt_base = s.args[0]
            elif key == "ca-base" and s.args:
                ca_base = s.args[0]
            elif key == "ssl-server-verify" and s.args:
                verify = Setting(
                    s.args[0].lower() != "none", Origin.INHERITED, where(s), _raw(lines, s)
                )
            elif key == "tune.ssl.default-dh-param" and s.args and s.args[0].isdigit():
                dh = Setting(int(s.args[0][:6]), Origin.INHERITED, where(s), _raw(lines, s))
    fallback = Location(parsed.sections[0].path if parsed.sections else "", 1)
    return Global(
        bind,
        server,
        verify
        or Setting(
            True, Origin.DEFAULT, fallback, note="HAProxy default: ssl-server-verify required"
        ),
        crt_base,
        ca_base,
        dh
        or Setting(
            defaults.dh_default(haproxy),
            Origin.DEFAULT,
            fallback,
            note=f"HAProxy default: tune.ssl.default-dh-param {defaults.dh_default(haproxy)}",
        ),
    )


def _line(lines: dict[str, list[str]], s: Statement) -> str:
    text = lines.get(s.path, [])
    return text[s.line - 1] if 0 < s.line <= len(text) else ""


def _raw(lines: dict[str, list[str]], s: Statement) -> str:
    return _line(lines, s)[s.column - 1 : s.end - 1]


@dataclass
class Build:
    """What endpoint building needs besides the sections."""

    lines: dict[str, list[str]]
    haproxy: defaults.Version | None
    haproxy_text: str | None
    openssl: defaults.Version | None
    resolve: Resolver
    crt_list: CrtLists
    problems: dict[Location, str] = field(default_factory=dict)  # HAProxy would not start


def build(parsed: Parsed, ctx: Build) -> list[Endpoint]:
    g = read_global(parsed, ctx.lines, ctx.haproxy)
    backends = {s.name: s for s in parsed.sections if s.kind in ("backend", "listen")}
    out: list[Endpoint] = []
    mode = "tcp"  # HAProxy's default mode
    defaults_section: Section | None = None
    for section in parsed.sections:
        if section.kind == "defaults":
            defaults_section = section
            found = section.last("mode")
            mode = found.args[0].lower() if found and found.args else "tcp"
            continue
        if section.kind not in ("frontend", "listen"):
            continue
        own_mode = section.last("mode")
        section_mode = own_mode.args[0].lower() if own_mode and own_mode.args else mode
        out.extend(_proxy(section, section_mode, g, backends, defaults_section, ctx))
    return out


def _proxy(
    section: Section,
    mode: str,
    g: Global,
    backends: dict[str, Section],
    defaults_section: Section | None,
    ctx: Build,
) -> Iterator[Endpoint]:
    binds = section.all("bind")
    hosts = _hosts(section)
    used = _used_backends(section, backends)
    hsts = _hsts(section, used, ctx.lines) if mode == "http" else None
    upstreams = tuple(
        u
        for b in ([section] if section.kind == "listen" else used)
        for u in _upstreams(b, g, defaults_section, ctx)
    )
    plain_done = False
    for bind in binds:
        text = _line(ctx.lines, bind)
        address = bind.args[0] if bind.args else ""
        opts = options.apply(g.bind, list(bind.words[2:]), bind.path, bind.line, text, "bind")
        label = f"{section.label} bind {address}"
        if not opts.ssl:
            if mode != "http" or plain_done:
                continue
            plain_done = True
            plain = Endpoint(
                source="haproxy",
                kind=f"HAProxy {section.kind}",
                name=label,
                location=where(bind),
                tls=False,
                hosts=hosts or ("*",),
                product="haproxy",
                product_version=ctx.haproxy_text,
            )
            plain.redirects_to_https = _redirect(section, bind)
            yield plain
            continue
        entries: list[tuple[CrtEntry, SslOptions]] = []
        certificates: list[CertificateRef] = []
        sni: list[str] = []
        for reference, span in opts.crts:
            certificates.extend(_refs(reference, span.location, g.crt_base, ctx, "certificate"))
        for reference, span in opts.crt_lists:
            for entry in _crt_list_entries(reference, span.location, ctx):
                if entry.words:
                    entry_opts = options.apply(
                        opts,
                        entry.words,
                        entry.location.path,
                        entry.location.line,
                        entry.line_text,
                        "crt-list",
                    )
                    entries.append((entry, entry_opts))
                else:
                    certificates.extend(
                        _refs(entry.certificate, entry.location, g.crt_base, ctx, "certificate")
                    )
                    sni.extend(h for h in entry.sni if not h.startswith("!"))
        if opts.ca_file:
            certificates.extend(
                _refs(opts.ca_file[0], opts.ca_file[1].location, g.ca_base, ctx, "client-ca")
            )
        endpoint = Endpoint(
            source="haproxy",
            kind=f"HAProxy {section.kind}",
            name=label,
            location=where(bind),
            hosts=tuple(dict.fromkeys([*sni, *hosts]))[:MAX_HOSTS],
            product="haproxy",
            product_version=ctx.haproxy_text,
        )
        _tls_settings(endpoint, opts, g, ctx, where(bind))
        endpoint.certificates = tuple(certificates)
        if mode == "http":
            # Headers belong to the proxy, not to a bind: a missing one is placed at the
            # section's header, where a fix adds it once for all of the proxy's TLS binds.
            endpoint.hsts = hsts or Setting(
                None,
                Origin.DEFAULT,
                Location(section.path, section.line, section.column, section.line, section.end),
                note=f"no Strict-Transport-Security header in {section.label}",
            )
        endpoint.upstreams = upstreams
        yield endpoint
        for entry, entry_opts in entries:
            extra = Endpoint(
                source="haproxy",
                kind="HAProxy crt-list entry",
                name=f"{label} crt-list {entry.location.path}:{entry.location.line}",
                location=entry.location,
                hosts=tuple(h for h in entry.sni if not h.startswith("!"))[:MAX_HOSTS],
                product="haproxy",
                product_version=ctx.haproxy_text,
            )
            _tls_settings(extra, entry_opts, g, ctx, entry.location)
            refs = list(_refs(entry.certificate, entry.location, g.crt_base, ctx, "certificate"))
            if entry_opts.ca_file:
                refs.extend(
                    _refs(
                        entry_opts.ca_file[0],
                        entry_opts.ca_file[1].location,
                        g.ca_base,
                        ctx,
                        "client-ca",
                    )
                )
            extra.certificates = tuple(refs)
            if mode == "http":
                extra.hsts = endpoint.hsts
            extra.upstreams = upstreams
            yield extra


def _origin(span: Span | None, here: Location, note: str) -> tuple[Origin, Location, str, str]:
    if span is None:
        return Origin.DEFAULT, here, "", note
    if span.layer == "global":
        return (
            Origin.INHERITED,
            span.location,
            span.raw,
            f"inherited from global at {span.location.path}:{span.location.line}",
        )
    return Origin.WRITTEN, span.location, span.raw, ""


def _protocol_span(spans: tuple[Span, ...]) -> Span | None:
    """The protocol keywords of the innermost layer that has any (one span per line)."""
    return spans[-1] if spans else None


def _tls_settings(
    endpoint: Endpoint, opts: SslOptions, g: Global, ctx: Build, here: Location
) -> None:
    for word, bad in opts.unknown_versions:
        ctx.problems[bad.location] = (
            f"{bad.raw.split()[0]}: unknown version {word!r} (HAProxy accepts SSLv3, TLSv1.0, "
            "TLSv1.1, TLSv1.2 and TLSv1.3, and refuses to start otherwise)"
        )
    floor, note = defaults.bind_minimum(ctx.haproxy)
    tls13 = defaults.supports_tls13(ctx.haproxy, ctx.openssl)
    value = options.protocols(opts, floor, tls13)
    span = _protocol_span(opts.protocol_spans)
    origin, loc, raw, why = _origin(span, here, note)
    if span is not None and opts.minimum is None and not opts.maximum:
        why = (why + "; " if why else "") + note
    endpoint.protocols = Setting(value, origin, loc, raw, why)
    cipher_text, cipher_span = opts.ciphers or (defaults.DEFAULT_CIPHERS, None)
    origin, loc, raw, why = _origin(
        cipher_span, here, "HAProxy default: OpenSSL's DEFAULT cipher list"
    )
    endpoint.ciphers = Setting(_cipher_spec(cipher_text, ctx.openssl), origin, loc, raw, why)
    if opts.ciphersuites:
        suites, suites_span = (
            tuple(p for p in opts.ciphersuites[0].split(":") if p),
            opts.ciphersuites[1],
        )
    else:
        suites, suites_span = defaults.DEFAULT_TLS13_SUITES, None
    origin, loc, raw, why = _origin(suites_span, here, "OpenSSL default TLS 1.3 suites")
    endpoint.tls13_ciphersuites = Setting(suites, origin, loc, raw, why)
    origin, loc, raw, why = _origin(
        opts.prefer_client, here, "HAProxy default: the server's cipher order"
    )
    endpoint.prefer_server_ciphers = Setting(opts.prefer_client is None, origin, loc, raw, why)
    if opts.curves:
        curves: tuple[str, ...] = cipher_table.parse_groups(":".join(opts.curves[0]))
        curve_span: Span | None = opts.curves[1]
    else:
        curves, curve_span = defaults.DEFAULT_CURVES, None
    origin, loc, raw, why = _origin(curve_span, here, "HAProxy default: OpenSSL's default groups")
    endpoint.ecdh_curves = Setting(curves, origin, loc, raw, why)
    endpoint.dh_param_bits = g.dh_bits
    origin, loc, raw, why = _origin(opts.no_tickets, here, "HAProxy default: session tickets on")
    endpoint.session_tickets = Setting(opts.no_tickets is None, origin, loc, raw, why)
    verify_value, verify_span = opts.verify or ("none", None)
    origin, loc, raw, why = _origin(verify_span, here, "HAProxy default: verify none")
    endpoint.client_verify = Setting(
        {"required": "on", "optional": "optional"}.get(verify_value, "off"), origin, loc, raw, why
    )


def _cipher_spec(expression: str, openssl: defaults.Version | None) -> CipherSpec:
    expansion = cipher_table.expand_for(expression, openssl)
    unknown = tuple(
        token
        for token in expansion.unknown
        if not ((c := cipher_table.lookup(token)) is not None and c.protocol == "TLSv1.3")
    )
    return CipherSpec(expression, tuple(c.openssl for c in expansion.suites), unknown)


def _refs(
    reference: str, location: Location, base: str, ctx: Build, role: str
) -> Iterator[CertificateRef]:
    if base and not reference.startswith("/"):
        reference = posixpath.join(base, reference)
    targets = ctx.resolve(reference, location.path, role)
    if not targets:
        yield CertificateRef(role, reference, location)
        return
    for target in targets:
        yield CertificateRef(role, reference, location, target, f"file:{target}")


def _crt_list_entries(reference: str, location: Location, ctx: Build) -> list[CrtEntry]:
    return ctx.crt_list(reference) or []


# -- hosts, backends, HSTS, redirects ----------------------------------------------------------


def _hosts(section: Section) -> tuple[str, ...]:
    """Host names the proxy routes on (``hdr(host)``, SNI fetches in ACLs and conditions)."""
    found: list[str] = []
    for s in section.statements:
        words = s.args
        for i, word in enumerate(words):
            if not _HOST_FETCH.match(word):
                continue
            for value in words[i + 1 :]:
                if value in ("}", "if", "unless") or value.startswith("{"):
                    break
                if value.startswith("-"):
                    continue
                if _HOSTNAME.match(value):
                    found.append(value.lower().rstrip(".").lstrip("."))
            if len(found) >= MAX_HOSTS:
                break
    return tuple(dict.fromkeys(found))[:MAX_HOSTS]


def _used_backends(section: Section, backends: dict[str, Section]) -> list[Section]:
    names: list[str] = []
    for s in section.statements:
        if s.keyword in ("default_backend", "use_backend") and s.args:
            names.append(s.args[0])
    return [
        backends[n] for n in dict.fromkeys(names) if n in backends and backends[n] is not section
    ]


def parse_hsts(value: str) -> Hsts:
    match = _MAX_AGE.search(value)
    lowered = value.lower()
    return Hsts(
        max_age=int(match.group(1)[:12]) if match else None,
        include_subdomains="includesubdomains" in lowered,
        preload="preload" in lowered,
    )


def _hsts_statement(section: Section) -> tuple[Statement, int] | None:
    """The last statement that sets the header, and the index of its value word."""
    found = None
    for s in section.statements:
        args = [a.lower() for a in s.args]
        if s.keyword in ("http-response", "http-after-response") and len(args) >= 3:
            if args[0] in ("set-header", "add-header") and args[1] == HSTS:
                found = (s, 3)
        elif s.keyword in ("rspadd", "rspirep") and args and args[0].startswith(HSTS + ":"):
            found = (s, 1)
    return found


def _hsts(
    section: Section, used: list[Section], lines: dict[str, list[str]]
) -> Setting[Hsts | None] | None:
    for layer, origin in [(section, Origin.WRITTEN), *((b, Origin.INHERITED) for b in used[:1])]:
        found = _hsts_statement(layer)
        if found is None:
            continue
        s, index = found
        value_word = s.words[index] if index < len(s.words) else s.words[-1]
        value = value_word.text
        if s.keyword.startswith("rsp"):
            value = value.split(":", 1)[1]
        loc = Location(s.path, s.line, value_word.column, s.line, value_word.end)
        note = "" if origin is Origin.WRITTEN else f"set by {layer.label} at {s.path}:{s.line}"
        hsts = parse_hsts(value)
        return Setting(hsts, origin, loc, _raw(lines, s), note)
    return None


def _redirect(section: Section, bind: Statement) -> Setting[bool]:
    for s in section.statements:
        words = [w.lower() for w in s.args]
        if s.keyword == "http-request" and words[:1] == ["redirect"]:
            words = words[1:]
        elif s.keyword != "redirect":
            continue
        if len(words) < 2:
            continue
        kind, target = words[0], words[1]
        https = (kind == "scheme" and target == "https") or (
            kind in ("prefix", "location") and target.startswith("https://")
        )
        if not https:
            continue
        condition = (
            words[words.index("if") :]
            if "if" in words
            else words[words.index("unless") :]
            if "unless" in words
            else []
        )
        if not condition or any("ssl_fc" in w for w in condition):
            return Setting(
                True, Origin.WRITTEN, where(s), " ".join([s.keyword, *s.args]), "redirects to https"
            )
    return Setting(False, Origin.DEFAULT, where(bind), note="serves content over plain HTTP")


def _upstreams(
    backend: Section, g: Global, defaults_section: Section | None, ctx: Build
) -> Iterator[Upstream]:
    base = g.server
    for layer in ([defaults_section] if defaults_section else []) + [backend]:
        for s in layer.all("default-server"):
            base = options.apply(
                base, list(s.words[1:]), s.path, s.line, _line(ctx.lines, s), "default-server"
            )
    for s in backend.all("server"):
        if len(s.words) < 3:
            continue
        opts = options.apply(base, list(s.words[3:]), s.path, s.line, _line(ctx.lines, s), "server")
        if not opts.ssl:
            continue
        target = f"{s.args[0]} {s.args[1]}"
        if opts.verify is not None:
            value, span = opts.verify
            verify = Setting(
                value != "none",
                Origin.WRITTEN if span.layer == "server" else Origin.INHERITED,
                span.location,
                span.raw,
            )
        else:
            verify = Setting(
                g.server_verify.value,
                g.server_verify.origin,
                g.server_verify.location if not g.server_verify.is_default else where(s),
                g.server_verify.raw,
                g.server_verify.note,
            )
        trusted: Setting[str | None]
        if opts.ca_file is not None:
            trusted = Setting(
                opts.ca_file[0], Origin.WRITTEN, opts.ca_file[1].location, opts.ca_file[1].raw
            )
        else:
            trusted = Setting(None, Origin.DEFAULT, where(s), note="no ca-file")
        yield Upstream(target, where(s), verify, trusted)
