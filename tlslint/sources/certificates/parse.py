"""Parsing certificate and key material with the cryptography package.

Imported only when a certificate file (or embedded PEM) is read. Every failure becomes a
:class:`ReadProblem` at the file and line of the offending block, worded here: exception texts
from the parsers are never echoed, since some of them quote the input, which may be a key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import re
import warnings
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import (
    dsa,
    ec,
    ed448,
    ed25519,
    padding,
    rsa,
    x448,
    x25519,
)
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

from tlslint.model import Certificate, Location, PrivateKey, ReadProblem
from tlslint.sources.certificates.issuers import MAX_KEYS_TRIED, find_issuers
from tlslint.sources.certificates.records import copy_with, facts

# RFC 7468 labels: printable characters, with single spaces or hyphens inside; OpenSSL reads
# any label (e.g. "ED25519 PRIVATE KEY", "OPENSSH-ISH KEY").
_LABEL = rb"([!-~](?:[ !-~]*?[!-~])?)"
_BEGIN = re.compile(rb"^[ \t]*-----BEGIN " + _LABEL + rb"-----[ \t]*\r?$", re.M)
_END = re.compile(rb"^[ \t]*-----END " + _LABEL + rb"-----[ \t]*\r?$", re.M)
# PEM written inside a string with escaped line breaks ("-----BEGIN CERTIFICATE-----\\nMII…").
_ESCAPED_END = re.compile(rb"-----END [!-~ ]{1,64}?-----")
_ESCAPED = re.compile(rb"-----BEGIN [!-~ ]{1,64}?-----(?:\\r)?\\n")

CERTIFICATE_TYPES = frozenset({"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"})
PKCS7_TYPES = frozenset({"PKCS7", "PKCS #7 SIGNED DATA", "CMS"})
KEY_TYPES = frozenset(
    {
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ANY PRIVATE KEY",
    }
)
# Blocks that are recognised and deliberately not judged.
IGNORED_TYPES = frozenset(
    {
        "CERTIFICATE REQUEST",
        "NEW CERTIFICATE REQUEST",
        "PUBLIC KEY",
        "RSA PUBLIC KEY",
        "DH PARAMETERS",
        "X9.42 DH PARAMETERS",
        "EC PARAMETERS",
        "X509 CRL",
        "SSL SESSION PARAMETERS",
    }
)

# OIDs of password-based encryption schemes in an EncryptedPrivateKeyInfo.
_PBES2 = "1.2.840.113549.1.5.13"
_PBKDF2 = "1.2.840.113549.1.5.12"
_PBES1_WEAK = {
    "1.2.840.113549.1.5.1": "PBES1 with MD2 and DES",
    "1.2.840.113549.1.5.3": "PBES1 with MD5 and DES",
    "1.2.840.113549.1.5.4": "PBES1 with MD2 and RC2",
    "1.2.840.113549.1.5.6": "PBES1 with MD5 and RC2",
    "1.2.840.113549.1.5.10": "PBES1 with SHA-1 and DES",
    "1.2.840.113549.1.5.11": "PBES1 with SHA-1 and RC2",
    "1.2.840.113549.1.12.1.1": "PKCS#12 PBE with SHA-1 and RC4-128",
    "1.2.840.113549.1.12.1.2": "PKCS#12 PBE with SHA-1 and RC4-40",
    "1.2.840.113549.1.12.1.3": "PKCS#12 PBE with SHA-1 and 3DES",
    "1.2.840.113549.1.12.1.4": "PKCS#12 PBE with SHA-1 and 2-key 3DES",
    "1.2.840.113549.1.12.1.5": "PKCS#12 PBE with SHA-1 and RC2-128",
    "1.2.840.113549.1.12.1.6": "PKCS#12 PBE with SHA-1 and RC2-40",
}
_PBES2_CIPHERS = {
    "2.16.840.1.101.3.4.1.2": ("AES-128-CBC", ""),
    "2.16.840.1.101.3.4.1.22": ("AES-192-CBC", ""),
    "2.16.840.1.101.3.4.1.42": ("AES-256-CBC", ""),
    "2.16.840.1.101.3.4.1.6": ("AES-128-GCM", ""),
    "2.16.840.1.101.3.4.1.46": ("AES-256-GCM", ""),
    "1.3.14.3.2.7": ("DES-CBC", "single DES (56-bit key)"),
    "1.2.840.113549.3.7": ("DES-EDE3-CBC", "3DES (64-bit blocks, deprecated by NIST)"),
    "1.2.840.113549.3.2": ("RC2-CBC", "RC2"),
}
_PRF = {
    "1.2.840.113549.2.7": "HMAC-SHA1",
    "1.2.840.113549.2.9": "HMAC-SHA256",
    "1.2.840.113549.2.10": "HMAC-SHA384",
    "1.2.840.113549.2.11": "HMAC-SHA512",
}


# A certificate as loaded: (line, certificate, container, its DER when the loader had it).
Loaded = tuple[int, x509.Certificate, str, "bytes | None"]


@dataclass
class Parsed:
    """What one file (or one embedded blob) holds."""

    certificates: list[Certificate] = field(default_factory=list)
    keys: list[PrivateKey] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    incomplete: str = ""  # why the material was not fully analysed ("" when it was)
    # Certificates cryptography refused but whose DER skeleton reads: (line, fields, reason)
    raw: list[tuple[int, Any, str]] = field(default_factory=list)


@dataclass
class Where:
    """Where a blob came from: its repository path, the line to report, and its key."""

    path: str
    key: str
    origin: str = ""  # "" for a file, "Secret ns/name, key tls.crt" for embedded
    role: str = "certificate"
    fixed_line: int = 0  # embedded material: every block is reported at this line


def looks_like_pem(data: bytes) -> bool:
    return _BEGIN.search(data) is not None


def parse_blob(data: bytes, where: Where, suffix: str = "") -> Parsed:
    """Parse PEM (any number of blocks), DER, PKCS#7 or PKCS#12 material."""
    if looks_like_pem(data):
        return _parse_pem(data, where)
    out = Parsed()
    stripped = data.strip()
    if not stripped:
        out.problems.append(_problem("parse-error", "empty file: no certificate or key", where, 0))
        return out
    if suffix in (".p12", ".pfx"):
        return _parse_pkcs12(data, where)
    if suffix in (".p7b", ".p7c"):
        return _parse_pkcs7_der(data, where)
    if _is_text(data):
        found = _escaped_pem(data, where) or _unarmored_base64(data, where)
        if found is not None:
            return found
        if not _named_as_material(where, suffix):
            # Documentation or code that mentions PEM is not material nobody would load.
            return out
        out.problems.append(
            _problem(
                "parse-error",
                "no PEM block (-----BEGIN …-----) and not DER: not a certificate or key",
                where,
                1,
            )
        )
        return out
    for attempt in (_try_der_certificate, _try_pkcs7_der, _try_der_key):
        parsed = attempt(data, where)
        if parsed is not None:
            return parsed
    pkcs12_result = _parse_pkcs12(data, where)
    if pkcs12_result.certificates or pkcs12_result.keys or pkcs12_result.incomplete:
        return pkcs12_result
    out.problems.append(
        _problem(
            "parse-error",
            "binary (DER) content that is not an X.509 certificate, PKCS#7 bundle, PKCS#12 "
            "store or private key",
            where,
            0,
        )
    )
    return out


def _escaped_pem(data: bytes, where: Where) -> Parsed | None:
    """PEM inside a string with escaped line breaks (JSON, docs): what its consumer unescapes,
    each block reported at the line that holds it."""
    from dataclasses import replace

    found = Parsed()
    for match in _ESCAPED.finditer(data):
        end = _ESCAPED_END.search(data, match.end())
        if end is None:
            break  # no END after this BEGIN: none after any later one either
        text = data[match.start() : end.end()].replace(b"\\r\\n", b"\n")
        text = text.replace(b"\\n", b"\n") + b"\n"
        line = data.count(b"\n", 0, match.start()) + 1
        parsed = _parse_pem(text, replace(where, fixed_line=where.fixed_line or line))
        found.certificates += parsed.certificates
        found.keys += parsed.keys
        found.problems += parsed.problems
    return found if found.certificates or found.keys else None


def _unarmored_base64(data: bytes, where: Where) -> Parsed | None:
    """A DER certificate written as bare base64 without PEM armour (Windows' "Base-64" export
    pasted without its lines, Java keystores' -rfc output stripped): read it as DER."""
    body = b"".join(data.split())
    if len(body) < 64 or len(body) % 4 or not re.fullmatch(rb"[A-Za-z0-9+/]+={0,2}", body):
        return None
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    if der[:1] != b"\x30":
        return None
    return _try_der_certificate(der, where) or _try_der_key(der, where)


def _named_as_material(where: Where, suffix: str) -> bool:
    """Whether the file's name says it holds certificates or keys (its consumer loads it)."""
    from tlslint.sources.certificates import CERT_NAMES, CERT_SUFFIXES

    if not where.key.startswith("file:"):
        return True  # embedded material: its source put it where a certificate belongs
    name = where.path.rsplit("/", 1)[-1].lower()
    return suffix in CERT_SUFFIXES or name in CERT_NAMES


# -- PEM -------------------------------------------------------------------------------------


def _parse_pem(data: bytes, where: Where) -> Parsed:
    out = Parsed()
    blocks: list[tuple[str, int, bytes]] = []  # type, line, whole block bytes
    position = 0
    counted, lines_before = 0, 0  # newlines counted up to ``counted``: linear in the file
    # The next BEGIN line (None: there is none), found once and reused while it lies at or
    # after ``position``: each BEGIN line is searched for once, not twice.
    nxt = _find_begin(data, 0)
    while True:
        if nxt is not None and nxt.start() < position:
            nxt = _find_begin(data, position)
        begin = nxt
        if begin is None:
            break
        kind = begin.group(1).decode("ascii")
        lines_before += data.count(b"\n", counted, begin.start())
        counted = begin.start()
        line = lines_before + 1
        end = _find_end(data, begin.end())
        nxt = _find_begin(data, begin.end())
        if end is None or (nxt is not None and nxt.start() < end.start()):
            out.problems.append(
                _problem(
                    "parse-error",
                    f"PEM block '{kind}' has no END line: the file is truncated or damaged",
                    where,
                    line,
                )
            )
            out.incomplete = "a PEM block is truncated"
            position = begin.end() if end is None else nxt.start()  # type: ignore[union-attr]
            if end is None:
                break
            continue
        if end.group(1).decode("ascii") != kind:
            out.problems.append(
                _problem(
                    "parse-error",
                    f"PEM block '{kind}' ends with END {end.group(1).decode('ascii')}",
                    where,
                    line,
                )
            )
            position = end.end()
            continue
        blocks.append((kind, line, data[begin.start() : end.end()]))
        position = end.end()

    certificates: list[Loaded] = []
    for kind, line, block in blocks:
        certificates.extend(_block(kind, line, block, where, out))
    out.certificates.extend(_certificates(certificates, where, out))
    return out


def _block(kind: str, line: int, block: bytes, where: Where, out: Parsed) -> list[Loaded]:
    """The certificates of one PEM block; its key or problems go to ``out``."""
    if kind in CERTIFICATE_TYPES:
        loaded = _load_pem_certificate(block, kind, where, line, out)
        if loaded is not None:
            return [(line, loaded[0], "PEM", loaded[1])]
    elif kind in PKCS7_TYPES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from cryptography.hazmat.primitives.serialization import pkcs7

                bundle = pkcs7.load_pem_pkcs7_certificates(block)
        except Exception:
            out.problems.append(
                _problem(
                    "parse-error",
                    f"PEM block '{kind}' is not a valid PKCS#7 bundle",
                    where,
                    line,
                )
            )
            return []
        return [(line, c, "PKCS#7", None) for c in bundle]
    elif kind in KEY_TYPES:
        key = _pem_key(kind, block, where, line, out)
        if key is not None:
            out.keys.append(key)
    elif kind in IGNORED_TYPES:
        return []
    elif "PRIVATE KEY" in kind and not kind.startswith(("PGP", "SSH2 ENCRYPTED")):
        # A private key under a label of its own tool ("ED25519 PRIVATE KEY"): not a
        # parse error — the tool that wrote it reads it — and a committed key all the same.
        out.keys.append(_other_label_key(kind, block, where, line))
    # Other block types (e.g. 'PGP MESSAGE') are not TLS material: not judged.
    return []


def _find_begin(data: bytes, position: int) -> re.Match[bytes] | None:
    """``_BEGIN.search(data, position)``, found with ``bytes.find`` first: the regex is tried
    only at the lines that hold "-----BEGIN ", not at every line of every base64 body."""
    at = data.find(b"-----BEGIN ", position)
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        if start >= position:
            found = _BEGIN.match(data, start)
            if found is not None:
                return found
        at = data.find(b"-----BEGIN ", at + 1)
    return None


def _find_end(data: bytes, position: int) -> re.Match[bytes] | None:
    """``_END.search(data, position)``, found with ``bytes.find`` first (as ``_find_begin``)."""
    at = data.find(b"-----END ", position)
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        if start >= position:
            found = _END.match(data, start)
            if found is not None:
                return found
        at = data.find(b"-----END ", at + 1)
    return None


_LINE_EDGES = re.compile(rb"[ \t\x0b\x0c\r\n]*[\r\n][ \t\x0b\x0c\r\n]*")


def _pem_body(block: bytes) -> bytes | None:
    """The base64 body of a PEM block decoded, or None if it is not valid base64."""
    start = block.find(b"\n") + 1
    end = block.rfind(b"-----END")
    inner = block[start:end] if 0 < start <= end else b""
    if b":" in inner:  # RFC 1421 headers (Proc-Type, DEK-Info): skip those lines
        inner = b"\n".join(line for line in inner.splitlines() if b":" not in line)
    if b" " in inner or b"\t" in inner or b"\x0b" in inner or b"\x0c" in inner:
        body = _LINE_EDGES.sub(b"", inner).strip()  # whitespace inside a line stays invalid
    else:  # only line breaks to drop (the usual case): the same, without the regex
        body = inner.translate(None, b"\r\n")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None


def _load_pem_certificate(
    block: bytes, kind: str, where: Where, line: int, out: Parsed
) -> tuple[x509.Certificate, bytes] | None:
    """The certificate of a PEM block, and its DER (what the model keeps and fingerprints)."""
    der = _pem_body(block)
    if der is None or not der:
        out.problems.append(
            _problem("parse-error", f"PEM block '{kind}' is not valid base64", where, line)
        )
        return None
    if kind == "TRUSTED CERTIFICATE":
        # OpenSSL's trusted form: the certificate followed by its trust settings.
        der = _first_der_element(der) or der
    cert = _load_der_certificate(der, where, line, out)
    return None if cert is None else (cert, der)


def _load_der_certificate(
    der: bytes, where: Where, line: int, out: Parsed
) -> x509.Certificate | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the serial is judged here, in our words
        try:
            cert = x509.load_der_x509_certificate(der)
        except Exception as error:
            from tlslint.sources.certificates import der as raw_der

            raw = raw_der.read(der)
            if raw is not None:
                # OpenSSL reads it (and so does nginx): judge what the DER says.
                out.raw.append((line, raw, str(error)))
                return None
            out.problems.append(
                _problem(
                    "parse-error",
                    "not a valid X.509 certificate (the DER structure does not parse)",
                    where,
                    line,
                )
            )
            return None
        serial = cert.serial_number
    # RFC 5280 requires a positive serial. Some long-trusted roots carry 0, which clients
    # accept in a self-issued root; a negative serial, or 0 below a root, is refused.
    if serial < 0 or (serial == 0 and cert.subject != cert.issuer):
        which = "negative" if serial < 0 else "zero"
        problem = _problem(
            "parse-error",
            f"certificate has a {which} serial number, which RFC 5280 forbids; clients "
            "may reject it",
            where,
            line,
        )
        # OpenSSL (so nginx) loads it and it is judged in full; some clients (Go since
        # 1.23) refuse it: medium, not the high of material nothing can read.
        out.problems.append(replace(problem, severity="medium"))
    return cert


def _first_der_element(der: bytes) -> bytes | None:
    if len(der) < 2 or der[0] != 0x30:
        return None
    length = der[1]
    if length < 0x80:
        return der[: 2 + length]
    count = length & 0x7F
    if count == 0 or count > 4 or len(der) < 2 + count:
        return None
    size = int.from_bytes(der[2 : 2 + count], "big")
    return der[: 2 + count + size]


# -- private keys ------------------------------------------------------------------------------


def _pem_key(kind: str, block: bytes, where: Where, line: int, out: Parsed) -> PrivateKey | None:
    headers = block.split(b"\n\n", 1)[0] if b"Proc-Type:" in block else b""
    if kind == "OPENSSH PRIVATE KEY":
        return _openssh_key(block, where, line, out)
    if b"ENCRYPTED" in headers:
        cipher = ""
        match = re.search(rb"DEK-Info:\s*([A-Za-z0-9-]+)", headers)
        if match:
            cipher = match.group(1).decode("ascii")
        return _key(
            where,
            line,
            kind,
            _key_type_from_pem_type(kind),
            0,
            encrypted=True,
            encryption=f"{cipher or 'unknown cipher'} (OpenSSL traditional PEM encryption)",
            weakness="its key is derived with one MD5 iteration (EVP_BytesToKey), so the "
            "passphrase falls to brute force",
        )
    if kind == "ENCRYPTED PRIVATE KEY":
        der = _pem_body(block)
        if der is None:
            out.problems.append(
                _problem("parse-error", f"PEM block '{kind}' is not valid base64", where, line)
            )
            return None
        encryption, weakness = _pkcs8_scheme(der)
        return _key(
            where,
            line,
            kind,
            "unknown",
            0,
            encrypted=True,
            encryption=encryption,
            weakness=weakness,
        )
    if _pem_body(block) is None:
        out.problems.append(
            _problem("parse-error", f"PEM block '{kind}' is not valid base64", where, line)
        )
        # Still a committed private key, whatever state it is in.
        return _key(where, line, kind, _key_type_from_pem_type(kind), 0, encrypted=False)
    try:
        # Only the key's type, size and public half are used (never a signature made with
        # it), so the costly RSA consistency check (400 ms for 4096 bits) is skipped.
        private = serialization.load_pem_private_key(
            block, password=None, unsafe_skip_rsa_key_validation=True
        )
    except TypeError:  # needs a password after all
        return _key(where, line, kind, "unknown", 0, encrypted=True)
    except (ValueError, UnsupportedAlgorithm):
        return _key(where, line, kind, _key_type_from_pem_type(kind), 0, encrypted=False)
    return _described_key(private, where, line, kind)


def _other_label_key(kind: str, block: bytes, where: Where, line: int) -> PrivateKey:
    """A key under a non-standard label: PKCS#8 or traditional DER inside, or the raw bytes of
    an Ed25519 (32, or 64 with the public half) or Ed448 (57) key."""
    der = _pem_body(block) or b""
    private: object | None = None
    with contextlib.suppress(Exception):
        private = serialization.load_der_private_key(
            der, password=None, unsafe_skip_rsa_key_validation=True
        )
    if private is None and len(der) in (32, 64):
        with contextlib.suppress(Exception):
            private = ed25519.Ed25519PrivateKey.from_private_bytes(der[:32])
    if private is None and len(der) == 57:
        with contextlib.suppress(Exception):
            private = ed448.Ed448PrivateKey.from_private_bytes(der)
    if private is None:
        label = kind.upper()
        guess = next((t for t in ("ED25519", "ED448", "RSA", "EC", "DSA") if t in label), "")
        key_type = {"ED25519": "Ed25519", "ED448": "Ed448"}.get(guess, guess or "unknown")
        return _key(where, line, kind, key_type, 0, encrypted=False)
    return _described_key(private, where, line, kind)


def _openssh_key(block: bytes, where: Where, line: int, out: Parsed) -> PrivateKey | None:
    der = _pem_body(block)
    if der is None or not der.startswith(b"openssh-key-v1\x00"):
        out.problems.append(
            _problem("parse-error", "OPENSSH PRIVATE KEY block is damaged", where, line)
        )
        return _key(where, line, "OPENSSH PRIVATE KEY", "unknown", 0, encrypted=False)
    rest = der[len(b"openssh-key-v1\x00") :]
    length = int.from_bytes(rest[:4], "big")
    cipher = rest[4 : 4 + length].decode("ascii", errors="replace")
    if cipher != "none":
        return _key(
            where,
            line,
            "OPENSSH PRIVATE KEY",
            "unknown",
            0,
            encrypted=True,
            encryption=f"{cipher} with bcrypt-pbkdf",
        )
    try:
        private = serialization.load_ssh_private_key(block, password=None)
    except Exception:
        return _key(where, line, "OPENSSH PRIVATE KEY", "unknown", 0, encrypted=False)
    return _described_key(private, where, line, "OPENSSH PRIVATE KEY")


def _described_key(private: object, where: Where, line: int, pem_type: str) -> PrivateKey:
    key_type, size, _curve = _key_facts(private)
    public_id = None
    try:
        public = private.public_key()  # type: ignore[attr-defined]
        public_id = _public_key_id(public)
    except Exception:
        public_id = None
    return _key(where, line, pem_type, key_type, size, encrypted=False, public_id=public_id)


def _key(
    where: Where,
    line: int,
    pem_type: str,
    key_type: str,
    size: int,
    *,
    encrypted: bool,
    encryption: str = "",
    weakness: str = "",
    public_id: str | None = None,
) -> PrivateKey:
    return PrivateKey(
        path=where.path,
        line=where.fixed_line or line,
        key=where.key,
        origin=where.origin,
        pem_type=pem_type,
        key_type=key_type,
        key_size=size,
        encrypted=encrypted,
        encryption=encryption,
        weakness=weakness,
        public_key_sha256=public_id,
    )


def _key_type_from_pem_type(kind: str) -> str:
    return {"RSA PRIVATE KEY": "RSA", "EC PRIVATE KEY": "EC", "DSA PRIVATE KEY": "DSA"}.get(
        kind, "unknown"
    )


def _try_der_key(data: bytes, where: Where) -> Parsed | None:
    try:
        private = serialization.load_der_private_key(
            data, password=None, unsafe_skip_rsa_key_validation=True
        )
    except TypeError:
        out = Parsed()
        encryption, weakness = _pkcs8_scheme(data)
        out.keys.append(
            _key(
                where,
                1,
                "DER",
                "unknown",
                0,
                encrypted=True,
                encryption=encryption,
                weakness=weakness,
            )
        )
        return out
    except Exception:
        return None
    out = Parsed()
    out.keys.append(_described_key(private, where, 1, "DER"))
    return out


def _pkcs8_scheme(der: bytes) -> tuple[str, str]:
    """(description, weakness) of an EncryptedPrivateKeyInfo's encryption algorithm."""
    try:
        oids = _oids(der)
    except (IndexError, ValueError):
        return "unknown scheme", ""
    if not oids:
        return "unknown scheme", ""
    first = oids[0]
    if first in _PBES1_WEAK:
        return _PBES1_WEAK[first], "PBES1 uses a 64-bit-block or broken cipher and a weak KDF"
    if first != _PBES2:
        return f"scheme {first}", ""
    prf = next((_PRF[o] for o in oids if o in _PRF), "HMAC-SHA1")
    cipher = next((_PBES2_CIPHERS[o] for o in oids if o in _PBES2_CIPHERS), None)
    iterations = _pbkdf2_iterations(der)
    name = cipher[0] if cipher else "unknown cipher"
    description = f"PBES2 with PBKDF2-{prf} and {name}"
    if iterations is not None:
        description += f", {iterations} iterations"
    weakness = ""
    if cipher and cipher[1]:
        weakness = f"the cipher is {cipher[1]}"
    elif iterations is not None and iterations < 1000:
        weakness = f"only {iterations} PBKDF2 iterations (at least 1000, better 600000)"
    return description, weakness


def _oids(der: bytes) -> list[str]:
    """Every OBJECT IDENTIFIER in a DER structure, in order (a shallow scan, enough here)."""
    out: list[str] = []
    i = 0
    limit = min(len(der), 512)
    while i < limit - 1:
        tag = der[i]
        length = der[i + 1]
        header = 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(der[i + 2 : i + 2 + count], "big")
            header = 2 + count
        if tag == 0x06:
            out.append(_decode_oid(der[i + header : i + header + length]))
            i += header + length
        elif tag in (0x30, 0x31, 0xA0):
            i += header  # descend into constructed values
        else:
            i += header + length
    return out


def _decode_oid(body: bytes) -> str:
    if not body:
        raise ValueError("empty OID")
    parts = [body[0] // 40, body[0] % 40]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def _pbkdf2_iterations(der: bytes) -> int | None:
    """The iteration count following the PBKDF2 salt (OCTET STRING then INTEGER)."""
    marker = bytes.fromhex("06092a864886f70d01050c")  # OID 1.2.840.113549.1.5.12
    at = der.find(marker)
    if at < 0:
        return None
    i = at + len(marker)
    # SEQUENCE { OCTET STRING salt, INTEGER iterations, … }
    if i + 2 > len(der) or der[i] != 0x30:
        return None
    i += 2 if not der[i + 1] & 0x80 else 2 + (der[i + 1] & 0x7F)
    if i >= len(der) or der[i] != 0x04:
        return None
    i += 2 + der[i + 1]
    if i >= len(der) or der[i] != 0x02:
        return None
    size = der[i + 1]
    return int.from_bytes(der[i + 2 : i + 2 + size], "big")


# -- DER, PKCS#7, PKCS#12 --------------------------------------------------------------------


def _try_der_certificate(data: bytes, where: Where) -> Parsed | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x509.load_der_x509_certificate(data)
    except Exception:
        from tlslint.sources.certificates import der as raw_der

        if raw_der.read(data) is None:
            return None
    out = Parsed()
    cert = _load_der_certificate(data, where, 1, out)
    if cert is not None:
        out.certificates.extend(_certificates([(1, cert, "DER", data)], where, out))
    return out


def _try_pkcs7_der(data: bytes, where: Where) -> Parsed | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from cryptography.hazmat.primitives.serialization import pkcs7

            bundle = pkcs7.load_der_pkcs7_certificates(data)
    except Exception:
        return None
    out = Parsed()
    out.certificates.extend(_certificates([(1, c, "PKCS#7", None) for c in bundle], where, out))
    return out


def _parse_pkcs7_der(data: bytes, where: Where) -> Parsed:
    parsed = _try_pkcs7_der(data, where)
    if parsed is not None:
        return parsed
    out = Parsed()
    out.problems.append(_problem("parse-error", "not a valid PKCS#7 bundle", where, 0))
    return out


MAX_PKCS12_ITERATIONS = 1_000_000  # OpenSSL writes 2,048; NIST asks for 10,000 or more


def _parse_pkcs12(data: bytes, where: Where) -> Parsed:
    from cryptography.hazmat.primitives.serialization import pkcs12

    from tlslint.sources.certificates.iterations import largest_iteration_count

    out = Parsed()
    iterations = largest_iteration_count(data)
    if iterations > MAX_PKCS12_ITERATIONS:
        # Opening it would run that many key derivations in C, beyond any time budget.
        message = (
            f"PKCS#12 store asks for {iterations:,} key-derivation iterations (more than "
            f"{MAX_PKCS12_ITERATIONS:,}); not opened, its certificates and key were not analysed"
        )
        out.problems.append(_problem("file-skipped", message, where, 0))
        out.incomplete = message
        return out
    store = None
    for password in (None, b""):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                store = pkcs12.load_pkcs12(data, password)
            break
        except Exception:
            continue
    if store is None:
        if _looks_like_pkcs12(data):
            message = (
                "PKCS#12 store is protected by a password (neither none nor empty opens it); "
                "its certificates and key were not analysed"
            )
            out.problems.append(_problem("file-skipped", message, where, 0))
            out.incomplete = message
        else:
            out.problems.append(_problem("parse-error", "not a valid PKCS#12 store", where, 0))
        return out
    certs: list[Loaded] = []
    if store.cert is not None:
        certs.append((1, store.cert.certificate, "PKCS#12", None))
    certs.extend((1, c.certificate, "PKCS#12", None) for c in store.additional_certs)
    out.certificates.extend(_certificates(certs, where, out))
    if store.key is not None:
        out.keys.append(_described_key(store.key, where, 1, "PKCS#12"))
    return out


def _looks_like_pkcs12(data: bytes) -> bool:
    # PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (pkcs7-data OID), … }
    return data[:1] == b"\x30" and bytes.fromhex("2a864886f70d010701") in data[:64]


def _is_text(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return data[:1] != b"\x30"


# -- certificates ------------------------------------------------------------------------------


def _certificates(found: list[Loaded], where: Where, out: Parsed) -> list[Certificate]:
    with warnings.catch_warnings():
        # cryptography warns again, lazily, about a serial already reported as a problem.
        warnings.simplefilter("ignore")
        described = _describe_all(found, where, out)
    raw, out.raw = out.raw, []
    size = len(found) + len(raw)
    for offset, (line, fields, reason) in enumerate(raw):
        described.append(
            describe_raw(fields, where, line, len(found) + offset, size, "DER", out, reason)
        )
    return described


def _describe_all(found: list[Loaded], where: Where, out: Parsed) -> list[Certificate]:
    described: list[tuple[int, Certificate]] = []  # (position in the bundle, certificate)
    size = len(found)
    for position, (line, cert, container, der) in enumerate(found):
        try:
            described.append(
                (position, _described(cert, where, line, position, size, container, der))
            )
        except Exception as error:
            from tlslint.sources.certificates import der as raw_der

            raw = raw_der.read(cert.public_bytes(serialization.Encoding.DER))
            if raw is None:
                out.problems.append(
                    _problem(
                        "parse-error",
                        "certificate fields could not be decoded (a malformed extension or name)",
                        where,
                        line,
                    )
                )
                continue
            partial = describe_raw(raw, where, line, position, size, container, out, str(error))
            described.append((position, partial))
    if len(described) < 2:
        return [c for _p, c in described]
    search = find_issuers(
        [facts(c) for _p, c in described],
        lambda i, j: _verifies(found[described[i][0]][1], found[described[j][0]][1]),
    )
    if search.gave_up:
        message = (
            f"{search.gave_up} certificate(s) have more than {MAX_KEYS_TRIED} same-named "
            "candidate issuers without key identifiers; their issuers were not searched further"
        )
        out.problems.append(_problem("file-skipped", message, where, 0))
        out.incomplete = out.incomplete or message
    return [
        copy_with(c, issuer_positions=tuple(described[i][0] for i in issuers)) if issuers else c
        for (_p, c), issuers in zip(described, search.issuers, strict=True)
    ]


# Certificates already described in this process, by content: a CA copied into many bundles
# (or a chain repeated in many Secrets) is decoded, and its self-signature checked, once.
_DESCRIBED: dict[x509.Certificate, Certificate] = {}
_DESCRIBED_MAX = 4096


def _described(
    cert: x509.Certificate,
    where: Where,
    line: int,
    position: int,
    size: int,
    container: str,
    der: bytes | None = None,
) -> Certificate:
    known = _DESCRIBED.get(cert)
    if known is None:
        known = describe(cert, where, line, position, size, container, der=der)
        if len(_DESCRIBED) >= _DESCRIBED_MAX:
            _DESCRIBED.clear()
        _DESCRIBED[cert] = known
        return known
    return copy_with(
        known, **_placement(where, line, position, size, container), issuer_positions=()
    )


def _placement(where: Where, line: int, position: int, size: int, container: str) -> dict[str, Any]:
    """The fields that say where a certificate was found (the rest says what it is)."""
    return {
        "path": where.path,
        "line": where.fixed_line or line,
        "position": position,
        "bundle_size": size,
        "key": where.key,
        "container": container,
        "origin": where.origin,
        "role": where.role,
    }


def issued_by_quietly(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key verifies ``cert``'s signature, for a candidate the issuer
    search found by name (inside a :func:`quiet` context). Its names match already: the
    search compares their RFC 4514 texts, which are equal only for equal names (every value
    escaped, every attribute named one way), so they are not decoded again to compare."""
    return _verifies(cert, issuer)


def describe_raw(
    raw: Any,
    where: Where,
    line: int,
    position: int,
    size: int,
    container: str,
    out: Parsed,
    reason: str,
) -> Certificate:
    """A certificate from the fields :mod:`.der` read, and a TLS001 note on what was not."""
    key_type, key_size, curve, public_id = "unsupported (unreadable key)", 0, None, None
    public: Any = None
    try:
        public = serialization.load_der_public_key(raw.spki)
        key_type, key_size, curve = _key_facts(public)
        public_id = _public_key_id(public)
    except Exception:
        public = None
    oid = x509.ObjectIdentifier(raw.signature_oid)
    name = getattr(oid, "_name", "") or raw.signature_oid
    if name == "Unknown OID":
        name = raw.signature_oid
    hash_name = _hash_from_oid(raw.signature_oid) or _HASH_IN_NAME.get(
        next((h for h in _HASH_IN_NAME if h in name.lower()), "")
    )
    self_signed = raw.subject_der == raw.issuer_der and _raw_verifies(raw, public, hash_name)
    unread = ", ".join(raw.unread) if raw.unread else "none"
    out.problems.append(
        _problem(
            "file-skipped",
            f"certificate {raw.common_name or raw.subject or '(empty subject)'}: the Python "
            f"cryptography library refuses it ({reason}), though OpenSSL reads it; judged from "
            f"the DER fields read directly (extensions not read: {unread})",
            where,
            line,
        )
    )
    return Certificate(
        **_placement(where, line, position, size, container),
        subject=raw.subject,
        common_name=raw.common_name,
        issuer=raw.issuer,
        serial=format(abs(raw.serial), "x"),
        not_before=raw.not_before,
        not_after=raw.not_after,
        key_type=key_type,
        key_size=key_size,
        curve=curve,
        signature_algorithm=name,
        signature_hash=hash_name,
        is_ca=raw.is_ca,
        self_signed=self_signed,
        issuer_is_root=self_signed,
        dns_names=raw.dns_names,
        ip_addresses=raw.ip_addresses,
        uris=raw.uris,
        has_san=raw.has_san,
        ocsp_urls=raw.ocsp_urls,
        ca_issuer_urls=raw.ca_issuer_urls,
        fingerprint_sha256=hashlib.sha256(raw.der).hexdigest(),
        public_key_sha256=public_id,
        der=raw.der,
        emails=raw.emails,
        server_auth=raw.server_auth,
        partial=f"cryptography refuses it ({reason})",
    )


_HASH_IN_NAME = {
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "sha224": "sha224",
    "sha1": "sha1",
    "md5": "md5",
}
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


def _raw_verifies(raw: Any, public: Any, hash_name: str | None) -> bool:
    """Whether the certificate's own key verifies its signature (a self-signed root)."""
    try:
        if isinstance(public, ed25519.Ed25519PublicKey):
            public.verify(raw.signature, raw.tbs)
        elif hash_name in _HASHES and isinstance(public, rsa.RSAPublicKey):
            algorithm = _HASHES[hash_name]
            public.verify(raw.signature, raw.tbs, padding.PKCS1v15(), algorithm)
        elif hash_name in _HASHES and isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(raw.signature, raw.tbs, ec.ECDSA(_HASHES[hash_name]))
        else:
            return False
    except Exception:
        return False
    return True


def signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer`` issued ``cert``: names match and its key verifies the signature."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _signed_by(cert, issuer)


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        if cert.issuer != issuer.subject:
            return False
    except Exception:
        return False
    return _verifies(cert, issuer)


def _verifies(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key verifies ``cert``'s signature (the names match already)."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, UnsupportedAlgorithm):
        # A signature algorithm cryptography will not verify (SHA-1, MD5): judge by the
        # key identifiers, or, for a self-signed certificate, by its own key.
        return _same_key_identity(cert, issuer)
    except (TypeError, InvalidSignature):
        return False
    except Exception:
        return False
    return True


def _same_key_identity(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Verify a signature x509 will not (SHA-1, MD5) with the issuer's key directly."""
    try:
        algorithm = cert.signature_hash_algorithm
        public = issuer.public_key()
        if algorithm is None:
            return False
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), algorithm)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(algorithm))
        elif isinstance(public, dsa.DSAPublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, algorithm)
        else:
            return False
    except Exception:
        return _key_identifiers_match(cert, issuer)
    return True


def _key_identifiers_match(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except Exception:
        return False
    return aki.key_identifier is not None and aki.key_identifier == ski.digest


def describe(
    cert: x509.Certificate,
    where: Where,
    line: int,
    position: int,
    size: int,
    container: str,
    issuer_positions: tuple[int, ...] = (),
    der: bytes | None = None,
) -> Certificate:
    """The model's view of one certificate (called inside a warnings-silencing context);
    ``der``: its encoding when the caller has it (the bytes it was loaded from).

    The public key is loaded once (its facts and its SPKI digest) and the extensions are read
    in one pass: ``get_extension_for_class`` walks them all at each call."""
    public: Any = None
    try:
        public = cert.public_key()
        key_type, key_size, curve = _key_facts(public)
    except (UnsupportedAlgorithm, ValueError):
        key_type, key_size, curve = _unsupported_key(cert)
    public_id = None
    if public is not None:
        with contextlib.suppress(Exception):
            public_id = _public_key_id(public)
    extensions: dict[type, Any] = {type(e.value): e.value for e in cert.extensions}
    san = extensions.get(x509.SubjectAlternativeName)
    has_san = san is not None
    dns, ips, uris, emails = _san_values(san)
    server_auth = True
    usages = extensions.get(x509.ExtendedKeyUsage)
    if usages is not None:
        server_auth = bool(
            set(usages)
            & {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE}
        )
    constraints = extensions.get(x509.BasicConstraints)
    is_ca = constraints is not None and constraints.ca
    ocsp, ca_issuers = _access_urls(extensions.get(x509.AuthorityInformationAccess, ()))
    try:
        algorithm = cert.signature_hash_algorithm
        hash_name = algorithm.name if algorithm else None
    except UnsupportedAlgorithm:
        hash_name = _hash_from_oid(cert.signature_algorithm_oid.dotted_string)
    signature = getattr(cert.signature_algorithm_oid, "_name", "") or (
        cert.signature_algorithm_oid.dotted_string
    )
    authority_key_id, subject_key_id = _key_ids(extensions)
    # Each access to ``cert.subject`` or ``cert.issuer`` builds a new Name: build each once.
    subject, issuer = cert.subject, cert.issuer
    cn = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if der is None:
        der = cert.public_bytes(serialization.Encoding.DER)
    self_issued = subject == issuer
    self_signed = self_issued and _verifies(cert, cert)
    subject_text = subject.rfc4514_string()
    return Certificate(
        **_placement(where, line, position, size, container),
        subject=subject_text,
        common_name=str(cn[0].value) if cn else "",
        issuer=subject_text if self_issued and _one_per_rdn(subject) else issuer.rfc4514_string(),
        serial=_serial(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        key_type=key_type,
        key_size=key_size,
        curve=curve,
        signature_algorithm=signature,
        signature_hash=hash_name,
        is_ca=bool(is_ca),
        self_signed=self_signed,
        issuer_is_root=self_signed,  # its own root already (linking need not copy it)
        dns_names=dns,
        ip_addresses=ips,
        uris=uris,
        has_san=has_san,
        ocsp_urls=tuple(ocsp),
        ca_issuer_urls=tuple(ca_issuers),
        fingerprint_sha256=hashlib.sha256(der).hexdigest(),
        public_key_sha256=public_id,
        issuer_positions=issuer_positions,
        authority_key_id=authority_key_id,
        subject_key_id=subject_key_id,
        der=der,
        emails=emails,
        server_auth=server_auth,
    )


def _one_per_rdn(name: x509.Name) -> bool:
    """Whether every RDN of a name holds one attribute: then a name equal to it has the same
    RFC 4514 text (equal multi-valued RDNs may list their attributes in another order)."""
    return all(len(rdn) == 1 for rdn in name.rdns)


def _san_values(
    san: Any,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(DNS names, IP addresses, URIs, emails) of a subjectAltName value (None: none)."""
    if san is None:
        return (), (), (), ()
    return (
        tuple(san.get_values_for_type(x509.DNSName)),
        tuple(str(ip) for ip in san.get_values_for_type(x509.IPAddress)),
        tuple(san.get_values_for_type(x509.UniformResourceIdentifier)),
        tuple(san.get_values_for_type(x509.RFC822Name)),
    )


def _access_urls(aia: Any) -> tuple[list[str], list[str]]:
    """(OCSP URLs, CA issuer URLs) of an authorityInfoAccess value (() when absent)."""
    ocsp: list[str] = []
    ca_issuers: list[str] = []
    for access in aia:
        if isinstance(access.access_location, x509.UniformResourceIdentifier):
            if access.access_method == AuthorityInformationAccessOID.OCSP:
                ocsp.append(access.access_location.value)
            elif access.access_method == AuthorityInformationAccessOID.CA_ISSUERS:
                ca_issuers.append(access.access_location.value)
    return ocsp, ca_issuers


def _key_ids(extensions: dict[type, Any]) -> tuple[str, str]:
    """(authority key identifier, subject key identifier) in hex, "" where absent."""
    authority_key_id = subject_key_id = ""
    ski = extensions.get(x509.SubjectKeyIdentifier)
    if ski is not None:
        with contextlib.suppress(ValueError):
            subject_key_id = ski.digest.hex()
    aki = extensions.get(x509.AuthorityKeyIdentifier)
    if aki is not None and aki.key_identifier:
        authority_key_id = aki.key_identifier.hex()
    return authority_key_id, subject_key_id


def _serial(cert: x509.Certificate) -> str:
    # Called inside a warnings-silencing context: a negative serial is its own problem.
    return format(abs(cert.serial_number), "x")


def _hash_from_oid(oid: str) -> str | None:
    return {
        "1.2.840.113549.1.1.4": "md5",
        "1.2.840.113549.1.1.2": "md2",
        "1.2.840.113549.1.1.5": "sha1",
        "1.2.840.10045.4.1": "sha1",
        "1.2.840.10040.4.3": "sha1",
    }.get(oid)


def _unsupported_key(cert: x509.Certificate) -> tuple[str, int, str | None]:
    """(type, size, curve) of a public key cryptography cannot load: its algorithm's name."""
    oid = cert.public_key_algorithm_oid
    name = getattr(oid, "_name", "") or oid.dotted_string
    if name == "Unknown OID":
        name = oid.dotted_string
    return f"unsupported ({name})", 0, None


def _key_facts(key: object) -> tuple[str, int, str | None]:
    """(type, size in bits, curve) of a public or private key object."""
    if isinstance(key, (rsa.RSAPublicKey, rsa.RSAPrivateKey)):
        return "RSA", key.key_size, None
    if isinstance(key, (ec.EllipticCurvePublicKey, ec.EllipticCurvePrivateKey)):
        return "EC", key.curve.key_size, key.curve.name
    if isinstance(key, (ed25519.Ed25519PublicKey, ed25519.Ed25519PrivateKey)):
        return "Ed25519", 256, "ed25519"
    if isinstance(key, (ed448.Ed448PublicKey, ed448.Ed448PrivateKey)):
        return "Ed448", 456, "ed448"
    if isinstance(key, (dsa.DSAPublicKey, dsa.DSAPrivateKey)):
        return "DSA", key.key_size, None
    if isinstance(key, (x25519.X25519PublicKey, x25519.X25519PrivateKey)):
        return "X25519", 256, "x25519"
    if isinstance(key, (x448.X448PublicKey, x448.X448PrivateKey)):
        return "X448", 448, "x448"
    return "unknown", 0, None


def _public_key_id(public: object) -> str:
    spki = public.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).hexdigest()


def load_der(der: bytes) -> x509.Certificate | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return x509.load_der_x509_certificate(der)
    except Exception:
        return None


def _problem(kind: str, message: str, where: Where, line: int) -> ReadProblem:
    if where.origin:
        message = f"{where.origin}: {message}"
    return ReadProblem(kind, message, Location(where.path, where.fixed_line or line))
