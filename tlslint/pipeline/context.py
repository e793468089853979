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
  include), the certificate and key files its directives name, hence their context, and the
  files that name one of its server names (or, when its servers may answer for names beyond
  those it lists, every nginx file): whether a plain HTTP server must redirect depends on
  HTTPS being served for its names anywhere (rule TLS205); Apache and HAProxy alike;
- certificate: every certificate file (issuer search, chain completion), the nginx groups,
  manifests and Terraform modules that name it (they say which endpoint serves it);
- kubernetes: every manifest (controller ConfigMap, issuers, Certificates and Secrets refer to
  one another across files), and certificate files when a manifest names one or embeds PEM;
  when only Ingresses are checked, the manifests that hold no other kind the source reads are
  read only if they share a host name (wildcards included), a TLS Secret or a directory with
  them: an Ingress depends on other Ingresses only through the names and Secrets they serve;
- renewal: every server configuration (nginx, Apache, HAProxy, and the renewal source's own
  files: compose stacks, HAProxy's certificate lines): whether a renewal reloads what serves
  its certificates is judged against every server that loads them (rule TLS611), by path;
- terraform: the directories joined by local module calls (the module, its callers and their
  variables), and the certificate files they name or embed.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from tlslint.digest import sha256
from tlslint.model import SourceFile
from tlslint.sources import SOURCES
from tlslint.sources import apache as apache_source
from tlslint.sources import nginx as nginx_source
from tlslint.sources.base import FactStore, SourceContext, read_text

# PEM text, or PEM in base64 (a Secret's data): "-----BEGIN" encodes to "LS0tLS1CRUdJTi".
_EMBEDDED_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*(?:CERTIFICATE|PRIVATE KEY)|LS0tLS1CRUdJTi")
_WORD = re.compile(r"[A-Za-z0-9_.+-]+")
_KIND = re.compile(r"^\s*kind:\s*[\"']?([A-Za-z]+)", re.M)
# Host names, not API groups or annotation prefixes (those are followed by "/").
_HOST = re.compile(r"(?<![\w.*-])(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?![\w/.-])", re.I)
_SECRET = re.compile(r"secretName:\s*[\"']?([\w.-]+)")
_ENDING = 4  # characters of a certificate file name that group names for the text search
# The names a server answers for, by source: nginx's server_name, Apache's ServerName and
# ServerAlias (HAProxy routes on ACLs: any of its files may serve any name).
_SERVER_NAMES = {
    "nginx": re.compile(r"(?:^|[;{}\s])server_name\s+([^;{}]*)"),
    "apache": re.compile(r"^[ \t]*Server(?:Name|Alias)[ \t]+([^\n#]*)", re.M | re.I),
}
_SERVER_BLOCKS = {
    "nginx": re.compile(r"(?:^|[;{}\s])server\s*\{"),
    "apache": re.compile(r"<VirtualHost\b", re.I),
}
_NAMED_SERVERS = frozenset({*_SERVER_NAMES, "haproxy"})
_COMMENT = re.compile(r"#[^\n]*")
# What a server block includes, as each source's own reader finds it.
_INCLUDES = {"nginx": nginx_source.INCLUDE, "apache": apache_source.INCLUDE}
# What a renewal is joined to: every file that may load the certificates it renews.
_LOADING_SERVERS = ("nginx", "apache", "haproxy", "renewal")


def _digest(names: Iterable[str]) -> str:
    """What a name search was made for: facts found for other names are searched again."""
    return sha256("\n".join(sorted(names)).encode()).hexdigest()[:16]


class _Named:
    """The certificate files whose names a file's text has as words (``shop.crt`` in
    ``ssl_certificate /etc/nginx/tls/shop.crt;``): a fact the run's index keeps."""

    def __init__(self, by_basename: dict[str, list[SourceFile]], facts: FactStore) -> None:
        self.by_basename = by_basename
        self.basenames = frozenset(by_basename)
        self.salt = _digest(self.basenames)
        self.facts = facts

    def _names_in(self, text: str) -> list[str]:
        words = {posixpath.basename(word) for word in _WORD.findall(text)}
        return sorted(words & self.basenames)

    def __call__(self, f: SourceFile) -> list[SourceFile]:
        names = self.facts.fact(f, "certificate-names/1", self._names_in, salt=self.salt)
        return [cert for name in names for cert in self.by_basename.get(name, ())]


class _Mentions:
    """Whether a file's text names a certificate file: the text searched once for the names
    of every certificate file of the index (a fact the run's index keeps between runs)."""

    def __init__(self, names: Iterable[str], facts: FactStore) -> None:
        self.names = frozenset(names)
        self.facts = facts
        self.salt = _digest(self.names)
        self.by_name: dict[str, list[SourceFile]] | None = None
        # The names by their last characters (".crt", ".key"): a text without that ending
        # holds none of them, so most texts are searched once per ending, not once per name.
        self.endings: dict[str, list[str]] = {}
        for name in sorted(self.names):
            self.endings.setdefault(name[-_ENDING:], []).append(name)

    def _search(self, text: str) -> list[str]:
        return [
            n
            for ending, names in self.endings.items()
            if ending in text
            for n in names
            if n in text
        ]

    def servers_of(self, name: str, servers: list[SourceFile]) -> list[SourceFile]:
        """The ``servers`` whose text names the certificate file ``name``, in their order."""
        if name not in self.names:  # a certificate named on the command line, not indexed
            return [f for f in servers if name in read_text(f)]
        if self.by_name is None:  # each server's text searched once, for every name
            self.by_name = {}
            for f in servers:
                for found in self.facts.fact(f, "mentions/1", self._search, salt=self.salt):
                    self.by_name.setdefault(found, []).append(f)
        return self.by_name.get(name, [])


def related(
    scope: list[SourceFile], index: list[SourceFile], ctx: SourceContext
) -> list[SourceFile]:
    """The files of ``index`` (the repository) that the files in ``scope`` must be read with,
    ``scope`` excluded, in path order."""
    by_kind: dict[str, list[SourceFile]] = {}
    for f in index:
        by_kind.setdefault(f.kind, []).append(f)
    facts = ctx.facts
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

    named_certificates = _Named(by_basename, facts)

    # The files that may say which endpoint serves a certificate.
    servers = [
        other
        for kind in ("nginx", "apache", "haproxy", "kubernetes", "terraform")
        for other in by_kind.get(kind, ())
    ]
    mentions = _Mentions(by_basename, facts)

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
    add(_other_servers(scope, by_kind, facts, group_of))
    while queue:
        f = queue.pop()
        if f.kind == "certificates":
            if not every_certificate:
                every_certificate = True
                add(certificates)
            for other in mentions.servers_of(posixpath.basename(f.path), servers):
                if other.path not in chosen:
                    add(group_of(other))
            continue
        if f.kind == "kubernetes":
            # The checked manifests decide which manifests are read (once, for all of them).
            if f.path in in_scope or not any(s.kind == "kubernetes" for s in scope):
                add(_manifests_for(f, scope, by_kind.get("kubernetes", []), facts))
        elif f.kind in SOURCES:
            add(group_of(f))
        add(named_certificates(f))
        if not every_certificate and facts.fact(f, "embeds-pem/1", _embeds_pem):
            every_certificate = True
            add(certificates)
    return sorted((f for f in chosen.values() if f.path not in in_scope), key=lambda f: f.path)


def _other_servers(
    scope: list[SourceFile],
    by_kind: dict[str, list[SourceFile]],
    facts: FactStore,
    group_of: Callable[[SourceFile], list[SourceFile]],
) -> list[SourceFile]:
    """Server configurations the checked files are judged with beyond their own groups: those
    naming a server name of their groups' (TLS205), and every one for a renewal (TLS611)."""
    found: list[SourceFile] = []
    for f in scope:
        if f.kind in _NAMED_SERVERS:
            found += _sharing_names(f, group_of(f), by_kind.get(f.kind, []), facts)
    if any(f.kind == "renewal" for f in scope):
        found += [g for kind in _LOADING_SERVERS for g in by_kind.get(kind, ())]
    return found


def _server_names(kind: str, text: str) -> list[Any]:
    """[the exact names the file's servers answer for, whether they may answer for others,
    the files their blocks include]: a name pattern (wildcard, regular expression,
    catch-all), a server block that names none itself, or a source that routes on something
    else make it broad; what a block includes may name more (see ``_sharing_names``).
    Comments are left out."""
    pattern = _SERVER_NAMES.get(kind)
    if pattern is None:
        return [[], True, []]
    text = _COMMENT.sub("", text)
    names: set[str] = set()
    broad = False
    included: list[str] = []
    starts = [m.start() for m in _SERVER_BLOCKS[kind].finditer(text)]
    for start, end in zip(starts, [*starts[1:], len(text)][: len(starts)], strict=True):
        if not pattern.search(text, start, end):
            broad = True  # a server without names answers for whatever reaches it
        found = _INCLUDES[kind].finditer(text, start, end)
        included += [m.group(1).strip("\"'") for m in found]
    for match in pattern.finditer(text):
        for word in match.group(1).split():
            name = _server_name(kind, word)
            if not name or name in ("_", "default_server") or name[0] in "~.*" or "*" in name:
                broad = True
            else:
                names.add(name)
    return [sorted(names), broad, included]


def _server_name(kind: str, word: str) -> str:
    """A name as the source's endpoints hold it (Apache's without scheme or port)."""
    name = word.strip("\"'").lower().rstrip(".")
    if kind == "apache":
        from tlslint.sources.apache.endpoints import host_name

        return host_name(name)
    return name


def _sharing_names(
    f: SourceFile,
    group: list[SourceFile],
    files: list[SourceFile],
    facts: FactStore,
) -> list[SourceFile]:
    """The files of ``f``'s source that name a server name of ``f``'s include group, all of
    them when the group's servers may answer for other names: a name pattern, a server without
    a name, or one including a file outside the group (a snippet no source reads may hold a
    ``server_name``; the files nginx ships, and certbot's options, hold none)."""

    def scan(g: SourceFile) -> list[Any]:
        found: list[Any] = facts.fact(g, f"server-names/3/{g.kind}", partial(_server_names, g.kind))
        return found

    from tlslint.sources.nginx.certbot_options import NAME as CERTBOT_OPTIONS
    from tlslint.sources.nginx.defaults import HARMLESS_INCLUDES

    members = {g.path: g for g in [f, *group]}
    known = {posixpath.basename(path) for path in members} | HARMLESS_INCLUDES | {CERTBOT_OPTIONS}
    wanted: set[str] = set()
    for member in members.values():
        names, broad, included = scan(member)
        outside = [p for p in included if not fnmatch.filter(known, posixpath.basename(p))]
        if broad or outside:
            return files
        wanted.update(names)
    return [g for g in files if wanted.intersection(scan(g)[0])]


def _embeds_pem(text: str) -> bool:
    return _EMBEDDED_PEM.search(text) is not None


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

    def __init__(self, found: list[list[str]]) -> None:
        exact, wildcards, secrets = found
        self.exact = set(exact)
        self.wildcards = set(wildcards)  # "*.example.com" -> "example.com"
        self.secrets = set(secrets)

    @staticmethod
    def scan(text: str) -> list[list[str]]:
        """[exact host names, parents of wildcards, TLS Secret names] of a manifest's text."""
        exact: set[str] = set()
        wildcards: set[str] = set()
        for star, host in _HOST.findall(text):
            host = host.lower().rstrip(".")
            (wildcards if star else exact).add(host)
        return [sorted(exact), sorted(wildcards), sorted(set(_SECRET.findall(text)))]

    @classmethod
    def of(cls, f: SourceFile, facts: FactStore) -> _Names:
        return cls(facts.fact(f, "names/1", cls.scan))

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
    f: SourceFile, scope: list[SourceFile], manifests: list[SourceFile], facts: FactStore
) -> list[SourceFile]:
    """The manifests a checked manifest is read with (see the module docstring)."""

    def ingresses_only(m: SourceFile) -> bool:
        return facts.fact(m, "ingresses-only/1", _ingresses_only)

    checked = [s for s in scope if s.kind == "kubernetes"]
    if not checked or not all(ingresses_only(s) for s in checked):
        return manifests
    names = [_Names.of(s, facts) for s in checked]
    directories = {posixpath.dirname(s.path) for s in checked}
    return [
        m
        for m in manifests
        if not ingresses_only(m)
        or posixpath.dirname(m.path) in directories
        or any(n.shared(_Names.of(m, facts)) for n in names)
    ]
