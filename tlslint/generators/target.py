"""Which nginx and OpenSSL a generated config is for: the ones installed on this machine
(``nginx -V``) when there are any, else the newest versions the generator knows.

The CLI asks; the generators stay pure (they receive the versions as options).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_NGINX = re.compile(r"nginx/(\d+\.\d+\.\d+)")
# "running with OpenSSL 3.0.15" is printed when nginx runs with another OpenSSL than it was
# built with; the running one decides what works.
_RUNNING = re.compile(r"running with OpenSSL (\d+\.\d+\.\d+)")
_BUILT = re.compile(r"built with OpenSSL (\d+\.\d+\.\d+)")


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    for candidate in ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def parse_nginx_v(text: str) -> tuple[str, str | None] | None:
    """(nginx version, OpenSSL version or None) from the output of ``nginx -V``."""
    nginx = _NGINX.search(text)
    if nginx is None:
        return None
    openssl = _RUNNING.search(text) or _BUILT.search(text)
    return nginx.group(1), openssl.group(1) if openssl else None


def installed() -> tuple[str, str | None] | None:
    """The installed nginx (and its OpenSSL), or None when there is none or it says nothing."""
    binary = nginx_binary()
    if binary is None:
        return None
    try:
        done = subprocess.run(
            [binary, "-V"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_nginx_v(done.stderr + done.stdout)


def nginx_target(values: Mapping[str, Any], output: Path | None) -> dict[str, str]:
    """The versions a generated nginx config targets, and how they were chosen: as given,
    else the nginx (and OpenSSL) installed here (``nginx -V``), else the newest known."""
    from tlslint.generators.nginx import DEFAULT_NGINX, DEFAULT_OPENSSL

    nginx, openssl = values.get("nginx_version"), values.get("openssl_version")
    if nginx is not None:
        return {"target": f"nginx {nginx} (--nginx-version)"}
    found = installed()
    if found is None:
        return {
            "target": f"no nginx is installed here, so the newest known, nginx {DEFAULT_NGINX} "
            f"with OpenSSL {openssl or DEFAULT_OPENSSL} (--nginx-version and "
            "--openssl-version choose)"
        }
    version, its_openssl = found
    chosen = openssl or its_openssl or DEFAULT_OPENSSL
    return {
        "nginx_version": version,
        "openssl_version": chosen,
        "target": f"the nginx installed here (`nginx -V`: nginx {version} with OpenSSL {chosen})",
    }


def apache_target(values: Mapping[str, Any], output: Path | None) -> dict[str, str]:
    """The versions a generated site targets: as given, else the installed apache2's (and the
    OpenSSL installed beside it, ``openssl version``), else the newest known."""
    from tlslint.generators.apache import DEFAULT_APACHE

    apache, openssl = values.get("apache_version"), values.get("openssl_version")
    if apache is not None:
        return {"target": f"httpd {apache} (--apache-version)"}
    binary = shutil.which("apache2") or shutil.which("httpd")
    found = re.search(r"Apache/(\d+\.\d+\.\d+)", _output([binary, "-v"])) if binary else None
    if found is None:
        return {
            "target": f"no httpd is installed here, so httpd {DEFAULT_APACHE} (--apache-version "
            "chooses)"
        }
    version = found.group(1)
    out = {"apache_version": version}
    if openssl is None:
        match = re.search(r"OpenSSL (\d+\.\d+\.\d+)", _output(["openssl", "version"]))
        if match:
            out["openssl_version"] = openssl = match.group(1)
    shown = f" with OpenSSL {openssl}" if openssl else ""
    out["target"] = f"the httpd installed here (`{binary} -v`: Apache/{version}{shown})"
    return out


def _output(command: list[str]) -> str:
    """What a version command prints, or nothing when it cannot run."""
    if shutil.which(command[0]) is None:
        return ""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


# -- HAProxy ---------------------------------------------------------------------------------

_HAPROXY = re.compile(r"HA-?Proxy version (\d+\.\d+(?:\.\d+)?)")
_HAPROXY_RUNNING = re.compile(r"Running on OpenSSL version : OpenSSL (\d+\.\d+\.\d+)")
_HAPROXY_BUILT = re.compile(r"Built with OpenSSL version : OpenSSL (\d+\.\d+\.\d+)")


def parse_haproxy_vv(text: str) -> tuple[str, str | None] | None:
    """(HAProxy version, OpenSSL version or None) from the output of ``haproxy -vv``."""
    found = _HAPROXY.search(text)
    if found is None:
        return None
    openssl = _HAPROXY_RUNNING.search(text) or _HAPROXY_BUILT.search(text)
    return found.group(1), openssl.group(1) if openssl else None


def haproxy_installed() -> tuple[str, str | None] | None:
    """The installed HAProxy (and its OpenSSL), or None when there is none."""
    binary = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)),
        None,
    )
    if binary is None:
        return None
    try:
        done = subprocess.run(
            [binary, "-vv"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_haproxy_vv(done.stdout + done.stderr)


def haproxy_target(values: Mapping[str, Any], output: Path | None) -> dict[str, str]:
    """The versions a generated HAProxy config targets, and how they were chosen: as given,
    else the HAProxy (and OpenSSL) installed here (``haproxy -vv``), else the defaults."""
    from tlslint.generators.haproxy import DEFAULT_HAPROXY, DEFAULT_OPENSSL

    haproxy, openssl = values.get("haproxy_version"), values.get("openssl_version")
    if haproxy is not None:
        return {"target": f"HAProxy {haproxy} (--haproxy-version)"}
    found = haproxy_installed()
    if found is None:
        return {
            "target": f"no HAProxy is installed here, so HAProxy {DEFAULT_HAPROXY} with OpenSSL "
            f"{openssl or DEFAULT_OPENSSL} (--haproxy-version and --openssl-version choose)"
        }
    version, running = found
    chosen = openssl or running or DEFAULT_OPENSSL
    return {
        "haproxy_version": version,
        "openssl_version": chosen,
        "target": f"the HAProxy installed here (`haproxy -vv`: HAProxy {version} with OpenSSL "
        f"{chosen})",
    }
