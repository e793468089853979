"""What can be read from a certificate that ``cryptography`` refuses to decode.

``cryptography`` rejects some certificates that OpenSSL — and so nginx and every client built
on it — accepts: an empty relative distinguished name, a string type used outside its
alphabet, a non-canonical encoding inside an extension. Their signature algorithm, validity,
names and key are still plain DER fields, and a linter that reports only "could not be
decoded" hides a SHA-1 signature or an expired date behind a parse error.

This module walks the fixed skeleton of RFC 5280 section 4.1 (Certificate, TBSCertificate,
Name, Validity, SubjectPublicKeyInfo, Extensions) with a small hand-written DER reader: no
ASN.1 library is a dependency, the structure read is a handful of fixed positions, and every
length is checked against its container, so damaged input ends in ``None``, never an
exception or an unbounded loop. The public key and the extension values it understands are
handed back to ``cryptography``, which decodes them on their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass

Tlv = tuple[int, bytes, bytes]  # tag, whole element, contents

_ATTRIBUTES = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "0.9.2342.19200300.100.1.25": "DC",
    "1.2.840.113549.1.9.1": "emailAddress",
}
_STRINGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1E: "utf-16-be"}
SAN, BASIC_CONSTRAINTS, EKU = "2.5.29.17", "2.5.29.19", "2.5.29.37"
AIA, OCSP, CA_ISSUERS = "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.48.1", "1.3.6.1.5.5.7.48.2"
SERVER_AUTH, ANY_EKU = "1.3.6.1.5.5.7.3.1", "2.5.29.37.0"


@dataclass
class RawCertificate:
    """The fields of a certificate read directly from its DER."""

    tbs: bytes
    serial: int
    signature_oid: str
    issuer: str
    issuer_der: bytes
    subject: str
    subject_der: bytes
    common_name: str
    not_before: dt.datetime
    not_after: dt.datetime
    spki: bytes
    signature: bytes
    is_ca: bool = False
    dns_names: tuple[str, ...] = ()
    ip_addresses: tuple[str, ...] = ()
    uris: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    has_san: bool = False
    server_auth: bool = True
    ocsp_urls: tuple[str, ...] = ()
    ca_issuer_urls: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()  # extensions present but not decoded (their OIDs)

    @property
    def fingerprint_sha256(self) -> str:
        return hashlib.sha256(self.der).hexdigest()

    der: bytes = b""


def elements(data: bytes) -> list[Tlv] | None:
    """The consecutive DER elements of ``data``; None when a length overruns."""
    out: list[Tlv] = []
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            return None
        tag, first = data[i], data[i + 1]
        j = i + 2
        if first & 0x80:
            count = first & 0x7F
            if count == 0 or count > 4 or j + count > len(data):
                return None
            length = int.from_bytes(data[j : j + count], "big")
            j += count
        else:
            length = first
        if j + length > len(data):
            return None
        out.append((tag, data[i : j + length], data[j : j + length]))
        i = j + length
    return out


def oid(body: bytes) -> str:
    if not body:
        return ""
    parts = [str(body[0] // 40), str(body[0] % 40)] if body[0] < 80 else ["2", str(body[0] - 80)]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(str(value))
            value = 0
    return ".".join(parts)


def _time(tag: int, body: bytes) -> dt.datetime | None:
    text = body.decode("ascii", "replace").rstrip("Z")
    try:
        if tag == 0x17:  # UTCTime: YYMMDDHHMM[SS]
            moment = dt.datetime.strptime(text, "%y%m%d%H%M%S" if len(text) == 12 else "%y%m%d%H%M")
        elif tag == 0x18:  # GeneralizedTime
            moment = dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S")
        else:
            return None
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.timezone.utc)


def _name(body: bytes) -> tuple[str, str] | None:
    """(RFC 4514-style text, common name) of a Name; empty RDNs (what cryptography refuses)
    are skipped as OpenSSL skips them."""
    rdns = elements(body)
    if rdns is None:
        return None
    parts: list[str] = []
    common = ""
    for tag, _, rdn in rdns:
        if tag != 0x31:
            return None
        attributes = elements(rdn) or []
        for _, _, attribute in attributes:
            inner = elements(attribute)
            if not inner or len(inner) != 2 or inner[0][0] != 0x06:
                continue
            key = oid(inner[0][2])
            vtag, _, vbody = inner[1]
            value = vbody.decode(_STRINGS.get(vtag, "latin-1"), "replace")
            label = _ATTRIBUTES.get(key, key)
            parts.append(f"{label}={value}")
            if key == "2.5.4.3" and not common:
                common = value
    return ",".join(reversed(parts)), common


def read(der: bytes) -> RawCertificate | None:
    """The fields of a DER certificate, or None when its skeleton does not parse."""
    top = elements(der)
    if not top or len(top) != 1 or top[0][0] != 0x30:
        return None
    outer = elements(top[0][2])
    if not outer or len(outer) != 3 or outer[0][0] != 0x30 or outer[2][0] != 0x03:
        return None
    tbs_whole, sig_alg, signature = outer[0][1], outer[1][2], outer[2][2][1:]
    fields = elements(outer[0][2])
    if fields is None:
        return None
    if fields and fields[0][0] == 0xA0:  # [0] version
        fields = fields[1:]
    if len(fields) < 6:
        return None
    serial_f, _alg_f, issuer_f, validity_f, subject_f, spki_f = fields[:6]
    alg = elements(sig_alg)
    validity = elements(validity_f[2])
    issuer = _name(issuer_f[2])
    subject = _name(subject_f[2])
    if not alg or alg[0][0] != 0x06 or not validity or len(validity) != 2:
        return None
    if issuer is None or subject is None or serial_f[0] != 0x02 or spki_f[0] != 0x30:
        return None
    not_before = _time(validity[0][0], validity[0][2])
    not_after = _time(validity[1][0], validity[1][2])
    if not_before is None or not_after is None:
        return None
    raw = RawCertificate(
        tbs=tbs_whole,
        serial=int.from_bytes(serial_f[2], "big", signed=True),
        signature_oid=oid(alg[0][2]),
        issuer=issuer[0],
        issuer_der=issuer_f[1],
        subject=subject[0],
        subject_der=subject_f[1],
        common_name=subject[1],
        not_before=not_before,
        not_after=not_after,
        spki=spki_f[1],
        signature=signature,
        der=der,
    )
    for tag, _, body in fields[6:]:
        if tag == 0xA3:
            _extensions(body, raw)
    return raw


def _extensions(body: bytes, raw: RawCertificate) -> None:
    wrapper = elements(body)
    if not wrapper or wrapper[0][0] != 0x30:
        return
    unread: list[str] = []
    for _, _, ext in elements(wrapper[0][2]) or []:
        parts = elements(ext) or []
        if len(parts) < 2 or parts[0][0] != 0x06 or parts[-1][0] != 0x04:
            continue
        key, value = oid(parts[0][2]), parts[-1][2]
        if key == SAN:
            raw.has_san = True
            _general_names(value, raw)
        elif key == BASIC_CONSTRAINTS:
            inner = elements(value) or []
            seq = elements(inner[0][2]) if inner and inner[0][0] == 0x30 else []
            raw.is_ca = bool(seq and seq[0][0] == 0x01 and seq[0][2] not in (b"", b"\x00"))
        elif key == EKU:
            inner = elements(value) or []
            usages = (
                {oid(b) for t, _, b in (elements(inner[0][2]) or []) if t == 0x06}
                if inner
                else set()
            )
            raw.server_auth = bool(usages & {SERVER_AUTH, ANY_EKU})
        elif key == AIA:
            _access(value, raw)
        else:
            unread.append(key)
    raw.unread = tuple(unread)


def _general_names(value: bytes, raw: RawCertificate) -> None:
    outer = elements(value) or []
    if not outer or outer[0][0] != 0x30:
        return
    dns: list[str] = []
    ips: list[str] = []
    uris: list[str] = []
    emails: list[str] = []
    for tag, _, body in elements(outer[0][2]) or []:
        if tag == 0x82:
            dns.append(body.decode("ascii", "replace"))
        elif tag == 0x87 and len(body) in (4, 16):
            ips.append(str(ipaddress.ip_address(body)))
        elif tag == 0x86:
            uris.append(body.decode("ascii", "replace"))
        elif tag == 0x81:
            emails.append(body.decode("ascii", "replace"))
    raw.dns_names, raw.ip_addresses = tuple(dns), tuple(ips)
    raw.uris, raw.emails = tuple(uris), tuple(emails)


def _access(value: bytes, raw: RawCertificate) -> None:
    outer = elements(value) or []
    if not outer or outer[0][0] != 0x30:
        return
    ocsp: list[str] = []
    issuers: list[str] = []
    for _, _, desc in elements(outer[0][2]) or []:
        parts = elements(desc) or []
        if len(parts) == 2 and parts[0][0] == 0x06 and parts[1][0] == 0x86:
            url = parts[1][2].decode("ascii", "replace")
            method = oid(parts[0][2])
            (ocsp if method == OCSP else issuers if method == CA_ISSUERS else []).append(url)
    raw.ocsp_urls, raw.ca_issuer_urls = tuple(ocsp), tuple(issuers)
