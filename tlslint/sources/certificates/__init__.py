"""The certificates source: certificate and key files found by name or content.

It reads PEM files with any number of blocks (certificates, every PEM type of private key;
CSRs and parameters are recognised and ignored), DER certificates and keys, PKCS#7 bundles and
PKCS#12 stores (opened with no password or an empty one), whatever their extension. It
publishes :class:`Certificate` objects in ``model.objects_of(CERTIFICATES)`` and
:class:`PrivateKey` objects in ``model.objects_of(PRIVATE_KEYS)``; never a key's content.

Its ``link`` step (after every source has run) parses PEM that other sources found inside
their files (``model.objects_of(EMBEDDED_PEM)``), resolves nginx certificate paths to the
repository files, finds each certificate's issuer anywhere in the repository, marks what each
endpoint serves, and publishes the names each served certificate covers.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from tlslint import model as kinds
from tlslint.model import Kind, Model, SourceFile
from tlslint.sources.base import PathKey, Source, SourceContext

# Extensions that name certificate or key material outright; the binary containers are
# claimed whatever they hold (a damaged one is a finding).
BINARY_SUFFIXES = frozenset({".der", ".p7b", ".p7c", ".p12", ".pfx"})
CERT_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".cert", ".key", ".ca-bundle"})
# Names without a telling extension that certificate tooling writes (certbot, acme.sh, k8s).
CERT_NAMES = frozenset(
    {"fullchain", "privkey", "chain", "cert", "tls.crt", "tls.key", "ca.crt", "server.crt"}
)
# Files of other sources (manifests, Terraform, configs) and of code and documentation: PEM
# inside them reaches this source as embedded material, from the source that reads them.
NOT_CERT_SUFFIXES = frozenset(
    {
        ".yaml", ".yml", ".json", ".tf", ".tfvars", ".hcl", ".conf", ".md", ".rst", ".html",
        ".py", ".go", ".rs", ".js", ".ts", ".java", ".rb", ".sh", ".c", ".h", ".cs", ".php",
        ".toml", ".ini", ".cfg", ".xml", ".tpl", ".j2", ".erb", ".csr", ".pub", ".asc", ".gpg",
    }
)  # fmt: skip
_PEM_SIGN = re.compile(
    rb"-----BEGIN (?:[A-Z0-9 ]*PRIVATE KEY|(?:X509 |TRUSTED )?CERTIFICATE|PKCS7)-----"
)


def _is_fingerprint(value: str) -> bool:
    return len(value.replace(":", "")) >= 64 and "/" not in value


class CertificatesSource(Source):
    name = "certificates"
    extract_modules = ("tlslint.sources.certificates.parse",)
    # Link after the other sources: their links may still publish embedded PEM or resolve
    # endpoint references (Ingress -> Secret) that this one reads.
    link_order = 100
    # Declared CA files (a SHA-256 fingerprint is not a path), and what absolute paths map to.
    path_keys = (
        PathKey("private_cas", keep=_is_fingerprint),
        PathKey("path_map", directory=True),
    )

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        lowered = name.lower()
        suffix = posixpath.splitext(lowered)[1]
        if suffix in BINARY_SUFFIXES:
            return True
        pem = _PEM_SIGN.search(head) is not None
        # DER: a SEQUENCE whose length and first fields are binary (text may start with '0').
        der = head[:1] == b"\x30" and any(b < 9 or b >= 0x80 for b in head[1:16])
        if suffix in CERT_SUFFIXES:
            # A .key or .pem may be something else entirely (a Keynote deck, a licence key):
            # binary content must look like DER, and .key text must hold a PEM block.
            if pem or der:
                return True
            return b"\x00" not in head[:4096] and suffix != ".key"
        if suffix in NOT_CERT_SUFFIXES:
            return False
        return pem or (lowered in CERT_NAMES and der)

    def matches_content(self, head: bytes) -> bool:
        # PEM material, or DER that opens like a certificate (a SEQUENCE with a long length).
        return _PEM_SIGN.search(head) is not None or head[:2] in (b"\x30\x82", b"\x30\x83")

    def unit_inputs(self, f: SourceFile, ctx: SourceContext) -> object | None:
        """Reading a certificate or key file depends on its bytes and name alone."""
        return {}

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        from tlslint.sources.certificates.parse import Where, parse_blob

        model = Model(files=list(files))
        certificates = model.publish(kinds.CERTIFICATES)
        keys = model.publish(kinds.PRIVATE_KEYS)
        for f in files:
            try:
                with open(f.absolute, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                from tlslint.model import Location, ReadProblem

                message = f"cannot read: {exc.strerror}"
                model.problems.append(ReadProblem("file-skipped", message, Location(f.path)))
                model.incomplete[f.path] = message
                continue
            suffix = posixpath.splitext(f.path.lower())[1]
            parsed = parse_blob(data, Where(f.path, f"file:{f.path}"), suffix)
            certificates.extend(parsed.certificates)
            keys.extend(parsed.keys)
            model.problems.extend(parsed.problems)
            if parsed.incomplete:
                model.incomplete[f.path] = parsed.incomplete
        return model

    def link(self, model: Model, ctx: SourceContext) -> None:
        material: tuple[Kind[Any], ...] = (
            kinds.CERTIFICATES,
            kinds.PRIVATE_KEYS,
            kinds.EMBEDDED_PEM,
        )
        if not any(model.objects_of(kind) for kind in material):
            return  # nothing to link: no certificate material anywhere (and no imports)
        from tlslint.sources.certificates.link import link

        link(model, ctx)


CERTIFICATES = CertificatesSource()
