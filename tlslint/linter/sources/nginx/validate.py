"""The argument checks nginx itself makes on the TLS directives tlslint reads.

nginx refuses to start (``nginx -t`` fails) on ``ssl_protocols;`` or ``ssl_stapling yes;``;
such a file is a TLS000 finding with nginx's own wording, not a configuration to judge.
"""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.linter.sources.nginx.parser import Directive, walk

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
VERIFY_CLIENT = frozenset({"on", "off", "optional", "optional_no_ca"})


def problems(directives: list[Directive]) -> Iterator[tuple[Directive, str]]:
    """(directive, nginx's error message) for every TLS directive nginx would refuse."""
    for d in walk(directives):
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
