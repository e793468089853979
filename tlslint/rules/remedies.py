"""How to write a setting in each source's own language, for remediation sentences.

Rules decide *what* must change; this module says *how* to write it where the endpoint lives,
so a rule stays one function for every source. Later sources add their entries.
"""

from __future__ import annotations

from tlslint.linter.model import Endpoint
from tlslint.linter.policy import Policy


def protocols(endpoint: Endpoint, policy: Policy) -> str:
    versions = " ".join(policy.tls_versions)
    if endpoint.source == "nginx":
        return f"Set `ssl_protocols {versions};`."
    return f"Allow only {versions}."


def ciphers(endpoint: Endpoint, policy: Policy) -> str:
    if not policy.ciphers:
        return f"Disable TLS 1.2 and below; the {policy.profile} profile uses TLS 1.3 suites only."
    listed = ":".join(policy.ciphers)
    if endpoint.source == "nginx":
        return f"Set `ssl_ciphers {listed};`."
    return f"Allow only the {policy.profile} profile's suites: {listed}."


def prefer_server_ciphers(endpoint: Endpoint, policy: Policy) -> str:
    value = "on" if policy.server_preferred_order else "off"
    if endpoint.source == "nginx":
        return f"Set `ssl_prefer_server_ciphers {value};`."
    return f"Set server cipher preference {value}."


def hsts(endpoint: Endpoint, policy: Policy) -> str:
    header = f"max-age={policy.hsts_min_age}; includeSubDomains"
    if endpoint.source == "nginx":
        return f'Add `add_header Strict-Transport-Security "{header}" always;` to the server.'
    return f"Send `Strict-Transport-Security: {header}`."


def curves(endpoint: Endpoint, policy: Policy) -> str:
    listed = ":".join(c for c in policy.tls_curves if c != "X25519MLKEM768") or "X25519:prime256v1"
    if endpoint.source == "nginx":
        return f"Set `ssl_ecdh_curve {listed};` (add X25519MLKEM768 first with OpenSSL 3.5+)."
    return f"Allow only the groups {listed}."


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
