"""Certificate files that HAProxy configurations in the repository load.

For renewals only which certificate files HAProxy loads matters, so each line is matched on
its own: ``crt`` on a ``bind`` line (a file or a directory) and ``crt-base``. (Apache httpd
configurations are read by the apache source, whose endpoints carry their certificate
paths.) This module and the ``haproxy`` kind in ``kind_of`` go once a source reads HAProxy.
"""

from __future__ import annotations

import posixpath
import re

from tlslint.model import Location
from tlslint.model.rotation import ServedCertificate

HAPROXY_BIND = re.compile(r"^\s*bind\s[^\n#]*?\bcrt\s+([^\s#]+)", re.M)
HAPROXY_BASE = re.compile(r"^\s*crt-base\s+([^\s#]+)", re.M)


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
