"""The argument checks nginx itself makes on the TLS directives tlslint reads.

nginx refuses to start (``nginx -t`` fails) on ``ssl_protocols;`` or ``ssl_stapling yes;``;
such a file is a TLS000 finding with nginx's own wording, not a configuration to judge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.sources.nginx.parser import Directive, walk

FLAGS = frozenset(
    {
        "ssl_prefer_server_ciphers",
        "ssl_session_tickets",
        "ssl_stapling",
        "ssl_stapling_verify",
        "proxy_ssl_verify",
        "grpc_ssl_verify",
        "uwsgi_ssl_verify",
        "proxy_ssl_server_name",
    }
)
# directive -> (fewest, most) arguments; None: no upper bound.
ARITY: dict[str, tuple[int, int | None]] = {
    "ssl_protocols": (1, None),
    "ssl_ciphers": (1, 1),
    "ssl_certificate": (1, 1),
    "ssl_certificate_key": (1, 1),
    "ssl_trusted_certificate": (1, 1),
    "ssl_client_certificate": (1, 1),
    "ssl_dhparam": (1, 1),
    "ssl_ecdh_curve": (1, 1),
    "ssl_verify_client": (1, 1),
    "ssl_conf_command": (2, 2),
    "add_header": (2, 3),
    "listen": (1, None),
    **{flag: (1, 1) for flag in FLAGS},
}
PROTOCOLS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
# TLS-related directives and the nginx version that introduced them (nginx.org module
# reference, "This directive appeared in version …"): an older nginx refuses the file with
# 'unknown directive'.
INTRODUCED: dict[str, tuple[int, ...]] = {
    "http2": (1, 25, 1),
    "http3": (1, 25, 0),
    "http3_hq": (1, 25, 0),
    "quic_retry": (1, 25, 0),
    "quic_gso": (1, 25, 0),
    "quic_host_key": (1, 25, 0),
    "ssl_conf_command": (1, 19, 4),
    "proxy_ssl_conf_command": (1, 19, 4),
    "grpc_ssl_conf_command": (1, 19, 4),
    "uwsgi_ssl_conf_command": (1, 19, 4),
    "ssl_reject_handshake": (1, 19, 4),
    "ssl_ocsp": (1, 19, 0),
    "ssl_ocsp_responder": (1, 19, 0),
    "ssl_ocsp_cache": (1, 19, 0),
    "ssl_early_data": (1, 15, 3),
    "ssl_certificate_cache": (1, 27, 4),
    "ssl_key_log": (1, 27, 2),
    "ssl_object_cache_inheritable": (1, 27, 4),
}
# listen parameters and the version that introduced them (ngx_http_core_module, listen).
LISTEN_SINCE: dict[str, tuple[int, ...]] = {"quic": (1, 25, 0), "http2": (1, 9, 5)}
# A protocol nginx accepts in ssl_protocols only from a version on.
PROTOCOL_SINCE: dict[str, tuple[int, ...]] = {"TLSv1.3": (1, 13, 0)}


def _version(text: str | None) -> tuple[int, ...] | None:
    if not text:
        return None
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or None


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in version)


VERIFY_CLIENT = frozenset({"on", "off", "optional", "optional_no_ca"})


def problems(
    directives: list[Directive], nginx_version: str | None = None
) -> Iterator[tuple[Directive, str]]:
    """(directive, nginx's error message) for every TLS directive nginx would refuse.

    With ``nginx_version`` (the policy's target), directives that version does not know yet
    are refused as nginx refuses them.
    """
    target = _version(nginx_version)
    for d in walk(directives):
        since = INTRODUCED.get(d.name)
        if target is not None and since is not None and target < since:
            yield (
                d,
                f'unknown directive "{d.name}" (nginx {nginx_version} refuses it; it appeared '
                f"in {_dotted(since)})",
            )
            continue
        if target is not None and d.name == "listen":
            early = [a for a in d.args[1:] if a in LISTEN_SINCE and target < LISTEN_SINCE[a]]
            if early:
                yield (
                    d,
                    f'invalid parameter "{early[0]}" (nginx {nginx_version} refuses it; it '
                    f"appeared in {_dotted(LISTEN_SINCE[early[0]])})",
                )
                continue
        if target is not None and d.name == "ssl_protocols":
            early = [a for a in d.args if a in PROTOCOL_SINCE and target < PROTOCOL_SINCE[a]]
            if early:
                yield (
                    d,
                    f'invalid value "{early[0]}" in "ssl_protocols" directive (nginx '
                    f"{nginx_version} knows it from {_dotted(PROTOCOL_SINCE[early[0]])})",
                )
                continue
        bounds = ARITY.get(d.name)
        if bounds is None:
            continue
        fewest, most = bounds
        if len(d.args) < fewest or (most is not None and len(d.args) > most):
            yield d, f'invalid number of arguments in "{d.name}" directive'
            continue
        if d.name in FLAGS and d.args[0] not in ("on", "off"):
            yield (
                d,
                (f'invalid value "{d.args[0]}" in "{d.name}" directive, it must be "on" or "off"'),
            )
        elif d.name == "ssl_protocols":
            for arg in d.args:
                if arg not in PROTOCOLS:
                    yield d, f'invalid value "{arg}" in "ssl_protocols" directive'
                    break
        elif d.name == "ssl_verify_client" and d.args[0] not in VERIFY_CLIENT:
            yield d, f'invalid value "{d.args[0]}" in "ssl_verify_client" directive'
