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
  when only Ingresses are checked, the manifests that hold no other kind the source reads are
  read only if they share a host name (wildcards included), a TLS Secret or a directory with
  them: an Ingress depends on other Ingresses only through the names and Secrets they serve;
- terraform: the directories joined by local module calls (the module, its callers and their
  variables), and the certificate files they name or embed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from tlslint.model import SourceFile
from tlslint.sources import SOURCES
from tlslint.sources.base import SourceContext

# PEM text, or PEM in base64 (a Secret's data): "-----BEGIN" encodes to "LS0tLS1CRUdJTi".
_EMBEDDED_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*(?:CERTIFICATE|PRIVATE KEY)|LS0tLS1CRUdJTi")
_WORD = re.compile(r"[A-Za-z0-9_.+-]+")
_KIND = re.compile(r"^\s*kind:\s*[\"']?([A-Za-z]+)", re.M)
# Host names, not API groups or annotation prefixes (those are followed by "/").
_HOST = re.compile(r"(?<![\w.*-])(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?![\w/.-])", re.I)
_SECRET = re.compile(r"secretName:\s*[\"']?([\w.-]+)")
_ENDING = 4  # characters of a certificate file name that group names for the text search


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


class _Mentions:
    """Whether a file's text names a certificate file, the text searched once for the names
    of every certificate file of the index."""

    def __init__(self, names: Iterable[str], texts: _Texts) -> None:
        self.names = frozenset(names)
        self.texts = texts
        self.cache: dict[str, frozenset[str]] = {}
        # The names by their last characters (".crt", ".key"): a text without that ending
        # holds none of them, so most texts are searched once per ending, not once per name.
        self.endings: dict[str, list[str]] = {}
        for name in sorted(self.names):
            self.endings.setdefault(name[-_ENDING:], []).append(name)

    def __call__(self, f: SourceFile, name: str) -> bool:
        if name not in self.names:  # a certificate named on the command line, not indexed
            return name in self.texts(f)
        found = self.cache.get(f.path)
        if found is None:
            text = self.texts(f)
            found = self.cache[f.path] = frozenset(
                n
                for ending, names in self.endings.items()
                if ending in text
                for n in names
                if n in text
            )
        return name in found


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

    # The files that may say which endpoint serves a certificate.
    servers = [
        other
        for kind in ("nginx", "apache", "haproxy", "kubernetes", "terraform")
        for other in by_kind.get(kind, ())
    ]
    mentions = _Mentions(by_basename, texts)

    chosen: dict[str, SourceFile] = {}
    queue: list[SourceFile] = list(scope)
    every_certificate = False

    def add(files: Iterable[SourceFile]) -> None:
        for f in files:
            if f.path not in chosen:
                chosen[f.path] = f
                queue.append(f)

    in_scope = {f.path for f in scope}
    for f in scope:
        chosen[f.path] = f
    while queue:
        f = queue.pop()
        if f.kind == "certificates":
            if not every_certificate:
                every_certificate = True
                add(certificates)
            name = posixpath.basename(f.path)
            for other in servers:
                if other.path not in chosen and mentions(other, name):
                    add(group_of(other))
            continue
        if f.kind == "kubernetes":
            # The checked manifests decide which manifests are read (once, for all of them).
            if f.path in in_scope or not any(s.kind == "kubernetes" for s in scope):
                add(_manifests_for(f, scope, by_kind.get("kubernetes", []), texts))
        elif f.kind in SOURCES:
            add(group_of(f))
        text = texts(f)
        add(named_certificates(text))
        if _EMBEDDED_PEM.search(text) and not every_certificate:
            every_certificate = True
            add(certificates)
    return sorted((f for f in chosen.values() if f.path not in in_scope), key=lambda f: f.path)


def _ingresses_only(text: str) -> bool:
    """Whether, of what the Kubernetes source reads, the manifest holds only Ingresses (a
    Service or Deployment beside them is not read)."""
    from tlslint.sources.kubernetes.manifests import HANDLERS

    read = {kind for _, kind in HANDLERS}
    kinds = set(_KIND.findall(text))
    if any(kind.endswith("List") for kind in kinds):
        return False
    return "Ingress" in kinds and kinds & read == {"Ingress"}


class _Names:
    """Host names (exact, and the parents of wildcards) and TLS Secret names of a manifest."""

    def __init__(self, text: str) -> None:
        self.exact: set[str] = set()
        self.wildcards: set[str] = set()  # "*.example.com" -> "example.com"
        for star, host in _HOST.findall(text):
            host = host.lower().rstrip(".")
            (self.wildcards if star else self.exact).add(host)
        self.secrets = set(_SECRET.findall(text))

    @staticmethod
    def _parents(hosts: set[str]) -> set[str]:
        return {h.split(".", 1)[1] for h in hosts if "." in h}

    def shared(self, other: _Names) -> bool:
        """Whether a name of one can be served by the other (RFC 6125: one label per *)."""
        return bool(
            self.exact & other.exact
            or self.wildcards & other.wildcards
            or self._parents(self.exact) & other.wildcards
            or self._parents(other.exact) & self.wildcards
            or self.secrets & other.secrets
        )


def _manifests_for(
    f: SourceFile, scope: list[SourceFile], manifests: list[SourceFile], texts: _Texts
) -> list[SourceFile]:
    """The manifests a checked manifest is read with (see the module docstring)."""
    checked = [s for s in scope if s.kind == "kubernetes"]
    if not checked or not all(_ingresses_only(texts(s)) for s in checked):
        return manifests
    names = [_Names(texts(s)) for s in checked]
    directories = {posixpath.dirname(s.path) for s in checked}
    return [
        m
        for m in manifests
        if not _ingresses_only(texts(m))
        or posixpath.dirname(m.path) in directories
        or any(n.shared(_Names(texts(m))) for n in names)
    ]
