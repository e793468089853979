"""Workloads -> :class:`SecretConsumer`: how each container receives certificate Secrets.

Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and bare Pods are read down
to their pod template. For every container, each way it receives a Secret or a cert-manager
csi-driver volume is published with the facts the rotation rules need: the delivery (``subPath``
mount, ``secretKeyRef`` / ``envFrom`` variable, whole-volume mount), the Secret keys it names,
the server its image runs (``tls/servers.py``: data with sources, extended by
``kubernetes.servers``) and what reloads it when the Secret changes (a Reloader-style annotation,
a reload sidecar, a reload loop in its own command). Init containers run once, before the
others, and are not judged.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from tlslint.model import TLS_SECRETS, Location
from tlslint.model.rotation import (
    ENV,
    ENV_FROM,
    ROLLED_BY_ANNOTATION,
    SUBPATH,
    VOLUME,
    SecretConsumer,
)
from tlslint.sources.kubernetes.common import Handler, Objects, annotations_of
from tlslint.sources.kubernetes.edits import _last_line
from tlslint.sources.kubernetes.reader import Reader, text
from tlslint.sources.kubernetes.yamltree import Map, Scalar
from tlslint.tls.servers import table

CSI_DRIVERS = ("csi.cert-manager.io",)  # cert-manager csi-driver: the volume is a certificate
CERT_KEYS = frozenset({"tls.crt", "tls.key", "ca.crt"})
CERT_SUFFIXES = (".crt", ".pem", ".key", ".cer", ".p12", ".pfx")
# A command that reloads its own server, or watches files to do so.
_RELOAD_COMMAND = re.compile(
    r"nginx\s+-s\s+reload|apachectl\s+(?:-k\s+)?graceful|httpd\s+-k\s+graceful|"
    r"kill\s+-(?:HUP|USR1|USR2|1)\b|inotifywait|caddy\s+reload|haproxy\b[^\n;&|]{0,500}?-sf\b",
    re.I,
)
# Directories that hold more than one Secret's files: a directory mount there would hide them.
SHARED_DIRS = frozenset(
    {
        "/", "/etc", "/etc/ssl", "/etc/ssl/certs", "/etc/ssl/private", "/etc/pki",
        "/etc/pki/tls", "/etc/pki/tls/certs", "/etc/pki/tls/private", "/usr", "/usr/local",
        "/var", "/tmp", "/app", "/opt", "/srv", "/home", "/root", "/etc/nginx",
        "/etc/nginx/conf.d", "/etc/apache2", "/etc/httpd", "/usr/local/apache2/conf",
        "/usr/local/etc/haproxy", "/etc/haproxy", "/usr/share/nginx/html",
        "/usr/local/share/ca-certificates", "/etc/ca-certificates",
    }
)  # fmt: skip
_DEDICATED = re.compile(r"tls|ssl|cert|secret|pki|keys?$|crt", re.I)

# (API group, kind) -> the path from the object to its pod template ("" for a bare Pod).
TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    ("apps", "Deployment"): ("spec", "template"),
    ("apps", "StatefulSet"): ("spec", "template"),
    ("apps", "DaemonSet"): ("spec", "template"),
    ("apps", "ReplicaSet"): ("spec", "template"),
    ("batch", "Job"): ("spec", "template"),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "template"),
    ("", "Pod"): (),
}
SHORT_LIVED = frozenset({"Job", "CronJob"})


def tls_secret(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    """A Secret of type ``kubernetes.io/tls`` (or a SealedSecret whose template has that type)
    holds a certificate even when its data is encrypted (SOPS, Sealed Secrets) or empty:
    publish its reference key, so that workloads consuming it are judged."""
    kind = r.value(root, "kind")
    if kind == "SealedSecret":
        spec = root.get("spec")
        template = spec.get("template") if isinstance(spec, Map) else None
        secret_type = r.value(template, "type") if isinstance(template, Map) else None
    else:
        secret_type = r.value(root, "type")
    if secret_type == "kubernetes.io/tls":
        objects.publish(TLS_SECRETS, f"secret:{ns}/{name}")


def also_tls_secret(handler: Handler) -> Handler:
    """The Secret handler, followed by :func:`tls_secret`."""

    def both(objects: Objects, r: Reader, root: Map, name: str, ns: str, at: Location) -> None:
        handler(objects, r, root, name, ns, at)
        tls_secret(objects, r, root, name, ns, at)

    return both


@dataclass(frozen=True)
class _Delivery:
    delivery: str
    secret: str
    key: str
    keys: tuple[str, ...]
    location: Location
    mount_path: str = ""
    volume: str = ""
    tls_keys: bool = False
    csi: bool = False
    spots: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Volume:
    name: str
    secret: str  # "" for CSI
    items: dict[str, str]  # path in the volume -> Secret key
    csi: bool


def workload(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    api = r.value(root, "apiVersion")
    kind = str(r.value(root, "kind"))
    group = api.split("/")[0] if isinstance(api, str) and "/" in api else ""
    template: Map | None = root
    for step in TEMPLATES.get((group, kind), ()):
        template = r.map(template, step)
    if template is None:
        return
    spec = r.map(template, "spec")
    if spec is None:
        return
    workload_name = f"{kind} {ns}/{name}"
    volumes = _volumes(r, spec, workload_name)
    containers = r.maps(spec, "containers")
    found = [(c, _consumers(r, c, volumes, ns, workload_name, objects)) for c in containers]
    if not any(deliveries for _, deliveries in found):
        return  # most workloads: no Secret, no CSI volume; nothing more to read
    servers = table(objects.settings)
    # Reloader and Wave read the annotations of Deployments, StatefulSets and DaemonSets
    # (never of the pod template, a ReplicaSet or a bare Pod).
    annotations: dict[str, str] = {}
    if kind in ROLLED_BY_ANNOTATION:
        annotations = {k: text(v) for k, v in annotations_of(r, root).items()}
    sidecars = {
        id(c): reloader
        for c in containers
        if (reloader := servers.reloader(r.str(c, "image") or "")) is not None
    }
    metadata = r.map(root, "metadata")
    spots = {
        "annotations": objects.spot(r.map(metadata, "annotations")),
        "metadata": objects.spot(metadata),
    }
    for container, deliveries in found:
        if id(container) in sidecars:
            continue
        image = r.str(container, "image") or ""
        cname = r.str(container, "name") or "<unnamed>"
        own_reload = _reloads_itself(r, container)
        for consumer in deliveries:
            reloaded = servers.reload_annotation(annotations, consumer.secret)
            if reloaded:
                reloaded = f"annotation {reloaded}"
            elif own_reload:
                reloaded = "its command reloads it"
            else:
                reloaded = _sidecar(r, containers, sidecars, consumer.volume)
            objects.publish(
                "secret_consumers",
                SecretConsumer(
                    workload=workload_name,
                    workload_kind=kind,
                    workload_location=anchor,
                    namespace=ns,
                    container=cname,
                    image=image,
                    server=servers.server(image) if image else None,
                    delivery=consumer.delivery,
                    secret=consumer.secret,
                    key=consumer.key,
                    keys=consumer.keys,
                    location=consumer.location,
                    mount_path=consumer.mount_path,
                    volume=consumer.volume,
                    tls_keys=consumer.tls_keys,
                    csi=consumer.csi,
                    long_running=kind not in SHORT_LIVED,
                    reloaded_by=reloaded or "",
                    spots={**spots, **consumer.spots, "servers": servers},
                ),
            )


def _volumes(r: Reader, spec: Map, owner: str) -> dict[str, _Volume]:
    out: dict[str, _Volume] = {}
    for volume in r.maps(spec, "volumes", "spec.volumes"):
        name = r.str(volume, "name") or ""
        secret = r.map(volume, "secret")
        if secret is not None:
            out[name] = _Volume(
                name, r.str(secret, "secretName") or "", _items(r, secret), csi=False
            )
            continue
        csi = r.map(volume, "csi")
        if csi is not None and (r.str(csi, "driver") or "") in CSI_DRIVERS:
            out[name] = _Volume(name, "", {}, csi=True)
            continue
        projected = r.map(volume, "projected")
        if projected is not None:
            # One Secret per projected volume is judged; a volume mixing several keeps the
            # first (a mount of it receives them all the same way).
            for source in r.maps(projected, "sources"):
                secret = r.map(source, "secret")
                if secret is not None and r.str(secret, "name"):
                    out[name] = _Volume(name, r.str(secret, "name") or "", _items(r, secret), False)
                    break
    return out


def _items(r: Reader, secret: Map) -> dict[str, str]:
    return {
        r.str(item, "path") or "": r.str(item, "key") or ""
        for item in r.maps(secret, "items")
        if r.str(item, "key")
    }


def _is_cert_key(key: str) -> bool:
    return key in CERT_KEYS or key.lower().endswith(CERT_SUFFIXES)


def _consumers(
    r: Reader, container: Map, volumes: dict[str, _Volume], ns: str, owner: str, objects: Objects
) -> list[_Delivery]:
    out: list[_Delivery] = []
    mounts = r.maps(container, "volumeMounts")
    for mount in mounts:
        volume = volumes.get(r.str(mount, "name") or "")
        if volume is None:
            continue
        mount_path = r.str(mount, "mountPath") or ""
        key = f"csi:{owner}/{volume.name}" if volume.csi else f"secret:{ns}/{volume.secret}"
        sub = mount.entries.get("subPath") or mount.entries.get("subPathExpr")
        if sub is not None:
            sub_path = text(sub[1]) if isinstance(sub[1], Scalar) else ""
            secret_key = volume.items.get(sub_path, sub_path)
            keys: tuple[str, ...] = (secret_key,) if secret_key else ()
            spots = {"mount": _mount_site(objects, r, mount, mounts, volume.name, sub_path)}
            delivery, location = SUBPATH, r.loc(sub[0])
        else:
            keys = tuple(volume.items.values())
            spots = {}
            delivery = VOLUME
            entry = mount.entries.get("mountPath")
            location = r.loc(entry[0] if entry else mount)
        out.append(
            _Delivery(
                delivery=delivery,
                secret=volume.secret,
                key=key,
                keys=keys,
                location=location,
                mount_path=mount_path,
                volume=volume.name,
                tls_keys=volume.csi or any(_is_cert_key(k) for k in keys),
                csi=volume.csi,
                spots=spots,
            )
        )
    for variable in r.maps(container, "env"):
        value_from = r.map(variable, "valueFrom")
        ref = r.map(value_from, "secretKeyRef")
        if ref is None or value_from is None:
            continue
        secret = r.str(ref, "name") or ""
        secret_key = r.str(ref, "key") or ""
        out.append(
            _Delivery(
                delivery=ENV,
                secret=secret,
                key=f"secret:{ns}/{secret}",
                keys=(secret_key,) if secret_key else (),
                location=r.loc(value_from.entries["secretKeyRef"][0]),
                mount_path="",
                volume="",
                tls_keys=_is_cert_key(secret_key),
                csi=False,
                spots={},
            )
        )
    for source in r.maps(container, "envFrom"):
        ref = r.map(source, "secretRef")
        if ref is None:
            continue
        secret = r.str(ref, "name") or ""
        out.append(
            _Delivery(
                delivery=ENV_FROM,
                secret=secret,
                key=f"secret:{ns}/{secret}",
                keys=(),
                location=r.loc(source.entries["secretRef"][0]),
                mount_path="",
                volume="",
                tls_keys=False,
                csi=False,
                spots={},
            )
        )
    return out


def _reloads_itself(r: Reader, container: Map) -> bool:
    words = [w for key in ("command", "args") for w, _ in _strings(r, container, key)]
    return bool(_RELOAD_COMMAND.search(" ".join(words)))


def _strings(r: Reader, container: Map, key: str) -> list[tuple[str, Scalar]]:
    node = container.get(key)
    if node is None or isinstance(node, Scalar):
        return []
    return r.strs(container, key)


def _sidecar(r: Reader, containers: list[Map], sidecars: dict[int, str], volume: str) -> str:
    """A reload sidecar that mounts the same volume, or a container of the pod that reloads a
    server on a loop while mounting it."""
    if not volume:
        return ""
    for container in containers:
        mounts = {r.str(m, "name") for m in r.maps(container, "volumeMounts")}
        if volume not in mounts:
            continue
        if id(container) in sidecars:
            return f"reload sidecar {sidecars[id(container)]} ({r.str(container, 'name')})"
    return ""


@dataclass(frozen=True)
class MountSite:
    """Where `tlslint fix` turns a ``subPath`` mount into a directory mount.

    ``directory`` is the mount path's directory when the file name equals the Secret key (so
    the file stays where the server reads it) and the directory is dedicated to certificates;
    ``removals`` are the line ranges of the mount's ``subPath`` entry and of the other
    ``subPath`` mounts of the same volume into the same directory (merged into one mount).
    """

    mount_path: Location  # the mountPath value (editable scalar)
    raw: str
    directory: str
    removals: tuple[tuple[int, int], ...]  # (first line, last line), 1-based inclusive
    reason: str  # why no fix, when directory is ""


def _mount_site(
    objects: Objects,
    r: Reader,
    mount: Map,
    mounts: list[Map],
    volume: str,
    sub_path: str,
) -> MountSite | None:
    node = mount.get("mountPath")
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        return None
    if "subPathExpr" in mount.entries or node.shared or mount.flow or mount.shared:
        return None
    if mount.entries["subPath"][0].line == _item_lines(mount)[0]:
        return None  # `- subPath: …` starts the item: removing its line would break it
    path = node.value.rstrip("/")
    directory, base = posixpath.split(path)
    where = r.loc(node)
    if "/" in sub_path or base != sub_path:
        reason = f"the file is mounted as {base}, not under its name in the volume ({sub_path})"
        return MountSite(where, node.value, "", (), reason)
    if directory in SHARED_DIRS or not _DEDICATED.search(posixpath.basename(directory)):
        reason = f"{directory} may hold other files that a directory mount would hide"
        return MountSite(where, node.value, "", (), reason)
    group: list[Map] = []
    for other in mounts:
        other_path = (r.str(other, "mountPath") or "").rstrip("/")
        if other_path != directory and not other_path.startswith(directory + "/"):
            continue
        same = r.str(other, "name") == volume and "subPath" in other.entries
        if not same or posixpath.dirname(other_path) != directory:
            return MountSite(where, node.value, "", (), f"another mount uses {directory}")
        group.append(other)
    if group and group[0] is not mount:
        return MountSite(where, node.value, "", (), "merged into the first mount of the volume")
    key, value = mount.entries["subPath"]
    removals = [(key.line, _last_line(value))]
    removals += [_item_lines(other) for other in group[1:]]
    return MountSite(where, node.value, directory, tuple(removals), "")


def _item_lines(mapping: Map) -> tuple[int, int]:
    first = min(k.line for k, _ in mapping.entries.values())
    return first, _last_line(mapping)
