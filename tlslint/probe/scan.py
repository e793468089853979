"""The measurement of one live endpoint, by handshakes (see :mod:`handshake`).

Accepted suites are found by elimination, as sslyze's cipher scan does in effect: offer every
suite the client build knows, note the one the server picks, remove it, and offer the rest
again until the server refuses. That takes one handshake per accepted suite (plus one), not
one per known suite. The order in which the server picks is its own preference when it
imposes one; two handshakes offering the first two suites in both orders tell whether it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tlslint.probe.handshake import (
    VERSIONS,
    Attempt,
    ClientIdentity,
    Connection,
    HandshakeRefused,
    Unreachable,
    handshake,
    offered_suites,
)
from tlslint.probe.target import Target
from tlslint.probe.web import WebResult, fetch_https, fetch_plain, parse_response, request
from tlslint.tls.ciphers import lookup

TLS13 = (
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
)
# Group names as nginx's ssl_ecdh_curve and the Mozilla guidelines write them.
_GROUP_NAMES = {"secp256r1": "prime256v1", "secp192r1": "prime192v1"}
_MAX_ROUNDS = 400  # elimination never needs more than the client's suite count


@dataclass
class VersionResult:
    version: str
    accepted: bool
    suites: tuple[str, ...] = ()  # in the server's order when it imposes one
    server_preference: bool | None = None
    reason: str = ""  # why the version was refused


@dataclass
class Options:
    timeout: float = 5.0
    starttls: str = ""
    identity: ClientIdentity | None = None
    http_port: int | None = 80  # None: do not look for a plain HTTP redirect
    web: bool = True  # ask for / over HTTPS (HSTS)


@dataclass
class Measurement:
    """What one endpoint accepted and served, as measured."""

    target: Target
    starttls: str = ""
    versions: dict[str, VersionResult] = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    dh_bits: int | None = None
    chain: tuple[str, ...] = ()  # PEM, as served (leaf first)
    ocsp_stapled: bool | None = None
    # "on" (required), "optional", "off" (not asked) — as nginx's ssl_verify_client says.
    client_auth: str = "off"
    client_authorities: tuple[str, ...] = ()
    client_certificate_used: bool = False
    https: WebResult | None = None
    plain: WebResult | None = None
    plain_port: int | None = None
    # Set when nothing could be measured: "unreachable" or "handshake"; detail says why.
    failure: str = ""
    detail: str = ""

    @property
    def accepted(self) -> list[str]:
        return [v for v in VERSIONS if v in self.versions and self.versions[v].accepted]


def measure(target: Target, options: Options) -> Measurement:
    """Measure one endpoint. Never raises for what the server does; failures are recorded."""
    try:
        return _measure(target, options)
    except Exception as exc:  # a server that breaks the client library costs its target only
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        return Measurement(target, options.starttls, failure="error", detail=detail)


def _measure(target: Target, options: Options) -> Measurement:
    result = Measurement(target=target, starttls=options.starttls)
    scanner = _Scanner(target, options)
    try:
        for version in VERSIONS:
            result.versions[version] = scanner.version(version)
    except Unreachable as exc:
        result.failure, result.detail = "unreachable", str(exc)
        return result
    accepted = result.accepted
    if not accepted:
        reasons = {r.reason for r in result.versions.values() if r.reason}
        result.failure = "handshake"
        result.detail = "; ".join(sorted(reasons)) or "every handshake was refused"
        return result
    try:
        for version in accepted:
            suites, preference = scanner.suites(version)
            result.versions[version].suites = suites
            result.versions[version].server_preference = preference
        best = accepted[-1]
        result.groups = scanner.groups(result)
        result.dh_bits = scanner.dh_bits(result)
        scanner.certificate(best, result)
        # TLS 1.2 names the acceptable client CAs in its request; 1.3 often does not.
        scanner.client_auth("TLSv1.2" if "TLSv1.2" in accepted else best, result)
        if options.web and not options.starttls:
            result.https = scanner.web(best, result)
    except Unreachable as exc:
        result.failure, result.detail = "unreachable", str(exc)
        return result
    if options.http_port and not options.starttls:
        result.plain = fetch_plain(target, options.http_port, options.timeout)
        result.plain_port = options.http_port if result.plain is not None else None
    return result


class _Scanner:
    def __init__(self, target: Target, options: Options) -> None:
        self.target = target
        self.options = options

    def _try(self, attempt: Attempt) -> Connection | None:
        """One handshake; the negotiated suite, or None when the server refused."""
        try:
            with handshake(
                self.target,
                attempt,
                self.options.timeout,
                self.options.starttls,
                self.options.identity,
            ) as conn:
                return conn
        except HandshakeRefused:
            return None
        except Unreachable:
            raise
        except Exception:  # nassl: "no cipher match" and the like, for what we offer
            return None

    def version(self, version: str) -> VersionResult:
        found = self._version(version, None)
        if not found.accepted and version == "TLSv1.2":
            # A server that takes only suites OpenSSL 1.1.1 lacks (RC4, 3DES-only builds…).
            legacy = self._version(version, True)
            if legacy.accepted:
                return legacy
        return found

    def _version(self, version: str, legacy: bool | None) -> VersionResult:
        attempt = Attempt(
            version, tls13_suites=":".join(TLS13) if version == "TLSv1.3" else "", legacy=legacy
        )
        try:
            with handshake(
                self.target,
                attempt,
                self.options.timeout,
                self.options.starttls,
                self.options.identity,
            ):
                return VersionResult(version, True)
        except HandshakeRefused as exc:
            return VersionResult(version, False, reason=str(exc))
        except Unreachable:
            raise
        except Exception as exc:  # the client build cannot offer it
            return VersionResult(version, False, reason=str(exc)[:120])

    def _eliminate(self, version: str, offered: list[str], legacy: bool) -> list[str]:
        chosen: list[str] = []
        remaining = list(offered)
        for _ in range(_MAX_ROUNDS):
            if not remaining:
                break
            attempt = self._attempt(version, remaining, legacy)
            conn = self._try(attempt)
            if conn is None or not conn.cipher or conn.cipher in chosen:
                break
            chosen.append(conn.cipher)
            if conn.cipher not in remaining:
                break
            remaining.remove(conn.cipher)
        return chosen

    @staticmethod
    def _attempt(version: str, suites: list[str], legacy: bool) -> Attempt:
        if version == "TLSv1.3":
            return Attempt(version, tls13_suites=":".join(suites))
        listed = ":".join(suites) + ("" if legacy else ":@SECLEVEL=0")
        return Attempt(version, ciphers=listed, legacy=legacy)

    def suites(self, version: str) -> tuple[tuple[str, ...], bool | None]:
        legacy = version not in ("TLSv1.2", "TLSv1.3")
        if version == "TLSv1.3":
            chosen = self._eliminate(version, list(TLS13), False)
        else:
            chosen = self._eliminate(version, offered_suites(version, legacy), legacy)
        preference = self._preference(version, chosen, legacy)
        if version == "TLSv1.2":  # then the legacy suites the modern build lacks
            known = set(offered_suites(version, False))
            extra = [s for s in offered_suites(version, True) if s not in known]
            chosen += self._eliminate(version, extra, True)
        return tuple(_openssl_name(s) for s in chosen), preference

    def _preference(self, version: str, chosen: list[str], legacy: bool) -> bool | None:
        """Offer the first two accepted suites in both orders: the same pick is the server's."""
        if len(chosen) < 2:
            return None
        first, second = chosen[0], chosen[1]
        one = self._try(self._attempt(version, [first, second], legacy))
        two = self._try(self._attempt(version, [second, first], legacy))
        if one is None or two is None:
            return None
        return one.cipher == two.cipher

    def groups(self, result: Measurement) -> tuple[str, ...]:
        from nassl.ephemeral_key_info import OpenSslEcNidEnum

        tls12 = result.versions.get("TLSv1.2")
        ecdhe12 = tls12 is not None and any(s.startswith("ECDHE") for s in tls12.suites)
        if "TLSv1.3" in result.accepted:
            version = "TLSv1.3"
        elif "TLSv1.2" in result.accepted and ecdhe12:
            version = "TLSv1.2"
        else:
            return ()
        found: list[str] = []
        for nid in OpenSslEcNidEnum:
            attempt = Attempt(version, groups=[int(nid)])
            if version == "TLSv1.2":
                attempt.ciphers = "kECDHE:@SECLEVEL=0"
            if self._try(attempt) is not None:
                found.append(_group_name(nid.name))
        return tuple(found)

    def dh_bits(self, result: Measurement) -> int | None:
        for version in ("TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3"):
            found = result.versions.get(version)
            if not found or not any(s.startswith("DHE-") for s in found.suites):
                continue
            legacy = version != "TLSv1.2"
            attempt = Attempt(version, ciphers="kEDH" + ("" if legacy else ":@SECLEVEL=0"))
            conn = self._try(attempt)
            if conn is not None:
                return _dh_size(conn)
        return None

    def certificate(self, version: str, result: Measurement) -> None:
        versions = [v for v in ("TLSv1.2", version) if v in result.accepted]
        for candidate in versions:  # TLS 1.2 first: its Certificate precedes a client request
            try:
                with handshake(
                    self.target,
                    Attempt(candidate, ocsp=True),
                    self.options.timeout,
                    self.options.starttls,
                    self.options.identity,
                ) as conn:
                    chain = tuple(str(pem) for pem in conn.client.get_received_chain())
                    stapled = conn.client.get_tlsext_status_ocsp_resp() is not None
            except HandshakeRefused:
                continue
            if chain:
                result.chain, result.ocsp_stapled = chain, stapled
                return

    def client_auth(self, version: str, result: Measurement) -> None:
        """Whether the server asks for a client certificate, and whether it insists.

        Servers insist in two ways: an alert in (or right after) the handshake, or, as nginx
        does with ``ssl_verify_client on``, an HTTP 400 to a request that came without one.
        """
        bare = Options(self.options.timeout, self.options.starttls, None)
        probe = _Scanner(self.target, bare)
        conn = probe._try(Attempt(version, ignore_client_auth=False))
        if conn is None or not conn.certificate_requested:
            result.client_auth = "off"
            return
        result.client_authorities = conn.authorities
        result.client_certificate_used = self.options.identity is not None
        try:
            with handshake(
                self.target,
                Attempt(version, ignore_client_auth=True),
                self.options.timeout,
                self.options.starttls,
            ) as anonymous:
                if self.options.starttls:
                    result.client_auth = "optional"
                    return
                anonymous.send(request(self.target))
                answer = anonymous.receive(4096)
        except Exception:  # an alert, during or after the handshake (nassl raises its own)
            result.client_auth = "on"
            return
        response = parse_response(answer)
        refused = response is None or response.status in (400, 403, 495, 496)
        result.client_auth = "on" if refused else "optional"

    def web(self, version: str, result: Measurement) -> WebResult | None:
        return fetch_https(
            self.target,
            version,
            self.options.timeout,
            self.options.identity,
            self.options.starttls,
        )


def measurable_groups() -> set[str]:
    """The groups the probe's client can offer, by the names :func:`_group_name` gives."""
    from nassl.ephemeral_key_info import OpenSslEcNidEnum

    return {_group_name(nid.name) for nid in OpenSslEcNidEnum}


def _openssl_name(name: str) -> str:
    found = lookup(name)
    return found.openssl if found is not None else name


def _group_name(enum_name: str) -> str:
    from nassl.ephemeral_key_info import _OPENSSL_NID_TO_SECG_ANSI_X9_62, OpenSslEcNidEnum

    secg = _OPENSSL_NID_TO_SECG_ANSI_X9_62.get(OpenSslEcNidEnum[enum_name], enum_name)
    return _GROUP_NAMES.get(secg, secg)


def _dh_size(conn: Connection) -> int | None:
    try:
        info = conn.client.get_ephemeral_key()
    except Exception:
        return None
    size = getattr(info, "size", None)
    return int(size) if isinstance(size, int) else None
