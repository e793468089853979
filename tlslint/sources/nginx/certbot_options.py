"""certbot's ``options-ssl-nginx.conf``, recognised when a configuration includes it.

certbot's nginx plugin writes ``include /etc/letsencrypt/options-ssl-nginx.conf;`` into the
servers it configures and installs that file on the host, not in the repository. It ships
four variants and installs one by the nginx (and OpenSSL) version it finds: TLS 1.3 from
nginx 1.13.0, ``ssl_session_tickets off`` from nginx 1.5.9 with OpenSSL 1.0.2l; it rewrites the
file on upgrade while it is unmodified. The variants are package data
(``tlslint/data/certbot/nginx/``, from certbot-nginx 2.1.0, Apache-2.0), so an include that
the repository cannot resolve is read as the variant certbot would install for the target
nginx version.

Their directives take the include directive's line with column 0: findings point at the
include, and ``fix`` (which edits only located text) leaves the shipped file alone.
"""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

from tlslint.sources.nginx.defaults import parse_version
from tlslint.sources.nginx.parser import Directive, parse

NAME = "options-ssl-nginx.conf"
DATA = Path(__file__).resolve().parents[2] / "data" / "certbot" / "nginx"


def variant(version: str | None) -> str:
    """The file certbot installs for this nginx version (unknown: the current default)."""
    parsed = parse_version(version)
    if parsed is not None and parsed < (1, 13, 0):
        return (
            "options-ssl-nginx-tls12-only.conf"
            if parsed >= (1, 5, 9)
            else ("options-ssl-nginx-old.conf")
        )
    return NAME


def shipped(include: Directive, version: str | None) -> list[Directive] | None:
    """The shipped directives in place of an unresolved ``include …/options-ssl-nginx.conf``,
    or None when the include names another file."""
    if not include.args or posixpath.basename(include.args[0]) != NAME:
        return None
    text = (DATA / variant(version)).read_text(encoding="utf-8")
    return [
        dataclasses.replace(
            d,
            path=include.path,
            line=include.line,
            column=0,
            end_line=include.line,
            end_column=0,
        )
        for d in parse(text, include.path).directives
    ]
