"""Helpers for the probe tests: certificates made at test time, nginx serving them on loopback.

Every server is the real nginx, started on free 127.0.0.1 ports; nothing else is reached
(:func:`loopback_only` refuses any other address for the duration of a test).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import certfactory as cf
from tests.generating import (
    free_ports,
    installed_versions,
    nginx_prefix,
    nginx_running,
    nginx_t,
    wait_for_port,
)

HOST = "shop.example.com"


@dataclass
class Site:
    """A served nginx config: its prefix (a small repository) and its ports."""

    root: Path
    https: int
    http: int

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.https}"


def make_pki(directory: Path) -> dict[str, Path]:
    """The test PKI as files: root, intermediate, leaves (good, expired, wrong host), mTLS."""
    certs = directory / "certs"
    root, intermediate = cf.root_ca(), cf.intermediate_ca()
    rsa = cf.rsa_key(2048, 7)
    leaves = {
        "good": cf.leaf(HOST, key=rsa),
        "expired": cf.leaf(HOST, key=rsa, days_before=400, days_after=-5),
        "wronghost": cf.leaf("other.example.net", key=rsa),
        "future": cf.leaf(HOST, key=rsa, days_before=-5, days_after=60),
        "nosan": cf.leaf(HOST, key=rsa, sans=()),
        # 300 days: over the CA/B Forum limit for public leaves issued after 2026-03-15 (200),
        # within the 398 days a private CA's leaf may have.
        "longlived": cf.leaf(HOST, key=rsa, days_before=30, days_after=270),
        "selfsigned": cf.make(HOST, key=rsa),
    }
    out = {"root": cf.write(certs / "root.pem", root.pem)}
    for name, issued in leaves.items():
        out[f"{name}-full"] = cf.write(certs / f"{name}-full.pem", issued.pem, intermediate.pem)
        out[f"{name}-leafonly"] = cf.write(certs / f"{name}-leafonly.pem", issued.pem)
        out[f"{name}-key"] = cf.write(certs / f"{name}.key", issued.key_pem())
    ocsp = cf.leaf(HOST, key=rsa, ocsp="http://ocsp.example.com/")
    out["ocsp-full"] = cf.write(certs / "ocsp-full.pem", ocsp.pem, intermediate.pem)
    out["ocsp-key"] = cf.write(certs / "ocsp.key", ocsp.key_pem())
    out["ocsp-response"] = cf.write(certs / "ocsp.der", ocsp_response(ocsp, intermediate))
    client_ca = cf.make("Test Client CA", ca=True, days_before=100, days_after=1000)
    client = cf.make("client.example.com", issuer=client_ca, key=cf.ec_key(77))
    out["client-ca"] = cf.write(certs / "client-ca.pem", client_ca.pem)
    out["client"] = cf.write(directory / "client" / "client.pem", client.pem)
    out["client-key"] = cf.write(directory / "client" / "client.key", client.key_pem())
    stranger = cf.leaf("client.example.com", key=cf.ec_key(78))  # from another CA
    out["stranger"] = cf.write(directory / "client" / "stranger.pem", stranger.pem)
    out["stranger-key"] = cf.write(directory / "client" / "stranger.key", stranger.key_pem())
    return out


def ocsp_response(leaf: cf.Issued, issuer: cf.Issued) -> bytes:
    """A signed OCSP response saying ``leaf`` is good, for nginx's ``ssl_stapling_file``."""
    import datetime as dt

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509 import ocsp

    from tests.helpers import NOW

    response = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            cert=leaf.cert,
            issuer=issuer.cert,
            algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.GOOD,
            this_update=NOW - dt.timedelta(days=1),
            next_update=NOW + dt.timedelta(days=6),
            revocation_time=None,
            revocation_reason=None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, issuer.cert)
        .sign(issuer.key, hashes.SHA256())  # type: ignore[arg-type]
    )
    return response.public_bytes(serialization.Encoding.DER)


def config_file(root: Path) -> Path:
    """The repository's .tlslint.yaml: the test root is a private CA; nginx as installed."""
    nginx, openssl = installed_versions()
    path = root / ".tlslint.yaml"
    path.write_text(
        "certificates:\n  private_cas: [certs/root.pem]\n"
        f'nginx:\n  version: "{nginx}"\n  openssl_version: "{openssl}"\n',
        encoding="utf-8",
    )
    return path


@contextlib.contextmanager
def serving(root: Path, site: str, https: int, http: int) -> Iterator[Site]:
    """nginx serving ``site`` (conf.d/site.conf under ``root``) until the block ends."""
    nginx_prefix(root, site)
    checked = nginx_t(root)
    assert checked.returncode == 0, checked.stderr
    with nginx_running(root):
        wait_for_port(https)
        wait_for_port(http)
        yield Site(root, https, http)


def ports() -> tuple[int, int]:
    https, http = free_ports(2)
    return https, http


@contextlib.contextmanager
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every connection to an address other than loopback, for this test."""
    original = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        inet = self.family in (socket.AF_INET, socket.AF_INET6)
        if host is not None and inet and not _loopback(str(host)):
            raise AssertionError(f"a test tried to reach {host}: only loopback is allowed")
        return original(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name: the probe resolves names before connecting, so refuse it
