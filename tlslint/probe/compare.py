"""Live against repository: the endpoint a name is served from, and every difference.

``tlslint probe HOST --against PATH`` runs the static check on PATH, finds the repository
endpoint that serves the probed name (server names and wildcards as nginx and clients match
them, the port when several match), and lists each difference with the side to trust and the
likely cause. The live side is what clients get today; the repository is what is meant, and
what the next deployment, image or load balancer change will serve.
"""

from __future__ import annotations

from dataclasses import dataclass

from tlslint.model import CERTIFICATES, Certificate, Endpoint, Model
from tlslint.probe.handshake import VERSIONS
from tlslint.rules.certificates.serving import covers
from tlslint.tls.ciphers import available, lookup

LEGACY = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1"})
STALE = "the deployed configuration is not this one (a stale deployment, or a reload not done)"
FRONT = "a load balancer, CDN or proxy terminates TLS in front of this server with its own settings"


@dataclass(frozen=True)
class Difference:
    aspect: str  # "protocol", "cipher suite", "certificate", "HSTS", …
    repository: str
    live: str
    trust: str  # "live" or "repository"
    cause: str

    def text(self) -> str:
        side = (
            "Trust live: that is what clients get"
            if self.trust == "live"
            else "Trust the repository: the live value will not last"
        )
        return (
            f"{self.aspect}: repository {self.repository}; live {self.live}. "
            f"{side}. Likely cause: {self.cause}."
        )


@dataclass
class Comparison:
    live: str  # host:port
    repository: Endpoint | None
    differences: list[Difference]
    note: str = ""


def _port(endpoint: Endpoint) -> int | None:
    tail = endpoint.name.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _serves(endpoint: Endpoint, name: str) -> bool:
    for host in endpoint.hosts:
        if host.startswith("."):
            if covers((host[1:], "*" + host), name):
                return True
        elif covers((host,), name):
            return True
    return False


def match(
    static: Model, servername: str, port: int, chosen: str = ""
) -> tuple[Endpoint | None, str]:
    """The repository TLS endpoint that serves ``servername`` (the port breaks ties).

    ``chosen`` names it instead: an endpoint name (``server shop.example.com:443``, ``Ingress
    shop/web``) or its location (``conf.d/site.conf:12``, or just the file).
    """
    tls = [e for e in static.endpoints if e.tls]
    if chosen:
        for e in tls:
            where = str(e.location)
            if chosen in (e.name, where, e.location.path) or where.startswith(chosen + ":"):
                return e, "chosen with --against-endpoint"
        names = ", ".join(sorted(e.name for e in tls)[:8]) or "none"
        return None, f"no repository endpoint {chosen!r} (TLS endpoints: {names})"
    named = [e for e in tls if _serves(e, servername)]
    if not named:
        catch_all = [e for e in tls if not e.hosts or set(e.hosts) <= {"_", ""}]
        if catch_all:
            named, note = catch_all, f"no endpoint names {servername}; a catch-all serves it"
        else:
            return None, f"no repository endpoint serves {servername}"
    else:
        note = ""
    same_port = [e for e in named if _port(e) == port]
    found = (same_port or named)[0]
    if not same_port and _port(found) is not None:
        note = (note + "; " if note else "") + (
            f"the repository serves it on port {_port(found)}, probed on {port}"
        )
    return found, note


def compare(live_model: Model, live: Endpoint, static: Model, chosen: str = "") -> Comparison:
    from tlslint.probe.scan import Measurement

    measurement = live.extra.get("measurement")
    assert isinstance(measurement, Measurement)
    target = measurement.target
    repo, note = match(static, target.servername, target.port, chosen)
    if repo is None:
        return Comparison(target.name, None, [], note)
    out: list[Difference] = []
    out += _protocols(repo, live)
    out += _suites(repo, live, live_model)
    out += _preference(repo, live)
    out += _groups(repo, live)
    out += _hsts(repo, live)
    out += _certificate(repo, static, live_model, target.name)
    out += _client_auth(repo, live)
    out += _redirect(static, live_model, target.servername)
    return Comparison(target.name, repo, out, note)


def _where(endpoint: Endpoint, setting: object) -> str:
    location = getattr(setting, "location", None) or endpoint.location
    note = getattr(setting, "note", "")
    origin = getattr(getattr(setting, "origin", None), "value", "")
    suffix = f", {note}" if origin == "default" and note else ""
    return f"({location}{suffix})"


def _protocols(repo: Endpoint, live: Endpoint) -> list[Difference]:
    if repo.protocols is None or live.protocols is None:
        return []
    mine, theirs = set(repo.protocols.value), set(live.protocols.value)
    out = []
    for version in VERSIONS:
        if version in theirs and version not in mine:
            out.append(
                Difference(
                    "protocol",
                    f"does not enable {version} {_where(repo, repo.protocols)}",
                    f"accepts {version}",
                    "live",
                    FRONT + ", or " + STALE,
                )
            )
        elif version in mine and version not in theirs:
            legacy = version in LEGACY
            out.append(
                Difference(
                    "protocol",
                    f"enables {version} {_where(repo, repo.protocols)}",
                    f"refuses {version}",
                    "repository" if legacy else "live",
                    "the server's OpenSSL refuses it whatever the configuration says "
                    "(distributions build OpenSSL 3 with a security level, or a MinProtocol, "
                    "that disables TLS 1.0 and 1.1); another image or build would serve it"
                    if legacy
                    else FRONT + ", or " + STALE,
                )
            )
    return out


def _suites(repo: Endpoint, live: Endpoint, live_model: Model) -> list[Difference]:
    out: list[Difference] = []
    pairs = []
    if repo.ciphers is not None and live.ciphers is not None:
        tls12 = live.protocols is not None and bool(set(live.protocols.value) - {"TLSv1.3"})
        if tls12:
            pairs.append(("cipher suite", repo.ciphers.value.suites, live.ciphers.value.suites))
    if repo.tls13_ciphersuites is not None and live.tls13_ciphersuites is not None:
        pairs.append(
            ("TLS 1.3 suite", repo.tls13_ciphersuites.value, live.tls13_ciphersuites.value)
        )
    key_types = {c.key_type for c in _served(live_model, live)[:1]}
    for aspect, mine, theirs in pairs:
        setting = repo.ciphers if aspect == "cipher suite" else repo.tls13_ciphersuites
        where = _where(repo, setting)
        for suite in theirs:
            if suite not in mine:
                out.append(
                    Difference(
                        aspect,
                        f"does not enable {suite} {where}",
                        f"accepts {suite}",
                        "live",
                        FRONT + ", or " + STALE,
                    )
                )
        for suite in mine:
            if suite in theirs:
                continue
            cipher = lookup(suite)
            if cipher is not None and not available(cipher, None):
                cause = (
                    "the server's OpenSSL 3 no longer offers it (3DES, RC4, IDEA and SEED left "
                    "its default provider; export, single DES and static DH left OpenSSL 1.1.0)"
                )
                trust = "repository"
            elif cipher is not None and _needs_other_key(cipher.auth, key_types):
                cause = (
                    f"it needs a certificate of another key type (the served key is "
                    f"{'/'.join(sorted(key_types))}), so no client can negotiate it here; "
                    "harmless, unless an ECDSA certificate is added"
                )
                trust = "live"
            else:
                cause, trust = FRONT + ", or " + STALE, "live"
            out.append(
                Difference(aspect, f"enables {suite} {where}", f"refuses {suite}", trust, cause)
            )
    return out


def _needs_other_key(auth: str, key_types: set[str]) -> bool:
    if not key_types:
        return False
    if auth in ("aECDSA", "ECDSA"):
        return "EC" not in key_types
    if auth in ("aRSA", "RSA"):
        return "RSA" not in key_types
    return False


def _preference(repo: Endpoint, live: Endpoint) -> list[Difference]:
    mine, theirs = repo.prefer_server_ciphers, live.prefer_server_ciphers
    if mine is None or theirs is None or mine.value == theirs.value:
        return []
    return [
        Difference(
            "server cipher preference",
            f"{'on' if mine.value else 'off'} {_where(repo, mine)}",
            "on" if theirs.value else "off",
            "live",
            FRONT + ", or " + STALE,
        )
    ]


_GROUP_ALIASES = {"secp256r1": "prime256v1", "p-256": "prime256v1", "p-384": "secp384r1",
                  "p-521": "secp521r1", "x25519": "X25519", "x448": "X448"}  # fmt: skip


def _group(name: str) -> str:
    return _GROUP_ALIASES.get(name.lower(), name)


def _groups(repo: Endpoint, live: Endpoint) -> list[Difference]:
    mine, theirs = repo.ecdh_curves, live.ecdh_curves
    if mine is None or theirs is None:
        return []
    from tlslint.probe.scan import measurable_groups

    measurable = measurable_groups()
    wanted = [_group(g) for g in mine.value]
    served = [_group(g) for g in theirs.value]
    default = mine.origin.value == "default"
    out: list[Difference] = []
    for group in served:
        if group not in wanted:
            cause = (
                "the repository leaves the groups to the default (nginx: OpenSSL's own list); "
                "write them (ssl_ecdh_curve) to decide"
                if default
                else FRONT + ", or " + STALE
            )
            out.append(
                Difference("ECDH group", f"does not list {group} {_where(repo, mine)}",
                           f"accepts {group}", "live", cause)
            )  # fmt: skip
    for group in wanted:
        if group in served or group not in measurable:
            continue  # the probe's client cannot offer it (post-quantum, FFDHE): not measured
        out.append(
            Difference("ECDH group", f"lists {group} {_where(repo, mine)}", f"refuses {group}",
                       "live", "the server's OpenSSL does not offer it, " + FRONT + ", or " + STALE)
        )  # fmt: skip
    return out


def _hsts(repo: Endpoint, live: Endpoint) -> list[Difference]:
    mine, theirs = repo.hsts, live.hsts
    if mine is None or theirs is None:
        return []
    if mine.value is not None and theirs.value is None:
        return [
            Difference(
                "HSTS",
                f"max-age={mine.value.max_age} {_where(repo, mine)}",
                "no Strict-Transport-Security header",
                "live",
                "an `add_header` without `always` on an error response, a nested "
                "`add_header` that drops it, a proxy that strips it, or " + STALE,
            )
        ]
    if mine.value is None and theirs.value is not None:
        return [
            Difference(
                "HSTS",
                f"no header {_where(repo, mine)}",
                f"max-age={theirs.value.max_age}",
                "live",
                "the application or a proxy in front adds it; write it in the repository so "
                "it does not depend on them",
            )
        ]
    if mine.value is not None and theirs.value is not None:
        a, b = mine.value, theirs.value
        if (a.max_age, a.include_subdomains, a.preload) != (
            b.max_age,
            b.include_subdomains,
            b.preload,
        ):
            return [
                Difference(
                    "HSTS",
                    f"max-age={a.max_age}"
                    f"{'; includeSubDomains' if a.include_subdomains else ''} {_where(repo, mine)}",
                    theirs.raw,
                    "live",
                    "a proxy or the application sets its own header, or " + STALE,
                )
            ]
    return []


def _served(model: Model, endpoint: Endpoint) -> list[Certificate]:
    keys = {r.key for r in endpoint.certificate_refs("certificate") if r.key}
    certs = [c for c in model.objects_of(CERTIFICATES) if c.key in keys]
    return sorted(certs, key=lambda c: c.position)


def _certificate(repo: Endpoint, static: Model, live_model: Model, name: str) -> list[Difference]:
    live_ep = next(e for e in live_model.endpoints if e.tls and e.name == name)
    served = _served(live_model, live_ep)
    mine = _served(static, repo)
    if not served or not mine:
        return []
    out: list[Difference] = []
    a, b = mine[0], served[0]
    if a.fingerprint_sha256 != b.fingerprint_sha256:
        if b.not_after < a.not_after:
            cause = (
                "the renewed certificate is in the repository but the server still serves the "
                "old one: " + STALE
            )
        else:
            cause = (
                FRONT + " (it serves its own certificate), SNI chose another server, or " + (STALE)
            )
        out.append(
            Difference(
                "certificate",
                f"{a.label} (SHA-256 {a.fingerprint_sha256[:16]}…, until "
                f"{a.not_after:%Y-%m-%d}) in {a.path}",
                f"{b.label} (SHA-256 {b.fingerprint_sha256[:16]}…, until {b.not_after:%Y-%m-%d})",
                "live",
                cause,
            )
        )
    elif len(mine) != len(served):
        out.append(
            Difference(
                "certificate chain",
                f"{len(mine)} certificate(s) in {a.path}",
                f"{len(served)} certificate(s) served",
                "live",
                FRONT + ", or " + STALE,
            )
        )
    return out


def _client_auth(repo: Endpoint, live: Endpoint) -> list[Difference]:
    mine, theirs = repo.client_verify, live.client_verify
    if mine is None or theirs is None:
        return []
    wanted = "on" if mine.value == "on" else ("optional" if "optional" in mine.value else "off")
    if wanted == theirs.value:
        return []
    return [
        Difference(
            "client certificates",
            f"ssl_verify_client {mine.value} {_where(repo, mine)}",
            {"on": "required", "optional": "optional", "off": "not requested"}[theirs.value],
            "live",
            FRONT + ", or " + STALE,
        )
    ]


def _redirect(static: Model, live_model: Model, servername: str) -> list[Difference]:
    live_plain = next((e for e in live_model.endpoints if not e.tls), None)
    repo_plain = next(
        (
            e
            for e in static.endpoints
            if not e.tls and e.redirects_to_https is not None and _serves(e, servername)
        ),
        None,
    )
    if live_plain is None or repo_plain is None:
        return []
    assert live_plain.redirects_to_https is not None and repo_plain.redirects_to_https is not None
    mine, theirs = repo_plain.redirects_to_https.value, live_plain.redirects_to_https.value
    if mine == theirs:
        return []
    return [
        Difference(
            "HTTP→HTTPS redirect",
            f"{'redirects' if mine else 'serves plain HTTP'} "
            f"{_where(repo_plain, repo_plain.redirects_to_https)}",
            f"{'redirects' if theirs else 'serves plain HTTP'} "
            f"({live_plain.redirects_to_https.raw or 'no redirect'})",
            "live",
            FRONT + ", or " + STALE,
        )
    ]


def render(comparisons: list[Comparison]) -> str:
    lines: list[str] = []
    for c in comparisons:
        if c.repository is None:
            lines.append(f"{c.live}: {c.note}")
            continue
        head = f"{c.live} against {c.repository.name} ({c.repository.location})"
        if c.note:
            head += f" — {c.note}"
        lines.append(head + ":")
        if not c.differences:
            lines.append("  no difference: live matches the repository")
        lines.extend(f"  - {d.text()}" for d in c.differences)
    return "\n".join(lines) + ("\n" if lines else "")


def as_dict(c: Comparison) -> dict[str, object]:
    return {
        "live": c.live,
        "repository": c.repository.name if c.repository else None,
        "location": str(c.repository.location) if c.repository else None,
        "note": c.note,
        "differences": [
            {
                "aspect": d.aspect,
                "repository": d.repository,
                "live": d.live,
                "trust": d.trust,
                "cause": d.cause,
            }
            for d in c.differences
        ],
    }
