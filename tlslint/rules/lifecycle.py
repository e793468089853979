"""Certificate lifecycle in Kubernetes: TLS on every host, cert-manager renewal, keys, issuers."""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tlslint.model import (
    INGRESS_HOSTS,
    ISSUERS,
    MANAGED_CERTIFICATES,
    MODEL,
    RENEWALS,
    FixIntent,
    Model,
    Origin,
    Setting,
    Severity,
)
from tlslint.rules.base import Context, Issue, origin_phrase, rule

if TYPE_CHECKING:
    from tlslint.model.kubernetes import Issuer, ManagedCertificate
    from tlslint.model.rotation import Renewal

DAY = 86400
LETS_ENCRYPT_STAGING = ("acme-staging", "staging-v02", "/staging/")
NON_PRODUCTION_WORDS = ("staging", "stage", "test", "dev", "sandbox", "selfsigned", "local")
CERT_MANAGER_GROUP = "cert-manager.io"


def _days(seconds: int) -> str:
    days = seconds / DAY
    if days >= 1 and seconds % DAY == 0:
        return f"{int(days)} day{'s' if days != 1 else ''}"
    if days >= 1:
        return f"{days:.1f} days"
    hours = seconds / 3600
    return f"{hours:g} hour{'s' if hours != 1 else ''}"


def _covers(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern == host:
        return True
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return fnmatch.fnmatchcase(host, pattern) if "*" in pattern and "*" not in host else False


@rule(
    "TLS601",
    "ingress-without-tls",
    Severity.MEDIUM,
    "An Ingress host is served without a tls entry",
    subject=MODEL,
    sources=("kubernetes",),
    standard="RFC 6797; Kubernetes Ingress TLS",
    fix="none",
)
def INGRESS_WITHOUT_TLS(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Each host in an Ingress's `spec.rules` that no `spec.tls[].hosts` entry of any Ingress in
    the repository covers (wildcards count). Hosts whose Ingress sets ingress-nginx's
    `force-ssl-redirect` (TLS terminated in front of the controller) are not flagged.

    Why it matters
    ---
    The controller serves such a host over plain HTTP only: logins, cookies and API tokens
    travel in clear text, and no redirect to HTTPS is possible because there is no HTTPS.

    Severity
    ---
    Medium: the host is reachable over plain HTTP through the Ingress.

    Example
    ---
    ```yaml
    spec:
      rules:
        - host: shop.example.com
    ```

    <!-- fixture: TLS601/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
      rules:
        - host: shop.example.com
    ```

    <!-- fixture: TLS601/kubernetes/passes -->

    References
    ---
    - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
    - https://www.rfc-editor.org/rfc/rfc6797
    """
    exact: set[str] = set()
    wildcards: list[str] = []
    for endpoint in model.endpoints:
        if endpoint.source == "kubernetes" and endpoint.kind == "Ingress" and endpoint.tls:
            for pattern in endpoint.hosts:
                if "*" in pattern:
                    wildcards.append(pattern)
                else:
                    exact.add(pattern.lower().rstrip("."))
    for item in model.objects_of(INGRESS_HOSTS):
        if item.offloaded or item.host.lower().rstrip(".") in exact:
            continue
        if any(_covers(p, item.host) for p in wildcards):
            continue
        yield Issue(
            f"{item.host} is served over plain HTTP only: {item.ingress} has no tls entry for it",
            item.location,
            f"Add a `spec.tls` entry with `hosts: [{item.host}]` and a `secretName` (with a "
            "cert-manager issuer annotation so the certificate is issued and renewed).",
            endpoint=item.ingress,
            context=item.host,
        )


def _managed_keys(model: Model) -> set[str]:
    return {m.key for m in model.objects_of(MANAGED_CERTIFICATES)}


@rule(
    "TLS602",
    "unmanaged-certificate",
    Severity.MEDIUM,
    "An Ingress/Gateway TLS secret that no cert-manager Certificate or annotation manages",
    subject=MODEL,
    sources=("kubernetes",),
    standard="NIST SP 1800-16 (TLS certificate lifecycle management)",
    fix="none",
)
def UNMANAGED_CERTIFICATE(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Each Secret that an Ingress (`spec.tls[].secretName`) or a Gateway listener
    (`tls.certificateRefs`) serves, for which the repository has neither a cert-manager
    `Certificate` writing that Secret (same namespace) nor an ingress-shim annotation
    (`cert-manager.io/cluster-issuer`, `cert-manager.io/issuer`, `kubernetes.io/tls-acme`) on
    the object that serves it.

    Why it matters
    ---
    A certificate that nothing renews expires on a date nobody watches: the outage comes
    months after the change that caused it. A Secret committed to Git with a hand-made
    certificate also puts its private key in the repository.

    Severity
    ---
    Medium: a certificate nobody renews expires (TLS401); auditors count unmanaged
    certificates (NIST SP 1800-16).

    Example
    ---
    ```yaml
    kind: Ingress
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls   # created by hand
    ```

    <!-- fixture: TLS602/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    kind: Ingress
    metadata:
      annotations:
        cert-manager.io/cluster-issuer: letsencrypt
    spec:
      tls:
        - hosts: [shop.example.com]
          secretName: shop-tls
    ```

    <!-- fixture: TLS602/kubernetes/passes -->

    References
    ---
    - https://cert-manager.io/docs/usage/ingress/
    - https://cert-manager.io/docs/usage/certificate/
    - https://csrc.nist.gov/pubs/sp/1800/16/final
    """
    managed = _managed_keys(model)
    for endpoint in model.endpoints:
        if endpoint.source != "kubernetes":
            continue
        for ref in endpoint.certificate_refs("certificate"):
            if ref.key is None or not ref.key.startswith("secret:") or ref.key in managed:
                continue
            yield Issue(
                f"Secret {ref.key[len('secret:') :]} served by {endpoint.name} is not managed by "
                "cert-manager: no Certificate writes it and no issuer annotation asks for it, "
                "so nothing renews it",
                ref.location,
                "Add a `cert-manager.io/cluster-issuer` (or `cert-manager.io/issuer`) annotation, "
                "or a cert-manager Certificate with this `secretName`.",
                endpoint=endpoint.name,
                context=ref.key,
            )


@rule(
    "TLS603",
    "renewal-too-late",
    Severity.MEDIUM,
    "A certificate is renewed too close to its expiry, or on every run",
    subject=MODEL,
    sources=("kubernetes", "renewal"),
    standard="cert-manager renewal; certbot renew_before_expiry; NIST SP 1800-16",
    fix="safe",
)
def RENEWAL_TOO_LATE(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A cert-manager Certificate (or ingress-shim annotation) whose `renewBefore` or
    `renewBeforePercentage` leaves less time than the policy's `renew_before_days` (30 days
    by default) — or, for certificates shorter than three times that window, less than a third
    of the lifetime, cert-manager's own default. `renewal.policy: Disabled` never renews. A
    window not shorter than the `duration` (`renewBeforePercentage` of 100 or more) is
    reported too: cert-manager rejects such a Certificate.

    A certbot renewal configuration whose `renew_before_expiry` is shorter than the same
    window, or not shorter than the certificate's lifetime (90 days at Let's Encrypt, else
    the policy's `max_certificate_lifetime_days`): every `certbot renew` then requests a new
    certificate, until the CA's rate limits refuse it.

    Why it matters
    ---
    Renewal fails for ordinary reasons — an ACME rate limit, a DNS change, an expired
    credential. The window between the first renewal attempt and the expiry is the time the
    team has to notice and fix it; a day is not enough. A window as long as the lifetime
    renews on every run and soon hits the rate limits, so the renewal that matters fails.

    Severity
    ---
    Medium: renewing too close to expiry leaves no time to fix a failed renewal before
    clients break.

    Example
    ---
    ```yaml
    spec:
      duration: 2160h
      renewBefore: 24h
    ```
    ```ini
    renew_before_expiry = 3 days
    ```

    <!-- fixture: TLS603/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      duration: 2160h
      renewBefore: 720h   # 30 days
    ```
    ```ini
    renew_before_expiry = 30 days
    ```

    <!-- fixture: TLS603/kubernetes/passes -->

    Options
    ---
    `policy.renew_before_days` (default 30) sets the window.

    References
    ---
    - https://cert-manager.io/docs/usage/certificate/#renewal
    - https://eff-certbot.readthedocs.io/en/stable/using.html#configuration-file
    - https://letsencrypt.org/docs/integration-guide/#when-to-renew
    - https://csrc.nist.gov/pubs/sp/1800/16/final
    - https://letsencrypt.org/docs/rate-limits/
    """
    for cert in model.objects_of(MANAGED_CERTIFICATES):
        yield from _cert_manager_window(cert, ctx)
    for renewal in model.objects_of(RENEWALS):
        yield from _certbot_window(renewal, ctx)


def _cert_manager_window(cert: ManagedCertificate, ctx: Context) -> Iterator[Issue]:
    if cert.renewal_disabled is not None and cert.renewal_disabled.value:
        yield Issue(
            f"{cert.name} has renewal.policy: Disabled, so it is never renewed",
            cert.renewal_disabled.location,
            "Remove `renewal.policy: Disabled`.",
            endpoint=cert.name,
            context="disabled",
        )
        return
    duration = cert.duration.value
    if not duration:
        return
    wanted = min(ctx.policy.renew_before_days * DAY, duration // 3)
    if cert.renew_before is not None and cert.renew_before.value is not None:
        setting, renew = cert.renew_before, cert.renew_before.value
    elif cert.renew_before_percentage is not None:
        setting = cert.renew_before_percentage
        renew = duration * int(cert.renew_before_percentage.value) // 100
    else:
        return  # cert-manager's default: a third of the lifetime
    if wanted <= renew < duration:
        return
    if setting is cert.renew_before:
        fix = FixIntent("renew_before", f"{math.ceil(wanted / 3600)}h", setting.location)
    else:
        fix = FixIntent(
            "renew_before_percentage", min(99, math.ceil(wanted * 100 / duration)), setting.location
        )
    if renew >= duration:
        message = (
            f"{cert.name} asks for renewal {_days(renew)} before expiry ({setting.raw}), not "
            f"less than its {_days(duration)} duration: cert-manager rejects it"
        )
    else:
        message = (
            f"{cert.name} is renewed {_days(renew)} before expiry ({setting.raw}); the policy "
            f"asks for at least {_days(wanted)}"
        )
    yield Issue(
        message,
        setting.location,
        f"Set `renewBefore: {math.ceil(wanted / 3600)}h` or more, below the duration (or drop "
        "it: cert-manager renews at two thirds of the lifetime).",
        endpoint=cert.name,
        context=f"{renew}",
        intent=fix,
        subject=cert,
    )


def _certbot_window(renewal: Renewal, ctx: Context) -> Iterator[Issue]:
    setting = renewal.renew_before_days
    if setting is None:
        return
    lifetime = renewal.lifetime_days or ctx.policy.lifetime_cap
    wanted = min(ctx.policy.renew_before_days, lifetime // 3)
    days = setting.value
    if days >= lifetime:
        which = "Let's Encrypt's" if renewal.lifetime_days else "the policy's maximum"
        message = (
            f"{renewal.description} renews {days} days before expiry ({setting.raw}), not less "
            f"than {which} {lifetime}-day lifetime: every `certbot renew` requests a new "
            "certificate, until the CA's rate limits refuse it"
        )
    elif days < wanted:
        message = (
            f"{renewal.description} renews {days} days before expiry ({setting.raw}); the "
            f"policy asks for at least {wanted} days"
        )
    else:
        return
    yield Issue(
        message,
        setting.location,
        f"Set `renew_before_expiry = {wanted} days` (or remove it: certbot's default is 30 days).",
        endpoint=renewal.description,
        context=f"certbot {days}",
    )


@rule(
    "TLS604",
    "certificate-duration-too-long",
    Severity.LOW,
    "cert-manager Certificate duration above the policy maximum",
    subject=MANAGED_CERTIFICATES,
    sources=("kubernetes",),
    standard="CA/B Forum BR 6.3.2; Mozilla 6.0 maximum_certificate_lifespan",
    fix="safe",
)
def CERTIFICATE_DURATION_TOO_LONG(cert: ManagedCertificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A cert-manager Certificate (or `cert-manager.io/duration` annotation) whose `duration` is
    longer than a certificate issued today may have: the CA/B Forum maximum in force now (200
    days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15) or the profile's
    `maximum_certificate_lifespan` (Mozilla: 366 days intermediate, 90 modern), or the
    organisation's `max_certificate_lifetime_days`. CA certificates (`isCA: true`) are not
    judged.

    Why it matters
    ---
    Browsers reject public leaf certificates valid longer than the CA/B Forum limit, and the
    limit is falling (200 days from March 2026). Long-lived certificates also keep a
    compromised key useful for longer.

    Severity
    ---
    Low: the issuing CA caps the lifetime anyway (public ACME CAs ignore a longer duration);
    the written value misleads rather than weakens.

    Example
    ---
    ```yaml
    spec:
      duration: 17520h   # two years
    ```

    <!-- fixture: TLS604/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      duration: 2160h    # 90 days, cert-manager's default
    ```

    <!-- fixture: TLS604/kubernetes/passes -->

    References
    ---
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/
    - https://cert-manager.io/docs/usage/certificate/
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    """
    if cert.is_ca or cert.duration.origin is Origin.DEFAULT:
        return
    # cert-manager issues (and renews) now: the limit in force today applies.
    allowed = ctx.policy.public_lifetime_limit(ctx.now)
    limit = allowed.days * DAY
    if cert.duration.value <= limit:
        return
    hours = allowed.days * 24
    renew = cert.renew_before.value if cert.renew_before is not None else None
    # The policy maximum; not when renewBefore would then reach the lifetime (a person decides).
    fix = (
        FixIntent("duration", f"{hours}h", cert.duration.location)
        if renew is None or renew < limit
        else None
    )
    yield Issue(
        f"{cert.name} lasts {_days(cert.duration.value)} ({cert.duration.raw}); {allowed.why} "
        f"is {allowed.days} days",
        cert.duration.location,
        f"Set `duration: {hours}h` ({allowed.days} days, the policy "
        "maximum) or less, or drop it to use cert-manager's default (2160h).",
        context=cert.duration.raw,
        intent=fix,
        subject=cert,
    )


@rule(
    "TLS605",
    "weak-managed-key",
    Severity.HIGH,
    "cert-manager Certificate private key algorithm or size below policy",
    subject=MANAGED_CERTIFICATES,
    sources=("kubernetes",),
    standard="CA/B Forum BR 6.1.5; NIST SP 800-131A",
    fix="safe",
)
def WEAK_MANAGED_KEY(cert: ManagedCertificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    The `privateKey` of a cert-manager Certificate (or the `cert-manager.io/private-key-*`
    annotations): RSA below the policy's `rsa_key_size` (2048), ECDSA below the profile's
    curve size (P-256), or an algorithm the profile does not list (the `modern` profile wants
    ECDSA certificates).

    Why it matters
    ---
    The key protects every session the certificate authenticates; small RSA keys are within
    reach of well-funded attackers, and the CA/B Forum forbids them.

    Severity
    ---
    High: the key cert-manager generates is below the policy's strength, as TLS405 for
    issued certificates.

    Example
    ---
    ```yaml
    spec:
      privateKey:
        algorithm: RSA
        size: 1024
    ```

    <!-- fixture: TLS605/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      privateKey:
        algorithm: ECDSA
        size: 256
    ```

    <!-- fixture: TLS605/kubernetes/passes -->

    References
    ---
    - https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://csrc.nist.gov/pubs/sp/800/131/a/r2/final
    """
    algorithm = cert.key_algorithm
    size = cert.key_size
    name = algorithm.value
    allowed = {t.lower() for t in ctx.policy.certificate_types}
    # The fix: ECDSA P-256 where the profile takes ECDSA, else RSA of the policy's size.
    key_wanted = (
        ("ECDSA", 256)
        if not allowed or "ecdsa" in allowed
        else ("RSA", max(ctx.policy.rsa_key_size, 2048))
    )
    fix = FixIntent("private_key", key_wanted)
    if name == "RSA" and size.value is not None and size.value < ctx.policy.rsa_key_size:
        yield Issue(
            f"{cert.name} uses a {size.value}-bit RSA key{origin_phrase(size)}; the policy asks "
            f"for at least {ctx.policy.rsa_key_size} bits",
            size.location,
            f"Set `privateKey: {{algorithm: RSA, size: {max(ctx.policy.rsa_key_size, 2048)}}}` "
            "or use ECDSA P-256.",
            context=f"RSA {size.value}",
            intent=fix,
            subject=cert,
        )
        return
    minimum = ctx.policy.ecdh_param_size or 256
    if name == "ECDSA" and size.value is not None and size.value < minimum:
        yield Issue(
            f"{cert.name} uses a {size.value}-bit ECDSA key; the policy asks for at least "
            f"{minimum} bits",
            size.location,
            "Set `privateKey: {algorithm: ECDSA, size: 256}`.",
            context=f"ECDSA {size.value}",
            intent=fix,
            subject=cert,
        )
        return
    if allowed and name.lower() in ("rsa", "ecdsa") and name.lower() not in allowed:
        wanted = " or ".join(sorted(t.upper() for t in allowed))
        yield Issue(
            f"{cert.name} uses an {name} key{origin_phrase(algorithm)}; the "
            f"{ctx.policy.profile} profile wants {wanted} certificates",
            algorithm.location,
            f"Set `privateKey: {{algorithm: {wanted.split(' ')[0]}}}`.",
            context=f"algorithm {name}",
            intent=fix,
            subject=cert,
        )


@rule(
    "TLS606",
    "key-not-rotated",
    Severity.LOW,
    "cert-manager reuses the private key on renewal (rotationPolicy: Never)",
    subject=MANAGED_CERTIFICATES,
    sources=("kubernetes",),
    standard="NIST SP 800-57 Part 1 5.3 (cryptoperiods)",
    fix="safe",
)
def KEY_NOT_ROTATED(cert: ManagedCertificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    `privateKey.rotationPolicy: Never` on a cert-manager Certificate (or the
    `cert-manager.io/private-key-rotation-policy: Never` annotation). cert-manager's default
    is `Always` since v1.18.

    Why it matters
    ---
    With `Never`, every renewed certificate carries the same key: a key that leaked once stays
    useful for as long as the certificate keeps being renewed, and revoking the certificate
    does not help.

    Severity
    ---
    Low: reusing the key across renewals lengthens its cryptoperiod; renewed certificates
    still protect connections.

    Example
    ---
    ```yaml
    spec:
      privateKey:
        rotationPolicy: Never
    ```

    <!-- fixture: TLS606/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      privateKey:
        rotationPolicy: Always
    ```

    <!-- fixture: TLS606/kubernetes/passes -->

    References
    ---
    - https://cert-manager.io/docs/usage/certificate/#configuring-private-key-rotation
    - https://csrc.nist.gov/pubs/sp/800/57/pt1/r5/final
    """
    setting = cert.rotation_policy
    if setting.value != "Never":
        return
    yield Issue(
        f"{cert.name} keeps the same private key on every renewal (rotationPolicy: Never)",
        setting.location,
        "Set `privateKey.rotationPolicy: Always`.",
        intent=FixIntent("rotation_policy", "Always", setting.location),
        subject=cert,
    )


@rule(
    "TLS607",
    "issuer-not-found",
    Severity.MEDIUM,
    "issuerRef or issuer annotation names an issuer not defined in the repository",
    subject=MODEL,
    sources=("kubernetes",),
    standard="cert-manager issuerRef",
    fix="none",
)
def ISSUER_NOT_FOUND(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Each cert-manager `issuerRef` (and ingress-shim `cert-manager.io/issuer` /
    `cert-manager.io/cluster-issuer` annotation) against the issuers defined in the
    repository: an `Issuer` must be in the Certificate's namespace, a `ClusterIssuer` may be
    anywhere. External issuers (another `group`) are not judged. When the repository defines
    no issuer at all (they live in another repository), the finding is only informational.

    Why it matters
    ---
    cert-manager waits forever for an issuer that does not exist: the Certificate stays
    not-ready, the Secret is never written, and the Ingress serves the controller's fake
    certificate. A typo or a namespaced `Issuer` referenced from another namespace is the
    usual cause.

    Severity
    ---
    Medium: the Certificate is never issued, so the endpoint serves nothing or an expired
    certificate.

    Example
    ---
    ```yaml
    issuerRef:
      name: letsencrypt-prod
      kind: ClusterIssuer      # but only an Issuer named letsencrypt-prod exists
    ```

    <!-- fixture: TLS607/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    issuerRef:
      name: letsencrypt-prod
      kind: Issuer             # in the same namespace as the Certificate
    ```

    <!-- fixture: TLS607/kubernetes/passes -->

    References
    ---
    - https://cert-manager.io/docs/concepts/issuer/
    - https://cert-manager.io/docs/usage/ingress/#supported-annotations
    """
    issuers: list[Issuer] = list(model.objects_of(ISSUERS))
    defined = {(i.kind, i.namespace, i.name) for i in issuers}
    for cert in model.objects_of(MANAGED_CERTIFICATES):
        ref = cert.issuer
        if ref is None or ref.group != CERT_MANAGER_GROUP:
            continue
        if ref.kind not in ("Issuer", "ClusterIssuer"):
            continue
        namespace = ref.namespace if ref.kind == "Issuer" else ""
        if (ref.kind, namespace, ref.name) in defined:
            continue
        where = f" in namespace {ref.namespace}" if ref.kind == "Issuer" else ""
        hint = ""
        other = "ClusterIssuer" if ref.kind == "Issuer" else "Issuer"
        if any(i.kind == other and i.name == ref.name for i in issuers):
            hint = f"; there is an {other} of that name"
        elif ref.kind == "Issuer" and any(i.name == ref.name for i in issuers):
            hint = "; an Issuer of that name exists in another namespace"
        else:
            candidates = [
                i.name for i in issuers if i.kind == ref.kind and i.namespace == namespace
            ]
            import difflib  # only for a reference to an issuer that does not exist

            close = difflib.get_close_matches(ref.name, candidates, n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean {close[0]}?"
        if not issuers:
            yield Issue(
                f"{cert.name} uses {ref.kind} {ref.name}, which this repository does not "
                "define (it defines no issuers; they may live elsewhere)",
                ref.location,
                "Check that the issuer exists in the cluster.",
                severity=Severity.INFO,
                endpoint=cert.name,
                context=f"{ref.kind} {ref.name}",
            )
            continue
        yield Issue(
            f"{cert.name} uses {ref.kind} {ref.name}, which is not defined{where}{hint}",
            ref.location,
            f"Define {ref.kind} {ref.name}{where}, or fix the name or kind of the reference.",
            endpoint=cert.name,
            context=f"{ref.kind} {ref.namespace} {ref.name}",
        )


def _production(issuer: Issuer) -> bool:
    name = issuer.name.lower()
    return not any(word in name for word in NON_PRODUCTION_WORDS)


@rule(
    "TLS608",
    "acme-misconfigured",
    Severity.MEDIUM,
    "ACME issuer uses staging in production, plain HTTP, no email or no account key",
    subject=ISSUERS,
    sources=("kubernetes",),
    standard="RFC 8555; Let's Encrypt staging and account practices",
    fix="none",
)
def ACME_MISCONFIGURED(issuer: Issuer, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    cert-manager ACME issuers: a staging directory URL (Let's Encrypt's
    `acme-staging-v02`) in an issuer whose name does not say staging or test, a server URL
    that is not `https://`, `skipTLSVerify: true`, no `email`, or no `privateKeySecretRef`.

    Why it matters
    ---
    Staging certificates are signed by an untrusted root: every browser rejects the site.
    Talking to the CA without TLS or without verifying it lets anyone on the path obtain
    certificates for your names. Without an email nobody hears about expiry or revocation
    problems; without an account key Secret the account cannot be kept.

    Severity
    ---
    Medium: certificates from the staging URL are untrusted, a plain-HTTP ACME directory can
    be tampered with, and a missing account key or contact loses recovery and expiry
    notices.

    Example
    ---
    ```yaml
    kind: ClusterIssuer
    metadata:
      name: letsencrypt-prod
    spec:
      acme:
        server: https://acme-staging-v02.api.letsencrypt.org/directory
    ```

    <!-- fixture: TLS608/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    spec:
      acme:
        server: https://acme-v02.api.letsencrypt.org/directory
        email: platform@example.com
        privateKeySecretRef:
          name: letsencrypt-prod-account
    ```

    <!-- fixture: TLS608/kubernetes/passes -->

    References
    ---
    - https://cert-manager.io/docs/configuration/acme/
    - https://letsencrypt.org/docs/staging-environment/
    - https://www.rfc-editor.org/rfc/rfc8555
    """
    if issuer.type != "acme":
        return
    problems: list[tuple[str, Setting[Any]]] = []
    server = issuer.acme_server
    if server is not None:
        url = server.value.strip()
        if not url:
            problems.append(("has no ACME server URL", server))
        elif not url.lower().startswith("https://"):
            problems.append((f"talks to its ACME server without TLS ({url})", server))
        elif _production(issuer) and any(s in url.lower() for s in LETS_ENCRYPT_STAGING):
            problems.append(
                (f"uses the staging directory {url}, whose certificates no browser trusts", server)
            )
    if issuer.acme_skip_tls_verify is not None and issuer.acme_skip_tls_verify.value:
        problems.append(
            ("does not verify the ACME server's certificate", issuer.acme_skip_tls_verify)
        )
    if issuer.acme_email is not None and not issuer.acme_email.value:
        problems.append(("has no email for expiry and account notices", issuer.acme_email))
    if issuer.acme_account_key is not None and not issuer.acme_account_key.value:
        problems.append(
            ("has no privateKeySecretRef for its ACME account key", issuer.acme_account_key)
        )
    for text, setting in problems:
        location = setting.location
        yield Issue(
            f"{issuer.display} {text}",
            location,
            "Use `server: https://acme-v02.api.letsencrypt.org/directory` with an `email` and a "
            "`privateKeySecretRef`.",
            endpoint=issuer.display,
            context=text,
        )
