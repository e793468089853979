"""The repository context of the files a run was asked about.

A file is judged the way the whole-repository scan judges it: an nginx ``conf.d`` file inside
the ``http{}`` that includes it, an Ingress under the repository's controller ConfigMap and
issuers, a Terraform module with its callers, a certificate with the bundle that completes its
chain and the servers that serve it. :func:`related` finds those files from a cheap index —
file names and kinds (discovery), and a text search for references (``include``, certificate
file names, local module sources) — without parsing anything, so a one-file check reads only
what can change its verdict. The run extracts the files in scope plus their context and
reports findings only for the files in scope.

What is context for what (a superset is harmless, since findings are kept only for the scope;
a file missed here would change the verdict):

- nginx: every file of the include group (the main configs that include it, what they
  include), the certificate and key files its directives name, hence their context;
- certificate: every certificate file (issuer search, chain completion), the nginx groups,
  manifests and Terraform modules that name it (they say which endpoint serves it);
- kubernetes: every manifest (controller ConfigMap, issuers, Certificates and Secrets refer to
  one another across files), and certificate files when a manifest names one or embeds PEM;
- terraform: the directories joined by local module calls (the module, its callers and their
  variables), and the certificate files they name or embed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from tlslint.linter.model import SourceFile
from tlslint.linter.sources import SOURCES
from tlslint.linter.sources.base import SourceContext

# PEM text, or PEM in base64 (a Secret's data): "-----BEGIN" encodes to "LS0tLS1CRUdJTi".
_EMBEDDED_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*(?:CERTIFICATE|PRIVATE KEY)|LS0tLS1CRUdJTi")
_WORD = re.compile(r"[A-Za-z0-9_.+-]+")


class _Texts:
    """File texts, read once and only when a reference search needs them."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, f: SourceFile) -> str:
        text = self.cache.get(f.path)
        if text is None:
            try:
                with open(f.absolute, "rb") as handle:
                    text = handle.read(f.size + 1).decode("utf-8", errors="replace")
            except OSError:
                text = ""
            self.cache[f.path] = text
        return text


def related(
    scope: list[SourceFile], index: list[SourceFile], ctx: SourceContext
) -> list[SourceFile]:
    """The files of ``index`` (the repository) that the files in ``scope`` must be read with,
    ``scope`` excluded, in path order."""
    by_kind: dict[str, list[SourceFile]] = {}
    for f in index:
        by_kind.setdefault(f.kind, []).append(f)
    texts = _Texts()
    groups: dict[str, dict[str, list[SourceFile]]] = {}  # kind -> member path -> its group

    def group_of(f: SourceFile) -> list[SourceFile]:
        if f.kind not in groups:
            members: dict[str, list[SourceFile]] = {}
            source = SOURCES[f.kind]
            for unit in source.partition(by_kind.get(f.kind, []), ctx):
                for member in unit:
                    members[member.path] = unit
            groups[f.kind] = members
        return groups[f.kind].get(f.path, [f])

    certificates = by_kind.get("certificates", [])
    by_basename: dict[str, list[SourceFile]] = {}
    for cert in certificates:
        by_basename.setdefault(posixpath.basename(cert.path), []).append(cert)

    def named_certificates(text: str) -> Iterable[SourceFile]:
        for word in set(_WORD.findall(text)):
            name = posixpath.basename(word)
            yield from by_basename.get(name, ())

    chosen: dict[str, SourceFile] = {}
    queue: list[SourceFile] = list(scope)
    every_certificate = False

    def add(files: Iterable[SourceFile]) -> None:
        for f in files:
            if f.path not in chosen:
                chosen[f.path] = f
                queue.append(f)

    for f in scope:
        chosen[f.path] = f
    while queue:
        f = queue.pop()
        if f.kind == "certificates":
            if not every_certificate:
                every_certificate = True
                add(certificates)
            name = posixpath.basename(f.path)
            for kind in ("nginx", "kubernetes", "terraform"):
                for other in by_kind.get(kind, ()):
                    if other.path not in chosen and name in texts(other):
                        add(group_of(other))
            continue
        if f.kind == "kubernetes":
            add(by_kind.get("kubernetes", ()))
        elif f.kind in SOURCES:
            add(group_of(f))
        text = texts(f)
        add(named_certificates(text))
        if _EMBEDDED_PEM.search(text) and not every_certificate:
            every_certificate = True
            add(certificates)
    in_scope = {f.path for f in scope}
    return sorted((f for f in chosen.values() if f.path not in in_scope), key=lambda f: f.path)
