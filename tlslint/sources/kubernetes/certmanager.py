"""cert-manager: Certificates, Issuers and ClusterIssuers, and the ingress-shim annotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tlslint.model import (
    CERTIFICATE_OCSP_BY_KEY,
    ISSUERS,
    MANAGED_CERTIFICATES,
    CertificateNames,
    Issuer,
    IssuerRef,
    Location,
    ManagedCertificate,
    Model,
    Origin,
    ReadProblem,
    Setting,
)
from tlslint.sources.kubernetes import ingress_nginx as nx
from tlslint.sources.kubernetes.common import Objects, key_of
from tlslint.sources.kubernetes.reader import Reader, text
from tlslint.sources.kubernetes.yamltree import Map, Scalar

CM = "cert-manager.io/"
CERT_MANAGER_GROUP = "cert-manager.io"
# cert-manager defaults (pkg/apis/certmanager/v1/types.go, cert-manager v1.21).
CM_DURATION = 2160 * 3600
CM_KEY_SIZES = {"RSA": 2048, "ECDSA": 256}


def shim(
    objects: Objects,
    r: Reader,
    annotations: dict[str, Scalar],
    ns: str,
    title: str,
    secrets: list[tuple[str, Scalar, list[str]]],
    annotations_node: Map | None = None,
) -> None:
    """cert-manager's ingress-shim (and gateway-shim): annotations that make a Certificate."""
    ref: IssuerRef | None = None
    issuer = annotations.get(CM + "issuer")
    cluster = annotations.get(CM + "cluster-issuer")
    acme = annotations.get("kubernetes.io/tls-acme")
    if cluster is not None:
        ref = IssuerRef(text(cluster), "ClusterIssuer", CERT_MANAGER_GROUP, ns, r.loc(cluster))
    elif issuer is not None:
        kind = annotations.get(CM + "issuer-kind")
        group = annotations.get(CM + "issuer-group")
        ref = IssuerRef(
            text(issuer),
            text(kind) if kind is not None else "Issuer",
            text(group) if group is not None else CERT_MANAGER_GROUP,
            ns,
            r.loc(issuer),
        )
    elif acme is None or nx.parse_bool(text(acme)) is not True:
        return  # no shim annotation: nothing manages these secrets from here
    for secret_name, node, hosts in secrets:
        where = r.loc(node)
        description = f"ingress-shim Certificate {ns}/{secret_name} ({title})"

        def setting(
            key: str,
            convert: Callable[[str], Any],
            default: Any,
            note: str,
            where: Location = where,
        ) -> Any:
            found = annotations.get(CM + key)
            if found is None:
                return Setting(default, Origin.DEFAULT, where, "", note) if note else None
            value = convert(text(found))
            if value is None:
                r.problems.append(
                    ReadProblem(
                        "parse-error",
                        f"{title}: annotation {CM}{key} has an invalid value "
                        f"'{text(found)}'; ignored",
                        r.loc(found),
                    )
                )
                return Setting(default, Origin.DEFAULT, where, "", note) if note else None
            return Setting(value, Origin.WRITTEN, r.loc(found), text(found))

        algorithm = setting("private-key-algorithm", _algorithm, "RSA", "cert-manager default: RSA")
        size = setting("private-key-size", _int, None, "cert-manager default size")
        if size.origin is Origin.DEFAULT:
            size = Setting(
                CM_KEY_SIZES.get(algorithm.value), Origin.DEFAULT, where, "", _size_note(algorithm)
            )
        managed = ManagedCertificate(
            name=description,
            namespace=ns,
            secret_name=secret_name,
            key=f"secret:{ns}/{secret_name}",
            dns_names=tuple(hosts),
            location=where,
            issuer=ref,
            duration=setting(
                "duration", parse_duration, CM_DURATION, "cert-manager default: 2160h"
            ),
            key_algorithm=algorithm,
            key_size=size,
            rotation_policy=setting(
                "private-key-rotation-policy",
                _rotation,
                "Always",
                "cert-manager default since v1.18: Always",
            ),
            renew_before=setting("renew-before", parse_duration, None, ""),
            renew_before_percentage=setting("renew-before-percentage", _int, None, ""),
            spots={"annotations": objects.spot(annotations_node)},
        )
        objects.publish(MANAGED_CERTIFICATES, managed)
        if hosts:
            objects.publish(
                "certificate_names",
                CertificateNames(managed.key, tuple(hosts), description + " dnsNames", where),
            )


def _size_note(algorithm: Setting[str]) -> str:
    size = CM_KEY_SIZES.get(algorithm.value)
    return f"cert-manager default for {algorithm.value}: {size}" if size else "no size"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def parse_duration(raw: str) -> int | None:
    """Go's time.ParseDuration, in whole seconds; None when invalid (e.g. '90d')."""
    value = raw.strip()
    if not value or not re.fullmatch(r"(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+", value):
        return None
    return int(sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(value)))


def _int(raw: str) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _algorithm(raw: str) -> str | None:
    table = {"rsa": "RSA", "ecdsa": "ECDSA", "ed25519": "Ed25519"}
    return table.get(raw.strip().lower())


def _rotation(raw: str) -> str | None:
    return {"never": "Never", "always": "Always"}.get(raw.strip().lower())


# ------------------------------------------------------------------------------------------
# cert-manager


def certificate(
    objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location
) -> None:
    spec = r.map(root, "spec")
    if spec is None:
        return
    title = f"Certificate {ns}/{name}"
    secret_name = r.str(spec, "secretName", "spec.secretName")
    where = r.loc(key_of(spec, "secretName")) if secret_name else anchor
    issuer_map = r.map(spec, "issuerRef", "spec.issuerRef")
    ref = None
    if issuer_map is not None and r.str(issuer_map, "name", "spec.issuerRef.name"):
        ref = IssuerRef(
            r.str(issuer_map, "name") or "",
            r.str(issuer_map, "kind") or "Issuer",
            r.str(issuer_map, "group") or CERT_MANAGER_GROUP,
            ns,
            r.loc(issuer_map.get("name")),
        )
    names = [n for n, _ in r.strs(spec, "dnsNames", "spec.dnsNames")]
    common = r.str(spec, "commonName")
    if common and not names and "." in common and " " not in common:
        names.append(common)  # clients ignore the CN when SANs exist; alone, it names the host

    def duration_setting(key: str, default: int | None, note: str) -> Setting[Any] | None:
        raw = r.str(spec, key, f"spec.{key}")
        if raw is None:
            return Setting(default, Origin.DEFAULT, where, "", note) if note else None
        value = parse_duration(raw)
        if value is None:
            r.problems.append(
                ReadProblem(
                    "parse-error",
                    f"{title}: spec.{key} '{raw}' is not a Go duration (units h, m, s; no "
                    "'d'); cert-manager rejects it",
                    r.loc(spec.get(key)),
                )
            )
            return Setting(default, Origin.DEFAULT, where, "", note) if note else None
        return Setting(value, Origin.WRITTEN, r.loc(spec.get(key)), raw)

    key_map = r.map(spec, "privateKey", "spec.privateKey")
    algo_raw = r.str(key_map, "algorithm", "spec.privateKey.algorithm")
    algorithm: Setting[str] = (
        Setting(
            _algorithm(algo_raw) or algo_raw,
            Origin.WRITTEN,
            r.loc(key_map.get("algorithm")),
            algo_raw,
        )
        if algo_raw and key_map is not None
        else Setting("RSA", Origin.DEFAULT, where, "", "cert-manager default: RSA")
    )
    size_value = r.value(key_map, "size")
    if isinstance(size_value, int) and key_map is not None:
        size: Setting[int | None] = Setting(
            size_value, Origin.WRITTEN, r.loc(key_map.get("size")), str(size_value)
        )
    else:
        size = Setting(
            CM_KEY_SIZES.get(algorithm.value), Origin.DEFAULT, where, "", _size_note(algorithm)
        )
    rotation_raw = r.str(key_map, "rotationPolicy", "spec.privateKey.rotationPolicy")
    rotation: Setting[str] = (
        Setting(rotation_raw, Origin.WRITTEN, r.loc(key_map.get("rotationPolicy")), rotation_raw)
        if rotation_raw and key_map is not None
        else Setting("Always", Origin.DEFAULT, where, "", "cert-manager default since v1.18")
    )
    percentage = r.value(spec, "renewBeforePercentage")
    renewal = r.map(spec, "renewal", "spec.renewal")
    policy = r.str(renewal, "policy")
    managed = ManagedCertificate(
        name=title,
        namespace=ns,
        secret_name=secret_name or "",
        key=f"secret:{ns}/{secret_name}",
        dns_names=tuple(names),
        location=anchor,
        issuer=ref,
        duration=duration_setting("duration", CM_DURATION, "cert-manager default: 2160h")
        or Setting(CM_DURATION, Origin.DEFAULT, where),
        key_algorithm=algorithm,
        key_size=size,
        rotation_policy=rotation,
        renew_before=duration_setting("renewBefore", None, ""),
        renew_before_percentage=Setting(
            percentage, Origin.WRITTEN, r.loc(spec.get("renewBeforePercentage")), str(percentage)
        )
        if isinstance(percentage, int)
        else None,
        renewal_disabled=Setting(True, Origin.WRITTEN, r.loc(renewal.get("policy")), policy)
        if policy == "Disabled" and renewal is not None
        else None,
        is_ca=r.value(spec, "isCA") is True,
        spots={"spec": objects.spot(spec), "private_key": objects.spot(key_map)},
    )
    objects.publish(MANAGED_CERTIFICATES, managed)
    if secret_name and names:
        dns_node = spec.get("dnsNames")
        objects.publish(
            "certificate_names",
            CertificateNames(managed.key, tuple(names), f"{title} dnsNames", r.loc(dns_node, spec)),
        )


def issuer(objects: Objects, r: Reader, root: Map, name: str, ns: str, anchor: Location) -> None:
    kind = r.value(root, "kind")
    cluster = kind == "ClusterIssuer"
    spec = r.map(root, "spec")
    types = [
        t for t in ("acme", "ca", "selfSigned", "vault", "venafi") if spec and t in spec.entries
    ]
    found = Issuer(
        kind="ClusterIssuer" if cluster else "Issuer",
        name=name,
        namespace="" if cluster else ns,
        type=types[0] if types else "unknown",
        location=anchor,
    )
    acme = r.map(spec, "acme", "spec.acme")
    if acme is not None:
        server = r.str(acme, "server", "spec.acme.server")
        email = r.str(acme, "email", "spec.acme.email")
        account = r.map(acme, "privateKeySecretRef", "spec.acme.privateKeySecretRef")
        account_name = r.str(account, "name", "spec.acme.privateKeySecretRef.name")
        skip = r.value(acme, "skipTLSVerify")
        assert spec is not None  # acme was read from it
        acme_loc = r.loc(key_of(spec, "acme"))
        found = Issuer(
            kind=found.kind,
            name=name,
            namespace=found.namespace,
            type="acme",
            location=anchor,
            acme_server=Setting(
                server or "", Origin.WRITTEN, r.loc(acme.get("server"), acme), server or ""
            )
            if server
            else Setting("", Origin.DEFAULT, acme_loc, "", "no server"),
            acme_email=Setting(email, Origin.WRITTEN, r.loc(acme.get("email")), email)
            if email
            else Setting(None, Origin.DEFAULT, acme_loc, "", "no email"),
            acme_account_key=Setting(
                account_name,
                Origin.WRITTEN,
                r.loc(account.get("name") if account else None, acme),
                account_name or "",
            )
            if account_name
            else Setting(None, Origin.DEFAULT, acme_loc, "", "no privateKeySecretRef"),
            acme_skip_tls_verify=Setting(
                True, Origin.WRITTEN, r.loc(acme.get("skipTLSVerify")), "true"
            )
            if skip is True
            else None,
        )
    objects.publish(ISSUERS, found)
    if "vault" in types:  # Vault issuers: what they may sign (kubernetes/vault_issuer.py)
        from tlslint.sources.kubernetes.vault_issuer import vault_issuer

        vault_issuer(objects, r, spec, found)


LETS_ENCRYPT_HOSTS = ("api.letsencrypt.org",)


def link_ocsp(model: Model) -> None:
    """Secrets filled by a Let's Encrypt ACME issuer hold certificates without an OCSP URL
    (Let's Encrypt ended OCSP in 2025): say so, by reference key, to the OCSP rules."""
    issuers = {(i.kind, i.namespace, i.name): i for i in model.objects_of(ISSUERS)}
    without: dict[str, bool] = {}
    for cert in model.objects_of(MANAGED_CERTIFICATES):
        ref = cert.issuer
        if ref is None or ref.group != CERT_MANAGER_GROUP:
            continue
        found = issuers.get((ref.kind, ref.namespace if ref.kind == "Issuer" else "", ref.name))
        server = found.acme_server.value if found and found.acme_server else ""
        if any(host in server for host in LETS_ENCRYPT_HOSTS):
            without[cert.key] = False
    if without:
        model.publish(CERTIFICATE_OCSP_BY_KEY).append(without)
