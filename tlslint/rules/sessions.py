"""OCSP stapling and TLS session tickets."""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.model import CERTIFICATE_OCSP_BY_KEY, CERTIFICATES, Endpoint, Model, Severity
from tlslint.rules.base import Context, Derived, Issue, at, intent, origin_phrase, rule
from tlslint.tls import parse_version

LETS_ENCRYPT_PATHS = ("/letsencrypt/", "/etc/letsencrypt", "/acme.sh/", "/certbot/")


def _ocsp_by_key(model: Model) -> dict[str, bool]:
    """Whether each leaf certificate names an OCSP responder, by reference key."""
    return {c.key: bool(c.ocsp_urls) for c in model.objects_of(CERTIFICATES) if c.position == 0}


OCSP_BY_KEY = Derived("OCSP responders by key", _ocsp_by_key)


def responder_known(endpoint: Endpoint, ctx: Context) -> bool | None:
    """Whether the served certificate names an OCSP responder: True, False, or None (unknown).

    Certificates parsed from the repository answer exactly (the leaf's AIA OCSP URLs, from
    ``model.objects['certificates']`` by the reference's resolved key); Let's Encrypt paths
    answer False, since Let's Encrypt certificates carry no OCSP URL since 2025.
    """
    leaves = ctx.derived(OCSP_BY_KEY)
    # Certificates known only by reference key (``secret:ns/name``): the Kubernetes source
    # answers False for Secrets that a Let's Encrypt ACME issuer fills.
    by_key: dict[str, bool] = {}
    for table in ctx.model.objects_of(CERTIFICATE_OCSP_BY_KEY):
        by_key.update(table)
    answers: list[bool] = []
    for ref in endpoint.certificate_refs("certificate"):
        if ref.key and ref.key in leaves:
            answers.append(leaves[ref.key])
        elif ref.key and ref.key in by_key:
            answers.append(by_key[ref.key])
        elif any(marker in ref.reference for marker in LETS_ENCRYPT_PATHS):
            answers.append(False)
    if not answers:
        return None
    return any(answers)


@rule(
    "TLS301",
    "ocsp-stapling-off",
    Severity.INFO,
    "OCSP stapling is off where the policy asks for it",
    sources=("nginx", "kubernetes"),
    standard="Mozilla Server Side TLS 6.0 (ocsp_staple); RFC 6066 8",
    fix="none",
)
def OCSP_STAPLING_OFF(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    An HTTPS endpoint without OCSP stapling when the policy recommends it (`ocsp_staple`) and
    the served certificate names an OCSP responder, or cannot be told not to. Certificates
    without a responder URL — Let's Encrypt's since 2025 — are not flagged.

    Why it matters
    ---
    Without stapling, clients that check revocation ask the CA's responder themselves: slower
    handshakes, and the CA learns who visits the site.

    Severity
    ---
    Info: stapling improves privacy and latency but its absence weakens nothing an attacker
    can use (browsers do not hard-fail on OCSP), Mozilla's generator leaves it off by
    default, and Let's Encrypt certificates carry no OCSP responder since 2025.

    Example
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_certificate /etc/ssl/shop.crt;   # issued with an OCSP URL
    }
    ```

    Use instead
    ---
    ```nginx
    ssl_stapling on;
    ssl_stapling_verify on;
    ssl_trusted_certificate /etc/ssl/chain.pem;
    resolver 127.0.0.53;
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling
    - https://letsencrypt.org/2024/12/05/ending-ocsp/
    - https://www.rfc-editor.org/rfc/rfc6066#section-8
    - https://ssl-config.mozilla.org/
    """
    setting = endpoint.ocsp_stapling
    if not endpoint.tls or setting is None or setting.value or not ctx.policy.ocsp_staple:
        return
    if responder_known(endpoint, ctx) is False:
        return
    yield Issue(
        f"OCSP stapling is off{origin_phrase(setting)}",
        at(setting, endpoint),
        "Set `ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` and a "
        "`resolver`."
        if endpoint.source == "nginx"
        else "Enable OCSP stapling.",
    )


@rule(
    "TLS302",
    "ocsp-stapling-incomplete",
    Severity.INFO,
    "Stapling on without verification, a resolver, or a responder to ask",
    sources=("nginx", "kubernetes"),
    standard="RFC 6066 8; nginx ssl_stapling documentation",
    fix="none",
)
def OCSP_STAPLING_INCOMPLETE(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    `ssl_stapling on` without `ssl_stapling_verify on`, without a `resolver` (nginx cannot
    reach the responder and silently staples nothing), or on a certificate that names no OCSP
    responder (nginx ignores stapling for it).

    Why it matters
    ---
    Each gap makes stapling a no-op or staples unverified responses, while the configuration
    claims otherwise.

    Severity
    ---
    Info: a stapling configuration that staples nothing costs what TLS301 costs, nothing
    more.

    Example
    ---
    ```nginx
    ssl_stapling on;
    ```

    Use instead
    ---
    ```nginx
    ssl_stapling on;
    ssl_stapling_verify on;
    ssl_trusted_certificate /etc/ssl/chain.pem;
    resolver 127.0.0.53 valid=300s;
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling_verify
    - https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver
    - https://www.rfc-editor.org/rfc/rfc6066#section-8
    """
    setting = endpoint.ocsp_stapling
    if not endpoint.tls or setting is None or not setting.value:
        return
    missing: list[str] = []
    verify = endpoint.ocsp_stapling_verify
    if verify is not None and not verify.value:
        missing.append("ssl_stapling_verify is off")
    uses_network = not endpoint.ocsp_stapling_file
    # ssl_stapling_responder with an IP address: nginx connects to it without resolving
    needs_resolver = uses_network and not endpoint.ocsp_responder_ip
    if needs_resolver and endpoint.ocsp_resolver is not None and not endpoint.ocsp_resolver.value:
        missing.append("no resolver, so nginx cannot reach the OCSP responder")
    if uses_network and responder_known(endpoint, ctx) is False:
        missing.append("the certificate names no OCSP responder, so nginx staples nothing")
    if not missing:
        return
    yield Issue(
        "OCSP stapling is on but " + "; ".join(missing),
        at(setting, endpoint),
        "Add `ssl_stapling_verify on;`, `ssl_trusted_certificate` and a `resolver`, or turn "
        "stapling off for certificates without an OCSP URL."
        if endpoint.source == "nginx"
        else "Turn OCSP stapling off for certificates without an OCSP URL.",
        context=" ".join(sorted(missing)),
    )


@rule(
    "TLS311",
    "session-tickets-on",
    Severity.LOW,
    "Session tickets on a server version that never rotates the ticket key",
    standard="RFC 5077 5.5 / RFC 8446 2.2 (ticket keys and forward secrecy)",
    fix="safe",
)
def SESSION_TICKETS_ON(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    TLS session tickets enabled (nginx's default) on nginx 1.5.9 to 1.23.1 without
    `ssl_session_ticket_key` rotation. From 1.23.2 nginx rotates ticket keys itself, so newer
    versions are not flagged; set `nginx_version` in the config for this rule to judge.

    Why it matters
    ---
    The ticket key encrypts every resumed session's secrets; a key that lives as long as the
    worker processes (weeks) undoes forward secrecy for all of them.

    Severity
    ---
    Low: on the nginx versions concerned one ticket key lives for the process's life, so its
    theft decrypts every resumed session; it needs the key first, hence low.

    Example
    ---
    ```nginx
    # nginx 1.18, no ssl_session_tickets directive
    ```

    <!-- fixture: TLS311/nginx/fires -->

    Use instead
    ---
    ```nginx
    ssl_session_tickets off;
    ```

    <!-- fixture: TLS311/nginx/passes -->

    References
    ---
    - https://github.com/mozilla/server-side-tls/issues/135
    - https://nginx.org/en/CHANGES (1.23.2)
    - https://www.rfc-editor.org/rfc/rfc5077#section-5.5
    - https://www.rfc-editor.org/rfc/rfc8446#section-2.2
    """
    setting = endpoint.session_tickets
    if setting is None or not setting.value or endpoint.source != "nginx":
        return
    version = parse_version(endpoint.product_version)
    if version is None or not ((1, 5, 9) <= version < (1, 23, 2)):
        return
    key = endpoint.session_ticket_key
    if key is not None and key.value:
        return
    yield Issue(
        f"session tickets are on{origin_phrase(setting)} and nginx "
        f"{endpoint.product_version} never rotates the ticket key",
        at(setting, endpoint),
        "Set `ssl_session_tickets off;`, or upgrade to nginx 1.23.2 or later.",
        intent=intent("session_tickets", False, setting),
    )
