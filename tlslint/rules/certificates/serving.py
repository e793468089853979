"""What an endpoint serves: names covered, a complete chain, a matching key, a proper leaf."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tlslint.model import (
    CERTIFICATE_NAMES,
    CERTIFICATES,
    ENDPOINTS,
    MODEL,
    PRIVATE_KEYS,
    CertificateRef,
    Endpoint,
    Model,
    Severity,
)
from tlslint.rules.base import Context, Derived, Issue, rule
from tlslint.rules.certificates.lifecycle import serving_endpoints
from tlslint.rules.certificates.strength import describe_key

if TYPE_CHECKING:
    from tlslint.model.certificates import Certificate, CertificateNames, PrivateKey

# Names that are never public: RFC 6761/6762/8375 special-use and common internal suffixes.
INTERNAL_SUFFIXES = (
    ".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp", ".test",
    ".example", ".invalid", ".svc", ".cluster.local", ".private",
)  # fmt: skip


def _bundles(model: Model) -> dict[str, list[Certificate]]:
    out: dict[str, list[Certificate]] = {}
    for cert in model.objects_of(CERTIFICATES):
        out.setdefault(cert.key, []).append(cert)
    for certs in out.values():
        certs.sort(key=lambda c: c.position)
    return out


BUNDLES = Derived("certificates by key", _bundles)


def bundles(ctx: Context) -> dict[str, list[Certificate]]:
    """Certificates by cross-reference key, in bundle order (computed once per run)."""
    return ctx.derived(BUNDLES)


def _names_by_key(model: Model) -> dict[str, list[CertificateNames]]:
    out: dict[str, list[CertificateNames]] = {}
    for names in model.objects_of(CERTIFICATE_NAMES):
        out.setdefault(names.key, []).append(names)
    return out


NAMES = Derived("certificate names by key", _names_by_key)


def _names(ctx: Context) -> dict[str, list[CertificateNames]]:
    return ctx.derived(NAMES)


def served_leaves(endpoint: Endpoint, ctx: Context) -> Iterator[tuple[CertificateRef, Certificate]]:
    """Each certificate reference of the endpoint with the first certificate it resolves to."""
    if not endpoint.tls:
        return
    for ref in endpoint.certificate_refs("certificate"):
        found = bundles(ctx).get(ref.key or "")
        if found:
            yield ref, found[0]


# -- host name matching (RFC 6125) -------------------------------------------------------------


def covers(names: tuple[str, ...], host: str) -> bool:
    """Whether a certificate with these SANs is valid for ``host``.

    A wildcard is only the whole left-most label and matches exactly one label
    (``*.example.com`` covers ``a.example.com``, not ``example.com`` or ``a.b.example.com``);
    a served wildcard (nginx ``*.example.com``) needs the same wildcard in the certificate.
    """
    import ipaddress

    host = _ascii(host)
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    for raw in names:
        name = _ascii(raw)
        if address is not None:
            try:
                if ipaddress.ip_address(name) == address:
                    return True
            except ValueError:
                pass
            continue
        if name == host:
            return True
        if name.startswith("*.") and not host.startswith("*."):
            suffix = name[1:]
            label = host[: -len(suffix)] if host.endswith(suffix) else ""
            if label and "." not in label and "*" not in label:
                return True
    return False


def _ascii(name: str) -> str:
    """Lower case, no trailing dot, internationalised labels in their A-label (xn--) form."""
    name = name.lower().rstrip(".")
    if name.isascii():
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _required(host: str) -> list[str]:
    """The concrete names a served name requires ([] when it cannot be judged)."""
    if not host or host == "_" or host.startswith("~") or "$" in host:
        return []
    if host.startswith("."):  # nginx: example.com and every subdomain
        return [host[1:], "*" + host]
    if "*" in host and not host.startswith("*."):
        return []  # www.example.* and the like: not a certificate name
    return [host]


@rule(
    "TLS409",
    "hostname-not-covered",
    Severity.HIGH,
    "A served name (`server_name`, Ingress host, Certificate dnsNames) not covered by the "
    "certificate's SANs",
    subject=ENDPOINTS,
    sources=("nginx",),
    standard="RFC 6125 6; RFC 9110 4.3.4",
    fix="none",
)
def HOSTNAME_NOT_COVERED(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Every host name an endpoint serves (nginx `server_name`, Ingress `tls.hosts`) against
    the names of the certificate it serves: the certificate file's subjectAltNames, or a
    cert-manager Certificate's `dnsNames` for the Secret it fills. Wildcards follow RFC 6125:
    `*.example.com` covers `shop.example.com`, not `example.com` nor `a.b.example.com`. An
    nginx `.example.com` needs both `example.com` and `*.example.com`; regular expressions
    are not judged.

    Why it matters
    ---
    A client that reaches a name the certificate does not cover refuses the connection
    ("hostname mismatch", `ERR_CERT_COMMON_NAME_INVALID`).

    Severity
    ---
    High: clients reject the name mismatch, or users learn to accept it.

    Example
    ---
    ```nginx
    server_name shop.example.com api.example.com;
    ssl_certificate tls/shop.pem;        # SANs: shop.example.com
    ```

    <!-- fixture: TLS409/nginx/fires_name_not_in_sans -->

    Use instead
    ---
    ```nginx
    server_name shop.example.com api.example.com;
    ssl_certificate tls/shop.pem;        # SANs: shop.example.com, api.example.com
    ```

    <!-- fixture: TLS409/nginx/passes_exact_and_wildcard -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc6125#section-6.4.3
    - https://nginx.org/en/docs/http/server_names.html
    - https://www.rfc-editor.org/rfc/rfc9110#section-4.3.4
    """
    if not endpoint.tls:
        return
    for ref in endpoint.certificate_refs("certificate"):
        published = _names(ctx).get(ref.key or "")
        if not published:
            continue
        names = tuple(n for p in published for n in p.names)
        described = published[0].description
        missing = [
            host
            for host in endpoint.hosts
            if (required := _required(host)) and not all(covers(names, r) for r in required)
        ]
        if not missing:
            continue
        listed = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        plural = "s" if len(missing) > 1 else ""
        yield Issue(
            f"host name{plural} {', '.join(missing)} not covered by the certificate "
            f"{ref.reference} ({described}: {listed or 'none'})",
            ref.location,
            "Have the certificate re-issued with every served name as a subjectAltName, or "
            "serve these names from a server with their own certificate.",
            context=f"hostname {' '.join(missing)} {ref.reference}",
        )


# -- chains ----------------------------------------------------------------------------------


def chain_problem(chain: list[Certificate]) -> tuple[Certificate, str] | None:
    """The first problem in a served bundle's order and completeness, or None."""
    first = chain[0]
    if first.is_ca:
        leaf = next((c for c in chain if not c.is_ca), None)
        if leaf is None:
            return None  # a CA bundle, not a served chain
        return first, (
            f"the bundle starts with a CA certificate ({first.label}); the leaf {leaf.label} "
            f"(certificate {leaf.position + 1}) must come first"
        )
    used = {0}
    index = 0
    current = first
    while not current.self_signed:
        nxt = index + 1
        if nxt < len(chain) and nxt in current.issuer_positions:
            index, current = nxt, chain[nxt]
            used.add(nxt)
            continue
        later = [p for p in current.issuer_positions if p not in used]
        if later:
            issuer = chain[later[0]]
            return current, (
                f"the chain is out of order: certificate {index + 1} ({current.label}) is "
                f"signed by certificate {issuer.position + 1} ({issuer.label}), which must "
                f"come right after it"
            )
        if current.issuer_is_root:
            break  # issued by a root the repository holds or the config declares
        if current.is_ca and not current.issuer_elsewhere:
            break  # an intermediate whose issuer is a root of the clients' trust stores
        if current.issuer_elsewhere:
            elsewhere = f"; it is in {current.issuer_elsewhere}"
        elif current.ca_issuer_urls:
            elsewhere = f"; its CA publishes it at {current.ca_issuer_urls[0]}"
        else:
            elsewhere = ""
        return current, (
            f"the chain is incomplete: the intermediate certificate {current.issuer} that "
            f"signed certificate {index + 1} ({current.label}) is missing from the "
            f"bundle{elsewhere}"
        )
    stray = [c for c in chain if c.position not in used]
    if stray:
        extra = stray[0]
        return extra, (
            f"certificate {extra.position + 1} ({extra.label}) does not belong to the leaf's chain"
        )
    return None


@rule(
    "TLS410",
    "chain-incomplete",
    Severity.HIGH,
    "The bundle does not lead from the leaf to a self-signed root or a known intermediate, "
    "or is out of order",
    subject=CERTIFICATES,
    sources=("certificates",),
    standard="RFC 5246 7.4.2 / RFC 8446 4.4.2 (certificate_list order); RFC 5280 6",
    fix="none",
)
def CHAIN_INCOMPLETE(cert: Certificate, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Certificate bundles that are served (nginx `ssl_certificate`, a Secret's `tls.crt`) or
    hold more than one certificate: the leaf comes first, each next certificate signs the
    previous one (checked by signature, not by name), and the chain ends at a self-signed
    root, or at a certificate issued by a root found in the repository or declared in
    `certificates.private_cas`. A missing intermediate is named by its subject, and where
    the repository holds it elsewhere, by its file.

    Why it matters
    ---
    Browsers often paper over a missing intermediate (AIA fetching, caches), but curl,
    Java, Go, Python, Android apps and API clients fail with "unable to get local issuer
    certificate"; an out-of-order bundle fails in some clients and in nginx itself.

    Severity
    ---
    High: clients without the missing intermediate (most non-browser clients) fail to verify
    the server.

    Example
    ---
    ```sh
    cat shop.crt > fullchain.pem             # the intermediate is missing
    ```

    <!-- fixture: TLS410/certificates/fires_missing_intermediate -->

    Use instead
    ---
    ```sh
    cat shop.crt intermediate.crt > fullchain.pem   # leaf first, then its issuer
    ```

    <!-- fixture: TLS410/certificates/passes_complete_chains -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
    - https://nginx.org/en/docs/http/configuring_https_servers.html#chains
    - https://www.rfc-editor.org/rfc/rfc5280#section-6
    """
    if cert.position != 0 or cert.role != "certificate":
        return
    if not (cert.served_by or cert.origin or cert.bundle_size > 1):
        return
    chain = bundles(ctx).get(cert.key, [cert])
    found = chain_problem(chain)
    if found is None:
        return
    at, message = found
    yield Issue(
        f"{cert.origin or cert.path}: {message}",
        at.location,
        "Serve the leaf first, then each intermediate in order (the root may be left out): "
        "`cat leaf.pem intermediate.pem > fullchain.pem`.",
        endpoint=serving_endpoints(cert),
        context=f"chain {message}",
    )


# -- keys ------------------------------------------------------------------------------------


def _private_keys(model: Model) -> dict[str, list[PrivateKey]]:
    out: dict[str, list[PrivateKey]] = {}
    for key in model.objects_of(PRIVATE_KEYS):
        out.setdefault(key.key, []).append(key)
    return out


KEYS = Derived("private keys by key", _private_keys)


def _keys_by_key(ctx: Context) -> dict[str, list[PrivateKey]]:
    return ctx.derived(KEYS)


def _mismatch(cert: Certificate, key: PrivateKey) -> bool:
    return (
        cert.public_key_sha256 is not None
        and key.public_key_sha256 is not None
        and cert.public_key_sha256 != key.public_key_sha256
    )


def _mismatch_message(cert: Certificate, key: PrivateKey, cert_text: str, key_text: str) -> str:
    return (
        f"the private key {key_text} ({describe_key(key.key_type, key.key_size, None)}) does not "
        f"belong to the certificate {cert_text} ({cert.label}, "
        f"{describe_key(cert.key_type, cert.key_size, cert.curve)}): the server refuses to start "
        '("key values mismatch")'
    )


@rule(
    "TLS411",
    "key-mismatch",
    Severity.CRITICAL,
    "The configured private key does not belong to the configured certificate",
    subject=MODEL,
    sources=("nginx",),
    standard="RFC 5280 4.1.2.7; RFC 8446 4.4.3",
    fix="none",
)
def KEY_MISMATCH(model: Model, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Each certificate paired with its private key — nginx's n-th `ssl_certificate` with its
    n-th `ssl_certificate_key`, a TLS Secret's `tls.crt` with its `tls.key` — by comparing
    the certificate's public key with the private key's. Encrypted keys cannot be compared
    and are not judged.

    Why it matters
    ---
    nginx refuses to start ("SSL_CTX_use_PrivateKey … key values mismatch"), and an ingress
    controller falls back to its default certificate: an outage at the next reload.

    Severity
    ---
    Critical: the server cannot prove possession of the certificate's key: every handshake
    fails.

    Example
    ---
    ```nginx
    ssl_certificate     tls/shop.pem;
    ssl_certificate_key tls/api.key;      # the key of another certificate
    ```

    <!-- fixture: TLS411/nginx/fires_mismatched_key -->

    Use instead
    ---
    ```nginx
    ssl_certificate     tls/shop.pem;
    ssl_certificate_key tls/shop.key;
    ```

    <!-- fixture: TLS411/nginx/passes_matching_and_encrypted_keys -->

    References
    ---
    - https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_certificate_key
    - https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
    - https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3
    """
    certs_by_key = bundles(ctx)
    keys = _keys_by_key(ctx)
    for endpoint in model.endpoints:
        if not endpoint.tls:
            continue
        pairs = zip(
            endpoint.certificate_refs("certificate"), endpoint.certificate_refs("key"), strict=False
        )
        for cert_ref, key_ref in pairs:
            certs = certs_by_key.get(cert_ref.key or "")
            found = keys.get(key_ref.key or "")
            if not certs or not found or not _mismatch(certs[0], found[0]):
                continue
            yield Issue(
                _mismatch_message(certs[0], found[0], cert_ref.reference, key_ref.reference),
                key_ref.location,
                f"Point `ssl_certificate_key` at the key of {cert_ref.reference}, or the "
                "certificate at the one issued for this key."
                if endpoint.source == "nginx"
                else "Pair the certificate with its own key.",
                endpoint=endpoint.name,
                context=f"key mismatch {cert_ref.reference} {key_ref.reference}",
            )
    # Material that travels together outside files: a TLS Secret's tls.crt and tls.key.
    for key_name, found in keys.items():
        if key_name.startswith("file:"):
            continue
        certs = [c for c in certs_by_key.get(key_name, ()) if c.role == "certificate"]
        if certs and found and _mismatch(certs[0], found[0]):
            yield Issue(
                _mismatch_message(certs[0], found[0], certs[0].where, found[0].where),
                found[0].location,
                "Put the certificate and the key issued together into the Secret.",
                context=f"key mismatch {key_name}",
            )


# -- what a public endpoint may serve ----------------------------------------------------------


def is_public_name(host: str) -> bool:
    import ipaddress

    host = host.lower().rstrip(".").lstrip("*.")
    if not host or host == "_" or host.startswith("~") or "$" in host or "." not in host:
        return False
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return not host.endswith(INTERNAL_SUFFIXES) and host not in ("localhost",)
    return address.is_global


@rule(
    "TLS412",
    "self-signed-leaf",
    Severity.MEDIUM,
    "A self-signed leaf served on a public endpoint",
    subject=ENDPOINTS,
    sources=("nginx",),
    standard="RFC 5280 6.1; CA/B Forum BR (publicly trusted leaves)",
    fix="none",
)
def SELF_SIGNED_LEAF(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    Endpoints that serve a public host name (not `localhost`, an IP in a private range, or
    an internal suffix such as `.internal`, `.local`, `.svc`, `.test`) with a self-signed
    certificate that is not declared as a private CA in `certificates.private_cas`.

    Why it matters
    ---
    No client trusts it: users get a warning they learn to click through, and API clients
    are configured to skip verification, which then stays in production.

    Severity
    ---
    Medium: clients cannot verify a self-signed leaf without pinning it, which teaches users
    to accept any certificate.

    Example
    ---
    ```sh
    openssl req -x509 -nodes -subj /CN=shop.example.com -keyout shop.key -out shop.crt
    ```

    <!-- fixture: TLS412/nginx/fires_self_signed_on_public_name -->

    Use instead
    ---
    A certificate from a public CA (ACME: Let's Encrypt, ZeroSSL), or from a private CA that
    the clients trust and `certificates.private_cas` declares.

    <!-- fixture: TLS412/nginx/passes_internal_names_and_private_ca -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc5280#section-6.1
    - https://letsencrypt.org/getting-started/
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/
    """
    public = [h for h in endpoint.hosts if is_public_name(h)]
    if not public:
        return
    for ref, leaf in served_leaves(endpoint, ctx):
        if not leaf.self_signed or leaf.private:
            continue
        yield Issue(
            f"{ref.reference} is a self-signed certificate ({leaf.label}) served for the public "
            f"name{'s' if len(public) > 1 else ''} {', '.join(public)}",
            ref.location,
            "Serve a certificate from a CA the clients trust, or declare this one in "
            "`certificates.private_cas` if every client is given it.",
            context=f"self-signed {ref.reference}",
        )


@rule(
    "TLS413",
    "leaf-is-ca",
    Severity.MEDIUM,
    "A served leaf has basicConstraints CA:TRUE",
    subject=ENDPOINTS,
    sources=("nginx",),
    standard="RFC 5280 4.2.1.9; CA/B Forum BR 7.1.2.7.8",
    fix="none",
)
def LEAF_IS_CA(endpoint: Endpoint, ctx: Context) -> Iterator[Issue]:
    """What it checks
    ---
    The first certificate an endpoint serves — its own certificate — carrying
    basicConstraints CA:TRUE.

    Why it matters
    ---
    A server certificate that is a CA can sign certificates for any name: whoever holds the
    server's key (every web server, every backup) can impersonate other sites for clients
    that trust it. Browsers and RFC 5280 profiles refuse CA certificates as server
    certificates.

    Severity
    ---
    Medium: a leaf that is a CA can sign certificates for any name if its key leaks; the
    Baseline Requirements forbid cA=TRUE on subscriber certificates.

    Example
    ---
    ```sh
    openssl req -x509 -addext basicConstraints=critical,CA:TRUE -subj /CN=shop.example.com …
    ```

    <!-- fixture: TLS413/nginx/fires_ca_served_as_leaf -->

    Use instead
    ---
    ```sh
    openssl req -x509 -addext basicConstraints=critical,CA:FALSE -subj /CN=shop.example.com …
    ```

    <!-- fixture: TLS413/nginx/passes_leaf -->

    References
    ---
    - https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
    - https://cabforum.org/working-groups/server/baseline-requirements/requirements/
    """
    for ref, leaf in served_leaves(endpoint, ctx):
        if not leaf.is_ca:
            continue
        yield Issue(
            f"{ref.reference} serves {leaf.label}, a CA certificate (basicConstraints "
            "CA:TRUE), as the server's own certificate",
            ref.location,
            "Serve a leaf certificate issued with `basicConstraints=CA:FALSE`, not the CA.",
            context=f"leaf is ca {ref.reference}",
        )
