"""``tlslint generate gateway`` and ``tlslint generate ingress``: HTTPS front doors for a cluster.

``gateway`` writes a Gateway API Gateway (one HTTPS listener per host name, each with its
certificate Secret, and the cert-manager annotation that issues them), an HTTPRoute to the
service and the HTTP→HTTPS redirect route. ``ingress`` writes an Ingress for ingress-nginx
(retired in March 2026, still run by many clusters) with ``tls``, the issuer annotation and the
per-Ingress TLS annotations, and the controller ConfigMap for the profile (unless
``--no-configmap``), which holds what no annotation can set (protocols, HSTS, curves, tickets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tlslint.arguments import flag, profile_flag
from tlslint.generators.common import (
    GeneratorError,
    dns_names,
    dump_yaml,
    k8s_name,
    profile_policy,
    secret_name_for,
)

INGRESS_NGINX = "nginx.ingress.kubernetes.io/"
GATEWAY_API = "gateway.networking.k8s.io/v1"
OCSP_NOTE = (
    "OCSP stapling stays off: Let's Encrypt certificates name no OCSP responder since 2025, nor "
    "do cert-manager's CA issuers; turn enable-ocsp on for certificates that do."
)


GATEWAY, INGRESS = ("gateway",), ("ingress",)


@dataclass(frozen=True)
class Options:
    """The options of both front doors; ``kinds`` marks those only one of them takes."""

    domains: tuple[str, ...] = flag("a host name (repeat for more)", "--domain", "-d")
    service: str = flag("the backend Service", metavar="NAME:PORT")
    profile: str = profile_flag()
    namespace: str = flag("namespace of the resources (default: default)", default="default")
    name: str | None = flag("resource name (default: from the first domain)", default=None)
    cluster_issuer: str | None = flag(
        "default letsencrypt-production", default="letsencrypt-production"
    )
    issuer: str | None = flag("a namespaced Issuer instead of a ClusterIssuer", default=None)
    secret_name: str | None = flag("TLS Secret (default: <domain>-tls)", default=None)
    gateway_class: str | None = flag(
        "the GatewayClass that implements it", required=True, kinds=GATEWAY, default=None
    )
    client_ca_configmap: str | None = flag(  # ConfigMap with ca.crt, for mTLS on every listener
        "require client certificates from the CA in this ConfigMap (mTLS)",
        metavar="NAME",
        kinds=GATEWAY,
        default=None,
    )
    ingress_class: str = flag("default nginx", kinds=INGRESS, default="nginx")
    backend_https: bool = flag("TLS to the Service, verified", kinds=INGRESS, default=False)
    backend_ca_secret: str | None = flag(  # NAMESPACE/NAME with ca.crt
        "Secret with the ca.crt that verifies the Service",
        metavar="NAMESPACE/NAME",
        kinds=INGRESS,
        default=None,
    )
    client_ca_secret: str | None = flag(  # NAMESPACE/NAME with ca.crt, for mTLS
        "require client certificates from this CA (mTLS)",
        metavar="NAMESPACE/NAME",
        kinds=INGRESS,
        default=None,
    )
    verify_depth: int = flag("client certificate chain depth (default 1)", kinds=INGRESS, default=1)
    with_configmap: bool = flag(
        "only the Ingress, not the controller ConfigMap for the profile",
        "--no-configmap",
        kinds=INGRESS,
        default=True,
    )
    controller_namespace: str = flag(
        "default ingress-nginx", kinds=INGRESS, default="ingress-nginx"
    )
    configmap_name: str = flag(
        "default ingress-nginx-controller", kinds=INGRESS, default="ingress-nginx-controller"
    )


def _service(text: str) -> tuple[str, int]:
    name, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise GeneratorError(f"--service {text!r} is not NAME:PORT")
    if len(name) > 63:
        raise GeneratorError(f"--service name {name!r} is longer than 63 characters")
    return k8s_name(name, "--service"), int(port)


def _issuer_annotation(options: Options, policy: Any) -> dict[str, str]:
    """cert-manager's ingress/gateway-shim annotations: the issuer, and the same key and renewal
    settings that `generate cert-manager` writes into a Certificate."""
    if options.issuer:
        out = {"cert-manager.io/issuer": k8s_name(options.issuer, "--issuer")}
    elif options.cluster_issuer:
        name = k8s_name(options.cluster_issuer, "--cluster-issuer")
        out = {"cert-manager.io/cluster-issuer": name}
    else:
        raise GeneratorError(
            "give --cluster-issuer or --issuer: nobody would renew the certificate"
        )
    ecdsa = "ecdsa" in policy.certificate_types
    size = "256" if ecdsa else str(max(policy.rsa_key_size, 2048))
    out.update(
        {
            "cert-manager.io/private-key-algorithm": "ECDSA" if ecdsa else "RSA",
            "cert-manager.io/private-key-size": size,
            "cert-manager.io/private-key-rotation-policy": "Always",
            "cert-manager.io/renew-before": f"{policy.renew_before_days * 24}h",
        }
    )
    return out


def _secret_ref(text: str, flag: str) -> str:
    namespace, sep, name = text.partition("/")
    if not sep:
        raise GeneratorError(f"{flag} {text!r} is not NAMESPACE/NAME")
    return f"{k8s_name(namespace, flag)}/{k8s_name(name, flag)}"


def _common(options: Options) -> tuple[tuple[str, ...], str, int, str]:
    profile_policy(options.profile)
    domains = dns_names(options.domains)
    if not domains:
        raise GeneratorError("give at least one --domain")
    service, port = _service(options.service)
    k8s_name(options.namespace, "--namespace")
    name = k8s_name(options.name or secret_name_for(domains[0]).removesuffix("-tls"), "--name")
    return domains, service, port, name


# --- Gateway API ------------------------------------------------------------------------------


def generate_gateway(options: Options) -> str:
    policy = profile_policy(options.profile)
    domains, service, port, name = _common(options)
    if not options.gateway_class:
        raise GeneratorError("--gateway-class is required (kubectl get gatewayclass)")
    k8s_name(options.gateway_class, "--gateway-class")
    if options.secret_name and len(domains) > 1:
        raise GeneratorError("--secret-name names one Secret; each host name gets its own")
    listeners: list[dict[str, Any]] = [
        {
            "name": "http",
            "protocol": "HTTP",
            "port": 80,
            "allowedRoutes": {"namespaces": {"from": "Same"}},
        }
    ]
    https_sections = []
    for index, domain in enumerate(domains):
        section = f"https-{index}" if len(domains) > 1 else "https"
        https_sections.append(section)
        listeners.append(
            {
                "name": section,
                "hostname": domain,
                "protocol": "HTTPS",
                "port": 443,
                "tls": {
                    "mode": "Terminate",
                    "certificateRefs": [
                        {"kind": "Secret", "name": options.secret_name or secret_name_for(domain)}
                    ],
                },
                "allowedRoutes": {"namespaces": {"from": "Same"}},
            }
        )
    gateway: dict[str, Any] = {
        "apiVersion": GATEWAY_API,
        "kind": "Gateway",
        "metadata": {
            "name": name,
            "namespace": options.namespace,
            "annotations": _issuer_annotation(options, policy),
        },
        "spec": {"gatewayClassName": options.gateway_class, "listeners": listeners},
    }
    if options.client_ca_configmap:
        ref = {"group": "", "kind": "ConfigMap"}
        ref["name"] = k8s_name(options.client_ca_configmap, "--client-ca-configmap")
        # AllowValidOnly: a client without a valid certificate is refused (no fallback).
        gateway["spec"]["tls"] = {
            "frontend": {
                "default": {"validation": {"caCertificateRefs": [ref], "mode": "AllowValidOnly"}}
            }
        }
    route = {
        "apiVersion": GATEWAY_API,
        "kind": "HTTPRoute",
        "metadata": {"name": name, "namespace": options.namespace},
        "spec": {
            "parentRefs": [{"name": name, "sectionName": s} for s in https_sections],
            "hostnames": list(domains),
            "rules": [{"backendRefs": [{"name": service, "port": port}]}],
        },
    }
    redirect = {
        "apiVersion": GATEWAY_API,
        "kind": "HTTPRoute",
        "metadata": {"name": f"{name}-https-redirect", "namespace": options.namespace},
        "spec": {
            "parentRefs": [{"name": name, "sectionName": "http"}],
            "hostnames": list(domains),
            "rules": [
                {
                    "filters": [
                        {
                            "type": "RequestRedirect",
                            "requestRedirect": {"scheme": "https", "statusCode": 301},
                        }
                    ]
                }
            ],
        },
    }
    header = [
        f"Gateway API resources generated by tlslint for the {policy.profile} profile "
        f"(Mozilla Server Side TLS {policy.guideline_version}).",
        "cert-manager's gateway-shim issues one certificate per HTTPS listener from the "
        "annotation (enable it with --enable-gateway-api, or config.enableGatewayAPI in Helm).",
        "Protocol versions and cipher suites are the implementation's: set them to the "
        f"{policy.profile} profile ({' '.join(policy.tls_versions)}) in the GatewayClass's "
        "parameters or the controller's configuration.",
    ]
    if options.client_ca_configmap:
        header.append(
            f"Mutual TLS: clients need a certificate from the CA in ConfigMap "
            f"{options.client_ca_configmap} (key ca.crt); frontend validation is Extended "
            "support in Gateway API, check that your implementation has it."
        )
    return dump_yaml([gateway, route, redirect], header)


# --- ingress-nginx ----------------------------------------------------------------------------


def generate_ingress(options: Options) -> str:
    policy = profile_policy(options.profile)
    domains, service, port, name = _common(options)
    k8s_name(options.ingress_class, "--ingress-class")
    annotations = _issuer_annotation(options, policy)
    annotations[INGRESS_NGINX + "ssl-redirect"] = "true"
    if policy.ciphers and policy.tls_versions != ("TLSv1.3",):
        annotations[INGRESS_NGINX + "ssl-ciphers"] = ":".join(policy.ciphers)
    annotations[INGRESS_NGINX + "ssl-prefer-server-ciphers"] = (
        "true" if policy.server_preferred_order else "false"
    )
    if options.backend_https:
        annotations[INGRESS_NGINX + "backend-protocol"] = "HTTPS"
        annotations[INGRESS_NGINX + "proxy-ssl-verify"] = "on"
        annotations[INGRESS_NGINX + "proxy-ssl-server-name"] = "on"
        annotations[INGRESS_NGINX + "proxy-ssl-protocols"] = "TLSv1.2 TLSv1.3"
        if not options.backend_ca_secret:
            raise GeneratorError(
                "--backend-https needs --backend-ca-secret NAMESPACE/NAME (a Secret with ca.crt "
                "that verifies the service's certificate)"
            )
        annotations[INGRESS_NGINX + "proxy-ssl-secret"] = _secret_ref(
            options.backend_ca_secret, "--backend-ca-secret"
        )
    elif options.backend_ca_secret:
        raise GeneratorError("--backend-ca-secret is only used with --backend-https")
    if options.client_ca_secret:
        if not 1 <= options.verify_depth <= 10:
            raise GeneratorError(f"--verify-depth {options.verify_depth} is not between 1 and 10")
        annotations[INGRESS_NGINX + "auth-tls-secret"] = _secret_ref(
            options.client_ca_secret, "--client-ca-secret"
        )
        annotations[INGRESS_NGINX + "auth-tls-verify-client"] = "on"
        annotations[INGRESS_NGINX + "auth-tls-verify-depth"] = str(options.verify_depth)
    secret = k8s_name(options.secret_name or secret_name_for(domains[0]), "--secret-name")
    backend = {"service": {"name": service, "port": {"number": port}}}
    ingress = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": options.namespace, "annotations": annotations},
        "spec": {
            "ingressClassName": options.ingress_class,
            "tls": [{"hosts": list(domains), "secretName": secret}],
            "rules": [
                {
                    "host": domain,
                    "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": backend}]},
                }
                for domain in domains
            ],
        },
    }
    header = [
        f"Ingress generated by tlslint for the {policy.profile} profile "
        f"(Mozilla Server Side TLS {policy.guideline_version}).",
        "ingress-nginx was retired in March 2026: `tlslint generate gateway` writes the "
        "Gateway API equivalent.",
    ]
    documents = [ingress]
    if options.with_configmap:
        documents.append(controller_configmap(options, policy))
        header.append(OCSP_NOTE)
        header.append(
            "The ConfigMap is the controller's (--configmap of ingress-nginx-controller): "
            "protocols, curves, HSTS and session tickets are set there for every Ingress."
        )
    else:
        header.append(
            "Without the controller ConfigMap (--no-configmap), the controller's settings decide "
            "protocols and HSTS (ingress-nginx defaults: protocols unpinned, HSTS for 1 year)."
        )
    # No suppression marker for the stapling choice (the header says why): with the issuer in
    # the repository, tlslint knows its certificates name no OCSP responder, and a marker
    # would be reported unused (TLS002).
    return dump_yaml(documents, header)


def controller_configmap(options: Options, policy: Any) -> dict[str, Any]:
    k8s_name(options.controller_namespace, "--controller-namespace")
    k8s_name(options.configmap_name, "--configmap-name")
    data: dict[str, str] = {"ssl-protocols": " ".join(policy.tls_versions)}
    if policy.ciphers and policy.tls_versions != ("TLSv1.3",):
        data["ssl-ciphers"] = ":".join(policy.ciphers)
    # The controller's OpenSSL decides whether X25519MLKEM768 loads: leave it out.
    data["ssl-ecdh-curve"] = ":".join(c for c in policy.tls_curves if c != "X25519MLKEM768")
    data.update(
        {
            "ssl-session-tickets": "false",
            "hsts": "true",
            "hsts-max-age": str(policy.hsts_min_age),
            "hsts-include-subdomains": "true",
            "hsts-preload": "false",
            "enable-ocsp": "false",
            "ssl-redirect": "true",
            "http-redirect-code": "308",
            "use-http2": "true",
            "allow-snippet-annotations": "false",
        }
    )
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": options.configmap_name, "namespace": options.controller_namespace},
        "data": data,
    }
