"""A measurement becomes the model: the rules then judge it as they judge a repository.

The live endpoint is an :class:`Endpoint` of source ``live`` located at ``host:port``; each
measured value is a setting whose note says it was measured. The served chain becomes
:class:`Certificate`s keyed ``live:host:port``, their trust decided against the system store
and the private CAs (:mod:`trust`); a plain-HTTP answer on the HTTP port is a plain endpoint
whose redirect the HTTP rules judge.
"""

from __future__ import annotations

import dataclasses

from cryptography import x509

from tlslint.model import (
    CERTIFICATE_NAMES,
    CERTIFICATES,
    PRIVATE_KEYS,
    Certificate,
    CertificateNames,
    CertificateRef,
    CipherSpec,
    Endpoint,
    Hsts,
    Location,
    Model,
    Origin,
    ReadProblem,
    Setting,
)
from tlslint.probe.handshake import VERSIONS
from tlslint.probe.scan import Measurement
from tlslint.probe.trust import Trust, TrustStore, fingerprint, judge
from tlslint.sources.certificates.parse import Where, parse_blob

SOURCE = "live"
MEASURED = "measured live"


def key_of(measurement: Measurement) -> str:
    return f"{SOURCE}:{measurement.target.name}"


def build(measurement: Measurement, store: TrustStore) -> tuple[Model, Trust]:
    """The model of one measured endpoint, and the verdict on its served chain."""
    model = Model()
    target = measurement.target
    here = Location(target.name)
    certificates, trust = _certificates(measurement, store, model.problems)
    if measurement.failure:
        return model, trust
    model.endpoints.append(_endpoint(measurement, here))
    if measurement.plain is not None and measurement.plain_port:
        model.endpoints.append(_plain(measurement))
    model.publish(CERTIFICATES, *certificates)
    model.publish(PRIVATE_KEYS)
    names: list[CertificateNames] = []
    if certificates and not certificates[0].is_ca:
        leaf = certificates[0]
        names.append(
            CertificateNames(
                key=leaf.key,
                names=leaf.names,
                description=f"SANs of the certificate served by {target.name}",
                location=here,
            )
        )
    model.publish(CERTIFICATE_NAMES, *names)
    return model, trust


def _measured(value: object, here: Location, raw: str = "") -> Setting[object]:
    return Setting(value, Origin.WRITTEN, here, raw=raw, note=MEASURED)


def _endpoint(m: Measurement, here: Location) -> Endpoint:
    target = m.target
    accepted = m.accepted
    legacy = [v for v in accepted if v != "TLSv1.3"]
    suites: list[str] = []
    for version in reversed(legacy):  # TLS 1.2's order first, then what only older ones accept
        for suite in m.versions[version].suites:
            if suite not in suites:
                suites.append(suite)
    preference = next(
        (
            m.versions[v].server_preference
            for v in reversed(accepted)
            if m.versions[v].server_preference is not None
        ),
        None,
    )
    endpoint = Endpoint(
        source=SOURCE,
        kind="live endpoint",
        name=target.name,
        location=here,
        tls=True,
        hosts=(target.servername,),
        product=SOURCE,
    )
    endpoint.protocols = _measured(frozenset(accepted), here, " ".join(accepted))  # type: ignore[assignment]
    if legacy:
        endpoint.ciphers = _measured(  # type: ignore[assignment]
            CipherSpec(":".join(suites), tuple(suites)), here, ":".join(suites)
        )
    if "TLSv1.3" in accepted:
        tls13 = m.versions["TLSv1.3"].suites
        endpoint.tls13_ciphersuites = _measured(tls13, here, ":".join(tls13))  # type: ignore[assignment]
    if preference is not None:
        endpoint.prefer_server_ciphers = _measured(preference, here, "on" if preference else "off")  # type: ignore[assignment]
    if m.groups:
        endpoint.ecdh_curves = _measured(m.groups, here, ":".join(m.groups))  # type: ignore[assignment]
    if m.dh_bits is not None:
        endpoint.dh_param_bits = _measured(m.dh_bits, here, str(m.dh_bits))  # type: ignore[assignment]
    if m.https is not None:
        header = m.https.header("strict-transport-security")
        endpoint.hsts = _measured(_hsts(header), here, header or "")  # type: ignore[assignment]
    if m.ocsp_stapled is not None:
        endpoint.ocsp_stapling = _measured(m.ocsp_stapled, here)  # type: ignore[assignment]
    endpoint.client_verify = _measured(m.client_auth, here, m.client_auth)  # type: ignore[assignment]
    endpoint.certificates = (
        CertificateRef("certificate", f"the chain served by {target.name}", here, key=key_of(m)),
    )
    endpoint.extra["measurement"] = m
    return endpoint


def _hsts(header: str | None) -> Hsts | None:
    if header is None:
        return None
    from tlslint.sources.nginx.endpoints import parse_hsts

    return parse_hsts(header)


def _plain(m: Measurement) -> Endpoint:
    target = m.target
    host = f"[{target.host}]" if ":" in target.host else target.host
    name = f"{host}:{m.plain_port}"
    here = Location(name)
    assert m.plain is not None
    endpoint = Endpoint(
        source=SOURCE,
        kind="live plain HTTP",
        name=name,
        location=here,
        tls=False,
        hosts=(target.servername,),
        product=SOURCE,
    )
    location = m.plain.header("location") or ""
    raw = f"{m.plain.status} {location}".strip()
    endpoint.redirects_to_https = _measured(m.plain.redirects_to_https, here, raw)  # type: ignore[assignment]
    return endpoint


def load_chain(chain: tuple[str, ...]) -> list[x509.Certificate]:
    """The served certificates cryptography can load (the others are parse errors)."""
    import warnings

    out = []
    for pem in chain:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out.append(x509.load_pem_x509_certificate(pem.encode("ascii", "replace")))
        except ValueError:
            continue
    return out


def _certificates(
    m: Measurement, store: TrustStore, problems: list[ReadProblem]
) -> tuple[list[Certificate], Trust]:
    if not m.chain:
        return [], Trust("none", detail="no certificate was served")
    target = m.target
    pem = "".join(c if c.endswith("\n") else c + "\n" for c in m.chain).encode("ascii", "replace")
    where = Where(path=target.name, key=key_of(m), origin=f"chain served by {target.name}")
    parsed = parse_blob(pem, where)
    problems.extend(dataclasses.replace(p, location=Location(target.name)) for p in parsed.problems)
    loaded = load_chain(m.chain)
    trust = judge(loaded, store)
    by_fp = {fingerprint(c): c for c in loaded}
    out: list[Certificate] = []
    for cert in parsed.certificates:
        original = by_fp.get(cert.fingerprint_sha256)
        anchor = store.issuer_of(original) if original is not None else None
        held = store.holds(original) if original is not None else None
        private = trust.private or cert.fingerprint_sha256 in store.private
        out.append(
            dataclasses.replace(
                cert,
                line=0,
                issuer_is_root=cert.self_signed or anchor is not None,
                private=private or (held is not None and held.fingerprint in store.private),
                served_by=(target.name,),
            )
        )
    return out, trust


def versions_text(m: Measurement) -> str:
    return " ".join(v for v in VERSIONS if v in m.accepted)
