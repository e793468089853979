"""The model of certificate rotation: how a renewed certificate reaches the process serving it.

Published by the Kubernetes source (``model.objects_of(SECRET_CONSUMERS)``: one
:class:`SecretConsumer` per way a container receives a Secret or a CSI certificate volume) and by
the renewal source (``model.objects_of(RENEWALS)``: one :class:`Renewal` per certbot / acme.sh
renewal found in the repository). Rules in ``rules/rotation.py`` read only these objects and
the rest of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

# The kinds are declared with the others (rules name them without importing this module).
from tlslint.model import RENEWALS as RENEWALS
from tlslint.model import SECRET_CONSUMERS as SECRET_CONSUMERS
from tlslint.model import SERVED_CERTIFICATES as SERVED_CERTIFICATES
from tlslint.model import Location, Setting

# How a container receives the certificate.
SUBPATH = "subPath"  # a volume mount of one file: never updated (kubelet copies it once)
ENV = "env"  # env[].valueFrom.secretKeyRef: read once, at container start
ENV_FROM = "envFrom"  # envFrom[].secretRef: every key as a variable, at container start
VOLUME = "volume"  # a whole volume mounted: kubelet updates the files in place
DELIVERIES = (SUBPATH, ENV, ENV_FROM, VOLUME)
# The kinds whose annotations Reloader and Wave act on.
ROLLED_BY_ANNOTATION = frozenset({"Deployment", "StatefulSet", "DaemonSet"})


@dataclass(frozen=True)
class ServerKind:
    """What is known about a server image from the package's table (``data/servers.yaml``)
    or the configuration (``kubernetes.servers``)."""

    name: str  # "nginx", "Traefik", …
    watches: bool | None  # reloads its certificate files (or the Secret) itself; None: unknown
    reload: str  # how to make it load a renewed certificate: "nginx -s reload"
    reference: str  # where its documentation says so


@dataclass(frozen=True)
class SecretConsumer:
    """One container receiving a certificate Secret (or a cert-manager CSI volume) one way.

    ``reloaded_by`` names what restarts or reloads the container when the Secret changes (a
    Reloader annotation, a reload sidecar, a reload loop in its command), empty when nothing.
    ``tls_keys`` is True when the way it is consumed names certificate keys (``tls.crt``…), or
    the volume is a cert-manager CSI volume; the rules also accept Secrets the model knows as
    certificates (a ``kubernetes.io/tls`` Secret, a Certificate's ``secretName``, an Ingress
    ``tls`` entry).
    """

    workload: str  # "Deployment shop/web"
    workload_kind: str  # "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"
    workload_location: Location  # its metadata.name
    namespace: str
    container: str
    image: str
    server: ServerKind | None
    delivery: str  # one of DELIVERIES
    secret: str  # the Secret's name; "" for a CSI volume
    key: str  # "secret:<namespace>/<name>", or "csi:<workload>/<volume>"
    keys: tuple[str, ...]  # Secret keys named (items, subPath, secretKeyRef.key)
    location: Location  # the subPath, secretKeyRef, envFrom entry or volumeMount
    mount_path: str = ""
    volume: str = ""
    tls_keys: bool = False
    csi: bool = False
    long_running: bool = True  # False for Jobs and CronJobs: each run starts a new pod
    reloaded_by: str = ""
    # Where `tlslint fix` writes (source-specific sites), never read by rules.
    spots: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    source: ClassVar[str] = "kubernetes"

    @property
    def name(self) -> str:
        """For findings' endpoint column: the workload and its container."""
        return f"{self.workload}, container {self.container}"


@dataclass(frozen=True)
class Renewal:
    """A certificate renewal set up in the repository (certbot or acme.sh).

    ``certificates`` are the paths (or directories, ending in ``/``) of what it renews; empty
    when it renews every certbot lineage (``certbot renew``). ``hook`` is the deploy / renew /
    post hook, installer plugin or ``--reloadcmd`` that makes servers load the renewed files,
    with its location; ``None`` value when absent. ``servers`` are the servers found beside it
    (docker-compose services sharing its volume) that load certificates only at start, and
    reload themselves in no other way.
    """

    tool: str  # "certbot" | "acme.sh"
    description: str  # "certbot renewal configuration example.com"
    location: Location
    certificates: tuple[str, ...]
    hook: Setting[str | None]
    servers: tuple[str, ...] = ()
    # A server beside it that reloads itself (a reload loop in its command): the servers
    # configured in the repository are taken to be that one.
    reloaded_by: str = ""
    renew_before_days: Setting[int] | None = None
    lifetime_days: int | None = None  # of what the CA issues, when the configuration says
    # What it asks the CA for (key type and size): an IssuingPolicy, published with the
    # others by the cfssl source's link step; None when the configuration does not say.
    issuing: Any = field(default=None, compare=False)
    source: ClassVar[str] = "renewal"

    @property
    def name(self) -> str:
        return self.description


@dataclass(frozen=True)
class ServedCertificate:
    """A certificate file that a server configured in the repository loads at start (an
    Apache ``SSLCertificateFile``, an HAProxy ``crt``), published by the renewal source in
    ``model.objects_of(SERVED_CERTIFICATES)``; nginx servers are endpoints of their own."""

    server: str  # "Apache httpd", "HAProxy"
    path: str  # as written: "/etc/letsencrypt/live/example.com/fullchain.pem"
    location: Location
