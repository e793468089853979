"""Rotation: a renewed certificate is not rotated until the process serving it loads it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import (
    CERTIFICATES,
    EMBEDDED_PEM,
    MANAGED_CERTIFICATES,
    RENEWALS,
    SECRET_CONSUMERS,
    SERVED_CERTIFICATES,
    TLS_SECRETS,
    FixIntent,
    Model,
    Severity,
)
from tlslint.rules.base import Context, Derived, Issue, rule

if TYPE_CHECKING:
    from tlslint.model.rotation import Renewal, SecretConsumer

LETSENCRYPT_LIVE = "/letsencrypt/live/"


def certificate_secrets(model: Model) -> frozenset[str]:
    """Reference keys of Secrets the repository knows to hold certificates: ``kubernetes.io/tls``
    Secrets (and SealedSecrets), Secrets with certificate material, cert-manager
    ``secretName``s, and Secrets that Ingresses, Gateways and other endpoints serve."""
    keys = {p.key for p in model.objects_of(EMBEDDED_PEM) if p.role == "certificate"}
    keys |= {c.key for c in model.objects_of(CERTIFICATES) if c.key.startswith("secret:")}
    keys |= {m.key for m in model.objects_of(MANAGED_CERTIFICATES)}
    keys |= set(model.objects_of(TLS_SECRETS))
    for endpoint in model.endpoints:
        keys |= {ref.key for ref in endpoint.certificate_refs("certificate") if ref.key}
    return frozenset(k for k in keys if k.startswith("secret:"))


CERTIFICATE_SECRETS = Derived("Secrets holding certificates", certificate_secrets)


def _is_certificate(consumer: SecretConsumer, ctx: Context) -> bool:
    if consumer.tls_keys:
        return True
    return consumer.key in ctx.derived(CERTIFICATE_SECRETS)


def _what(consumer: SecretConsumer) -> str:
    if consumer.csi:
        return f"the cert-manager CSI volume {consumer.volume}"
    keys = f" key {', '.join(consumer.keys)}" if consumer.keys else ""
    return f"Secret {consumer.secret}{keys}"


@rule(
    "TLS609",
    "rotation-blocked",
    Severity.HIGH,
    "A workload receives a certificate in a way that never updates (subPath mount, variable)",
    subject=SECRET_CONSUMERS,
    sources=("kubernetes",),
    standard="NIST SP 1800-16 (certificate renewal and deployment); PCI DSS 4.0 4.2.1",
    fix="safe",
)
def ROTATION_BLOCKED(consumer: SecretConsumer, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Every container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or bare Pod that
    receives a certificate — a `kubernetes.io/tls` Secret, a Secret named by a cert-manager
    Certificate's `secretName` or an Ingress/Gateway `tls` entry, a Secret key such as
    `tls.crt`, or a cert-manager csi-driver volume — through a volume mount with `subPath`, an
    `env[].valueFrom.secretKeyRef` or an `envFrom[].secretRef`. The finding is on the
    `subPath`, `secretKeyRef` or `secretRef` line.

    Jobs and CronJobs are not flagged: each run starts a new pod, which reads the current
    Secret.

    Why it matters
    ---
    The kubelet updates the files of a mounted Secret when the Secret changes, but never a
    `subPath` mount (it is bound once, when the container starts), and environment variables
    are set once, at start. cert-manager renews the Secret on time, the pod keeps the old
    certificate, and the service fails when that one expires — usually weeks after the
    renewal that everyone believed had worked.

    Severity
    ---
    High: the renewed certificate can never reach the process, so an outage at expiry is
    certain (NIST SP 1800-16 counts expired certificates among the main TLS outages).

    Example
    ---
    ```yaml
    volumeMounts:
      - name: tls
        mountPath: /etc/nginx/tls/tls.crt
        subPath: tls.crt
    ```

    <!-- fixture: TLS609/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    volumeMounts:
      - name: tls
        mountPath: /etc/nginx/tls   # the whole volume: the kubelet updates its files
        readOnly: true
    ```
    and make the server load the new files (see TLS610). `tlslint fix` rewrites a `subPath`
    mount into a directory mount when the file keeps its path and the directory holds
    certificates only.

    <!-- fixture: TLS609/kubernetes/passes -->

    Options
    ---
    None: any way of receiving a certificate that never updates is reported. Which Secrets
    hold certificates is read from the repository.

    References
    ---
    - https://kubernetes.io/docs/concepts/storage/volumes/#secret
    - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
    - https://cert-manager.io/docs/usage/certificate/#renewal
    """
    from tlslint.model.rotation import ENV, ENV_FROM, SUBPATH  # loaded: consumer is one of its

    if not consumer.long_running or consumer.delivery not in (SUBPATH, ENV, ENV_FROM):
        return
    if not _is_certificate(consumer, ctx):
        return
    container = f"container {consumer.container} of {consumer.workload}"
    if consumer.delivery == SUBPATH:
        yield Issue(
            f"{container} mounts {_what(consumer)} with subPath at {consumer.mount_path}; "
            "Kubernetes never updates a subPath mount, so a renewed certificate never reaches it",
            consumer.location,
            "Mount the whole volume on a directory (no `subPath`) and point the server at the "
            "file in it.",
            context=f"subPath {consumer.key} {consumer.container} {consumer.mount_path}",
            intent=FixIntent("rotation_mount", None, consumer.location),
            subject=consumer,
        )
        return
    how = "secretKeyRef" if consumer.delivery == ENV else "envFrom secretRef"
    yield Issue(
        f"{container} reads {_what(consumer)} into environment variables ({how}), set once "
        "when the container starts; a renewed certificate never reaches it",
        consumer.location,
        "Mount the Secret as a volume (no `subPath`) and read the certificate from the files, "
        "which the kubelet updates.",
        context=f"{how} {consumer.key} {consumer.container}",
    )


@rule(
    "TLS610",
    "rotation-not-reloaded",
    Severity.MEDIUM,
    "A server that reads certificate files only at start has nothing to reload it on renewal",
    subject=SECRET_CONSUMERS,
    sources=("kubernetes",),
    standard="NIST SP 1800-16 (certificate renewal and deployment); PCI DSS 4.0 4.2.1",
    fix="safe",
)
def ROTATION_NOT_RELOADED(consumer: SecretConsumer, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A long-running workload whose container mounts a certificate Secret (or cert-manager CSI
    volume) as a directory, runs a server that reads certificate files only at start or on
    reload (nginx, Apache httpd, HAProxy, Caddy with certificate files — the table in
    `tlslint/data/servers.yaml`, each entry with its project's documentation), and has
    nothing that reloads it when the Secret changes:

    - no Reloader-style annotation on the Deployment, StatefulSet or DaemonSet
      (`reloader.stakater.com/auto: "true"`, `secret.reloader.stakater.com/auto: "true"`,
      `secret.reloader.stakater.com/reload` naming the Secret,
      `reloader.stakater.com/search: "true"`, `wave.pusher.com/update-on-config-change:
      "true"`; these controllers ignore pod templates, ReplicaSets and bare Pods),
    - no reload sidecar mounting the same volume (configmap-reload,
      prometheus-config-reloader, k8s-sidecar),
    - no reload loop in the container's own command (`nginx -s reload`, `inotifywait`…).

    Servers that watch their files or read Secrets from the API (Traefik, the ingress
    controllers, Istio's proxy) pass; images the table does not know are not judged. The
    finding is on the workload's name.

    Why it matters
    ---
    The kubelet writes the renewed files into the volume, but nginx keeps the certificate it
    loaded at start in memory and serves it until it expires. A rollout for an unrelated
    change hides the problem for months, then a quiet quarter lets it expire.

    Severity
    ---
    Medium: the renewal reaches the files but not the process until something restarts it;
    an outage is likely, not certain (any rollout loads the new certificate).

    Example
    ---
    ```yaml
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
            - name: nginx
              image: nginx:1.27
              volumeMounts:
                - {name: tls, mountPath: /etc/nginx/tls}
          volumes:
            - {name: tls, secret: {secretName: web-tls}}
    ```

    <!-- fixture: TLS610/kubernetes/fires -->

    Use instead
    ---
    ```yaml
    kind: Deployment
    metadata:
      name: web
      annotations:
        reloader.stakater.com/auto: "true"   # Reloader rolls the pods when web-tls changes
    ```
    or a reload sidecar, or a server that watches its certificate files.

    <!-- fixture: TLS610/kubernetes/passes -->

    Options
    ---
    `kubernetes.servers` adds or overrides image entries (`images`, `watches`, `reload`,
    `reference`), `kubernetes.reloaders` adds reload sidecar images, and
    `kubernetes.reload_annotations` adds annotations (the first is the one `tlslint fix`
    adds).

    References
    ---
    - https://github.com/stakater/Reloader
    - https://nginx.org/en/docs/control.html
    - https://httpd.apache.org/docs/2.4/stopping.html
    - https://kubernetes.io/docs/concepts/configuration/secret/#mounted-secrets-are-updated-automatically
    """
    from tlslint.model.rotation import ROLLED_BY_ANNOTATION, VOLUME

    if not consumer.long_running or consumer.delivery != VOLUME or consumer.reloaded_by:
        return
    server = consumer.server
    if server is None or server.watches is not False or not _is_certificate(consumer, ctx):
        return
    fix = None
    if consumer.workload_kind in ROLLED_BY_ANNOTATION:
        fix = FixIntent("reload_annotation", consumer.secret, consumer.workload_location)
    yield Issue(
        f"{consumer.workload} serves {_what(consumer)} with {server.name} (container "
        f"{consumer.container}), which reads certificate files only at start or reload, and "
        "nothing reloads it when the certificate is renewed",
        consumer.workload_location,
        f'Annotate the workload for a reloader (`reloader.stakater.com/auto: "true"`), add a '
        f"reload sidecar, or reload the server ({server.reload}) when the files change.",
        context=f"{consumer.key} {consumer.container}",
        intent=fix,
        subject=consumer,
    )


@rule(
    "TLS611",
    "renewal-without-reload",
    Severity.MEDIUM,
    "A certificate renewal has no deploy or reload hook for the server that uses it",
    subject=RENEWALS,
    sources=("renewal",),
    standard="NIST SP 1800-16 (certificate renewal and deployment); certbot deploy hooks",
    fix="none",
)
def RENEWAL_WITHOUT_RELOAD(renewal: Renewal, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    A certbot renewal configuration (`/etc/letsencrypt/renewal/*.conf`), a `certbot renew`
    loop in a docker-compose service, a cron file or a systemd service running
    `certbot renew`, or an acme.sh installation, that has no deploy / reload hook
    (`deploy_hook`, `renew_hook`, `post_hook`, `--deploy-hook`, `--post-hook`, an `installer`
    plugin such as `nginx` or `apache`, acme.sh's `--reloadcmd`) while the certificate it
    renews is served by a server in the repository that reads it only at start or reload:
    an nginx configuration whose `ssl_certificate`, an Apache httpd configuration whose
    `SSLCertificateFile` or an HAProxy configuration whose `bind … crt` is under the renewed
    path (or is the installed file), or an nginx,
    Apache httpd or HAProxy docker-compose service sharing the renewal's volume (and not
    reloading itself on a loop). The finding is on the renew command or the renewal
    configuration's `[renewalparams]` line.

    Why it matters
    ---
    certbot writes the new files and exits; nginx keeps serving the certificate it loaded
    at start until it expires, ninety days after the renewal everyone thought had worked.

    Severity
    ---
    Medium: as TLS610 for hosts and containers: the renewal is done, the server does not
    load it until a restart that nothing schedules.

    Example
    ---
    ```yaml
    certbot:
      image: certbot/certbot
      entrypoint: /bin/sh -c 'trap exit TERM; while :; do certbot renew; sleep 12h; done'
    ```

    <!-- fixture: TLS611/renewal/fires-compose -->

    Use instead
    ---
    ```yaml
    nginx:
      image: nginx:1.27
      command: >-
        /bin/sh -c 'while :; do sleep 6h; nginx -s reload; done &
        exec nginx -g "daemon off;"'
    ```
    or, on a host, `deploy_hook = systemctl reload nginx` in the renewal configuration.

    <!-- fixture: TLS611/renewal/passes-compose -->

    Options
    ---
    `kubernetes.servers` also tells which docker-compose images read certificates only at
    start (`watches: false`).

    References
    ---
    - https://eff-certbot.readthedocs.io/en/stable/using.html#renewing-certificates
    - https://eff-certbot.readthedocs.io/en/stable/using.html#modifying-the-renewal-configuration-file
    - https://github.com/acmesh-official/acme.sh#3-install-the-cert-to-apachenginx-etc
    - https://nginx.org/en/docs/control.html
    """
    if renewal.hook.value:
        return
    servers = list(renewal.servers)
    for endpoint in ctx.model.endpoints:
        server = SERVERS_WITH_FILES.get(endpoint.source)
        if server is None or renewal.reloaded_by:
            continue
        for ref in endpoint.certificate_refs("certificate"):
            if _renews(renewal, ref.reference):
                name = ref.location.path.rsplit("/", 1)[-1]
                servers.append(f"{server} ({name}, line {ref.location.line})")
                break
    if not renewal.reloaded_by:
        for served_file in ctx.model.objects_of(SERVED_CERTIFICATES):
            if _renews(renewal, served_file.path):
                name = served_file.location.path.rsplit("/", 1)[-1]
                servers.append(f"{served_file.server} ({name}, line {served_file.location.line})")
    if not servers:
        return
    served = ", ".join(dict.fromkeys(servers))
    yield Issue(
        f"{renewal.description} renews the certificate without a deploy or reload hook; "
        f"{served} read{'s' if len(servers) == 1 else ''} it only at start or reload and keep"
        f"{'s' if len(servers) == 1 else ''} serving the old one",
        renewal.location,
        'Add a deploy hook that reloads the server (`--deploy-hook "nginx -s reload"`, '
        "`deploy_hook = systemctl reload nginx`, acme.sh `--reloadcmd`), or make the server "
        "reload itself periodically.",
        context=f"{renewal.tool} {' '.join(renewal.certificates)}",
    )


# Sources whose endpoints are servers on a host, loading certificate files at start.
SERVERS_WITH_FILES = {"nginx": "nginx", "apache": "Apache httpd", "haproxy": "HAProxy"}


def _renews(renewal: Renewal, path: str) -> bool:
    if not renewal.certificates:
        return renewal.tool == "certbot" and LETSENCRYPT_LIVE in path
    for renewed in renewal.certificates:
        if renewed.endswith("/") and path.startswith(renewed):
            return True
        if path == renewed or (path.endswith("/") and renewed.startswith(path)):
            return True  # the file itself, or a directory of certificates that holds it
    return False
