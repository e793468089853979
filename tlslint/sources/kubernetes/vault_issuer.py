"""cert-manager Vault issuers (``spec.vault``), as issuing policies.

A Vault issuer signs through the Vault path it names. ``<mount>/sign/<role>`` and
``<mount>/issue/<role>`` leave names to the role (a Vault role in Terraform is judged where it
is written); ``<mount>/sign-verbatim`` (with or without a role) signs the names of each request
with no role restricting them, so the issuer itself is an issuing policy for any name.
"""

from __future__ import annotations

from tlslint.model import Issuer, Origin, Setting
from tlslint.model.issuing import KIND, IssuingPolicy
from tlslint.sources.kubernetes.common import Objects
from tlslint.sources.kubernetes.reader import Reader
from tlslint.sources.kubernetes.yamltree import Map


def vault_issuer(objects: Objects, r: Reader, spec: Map | None, found: Issuer) -> None:
    vault = r.map(spec, "vault", "spec.vault")
    path = r.str(vault, "path", "spec.vault.path")
    if vault is None or not path:
        return
    segments = [s for s in path.strip("/").split("/") if s]
    if "sign-verbatim" not in segments:
        return
    where = r.loc(vault.get("path"), vault)
    why = f"path {path}: Vault's sign-verbatim endpoint signs the names of each request"
    objects.publish(
        KIND,
        IssuingPolicy(
            source="kubernetes",
            kind="cert-manager Vault issuer",
            name=found.display,
            location=where,
            allowed_names=Setting(None, Origin.WRITTEN, where, why),
            names_remedy="Sign through <mount>/sign/<role> with a Vault role whose "
            "allowed_domains restrict the names to what this issuer's users own.",
        ),
    )
