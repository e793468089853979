"""Protocol versions: deprecated ones, unpinned defaults, and the profile's allowed set."""

from __future__ import annotations

from collections.abc import Iterator

from tlslint.model import Endpoint, Origin, Severity
from tlslint.model.policy import DEPRECATED_PROTOCOLS, protocol_rank
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, at, intent, origin_phrase, rule


def _names(protocols: set[str] | frozenset[str]) -> str:
    ordered = sorted(protocols, key=protocol_rank)
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]


@rule(
    "TLS101",
    "deprecated-protocol",
    Severity.HIGH,
    "SSLv2, SSLv3, TLS 1.0 or TLS 1.1 is enabled",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 8996, RFC 7568, RFC 6176; PCI DSS 4.0 4.2.1",
    fix="safe",
)
def DEPRECATED_PROTOCOL(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    An endpoint that accepts SSLv2, SSLv3, TLS 1.0 or TLS 1.1 and whose policy does not allow
    it — whether written (`ssl_protocols TLSv1 TLSv1.2;`), inherited from `http{}`, or left to
    the product default (nginx before 1.27.3 enables TLS 1.0 and 1.1 when `ssl_protocols` is
    absent). SSL versions are critical.

    Why it matters
    ---
    RFC 8996 deprecates TLS 1.0 and 1.1; SSLv3 falls to POODLE and SSLv2 to DROWN. PCI DSS
    forbids them, and every current browser refuses them, so they only serve attackers who
    force a downgrade.

    Severity
    ---
    High (SSLv2/SSLv3: critical): RFC 8996 deprecates TLS 1.0 and 1.1 and RFC 7568/6176
    prohibit SSLv3/SSLv2; an attacker can downgrade to them and auditors (PCI DSS 4.0
    requirement 4.2.1) count them as weak cryptography.

    Example
    ---
    ```nginx
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ```

    Use instead
    ---
    ```nginx
    ssl_protocols TLSv1.2 TLSv1.3;
    ```

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc8996
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols
    - https://www.rfc-editor.org/rfc/rfc7568
    - https://www.rfc-editor.org/rfc/rfc6176
    """
    setting = endpoint.protocols
    undecided = endpoint.undecided.get("protocols")
    if setting is None and undecided:
        # The source could not tell (e.g. a Terraform variable with no default): say so.
        yield Issue(undecided, endpoint.location, severity=Severity.INFO, context="undecided")
    if setting is None:
        return
    bad = {p for p in setting.value if p in DEPRECATED_PROTOCOLS} - set(ctx.policy.tls_versions)
    if not bad:
        return
    severity = Severity.CRITICAL if bad & {"SSLv2", "SSLv3"} else None
    verb = "is" if len(bad) == 1 else "are"
    yield Issue(
        f"{_names(bad)} {verb} enabled{origin_phrase(setting)}; {ctx.policy.describe_protocols()}",
        at(setting, endpoint),
        remedies.protocols(endpoint, ctx),
        severity=severity,
        intent=intent("protocols", ctx.policy.tls_versions, setting),
        context=" ".join(sorted(bad)),
    )


@rule(
    "TLS102",
    "protocols-not-pinned",
    Severity.LOW,
    "No protocol setting: the product default decides",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="Mozilla Server Side TLS (explicit configuration); CIS NGINX Benchmark 4.1.4",
    fix="safe",
)
def PROTOCOLS_NOT_PINNED(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A TLS endpoint with no protocol setting at all, neither in its own block nor inherited,
    so the product's default decides. The message names that default and the versions it
    depends on.

    Why it matters
    ---
    Defaults change between versions (nginx enabled TLS 1.0 and 1.1 by default until 1.27.3)
    and between distributions. A configuration that does not say what it accepts cannot be
    audited, and an upgrade or downgrade of the server silently changes what it serves.

    Severity
    ---
    Low when the product default is insecure (TLS101/TLS103 then name the weakness), info
    when the default already meets the policy: an unpinned setting is a configuration-
    management finding, not a weakness in itself.

    Example
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_certificate /etc/ssl/site.crt;
    }
    ```

    Use instead
    ---
    ```nginx
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_certificate /etc/ssl/site.crt;
    }
    ```

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols
    - https://nginx.org/en/CHANGES
    - https://wiki.mozilla.org/Security/Server_Side_TLS
    - https://www.cisecurity.org/benchmark/nginx
    """
    setting = endpoint.protocols
    if setting is None or setting.origin is not Origin.DEFAULT:
        return
    compliant = setting.value <= set(ctx.policy.tls_versions) and (
        not ctx.policy.requires_tls13
        or "TLSv1.3" in setting.value
        or bool(endpoint.tls13_unavailable)  # the best the service offers
    )
    yield Issue(
        f"protocols are not set, so the default decides ({setting.describe()})"
        + ("; it meets the policy today" if compliant else ""),
        endpoint.location,
        remedies.protocols(endpoint, ctx),
        severity=Severity.INFO if compliant else None,
        intent=intent("protocols", ctx.policy.tls_versions, setting),
    )


@rule(
    "TLS103",
    "protocol-below-policy",
    Severity.MEDIUM,
    "A protocol the policy does not allow, or TLS 1.3 missing where the policy requires it",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="Mozilla Server Side TLS 6.0 profile (tls_versions)",
    fix="safe",
)
def PROTOCOL_BELOW_POLICY(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Protocols outside the policy that are not deprecated in themselves — TLS 1.2 under the
    `modern` profile, or anything below an organisation's `min_tls_version` — and an endpoint
    that lacks TLS 1.3 when the policy lists it (unless the product cannot offer TLS 1.3 at
    all, such as CloudFront towards origins, OpenSearch domains or classic load balancers).

    Why it matters
    ---
    The profile is the organisation's promise to its clients and auditors. TLS 1.3 removes
    whole classes of downgrade and cipher mistakes and saves a round trip; a server that omits
    it forces every client onto TLS 1.2.

    Severity
    ---
    Medium: an auditor measuring against the Mozilla profile counts a protocol set that
    differs from it; no known attack on TLS 1.2 itself, hence below TLS101.

    Example
    ---
    ```nginx
    ssl_protocols TLSv1.2;
    ```

    Use instead
    ---
    ```nginx
    ssl_protocols TLSv1.2 TLSv1.3;   # intermediate
    ssl_protocols TLSv1.3;           # modern
    ```

    References
    ---
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://www.rfc-editor.org/rfc/rfc8446
    """
    setting = endpoint.protocols
    if setting is None:
        return
    allowed = set(ctx.policy.tls_versions)
    extra = {p for p in setting.value if p not in DEPRECATED_PROTOCOLS} - allowed
    if extra:
        verb = "is" if len(extra) == 1 else "are"
        yield Issue(
            f"{_names(extra)} {verb} enabled{origin_phrase(setting)}; "
            f"{ctx.policy.describe_protocols()}",
            at(setting, endpoint),
            remedies.protocols(endpoint, ctx),
            intent=intent("protocols", ctx.policy.tls_versions, setting),
            context="extra " + " ".join(sorted(extra)),
        )
    if (
        ctx.policy.requires_tls13
        and "TLSv1.3" not in setting.value
        and setting.value
        and not endpoint.tls13_unavailable  # the product cannot offer it
    ):
        yield Issue(
            f"TLSv1.3 is not enabled{origin_phrase(setting)}; {ctx.policy.describe_protocols()}",
            at(setting, endpoint),
            remedies.protocols(endpoint, ctx),
            intent=intent("protocols", ctx.policy.tls_versions, setting),
            context="missing TLSv1.3",
        )
