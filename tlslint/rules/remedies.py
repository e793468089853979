"""Remediation sentences: what a finding tells a user to change.

Rules decide *what* must change (a :class:`FixIntent`); the endpoint's source says *how* to
write it in its own language (``Source.remedy``, reached through ``Context.remedy``), so a
rule stays one function for every source. The words here are for sources that have none.
"""

from __future__ import annotations

from tlslint.model import Endpoint, FixIntent, Hsts
from tlslint.rules.base import Context


def protocols(endpoint: Endpoint, ctx: Context) -> str:
    versions = ctx.policy.tls_versions
    wanted = FixIntent("protocols", versions)
    return ctx.remedy(wanted, endpoint) or f"Allow only {' '.join(versions)}."


def ciphers(endpoint: Endpoint, ctx: Context) -> str:
    policy = ctx.policy
    if not policy.ciphers:
        return f"Disable TLS 1.2 and below; the {policy.profile} profile uses TLS 1.3 suites only."
    listed = ":".join(policy.ciphers)
    return (
        ctx.remedy(FixIntent("ciphers", policy.ciphers), endpoint)
        or f"Allow only the {policy.profile} profile's suites: {listed}."
    )


def prefer_server_ciphers(endpoint: Endpoint, ctx: Context) -> str:
    preferred = ctx.policy.server_preferred_order
    return (
        ctx.remedy(FixIntent("prefer_server_ciphers", preferred), endpoint)
        or f"Set server cipher preference {'on' if preferred else 'off'}."
    )


def hsts(endpoint: Endpoint, ctx: Context) -> str:
    wanted = Hsts(ctx.policy.hsts_min_age, True, False, True)
    header = f"max-age={ctx.policy.hsts_min_age}; includeSubDomains"
    return (
        ctx.remedy(FixIntent("hsts", wanted), endpoint)
        or f"Send `Strict-Transport-Security: {header}`."
    )


def curves(endpoint: Endpoint, ctx: Context) -> str:
    named = [c for c in ctx.policy.tls_curves if c != "X25519MLKEM768"]
    groups = tuple(named) or ("X25519", "prime256v1")
    return ctx.remedy(FixIntent("ecdh_curves", groups), endpoint) or (
        f"Allow only the groups {':'.join(groups)}."
    )


# -- certificates and keys (the certificates source) ----------------------------------------


def renew_certificate(where: str, origin: str) -> str:
    """How to replace a certificate: in its file, or in the Secret / heredoc that holds it."""
    if origin.startswith("Secret"):
        return (
            f"Renew the certificate and update the {origin.split(',')[0]} (or let cert-manager "
            "issue and renew it)."
        )
    if origin:
        return f"Renew the certificate and replace it in {origin}."
    return f"Issue a new certificate and replace {where}; automate renewal (ACME, cert-manager)."


def reissue_certificate(what: str, origin: str, where: str) -> str:
    """How to get a certificate re-issued with different properties."""
    target = origin.split(",")[0] if origin else where
    return f"Have the certificate re-issued with {what}, and replace {target}."


def remove_private_key(where: str, origin: str) -> str:
    if origin.startswith("Secret"):
        return (
            f"Take the key out of the manifest ({origin.split(',')[0]}): create the Secret at "
            "deploy time (cert-manager, External Secrets, SealedSecrets or SOPS), rotate the key "
            "and re-issue its certificate, and purge it from the Git history."
        )
    return (
        f"Remove {where} from the repository and its history (git filter-repo), rotate the key "
        "and re-issue its certificate, and load keys at deploy time from a secret store; add "
        "the path to .gitignore."
    )


def reencrypt_private_key(where: str) -> str:
    return (
        f"Re-encrypt {where} with PBES2/AES-256 (`openssl pkcs8 -topk8 -v2 aes-256-cbc "
        "-iter 600000`), or better, keep it out of the repository."
    )
