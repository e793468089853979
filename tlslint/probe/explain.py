"""The classic failures, explained with the exact command that shows and fixes each.

What people run by hand today (``openssl s_client``, ``-showcerts``, ``openssl verify``), said
for the endpoint at hand: an expired certificate, an unknown issuer or a missing intermediate,
a host name the certificate does not cover, a handshake that fails because client and server
share no version or suite, a client certificate the server insists on, nothing listening.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509

from tlslint.probe.build import load_chain
from tlslint.probe.engine import Probed
from tlslint.rules.certificates.serving import covers


@dataclass(frozen=True)
class Explanation:
    endpoint: str
    problem: str  # the words clients print, e.g. "certificate has expired"
    cause: str
    commands: tuple[str, ...]  # to see it, then to fix it


def explain(probed: Probed, now: dt.datetime) -> list[Explanation]:
    m = probed.measurement
    t = m.target
    name = t.name
    sni = f" -servername {t.servername}" if not t.is_ip or t.servername != t.host else ""
    starttls = f" -starttls {m.starttls}" if m.starttls else ""
    connect = f"openssl s_client -connect {name}{sni}{starttls}"
    out: list[Explanation] = []
    if m.failure == "unreachable":
        port = t.port
        out.append(
            Explanation(
                name,
                "connection failed",
                f"{m.detail}: no server listens there, a firewall drops the packets, or the "
                "name resolves to another address.",
                (
                    f"getent hosts {t.host}",
                    f"ss -ltnp 'sport = :{port}'   # on the server: is anything listening?",
                    f"nc -vz {t.host} {port}",
                ),
            )
        )
        return out
    if m.failure == "error":
        out.append(
            Explanation(
                name,
                "the measurement broke off",
                f"The server's answers could not be processed ({m.detail}).",
                (f"{connect} -msg </dev/null",),
            )
        )
        return out
    if m.failure == "handshake":
        out.append(
            Explanation(
                name,
                "handshake failure (no protocol version or cipher suite in common)",
                "The server refused every version from SSLv3 to TLS 1.3 with every suite "
                f"({m.detail}). It may need SNI (give --servername), speak TLS only after "
                "STARTTLS (give --starttls), or allow nothing a client offers.",
                (
                    f"{connect} -tls1_2 </dev/null",
                    f"{connect} -tls1_3 </dev/null",
                    "# nginx: ssl_protocols TLSv1.2 TLSv1.3; and a cipher list from "
                    "`tlslint generate nginx`",
                ),
            )
        )
        return out
    if m.client_auth == "on" and not m.client_certificate_used:
        authorities = ", ".join(m.client_authorities) or "any CA it trusts"
        out.append(
            Explanation(
                name,
                "the server requires a client certificate (mutual TLS)",
                f"Only clients with a certificate from {authorities} get past the handshake; "
                "versions and suites were still measured; HTTP answers without one are error "
                "pages.",
                (
                    f"tlslint probe {name} --client-cert client.pem --client-key client.key",
                    f"curl --cert client.pem --key client.key https://{t.servername}:{t.port}/",
                ),
            )
        )
    refused = m.https is not None and m.https.status in (400, 403, 495, 496)
    if m.client_auth == "on" and m.client_certificate_used and refused:
        authorities = ", ".join(m.client_authorities) or "the CA it trusts"
        out.append(
            Explanation(
                name,
                "the server refused the client certificate",
                f"It answered HTTP {m.https.status if m.https else ''} to a request made with "
                f"the certificate given: it expects one issued by {authorities}, still valid, "
                "within its ssl_verify_depth.",
                (
                    "openssl verify -CAfile client-ca.pem client.pem   # the server's client CA",
                    "openssl x509 -in client.pem -noout -issuer -dates",
                    f"curl -v --cert client.pem --key client.key https://{t.servername}:{t.port}/",
                ),
            )
        )
    chain = load_chain(m.chain)
    if not chain:
        return out
    leaf = chain[0]
    show = f"{connect} -showcerts </dev/null"
    dates = f"{connect} </dev/null 2>/dev/null | openssl x509 -noout -subject -dates"
    if leaf.not_valid_after_utc < now:
        out.append(
            Explanation(
                name,
                "certificate has expired",
                f"The served certificate expired on {leaf.not_valid_after_utc:%Y-%m-%d}. A "
                "renewed one on disk is not served until the server reloads.",
                (
                    dates,
                    "certbot renew --cert-name <name>   # or let cert-manager re-issue it",
                    "nginx -t && systemctl reload nginx   # serve the renewed file",
                ),
            )
        )
    elif leaf.not_valid_before_utc > now:
        out.append(
            Explanation(
                name,
                "certificate is not yet valid",
                f"The served certificate is valid from {leaf.not_valid_before_utc:%Y-%m-%d}; "
                "the issuing host's or this host's clock is wrong.",
                (dates, "timedatectl status"),
            )
        )
    trust = probed.trust
    if trust.status == "missing-intermediate":
        out.append(
            Explanation(
                name,
                "unable to get local issuer certificate (missing intermediate)",
                f"The server sends its certificate without the intermediate that signed it "
                f"({trust.missing_issuer}), and no trust store holds that issuer. Browsers "
                "may fetch it; curl, Java, Go, Python and API clients fail. (If the issuer is "
                "a private CA, give it with --ca-file or certificates.private_cas.)",
                (
                    show,
                    "cat leaf.pem intermediate.pem > fullchain.pem   # leaf first",
                    "# nginx: ssl_certificate /etc/ssl/fullchain.pem; then: "
                    "nginx -t && systemctl reload nginx",
                    "openssl verify -untrusted intermediate.pem leaf.pem",
                ),
            )
        )
    elif trust.status in ("unknown-issuer", "self-signed"):
        what = "a self-signed certificate" if trust.status == "self-signed" else "a chain"
        out.append(
            Explanation(
                name,
                "unable to verify the certificate (unknown issuer)"
                if trust.status == "unknown-issuer"
                else "self-signed certificate",
                f"The server sends {what} that ends at {trust.missing_issuer}, which neither "
                "the system store nor a configured private CA holds.",
                (
                    show,
                    "openssl verify -CAfile ca.pem leaf.pem   # with the CA that should issue it",
                    f"tlslint probe {name} --ca-file ca.pem   # a private CA the clients trust",
                ),
            )
        )
    names = _names(leaf)
    if not covers(names, t.servername):
        listed = ", ".join(names[:6]) or "none"
        out.append(
            Explanation(
                name,
                f"hostname mismatch: the certificate does not cover {t.servername}",
                f"It covers {listed}. Either the server picked another certificate (check "
                "SNI and server_name), or the certificate must be re-issued with this name."
                + (
                    " (Probing an address: give the name clients use with --servername.)"
                    if t.is_ip and t.servername == t.host
                    else ""
                ),
                (
                    f"{connect} </dev/null 2>/dev/null | openssl x509 -noout -ext subjectAltName",
                    f"certbot certonly --cert-name <name> -d {t.servername} -d <other names>",
                ),
            )
        )
    return out


def _names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return ()
    ips = tuple(str(ip) for ip in san.get_values_for_type(x509.IPAddress))
    return tuple(san.get_values_for_type(x509.DNSName)) + ips


def render(explanations: list[Explanation]) -> str:
    lines: list[str] = []
    for e in explanations:
        lines.append(f"{e.endpoint}: {e.problem}")
        lines.append(f"  {e.cause}")
        lines.extend(f"  $ {c}" for c in e.commands)
    return "\n".join(lines) + ("\n" if lines else "")
