"""certbot renewal configurations and acme.sh domain configurations.

Both are read line by line, by hand: certbot writes its renewal files in ConfigObj's syntax
(``key = value`` lines, ``[section]`` headers, ``#`` comments), which the standard library's
``configparser`` reads without line numbers and rejects where ConfigObj does not (keys before
the first section); acme.sh writes shell assignments (``Le_ReloadCmd='…'``). Each finding must
point at its line, and only a handful of keys matter, so a small reader that keeps lines is
simpler and safer than either library.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from pathlib import Path

from tlslint.model import Location, Origin, Setting
from tlslint.model.issuing import IssuingPolicy, PolicyKey
from tlslint.model.rotation import Renewal

_ENTRY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=(.*)$")
_SECTION = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*$")
_COMMENT = re.compile(r"\s#.*$")
_WINDOW = re.compile(r"^\s*(\d+)\s*(day|week|hour|month)s?\s*$", re.I)
HOOK_KEYS = ("deploy_hook", "renew_hook", "post_hook")
RELOADING_INSTALLERS = frozenset({"nginx", "apache"})
LETSENCRYPT_LIFETIME_DAYS = 90  # Let's Encrypt's default ("classic") profile
DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def _entries(text: str) -> dict[tuple[str, str], tuple[str, int]]:
    """(section, key) -> (value, line); section "" before the first header."""
    out: dict[tuple[str, str], tuple[str, int]] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        entry = _ENTRY.match(line)
        if entry:
            value = entry.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            elif value[:1] not in "'\"":
                value = _COMMENT.sub("", value).strip()  # ConfigObj drops inline comments
            out[(section, entry.group(1))] = (value, number)
    return out


def renewal_config(path: str, text: str, root: Path) -> list[Renewal]:
    entries = _entries(text)
    lineage = posixpath.basename(path)[: -len(".conf")]
    params_line = next(
        (n for n, line in enumerate(text.splitlines(), 1) if "[renewalparams]" in line), 1
    )
    hook: Setting[str | None] = Setting(None, Origin.DEFAULT, Location(path, params_line))
    for key in HOOK_KEYS:
        found = entries.get(("renewalparams", key))
        if found and found[0] and found[0] != "None":
            hook = Setting(f"{key} = {found[0]}", Origin.WRITTEN, Location(path, found[1]))
            break
    installer = entries.get(("renewalparams", "installer"))
    if hook.value is None and installer and installer[0] in RELOADING_INSTALLERS:
        where = Location(path, installer[1])
        hook = Setting(f"installer = {installer[0]}", Origin.WRITTEN, where)
    if hook.value is None:
        # certbot's layout: <dir>/renewal/<name>.conf beside <dir>/renewal-hooks/.
        from tlslint.sources.renewal import hook_script

        script = hook_script(root, posixpath.dirname(posixpath.dirname(path)))
        if script:
            hook = Setting(f"hook script {script}", Origin.INHERITED, Location(script))
    live = entries.get(("", "fullchain")) or entries.get(("", "cert"))
    directory = posixpath.dirname(live[0]) + "/" if live else f"/etc/letsencrypt/live/{lineage}/"
    window = entries.get(("", "renew_before_expiry"))
    renew_before = None
    if window:
        match = _WINDOW.match(window[0])
        if match:
            days = int(int(match.group(1)) * DAYS[match.group(2).lower()])
            raw = f"renew_before_expiry = {window[0]}"
            renew_before = Setting(days, Origin.WRITTEN, Location(path, window[1]), raw)
    server = entries.get(("renewalparams", "server"), ("", 0))[0]
    lifetime = LETSENCRYPT_LIFETIME_DAYS if "letsencrypt.org" in server else None
    params = Location(path, params_line)
    return [
        Renewal(
            issuing=requested_key(path, lineage, entries, params),
            tool="certbot",
            description=f"certbot renewal configuration {lineage}",
            location=Location(path, params_line),
            certificates=(directory,),
            hook=hook,
            renew_before_days=renew_before,
            lifetime_days=lifetime,
        )
    ]


def requested_key(
    path: str, lineage: str, entries: dict[tuple[str, str], tuple[str, int]], where: Location
) -> IssuingPolicy | None:
    """The key certbot asks for at each renewal: ``key_type`` (``rsa`` | ``ecdsa``) with
    ``rsa_key_size`` or ``elliptic_curve``. Without ``key_type`` certbot keeps the lineage's
    current key type, so only a written ``rsa_key_size`` (an RSA lineage) says anything."""
    key_type = entries.get(("renewalparams", "key_type"))
    size = entries.get(("renewalparams", "rsa_key_size"))
    curve = entries.get(("renewalparams", "elliptic_curve"))
    authenticator = entries.get(("renewalparams", "authenticator"), ("", 0))[0]
    kind = (
        f"certbot renewal ({authenticator} authenticator)" if authenticator else "certbot renewal"
    )
    key: Setting[PolicyKey] | None = None
    written = key_type[0].lower() if key_type else ""
    if written == "ecdsa" or (not key_type and curve and not size):
        name = (curve[0] if curve else "secp256r1").lower()
        bits = {"secp256r1": 256, "secp384r1": 384, "secp521r1": 521}.get(name, 0)
        at = curve or key_type
        assert at is not None
        note = "" if curve else "elliptic_curve defaults to secp256r1"
        raw = f"elliptic_curve = {curve[0]}" if curve else f"key_type = {written}"
        key = Setting(PolicyKey("EC", bits, name), Origin.WRITTEN, Location(path, at[1]), raw, note)
    elif written == "rsa" or (not key_type and size):
        bits = int(size[0]) if size and size[0].isdigit() else 2048
        at = size or key_type
        assert at is not None
        raw = f"rsa_key_size = {size[0]}" if size else f"key_type = {written}"
        note = "" if size else "rsa_key_size defaults to 2048"
        key = Setting(PolicyKey("RSA", bits), Origin.WRITTEN, Location(path, at[1]), raw, note)
    if key is None:
        return None
    return IssuingPolicy(
        source="renewal",
        kind=kind,
        name=f"{lineage} ({path})",
        location=where,
        key=key,
        is_request=True,
    )


def acme_config(path: str, text: str) -> list[Renewal]:
    """acme.sh's ``<domain>.conf``: ``Le_ReloadCmd`` and the paths it installs to."""
    values: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = _ENTRY.match(line)
        if entry and entry.group(1).startswith("Le_"):
            value = entry.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[entry.group(1)] = (_unbase64(value), number)
    domain = values.get("Le_Domain", ("?", 1))
    installed = tuple(
        values[k][0]
        for k in ("Le_RealFullChainPath", "Le_RealCertPath", "Le_RealKeyPath")
        if values.get(k, ("", 0))[0]
    )
    if not installed:
        return []  # issued, never installed: nothing in the repository serves it
    reload_cmd = values.get("Le_ReloadCmd")
    if reload_cmd and reload_cmd[0]:
        hook: Setting[str | None] = Setting(
            f"Le_ReloadCmd={reload_cmd[0]}", Origin.WRITTEN, Location(path, reload_cmd[1])
        )
    else:
        hook = Setting(None, Origin.DEFAULT, Location(path, domain[1]))
    return [
        Renewal(
            tool="acme.sh",
            description=f"acme.sh configuration for {domain[0]}",
            location=Location(path, domain[1]),
            certificates=installed,
            hook=hook,
        )
    ]


def _unbase64(value: str) -> str:
    """acme.sh stores commands as ``__ACME_BASE64__START_<base64>__ACME_BASE64__END_``."""
    match = re.fullmatch(r"__ACME_BASE64__START_(.*)__ACME_BASE64__END_", value)
    if not match:
        return value
    try:
        return base64.b64decode(match.group(1), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return value
