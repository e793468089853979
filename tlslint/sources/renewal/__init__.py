"""The renewal source: certificate renewals set up in the repository, and whether they reload
the servers that use the certificates.

It reads certbot renewal configurations (``/etc/letsencrypt/renewal/*.conf``), docker-compose
files (a service running ``certbot renew``, and the servers sharing its volume), cron files,
systemd services and shell scripts that run ``certbot renew`` or ``acme.sh --install-cert``,
and acme.sh's per-domain configurations. Each becomes a :class:`Renewal` in
``model.objects_of(RENEWALS)``. The certificate files that HAProxy configurations load become
:class:`ServedCertificate` objects (``served_certificates``), so renewals can be joined to
HAProxy as to nginx and Apache httpd endpoints (whose sources read those servers fully).
Files are claimed by name and content: certbot and acme.sh configurations by their keys,
compose files by their names, HAProxy configurations by their ``bind … crt`` lines, the
others only when they mention ``certbot`` or ``acme.sh``.

Layout: ``certbot`` (renewal and acme.sh configurations), ``commands`` (command lines in cron
files, systemd units, shell scripts), ``compose`` (docker-compose stacks), ``servers``
(certificate files of HAProxy configurations, until a source reads HAProxy fully).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from tlslint.lazyre import LazyPattern
from tlslint.model import RENEWALS, SERVED_CERTIFICATES, Location, Model, ReadProblem, SourceFile
from tlslint.sources.base import Source, SourceContext

COMPOSE_NAMES = re.compile(r"^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$", re.I)
CRON_DIRS = frozenset({"cron.d", "cron.daily", "cron.weekly", "cron.hourly", "crontabs"})
_CERTBOT_CONF = LazyPattern(rb"^\s*\[renewalparams\]", re.M)
_ACME_CONF = LazyPattern(rb"^Le_Domain=", re.M)
# Classification asks every file of a repository: the literal each pattern needs is looked for
# first (a substring search, several times faster than the pattern's own scan of 8 KiB).
_MENTIONS = (b"certbot", b"acme.sh")
_HAPROXY = LazyPattern(rb"^\s*bind\s[^\n#]*\bcrt\s", re.M)
HOOK_DIRS = ("renewal-hooks/deploy/", "renewal-hooks/post/")


def kind_of(name: str, rel: str, head: bytes) -> str | None:
    """Which reader a file needs, from its name and first bytes; None when it is not ours."""
    lowered = name.lower()
    if lowered.endswith(".conf"):
        if b"[renewalparams]" in head and _CERTBOT_CONF.search(head):
            return "certbot"
        if b"Le_Domain=" in head and _ACME_CONF.search(head):
            return "acme.sh"
        return None
    if lowered.endswith(".cfg") and b"crt" in head and _HAPROXY.search(head):
        return "haproxy"
    if COMPOSE_NAMES.match(name):
        return "compose"
    if (_MENTIONS[0] not in head and _MENTIONS[1] not in head) or b"\x00" in head:
        return None
    parent = posixpath.basename(posixpath.dirname(rel)).lower()
    if lowered == "crontab" or parent in CRON_DIRS or lowered.endswith((".cron", ".crontab")):
        return "cron"
    if lowered.endswith(".service"):
        return "systemd"
    if lowered.endswith(".sh") or head.startswith(b"#!"):
        return "shell"
    return None


class RenewalSource(Source):
    name = "renewal"

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        return kind_of(name, rel, head) is not None

    def matches_content(self, head: bytes) -> bool:
        """Never by content alone: which reader a renewal file needs depends on its name (a
        certbot ``.conf``, a ``docker-compose.yml``, a ``.service`` unit), so a file whose name
        says nothing is left to the sources that can read it by content."""
        return False

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.pipeline.reading import read
        from tlslint.sources.renewal import certbot, commands, compose, servers

        model = Model(files=list(files))
        for f in files:
            loaded = read(f.absolute, f.path)
            if loaded.problem is not None:
                model.problems.append(loaded.problem)
                model.incomplete.setdefault(f.path, loaded.problem.message)
            if loaded.text is None:
                continue
            name = posixpath.basename(f.path)
            kind = kind_of(name, f.path, loaded.text[:8192].encode("utf-8", "replace"))
            if kind == "certbot":
                found = certbot.renewal_config(f.path, loaded.text, ctx.root)
            elif kind == "acme.sh":
                found = certbot.acme_config(f.path, loaded.text)
            elif kind == "compose":
                found = compose.stack(f.path, loaded.text, ctx, model.problems)
            elif kind == "haproxy":
                model.publish(SERVED_CERTIFICATES).extend(servers.haproxy(f.path, loaded.text))
                continue
            elif kind is not None:
                found = commands.renewals(f.path, loaded.text, kind)
            else:
                found = []
            model.publish(RENEWALS).extend(found)
        return model


def hook_script(root: Path, letsencrypt: str) -> str | None:
    """The first script in ``renewal-hooks/deploy/`` or ``renewal-hooks/post/`` of a certbot
    directory in the repository (certbot runs them after every renewal), or None."""
    base = (root / letsencrypt).resolve()
    if not base.is_relative_to(root.resolve()):
        return None
    for directory in HOOK_DIRS:
        try:
            scripts = sorted(p for p in (base / directory).iterdir() if p.is_file())
        except OSError:
            continue
        if scripts:
            return posixpath.join(letsencrypt, directory, scripts[0].name)
    return None


def problem(path: str, line: int, message: str) -> ReadProblem:
    return ReadProblem("parse-error", message, Location(path, line))


RENEWAL = RenewalSource()

__all__ = ["RENEWAL", "RenewalSource"]
