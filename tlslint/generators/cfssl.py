"""``tlslint generate cfssl``: a CFSSL CA that signs short-lived certificates for its domains.

Writes ``ca-config.json`` (a ``server`` and a ``client`` profile with short expiries, the
``default`` profile the same as ``server``, every server-signing profile restricted by an
anchored ``name_whitelist`` to the given domains and their subdomains), ``ca-csr.json`` (the
CA: EC P-384, ``ca.expiry``) and ``server-csr.json`` (EC P-256 for the first domain and its
names; RSA 2048 for the ``old`` profile). The summary gives the ``cfssl gencert`` commands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tlslint.arguments import flag, internal, profile_flag
from tlslint.generators.certs import PUBLIC_MODE, Bundle, GeneratedFile
from tlslint.generators.common import GeneratorError, dns_names, profile_policy

_HOURS = re.compile(r"^(\d+)h$")
SERVER_USAGES = ["signing", "digital signature", "key encipherment", "server auth"]
CLIENT_USAGES = ["signing", "digital signature", "key encipherment", "client auth"]


@dataclass(frozen=True)
class Options:
    profile: str = profile_flag()
    domains: tuple[str, ...] = flag(
        "a domain the CA signs names under, with its subdomains (repeatable; the first "
        "names the server CSR)",
        "--domain",
        "-d",
        default=(),
        required=True,
    )
    server_expiry: str = flag("server profile lifetime (default 720h)", default="720h")
    client_expiry: str = flag("client profile lifetime (default 168h)", default="168h")
    ca_expiry: str = flag("the CA's lifetime (default 43800h)", default="43800h")
    ca_name: str = flag("the CA's CN (default Example Internal CA)", default="Example Internal CA")
    directory: str = internal("where the command writes, for the instructions only", ".")


DEFAULT_DIRECTORY = "cfssl"


def into_directory(values: Mapping[str, Any], output: Path | None) -> dict[str, Any]:
    """The output directory's name, for the instructions."""
    return {"directory": str(output if output is not None else Path(DEFAULT_DIRECTORY))}


def _hours(text: str, what: str) -> int:
    match = _HOURS.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise GeneratorError(f"{what} {text!r} is not a duration in hours such as 720h")
    return int(match.group(1))


def whitelist(domains: tuple[str, ...]) -> str:
    """An anchored RE2 pattern: each domain and its subdomains, nothing else (CFSSL searches
    the pattern unanchored, so the anchors matter)."""
    escaped = "|".join(re.escape(d) for d in domains)
    return rf"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*({escaped})$"


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


def generate(options: Options) -> Bundle:
    policy = profile_policy(options.profile)
    if not options.domains:
        raise GeneratorError("--domain is required: the domains the CA may sign names under")
    domains = dns_names(options.domains, wildcard=False)
    limit = policy.private_lifetime_limit()
    server = _hours(options.server_expiry, "--server-expiry")
    client = _hours(options.client_expiry, "--client-expiry")
    _hours(options.ca_expiry, "--ca-expiry")
    for hours, what in ((server, "--server-expiry"), (client, "--client-expiry")):
        if hours * 3600 > limit.seconds:
            raise GeneratorError(f"{what} {hours}h exceeds {limit.why} ({limit.days} days)")
    if not re.fullmatch(r"[\w .,&'-]{1,64}", options.ca_name):
        raise GeneratorError(f"--ca-name {options.ca_name!r}: letters, digits and spaces")
    names = whitelist(domains)
    server_profile = {
        "expiry": f"{server}h",
        "usages": SERVER_USAGES,
        "name_whitelist": names,
    }
    config = {
        "signing": {
            "default": dict(server_profile),
            "profiles": {
                "server": server_profile,
                "client": {"expiry": f"{client}h", "usages": CLIENT_USAGES},
            },
        }
    }
    use_ec = options.profile != "old"
    key = {"algo": "ecdsa", "size": 256} if use_ec else {"algo": "rsa", "size": 2048}
    ca_csr = {
        "CN": options.ca_name,
        "key": {"algo": "ecdsa", "size": 384},
        "names": [{"O": options.ca_name}],
        "ca": {"expiry": options.ca_expiry.strip()},
    }
    server_csr = {"CN": domains[0], "hosts": list(domains), "key": key}
    where = options.directory.rstrip("/") or "."
    summary = (
        f"wrote {where}/ca-config.json, ca-csr.json and server-csr.json (profile "
        f"{options.profile}).\n"
        f"  cd {where}\n"
        "  cfssl gencert -initca ca-csr.json | cfssljson -bare ca\n"
        "  cfssl gencert -ca ca.pem -ca-key ca-key.pem -config ca-config.json "
        "-profile server server-csr.json | cfssljson -bare server\n"
        f"Server certificates last {server}h, client certificates {client}h; the server "
        "profile signs only names under " + ", ".join(domains) + ".\n"
    )
    return Bundle(
        files=(
            GeneratedFile("ca-config.json", _dump(config), PUBLIC_MODE),
            GeneratedFile("ca-csr.json", _dump(ca_csr), PUBLIC_MODE),
            GeneratedFile("server-csr.json", _dump(server_csr), PUBLIC_MODE),
        ),
        summary=summary,
    )
