"""What a certificate is made of: its key, its signature, its names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import CERTIFICATES, Severity
from tlslint.model import ISSUING_POLICIES as ISSUING
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, origin_phrase, rule

if TYPE_CHECKING:
    from tlslint.model.certificates import Certificate
    from tlslint.model.issuing import IssuingPolicy
from tlslint.rules.certificates.lifecycle import serving_endpoints

SOURCES = ("certificates",)

CURVE_NAMES = {
    "secp256r1": "P-256",
    "secp384r1": "P-384",
    "secp521r1": "P-521",
    "ed25519": "Ed25519",
}


def describe_key(key_type: str, size: int, curve: str | None) -> str:
    if key_type == "EC" and curve:
        return f"EC {CURVE_NAMES.get(curve, curve)}"
    if key_type in ("RSA", "DSA") and size:
        return f"{key_type} {size}-bit"
    return key_type


def _accepted(ctx: Context) -> str:
    parts = []
    for kind in ctx.policy.certificate_key_types:
        if kind == "RSA":
            parts.append(f"RSA of {ctx.policy.rsa_key_size} bits or more")
        elif kind == "EC":
            curves = "/".join(CURVE_NAMES.get(c, c) for c in ctx.policy.certificate_key_curves)
            parts.append(f"EC {curves}")
        else:
            parts.append(kind)
    return ", ".join(parts)


def key_weakness(cert: Certificate, ctx: Context) -> str | None:
    """Why the certificate's key falls short of the policy, or None."""
    return weakness_of(cert.key_type, cert.key_size, cert.curve, ctx)


def weakness_of(key_type: str, size: int, curve: str | None, ctx: Context) -> str | None:
    """Why a key of this type, size and curve falls short of the policy, or None."""
    policy = ctx.policy
    if key_type not in policy.certificate_key_types:
        return f"key type {key_type} is not accepted"
    if key_type in ("RSA", "DSA") and size < policy.rsa_key_size:
        return f"{key_type} key of {size} bits is under {policy.rsa_key_size}"
    if key_type == "EC" and curve not in policy.certificate_key_curves:
        return f"EC curve {CURVE_NAMES.get(curve or '', curve)} is not accepted"
    return None


@rule(
    "TLS405",
    "weak-certificate-key",
    Severity.HIGH,
    "RSA under 2048 bits, EC curve outside P-256/P-384/P-521/Ed25519, DSA",
    subject=CERTIFICATES,
    sources=(*SOURCES, "cfssl", "terraform", "renewal"),
    standard="CA/B Forum BR 6.1.5; NIST SP 800-131A; Mozilla 6.0 (rsa_key_size)",
    also=(ISSUING,),
    fix="none",
)
def WEAK_CERTIFICATE_KEY(cert: Certificate | IssuingPolicy, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Every certificate's public key against the policy: key types in `certificate_key_types`
    (RSA, EC, Ed25519), RSA of at least `rsa_key_size` bits (2048), EC curves in
    `certificate_key_curves` (P-256, P-384, P-521). DSA and key types tlslint cannot decode
    (GOST, SM2, …) are not accepted.

    The same test applies to the keys issuers are set to create, before any certificate
    exists: a CFSSL CSR's `key` (`algo`, `size`), a Vault PKI role's or CA's `key_type` and
    `key_bits` in Terraform (`key_bits = 0` is Vault's default: RSA 2048, EC P-256), and a
    certbot renewal configuration's `key_type`, `rsa_key_size` and `elliptic_curve` (certbot
    defaults: ECDSA secp256r1 since 2.0, RSA 2048). A Vault role with `key_type = "any"`
    signs the key each request brings, which Vault itself refuses under RSA 2048: not judged.

    Why it matters
    ---
    RSA-1024 is within reach of well-funded attackers and refused by current browsers and
    CAs; unusual curves and DSA are refused by many clients, so the certificate either fails
    or drags the handshake to weaker settings.

    Severity
    ---
    High: RSA under 2048 bits and DSA are below NIST SP 800-131A and the CA/B Forum Baseline
    Requirements (6.1.5); publicly trusted CAs may not issue them.

    Example
    ---
    ```sh
    openssl req -x509 -newkey rsa:1024 …
    ```

    <!-- fixture: TLS405/certificates/fires_rsa_1024 -->
    ```hcl
    resource "vault_pki_secret_backend_role" "web" {
      key_type = "rsa"
      key_bits = 1024
    }
    ```

    Use instead
    ---
    ```sh
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 …
    ```

    <!-- fixture: TLS405/certificates/passes_p256_and_rsa_2048 -->
    ```hcl
    resource "vault_pki_secret_backend_role" "web" {
      key_type = "ec"
      key_bits = 256
    }
    ```

    References
    ---
    - https://wiki.mozilla.org/Security/Server_Side_TLS
    - https://csrc.nist.gov/pubs/sp/800/131/a/r2/final
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/
    """
    from tlslint.model.certificates import Certificate  # loaded: published certificates

    if not isinstance(cert, Certificate):  # an IssuingPolicy (the rule's other subject)
        yield from _weak_policy_key(cert, ctx)
        return
    weakness = key_weakness(cert, ctx)
    if weakness is None:
        return
    yield Issue(
        f"certificate {cert.label} in {cert.where} has a "
        f"{describe_key(cert.key_type, cert.key_size, cert.curve)} key: {weakness}; the policy "
        f"accepts {_accepted(ctx)}",
        cert.location,
        remedies.reissue_certificate("a new P-256 or RSA-2048+ key", cert.origin, cert.path),
        endpoint=serving_endpoints(cert),
        context=f"weak key {cert.fingerprint_sha256}",
    )


def _weak_policy_key(policy: IssuingPolicy, ctx: Context) -> Iterator[Issue]:
    key = policy.key
    if key is None:
        return
    weakness = weakness_of(key.value.type, key.value.size, key.value.curve, ctx)
    if weakness is None:
        return
    what = describe_key(key.value.type, key.value.size, key.value.curve)
    does = (
        f"asks for a {what} key"
        if policy.is_request
        else (f"generates a {what} key" if policy.issues_ca else f"issues {what} keys")
    )
    yield Issue(
        f"{policy.label} {does}{origin_phrase(key)}: {weakness}; the policy "
        f"accepts {_accepted(ctx)}",
        key.location,
        f"{'Ask for' if policy.is_request else f'Make {policy.name} issue'} an EC P-256 (or "
        f"RSA {ctx.policy.rsa_key_size}+ bit) key.",
        endpoint=policy.name,
        context=f"weak issued key {policy.kind} {policy.name} {what}",
    )


@rule(
    "TLS406",
    "weak-signature",
    Severity.HIGH,
    "SHA-1 or MD5 signature on a non-root certificate",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="CA/B Forum BR 7.1.3; RFC 9155; NIST SP 800-131A",
    fix="none",
)
def WEAK_SIGNATURE(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Certificates signed with a hash in `weak_signature_hashes` (MD2, MD5, SHA-1). Roots are
    exempt: their self-signature is never checked by clients, which trust the root itself.

    Why it matters
    ---
    SHA-1 collisions are practical (SHAttered, 2017; chosen-prefix, 2020), so a SHA-1
    signature no longer binds a name to a key; browsers and OpenSSL 3 at security level 1+
    refuse SHA-1-signed certificates.

    Severity
    ---
    High: SHA-1 and MD5 signatures can be forged by chosen-prefix collisions (SHAttered, RFC
    9155); the CA/B Forum Baseline Requirements forbid them.

    Example
    ---
    ```sh
    openssl x509 -req -sha1 …
    ```

    <!-- fixture: TLS406/certificates/fires_sha1_signed -->

    Use instead
    ---
    ```sh
    openssl x509 -req -sha256 …
    ```

    <!-- fixture: TLS406/certificates/passes_sha256_and_sha1_root -->

    References
    ---
    - https://shattered.io/
    - https://www.rfc-editor.org/rfc/rfc9155
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/
    """
    hash_name = cert.signature_hash
    if cert.self_signed or hash_name is None or hash_name not in ctx.policy.weak_signature_hashes:
        return
    yield Issue(
        f"certificate {cert.label} in {cert.where} is signed with "
        f"{hash_name.upper()} ({cert.signature_algorithm}); use SHA-256 or stronger",
        cert.location,
        remedies.reissue_certificate("a SHA-256 signature", cert.origin, cert.path),
        endpoint=serving_endpoints(cert),
        context=f"weak signature {cert.fingerprint_sha256}",
    )


@rule(
    "TLS408",
    "missing-san",
    Severity.HIGH,
    "Leaf with no subjectAltName (CN-only names are ignored by clients)",
    subject=CERTIFICATES,
    sources=SOURCES,
    standard="RFC 6125 6.4.4; CA/B Forum BR 7.1.2.7.12; RFC 5280 4.2.1.6",
    fix="none",
)
def MISSING_SAN(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Server leaf certificates (not CAs) without a subjectAltName extension holding at least one
    DNS name or IP address. Client certificates are not server leaves: one whose
    extendedKeyUsage leaves out serverAuth, or that names a person or workload (email or URI
    SANs) and is served by no endpoint, is not judged.

    Why it matters
    ---
    Browsers and modern TLS libraries match host names against the SANs only and ignore the
    subject's common name (Chrome since version 58, Go since 1.15): a CN-only certificate
    fails with a name mismatch everywhere.

    Severity
    ---
    High: clients match host names only against SANs (RFC 6125), so the certificate fails
    for every client.

    Example
    ---
    ```sh
    openssl req -x509 -subj /CN=shop.example.com …
    ```

    <!-- fixture: TLS408/certificates/fires_no_san -->

    Use instead
    ---
    ```sh
    openssl req -x509 -subj /CN=shop.example.com -addext subjectAltName=DNS:shop.example.com …
    ```

    <!-- fixture: TLS408/certificates/passes_san_and_ca -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc6125#section-6.4.4
    - https://chromestatus.com/feature/4981025180483584
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
    """
    if cert.is_ca or cert.role != "certificate" or cert.names:
        return
    if not cert.server_auth or ((cert.emails or cert.uris) and not cert.served_by):
        return  # a client certificate: its names are an email address or a URI
    what = "an empty subjectAltName" if cert.has_san else "no subjectAltName"
    cn = f" (CN={cert.common_name} is ignored by clients)" if cert.common_name else ""
    yield Issue(
        f"certificate {cert.label} in {cert.where} has {what}{cn}",
        cert.location,
        remedies.reissue_certificate(
            "its host names as DNS subjectAltNames", cert.origin, cert.path
        ),
        endpoint=serving_endpoints(cert),
        context=f"missing san {cert.fingerprint_sha256}",
    )
