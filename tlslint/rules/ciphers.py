"""Cipher suites, server preference and key-exchange groups."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from tlslint.model import Endpoint, Origin, Severity
from tlslint.model.policy import protocol_rank
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, at, intent, origin_phrase, rule
from tlslint.tls import ciphers as table

SHOWN = 5  # suites named in one message before "and N more"
# Most severe first, for messages.
REASON_ORDER = (
    "NULL encryption",
    "export-grade",
    "anonymous key exchange",
    "RC4",
    "DES",
    "RC2",
    "MD5 MAC",
    "3DES",
    "IDEA",
    "SEED",
    "CBC with SHA-1",
)


def tls12_enabled(endpoint: Endpoint) -> bool:
    """Whether any protocol below TLS 1.3 is on (only then do TLS<=1.2 suites matter)."""
    if endpoint.protocols is None:
        return True
    return any(protocol_rank(p) < protocol_rank("TLSv1.3") for p in endpoint.protocols.value)


def _enabled(endpoint: Endpoint) -> tuple[table.Cipher, ...]:
    if endpoint.ciphers is None or not tls12_enabled(endpoint):
        return ()
    return _suites(endpoint.ciphers.value.suites)


@functools.lru_cache(maxsize=4096)
def _suites(names: tuple[str, ...]) -> tuple[table.Cipher, ...]:
    found = (table.lookup(name) for name in names)
    return tuple(c for c in found if c is not None)


def shorten(text: str, limit: int = 160) -> str:
    """A configured value as quoted in a message: long ones are cut, never echoed whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# How OpenSSL cipher names, aliases and options are written: segments of capitals and digits,
# at most one lower-case letter before them (aNULL, kEECDH) and a version (TLSv1.2, SSLv3).
_NAME_SEGMENT = re.compile(r"[a-z]?[A-Z0-9]+(?:v[0-9.]+)?|[0-9]+")
_SEPARATORS = re.compile(r"[-_=.]")


def name_shaped(token: str) -> bool:
    """Whether an unrecognised token is written like a cipher name (a typo worth quoting).

    Anything else (mixed case, ``/`` or ``+``) is not quoted: a value pasted into the wrong
    setting may be encoded key material, and a fragment of it must never reach an output.
    """
    bare = token.lstrip("!+-@")
    return bool(bare) and all(
        _NAME_SEGMENT.fullmatch(part) for part in _SEPARATORS.split(bare) if part
    )


def unknown_tokens(tokens: tuple[str, ...]) -> str:
    """The unrecognised tokens of a cipher string as a message lists them: quoted when every
    one is written like a cipher name, else only counted (the value holds other data, and no
    piece of it is quoted)."""
    if all(name_shaped(t) for t in tokens):
        return _listing([repr(t) for t in tokens])
    noun = "token" if len(tokens) == 1 else "tokens"
    return f"{len(tokens)} {noun} not written like cipher names (not quoted)"


def _listing(items: list[str], limit: int = SHOWN) -> str:
    shown = ", ".join(shorten(item, 60) for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _insecure(endpoint: Endpoint, allowed: frozenset[str]) -> tuple[tuple[table.Cipher, str], ...]:
    """The insecure suites an endpoint enables, with their reasons."""
    if endpoint.ciphers is None or not tls12_enabled(endpoint):
        return ()
    return _insecure_of(endpoint.ciphers.value.suites, allowed)


@functools.lru_cache(maxsize=4096)
def _insecure_of(
    names: tuple[str, ...], allowed: frozenset[str]
) -> tuple[tuple[table.Cipher, str], ...]:
    """The insecure suites of a list with their reasons (cached by the suites' names: many
    endpoints share one list)."""
    return tuple((c, r) for c in _suites(names) if (r := insecure_reason(c, allowed)))


def cbc_sha1(c: table.Cipher) -> bool:
    return c.mac == "SHA1" and not c.aead and c.enc not in ("RC4", "NULL")


def insecure_reason(c: table.Cipher, allowed: set[str] | frozenset[str]) -> str | None:
    """Why a suite is insecure under the policy; suites the policy lists are accepted."""
    if c.openssl in allowed:
        return None
    reason = table.weakness(c)
    if reason:
        return reason
    if cbc_sha1(c):
        return "CBC with SHA-1"
    return None


@rule(
    "TLS111",
    "insecure-cipher",
    Severity.HIGH,
    "Insecure cipher suites are enabled",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 7465, RFC 9325 4.1, NIST SP 800-52r2; stricter than Mozilla for CBC-SHA1",
    fix="safe",
)
def INSECURE_CIPHER(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    The suites that the cipher setting really enables — tlslint expands OpenSSL cipher strings
    such as `HIGH:!aNULL` exactly as OpenSSL does, including the legacy suites modern builds
    no longer ship — and flags NULL, EXPORT, anonymous, RC4, DES, 3DES, MD5, IDEA, SEED, RC2,
    and CBC suites with SHA-1 where the policy does not list them. Only judged when a
    protocol below TLS 1.3 is enabled.

    Why it matters
    ---
    These suites are broken (RC4, EXPORT/FREAK, DES), give no authentication (anonymous) or no
    encryption (NULL), or are exposed to SWEET32 (64-bit blocks) and Lucky13 (CBC). One
    enabled suite is enough for a downgrade.

    Severity
    ---
    High: NULL, export, anonymous, RC4, DES/3DES (Sweet32) and MD5 suites are breakable (RFC
    7465, RFC 9325 section 4.1). tlslint is deliberately stricter than Mozilla here: CBC
    suites with SHA-1 MACs, which Mozilla's old profile still lists, are also high
    (Lucky13-class padding oracles, NIST SP 800-52r2 3.3.1).

    Example
    ---
    ```nginx
    ssl_ciphers ALL:!aNULL;          # includes 3DES and CBC-SHA1 suites
    ssl_ciphers RC4-SHA:HIGH;
    ```

    Use instead
    ---
    ```nginx
    # the intermediate profile's six suites:
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ```

    References
    ---
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://sweet32.info/
    - https://www.rfc-editor.org/rfc/rfc7465
    - https://www.rfc-editor.org/rfc/rfc9325#section-4.1
    - https://csrc.nist.gov/pubs/sp/800/52/r2/final
    """
    setting = endpoint.ciphers
    bad = list(_insecure(endpoint, frozenset(ctx.policy.ciphers)))
    if setting is None or not bad:
        return
    groups: dict[str, list[str]] = {}
    for c, reason in sorted(bad, key=lambda item: REASON_ORDER.index(item[1])):
        groups.setdefault(reason, []).append(c.openssl)
    items = "; ".join(f"{reason}: {_listing(names, 3)}" for reason, names in groups.items())
    yield Issue(
        f"{len(bad)} insecure cipher suite{'s' if len(bad) > 1 else ''} enabled by "
        f"'{shorten(setting.value.expression)}'{origin_phrase(setting)} — {items}",
        at(setting, endpoint),
        remedies.ciphers(endpoint, ctx),
        intent=intent("ciphers", ctx.policy.ciphers, setting),
        context=" ".join(sorted(c.openssl for c, _ in bad)),
    )


@rule(
    "TLS112",
    "cipher-not-in-policy",
    Severity.LOW,
    "Cipher suites outside the profile's list, unknown cipher names, or the wrong order",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="Mozilla Server Side TLS 6.0 profile (ciphers, ciphersuites)",
    fix="safe",
)
def CIPHER_NOT_IN_POLICY(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Enabled TLS 1.2 suites that are not insecure but are not in the profile's list (CCM,
    CAMELLIA, ARIA, DHE, CBC-SHA256 under `intermediate`), TLS 1.3 suites outside the
    profile's, tokens that match no cipher at all (a typo that OpenSSL silently ignores), and
    the order where the profile prescribes one (`old`, with server preference).

    Why it matters
    ---
    The profile's list is what its oldest supported clients need and nothing more; every extra
    suite widens the attack surface and the audit. A misspelt suite name is ignored by
    OpenSSL, so the configuration does not do what it says.

    Severity
    ---
    Low: the suites are not broken (TLS111 and TLS113 cover those) but differ from the profile
    an auditor measures against, or are names OpenSSL ignores. Info when every suite outside
    the profile is forward-secret with an AEAD or SHA-2 MAC (RFC 9325 section 4.2 prefers
    AEAD but cites no attack on these), and for the order of suites.

    Example
    ---
    ```nginx
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-CCM:ECDHE-RSA-AES256-GCM-SHA385;
    ```

    Use instead
    ---
    ```nginx
    # the intermediate profile's six suites:
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ```

    References
    ---
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://docs.openssl.org/3.0/man1/openssl-ciphers/
    - https://www.rfc-editor.org/rfc/rfc9325#section-4.2
    """
    setting = endpoint.ciphers
    allowed = set(ctx.policy.ciphers)
    if setting is not None and tls12_enabled(endpoint):
        if setting.value.unknown:
            yield Issue(
                f"'{shorten(setting.value.expression)}' contains "
                f"{unknown_tokens(setting.value.unknown)}, which match no cipher "
                "suite and are silently ignored",
                at(setting, endpoint),
                remedies.ciphers(endpoint, ctx),
                intent=intent("ciphers", ctx.policy.ciphers, setting),
                context="unknown " + " ".join(sorted(setting.value.unknown)),
            )
        enabled = _enabled(endpoint)
        if allowed:
            insecure = {c.openssl for c, _ in _insecure(endpoint, frozenset(allowed))}
            judged = allowed | insecure  # listed, or reported as insecure (TLS111)
            outside = [c for c in enabled if c.openssl not in judged]
            extra = [c.openssl for c in outside]
            if extra:
                # Forward-secret suites with an AEAD or SHA-2 MAC (e.g. ECDHE CBC-SHA256) are a
                # matter of taste against the profile, not a weakness anyone cites: advisory.
                taste = all(
                    c.kx in ("ECDHE", "DHE") and c.mac in ("AEAD", "SHA256", "SHA384")
                    for c in outside
                )
                yield Issue(
                    f"{len(extra)} suite{'s' if len(extra) > 1 else ''} outside the "
                    f"{ctx.policy.profile} profile{origin_phrase(setting)}: {_listing(extra)}",
                    at(setting, endpoint),
                    remedies.ciphers(endpoint, ctx),
                    severity=Severity.INFO if taste else None,
                    intent=intent("ciphers", ctx.policy.ciphers, setting),
                    context="extra " + " ".join(sorted(extra)),
                )
            if ctx.policy.server_preferred_order:
                ours = [c.openssl for c in enabled if c.openssl in allowed]
                expected = [name for name in ctx.policy.ciphers if name in set(ours)]
                if ours != expected:
                    yield Issue(
                        f"suites are not in the {ctx.policy.profile} profile's order, which "
                        "matters with server cipher preference",
                        at(setting, endpoint),
                        remedies.ciphers(endpoint, ctx),
                        severity=Severity.INFO,
                        intent=intent("ciphers", ctx.policy.ciphers, setting),
                        context="order",
                    )
    suites = endpoint.tls13_ciphersuites
    if suites is not None and ctx.policy.ciphersuites and suites.origin is not Origin.DEFAULT:
        extra13 = [s for s in suites.value if s not in ctx.policy.ciphersuites]
        if extra13:
            yield Issue(
                f"TLS 1.3 suites outside the {ctx.policy.profile} profile: {_listing(extra13)}",
                at(suites, endpoint),
                "Allow only " + ":".join(ctx.policy.ciphersuites) + ".",
                intent=intent("tls13_ciphersuites", ctx.policy.ciphersuites, suites),
                context="extra13 " + " ".join(extra13),
            )


@rule(
    "TLS113",
    "no-forward-secrecy",
    Severity.MEDIUM,
    "Suites with static RSA or static (EC)DH key exchange are enabled",
    sources=("nginx", "kubernetes", "terraform", "haproxy"),
    standard="RFC 9325 4.1 (static RSA key exchange SHOULD NOT); Mozilla intermediate",
    fix="safe",
)
def NO_FORWARD_SECRECY(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Enabled TLS 1.2 suites whose key exchange is static RSA (`AES128-GCM-SHA256`, `kRSA`) or
    static DH/ECDH, unless the policy lists them (the `old` profile does).

    Why it matters
    ---
    Without an ephemeral key exchange, whoever obtains the server's private key later can
    decrypt every recorded session (no forward secrecy). Static RSA is also what the ROBOT
    attack exploits.

    Severity
    ---
    Medium: without forward secrecy a later key compromise decrypts recorded traffic; RFC
    9325 section 4.1 says implementations SHOULD NOT negotiate static RSA, and Mozilla's
    intermediate profile omits it.

    Example
    ---
    ```nginx
    ssl_ciphers ECDHE+AESGCM:AES128-GCM-SHA256;
    ```

    Use instead
    ---
    ```nginx
    # the intermediate profile's six suites:
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ```

    References
    ---
    - https://robotattack.org/
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://www.rfc-editor.org/rfc/rfc9325#section-4.1
    """
    setting = endpoint.ciphers
    allowed = set(ctx.policy.ciphers)
    static = [
        c.openssl
        for c in _enabled(endpoint)
        if not c.forward_secret
        and not c.anonymous
        and c.openssl not in allowed
        and c.kx in ("RSA", "DH", "ECDH")
    ]
    if setting is None or not static:
        return
    yield Issue(
        f"{len(static)} suite{'s' if len(static) > 1 else ''} without forward secrecy"
        f"{origin_phrase(setting)}: {_listing(static)}",
        at(setting, endpoint),
        remedies.ciphers(endpoint, ctx),
        intent=intent("ciphers", ctx.policy.ciphers, setting),
        context=" ".join(sorted(static)),
    )


@rule(
    "TLS114",
    "server-cipher-preference",
    Severity.INFO,
    "Server cipher preference differs from the profile",
    sources=("nginx", "kubernetes", "haproxy"),
    standard="Mozilla Server Side TLS 6.0 (server_preferred_order)",
    fix="safe",
)
def SERVER_CIPHER_PREFERENCE(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Whether the server imposes its own cipher order (`ssl_prefer_server_ciphers`) where the
    profile says otherwise: `modern` and `intermediate` let the client choose, `old` wants the
    server's order.

    Why it matters
    ---
    When every enabled suite is strong, the client knows best (a phone without AES hardware
    picks ChaCha20). With weak suites enabled for old clients, the server must steer modern
    clients to the strong ones.

    Severity
    ---
    Info: when every enabled suite is acceptable, who picks among them changes no security
    property (Mozilla 6.0 leaves the choice to the client); an advisory only.

    Example
    ---
    ```nginx
    ssl_prefer_server_ciphers on;   # under intermediate
    ```

    Use instead
    ---
    ```nginx
    ssl_prefer_server_ciphers off;
    ```

    References
    ---
    - https://ssl-config.mozilla.org/guidelines/6.0.json
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_prefer_server_ciphers
    """
    setting = endpoint.prefer_server_ciphers
    if setting is None or setting.value == ctx.policy.server_preferred_order:
        return
    if not tls12_enabled(endpoint) and not ctx.policy.server_preferred_order:
        return
    state = "on" if setting.value else "off"
    wanted = "on" if ctx.policy.server_preferred_order else "off"
    yield Issue(
        f"server cipher preference is {state}{origin_phrase(setting)}; the "
        f"{ctx.policy.profile} profile wants it {wanted}",
        at(setting, endpoint),
        remedies.prefer_server_ciphers(endpoint, ctx),
        intent=intent("prefer_server_ciphers", ctx.policy.server_preferred_order, setting),
    )


def _fixed_curves(ctx: Context) -> tuple[str, ...]:
    # X25519MLKEM768 fails to load before OpenSSL 3.5: add it only when the target has it.
    from tlslint.tls import parse_version

    openssl = parse_version(ctx.policy.openssl_version)
    pq = openssl is not None and openssl >= (3, 5)
    return tuple(c for c in ctx.policy.tls_curves if pq or c != "X25519MLKEM768")


def _dhe_enabled(endpoint: Endpoint) -> bool:
    return any(c.kx in ("DHE", "DHEPSK") for c in _enabled(endpoint))


@rule(
    "TLS115",
    "weak-key-exchange",
    Severity.MEDIUM,
    "DH parameters below the policy's size, or ECDH curves outside the profile",
    sources=("nginx", "kubernetes", "haproxy"),
    standard="RFC 7919, RFC 8422, Mozilla 6.0 (dh_param_size, tls_curves)",
    fix="safe",
)
def WEAK_KEY_EXCHANGE(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Finite-field DH parameters (`ssl_dhparam`) smaller than the policy's `dh_param_size` while
    DHE suites are enabled, and written ECDH groups (`ssl_ecdh_curve`) that the profile does
    not list or that are smaller than its `ecdh_param_size`.

    Why it matters
    ---
    1024-bit DH groups are within reach of nation-state precomputation (Logjam); small or
    unusual curves weaken every handshake that negotiates them.

    Severity
    ---
    Medium: DH groups under 2048 bits are within reach of a state-level attacker (Logjam;
    RFC 7919) and curves outside the profile weaken each handshake that picks them; no
    practical break of the common cases, hence below TLS111.

    Example
    ---
    ```nginx
    ssl_dhparam /etc/nginx/dhparam-1024.pem;
    ssl_ecdh_curve secp192r1:prime256v1;
    ```

    Use instead
    ---
    ```nginx
    ssl_ecdh_curve X25519:prime256v1:secp384r1;
    # and no DHE suites, or ffdhe2048 parameters
    ```

    References
    ---
    - https://weakdh.org/
    - https://www.rfc-editor.org/rfc/rfc7919
    - https://www.rfc-editor.org/rfc/rfc8422
    """
    bits = endpoint.dh_param_bits
    minimum = ctx.policy.dh_param_size
    if (
        bits is not None
        and bits.value is not None
        and minimum
        and bits.value < minimum
        and _dhe_enabled(endpoint)
    ):
        yield Issue(
            f"DH parameters are {bits.value} bits; the {ctx.policy.profile} profile asks for "
            f"at least {minimum}",
            at(bits, endpoint),
            "Use ffdhe2048 parameters (RFC 7919) or drop the DHE suites.",
            context=f"dh {bits.value}",
        )
    curves = endpoint.ecdh_curves
    if curves is None or curves.origin is Origin.DEFAULT or not ctx.policy.tls_curves:
        return
    profile = {c.lower() for c in ctx.policy.tls_curves} | {"secp256r1", "p-256", "p-384"}
    outside = [c for c in curves.value if c.lower() not in profile]
    if outside:
        yield Issue(
            f"ECDH groups outside the {ctx.policy.profile} profile{origin_phrase(curves)}: "
            f"{_listing(outside)}",
            at(curves, endpoint),
            remedies.curves(endpoint, ctx),
            intent=intent("ecdh_curves", _fixed_curves(ctx), curves),
            context="curves " + " ".join(outside),
        )
