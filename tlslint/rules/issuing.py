"""Rules over what internal issuers may issue (CFSSL, Vault PKI, cert-manager Vault issuers).

Key strength (TLS405) and lifetime (TLS407) of issuing policies are judged by the certificate
rules, which inspect issuing policies beside certificates; the rule here has no certificate
twin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import ISSUING_POLICIES as KIND
from tlslint.model import Severity
from tlslint.rules.base import Context, Issue, origin_phrase, rule

if TYPE_CHECKING:
    from tlslint.model.issuing import IssuingPolicy


@rule(
    "TLS414",
    "issuing-policy-any-name",
    Severity.HIGH,
    "An issuing role or signing profile (Vault PKI, CFSSL, cert-manager) signs names it does "
    "not restrict",
    subject=KIND,
    sources=("cfssl", "terraform", "kubernetes"),
    standard="NIST SP 800-57 Pt 1 5.6.4 (least privilege); CA/B Forum BR 4.2.2, 7.1.2.5.2",
    fix="none",
)
def ISSUING_POLICY_ANY_NAME(policy: IssuingPolicy, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Internal issuers that issue server (or unrestricted-usage) leaf certificates for any host
    name a requester asks for:

    - a Vault PKI role (`vault_pki_secret_backend_role` in Terraform) with
      `allow_any_name = true`, or whose `allowed_domains` hold a bare wildcard (`*`, `*.*`)
      with `allow_glob_domains = true`;
    - a CFSSL signing profile (or the `default` profile) whose usages include `server auth`
      (or that sets no usages at all) and that has no `name_whitelist`, or one that matches
      every name (CFSSL matches it unanchored, so `.*`, `.` or an empty pattern restrict
      nothing);
    - a cert-manager Vault issuer whose `path` is Vault's `sign-verbatim` endpoint, which
      signs the names of the request with no role restricting them.

    Roles and profiles that issue only client certificates (`server_flag = false`, CFSSL
    usages without `server auth`) and profiles that issue CA certificates (those are judged
    by their own `name_constraints`, which CFSSL only writes into CA certificates) are not
    judged. A public ACME CA (certbot, cert-manager ACME issuers) validates every name, so it
    has nothing to restrict. A role that restricts names to a public suffix (`com` with
    `allow_subdomains`) is not recognised as unrestricted.

    Why it matters
    ---
    Whoever can reach the role or profile (every workload with a Vault token for it, every
    holder of the CFSSL API key) can obtain a certificate for any name the CA is trusted
    for: an internal CA trusted by the fleet then lets one compromised service impersonate
    every other one (`vault.example.internal`, the database, the payment API). Restricting
    names per role is Vault's and CFSSL's only defence against that.

    Severity
    ---
    High: a single leaked credential for the issuer lets an attacker mint a trusted
    certificate for any internal service (NIST SP 800-57 least privilege; the Baseline
    Requirements require the CA to validate every name it signs).

    Example
    ---
    ```hcl
    resource "vault_pki_secret_backend_role" "web" {
      backend        = vault_mount.pki.path
      name           = "web"
      allow_any_name = true
    }
    ```

    Use instead
    ---
    ```hcl
    resource "vault_pki_secret_backend_role" "web" {
      backend           = vault_mount.pki.path
      name              = "web"
      allowed_domains   = ["web.svc.example.internal"]
      allow_subdomains  = true
      enforce_hostnames = true
    }
    ```

    For CFSSL, a `name_whitelist` anchored at both ends:
    `"name_whitelist": "^([a-z0-9-]+\\\\.)*svc\\\\.example\\\\.internal$"`.

    Options
    ---
    None; suppress the finding on an issuer that is meant to sign any name (a test CA).

    References
    ---
    - https://developer.hashicorp.com/vault/api-docs/secret/pki#allow_any_name
    - https://developer.hashicorp.com/vault/docs/secrets/pki/considerations
    - https://github.com/cloudflare/cfssl/blob/master/doc/cmd/cfssl.txt
    - https://cert-manager.io/docs/configuration/vault/
    """
    names = policy.allowed_names
    if names is None or policy.issues_ca or not policy.server_auth:
        return
    if names.value is None:
        why = names.raw or "no name restriction"
    else:
        from tlslint.model.issuing import bare_wildcard

        wild = [p for p in names.value if bare_wildcard(p)]
        if not wild:
            return
        why = f"the pattern {wild[0]!r} matches every name"
    unchecked = f"; {policy.hostnames_unchecked}" if policy.hostnames_unchecked else ""
    yield Issue(
        f"{policy.label} signs any name it is asked for ({why}){origin_phrase(names)}{unchecked}",
        names.location,
        policy.names_remedy
        or f"Restrict the names {policy.name} may sign to the domains its requesters own.",
        endpoint=policy.name,
        context=f"any name {policy.kind} {policy.name}",
    )
