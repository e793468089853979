"""``tlslint generate nginx``: an HTTPS server for a profile, shaped as Mozilla's generator.

The output is a file for nginx's ``conf.d/`` (it belongs inside ``http{}``). Every TLS directive
sits in the ``server`` block, so the file does not depend on, or fight with, the ``ssl_*``
directives that distributions put in ``nginx.conf``. Version facts follow Mozilla's
ssl-config-generator (see reference/mozilla/GENERATOR-FACTS.md): TLS 1.3 needs nginx 1.13.0 and
OpenSSL 1.1.1; ``http2 on`` from nginx 1.25.1 (``listen … http2`` from 1.9.5); HTTP/3 from
1.25.0; ``ssl_session_tickets off`` only on 1.5.9 ≤ nginx < 1.23.2, which never rotate the
ticket key; X25519MLKEM768 only with OpenSSL 3.5 (and X25519 from 1.1.0, a list of curves from
nginx 1.11.0, where Mozilla's generator does not check); ``@SECLEVEL=0`` for the old profile on
OpenSSL 3; HSTS with ``always``; a 308 redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from tlslint.arguments import flag, internal, profile_flag
from tlslint.generators.common import (
    LETS_ENCRYPT_LIVE,
    GeneratorError,
    Version,
    certificate_paths,
    check_hsts,
    comment_block,
    dns_names,
    ip_address,
    parse_version,
    profile_policy,
    safe_path,
    show_version,
)
from tlslint.model import Hsts
from tlslint.sources.nginx import fixes as directives

DEFAULT_NGINX = "1.26.3"  # Debian 13 (trixie)
DEFAULT_OPENSSL = "3.5.1"
SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


@dataclass(frozen=True)
class Options:
    domains: tuple[str, ...] = flag(
        "a server name (repeat for more; the first names the certificate)", "--domain", "-d"
    )
    profile: str = profile_flag()
    nginx_version: str = flag(
        "target nginx version (default: the installed nginx, from `nginx -V`, else 1.26.3)",
        default=DEFAULT_NGINX,
    )
    openssl_version: str = flag(
        "target OpenSSL version (default: the installed nginx's, else 3.5.1)",
        default=DEFAULT_OPENSSL,
    )
    target: str = internal(
        "how the versions were chosen, said in the header (e.g. the nginx installed here)", ""
    )
    cert: str | None = flag("ssl_certificate (default: Let's Encrypt fullchain.pem)", default=None)
    key: str | None = flag("ssl_certificate_key (default: Let's Encrypt privkey.pem)", default=None)
    hsts_max_age: int | None = flag(
        "at least the profile's minimum (default: 63072000)", metavar="SECONDS", default=None
    )
    include_subdomains: bool = flag(
        "HSTS for these names only, not their subdomains", "--no-include-subdomains", default=True
    )
    preload: bool = flag("add HSTS preload (submit at hstspreload.org)", default=False)
    ocsp: bool = flag("OCSP stapling (needs --trusted-certificate)", default=False)
    trusted_certificate: str | None = flag("issuer chain for OCSP verification", default=None)
    resolver: str = flag("DNS resolver for OCSP (default 127.0.0.53)", default="127.0.0.53")
    redirect: bool = flag("no port-80 server redirecting to HTTPS", "--no-redirect", default=True)
    # None: whenever the nginx version has it
    http2: bool | None = flag("no HTTP/2", "--no-http2", default=None)
    http3: bool = flag("QUIC listener and Alt-Svc (nginx 1.25.0+)", default=False)
    client_ca: str | None = flag(
        "require client certificates issued by this CA (mTLS)", default=None
    )
    verify_depth: int = flag("client chain depth (default 2)", default=2)
    upstream: str | None = flag("reverse proxy to this http(s):// URL", default=None)
    upstream_ca: str | None = flag(
        "CA bundle that verifies an https upstream (default: the system bundle)", default=None
    )
    root: str | None = flag("serve static files from this directory", default=None)
    listen: tuple[str, ...] = flag(
        "listen on this IP address only (repeatable; default: all)", metavar="ADDRESS", default=()
    )
    https_port: int = flag("HTTPS port (default 443)", default=443)
    http_port: int = flag("plain HTTP port that redirects (default 80)", default=80)


@dataclass(frozen=True)
class _Plan:
    nginx: Version
    openssl: Version
    protocols: tuple[str, ...]
    curves: tuple[str, ...]
    ciphers: str | None
    http2: str | None  # "directive", "listen" or None
    tickets_off: bool
    notes: tuple[str, ...]


def generate(options: Options) -> str:
    policy = profile_policy(options.profile)
    plan = _plan(options)
    domains = dns_names(options.domains)
    if not domains:
        raise GeneratorError("give at least one --domain")
    cert, key = certificate_paths(options, domains[0])
    _check(options, plan, cert, policy.hsts_min_age)
    max_age = options.hsts_max_age if options.hsts_max_age is not None else policy.hsts_min_age

    out: list[str] = []
    features = ["HSTS"]
    if options.ocsp:
        features.append("OCSP stapling")
    if options.redirect:
        features.append("HTTP->HTTPS redirect")
    if options.client_ca:
        features.append("mutual TLS")
    header = [
        f"nginx TLS configuration generated by tlslint: {policy.profile} profile (Mozilla "
        f"Server Side TLS {policy.guideline_version}) for nginx {options.nginx_version.strip()} "
        f"with OpenSSL {options.openssl_version.strip()}; " + ", ".join(features) + ".",
        *([f"Target: {options.target}."] if options.target else []),
        "Put it in /etc/nginx/conf.d/ (it belongs inside http{}), then run `nginx -t`.",
        *plan.notes,
    ]
    out.append(comment_block(header))
    out.append("\nserver {\n")
    for address in _addresses(options.listen, options.https_port):
        params = " ssl http2" if plan.http2 == "listen" else " ssl"
        out.append(f"    listen {address}{params};\n")
    if options.http3:
        for address in _addresses(options.listen, options.https_port):
            out.append(f"    listen {address} quic reuseport;\n")
    out.append(f"    server_name {' '.join(domains)};\n")
    if plan.http2 == "directive":
        out.append("    http2 on;\n")
    if options.http3:
        out.append("    http3 on;\n")

    out.append("\n    # certificate and intermediates, then the private key\n")
    out.append(f"    ssl_certificate {cert};\n")
    out.append(f"    ssl_certificate_key {key};\n")

    out.append(f"\n    # {policy.profile} profile\n")
    out.append(f"    {directives.protocols(plan.protocols)}\n")
    out.append(f"    {directives.ecdh_curve(plan.curves)}\n")
    if plan.ciphers:
        out.append(f"    {directives.ciphers(plan.ciphers)}\n")
    prefer = directives.on_off("ssl_prefer_server_ciphers", policy.server_preferred_order)
    out.append(f"    {prefer}\n")

    out.append("\n")
    if plan.protocols[0] == "TLSv1.3":
        out.append("    # TLS 1.3 only: resumption needs no server-side cache\n")
        out.append("    #ssl_session_timeout 1d;\n")
        out.append("    #ssl_session_cache shared:MozSSL:10m;  # about 40000 sessions\n")
    else:
        out.append("    ssl_session_timeout 1d;\n")
        out.append("    ssl_session_cache shared:MozSSL:10m;  # about 40000 sessions\n")
    if plan.tickets_off:
        out.append(
            f"    ssl_session_tickets off;  # nginx {show_version(plan.nginx)} never rotates "
            "the ticket key\n"
        )

    if options.client_ca:
        out.append("\n    # mutual TLS: clients must present a certificate issued by this CA\n")
        out.append(f"    ssl_client_certificate {options.client_ca};\n")
        out.append("    ssl_verify_client on;\n")
        out.append(f"    ssl_verify_depth {options.verify_depth};\n")

    if options.ocsp:
        out.append(
            "\n    # OCSP stapling: the issuer chain, and a resolver to reach the responder\n"
        )
        out.append("    ssl_stapling on;\n")
        out.append("    ssl_stapling_verify on;\n")
        out.append(f"    ssl_trusted_certificate {options.trusted_certificate};\n")
        out.append(f"    resolver {options.resolver};\n")
    elif not cert.startswith(LETS_ENCRYPT_LIVE):
        out.append("\n    # OCSP stapling was not requested (--ocsp turns it on when the\n")
        out.append("    # certificate names an OCSP responder; Let's Encrypt's name none).\n")
        out.append(
            "    ssl_stapling off;  # tlslint: ignore[TLS301] stapling not requested when "
            "generated\n"
        )

    years = max_age / 31536000
    span = f"{years:g} years" if years >= 1 and years == int(years) else f"{max_age} seconds"
    out.append(f"\n    # HSTS ({span}); `always` sends it with error responses too\n")
    wanted = Hsts(max_age, options.include_subdomains, options.preload, True)
    out.append(f"    {directives.hsts_directive(wanted)}\n")
    if options.http3:
        out.append(f"    add_header Alt-Svc 'h3=\":{options.https_port}\"; ma=86400' always;\n")

    if options.root:
        out.append(f"\n    root {options.root};\n")
    if options.upstream:
        out.append(_proxy_location(options, plan))
    out.append("}\n")

    if options.redirect:
        out.append("\nserver {\n")
        for address in _addresses(options.listen, options.http_port):
            out.append(f"    listen {address};\n")
        out.append(f"    server_name {' '.join(domains)};\n")
        port = "" if options.https_port == 443 else f":{options.https_port}"
        out.append(f"    return 308 https://$host{port}$request_uri;\n")
        out.append("}\n")
    return "".join(out)


def _plan(options: Options) -> _Plan:
    policy = profile_policy(options.profile)
    nginx = parse_version(options.nginx_version, "--nginx-version")
    openssl = parse_version(options.openssl_version, "--openssl-version")
    notes: list[str] = []
    protocols = list(policy.tls_versions)
    tls13 = nginx >= (1, 13, 0) and openssl >= (1, 1, 1)
    if not tls13 and "TLSv1.3" in protocols:
        why = (
            f"nginx {show_version(nginx)}"
            if nginx < (1, 13, 0)
            else f"OpenSSL {show_version(openssl)}"
        )
        if protocols == ["TLSv1.3"]:
            raise GeneratorError(
                f"the {policy.profile} profile is TLS 1.3 only, which needs nginx 1.13.0 or later "
                f"with OpenSSL 1.1.1 or later; {why} has no TLS 1.3 (use --profile intermediate, "
                "or target a newer version)"
            )
        protocols.remove("TLSv1.3")
        notes.append(
            f"Without TLS 1.3 ({why} lacks it): the {policy.profile} profile asks for it, so "
            "`tlslint check` reports TLS103 until you upgrade."
        )
    curves = [
        c
        for c in policy.tls_curves
        if (c != "X25519MLKEM768" or openssl >= (3, 5, 0)) and (c != "X25519" or openssl >= (1, 1))
    ]
    if nginx < (1, 11, 0):  # one curve only before nginx 1.11.0
        curves = ["prime256v1"]
    ciphers = None
    if policy.ciphers and protocols != ["TLSv1.3"]:
        names = list(policy.ciphers)
        if openssl >= (3, 0, 0) and any(p in protocols for p in ("TLSv1", "TLSv1.1")):
            # OpenSSL 3 refuses TLS 1.0/1.1 and SHA-1 signatures at its default level 1.
            names.insert(0, "@SECLEVEL=0")
        ciphers = ":".join(names)
    if options.http2 is False:
        http2 = None
    elif nginx >= (1, 25, 1):
        http2 = "directive"
    elif nginx >= (1, 9, 5):
        http2 = "listen"
    elif options.http2:
        raise GeneratorError(f"HTTP/2 needs nginx 1.9.5 or later (got {show_version(nginx)})")
    else:
        http2 = None
    tickets_off = (1, 5, 9) <= nginx < (1, 23, 2) and openssl >= (1, 0, 2)
    return _Plan(
        nginx, openssl, tuple(protocols), tuple(curves), ciphers, http2, tickets_off, tuple(notes)
    )


def _check(options: Options, plan: _Plan, cert: str, minimum: int) -> None:
    check_hsts(options, minimum)
    if options.ocsp:
        if cert.startswith(LETS_ENCRYPT_LIVE) or "/letsencrypt/" in cert:
            raise GeneratorError(
                "--ocsp with a Let's Encrypt certificate: they name no OCSP responder since 2025, "
                "so nginx would staple nothing"
            )
        if not options.trusted_certificate:
            raise GeneratorError(
                "--ocsp needs --trusted-certificate (the issuer chain that verifies responses)"
            )
        safe_path(options.trusted_certificate, "--trusted-certificate")
        if not options.resolver or any(ch in options.resolver for ch in ";{}\"'"):
            raise GeneratorError(f"--resolver {options.resolver!r} is not an address list")
    elif options.trusted_certificate:
        raise GeneratorError("--trusted-certificate is only used with --ocsp")
    if options.http3:
        if plan.nginx < (1, 25, 0):
            raise GeneratorError(
                f"HTTP/3 needs nginx 1.25.0 or later (got {show_version(plan.nginx)})"
            )
        if "TLSv1.3" not in plan.protocols:
            raise GeneratorError("HTTP/3 (QUIC) needs TLS 1.3")
    if options.client_ca is not None:
        safe_path(options.client_ca, "--client-ca")
        if not 1 <= options.verify_depth <= 10:
            raise GeneratorError(f"--verify-depth {options.verify_depth} is not between 1 and 10")
    if options.upstream is not None:
        parts = urlsplit(options.upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise GeneratorError(
                f"--upstream {options.upstream!r} is not an http:// or https:// URL"
            )
        safe_path(options.upstream, "--upstream")
        if parts.scheme == "http" and options.upstream_ca:
            raise GeneratorError("--upstream-ca is only used with an https:// upstream")
    if options.upstream_ca is not None:
        safe_path(options.upstream_ca, "--upstream-ca")
    if options.root is not None:
        safe_path(options.root, "--root")
    for port, name in ((options.https_port, "--https-port"), (options.http_port, "--http-port")):
        if not 1 <= port <= 65535:
            raise GeneratorError(f"{name} {port} is not a port number")
    if options.redirect and options.https_port == options.http_port:
        raise GeneratorError("--https-port and --http-port must differ")
    for address in options.listen:
        if ip_address(address) is None:
            raise GeneratorError(f"--listen {address!r} is not an IP address")


def _addresses(listen: tuple[str, ...], port: int) -> list[str]:
    if not listen:
        return [str(port), f"[::]:{port}"]
    out = []
    for text in listen:
        address = ip_address(text)
        bracketed = address is not None and address.version == 6
        out.append(f"[{address}]:{port}" if bracketed else f"{address}:{port}")
    return out


def _proxy_location(options: Options, plan: _Plan) -> str:
    upstream = options.upstream or ""
    lines = ["", "    location / {", f"        proxy_pass {upstream};"]
    if urlsplit(upstream).scheme == "https":
        upstream_protocols = " ".join(p for p in plan.protocols if p in ("TLSv1.2", "TLSv1.3"))
        lines += [
            "        # verify the upstream's certificate and name, as a browser would",
            "        proxy_ssl_verify on;",
            f"        proxy_ssl_trusted_certificate {options.upstream_ca or SYSTEM_CA_BUNDLE};",
            "        proxy_ssl_verify_depth 2;",
            "        proxy_ssl_server_name on;",
            f"        proxy_ssl_protocols {upstream_protocols};",
        ]
    lines += [
        "        proxy_set_header Host $host;",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "    }",
    ]
    return "\n".join(lines) + "\n"
