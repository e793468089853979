"""Which nginx and OpenSSL a generated config is for: the ones installed on this machine
(``nginx -V``) when there are any, else the newest versions the generator knows.

The CLI asks; the generators stay pure (they receive the versions as options).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

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
