"""Turn an expanded Apache httpd configuration into endpoints, with httpd's inheritance.

Each ``<VirtualHost>`` whose ``SSLEngine`` is on (written there or server-wide) is a TLS
endpoint; any other ``<VirtualHost>`` is a plain-HTTP endpoint (for the redirect rule). A
mod_ssl directive absent from the virtual host takes the server-wide value (mod_ssl merges the
base server into each virtual host), else httpd's default for the configured version. Within
one context the last directive wins. ``<IfModule>``, ``<IfDefine>`` and ``<IfVersion>`` are
read through (modules are assumed loaded; a negated test is taken as false; ``<IfVersion>``
is evaluated when ``apache.version`` is set). mod_headers' ``Header`` directives of the server
and the virtual host both apply, the virtual host's last; ``Header unset`` removes the header.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from tlslint.model import (
    CertificateRef,
    CipherSpec,
    Endpoint,
    HeaderGap,
    Hsts,
    Location,
    Origin,
    ReadProblem,
    Setting,
    Upstream,
)
from tlslint.sources.apache import defaults
from tlslint.sources.apache.defaults import Version
from tlslint.sources.apache.parser import Directive
from tlslint.tls import ciphers as cipher_table

T = TypeVar("T")

HSTS = "strict-transport-security"
CONDITIONALS = frozenset({"ifmodule", "ifdefine", "ifversion", "iffile", "ifdirective"})
PER_DIRECTORY = frozenset(
    {"location", "locationmatch", "directory", "directorymatch", "files", "filesmatch", "if"}
)
FLAGS = frozenset(
    {
        "sslhonorcipherorder",
        "sslsessiontickets",
        "sslcompression",
        "sslusestapling",
        "sslproxyengine",
        "sslstrictsnivhostcheck",
        "rewriteengine",
    }
)
VERIFY = {
    "none": "off",
    "optional": "optional",
    "require": "on",
    "optional_no_ca": "optional_no_ca",
}
REDIRECT_STATUS = frozenset({"permanent", "temp", "seeother", "301", "302", "303", "307", "308"})
_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)
_IFVERSION = re.compile(r"^(=|==|>|>=|<|<=)?\s*(\d+(?:\.\d+)*)$")
_COMPARE: dict[str, Callable[[Version, Version], bool]] = {
    "=": operator.eq,
    "==": operator.eq,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

Resolver = Callable[[str, str], str | None]  # (path as written, including file) -> repo path


def where(d: Directive) -> Location:
    return Location(d.path, d.line, d.column, d.end_line, d.end_column)


def raw(d: Directive) -> str:
    args = [f'"{a}"' if (not a or any(c in a for c in " \t\"'")) else a for a in d.args]
    text = " ".join([d.name, *args])
    return f"{text} (certbot's {d.shipped}, as certbot ships it)" if d.shipped else text


def active(section: Directive, version: Version | None) -> bool:
    """Whether httpd reads a conditional section's contents."""
    args = section.args
    if section.key == "ifversion":
        if version is None or not args:
            return True
        match = _IFVERSION.match(" ".join(args).strip())
        if match is None:
            return True  # a regular expression: assume it matches
        wanted = defaults.parse_version(match.group(2)) or ()
        return _COMPARE[match.group(1) or "="](version[: len(wanted)], wanted)
    return not (args and args[0].startswith("!"))


def flat(directives: list[Directive], version: Version | None) -> list[Directive]:
    """A context's directives with conditional sections read through."""
    out: list[Directive] = []
    for d in directives:
        if d.block is not None and d.key in CONDITIONALS:
            if active(d, version):
                out.extend(flat(d.block, version))
        else:
            out.append(d)
    return out


@dataclass
class Level:
    directives: list[Directive]
    label: str

    def last(self, key: str, test: Callable[[Directive], bool] | None = None) -> Directive | None:
        for d in reversed(self.directives):
            if d.key == key and (test is None or test(d)):
                return d
        return None

    def all(self, key: str) -> list[Directive]:
        return [d for d in self.directives if d.key == key]


@dataclass
class Context:
    levels: list[Level]  # the virtual host, then the server config
    apache: Version | None
    openssl: Version | None
    unresolved: list[str]

    def lookup(
        self, key: str, test: Callable[[Directive], bool] | None = None
    ) -> tuple[Directive | None, int]:
        for depth, level in enumerate(self.levels):
            d = level.last(key, test)
            if d is not None:
                return d, depth
        return None, -1

    def setting(
        self,
        key: str,
        convert: Callable[[Directive], T],
        default: T,
        note: str,
        fallback: Location,
        test: Callable[[Directive], bool] | None = None,
    ) -> Setting[T]:
        d, depth = self.lookup(key, test)
        if d is None:
            if self.unresolved:
                shown = ", ".join(dict.fromkeys(self.unresolved))
                note += f"; unless set in {shown}, not in the repository"
            return Setting(default, Origin.DEFAULT, fallback, note=note)
        return self.found(d, depth, convert(d))

    def found(self, d: Directive, depth: int, value: T) -> Setting[T]:
        if d.shipped:
            return Setting(
                value,
                Origin.INHERITED,
                where(d),
                raw(d),
                note=f"from certbot's {d.shipped} (included at line {d.line}, as certbot ships it)",
            )
        if depth == 0:
            return Setting(value, Origin.WRITTEN, where(d), raw(d))
        label = self.levels[depth].label
        return Setting(
            value,
            Origin.INHERITED,
            where(d),
            raw(d),
            f"inherited from {label} at {d.path}:{d.line}",
        )


def _on(d: Directive) -> bool:
    return bool(d.args) and d.args[0].lower() == "on"


# -- protocols -------------------------------------------------------------------------------

_PROTOCOL_NAMES = {p.lower(): p for p in (*defaults.PROTOCOLS, "SSLv2")}


def protocol_arithmetic(
    args: list[str], apache: Version | None, openssl: Version | None
) -> tuple[frozenset[str], str | None]:
    """mod_ssl's ``ssl_cmd_protocol_parse``: left to right, a bare word replaces the set, ``+``
    adds, ``-`` removes; ``all`` is every protocol this build offers. (set, httpd's error)."""
    result: set[str] = set()
    for word in args:
        action = word[0] if word[:1] in "+-" else ""
        name = word[1:] if action else word
        lowered = name.lower()
        if lowered == "all":
            chosen = set(defaults.all_protocols(apache, openssl))
        elif lowered == "sslv2":
            if action == "-":
                continue
            return frozenset(result), "SSLProtocol: SSLv2 is no longer supported"
        elif lowered in _PROTOCOL_NAMES:
            chosen = {_PROTOCOL_NAMES[lowered]}
            if chosen == {"TLSv1.3"} and apache is not None and apache < defaults.TLS13_SINCE:
                return frozenset(result), (
                    f"SSLProtocol: Illegal protocol '{name}' (httpd {defaults.show(apache)} "
                    f"knows it from {defaults.show(defaults.TLS13_SINCE)})"
                )
        else:
            return frozenset(result), f"SSLProtocol: Illegal protocol '{name}'"
        if action == "+":
            result |= chosen
        elif action == "-":
            result -= chosen
        else:
            result = set(chosen)
    return frozenset(result), None


# -- discovery of virtual hosts ---------------------------------------------------------------


def virtual_hosts(server: list[Directive]) -> Iterator[Directive]:
    for d in server:
        if d.key == "virtualhost" and d.block is not None:
            yield d


def _port(vhost: Directive) -> str:
    for address in vhost.args:
        tail = address.rsplit("]", 1)[-1]
        if ":" in tail:
            return tail.rsplit(":", 1)[1]
    return "80"


def build(
    tree: list[Directive],
    apache_text: str | None,
    openssl_text: str | None,
    unresolved: list[str],
    resolve: Resolver,
    problems: list[ReadProblem],
    dhparam_bits: Callable[[str, str], int | None],
) -> list[Endpoint]:
    """Every endpoint a main configuration (with its includes expanded) defines."""
    apache = defaults.parse_version(apache_text)
    openssl = defaults.parse_version(openssl_text)
    server = flat(tree, apache)
    server_level = Level(
        [d for d in server if d.key != "virtualhost"], "the server config (outside <VirtualHost>)"
    )
    out: list[Endpoint] = []
    stapling_cache = server_level.last("sslstaplingcache")
    for vhost in virtual_hosts(server):
        level = Level(flat(vhost.block or [], apache), "<VirtualHost>")
        ctx = Context([level, server_level], apache, openssl, unresolved)
        endpoint = _endpoint(vhost, level, ctx, apache_text, resolve, dhparam_bits)
        out.append(endpoint)
        stapling = endpoint.ocsp_stapling
        if stapling is not None and stapling.value and stapling_cache is None:
            problems.append(
                ReadProblem(
                    "parse-error",
                    "httpd fails to start: SSLUseStapling on needs an SSLStaplingCache in the "
                    "server config ('SSLStapling: no stapling cache available')",
                    stapling.location,
                )
            )
    return out


def _endpoint(
    vhost: Directive,
    level: Level,
    ctx: Context,
    version_text: str | None,
    resolve: Resolver,
    dhparam_bits: Callable[[str, str], int | None],
) -> Endpoint:
    hosts: list[str] = []
    name = level.last("servername")
    if name is not None and name.args:
        hosts.append(host_name(name.args[0]))
    for alias in level.all("serveralias"):
        hosts.extend(host_name(a) for a in alias.args)
    engine, _ = ctx.lookup("sslengine")
    tls = engine is not None and bool(engine.args) and engine.args[0].lower() == "on"
    port = _port(vhost)
    shown = hosts[0] if hosts else (vhost.args[0].rsplit(":", 1)[0] if vhost.args else "*")
    # The location's end is the end of the <VirtualHost …> line: new directives go after it.
    here = Location(vhost.path, vhost.line, vhost.column, vhost.end_line, vhost.end_column)
    endpoint = Endpoint(
        source="apache",
        kind="Apache VirtualHost",
        name=f"VirtualHost {shown}:{port}",
        location=here,
        tls=tls,
        hosts=tuple(dict.fromkeys(h for h in hosts if h)),
        product="apache",
        product_version=version_text,
    )
    if tls:
        _tls_settings(endpoint, ctx, resolve, dhparam_bits)
    else:
        endpoint.redirects_to_https = _redirect(vhost, level)
    return endpoint


def host_name(value: str) -> str:
    """A ServerName or ServerAlias as a host name: without scheme or port."""
    value = value.split("://", 1)[-1]
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


# -- TLS settings ----------------------------------------------------------------------------


def _is_tls13(d: Directive) -> bool:
    return len(d.args) >= 2 and d.args[0].lower() == "tlsv1.3"


def _is_ssl_form(d: Directive) -> bool:
    return len(d.args) == 1 or (len(d.args) >= 2 and d.args[0].upper() == "SSL")


def _confcmd(*names: str) -> Callable[[Directive], bool]:
    wanted = {n.lower() for n in names}
    return lambda d: len(d.args) >= 2 and d.args[0].lower() in wanted


def _cipher_spec(expression: str, openssl: Version | None) -> CipherSpec:
    expansion = cipher_table.expand_for(expression, openssl)
    unknown = tuple(
        token
        for token in expansion.unknown
        if not ((c := cipher_table.lookup(token)) is not None and c.protocol == "TLSv1.3")
    )
    return CipherSpec(expression, tuple(c.openssl for c in expansion.suites), unknown)


def _tls_settings(
    endpoint: Endpoint,
    ctx: Context,
    resolve: Resolver,
    dhparam_bits: Callable[[str, str], int | None],
) -> None:
    here = endpoint.location
    protocols, note = defaults.default_protocols(ctx.apache, ctx.openssl)
    endpoint.protocols = ctx.setting(
        "sslprotocol",
        lambda d: protocol_arithmetic(d.args, ctx.apache, ctx.openssl)[0],
        protocols,
        note,
        here,
    )
    endpoint.ciphers = ctx.setting(
        "sslciphersuite",
        lambda d: _cipher_spec(d.args[-1], ctx.openssl),
        _cipher_spec(defaults.DEFAULT_CIPHERS, ctx.openssl),
        "httpd default: SSLCipherSuite DEFAULT (OpenSSL's default list)",
        here,
        _is_ssl_form,
    )
    suites, depth = ctx.lookup("sslciphersuite", _is_tls13)
    confcmd, confdepth = ctx.lookup("sslopensslconfcmd", _confcmd("Ciphersuites"))
    if confcmd is not None and (suites is None or confdepth < depth):
        suites, depth = confcmd, confdepth
    if suites is not None:
        endpoint.tls13_ciphersuites = ctx.found(
            suites, depth, tuple(p for p in suites.args[1].split(":") if p)
        )
    else:
        endpoint.tls13_ciphersuites = Setting(
            defaults.DEFAULT_TLS13_SUITES,
            Origin.DEFAULT,
            here,
            note="OpenSSL default TLS 1.3 suites",
        )
    endpoint.prefer_server_ciphers = ctx.setting(
        "sslhonorcipherorder", _on, False, "httpd default: SSLHonorCipherOrder off", here
    )
    endpoint.ecdh_curves = ctx.setting(
        "sslopensslconfcmd",
        lambda d: cipher_table.parse_groups(d.args[1]),
        defaults.DEFAULT_CURVES,
        "no SSLOpenSSLConfCmd Curves: OpenSSL's default groups",
        here,
        _confcmd("Curves", "Groups"),
    )
    endpoint.dh_param_bits = ctx.setting(
        "sslopensslconfcmd",
        lambda d: dhparam_bits(d.args[1], d.path),
        None,
        "no DHParameters: httpd 2.4.7+ uses standard parameters as large as the key",
        here,
        _confcmd("DHParameters"),
    )
    endpoint.session_tickets = ctx.setting(
        "sslsessiontickets", _on, True, "httpd default: SSLSessionTickets on", here
    )
    endpoint.session_ticket_key = ctx.setting(
        "sslsessionticketkeyfile",
        lambda d: d.args[0] if d.args else None,
        None,
        "no SSLSessionTicketKeyFile",
        here,
    )
    endpoint.client_verify = ctx.setting(
        "sslverifyclient",
        lambda d: VERIFY.get(d.args[0].lower(), d.args[0].lower()) if d.args else "off",
        "off",
        "httpd default: SSLVerifyClient none",
        here,
    )
    endpoint.ocsp_stapling = ctx.setting(
        "sslusestapling", _on, False, "httpd default: SSLUseStapling off", here
    )
    endpoint.certificates = tuple(_certificates(ctx, resolve))
    endpoint.hsts, endpoint.hsts_gaps = _hsts(ctx, here)
    endpoint.upstreams = tuple(_upstreams(ctx))


ROLES = {
    "sslcertificatefile": "certificate",
    "sslcertificatekeyfile": "key",
    "sslcertificatechainfile": "trusted",
    "sslcacertificatefile": "client-ca",
}


def _certificates(ctx: Context, resolve: Resolver) -> Iterator[CertificateRef]:
    for key, role in ROLES.items():
        for level in ctx.levels:
            found = [d for d in level.all(key) if d.args]
            if not found:
                continue
            for d in found:
                target = resolve(d.args[0], d.path)
                yield CertificateRef(
                    role,
                    d.args[0],
                    where(d),
                    resolved_path=target,
                    key=f"file:{target}" if target else None,
                )
            break


# -- HSTS ------------------------------------------------------------------------------------


def _header(d: Directive) -> tuple[str, str, str, str] | None:
    """(condition, action, header, value) of a mod_headers ``Header`` directive."""
    args = list(d.args)
    condition = "onsuccess"
    if args and args[0].lower() in ("always", "onsuccess"):
        condition = args.pop(0).lower()
    if len(args) < 2:
        return None
    action, header = args[0].lower(), args[1]
    value = args[2] if len(args) > 2 else ""
    return condition, action, header, value


def _is_hsts(d: Directive) -> bool:
    parsed = _header(d) if d.key == "header" else None
    return parsed is not None and parsed[2].lower() == HSTS


def parse_hsts(value: str, always: bool) -> Hsts:
    match = _MAX_AGE.search(value)
    lowered = value.lower()
    return Hsts(
        max_age=int(match.group(1)) if match else None,
        include_subdomains="includesubdomains" in lowered,
        preload="preload" in lowered,
        always=always,
    )


def _hsts(ctx: Context, here: Location) -> tuple[Setting[Hsts | None], tuple[HeaderGap, ...]]:
    d, depth = ctx.lookup("header", _is_hsts)
    if d is None:
        setting: Setting[Hsts | None] = Setting(
            None, Origin.DEFAULT, here, note="no Strict-Transport-Security header"
        )
        return setting, ()
    parsed = _header(d)
    assert parsed is not None
    condition, action, _, value = parsed
    if action in ("unset", "edit", "edit*"):
        return ctx.found(d, depth, None), ()
    hsts = parse_hsts(value, condition == "always")
    return ctx.found(d, depth, hsts), tuple(_gaps(ctx))


def _gaps(ctx: Context) -> Iterator[HeaderGap]:
    def visit(block: list[Directive], scope: str) -> Iterator[HeaderGap]:
        for d in flat(block, ctx.apache):
            if d.block is not None and d.key in PER_DIRECTORY:
                label = f"<{d.name} {' '.join(d.args)}>".replace(" >", ">")
                yield from visit(d.block, label)
            elif scope and _is_hsts(d):
                parsed = _header(d)
                if parsed is not None and parsed[1] == "unset":
                    yield HeaderGap(where(d), scope)

    for level in ctx.levels:
        yield from visit(level.directives, "")


# -- redirects and upstreams -----------------------------------------------------------------


def _redirect_directive(d: Directive, rewrite_on: bool) -> bool:
    args = d.args
    if d.key in ("redirect", "redirectmatch"):
        if args and args[0].lower() in REDIRECT_STATUS:
            args = args[1:]
        if d.key == "redirect" and len(args) == 1:
            return args[0].lower().startswith("https://")  # inside <Location>: Redirect URL
        return len(args) >= 2 and args[1].lower().startswith("https://")
    if d.key in ("redirectpermanent", "redirecttemp"):
        return len(args) >= 2 and args[1].lower().startswith("https://")
    if d.key == "rewriterule" and rewrite_on and len(args) >= 2:
        flags = args[2].lower() if len(args) > 2 else ""
        return args[1].lower().startswith("https://") and "p" not in _flags(flags)
    return False


def _flags(text: str) -> set[str]:
    return {f.split("=", 1)[0].strip() for f in text.strip("[]").split(",")}


def _redirect(vhost: Directive, level: Level) -> Setting[bool]:
    engine = level.last("rewriteengine")
    rewrite_on = engine is not None and _on(engine)
    candidates = list(level.directives)
    for d in level.directives:
        if d.key == "location" and d.block is not None and d.args in (["/"], ['"/"']):
            candidates.extend(d.block)
    for d in candidates:
        if _redirect_directive(d, rewrite_on):
            return Setting(True, Origin.WRITTEN, where(d), raw(d), "redirects to https")
    return Setting(False, Origin.DEFAULT, where(vhost), note="serves content over plain HTTP")


def _upstreams(ctx: Context) -> Iterator[Upstream]:
    def targets(block: list[Directive], inside_location: bool) -> Iterator[tuple[Directive, str]]:
        for d in flat(block, ctx.apache):
            if d.key in ("proxypass", "proxypassmatch") and d.args:
                url = d.args[0] if inside_location else (d.args[1] if len(d.args) > 1 else "")
                if url.lower().startswith(("https://", "wss://", "h2://")):
                    yield d, url
            elif d.block is not None and d.key in PER_DIRECTORY:
                yield from targets(d.block, d.key.startswith("location"))

    for d, url in targets(ctx.levels[0].directives, False):
        verify = ctx.setting(
            "sslproxyverify",
            lambda x: bool(x.args) and x.args[0].lower() == "require",
            False,
            "httpd default: SSLProxyVerify none",
            where(d),
        )
        trusted = ctx.setting(
            "sslproxycacertificatefile",
            lambda x: x.args[0] if x.args else None,
            None,
            "no SSLProxyCACertificateFile",
            where(d),
        )
        yield Upstream(url, where(d), verify, trusted)


# -- what httpd refuses ----------------------------------------------------------------------


def refused(tree: list[Directive], apache_text: str | None) -> Iterator[tuple[Directive, str]]:
    """(directive, httpd's error) for the TLS directives httpd would refuse to load."""
    from tlslint.sources.apache.parser import walk

    apache = defaults.parse_version(apache_text)
    for d in walk(tree):
        since = defaults.introduced_after(d.key, apache)
        if since is not None:
            yield (
                d,
                (
                    f"Invalid command '{d.name}' (httpd {defaults.show(apache or ())} refuses it; "
                    f"it appeared in {defaults.show(since)})"
                ),
            )
            continue
        if d.key in FLAGS and (len(d.args) != 1 or d.args[0].lower() not in ("on", "off")):
            yield d, f"{d.name} must be On or Off"
        elif d.key == "sslengine" and (
            len(d.args) != 1 or d.args[0].lower() not in ("on", "off", "optional", "addr")
        ):
            yield d, "SSLEngine: Argument must be On, Off, Optional or addr[:port]"
        elif d.key == "sslprotocol":
            if not d.args:
                yield d, "SSLProtocol takes at least one argument"
            else:
                _, error = protocol_arithmetic(d.args, apache, None)
                if error:
                    yield d, error
        elif d.key in ("sslverifyclient", "sslproxyverify"):
            if len(d.args) != 1 or d.args[0].lower() not in VERIFY:
                yield d, f"{d.name}: Invalid argument '{' '.join(d.args)}'"
        elif d.key == "sslciphersuite" and not 1 <= len(d.args) <= 2:
            yield d, "SSLCipherSuite takes one or two arguments"
        elif (
            d.key == "sslciphersuite" and _is_tls13(d) and apache and apache < defaults.TLS13_SINCE
        ):
            shown = defaults.show(apache)
            yield d, f"SSLCipherSuite: protocol 'TLSv1.3' not supported by httpd {shown}"
        elif d.key == "sslopensslconfcmd" and len(d.args) != 2:
            yield d, "SSLOpenSSLConfCmd takes two arguments"
