"""Renewal commands in cron files, systemd services and shell scripts.

A command is a logical line (backslash continuations joined, comments dropped); shell words
are split with ``shlex`` where the line allows it. ``certbot renew`` has a hook when the line
passes ``--deploy-hook``/``--renew-hook``/``--post-hook`` or an installer that reloads
(``--nginx``, ``--apache``, ``--installer nginx``), or when a reload command follows it: on
the same line (``&& systemctl reload nginx``), or anywhere in a systemd unit or a script (an
``ExecStartPost=``, a later line). ``acme.sh --install-cert`` has one with ``--reloadcmd``.
"""

from __future__ import annotations

import re
import shlex

from tlslint.model import Location, Origin, Setting
from tlslint.model.rotation import Renewal

# Repetitions are bounded: an unbounded `(?:\s+\S+)*?` is quadratic on a line of many words.
CERTBOT_RENEW = re.compile(r"\bcertbot(?:-auto)?\b(?:\s+\S+){0,16}?\s+renew\b")
ACME = re.compile(r"\bacme\.sh\b")
ACME_INSTALL = re.compile(r"\s--install-?cert\b")
CERTBOT_HOOKS = ("--deploy-hook", "--renew-hook", "--post-hook", "--nginx", "--apache")
INSTALL_FLAGS = ("--fullchain-file", "--cert-file", "--key-file", "--ca-file")
RELOAD = re.compile(
    r"(?:systemctl|service|rc-service)\s+(?:\S+\s+)?(?:reload|restart|try-reload-or-restart)"
    r"|\b(?:reload|restart)\s+(?:nginx|apache2?|httpd|haproxy)\b"
    r"|nginx\s+-s\s+reload|apache(?:2)?ctl\s+(?:-k\s+)?graceful|httpd\s+-k\s+graceful"
    r"|kill\s+-(?:HUP|USR1|USR2|1)\b"
    r"|docker(?:\s+compose|-compose)?\s+(?:\S+\s+){0,8}?(?:exec|kill|restart)\b",
    re.I,
)


def logical_lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
            if line.lstrip().startswith(("#", ";")):
                continue
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        out.append((start, " ".join(pending)))
        pending = []
    if pending:
        out.append((start, " ".join(pending)))
    return out


def words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=False)
    except ValueError:
        return line.split()


def renewals(path: str, text: str, kind: str) -> list[Renewal]:
    lines = logical_lines(text)
    whole_file_reload = kind in ("systemd", "shell") and next(
        ((n, m.group(0)) for n, line in lines if (m := RELOAD.search(line))), None
    )
    where = {"cron": "cron file", "systemd": "systemd service", "shell": "script"}[kind]
    out: list[Renewal] = []
    for number, line in lines:
        location = Location(path, number)
        if CERTBOT_RENEW.search(line):
            hook = certbot_hook(line, location)
            if hook.value is None and whole_file_reload:
                hook = Setting(
                    whole_file_reload[1], Origin.WRITTEN, Location(path, whole_file_reload[0])
                )
            out.append(Renewal("certbot", f"certbot renew in {where}", location, (), hook))
        elif ACME.search(line) and ACME_INSTALL.search(line):
            out.append(_acme_install(line, location, where))
    return out


def certbot_hook(line: str, location: Location) -> Setting[str | None]:
    split = words(line)
    for i, word in enumerate(split):
        flag, _, value = word.partition("=")
        if flag in CERTBOT_HOOKS[:3]:
            value = value or (split[i + 1] if i + 1 < len(split) else "")
            if value:
                return Setting(f"{flag} {value}", Origin.WRITTEN, location)
        if flag in CERTBOT_HOOKS[3:]:
            return Setting(f"{flag} (installer)", Origin.WRITTEN, location)
        if (
            flag in ("--installer", "-i")
            and i + 1 < len(split)
            and split[i + 1]
            in (
                "nginx",
                "apache",
            )
        ):
            return Setting(f"--installer {split[i + 1]}", Origin.WRITTEN, location)
    renew = CERTBOT_RENEW.search(line)
    after = line[renew.end() :] if renew else ""
    reload = RELOAD.search(after)
    if reload:
        return Setting(reload.group(0), Origin.WRITTEN, location)
    return Setting(None, Origin.DEFAULT, location)


def _acme_install(line: str, location: Location, where: str) -> Renewal:
    split = words(line)
    paths: list[str] = []
    hook: Setting[str | None] = Setting(None, Origin.DEFAULT, location)
    for i, word in enumerate(split):
        flag, _, value = word.partition("=")
        value = value or (split[i + 1] if i + 1 < len(split) else "")
        if flag in INSTALL_FLAGS and value:
            paths.append(value)
        elif flag == "--reloadcmd" and value:
            hook = Setting(f"--reloadcmd {value}", Origin.WRITTEN, location)
    return Renewal("acme.sh", f"acme.sh --install-cert in {where}", location, tuple(paths), hook)
