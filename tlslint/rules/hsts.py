"""HTTP hardening: Strict-Transport-Security and plain-HTTP redirects."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from tlslint.model import MODEL, Endpoint, FixIntent, Hsts, Location, Model, Severity
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, at, intent, rule

CATCH_ALL = frozenset({"_", "", "*", "default_server"})


@rule(
    "TLS201",
    "hsts-missing",
    Severity.MEDIUM,
    "An HTTPS endpoint sends no HSTS header",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 6797; OWASP ASVS 4.0 14.4.5; Mozilla web security guidelines",
    fix="unsafe",
)
def HSTS_MISSING(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    An HTTPS endpoint whose responses carry no `Strict-Transport-Security` header, including
    an nginx server that loses the `http{}` header because it sets an `add_header` of its own
    (nginx inherits `add_header` all-or-nothing).

    Why it matters
    ---
    Without HSTS, the first request of every visit can be sent over plain HTTP and rewritten by
    anyone on the path (SSL stripping); browsers only refuse plain HTTP for sites that told
    them to.

    Severity
    ---
    Medium: without HSTS a network attacker can strip HTTPS on a user's first plain request
    (RFC 6797 section 2.3); OWASP ASVS 14.4.5 requires the header.

    Example
    ---
    ```nginx
    http {
        add_header Strict-Transport-Security "max-age=63072000" always;
        server {
            listen 443 ssl;
            add_header X-Frame-Options DENY;   # drops the HSTS header above
        }
    }
    ```

    Use instead
    ---
    ```nginx
    server {
        listen 443 ssl;
        add_header X-Frame-Options DENY;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    }
    ```

    `tlslint fix --unsafe-fixes` adds this header. The fix is unsafe: `includeSubDomains`
    reaches every subdomain, and browsers remember the header for the whole max-age.

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc6797
    - https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
    - https://owasp.org/www-project-application-security-verification-standard/
    """
    setting = endpoint.hsts
    undecided = endpoint.undecided.get("hsts")
    if endpoint.tls and setting is None and undecided:
        yield Issue(undecided, endpoint.location, severity=Severity.INFO, context="undecided")
    if not endpoint.tls or setting is None or setting.value is not None:
        return
    detail = f": {setting.note}" if setting.note and "replaces" in setting.note else ""
    yield Issue(
        f"no Strict-Transport-Security header{detail}",
        at(setting, endpoint),
        remedies.hsts(endpoint, ctx),
        # Added to the server itself: an http{}-level header would be dropped again.
        intent=FixIntent("hsts", Hsts(ctx.policy.hsts_min_age, True, False, True)),
    )


@rule(
    "TLS202",
    "hsts-too-short",
    Severity.LOW,
    "HSTS max-age below the policy minimum",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 6797 11.2; Mozilla 6.0 hsts_min_age (two years)",
    fix="safe",
)
def HSTS_TOO_SHORT(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A `Strict-Transport-Security` header whose `max-age` is below the policy's `hsts_min_age`
    (Mozilla: 63072000 seconds, two years), or missing; `max-age=0` switches HSTS off.

    Why it matters
    ---
    Browsers forget the HSTS promise after max-age seconds; a short value leaves returning
    visitors exposed to SSL stripping, and the HSTS preload list requires at least one year.

    Severity
    ---
    Low: the header protects, but expires sooner than the policy's minimum (Mozilla:
    63072000 seconds), leaving gaps between visits.

    Example
    ---
    ```nginx
    add_header Strict-Transport-Security "max-age=3600" always;
    ```

    Use instead
    ---
    ```nginx
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    ```

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc6797#section-6.1.1
    - https://hstspreload.org/
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    """
    setting = endpoint.hsts
    if setting is None or setting.value is None:
        return
    max_age = setting.value.max_age
    minimum = ctx.policy.hsts_min_age
    if max_age is None:
        if "$" in setting.raw:
            return  # built from a variable: cannot tell
        message = "Strict-Transport-Security has no max-age, so browsers ignore it"
    elif max_age < minimum:
        message = f"HSTS max-age is {max_age} seconds; the policy asks for at least {minimum}"
    else:
        return
    wanted = Hsts(minimum, setting.value.include_subdomains, setting.value.preload, True)
    yield Issue(
        message,
        at(setting, endpoint),
        remedies.hsts(endpoint, ctx),
        intent=intent("hsts", wanted, setting),
    )


@rule(
    "TLS203",
    "hsts-not-always",
    Severity.LOW,
    "nginx add_header for HSTS without 'always'",
    standard="RFC 6797 8.1; nginx add_header semantics",
    fix="safe",
)
def HSTS_NOT_ALWAYS(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    An nginx `add_header Strict-Transport-Security …` without the `always` parameter.

    Why it matters
    ---
    Without `always`, nginx adds the header only to 200, 201, 204, 206, 301, 302, 303, 304, 307
    and 308 responses; error pages (404, 500, …) go out without HSTS, and a first visit that
    lands on one is not protected.

    Severity
    ---
    Low: successful responses carry the header, so browsers still learn the policy; error
    responses without it only delay that.

    Example
    ---
    ```nginx
    add_header Strict-Transport-Security "max-age=63072000";
    ```

    Use instead
    ---
    ```nginx
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
    - https://www.rfc-editor.org/rfc/rfc6797#section-8.1
    """
    setting = endpoint.hsts
    if setting is None or setting.value is None or setting.value.always is not False:
        return
    value = setting.value
    max_age = value.max_age if value.max_age is not None else ctx.policy.hsts_min_age
    wanted = Hsts(max_age, value.include_subdomains, value.preload, True)
    yield Issue(
        "Strict-Transport-Security is added without 'always', so error responses carry no HSTS",
        at(setting, endpoint),
        remedies.hsts(endpoint, ctx),
        intent=intent("hsts", wanted, setting),
    )


@rule(
    "TLS204",
    "hsts-shadowed",
    Severity.MEDIUM,
    "A nested add_header discards the server's HSTS header",
    standard="RFC 6797; nginx add_header inheritance",
    fix="safe",
)
def HSTS_SHADOWED(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A `location` (or `if`) inside an HTTPS server that has `add_header` directives of its own
    but no `Strict-Transport-Security`, while the server sends HSTS.

    Why it matters
    ---
    nginx inherits `add_header` only when a level defines none: one `add_header
    Cache-Control …` in `location /static/` silently removes HSTS (and every other security
    header) from everything that location serves.

    Severity
    ---
    Medium: the locations concerned send no HSTS at all, which is TLS201 for those paths.

    Example
    ---
    ```nginx
    add_header Strict-Transport-Security "max-age=63072000" always;
    location /static/ {
        add_header Cache-Control "public";
    }
    ```

    Use instead
    ---
    ```nginx
    location /static/ {
        add_header Cache-Control "public";
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    }
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
    - https://github.com/yandex/gixy/blob/master/docs/en/plugins/addheaderredefinition.md
    - https://www.rfc-editor.org/rfc/rfc6797
    """
    if not endpoint.tls:
        return
    for gap in endpoint.hsts_gaps:
        yield Issue(
            f"'{gap.scope}' sets its own add_header, which drops the server's "
            "Strict-Transport-Security header for everything it serves",
            gap.location,
            "Repeat the Strict-Transport-Security add_header in this block, or move the "
            "shared headers into an include used at every level.",
            intent=_gap_intent(endpoint, ctx, gap.location),
            context=gap.scope,
        )


def _gap_intent(endpoint: Endpoint, ctx: Context, where: Location) -> FixIntent | None:
    """Repeat the server's header in the nested block, brought up to the policy."""
    setting = endpoint.hsts
    if setting is None or setting.value is None:
        return None
    value = setting.value
    max_age = max(value.max_age or 0, ctx.policy.hsts_min_age)
    return FixIntent(
        "hsts_gap", Hsts(max_age, value.include_subdomains, value.preload, True), where
    )


def host_matches(pattern: str, host: str) -> bool:
    if pattern in CATCH_ALL:
        return True
    if pattern.startswith("~"):
        return False
    if pattern.startswith("."):
        return host == pattern[1:] or host.endswith(pattern)
    return fnmatch.fnmatchcase(host.lower(), pattern.lower())


@rule(
    "TLS205",
    "http-not-redirected",
    Severity.MEDIUM,
    "Plain HTTP served for a name that also has HTTPS, without a redirect",
    subject=MODEL,
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 6797 7.2; Mozilla web security guidelines (redirections)",
    fix="unsafe",
)
def HTTP_NOT_REDIRECTED(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A plain-HTTP endpoint that serves content (no redirect to `https://`, no refusal such as
    `return 444`) for a host name that an HTTPS endpoint in the repository also serves.

    Why it matters
    ---
    Users and links that start on `http://` stay there: cookies, credentials and content
    travel in clear text, and HSTS can never be learnt because it is only honoured over HTTPS.

    Severity
    ---
    Medium: content served over plain HTTP for a name that has HTTPS can be read and altered
    in transit; RFC 6797 section 7.2 expects a redirect.

    Example
    ---
    ```nginx
    server {
        listen 80;
        server_name shop.example.com;
        root /srv/shop;
    }
    ```

    <!-- fixture: TLS205/nginx/fires -->

    Use instead
    ---
    ```nginx
    server {
        listen 80;
        server_name shop.example.com;
        return 308 https://$host$request_uri;
    }
    ```

    `tlslint fix --unsafe-fixes` adds the redirect. The fix is unsafe: in nginx, a server-level
    `return` answers before every `location` of the server, an ACME HTTP-01 challenge too.

    <!-- fixture: TLS205/nginx/passes -->

    References
    ---
    - https://ssl-config.mozilla.org/
    - https://www.rfc-editor.org/rfc/rfc6797#section-7.2
    """
    secure_hosts: dict[str, set[str]] = {}
    for e in model.endpoints:
        if e.tls:
            secure_hosts.setdefault(e.source, set()).update(
                h.lower() for h in e.hosts if h not in CATCH_ALL and not h.startswith("~")
            )
    for plain in model.endpoints:
        if plain.tls or plain.redirects_to_https is None or plain.redirects_to_https.value:
            continue
        hosts = secure_hosts.get(plain.source, set())
        patterns = plain.hosts or ("_",)
        shared_set: set[str] = set()
        for p in patterns:
            if p in CATCH_ALL:
                shared_set = set(hosts)
                break
            if any(ch in p for ch in "*?[~") or p.startswith("."):
                shared_set.update(h for h in hosts if host_matches(p, h))
            elif p.lower() in hosts:
                shared_set.add(p.lower())
        shared = sorted(shared_set)
        if not shared:
            continue
        yield Issue(
            f"plain HTTP is served for {', '.join(shared[:3])}"
            f"{' and more' if len(shared) > 3 else ''}, which also has HTTPS, without a "
            "redirect",
            plain.location,
            ctx.remedy(FixIntent("redirect", True), plain) or "Redirect plain HTTP to HTTPS.",
            intent=FixIntent("redirect", True),
            endpoint=plain.name,
            subject=plain,
            context=" ".join(shared),
        )
