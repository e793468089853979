"""SSL options of ``bind`` and ``server`` lines, ``ssl-default-*`` and ``crt-list`` entries.

HAProxy starts every ``bind`` from ``ssl-default-bind-*`` (every ``server`` from
``ssl-default-server-*``) and lets the line's own keywords override them: ``ssl-min-ver`` and
``ssl-max-ver`` replace the bounds, ``no-tlsv1x`` remove one version, ``force-*`` pin one, and
``ciphers``/``ciphersuites``/``curves`` replace the list. A ``crt-list`` entry's bracketed
options apply on top of its ``bind`` line the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tlslint.model import Location
from tlslint.sources.haproxy import defaults
from tlslint.sources.haproxy.parser import Word

# bind/server keywords that take no argument (every other keyword takes one).
FLAGS = frozenset(
    {
        "ssl", "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "force-sslv3",
        "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "no-tls-tickets",
        "tls-tickets", "prefer-client-ciphers", "strict-sni", "allow-0rtt", "no-ca-names",
        "generate-certificates", "transparent", "v4v6", "v6only", "defer-accept", "tfo",
        "accept-proxy", "quic-force-retry", "no-alpn", "backup",
        "check", "check-ssl", "check-send-proxy", "send-proxy", "send-proxy-v2",
        "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "disabled", "enabled", "non-stick",
        "agent-check", "no-check-ssl", "no-ssl", "no-send-proxy", "no-backup",
        "no-ssl-reuse", "no-tfo", "no-verifyhost", "ssl-reuse", "no-agent-check",
        "ktls", "no-ktls", "quic-cc-algo-none",
    }
)  # fmt: skip
PROTOCOL_WORDS = frozenset(
    {"ssl-min-ver", "ssl-max-ver"}
    | {f"no-{k}" for k in defaults.NAMES}
    | {f"force-{k}" for k in defaults.NAMES}
)


@dataclass(frozen=True)
class Span:
    """Where a keyword (with its argument) is written, and its text as written."""

    location: Location
    raw: str
    layer: str  # "bind", "global", "crt-list", "default-server", "server"


@dataclass
class SslOptions:
    minimum: str | None = None
    maximum: str | None = None
    disabled: frozenset[str] = frozenset()
    protocol_spans: tuple[Span, ...] = ()
    ciphers: tuple[str, Span] | None = None
    ciphersuites: tuple[str, Span] | None = None
    curves: tuple[tuple[str, ...], Span] | None = None
    prefer_client: Span | None = None
    no_tickets: Span | None = None
    verify: tuple[str, Span] | None = None
    ca_file: tuple[str, Span] | None = None
    crts: list[tuple[str, Span]] = field(default_factory=list)
    crt_lists: list[tuple[str, Span]] = field(default_factory=list)
    ssl: bool = False
    unknown_versions: tuple[tuple[str, Span], ...] = ()  # HAProxy refuses to start

    def copy(self) -> SslOptions:
        return replace(self, crts=list(self.crts), crt_lists=list(self.crt_lists))


def apply(
    options: SslOptions, words: list[Word], path: str, line: int, text: str, layer: str
) -> SslOptions:
    """``options`` with the keywords in ``words`` applied (the words follow the address or
    the directive name); ``text`` is the source line, for spans."""
    out = options.copy()
    before = len(out.protocol_spans)
    i = 0
    while i < len(words):
        word = words[i]
        key = word.text
        arg_word = words[i + 1] if key not in FLAGS and i + 1 < len(words) else None
        arg = arg_word.text if arg_word is not None else ""
        last = arg_word or word
        span = Span(
            Location(path, line, word.column, line, last.end),
            text[word.column - 1 : last.end - 1],
            layer,
        )
        i += 1 if key in FLAGS else 2
        _one(out, key, arg, span)
    mine = out.protocol_spans[before:]
    if len(mine) > 1:  # one span from the first protocol keyword to the last: fixed together
        start, stop = mine[0].location, mine[-1].location
        merged = Span(
            Location(path, line, start.column, line, stop.end_column),
            text[start.column - 1 : stop.end_column - 1],
            layer,
        )
        out.protocol_spans = (*out.protocol_spans[:before], merged)
    return out


def _one(out: SslOptions, key: str, arg: str, span: Span) -> None:
    if key in PROTOCOL_WORDS:
        out.protocol_spans = (*out.protocol_spans, span)
    if key == "ssl":
        out.ssl = True
    elif key == "ssl-min-ver":
        version = defaults.VERSION_WORDS.get(arg)
        out.minimum = version or out.minimum
        if version is None:
            out.unknown_versions = (*out.unknown_versions, (arg, span))
    elif key == "ssl-max-ver":
        version = defaults.VERSION_WORDS.get(arg)
        out.maximum = version or out.maximum
        if version is None:
            out.unknown_versions = (*out.unknown_versions, (arg, span))
    elif key.startswith("no-") and key[3:] in defaults.NAMES:
        out.disabled = out.disabled | {defaults.NAMES[key[3:]]}
    elif key.startswith("force-") and key[6:] in defaults.NAMES:
        version = defaults.NAMES[key[6:]]
        out.minimum = out.maximum = version
    elif key == "ciphers":
        out.ciphers = (arg, span)
    elif key == "ciphersuites":
        out.ciphersuites = (arg, span)
    elif key == "curves":
        out.curves = (tuple(p for p in arg.split(":") if p), span)
    elif key == "ecdhe":
        out.curves = ((arg,), span)
    elif key == "prefer-client-ciphers":
        out.prefer_client = span
    elif key == "no-tls-tickets":
        out.no_tickets = span
    elif key == "verify":
        out.verify = (arg.lower(), span)
    elif key == "ca-file":
        out.ca_file = (arg, span)
    elif key == "crt":
        out.crts.append((arg, span))
    elif key == "crt-list":
        out.crt_lists.append((arg, span))


def protocols(options: SslOptions, floor: str, tls13: bool) -> frozenset[str]:
    """The versions enabled: from the minimum (or ``floor``, the default) to the maximum,
    less the ones switched off, and TLS 1.3 only where the build has it."""
    low = defaults.ORDER.index(options.minimum or floor)
    top = defaults.ORDER.index(options.maximum) if options.maximum else len(defaults.ORDER) - 1
    enabled = {v for v in defaults.ORDER[low : top + 1] if v not in options.disabled}
    if not tls13:
        enabled.discard("TLSv1.3")
    return frozenset(enabled)
