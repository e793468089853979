"""``tlslint generate haproxy``: an HAProxy TLS front end for a profile, shaped as Mozilla's
ssl-config-generator writes it (``src/js/helpers/haproxy.js``).

The same facts as Mozilla's generator: TLS needs HAProxy 1.5.0; ``global`` carries
``ssl-default-bind-*`` and ``ssl-default-server-*`` (curves, the cipher list when the profile
has one, ``ciphersuites`` from HAProxy 1.9 with OpenSSL 1.1.1, options); the options are
``prefer-client-ciphers`` (bind lines, HAProxy 1.8+, when the profile does not want the server's
order), ``ssl-min-ver`` from HAProxy 2.2 (``no-sslv3``/``no-tlsv1x`` before), and
``no-tls-tickets``; ``alpn h2,http/1.1`` from 1.8; a 308 redirect of plain HTTP and
``Strict-Transport-Security max-age=63072000`` (Mozilla writes no ``includeSubDomains`` for
HAProxy; ``--include-subdomains`` adds it). TLS 1.3 needs HAProxy 1.8 with OpenSSL 1.1.1;
X25519MLKEM768 needs OpenSSL 3.5 and X25519 1.1.0; ``@SECLEVEL=0`` opens the old profile's
list on OpenSSL 3. ``ssl-default-server-curves`` is written from HAProxy 3.2 only (Debian's
2.6 refuses it, where Mozilla writes it for every version). Beyond Mozilla's
snippet, the output is a whole file ``haproxy -c`` accepts: a ``defaults``
section with timeouts and a backend.
"""

from __future__ import annotations

from dataclasses import dataclass

from tlslint.arguments import flag, internal, profile_flag
from tlslint.generators.common import (
    GeneratorError,
    comment_block,
    ip_address,
    parse_version,
    profile_policy,
    safe_path,
    show_version,
)

DEFAULT_HAPROXY = "2.6.12"  # Debian 12 (bookworm)
DEFAULT_OPENSSL = "3.0.15"


@dataclass(frozen=True)
class Options:
    profile: str = profile_flag()
    haproxy_version: str = flag(
        "target HAProxy version (default: the installed haproxy, from `haproxy -vv`, "
        f"else {DEFAULT_HAPROXY})",
        default=DEFAULT_HAPROXY,
    )
    openssl_version: str = flag(
        f"target OpenSSL (default: the installed haproxy's, else {DEFAULT_OPENSSL})",
        default=DEFAULT_OPENSSL,
    )
    target: str = internal(
        "how the versions were chosen, said in the header (e.g. the HAProxy installed here)", ""
    )
    cert: str = flag(
        "crt file: certificate, intermediates and private key",
        default="/etc/haproxy/certs/site.pem",
    )
    hsts: bool = flag(
        "no Strict-Transport-Security header and no redirect", "--no-hsts", default=True
    )
    hsts_max_age: int | None = flag("HSTS max-age (default: the profile's)", default=None)
    include_subdomains: bool = flag(
        "add includeSubDomains to HSTS (Mozilla leaves it out for HAProxy)", default=False
    )
    backend: str = flag(
        "HOST:PORT of the backend server (default 127.0.0.1:8080)", default="127.0.0.1:8080"
    )
    backend_ssl: bool = flag("TLS to the backend, verified", default=False)
    backend_ca: str | None = flag("CA file that verifies the backend", default=None)
    listen: str = flag("IP address to bind (default: all)", default="")
    https_port: int = flag("HTTPS port (default 443)", default=443)
    http_port: int = flag("plain HTTP port that redirects (default 80)", default=80)


def generate(options: Options) -> str:
    policy = profile_policy(options.profile)
    haproxy = parse_version(options.haproxy_version, "--haproxy-version")
    openssl = parse_version(options.openssl_version, "--openssl-version")
    if haproxy < (1, 5, 0):
        raise GeneratorError(f"HAProxy {show_version(haproxy)} has no TLS (1.5.0 or later)")
    cert = safe_path(options.cert, "--cert")
    max_age = options.hsts_max_age if options.hsts_max_age is not None else policy.hsts_min_age
    if max_age < policy.hsts_min_age:
        raise GeneratorError(
            f"--hsts-max-age {max_age} is below the {policy.profile} profile's minimum of "
            f"{policy.hsts_min_age} seconds"
        )
    for port, name in ((options.https_port, "--https-port"), (options.http_port, "--http-port")):
        if not 1 <= port <= 65535:
            raise GeneratorError(f"{name} {port} is not a port number")
    if options.https_port == options.http_port:
        raise GeneratorError("--https-port and --http-port must differ")
    if options.listen and ip_address(options.listen) is None:
        raise GeneratorError(f"--listen {options.listen!r} is not an IP address")
    host, _, backend_port = options.backend.rpartition(":")
    if not host or not backend_port.isdigit() or any(ch in options.backend for ch in " \t#\"'\\"):
        raise GeneratorError(f"--backend {options.backend!r} is not HOST:PORT")
    if options.backend_ca is not None:
        safe_path(options.backend_ca, "--backend-ca")
        if not options.backend_ssl:
            raise GeneratorError("--backend-ca is only used with --backend-ssl")

    tls13 = haproxy >= (1, 8) and openssl >= (1, 1, 1)
    protocols = list(policy.tls_versions)
    notes: list[str] = []
    if not tls13 and "TLSv1.3" in protocols:
        if protocols == ["TLSv1.3"]:
            raise GeneratorError(
                f"the {policy.profile} profile is TLS 1.3 only, which needs HAProxy 1.8 or later "
                "with OpenSSL 1.1.1 or later (use --profile intermediate, or target a newer "
                "version)"
            )
        protocols.remove("TLSv1.3")
        notes.append(
            f"Without TLS 1.3: the {policy.profile} profile asks for it, so `tlslint check` "
            "reports TLS103 until you upgrade."
        )
    if haproxy < (1, 8) and not policy.server_preferred_order:
        notes.append(
            f"HAProxy {show_version(haproxy)} has no prefer-client-ciphers (1.8+): the server's "
            f"cipher order applies, so `tlslint check` reports TLS114 until you upgrade."
        )
    curves = [
        c
        for c in policy.tls_curves
        if (c != "X25519MLKEM768" or openssl >= (3, 5, 0)) and (c != "X25519" or openssl >= (1, 1))
    ]
    ciphers = list(policy.ciphers)
    if ciphers and openssl >= (3, 0, 0) and any(p in protocols for p in ("TLSv1", "TLSv1.1")):
        ciphers.insert(0, "@SECLEVEL=0")

    def defaults_for(tag: str) -> list[str]:
        out = []
        if tag == "bind" or haproxy >= (3, 2):  # haproxy -c 2.6 refuses ssl-default-server-curves
            out.append(f"    ssl-default-{tag}-curves {':'.join(curves)}")
        if ciphers:
            out.append(f"    ssl-default-{tag}-ciphers {':'.join(ciphers)}")
        if haproxy >= (1, 9) and openssl >= (1, 1, 1):
            out.append(f"    ssl-default-{tag}-ciphersuites {':'.join(policy.ciphersuites)}")
        opts = []
        if haproxy >= (1, 8) and not policy.server_preferred_order and tag == "bind":
            opts.append("prefer-client-ciphers")
        if haproxy >= (2, 2):
            first = protocols[0]
            opts.append(f"ssl-min-ver {'TLSv1.0' if first == 'TLSv1' else first}")
        else:
            for version, word in (
                ("SSLv3", "no-sslv3"),
                ("TLSv1", "no-tlsv10"),
                ("TLSv1.1", "no-tlsv11"),
                ("TLSv1.2", "no-tlsv12"),
            ):
                if version not in protocols:
                    opts.append(word)
        opts.append("no-tls-tickets")
        out.append(f"    ssl-default-{tag}-options {' '.join(opts)}")
        return out

    features = ["HSTS, HTTP->HTTPS redirect"] if options.hsts else []
    header = [
        f"HAProxy TLS configuration generated by tlslint: {policy.profile} profile (Mozilla "
        f"Server Side TLS {policy.guideline_version}) for HAProxy {show_version(haproxy)} with "
        f"OpenSSL {show_version(openssl)}" + (f"; {', '.join(features)}." if features else "."),
        *([f"Target: {options.target}."] if options.target else []),
        "Check it with `haproxy -c -f haproxy.cfg`. The crt file holds the certificate, its "
        "intermediates and the private key.",
        *notes,
    ]
    lines = [comment_block(header).rstrip("\n"), "global"]
    lines.append(f"    # {policy.profile} configuration")
    lines += defaults_for("bind")
    lines.append("")
    lines += defaults_for("server")
    lines += [
        "",
        "defaults",
        "    mode    http",
        "    timeout connect 5s",
        "    timeout client  30s",
        "    timeout server  30s",
        "",
        "frontend ft_test",
        "    mode    http",
    ]
    alpn = " alpn h2,http/1.1" if haproxy >= (1, 8) else ""
    address = options.listen
    if ":" in address:
        address = f"ipv6@{address}"
    lines.append(f"    bind    {address}:{options.https_port} ssl crt {cert}{alpn}")
    lines.append(f"    bind    {address}:{options.http_port}")
    if options.hsts:
        value = f"max-age={max_age}" + ("; includeSubDomains" if options.include_subdomains else "")
        quoted = f'"{value}"' if " " in value else value
        lines += [
            "    redirect scheme https code 308 if !{ ssl_fc }",
            "",
            f"    # HSTS ({max_age} seconds)",
            f"    http-response set-header Strict-Transport-Security {quoted}",
        ]
    lines += ["    default_backend app", "", "backend app"]
    server = f"    server  app1 {options.backend}"
    if options.backend_ssl:
        ca = options.backend_ca or "/etc/ssl/certs/ca-certificates.crt"
        server += f" ssl verify required ca-file {ca}"
    lines.append(server)
    return "\n".join(lines) + "\n"
