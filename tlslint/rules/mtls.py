"""Mutual TLS and upstream verification."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from tlslint.model import Endpoint, Origin, Severity
from tlslint.rules.base import Context, Issue, at, intent, origin_phrase, rule


def mtls_required(endpoint: Endpoint, ctx: Context) -> bool:
    req = ctx.policy.mtls
    if not req.active:
        return False
    if any(fnmatch.fnmatchcase(endpoint.location.path, p) for p in req.paths):
        return True
    return any(fnmatch.fnmatchcase(h.lower(), p.lower()) for h in endpoint.hosts for p in req.hosts)


@rule(
    "TLS701",
    "client-auth-not-enforced",
    Severity.HIGH,
    "Client certificates not required where the policy requires mTLS",
    sources=("nginx", "kubernetes"),
    standard="RFC 8446 4.3.2 / RFC 5246 7.4.4 (client authentication); "
    "the organisation's mTLS policy",
    fix="safe",
)
def CLIENT_AUTH_NOT_ENFORCED(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Endpoints that the policy's `mtls_required` (file globs or host globs) names, whose client
    certificate verification is off, `optional` or `optional_no_ca`.

    Why it matters
    ---
    Internal APIs and admin surfaces that rely on mutual TLS are open to anyone who can reach
    them when verification is optional: `optional` lets clients without a certificate through.

    Severity
    ---
    High: where the policy requires mutual TLS, unauthenticated clients reach the service.

    Example
    ---
    ```nginx
    ssl_client_certificate /etc/nginx/clients-ca.pem;
    ssl_verify_client optional;
    ```

    <!-- fixture: TLS701/nginx/fires -->

    Use instead
    ---
    ```nginx
    ssl_client_certificate /etc/nginx/clients-ca.pem;
    ssl_verify_client on;
    ```

    <!-- fixture: TLS701/nginx/passes -->

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_verify_client
    - https://www.rfc-editor.org/rfc/rfc8446#section-4.3.2
    """
    setting = endpoint.client_verify
    if not endpoint.tls or setting is None or setting.value == "on":
        return
    if not mtls_required(endpoint, ctx):
        return
    yield Issue(
        f"client certificate verification is '{setting.value}'{origin_phrase(setting)}; the "
        "policy requires mutual TLS here",
        at(setting, endpoint),
        "Set `ssl_verify_client on;` with `ssl_client_certificate` naming the client CA."
        if endpoint.source == "nginx"
        else "Require and verify client certificates.",
        # Only safe when a client CA is configured; otherwise a person must choose one.
        intent=intent("client_verify", "on", setting)
        if any(endpoint.certificate_refs("client-ca"))
        else None,
    )


@rule(
    "TLS703",
    "upstream-tls-unverified",
    Severity.MEDIUM,
    "Proxying to an https upstream without verifying its certificate",
    sources=("nginx", "kubernetes", "haproxy"),
    standard="RFC 9110 4.3.4; RFC 6125; OWASP ASVS 9.2.1",
    fix="none",
)
def UPSTREAM_TLS_UNVERIFIED(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    `proxy_pass https://…` (and `grpc_pass grpcs://`, `uwsgi_pass suwsgi://`) where the
    upstream's certificate is not verified: `proxy_ssl_verify` is off, nginx's default.

    Why it matters
    ---
    An unverified TLS connection encrypts traffic to whoever answers: anyone who can redirect
    the upstream's address (DNS, ARP, a compromised pod) reads and alters it.

    Severity
    ---
    Medium: an unverified upstream can be impersonated by anyone on the path between proxy
    and backend; usually an internal network, hence below client-facing rules.

    Example
    ---
    ```nginx
    location /api/ {
        proxy_pass https://payments.internal;
    }
    ```

    Use instead
    ---
    ```nginx
    location /api/ {
        proxy_pass https://payments.internal;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate /etc/nginx/internal-ca.pem;
        proxy_ssl_server_name on;
    }
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_verify
    - https://docs.nginx.com/nginx/admin-guide/security-controls/securing-http-traffic-upstream/
    - https://www.rfc-editor.org/rfc/rfc9110#section-4.3.4
    - https://owasp.org/www-project-application-security-verification-standard/
    """
    for upstream in endpoint.upstreams:
        if upstream.verify.value:
            continue
        where = (
            upstream.location
            if upstream.verify.origin is Origin.DEFAULT
            else at(upstream.verify, endpoint)
        )
        yield Issue(
            f"TLS to {upstream.target} is not verified{origin_phrase(upstream.verify)}",
            where,
            "Set `proxy_ssl_verify on;` and `proxy_ssl_trusted_certificate` to the upstream's CA."
            if endpoint.source == "nginx"
            else "Verify the upstream's certificate against its CA.",
            context=upstream.target,
        )
