"""Private keys committed to the repository (TLS501–TLS502); their content is never shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import PRIVATE_KEYS, Severity
from tlslint.rules import remedies
from tlslint.rules.base import Context, Issue, rule
from tlslint.rules.certificates.strength import describe_key

if TYPE_CHECKING:
    from tlslint.model.certificates import PrivateKey


def _kind(key: PrivateKey) -> str:
    described = describe_key(key.key_type, key.key_size, None)
    return "" if described == "unknown" else f"{described} "


@rule(
    "TLS501",
    "private-key-committed",
    Severity.CRITICAL,
    "An unencrypted private key in the repository (file or Kubernetes Secret `tls.key`); "
    "never printed",
    subject=PRIVATE_KEYS,
    sources=("certificates",),
    standard="CWE-321, CWE-798; NIST SP 800-57 6.2.2",
    fix="none",
)
def PRIVATE_KEY_COMMITTED(key: PrivateKey, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Unencrypted private keys anywhere in the repository, in any PEM form (PKCS#8, PKCS#1,
    SEC1, OpenSSH), DER, an unprotected PKCS#12 store, or inside a manifest (a TLS Secret's
    `tls.key`, a Terraform heredoc). Only the key's type, size and place are reported —
    never a byte of it.

    Why it matters
    ---
    Everyone with read access to the repository, its forks, clones, CI logs and backups can
    impersonate the server and, without forward secrecy, decrypt recorded traffic. Deleting
    the file later does not remove it from the history.

    Severity
    ---
    Critical: anyone with read access to the repository holds the key and can impersonate
    the server or decrypt traffic.

    Example
    ---
    ```text
    deploy/tls/shop.key    -----BEGIN PRIVATE KEY-----
    ```

    <!-- fixture: TLS501/certificates/fires_unencrypted_keys -->

    Use instead
    ---
    Keys created where they are used (cert-manager, ACME clients) or delivered at deploy
    time from a secret store (Vault, cloud secret managers, SOPS or SealedSecrets for
    GitOps); `*.key` in `.gitignore`.

    <!-- fixture: TLS501/certificates/passes_encrypted_key_and_public_material -->

    References
    ---
    - https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning
    - https://cwe.mitre.org/data/definitions/321.html
    - https://csrc.nist.gov/pubs/sp/800/57/pt1/r5/final
    """
    if key.encrypted:
        return
    yield Issue(
        f"unencrypted {_kind(key)}private key committed in {key.where} ({key.pem_type}); "
        "treat it as compromised",
        key.location,
        remedies.remove_private_key(key.path, key.origin),
        endpoint=key.where,
        context=f"private key {key.key} {key.pem_type}",
    )


@rule(
    "TLS502",
    "weak-key-encryption",
    Severity.MEDIUM,
    "An encrypted private key protected by a weak scheme",
    subject=PRIVATE_KEYS,
    sources=("certificates",),
    standard="RFC 8018 (PBES2); NIST SP 800-132",
    fix="none",
)
def WEAK_KEY_ENCRYPTION(key: PrivateKey, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Encrypted private keys whose protection is weak: OpenSSL's traditional PEM encryption
    (`Proc-Type: 4,ENCRYPTED`, one MD5 round to derive the key), PKCS#5 PBES1 and PKCS#12
    PBE schemes (DES, RC2, RC4, 3DES), PBES2 with DES, 3DES or RC2, or PBKDF2 with fewer than
    1000 iterations.

    Why it matters
    ---
    A committed encrypted key is only as safe as its passphrase against offline guessing; a
    weak scheme makes each guess nearly free, so the key is effectively committed in clear.

    Severity
    ---
    Medium: the key is protected, but by a scheme (PBES1, DES, MD5, few iterations) that an
    offline attacker can brute-force.

    Example
    ---
    ```sh
    openssl rsa -des3 -in shop.key -out shop.enc.key     # traditional, MD5-derived key
    ```

    <!-- fixture: TLS502/certificates/fires_weak_schemes -->

    Use instead
    ---
    ```sh
    openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000 -in shop.key -out shop.enc.key
    ```

    <!-- fixture: TLS502/certificates/passes_pbes2_aes -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc8018#section-6.2
    - https://docs.openssl.org/3.0/man1/openssl-pkcs8/
    - https://csrc.nist.gov/pubs/sp/800/132/final
    """
    if not key.encrypted or not key.weakness:
        return
    yield Issue(
        f"private key in {key.where} is encrypted with {key.encryption}: {key.weakness}",
        key.location,
        remedies.reencrypt_private_key(key.path),
        endpoint=key.where,
        context=f"weak key encryption {key.key}",
    )
