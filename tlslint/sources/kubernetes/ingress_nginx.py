"""ingress-nginx: the controller's TLS defaults and the names of its keys, as data.

Source: kubernetes/ingress-nginx at commit dbb11b92ddb77bee9c35e462479129354c84f939
(controller-v1.15.1): docs/user-guide/nginx-configuration/configmap.md and annotations.md,
internal/ingress/controller/config/config.go (``NewDefault()``), rootfs/etc/nginx/template/
nginx.tmpl. Taken from the summary kept with the tests,
``tests/reference/k8s/ingress-nginx-tls.yaml``.
"""

from __future__ import annotations

CONTROLLER = "ingress-nginx controller-v1.15.1"
ANNOTATION_PREFIX = "nginx.ingress.kubernetes.io/"

# ConfigMap keys (values are strings in the ConfigMap) -> the controller's default.
CONFIGMAP_DEFAULTS: dict[str, str] = {
    "ssl-protocols": "TLSv1.2 TLSv1.3",
    "ssl-ciphers": (
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
        "DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256"
    ),
    "ssl-ecdh-curve": "auto",
    "ssl-dh-param": "",
    "ssl-session-tickets": "false",
    "ssl-session-ticket-key": "",
    "hsts": "true",
    "hsts-max-age": "31536000",
    "hsts-include-subdomains": "true",
    "hsts-preload": "false",
    "enable-ocsp": "false",
    "ssl-redirect": "true",
    "force-ssl-redirect": "false",
}

# The template writes `ssl_prefer_server_ciphers on;` in http{} whenever ssl-ciphers is set
# (it always is); an Ingress can override it with the ssl-prefer-server-ciphers annotation.
PREFER_SERVER_CIPHERS_DEFAULT = True

# Per-Ingress annotation defaults.
AUTH_TLS_VERIFY_CLIENT_DEFAULT = "on"  # when auth-tls-secret is set
PROXY_SSL_VERIFY_DEFAULT = "off"
TLS_BACKEND_PROTOCOLS = frozenset({"HTTPS", "GRPCS"})
VERIFY_CLIENT_VALUES = frozenset({"on", "off", "optional", "optional_no_ca"})

# `ssl-ecdh-curve: auto` lets OpenSSL 3 choose its default groups.
AUTO_CURVES = ("X25519", "prime256v1", "X448", "secp521r1", "secp384r1")

# How to recognise the controller's ConfigMap: its usual names, or the chart's labels.
CONFIGMAP_NAMES = frozenset(
    {"ingress-nginx-controller", "nginx-configuration", "ingress-nginx", "nginx-ingress-controller"}
)
CONFIGMAP_LABEL_VALUES = frozenset({"ingress-nginx", "nginx-ingress"})

BOOL_TRUE = frozenset({"true", "yes", "on", "1"})
BOOL_FALSE = frozenset({"false", "no", "off", "0"})


def parse_bool(text: str) -> bool | None:
    """ingress-nginx reads booleans with Go's strconv.ParseBool (roughly)."""
    lowered = text.strip().lower()
    if lowered in BOOL_TRUE:
        return True
    if lowered in BOOL_FALSE:
        return False
    return None


def default_note(key: str) -> str:
    shown = CONFIGMAP_DEFAULTS.get(key, "")
    if key == "ssl-ciphers":
        shown = "its 8-suite list"
    return f"{CONTROLLER} default {key}: {shown or 'unset'}"
