"""Certificate validity in time: expired, expiring, not yet valid, too long-lived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import CERTIFICATES, Severity
from tlslint.model import ISSUING_POLICIES as ISSUING
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, origin_phrase, rule

if TYPE_CHECKING:
    from tlslint.model.certificates import Certificate
    from tlslint.model.issuing import IssuingPolicy

SOURCES = ("certificates",)


def _day(moment: dt.datetime) -> str:
    return moment.date().isoformat()


def serving_endpoints(cert: Certificate) -> str:
    """The finding's endpoint: those that serve the certificate, else its place."""
    return ", ".join(cert.served_by) or cert.origin or cert.path


def _served(cert: Certificate) -> str:
    if not cert.served_by:
        return ""
    shown = ", ".join(cert.served_by[:3])
    more = f" and {len(cert.served_by) - 3} more" if len(cert.served_by) > 3 else ""
    return f"; served by {shown}{more}"


@rule(
    "TLS401",
    "certificate-expired",
    Severity.CRITICAL,
    "A certificate's not-after date is in the past",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="RFC 5280 4.1.2.5",
    fix="none",
)
def CERTIFICATE_EXPIRED(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Every certificate found (files, bundles, Kubernetes Secrets) whose not-after date is
    before the run's date (`--now` fixes it, for reproducible results).

    Why it matters
    ---
    Clients refuse an expired certificate outright ("certificate has expired"); an expired
    intermediate in a served chain breaks it just the same. It is the commonest TLS outage.

    Severity
    ---
    Critical: clients refuse the certificate, and users trained to click through errors are
    the attacker's opening.

    Example
    ---
    ```text
    deploy/tls/shop.pem   notAfter=Mar  1 00:00:00 2026 GMT   (run on 2026-06-01)
    ```

    <!-- fixture: TLS401/certificates/fires_expired -->

    Use instead
    ---
    A renewed certificate, and automated renewal (ACME, cert-manager) with monitoring of the
    renew-by date.

    <!-- fixture: TLS401/certificates/passes_valid -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    - https://letsencrypt.org/docs/integration-guide/
    """
    if cert.not_after > ctx.now:
        return
    ago = (ctx.now - cert.not_after).days
    yield Issue(
        f"certificate {cert.label} in {cert.where} expired on {_day(cert.not_after)}, "
        f"{ago} day{'s' if ago != 1 else ''} before {_day(ctx.now)}{_served(cert)}",
        cert.location,
        remedies.renew_certificate(cert.path, cert.origin),
        endpoint=serving_endpoints(cert),
        context=f"expired {cert.fingerprint_sha256}",
    )


def _expiry_issue(cert: Certificate, ctx: Context, window: str, limit: int) -> Issue:
    left = cert.days_left(ctx.now)
    return Issue(
        f"certificate {cert.label} in {cert.where} expires on {_day(cert.not_after)}, in "
        f"{left} day{'s' if left != 1 else ''}: inside the policy's {limit}-day {window} "
        f"window{_served(cert)}",
        cert.location,
        remedies.renew_certificate(cert.path, cert.origin),
        endpoint=serving_endpoints(cert),
        context=f"expiring {window} {cert.fingerprint_sha256}",
    )


@rule(
    "TLS402",
    "certificate-expiring",
    Severity.HIGH,
    "A certificate expires within the policy's error window (default 14 days)",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="RFC 5280 4.1.2.5 (operational: renew before expiry)",
    fix="none",
)
def CERTIFICATE_EXPIRING(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Certificates that are still valid but expire within `expiry_error_days` (policy, default
    14) of the run's date.

    Why it matters
    ---
    Two weeks is about the least time in which a failed automatic renewal is noticed, fixed
    and deployed; past that point an outage is likely.

    Severity
    ---
    High: the endpoint breaks within the policy's error window (default 14 days) unless
    someone acts now.

    Example
    ---
    ```text
    deploy/tls/shop.pem   notAfter=Jun 11 2026   (run on 2026-06-01: 10 days left)
    ```

    <!-- fixture: TLS402/certificates/fires_expiring_in_10_days -->

    Use instead
    ---
    Renew now; check why automated renewal did not happen (ACME renews 30 days before
    expiry).

    <!-- fixture: TLS402/certificates/passes_25_days_or_expired -->

    References
    ---
    - https://letsencrypt.org/docs/integration-guide/#when-to-renew
    - https://cert-manager.io/docs/usage/certificate/#renewal
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    """
    if cert.not_after <= ctx.now:
        return
    if cert.days_left(ctx.now) < ctx.policy.expiry_error_days:
        yield _expiry_issue(cert, ctx, "error", ctx.policy.expiry_error_days)


@rule(
    "TLS403",
    "certificate-expiring-soon",
    Severity.INFO,
    "A certificate expires within the policy's warning window (default 30 days)",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="RFC 5280 4.1.2.5 (operational: renew before expiry)",
    fix="none",
)
def CERTIFICATE_EXPIRING_SOON(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Certificates that expire within `expiry_warning_days` (policy, default 30) but outside
    the error window: the renew-by date has passed.

    Why it matters
    ---
    Automated renewal normally replaces a certificate 30 days before it expires; one still
    in place inside that window means renewal is late or not automated.

    Severity
    ---
    Info: an advisory within the renewal window (default 30 days), when automated renewal
    normally acts; TLS402 takes over near expiry.

    Example
    ---
    ```text
    deploy/tls/shop.pem   notAfter=Jun 26 2026   (run on 2026-06-01: 25 days left)
    ```

    <!-- fixture: TLS403/certificates/fires_expiring_in_25_days -->

    Use instead
    ---
    Renew the certificate, and automate renewal so it happens before this window.

    <!-- fixture: TLS403/certificates/passes_10_or_40_days -->

    References
    ---
    - https://letsencrypt.org/docs/integration-guide/#when-to-renew
    - https://cert-manager.io/docs/usage/certificate/#renewal
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    """
    if cert.not_after <= ctx.now:
        return
    left = cert.days_left(ctx.now)
    if ctx.policy.expiry_error_days <= left < ctx.policy.expiry_warning_days:
        yield _expiry_issue(cert, ctx, "warning", ctx.policy.expiry_warning_days)


@rule(
    "TLS404",
    "certificate-not-yet-valid",
    Severity.HIGH,
    "A certificate's not-before date is in the future",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="RFC 5280 4.1.2.5",
    fix="none",
)
def CERTIFICATE_NOT_YET_VALID(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Certificates whose not-before date is after the run's date.

    Why it matters
    ---
    Clients refuse the certificate until that moment ("certificate is not yet valid"); it
    usually means a wrong clock where it was issued, or a certificate deployed too early.

    Severity
    ---
    High: clients refuse a certificate before its notBefore, so the endpoint fails for
    everyone.

    Example
    ---
    ```text
    deploy/tls/shop.pem   notBefore=Jul  1 2026   (run on 2026-06-01)
    ```

    <!-- fixture: TLS404/certificates/fires_not_yet_valid -->

    Use instead
    ---
    A certificate whose validity has begun; check the issuing machine's clock.

    <!-- fixture: TLS404/certificates/passes_valid -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    """
    if cert.not_before <= ctx.now:
        return
    ahead = (cert.not_before - ctx.now).days
    yield Issue(
        f"certificate {cert.label} in {cert.where} is not valid until "
        f"{_day(cert.not_before)}, {ahead} day{'s' if ahead != 1 else ''} after "
        f"{_day(ctx.now)}{_served(cert)}",
        cert.location,
        remedies.renew_certificate(cert.path, cert.origin),
        endpoint=serving_endpoints(cert),
        context=f"not yet valid {cert.fingerprint_sha256}",
    )


@rule(
    "TLS407",
    "certificate-lifetime-too-long",
    Severity.MEDIUM,
    "A leaf certificate's validity exceeds the limit in force when it was issued",
    subject=CERTIFICATES,
    sources=(*SOURCES, "cfssl", "terraform"),
    standard="CA/B Forum BR 6.3.2 (398/200/100/47 days); "
    "Mozilla 6.0 maximum_certificate_lifespan; RFC 5280",
    also=(ISSUING,),
    fix="none",
)
def CERTIFICATE_LIFETIME_TOO_LONG(
    cert: Certificate | IssuingPolicy, ctx: Context
) -> Iterator[Issue]:
    """What it checks
    ---
    Leaf certificates (not CAs, not self-signed) whose validity — notBefore through notAfter,
    both included (RFC 5280), so 398 days and one second is more than 398 days — exceeds the
    limit in force at their notBefore:

    - public leaves: the CA/Browser Forum maximum (398 days from 2020-09-01, 200 days from
      2026-03-15, 100 days from 2027-03-15, 47 days from 2029-03-15) or the profile's
      `maximum_certificate_lifespan` from Mozilla's guideline (366 days for intermediate, 90
      for modern), whichever is shorter; `max_certificate_lifetime_days` replaces Mozilla's
      figure with the organisation's own;
    - leaves under a private CA declared in `certificates.private_cas`:
      `private_max_certificate_lifetime_days` (default 398, the longest any public leaf may
      have).

    Internal issuers are judged before they issue anything, against the private-leaf limit:
    a CFSSL signing profile's `expiry` (the `default` profile's when a profile sets none;
    CFSSL's own default is 168h), a Vault PKI role's `max_ttl` in Terraform (absent: the
    mount's `max_lease_ttl_seconds`, else Vault's 32-day system maximum). Profiles and CAs
    that issue CA certificates (`ca_constraint.is_ca`, Vault root and intermediate
    certificates) are exempt, as CA certificates are.

    Why it matters
    ---
    Browsers reject publicly trusted leaves that outlive the Baseline Requirements, and a long
    validity keeps a compromised key or a mis-issued name usable for longer. Severity medium:
    an auditor counts it against the Baseline Requirements (section 6.3.2) and Mozilla's
    profile, but the certificate still encrypts and authenticates today.

    Severity
    ---
    Medium: an auditor counts a lifetime over the Baseline Requirements or the profile; the
    certificate still protects the connection today.

    Example
    ---
    ```text
    notBefore=Apr  1 2026  notAfter=Apr  1 2027   (366 days: over the 200 in force since 2026-03-15)
    ```

    <!-- fixture: TLS407/certificates/fires_5_year_leaf -->
    ```json
    "profiles": {"server": {"expiry": "8760h", "usages": ["server auth"]}}
    ```

    Use instead
    ---
    A certificate renewed automatically with a lifetime under the limit (90 days, as ACME
    issuers and cert-manager give by default); for internal issuers, short lifetimes:

    ```json
    "profiles": {"server": {"expiry": "720h", "usages": ["server auth"]}}
    ```

    <!-- fixture: TLS407/certificates/passes_short_leaf_root_and_private_ca -->

    References
    ---
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/#632-certificate-operational-periods-and-key-pair-usage-periods
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://support.apple.com/en-us/102028
    """
    from tlslint.model.certificates import Certificate  # loaded: published certificates

    if not isinstance(cert, Certificate):  # an IssuingPolicy (the rule's other subject)
        yield from _policy_lifetime(cert, ctx)
        return
    if cert.is_ca or cert.self_signed or cert.role != "certificate":
        return
    limit = (
        ctx.policy.private_lifetime_limit()
        if cert.private
        else ctx.policy.public_lifetime_limit(cert.not_before)
    )
    span = cert.validity_seconds
    if span <= limit.seconds:
        return
    yield Issue(
        f"certificate {cert.label} in {cert.where} is valid for {_span(span)} "
        f"({_day(cert.not_before)} to {_day(cert.not_after)}, both included); {limit.why} "
        f"is {limit.days} days{_served(cert)}",
        cert.location,
        remedies.reissue_certificate(
            f"a lifetime of at most {limit.days} days", cert.origin, cert.path
        ),
        endpoint=serving_endpoints(cert),
        context=f"lifetime {cert.fingerprint_sha256}",
    )


def _policy_lifetime(policy: IssuingPolicy, ctx: Context) -> Iterator[Issue]:
    lifetime = policy.max_lifetime
    if policy.issues_ca or lifetime is None:
        return
    limit = ctx.policy.private_lifetime_limit()
    if lifetime.value <= limit.seconds:
        return
    yield Issue(
        f"{policy.label} issues leaves valid for up to {_span(lifetime.value)}"
        f"{f' ({lifetime.raw})' if lifetime.raw else ''}{origin_phrase(lifetime)}; "
        f"{limit.why} is {limit.days} days",
        lifetime.location,
        f"Cap the lifetime {policy.name} issues at {limit.days} days or less (short-lived "
        "internal certificates, renewed automatically, need no revocation).",
        endpoint=policy.name,
        context=f"issued lifetime {policy.kind} {policy.name}",
    )


def _span(seconds: int) -> str:
    """'398 days and 1 second', '366 days'."""
    days, rest = divmod(seconds, 86400)
    if not rest:
        return f"{days} days"
    if rest < 3600:
        return f"{days} days and {rest} second{'s' if rest != 1 else ''}"
    return f"{days} days and {rest // 3600} hour{'s' if rest // 3600 != 1 else ''}"
