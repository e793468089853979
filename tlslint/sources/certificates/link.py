"""Linking certificates to the rest of the model, once every source has been extracted.

1. Parse certificate and key material other sources found inside their files
   (``model.objects_of(EMBEDDED_PEM)``: Kubernetes Secrets, Terraform heredocs).
2. Resolve nginx ``ssl_certificate`` / ``ssl_certificate_key`` / ``ssl_trusted_certificate`` /
   ``ssl_client_certificate`` paths to repository files, as nginx includes are resolved: the
   config's ``nginx.path_map`` and ``certificates.path_map``, the nginx prefix, the directory of
   the config file and its parents, then the path's trailing components.
3. Find each certificate's issuer among all the repository's certificates (a signature check,
   not a name match), so chains can be judged across files and private CAs recognised.
4. Mark which endpoints serve each certificate and publish the names each served leaf covers
   (``model.objects_of(CERTIFICATE_NAMES)``) for the hostname rule.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable

from tlslint.model import (
    CERTIFICATE_NAMES,
    CERTIFICATES,
    EMBEDDED_PEM,
    PRIVATE_KEYS,
    Certificate,
    CertificateNames,
    CertificateRef,
    EmbeddedPem,
    Model,
)
from tlslint.sources import nginx as nginx_source
from tlslint.sources.base import FactStore, SourceContext
from tlslint.sources.certificates.issuers import find_issuers
from tlslint.sources.certificates.records import copy_with, facts, quiet

_FINGERPRINT = re.compile(r"^(?:sha256:)?[0-9a-f]{64}$")


def link(model: Model, ctx: SourceContext) -> None:
    certificates: list[Certificate] = model.publish(CERTIFICATES)
    model.publish(PRIVATE_KEYS)
    for embedded in model.objects_of(EMBEDDED_PEM):
        if not embedded.parsed:
            parse_embedded(embedded, model)
    settings = ctx.settings.get("certificates") or {}
    _resolve_references(model, ctx, settings)
    linked = _link_issuers(certificates, _private_cas(settings, certificates), ctx.facts)
    served = _served_by(model)
    linked = [
        copy_with(c, served_by=tuple(served[c.key])) if c.key in served else c for c in linked
    ]
    certificates[:] = linked
    names: list[CertificateNames] = model.publish(CERTIFICATE_NAMES)
    for cert in linked:
        if cert.position == 0 and cert.role == "certificate" and not cert.is_ca:
            names.append(
                CertificateNames(
                    key=cert.key,
                    names=cert.names,
                    description=f"SANs of {cert.where}",
                    location=cert.location,
                )
            )


def parse_embedded(embedded: EmbeddedPem, model: Model) -> None:
    """Parse PEM found inside another file into ``model`` (certificates, keys, problems).

    Sources call it while extracting a unit, so the work runs in parallel; the link step
    parses what they leave unparsed."""
    from tlslint.sources.certificates.parse import Where, parse_blob

    where = Where(
        path=embedded.path,
        key=embedded.key,
        origin=embedded.origin,
        role="ca" if embedded.role == "ca" else "certificate",
        fixed_line=embedded.line or 1,
    )
    parsed = parse_blob(embedded.data, where)
    model.publish(CERTIFICATES).extend(parsed.certificates)
    model.publish(PRIVATE_KEYS).extend(parsed.keys)
    model.problems.extend(parsed.problems)
    if parsed.incomplete:
        model.incomplete.setdefault(embedded.path, f"{embedded.origin}: {parsed.incomplete}")


# -- path resolution ---------------------------------------------------------------------------


def _resolve_references(model: Model, ctx: SourceContext, settings: dict[str, object]) -> None:
    refs = [r for e in model.endpoints for r in e.certificates if r.key is None]
    if not refs:
        return
    known = {f.path for f in model.files}
    files = _Resolver(ctx)
    for endpoint in model.endpoints:
        if not endpoint.certificates or endpoint.source != "nginx":
            continue
        endpoint.certificates = tuple(_resolve(ref, files, known) for ref in endpoint.certificates)


class _Resolver:
    """Candidates for path references that their source did not work out (made on first
    use: references from cached nginx units carry theirs)."""

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self.files: object = None

    def candidates(self, ref: CertificateRef) -> list[str]:
        if ref.candidates is not None:
            return list(ref.candidates)
        from tlslint.sources.nginx.includes import NginxFiles

        if self.files is None:
            ctx = self.ctx
            self.files = NginxFiles(
                ctx.root,
                path_map=nginx_source.certificate_path_map(ctx),
                prefix=(ctx.settings.get("nginx") or {}).get("prefix"),
                max_depth=ctx.limits.include_depth,
                max_file_size=ctx.limits.max_file_size,
            )
        assert isinstance(self.files, NginxFiles)
        return self.files.resolve(ref.reference, ref.location.path).targets


def _resolve(ref: CertificateRef, files: _Resolver, known: set[str]) -> CertificateRef:
    """The reference resolved to the first candidate the run read, else the first there is
    (its candidates are dropped: they were for this step alone)."""
    if ref.key is not None or not nginx_source.resolvable(ref):
        return ref if ref.candidates is None else dataclasses.replace(ref, candidates=None)
    candidates = files.candidates(ref)
    targets = [t for t in candidates if t in known] or candidates
    if not targets:
        return dataclasses.replace(ref, candidates=None)
    return dataclasses.replace(
        ref, resolved_path=targets[0], key=f"file:{targets[0]}", candidates=None
    )


# -- issuers and private CAs -------------------------------------------------------------------


def _private_cas(settings: dict[str, object], certificates: list[Certificate]) -> set[str]:
    """Fingerprints of the declared private CAs (given by fingerprint or by file)."""
    declared = settings.get("private_cas") or []
    out: set[str] = set()
    for entry in declared:  # type: ignore[attr-defined]
        text = str(entry).strip()
        compact = text.lower().replace(":", "")
        if _FINGERPRINT.match(compact):
            out.add(compact.removeprefix("sha256"))
            continue
        path = posixpath.normpath(text)
        out.update(c.fingerprint_sha256 for c in certificates if c.path == path)
    return out


class _Signatures:
    """Whether one certificate signed another. A fact of the two (named by the SHA-256 of
    their DER): the index keeps it between runs, so a check whose certificates come from the
    unit cache need not load the parser."""

    def __init__(self, certificates: list[Certificate], remembered: FactStore) -> None:
        self.certificates = certificates
        self.remembered = remembered
        self.parsed: dict[str, object] = {}

    def loaded(self, cert: Certificate) -> object:
        from tlslint.sources.certificates.parse import load_der

        if cert.fingerprint_sha256 not in self.parsed:
            self.parsed[cert.fingerprint_sha256] = load_der(cert.der)
        return self.parsed[cert.fingerprint_sha256]

    def checked(self, i: int, j: int) -> bool:
        from tlslint.sources.certificates.parse import issued_by_quietly

        mine, theirs = self.loaded(self.certificates[i]), self.loaded(self.certificates[j])
        return mine is not None and theirs is not None and issued_by_quietly(mine, theirs)  # type: ignore[arg-type]

    def verify(self, i: int, j: int) -> bool:
        child, issuer = self.certificates[i], self.certificates[j]
        pair = f"{child.fingerprint_sha256}:{issuer.fingerprint_sha256}"
        return self.remembered.remembered("issued-by/1", pair, lambda: self.checked(i, j))


def _link_issuers(
    certificates: list[Certificate], private: set[str], remembered: FactStore
) -> list[Certificate]:
    verify = _Signatures(certificates, remembered).verify

    # One search per distinct certificate (copies share their issuers), skipping the
    # certificate's own bundle, which parsing searched already: what it found is a hint.
    keys_at: dict[tuple[object, int], str | None] = {
        (_bundle(c), c.position): c.public_key_sha256 for c in certificates
    }
    hints: dict[str, set[str]] = {}
    distinct: dict[str, int] = {}
    for index, cert in enumerate(certificates):
        distinct.setdefault(cert.fingerprint_sha256, index)
        known = hints.setdefault(cert.fingerprint_sha256, set())
        for position in cert.issuer_positions:
            key = keys_at.get((_bundle(cert), position))
            if key is not None:
                known.add(key)
    firsts = sorted(distinct.values())
    described = [
        facts(
            certificates[i],
            bundle=_bundle(certificates[i]),
            issuer_keys=frozenset(hints[certificates[i].fingerprint_sha256]),
        )
        for i in firsts
    ]
    with quiet():
        search = find_issuers(
            described, lambda i, j: verify(firsts[i], firsts[j]), skip_own_bundle=True
        )
    copies: dict[str, list[Certificate]] = {}
    for cert in certificates:
        copies.setdefault(cert.fingerprint_sha256, []).append(cert)
    issuers: dict[str, list[Certificate]] = {}
    for at, indices in zip(firsts, search.issuers, strict=True):
        cert = certificates[at]
        if cert.self_signed:
            continue
        fingerprints = {certificates[firsts[j]].fingerprint_sha256 for j in indices}
        fingerprints.discard(cert.fingerprint_sha256)
        # Every copy of each issuer, so messages can name the best one.
        issuers[cert.fingerprint_sha256] = [c for fp in sorted(fingerprints) for c in copies[fp]]

    def chain_is_private(cert: Certificate) -> bool:
        stack, visited = [cert], set()
        while stack:
            current = stack.pop()
            if current.fingerprint_sha256 in private:
                return True
            if current.fingerprint_sha256 in visited:
                continue
            visited.add(current.fingerprint_sha256)
            stack.extend(issuers.get(current.fingerprint_sha256, ()))
        return False

    out: list[Certificate] = []
    for cert in certificates:
        found = issuers.get(cert.fingerprint_sha256, [])
        # Name the copy of the issuer that stands alone, where there is one.
        others = sorted(
            (c for c in found if c.key != cert.key), key=lambda c: (c.bundle_size, c.path, c.line)
        )
        elsewhere = others[0] if others else None
        place = _place(elsewhere) if elsewhere else ""
        is_root = (
            cert.self_signed
            or any(c.self_signed for c in found)
            or any(c.fingerprint_sha256 in private and c.is_ca for c in found)
        )
        out.append(_linked(cert, place, is_root, chain_is_private(cert)))
    return out


def _linked(cert: Certificate, place: str, is_root: bool, private: bool) -> Certificate:
    """The certificate with what linking found; itself when that changes nothing (copying a
    certificate costs about 10 µs; self-signed ones, among others, come out unchanged)."""
    if (place, is_root, private) == (cert.issuer_elsewhere, cert.issuer_is_root, cert.private):
        return cert
    return copy_with(cert, issuer_elsewhere=place, issuer_is_root=is_root, private=private)


def _bundle(cert: Certificate) -> tuple[str, str, str]:
    return (cert.path, cert.key, cert.origin)


def _place(cert: Certificate) -> str:
    return cert.origin or f"{cert.path}:{cert.line}"


def _served_by(model: Model) -> dict[str, list[str]]:
    served: dict[str, list[str]] = {}
    for endpoint in model.endpoints:
        for key in _keys(endpoint.certificate_refs("certificate")):
            names = served.setdefault(key, [])
            if endpoint.name not in names:
                names.append(endpoint.name)
    return served


def _keys(refs: Iterable[CertificateRef]) -> Iterable[str]:
    return (r.key for r in refs if r.key)
