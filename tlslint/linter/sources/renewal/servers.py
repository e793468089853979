"""Certificate files that Apache httpd and HAProxy configurations in the repository load.

tlslint has no source for these servers' TLS settings; for renewals it needs only which
certificate files they load, so each line is matched on its own: Apache's
``SSLCertificateFile`` (and ``SSLCertificateChainFile``), HAProxy's ``crt`` on a ``bind``
line (a file or a directory) and ``crt-base``. A full parser would add nothing to that.
"""

from __future__ import annotations

import posixpath
import re

from tlslint.linter.model import Location
from tlslint.linter.rotation import ServedCertificate

APACHE = re.compile(r"^\s*SSLCertificate(?:Chain)?File\s+[\"']?([^\s\"']+)", re.I | re.M)
HAPROXY_BIND = re.compile(r"^\s*bind\s[^\n#]*?\bcrt\s+([^\s#]+)", re.M)
HAPROXY_BASE = re.compile(r"^\s*crt-base\s+([^\s#]+)", re.M)


def apache(path: str, text: str) -> list[ServedCertificate]:
    return [
        ServedCertificate("Apache httpd", m.group(1), Location(path, _line(text, m.start(1))))
        for m in APACHE.finditer(text)
    ]


def haproxy(path: str, text: str) -> list[ServedCertificate]:
    base = HAPROXY_BASE.search(text)
    out = []
    for m in HAPROXY_BIND.finditer(text):
        file = m.group(1)
        if base and not file.startswith("/"):
            file = posixpath.join(base.group(1), file)
        out.append(ServedCertificate("HAProxy", file, Location(path, _line(text, m.start(1)))))
    return out


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
