"""``tlslint generate certs``: a development CA, server certificates and mTLS client certificates.

Like mkcert, without touching any trust store: the result is PEM files (private keys mode 0600,
and a ``.gitignore`` that keeps them out of Git) plus instructions for trusting the CA. Keys
follow the profile (ECDSA P-256, or RSA for ``old``, whose clients predate ECDSA) and leaf
lifetimes stay within the policy's maximum. An existing CA (``ca.pem`` and ``ca-key.pem``) is
reused, so adding a certificate does not invalidate the trust already given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tlslint.arguments import flag, internal, profile_flag
from tlslint.generators.common import GeneratorError, dns_name, ip_address, profile_policy

CA_FILE, CA_KEY_FILE = "ca.pem", "ca-key.pem"
CA_DAYS = 3650
DEFAULT_DIRECTORY = "dev-certs"
KEY_MODE, PUBLIC_MODE = 0o600, 0o644


@dataclass(frozen=True)
class Options:
    names: tuple[str, ...] = flag(
        "a server name or IP address (repeat; one certificate covers all)",
        "--name",
        "-n",
        default=(),
    )
    clients: tuple[str, ...] = flag(
        "a client certificate for mTLS (a host name or e-mail; repeatable)",
        "--client",
        metavar="NAME",
        default=(),
    )
    profile: str = profile_flag()
    key_type: str | None = flag(  # default from the profile
        "default: ECDSA P-256 (RSA 2048 for the old profile)",
        choices=("ecdsa", "rsa"),
        default=None,
    )
    days: int | None = flag("leaf validity (default: the policy's maximum)", default=None)
    ca_days: int = flag("CA validity (default 3650)", default=CA_DAYS)
    now: dt.datetime | None = flag("issue as of this date", default=None)
    directory: str = internal("where the command writes, for the instructions only", ".")
    ca_cert_pem: str | None = internal("an existing CA to reuse, read by the command", None)
    ca_key_pem: str | None = internal("the existing CA's key", None)


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    content: str
    mode: int = PUBLIC_MODE
    secret: bool = False


@dataclass(frozen=True)
class Bundle:
    """Files to write, and what to tell the user (never any key material)."""

    files: tuple[GeneratedFile, ...]
    summary: str


def from_directory(values: Mapping[str, Any], output: Path | None) -> dict[str, Any]:
    """What the command adds from the output directory: its name, for the instructions, and
    the CA already there, to reuse (both files, or an error)."""
    directory = output if output is not None else Path(DEFAULT_DIRECTORY)
    found: dict[str, Any] = {"directory": str(directory)}
    cert, key = directory / CA_FILE, directory / CA_KEY_FILE
    if not cert.exists() and not key.exists():
        return found
    if not (cert.is_file() and key.is_file()):
        missing = key if cert.exists() else cert
        raise GeneratorError(f"{missing} is missing: remove the other CA file, or restore it")
    try:
        return {
            **found,
            "ca_cert_pem": cert.read_text(encoding="ascii"),
            "ca_key_pem": key.read_text(encoding="ascii"),
        }
    except OSError as exc:
        raise GeneratorError(
            f"cannot read the existing CA in {directory}: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:  # never quote the bytes of a key file
        raise GeneratorError(f"the existing CA in {directory} is not PEM text") from None


def generate(options: Options) -> Bundle:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    policy = profile_policy(options.profile)
    if not options.names and not options.clients:
        raise GeneratorError("give at least one --name (server) or --client")
    key_type = options.key_type or ("ecdsa" if "ecdsa" in policy.certificate_types else "rsa")
    if key_type not in ("ecdsa", "rsa"):
        raise GeneratorError(f"--key-type {key_type!r} is not ecdsa or rsa")
    if key_type not in policy.certificate_types:
        raise GeneratorError(
            f"--key-type {key_type}: the {policy.profile} profile allows "
            f"{' and '.join(policy.certificate_types)} certificates"
        )
    now = (options.now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    now = now.replace(microsecond=0)
    allowed = policy.public_lifetime_limit(now - dt.timedelta(hours=1))
    limit = allowed.days
    days = options.days if options.days is not None else limit
    if not 1 <= days <= limit:
        raise GeneratorError(
            f"--days {days}: leaf certificates may last at most {limit} days ({allowed.why})"
        )
    if not 1 <= options.ca_days <= 36500:
        raise GeneratorError(f"--ca-days {options.ca_days} is not between 1 and 36500")
    servers = _server_names(options.names)
    clients = [_client_name(name) for name in options.clients]

    def new_key() -> Any:
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        if key_type == "ecdsa":
            return ec.generate_private_key(ec.SECP256R1())
        return rsa.generate_private_key(65537, max(policy.rsa_key_size, 2048))

    def key_pem(key: Any) -> str:
        data: bytes = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return data.decode("ascii")

    def cert_pem(cert: x509.Certificate) -> str:
        return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")

    files: list[GeneratedFile] = []
    if options.ca_cert_pem and options.ca_key_pem:
        ca_cert, ca_key = _load_ca(options.ca_cert_pem, options.ca_key_pem)
        reused = True
    else:
        ca_key = new_key()
        ca_name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "tlslint development CA"),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"tlslint development CA {now:%Y-%m-%d %H:%M:%S}"
                ),
            ]
        )
        ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=options.ca_days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(ski, critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        files.append(GeneratedFile(CA_FILE, cert_pem(ca_cert)))
        files.append(GeneratedFile(CA_KEY_FILE, key_pem(ca_key), KEY_MODE, secret=True))
        reused = False

    aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key())
    # RFC 5280 counts notAfter inside the validity: end one second before the full days
    leaf_end = now - dt.timedelta(hours=1) + dt.timedelta(days=days, seconds=-1)
    if leaf_end > ca_cert.not_valid_after_utc:
        raise GeneratorError(
            f"the existing CA expires on {ca_cert.not_valid_after_utc:%Y-%m-%d}, before a "
            f"{days}-day certificate would: use --days, or remove {CA_FILE} and {CA_KEY_FILE}"
        )

    def leaf(common_name: str, sans: Sequence[x509.GeneralName], usage: Any) -> tuple[Any, Any]:
        key = new_key()
        cert = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "tlslint development"),
                        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
                    ]
                )
            )
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(leaf_end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(rsa=key_type == "rsa"), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.SubjectAlternativeName(list(sans)), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .add_extension(aki, critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        return cert, key

    lines: list[str] = []
    directory = options.directory.rstrip("/") or "."
    if servers:
        sans = [
            x509.IPAddress(address) if (address := ip_address(name)) else x509.DNSName(name)
            for name in servers
        ]
        cert, key = leaf(servers[0], sans, ExtendedKeyUsageOID.SERVER_AUTH)
        stem = _file_stem(servers[0])
        files.append(GeneratedFile(f"{stem}.pem", cert_pem(cert) + cert_pem(ca_cert)))
        files.append(GeneratedFile(f"{stem}-key.pem", key_pem(key), KEY_MODE, secret=True))
        lines.append(f"  {stem}.pem  server certificate for {', '.join(servers)}, then the CA")
        lines.append(f"  {stem}-key.pem  its private key (mode 0600)")
    for name, general in clients:
        cert, key = leaf(name, [general], ExtendedKeyUsageOID.CLIENT_AUTH)
        stem = _file_stem(name) + "-client"
        files.append(GeneratedFile(f"{stem}.pem", cert_pem(cert) + cert_pem(ca_cert)))
        files.append(GeneratedFile(f"{stem}-key.pem", key_pem(key), KEY_MODE, secret=True))
        lines.append(f"  {stem}.pem  client certificate for {name} (mutual TLS), then the CA")
        lines.append(f"  {stem}-key.pem  its private key (mode 0600)")
    files.append(GeneratedFile(".gitignore", "# private keys never go into Git\n*-key.pem\n"))

    until = leaf_end.date().isoformat()
    ca_line = (
        f"  {CA_FILE}  the existing CA, reused ({_subject_cn(ca_cert)})"
        if reused
        else f"  {CA_FILE}  the CA certificate: trust this one, in development only\n"
        f"  {CA_KEY_FILE}  the CA's private key (mode 0600): keep it out of Git and off servers"
    )
    width = max(len(line.split("  ")[1]) for line in [ca_line, *lines] if "  " in line[2:])
    table = "\n".join(_align(line, width) for line in [*ca_line.split("\n"), *lines])
    ca_path = f"{directory}/{CA_FILE}"
    summary = (
        f"Development certificates ({key_type.upper()}, {policy.profile} profile) in "
        f"{directory}/, leaves valid {days} days (until {until}):\n{table}\n\n"
        "Nothing was added to any trust store. To trust the CA on this machine:\n"
        f"  Debian/Ubuntu  sudo cp {ca_path} /usr/local/share/ca-certificates/tlslint-dev-ca.crt"
        " && sudo update-ca-certificates\n"
        f"  Fedora/RHEL    sudo cp {ca_path} /etc/pki/ca-trust/source/anchors/tlslint-dev-ca.pem"
        " && sudo update-ca-trust\n"
        "  macOS          sudo security add-trusted-cert -d -r trustRoot -k "
        f"/Library/Keychains/System.keychain {ca_path}\n"
        "  Firefox        Settings > Privacy & Security > Certificates > View Certificates > "
        "Authorities > Import\n"
        f"  one program    curl --cacert {ca_path}; SSL_CERT_FILE={ca_path}; "
        f"NODE_EXTRA_CA_CERTS={ca_path}\n"
    )
    return Bundle(tuple(files), summary)


def _align(line: str, width: int) -> str:
    if not line.startswith("  ") or "  " not in line[2:]:
        return line
    name, _, rest = line[2:].partition("  ")
    return f"  {name.ljust(width)}  {rest}"


def _server_names(names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for name in names:
        address = ip_address(name)
        checked = str(address) if address is not None else dns_name(name)
        if checked not in out:
            out.append(checked)
    return out


def _client_name(name: str) -> tuple[str, Any]:
    from cryptography import x509

    text = name.strip()
    if "@" in text:
        local, _, domain = text.rpartition("@")
        if not local or "@" in local or not local.isascii() or any(ch.isspace() for ch in local):
            raise GeneratorError(f"client {name!r} is not a valid e-mail address")
        address = f"{local}@{dns_name(domain, wildcard=False)}"
        try:
            return address, x509.RFC822Name(address)
        except ValueError:
            raise GeneratorError(f"client {name!r} is not a valid e-mail address") from None
    checked = dns_name(text, wildcard=False)
    return checked, x509.DNSName(checked)


def _file_stem(name: str) -> str:
    return ("_wildcard" + name[1:]) if name.startswith("*.") else name.replace(":", "_")


def _key_usage(*, cert_sign: bool = False, rsa: bool = False) -> Any:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=rsa and not cert_sign,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _load_ca(cert_pem: str, key_pem: str) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    except ValueError:
        raise GeneratorError(f"the existing {CA_FILE} is not a PEM certificate") from None
    try:
        key = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
    except (ValueError, TypeError):
        # Never echo the key or the parser's message, which may quote it.
        raise GeneratorError(
            f"the existing {CA_KEY_FILE} is not an unencrypted PEM private key"
        ) from None
    if cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise GeneratorError(f"the existing {CA_KEY_FILE} does not belong to {CA_FILE}")
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise GeneratorError(f"the existing {CA_FILE} is not a CA certificate")
    return cert, key


def _subject_cn(cert: Any) -> str:
    from cryptography.x509.oid import NameOID

    found = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value) if found else cert.subject.rfc4514_string()
