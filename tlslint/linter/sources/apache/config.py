"""The ``apache:`` section of ``.tlslint.yaml``: target versions, server root, path map.

``version`` and ``openssl_version`` choose httpd's and OpenSSL's defaults; ``server_root`` is
the repository directory that plays httpd's ``ServerRoot``; ``path_map`` maps deployed path
prefixes to repository ones. Paths are written relative to the configuration file; the source
wants them relative to the scanned root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tlslint.linter.config import Config


def settings(config: Config, root: Path) -> dict[str, Any]:
    section = dict(config.get("apache") or {})
    base = config.directory.resolve() if config.directory else root
    rel = ""
    if base != root and base.is_relative_to(root):
        rel = base.relative_to(root).as_posix()
    if section.get("server_root"):
        section["server_root"] = _join(rel, str(section["server_root"]))
    if section.get("path_map"):
        section["path_map"] = {
            str(k): _join(rel, str(v)).rstrip("/") + "/" for k, v in section["path_map"].items()
        }
    for key in ("version", "openssl_version"):
        if section.get(key) is not None:
            section[key] = str(section[key])
    return section


def _join(rel: str, path: str) -> str:
    return f"{rel}/{path}".strip("/") if rel else path.strip("/")
