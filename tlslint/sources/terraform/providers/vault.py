"""Vault PKI in Terraform: roles, root and intermediate CAs, as issuing policies.

Each ``vault_pki_secret_backend_role`` becomes an :class:`IssuingPolicy` saying which keys
(``key_type``, ``key_bits``), lifetimes (``max_ttl``, else the mount's
``max_lease_ttl_seconds``, else Vault's 32-day system maximum) and names (``allow_any_name``,
``allowed_domains`` with ``allow_glob_domains``) the role issues, and whether it issues server
certificates (``server_flag``). Root certificates (``vault_pki_secret_backend_root_cert``),
intermediate requests (``…_intermediate_cert_request``) and signed intermediates
(``…_root_sign_intermediate``) are CA policies: their key and TTL.

Defaults are the Vault provider's and Vault's own (``key_type = "rsa"``; ``key_bits`` 0 or
absent means RSA 2048, EC P-256; ``server_flag`` true; ``allow_any_name`` and
``allow_glob_domains`` false; ``enforce_hostnames`` true).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tlslint.model import Origin, Setting
from tlslint.model.issuing import KIND, IssuingPolicy, PolicyKey, parse_duration
from tlslint.sources.terraform.builders import Provider
from tlslint.sources.terraform.view import Res, Val

if TYPE_CHECKING:
    from tlslint.sources.terraform.builders import Out

SOURCE = "terraform"
ROLE = "vault_pki_secret_backend_role"
VAULT_SYSTEM_MAX_TTL = 32 * 86400  # Vault's default max_lease_ttl (768h)
KEY_TYPES = {"rsa": "RSA", "ec": "EC", "ed25519": "Ed25519"}
DEFAULT_BITS = {"RSA": 2048, "EC": 256, "Ed25519": 0}


def _truth(val: Val, default: bool) -> bool | None:
    """The attribute as a boolean, its default when absent, None when it cannot be told."""
    if not val.present:
        return default
    if not val.known:
        return None
    value = val.value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def key_setting(res: Res) -> Setting[PolicyKey] | None:
    """The key a role or CA generates; None when it depends on something unknown or the
    requester decides (``key_type = "any"``)."""
    type_val, bits_val = res.get("key_type"), res.get("key_bits")
    if (type_val.present and not type_val.known) or (bits_val.present and not bits_val.known):
        return None
    written = str(type_val.value).lower() if type_val.present else "rsa"
    kind = KEY_TYPES.get(written)
    if kind is None:
        return None  # "any": Vault signs the key each CSR brings (and refuses RSA < 2048)
    try:
        bits = int(bits_val.value) if bits_val.present else 0
    except (TypeError, ValueError):
        return None
    bits = bits or DEFAULT_BITS[kind]
    key = PolicyKey.ec(bits) if kind == "EC" else PolicyKey(kind, bits)
    if bits_val.present:
        return Setting(key, Origin.WRITTEN, bits_val.location, f"key_bits = {bits_val.raw}")
    if type_val.present:
        note = f"key_bits defaults to {bits} for {written}"
        return Setting(key, Origin.WRITTEN, type_val.location, type_val.raw, note)
    where = res.location
    return Setting(key, Origin.DEFAULT, where, "", "Vault's default key: RSA 2048")


def _ttl(val: Val) -> int | None:
    if not val.known:
        return None
    value = val.value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    return parse_duration(str(value))


def _mount_max(res: Res, out: Out) -> Setting[int] | None:
    """The mount's max_lease_ttl_seconds when ``backend`` refers to a ``vault_mount``."""
    mount = out.find(res, res.ref_target("backend"), "vault_mount")
    if mount is None:
        return None
    val = mount.get("max_lease_ttl_seconds")
    seconds = _ttl(val)
    if seconds is None or not seconds:
        return None
    note = f"no max_ttl: the mount's max_lease_ttl_seconds = {val.raw} ({mount.address})"
    return Setting(seconds, Origin.INHERITED, val.location, "", note)


def lifetime(res: Res, out: Out, attr: str) -> Setting[int] | None:
    val = res.get(attr)
    if val.present:
        seconds = _ttl(val)
        if seconds is None:
            return None
        if seconds:  # 0 / "" means "not set": the mount's maximum applies
            return Setting(seconds, Origin.WRITTEN, val.location, f"{attr} = {val.raw}")
    inherited = _mount_max(res, out)
    if inherited is not None:
        return inherited
    note = f"no {attr}: Vault's default maximum lease TTL, 768h"
    return Setting(VAULT_SYSTEM_MAX_TTL, Origin.DEFAULT, res.location, "", note)


def _strings(val: Val) -> tuple[str, ...] | None:
    if not val.present:
        return ()
    if not val.known:
        return None
    value = val.value
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return None


def _names(res: Res) -> Setting[tuple[str, ...] | None] | None:
    any_name = res.get("allow_any_name")
    if _truth(any_name, False):
        return Setting(None, Origin.WRITTEN, any_name.location, f"allow_any_name = {any_name.raw}")
    if _truth(any_name, False) is None:
        return None
    domains_val = res.get("allowed_domains")
    domains = _strings(domains_val)
    glob_val = res.get("allow_glob_domains")
    glob = _truth(glob_val, False)
    if domains is None or glob is None:
        return None
    # Without allow_glob_domains a "*" in allowed_domains is a literal, matching nothing.
    patterns = domains if glob else tuple(d for d in domains if "*" not in d)
    where = domains_val.location if domains_val.present else res.location
    raw = f"allowed_domains = {domains_val.raw}" if domains_val.present else ""
    note = "with allow_glob_domains = true" if glob else ""
    return Setting(patterns, Origin.WRITTEN, where, raw, note)


def role(res: Res, out: Out) -> None:
    server = _truth(res.get("server_flag"), True)
    enforce = res.get("enforce_hostnames")
    unchecked = (
        f"enforce_hostnames = {enforce.raw} lets it sign names that are not host names"
        if _truth(enforce, True) is False
        else ""
    )
    usages = tuple(
        u
        for u, flag, default in (
            ("server auth", "server_flag", True),
            ("client auth", "client_flag", True),
            ("code signing", "code_signing_flag", False),
            ("email protection", "email_protection_flag", False),
        )
        if _truth(res.get(flag), default)
    )
    out.publish(
        KIND,
        IssuingPolicy(
            source=SOURCE,
            kind="Vault PKI role",
            name=res.address,
            location=res.location,
            key=key_setting(res),
            max_lifetime=lifetime(res, out, "max_ttl"),
            allowed_names=_names(res),
            server_auth=server is not False,
            usages=usages,
            hostnames_unchecked=unchecked,
            names_remedy="Set allow_any_name = false and allowed_domains to the domains its "
            "requesters own (with allow_subdomains; no bare `*` glob), and keep "
            "enforce_hostnames = true.",
        ),
    )


def _ca(kind: str, with_key: bool) -> Callable[[Res, Out], None]:
    def build(res: Res, out: Out) -> None:
        ttl = res.get("ttl")
        seconds = _ttl(ttl) if ttl.present else None
        out.publish(
            KIND,
            IssuingPolicy(
                source=SOURCE,
                kind=kind,
                name=res.address,
                location=res.location,
                issues_ca=True,
                key=key_setting(res) if with_key else None,
                max_lifetime=(
                    Setting(seconds, Origin.WRITTEN, ttl.location, f"ttl = {ttl.raw}")
                    if seconds
                    else None
                ),
            ),
        )

    return build


def _index_only(res: Res, out: Out) -> None:
    """Read as a link target (a role's ``backend``) only."""


PROVIDER = Provider(
    builders={
        ROLE: role,
        "vault_pki_secret_backend_root_cert": _ca("Vault PKI root CA", True),
        "vault_pki_secret_backend_intermediate_cert_request": _ca(
            "Vault PKI intermediate CA", True
        ),
        "vault_pki_secret_backend_root_sign_intermediate": _ca(
            "Vault PKI signed intermediate", False
        ),
        "vault_mount": _index_only,
    }
)
