"""Fixes for certificate rotation in workloads: a ``subPath`` certificate mount becomes a
directory mount, and a workload gets the configured reload annotation.

A ``subPath`` mount is rewritten only where the file keeps its path (it is mounted under its
own name in the volume, so ``/etc/nginx/tls/tls.crt`` with ``subPath: tls.crt`` becomes a mount
of ``/etc/nginx/tls``) and the directory is dedicated to certificates (``SHARED_DIRS`` and
directories not named for certificates are left alone: a directory mount hides what the image
put there). The other ``subPath`` mounts of the same volume into that directory are removed,
as the directory mount carries their files. The annotation is the first of
``kubernetes.reload_annotations`` (default ``reloader.stakater.com/auto: "true"``).
"""

from __future__ import annotations

import re
from typing import Any

from tlslint.model import Fix, FixIntent, TextEdit
from tlslint.model.rotation import SecretConsumer
from tlslint.sources.kubernetes.edits import MapSpot, quoted, replace_value
from tlslint.sources.kubernetes.workloads import MountSite

_PLAIN_PATH = re.compile(r"^/[A-Za-z0-9._/-]*$")


def rotation_fix(intent: FixIntent, subject: Any, description: str) -> Fix | None:
    if not isinstance(subject, SecretConsumer):
        return None
    edits = _mount(subject) if intent.setting == "rotation_mount" else _annotation(subject)
    return Fix(description, tuple(edits)) if edits else None


def _mount(consumer: SecretConsumer) -> list[TextEdit]:
    site = consumer.spots.get("mount")
    if not isinstance(site, MountSite) or not site.directory:
        return []
    where = site.mount_path
    path = where.path
    if where.end_line == where.line and where.end_column - where.column == len(site.raw):
        # A plain path stays plain (a value starting with "/" needs no quotes in YAML).
        edit: TextEdit | None = TextEdit(
            path, where.line, where.column, where.end_line, where.end_column, site.directory
        )
    else:
        edit = replace_value(where, site.raw, site.directory)
    if edit is None or not _PLAIN_PATH.match(site.directory):
        return []
    removals = [TextEdit(path, first, 1, last + 1, 1, "") for first, last in site.removals]
    return [edit, *removals]


def _annotation(consumer: SecretConsumer) -> list[TextEdit]:
    servers = consumer.spots.get("servers")
    if servers is None or not servers.annotations:
        return []
    wanted = servers.annotations[0]
    value = consumer.secret if wanted.value == "names" else wanted.value
    if not value:
        return []
    entry = (wanted.annotation, quoted(value))
    annotations = consumer.spots.get("annotations")
    if isinstance(annotations, MapSpot):
        return [annotations.add([entry])]
    metadata = consumer.spots.get("metadata")
    if isinstance(metadata, MapSpot):
        return [metadata.add_map("annotations", [entry])]
    return []
