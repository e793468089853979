"""``tlslint generate cert-manager``: issuers and Certificates that renew on time with good keys.

Issuers: Let's Encrypt (staging and production) with an HTTP-01 solver (an ingress class or a
Gateway) or a DNS-01 solver (Cloudflare, Route53, Google Cloud DNS, Azure DNS, ACME-DNS,
RFC2136); an internal CA bootstrapped from a self-signed issuer; or Vault. A Certificate for
the given names has an ECDSA P-256 key (RSA for the ``old`` profile) that is rotated on every
renewal, a lifetime within the policy and a renewal window at least the policy's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tlslint.arguments import flag, profile_flag
from tlslint.generators.common import (
    GeneratorError,
    dns_names,
    dump_yaml,
    go_duration,
    k8s_name,
    profile_policy,
    secret_name_for,
)

API = "cert-manager.io/v1"
LETS_ENCRYPT = {
    "production": "https://acme-v02.api.letsencrypt.org/directory",
    "staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
}
ISSUERS = ("letsencrypt", "ca", "vault")
ENVIRONMENTS = ("both", "production", "staging")


@dataclass(frozen=True)
class DnsProvider:
    field: str  # the solver field in the CRD
    required: tuple[str, ...]  # --dns-option keys that must be given
    optional: tuple[str, ...]
    credentials: str  # how the solver authenticates, for the header


DNS_PROVIDERS: dict[str, DnsProvider] = {
    "cloudflare": DnsProvider(
        "cloudflare", (), ("secret", "key"), "an API token in Secret {secret} (key {key})"
    ),
    "route53": DnsProvider(
        "route53",
        ("region",),
        ("hosted-zone-id", "role"),
        "the controller's IAM role (IRSA / EKS Pod Identity); no static keys",
    ),
    "clouddns": DnsProvider(
        "cloudDNS",
        ("project",),
        ("hosted-zone-name",),
        "Workload Identity of the controller's service account; no key file",
    ),
    "azuredns": DnsProvider(
        "azureDNS",
        ("subscription-id", "resource-group"),
        ("hosted-zone-name", "client-id"),
        "Azure Workload Identity (managed identity); no client secret",
    ),
    "acmedns": DnsProvider(
        "acmeDNS",
        ("host",),
        ("secret", "key"),
        "the acme-dns account JSON in Secret {secret} (key {key})",
    ),
    "rfc2136": DnsProvider(
        "rfc2136",
        ("nameserver",),
        ("tsig-key-name", "tsig-algorithm", "secret", "key"),
        "a TSIG key in Secret {secret} (key {key})",
    ),
}
_SECRET_DEFAULTS = {
    "cloudflare": ("cloudflare-api-token", "api-token"),
    "acmedns": ("acme-dns", "acmedns.json"),
    "rfc2136": ("rfc2136-tsig", "tsig-secret-key"),
}
TSIG_ALGORITHMS = ("HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512")


@dataclass(frozen=True)
class Options:
    profile: str = profile_flag()
    issuer: str = flag(
        "kind of issuer: ACME Let's Encrypt, an internal CA, or Vault (default: letsencrypt)",
        choices=("letsencrypt", "ca", "vault"),
        default="letsencrypt",
        show_default=True,
    )
    issuer_kind: str = flag(
        "cluster-wide or namespaced issuer (default: ClusterIssuer)",
        choices=("ClusterIssuer", "Issuer"),
        default="ClusterIssuer",
    )
    namespace: str = flag("for Issuers and Certificates (default: default)", default="default")
    email: str | None = flag("ACME account e-mail (Let's Encrypt)", default=None)
    environment: str = flag(
        "Let's Encrypt issuers to write (default: both)",
        choices=("both", "production", "staging"),
        default="both",
    )
    ingress_class: str | None = flag("HTTP-01 through this ingress class (default)", default=None)
    gateway: str | None = flag(  # NAME or NAMESPACE/NAME
        "HTTP-01 through this Gateway API Gateway", metavar="[NAMESPACE/]NAME", default=None
    )
    dns_provider: str | None = flag(
        "DNS-01: cloudflare, route53, clouddns, azuredns, acmedns, rfc2136",
        metavar="PROVIDER",
        default=None,
    )
    dns_options: tuple[str, ...] = flag(
        "provider settings, e.g. region=eu-west-1 (repeatable)",
        "--dns-option",
        metavar="KEY=VALUE",
        default=(),
    )
    dns_zones: tuple[str, ...] = flag(
        "use this solver only for names in the zone (repeatable)",
        "--dns-zone",
        metavar="ZONE",
        default=(),
    )
    ca_name: str = flag("internal CA name (default internal-ca)", default="internal-ca")
    ca_namespace: str = flag("where a ClusterIssuer's CA Secret lives", default="cert-manager")
    vault_server: str | None = flag("Vault's address (https://…)", metavar="URL", default=None)
    vault_path: str | None = flag("e.g. pki_int/sign/example-dot-com", default=None)
    vault_role: str | None = flag("Vault Kubernetes-auth role", default=None)
    vault_auth_path: str = flag("default /v1/auth/kubernetes", default="/v1/auth/kubernetes")
    vault_service_account: str = flag("default vault-issuer", default="vault-issuer")
    domains: tuple[str, ...] = flag(
        "also write a Certificate for these names (repeatable)", "--domain", "-d", default=()
    )
    certificate_name: str | None = flag(
        "the Certificate's name (default: from the first domain)", default=None
    )
    secret_name: str | None = flag(
        "the TLS Secret it writes (default: from the first domain, e.g. example-com-tls)",
        default=None,
    )
    duration: str | None = flag("e.g. 90d or 2160h (default: 90 days)", default=None)
    renew_before: str | None = flag("default: the policy's renew window (30d)", default=None)


def generate(options: Options) -> str:
    policy = profile_policy(options.profile)
    if options.issuer not in ISSUERS:
        raise GeneratorError(f"--issuer {options.issuer!r}: one of {', '.join(ISSUERS)}")
    if options.issuer_kind not in ("ClusterIssuer", "Issuer"):
        raise GeneratorError(f"--issuer-kind {options.issuer_kind!r}: ClusterIssuer or Issuer")
    k8s_name(options.namespace, "--namespace")
    documents: list[dict[str, Any]] = []
    header = [
        f"cert-manager resources generated by tlslint for the {policy.profile} profile "
        f"(Mozilla Server Side TLS {policy.guideline_version}).",
    ]
    if options.issuer == "letsencrypt":
        issuers = _acme_issuers(options, header)
    elif options.issuer == "ca":
        issuers = _ca_issuers(options, policy, header)
    else:
        issuers = _vault_issuer(options, header)
    documents += issuers
    if options.domains:
        _solvable(options)
        documents.append(_certificate(options, policy, issuers[-1]["metadata"]["name"], header))
    elif options.certificate_name or options.secret_name:
        raise GeneratorError("--certificate-name and --secret-name need --domain")
    return dump_yaml(documents, header)


def _meta(options: Options, name: str, kind: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if kind != "ClusterIssuer":
        meta["namespace"] = options.namespace
    return meta


def _issuer(options: Options, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    kind = options.issuer_kind
    return {"apiVersion": API, "kind": kind, "metadata": _meta(options, name, kind), "spec": spec}


def _acme_issuers(options: Options, header: list[str]) -> list[dict[str, Any]]:
    if not options.email:
        raise GeneratorError(
            "--issuer letsencrypt needs --email (Let's Encrypt writes there about problems)"
        )
    _email(options.email)
    if options.environment not in ENVIRONMENTS:
        raise GeneratorError(
            f"--environment {options.environment!r}: one of both, production, staging"
        )
    solver = _solver(options, header)
    environments = (
        ["staging", "production"] if options.environment == "both" else [options.environment]
    )
    out = []
    for environment in environments:
        name = f"letsencrypt-{environment}"
        out.append(
            _issuer(
                options,
                name,
                {
                    "acme": {
                        "server": LETS_ENCRYPT[environment],
                        "email": options.email,
                        "privateKeySecretRef": {"name": f"{name}-account-key"},
                        "solvers": [solver],
                    }
                },
            )
        )
    if options.environment == "both":
        header.append(
            "Try a new setup against letsencrypt-staging (untrusted certificates, generous rate "
            "limits), then switch issuerRef to letsencrypt-production."
        )
    return out


def _solver(options: Options, header: list[str]) -> dict[str, Any]:
    chosen = [o for o in (options.ingress_class, options.gateway, options.dns_provider) if o]
    if len(chosen) > 1:
        raise GeneratorError("choose one solver: --ingress-class, --gateway or --dns-provider")
    solver: dict[str, Any] = {}
    if options.dns_zones:
        solver["selector"] = {"dnsZones": list(dns_names(options.dns_zones, wildcard=False))}
    if options.dns_provider:
        solver["dns01"] = _dns01(options, header)
        return solver
    if options.dns_options:
        raise GeneratorError("--dns-option needs --dns-provider")
    if options.gateway:
        namespace, _, name = options.gateway.rpartition("/")
        ref: dict[str, Any] = {"name": k8s_name(name, "--gateway")}
        if namespace:
            ref["namespace"] = k8s_name(namespace, "--gateway namespace")
        ref["kind"] = "Gateway"
        header.append(
            f"HTTP-01 challenges are answered through Gateway {options.gateway} (its port-80 "
            "listener must allow routes from the issuer's namespace)."
        )
        solver["http01"] = {"gatewayHTTPRoute": {"parentRefs": [ref]}}
        return solver
    ingress_class = options.ingress_class or "nginx"
    k8s_name(ingress_class, "--ingress-class")
    header.append(f"HTTP-01 challenges are answered through the {ingress_class!r} ingress class.")
    solver["http01"] = {"ingress": {"ingressClassName": ingress_class}}
    return solver


def _dns01(options: Options, header: list[str]) -> dict[str, Any]:
    name = (options.dns_provider or "").lower()
    provider = DNS_PROVIDERS.get(name)
    if provider is None:
        raise GeneratorError(
            f"unknown DNS provider {options.dns_provider!r} (one of: {', '.join(DNS_PROVIDERS)})"
        )
    values: dict[str, str] = {}
    for item in options.dns_options:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not value.strip():
            raise GeneratorError(f"--dns-option {item!r} is not KEY=VALUE")
        if key not in provider.required + provider.optional:
            known = ", ".join(provider.required + provider.optional) or "none"
            raise GeneratorError(
                f"--dns-option {key!r} is not an option of {name} (options: {known})"
            )
        values[key] = value.strip()
    missing = [key for key in provider.required if key not in values]
    if missing:
        raise GeneratorError(
            f"--dns-provider {name} needs "
            + " and ".join(f"--dns-option {key}=…" for key in missing)
        )
    secret, key = _SECRET_DEFAULTS.get(name, ("", ""))
    secret = k8s_name(values.get("secret", secret), "secret") if secret else ""
    key = values.get("key", key)
    spec: dict[str, Any]
    if name == "cloudflare":
        spec = {"apiTokenSecretRef": {"name": secret, "key": key}}
    elif name == "route53":
        spec = {"region": values["region"]}
        if "hosted-zone-id" in values:
            spec["hostedZoneID"] = values["hosted-zone-id"]
        if "role" in values:
            spec["role"] = values["role"]
    elif name == "clouddns":
        spec = {"project": values["project"]}
        if "hosted-zone-name" in values:
            spec["hostedZoneName"] = values["hosted-zone-name"]
    elif name == "azuredns":
        spec = {
            "subscriptionID": values["subscription-id"],
            "resourceGroupName": values["resource-group"],
            "environment": "AzurePublicCloud",
        }
        if "hosted-zone-name" in values:
            spec["hostedZoneName"] = values["hosted-zone-name"]
        spec["managedIdentity"] = {"clientID": values["client-id"]} if "client-id" in values else {}
    elif name == "acmedns":
        host = values["host"]
        if urlsplit(host).scheme != "https":
            raise GeneratorError(f"--dns-option host={host!r}: the acme-dns API must be https://")
        spec = {"host": host, "accountSecretRef": {"name": secret, "key": key}}
    else:  # rfc2136
        algorithm = values.get("tsig-algorithm", "HMACSHA512").upper()
        if algorithm not in TSIG_ALGORITHMS:
            raise GeneratorError(
                f"tsig-algorithm {algorithm!r}: one of {', '.join(TSIG_ALGORITHMS)}"
            )
        spec = {"nameserver": values["nameserver"]}
        if "tsig-key-name" in values:
            spec.update(
                tsigKeyName=values["tsig-key-name"],
                tsigAlgorithm=algorithm,
                tsigSecretSecretRef={"name": secret, "key": key},
            )
    header.append(
        f"DNS-01 through {name}; credentials: "
        + provider.credentials.format(secret=secret, key=key)
        + "."
    )
    return {provider.field: spec}


def _ca_issuers(options: Options, policy: Any, header: list[str]) -> list[dict[str, Any]]:
    ca = k8s_name(options.ca_name, "--ca-name")
    namespace = (
        options.ca_namespace if options.issuer_kind == "ClusterIssuer" else options.namespace
    )
    k8s_name(namespace, "--ca-namespace")
    bootstrap = f"{ca}-selfsigned"
    header.append(
        f"Internal CA: {bootstrap} (self-signed) signs the CA certificate {ca}, whose Secret "
        f"{namespace}/{ca} backs the {options.issuer_kind} {ca}. Distribute {ca}'s ca.crt to "
        "clients (trust-manager can)."
    )
    algorithm, size = _key(policy)
    return [
        _issuer(options, bootstrap, {"selfSigned": {}}),
        {
            "apiVersion": API,
            "kind": "Certificate",
            "metadata": {"name": ca, "namespace": namespace},
            "spec": {
                "isCA": True,
                "commonName": f"{ca} ({namespace})",
                "secretName": ca,
                "duration": "87600h",
                "renewBefore": "720h",
                "privateKey": {"algorithm": algorithm, "size": size, "rotationPolicy": "Always"},
                "issuerRef": {
                    "name": bootstrap,
                    "kind": options.issuer_kind,
                    "group": "cert-manager.io",
                },
            },
        },
        _issuer(options, ca, {"ca": {"secretName": ca}}),
    ]


def _vault_issuer(options: Options, header: list[str]) -> list[dict[str, Any]]:
    missing = [
        flag
        for flag, value in (
            ("--vault-server", options.vault_server),
            ("--vault-path", options.vault_path),
            ("--vault-role", options.vault_role),
        )
        if not value
    ]
    if missing:
        raise GeneratorError("--issuer vault needs " + ", ".join(missing))
    server = options.vault_server or ""
    if urlsplit(server).scheme != "https" or not urlsplit(server).hostname:
        raise GeneratorError(f"--vault-server {server!r} must be an https:// URL")
    k8s_name(options.vault_service_account, "--vault-service-account")
    header.append(
        f"Vault at {server} signs through {options.vault_path}; cert-manager logs in with a token "
        f"of service account {options.vault_service_account} (grant cert-manager "
        "`create` on its serviceaccounts/token) and Vault role "
        f"{options.vault_role}."
    )
    return [
        _issuer(
            options,
            "vault",
            {
                "vault": {
                    "server": server,
                    "path": options.vault_path,
                    "auth": {
                        "kubernetes": {
                            "role": options.vault_role,
                            "mountPath": options.vault_auth_path,
                            "serviceAccountRef": {"name": options.vault_service_account},
                        }
                    },
                }
            },
        )
    ]


def _key(policy: Any) -> tuple[str, int]:
    if "ecdsa" in policy.certificate_types:
        return "ECDSA", 256
    return "RSA", max(policy.rsa_key_size, 2048)


def _certificate(options: Options, policy: Any, issuer: str, header: list[str]) -> dict[str, Any]:
    domains = dns_names(options.domains)
    # cert-manager issues now and renews for years: the limit in force today (CA/B Forum
    # schedule and the profile), and a default duration that stays under it
    import datetime as dt

    allowed = policy.public_lifetime_limit(dt.datetime.now(dt.timezone.utc))
    limit = allowed.days
    duration, hours = go_duration(options.duration or f"{min(90, limit)}d", "--duration")
    renew, renew_hours = go_duration(
        options.renew_before or f"{policy.renew_before_days}d", "--renew-before"
    )
    if hours > limit * 24:
        raise GeneratorError(
            f"--duration {options.duration}: certificates issued today may last at most "
            f"{limit} days ({allowed.why})"
        )
    if renew_hours < policy.renew_before_days * 24:
        raise GeneratorError(
            f"--renew-before {options.renew_before}: the policy renews at least "
            f"{policy.renew_before_days} days before expiry"
        )
    if renew_hours >= hours:
        raise GeneratorError(f"--renew-before {renew} must be shorter than --duration {duration}")
    name = k8s_name(
        options.certificate_name or secret_name_for(domains[0]).removesuffix("-tls"),
        "--certificate-name",
    )
    secret = k8s_name(options.secret_name or secret_name_for(domains[0]), "--secret-name")
    algorithm, size = _key(policy)
    if options.issuer == "letsencrypt":
        header.append(
            "Let's Encrypt decides the lifetime itself (duration is a request); renewBefore "
            "still applies."
        )
    header.extend(
        [
            f"Rotation: cert-manager writes every renewal into Secret {secret}; what serves it "
            "must load the new files. An ingress controller or Gateway that names the Secret "
            "reads it from the API.",
            "A workload mounts the Secret as a directory (never with subPath, never as "
            "environment variables: those never update) and runs a server that watches its "
            'files, or carries the annotation `reloader.stakater.com/auto: "true"` so that '
            "Stakater Reloader (https://github.com/stakater/Reloader) rolls it when the Secret "
            "changes (tlslint rules rotation-blocked and rotation-not-reloaded).",
        ]
    )
    return {
        "apiVersion": API,
        "kind": "Certificate",
        "metadata": {"name": name, "namespace": options.namespace},
        "spec": {
            "secretName": secret,
            "dnsNames": list(domains),
            "duration": duration,
            "renewBefore": renew,
            "privateKey": {"algorithm": algorithm, "size": size, "rotationPolicy": "Always"},
            "usages": ["digital signature", "key encipherment"]
            if algorithm == "RSA"
            else ["digital signature"],
            "issuerRef": {"name": issuer, "kind": options.issuer_kind, "group": "cert-manager.io"},
        },
    }


def _solvable(options: Options) -> None:
    """ACME can answer for these names with this solver."""
    if options.issuer != "letsencrypt":
        return
    domains = dns_names(options.domains)
    wildcards = [d for d in domains if d.startswith("*.")]
    if wildcards and not options.dns_provider:
        raise GeneratorError(
            f"{wildcards[0]}: Let's Encrypt issues wildcard names only through DNS-01 "
            "(add --dns-provider)"
        )
    zones = dns_names(options.dns_zones, wildcard=False)
    for domain in domains if zones else ():
        base = domain.removeprefix("*.")
        if not any(base == zone or base.endswith("." + zone) for zone in zones):
            raise GeneratorError(
                f"{domain} is outside --dns-zone {', '.join(zones)}: no solver would answer for it"
            )


def _email(address: str) -> None:
    local, at, domain = address.rpartition("@")
    if not at or not local or any(ch.isspace() for ch in address):
        raise GeneratorError(f"--email {address!r} is not an e-mail address")
    dns_names([domain], wildcard=False)
