"""The certificates source: what it reads, what it publishes, and how it links to endpoints."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID

from tests.certfactory import Issued, ec_key, intermediate_ca, leaf, make, root_ca, write
from tests.helpers import NOW, REPO, lint
from tlslint.cli import main
from tlslint.model import Certificate, EmbeddedPem, Model, PrivateKey
from tlslint.model.policy import load_profile
from tlslint.sources.base import SourceContext
from tlslint.sources.certificates import CERTIFICATES
from tlslint.sources.certificates.parse import Where, copy_with, describe

NGINX_SERVER = (
    "server {{\n    listen 443 ssl;\n    server_name {name};\n"
    "    ssl_certificate {cert};\n    ssl_certificate_key {key};\n}}\n"
)


def certificates(root: Path) -> list[Certificate]:
    return list(lint(root).model.objects.get("certificates", ()))


def keys(root: Path) -> list[PrivateKey]:
    return list(lint(root).model.objects.get("private_keys", ()))


# -- finding the files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("shop.crt", b"", True),
        ("shop.key", b"-----BEGIN EC PRIVATE KEY-----\n", True),
        ("bundle.p7b", b"", True),
        ("store.pfx", b"\x30\x82", True),
        ("fullchain", b"-----BEGIN CERTIFICATE-----\n", True),
        ("privkey", b"-----BEGIN PRIVATE KEY-----\n", True),
        ("fullchain", b"\x30\x82\x03\x00\x30\x82\x02\x00\x00", True),
        ("chain", b"#!/bin/sh\ncat a b\n", False),
        ("licence.key", b"ABCD-1234-EFGH\n", False),
        ("sec1.key", bytes.fromhex("307702010104"), True),
        ("version.key", b"0.1.2\n", False),
        ("deck.key", b"PK\x03\x04\x00\x00", False),
        ("cert.pem", b"ask ops\n", True),
        ("server-cert.txt", b"-----BEGIN CERTIFICATE-----\n", True),
        ("id_deploy", b"-----BEGIN OPENSSH PRIVATE KEY-----\n", True),
        ("secret.yaml", b"tls.crt: |\n  -----BEGIN CERTIFICATE-----\n", False),
        ("main.tf", b"-----BEGIN CERTIFICATE-----\n", False),
        ("README.md", b"-----BEGIN CERTIFICATE-----\n", False),
        ("request.csr", b"-----BEGIN CERTIFICATE REQUEST-----\n", False),
        ("notes.txt", b"nothing to see", False),
    ],
)
def test_files_are_claimed_by_name_or_content(name: str, head: bytes, claimed: bool) -> None:
    assert CERTIFICATES.claims(name, f"deploy/{name}", head) is claimed


def test_a_pem_bundle_keeps_its_order_lines_and_facts(tmp_path: Path) -> None:
    issued = leaf(
        "shop.example.com",
        sans=("shop.example.com", "*.shop.example.com", "192.0.2.7"),
        ocsp="http://ocsp.example.net",
    )
    write(tmp_path / "tls" / "fullchain", b"# shop\n", issued.pem, intermediate_ca().pem)
    first, second = sorted(certificates(tmp_path), key=lambda c: c.position)
    assert (first.path, first.line, first.position, first.bundle_size) == (
        "tls/fullchain", 2, 0, 2,
    )  # fmt: skip
    assert second.line > first.line and second.position == 1
    assert first.subject == "CN=shop.example.com" and first.issuer == "CN=Test Intermediate CA"
    assert first.dns_names == ("shop.example.com", "*.shop.example.com")
    assert first.ip_addresses == ("192.0.2.7",)
    assert (first.key_type, first.key_size, first.curve) == ("EC", 256, "secp256r1")
    assert first.signature_hash == "sha256" and not first.is_ca and second.is_ca
    assert first.ocsp_urls == ("http://ocsp.example.net",)
    assert first.issuer_positions == (1,)
    assert first.days_left(NOW) == 60 and first.lifetime_days == 90
    assert (
        first.fingerprint_sha256
        == issued.cert.fingerprint(
            __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()
        ).hex()
    )


def test_der_pkcs7_and_pkcs12_are_read(tmp_path: Path) -> None:
    issued = leaf()
    write(tmp_path / "a" / "shop.cer", issued.cert.public_bytes(serialization.Encoding.DER))
    p7 = pkcs7.serialize_certificates(
        [issued.cert, intermediate_ca().cert], serialization.Encoding.DER
    )
    write(tmp_path / "b" / "chain.p7b", p7)
    p7_pem = pkcs7.serialize_certificates([issued.cert], serialization.Encoding.PEM)
    write(tmp_path / "c" / "chain.p7c", p7_pem)
    store = pkcs12.serialize_key_and_certificates(
        b"shop", None, issued.cert, [intermediate_ca().cert], serialization.NoEncryption()
    )
    write(tmp_path / "d" / "shop.p12", store)
    found = {(c.path, c.container, c.position) for c in certificates(tmp_path)}
    assert found == {
        ("a/shop.cer", "DER", 0),
        ("b/chain.p7b", "PKCS#7", 0),
        ("b/chain.p7b", "PKCS#7", 1),
        ("c/chain.p7c", "PKCS#7", 0),
        ("d/shop.p12", "PKCS#12", 0),
        ("d/shop.p12", "PKCS#12", 1),
    }


def test_private_keys_are_described_never_kept(tmp_path: Path) -> None:
    issued = leaf()
    write(tmp_path / "shop.key", issued.key_pem())
    write(tmp_path / "enc.key", issued.key_pem(b"long passphrase"))
    by_path = {k.path: k for k in keys(tmp_path)}
    plain, encrypted = by_path["shop.key"], by_path["enc.key"]
    assert (plain.key_type, plain.key_size, plain.encrypted) == ("EC", 256, False)
    assert encrypted.encrypted and "AES-256-CBC" in encrypted.encryption and not encrypted.weakness
    body = issued.key_pem().decode().splitlines()[1]
    assert body[:16] not in repr(plain) + repr(encrypted)


def test_the_inventory_lists_every_certificate_and_matches_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issued = leaf()
    write(tmp_path / "tls" / "shop.pem", issued.pem, intermediate_ca().pem)
    write(tmp_path / "tls" / "shop.key", issued.key_pem())
    write(
        tmp_path / "nginx" / "nginx.conf",
        "http {\n" + NGINX_SERVER.format(
            name="shop.example.com", cert="/etc/nginx/tls/shop.pem", key="/etc/nginx/tls/shop.key"
        ) + "}\n",
    )  # fmt: skip
    code = main(["check", "--now", "2026-06-01", "--format", "json", str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    schema = json.loads((REPO / "tlslint" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert code == 1
    shop, intermediate = document["inventory"]
    assert shop["subject"] == "CN=shop.example.com" and shop["position"] == 1
    assert shop["days_left"] == 60 and shop["not_after"] == "2026-07-31T00:00:00Z"
    assert shop["served_by"] == ["server shop.example.com:443"]
    assert intermediate["ca"] is True and intermediate["position"] == 2
    assert "tls/shop.key" not in json.dumps(document["inventory"])


# -- linking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "conf_path", "reference", "cert_path"),
    [
        ("", "deploy/nginx/conf.d/shop.conf", "../tls/shop.pem", "deploy/nginx/tls/shop.pem"),
        ("", "deploy/nginx/conf.d/shop.conf", "/etc/nginx/tls/shop.pem",
         "deploy/nginx/tls/shop.pem"),
        (
            "nginx:\n  path_map:\n    /srv/certs/: secrets/tls/\n",
            "nginx/conf.d/shop.conf", "/srv/certs/live/shop.pem", "secrets/tls/live/shop.pem",
        ),
        (
            "certificates:\n  path_map:\n    /run/secrets/: vault/\n",
            "nginx/conf.d/shop.conf", "/run/secrets/shop.pem", "vault/shop.pem",
        ),
        ("nginx:\n  prefix: ops/nginx\n", "ops/nginx/sites/shop.conf", "certs/shop.pem",
         "ops/nginx/certs/shop.pem"),
    ],
)  # fmt: skip
def test_nginx_certificate_paths_resolve_to_repository_files(
    tmp_path: Path, config: str, conf_path: str, reference: str, cert_path: str
) -> None:
    if config:
        write(tmp_path / ".tlslint.yaml", config)
    write(tmp_path / cert_path, leaf().pem)
    write(tmp_path / conf_path, NGINX_SERVER.format(name="shop.example.com", cert=reference,
                                                    key="/nowhere/shop.key"))  # fmt: skip
    result = lint(tmp_path)
    (endpoint,) = [e for e in result.model.endpoints if e.tls]
    (ref,) = endpoint.certificate_refs("certificate")
    assert (ref.resolved_path, ref.key) == (cert_path, f"file:{cert_path}")
    (cert,) = result.model.objects["certificates"]
    assert cert.served_by == (endpoint.name,)


def test_variable_paths_stay_unresolved(tmp_path: Path) -> None:
    write(tmp_path / "tls" / "shop.pem", leaf().pem)
    write(tmp_path / "nginx" / "nginx.conf", "http {\n" + NGINX_SERVER.format(
        name="shop.example.com", cert="/etc/tls/$ssl_server_name.pem", key="data:$key"
    ) + "}\n")  # fmt: skip
    (endpoint,) = [e for e in lint(tmp_path).model.endpoints if e.tls]
    assert all(r.key is None for r in endpoint.certificates)


def _link(tmp_path: Path, model: Model) -> Model:
    ctx = SourceContext(tmp_path, load_profile(), NOW)
    CERTIFICATES.link(model, ctx)
    return model


def test_embedded_pem_from_other_sources_is_judged_at_its_file_and_line(tmp_path: Path) -> None:
    issued = leaf()
    stranger = Issued(issued.cert, ec_key(17))
    model = Model()
    model.objects["embedded_pem"] = [
        EmbeddedPem("k8s/secret.yaml", 7, issued.pem, "Secret shop/web-tls, key tls.crt",
                    "secret:shop/web-tls", "certificate"),
        EmbeddedPem("k8s/secret.yaml", 8, stranger.key_pem(), "Secret shop/web-tls, key tls.key",
                    "secret:shop/web-tls", "key"),
    ]  # fmt: skip
    _link(tmp_path, model)
    (cert,) = model.objects["certificates"]
    (key,) = model.objects["private_keys"]
    assert (cert.path, cert.line, cert.key, cert.origin) == (
        "k8s/secret.yaml", 7, "secret:shop/web-tls", "Secret shop/web-tls, key tls.crt",
    )  # fmt: skip
    assert (key.path, key.line, key.encrypted) == ("k8s/secret.yaml", 8, False)
    (names,) = model.objects["certificate_names"]
    assert names.key == "secret:shop/web-tls" and names.names == ("shop.example.com",)

    from tlslint.rules import BY_ID
    from tlslint.rules.base import Context

    ctx = Context(load_profile(), NOW, model)
    committed = list(BY_ID["TLS501"].check(key, ctx))
    assert [(i.location.path, i.location.line) for i in committed] == [("k8s/secret.yaml", 8)]
    assert "Secret shop/web-tls" in committed[0].remediation
    mismatch = list(BY_ID["TLS411"].check(model, ctx))
    assert [(i.location.path, i.location.line) for i in mismatch] == [("k8s/secret.yaml", 8)]


def test_issuers_are_found_across_files_and_private_cas_declared(tmp_path: Path) -> None:
    corp = make("Corp Root", ca=True, days_after=4000, key=ec_key(70))
    write(tmp_path / "pki" / "corp.pem", corp.pem)
    write(tmp_path / "pki" / "intermediate.pem", intermediate_ca().pem)
    write(tmp_path / "tls" / "db.pem", make("db.corp.example", issuer=corp).pem)
    write(tmp_path / "tls" / "shop.pem", leaf().pem)
    (tmp_path / ".tlslint.yaml").write_text("certificates:\n  private_cas: [pki/corp.pem]\n")
    by_path = {c.path: c for c in certificates(tmp_path)}
    assert by_path["tls/db.pem"].private and by_path["tls/db.pem"].issuer_is_root
    assert not by_path["tls/shop.pem"].private
    assert by_path["tls/shop.pem"].issuer_elsewhere == "pki/intermediate.pem:1"
    assert not by_path["tls/shop.pem"].issuer_is_root


# -- OCSP: TLS301/TLS302 know whether the served certificate names a responder ----------------


@pytest.mark.parametrize(("ocsp", "fires"), [("http://ocsp.example.net", True), (None, False)])
def test_stapling_rules_ask_the_served_certificate(
    tmp_path: Path, ocsp: str | None, fires: bool
) -> None:
    write(tmp_path / "tls" / "shop.pem", leaf(ocsp=ocsp).pem)
    write(tmp_path / "nginx" / "nginx.conf", "http {\n" + NGINX_SERVER.format(
        name="shop.example.com", cert="/etc/nginx/tls/shop.pem", key="/x/shop.key"
    ) + "}\n")  # fmt: skip
    found = [f.rule_id for f in lint(tmp_path, select=["TLS301"]).findings]
    assert found == (["TLS301"] if fires else [])


# -- safety ------------------------------------------------------------------------------------


def test_no_output_format_shows_any_part_of_a_private_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issued = leaf()
    bodies = [
        issued.key_pem(),
        ec_key(5).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
        ec_key(6).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        ),
    ]  # fmt: skip
    write(tmp_path / "tls" / "shop.key", bodies[0])
    write(tmp_path / "tls" / "both.pem", issued.pem, bodies[1])
    write(tmp_path / "deploy" / "id_ecdsa", bodies[2])
    damaged = bodies[0].replace(b"-----END PRIVATE KEY-----", b"")
    write(tmp_path / "tls" / "damaged.key", damaged)
    garbage = bodies[0].replace(b"M", b"*", 1)
    write(tmp_path / "tls" / "garbage.key", garbage)
    write(tmp_path / "nginx" / "nginx.conf", "http {\n" + NGINX_SERVER.format(
        name="shop.example.com api.example.com", cert="/etc/nginx/tls/both.pem",
        key="/etc/nginx/tls/shop.key",
    ) + "}\n")  # fmt: skip
    fragments: set[str] = set()
    for body in bodies:
        text = "".join(body.decode().splitlines()[1:-1])
        fragments.update(text[i : i + 16] for i in range(0, len(text) - 16, 4))
        raw = base64.b64decode(text)
        fragments.add(raw[8:24].hex())
    for fmt in ("text", "json", "sarif", "junit", "github"):
        code = main(["check", "--now", "2026-06-01", "--format", fmt, str(tmp_path)])
        out, err = capsys.readouterr()
        assert code == 1, (fmt, err)
        assert "TLS501" in out or "private-key-committed" in out, fmt
        leaked = [f for f in fragments if f in out or f in err]
        assert not leaked, f"{fmt} shows key material"


BAD_INPUT = {
    "truncated": lambda: {"tls/t.pem": leaf().pem[:300]},
    "garbage-base64": lambda: {
        "tls/g.crt": b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"
    },
    "der-not-a-certificate": lambda: {"tls/x.der": bytes(range(256))},
    "empty": lambda: {"tls/empty.pem": b""},
    "text-not-pem": lambda: {"tls/notes.crt": b"ask ops for the certificate\n"},
    "mismatched-end": lambda: {
        "tls/m.pem": b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n"
    },
    "not-pkcs7": lambda: {"tls/b.p7b": b"\x30\x03\x02\x01\x01"},
    "not-pkcs12": lambda: {"tls/s.p12": b"\x30\x03\x02\x01\x01"},
    "binary-in-pem-block": lambda: {
        "tls/bin.pem": b"-----BEGIN CERTIFICATE-----\n\xff\xfe\x00\n-----END CERTIFICATE-----\n"
    },
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_a_finding_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    for name, content in BAD_INPUT[case]().items():
        write(tmp_path / name, content)
    code = main(["check", "--now", "2026-06-01", "--format", "json", str(tmp_path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    document = json.loads(out)
    assert code == 1
    rules = {f["rule"] for f in document["findings"]}
    assert rules & {"TLS000", "TLS001"}, document["findings"]
    assert all(f["path"].startswith("tls/") for f in document["findings"])


def test_parallel_extraction_links_the_same(tmp_path: Path) -> None:
    for i in range(70):
        write(tmp_path / "tls" / f"site{i}.pem", leaf(f"site{i}.example.com").pem)
    write(tmp_path / "nginx" / "nginx.conf", "http {\n" + NGINX_SERVER.format(
        name="site3.example.com", cert="/etc/nginx/tls/site3.pem", key="/x.key"
    ) + "}\n")  # fmt: skip
    serial = lint(tmp_path)
    parallel = lint(tmp_path, jobs=2)
    assert len(parallel.model.objects["certificates"]) == 71 - 1
    assert {c.fingerprint_sha256 for c in serial.model.objects["certificates"]} == {
        c.fingerprint_sha256 for c in parallel.model.objects["certificates"]
    }
    served = [c for c in parallel.model.objects["certificates"] if c.served_by]
    assert [c.path for c in served] == ["tls/site3.pem"]


def test_a_one_file_nginx_check_does_not_import_cryptography(tmp_path: Path) -> None:
    conf = write(tmp_path / "site.conf", "server {\n    listen 443 ssl;\n}\n")
    code = (
        "import sys\nfrom tlslint.cli import main\n"
        f"main(['check', '--now', '2026-06-01', {str(conf)!r}])\n"
        "print('cryptography' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr


# -- the example repository ----------------------------------------------------------------------

EXAMPLE_CERTIFICATE_FINDINGS = {
    ("TLS401", "examples/nginx/tls/api.crt", 1),
    ("TLS405", "examples/nginx/tls/api.crt", 1),
    ("TLS406", "examples/nginx/tls/api.crt", 1),
    ("TLS407", "examples/nginx/tls/shop.crt", 1),
    # a 20-year leaf of the private internal CA: over the default private limit of 398 days
    ("TLS407", "examples/nginx/tls/admin.crt", 1),
    ("TLS408", "examples/nginx/tls/partners.crt", 1),
    ("TLS409", "examples/nginx/conf.d/legacy.conf", 10),
    ("TLS409", "examples/nginx/conf.d/shop.conf", 13),
    ("TLS410", "examples/nginx/tls/shop.crt", 1),
    ("TLS411", "examples/nginx/conf.d/api.conf", 10),
    ("TLS412", "examples/nginx/conf.d/legacy.conf", 10),
    # Served but not in the repository: a hand-made Secret nothing renews.
    ("TLS415", "examples/kubernetes/apps/admin/ingress.yaml", 15),
    ("TLS501", "examples/nginx/tls/api.key", 1),
    ("TLS501", "examples/nginx/tls/shop.key", 1),
    ("TLS502", "examples/nginx/tls/partners.key", 1),
}


@pytest.mark.parametrize("now", ["2026-06-01", "2032-01-01", "2044-12-01"])
def test_the_examples_show_the_same_certificate_problems_for_years(
    capsys: pytest.CaptureFixture[str], now: str
) -> None:
    main(
        ["check", "--now", now, "--format", "json", "--select", "TLS4,TLS5", str(REPO / "examples")]
    )
    document = json.loads(capsys.readouterr().out)
    found = {(f["rule"], f["path"], f["line"]) for f in document["findings"]}
    assert found == EXAMPLE_CERTIFICATE_FINDINGS
    admin = [c for c in document["inventory"] if c["path"].endswith("admin.crt")]
    assert admin and admin[0]["private_ca"] and admin[0]["served_by"]


def test_a_root_with_serial_zero_is_accepted_as_clients_do(tmp_path: Path) -> None:
    # Several roots in every trust store (Go Daddy, Starfield) carry serial 0.
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", "/dev/null", "-subj", "/CN=Zero Root", "-set_serial", "0",
         "-days", "30", "-out", str(tmp_path / "zero-root.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    result = lint(tmp_path)
    assert result.model.problems == []
    (cert,) = result.model.objects["certificates"]
    assert cert.serial == "0" and cert.self_signed


def test_config_paths_are_relative_to_the_config_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corp = make("Corp Root", ca=True, days_after=4000, key=ec_key(71))
    write(tmp_path / "pki" / "corp.pem", corp.pem)
    write(tmp_path / "tls" / "db.pem", make("db.corp.example", issuer=corp, days_after=300).pem)
    config = write(
        tmp_path / "ops" / "tlslint.yaml", "certificates:\n  private_cas: [../pki/corp.pem]\n"
    )
    args = ["check", "--now", "2026-06-01", "--format", "json", "--select", "TLS407"]
    main([*args, "--root", str(tmp_path), "--config", str(config), str(tmp_path)])
    assert json.loads(capsys.readouterr().out)["findings"] == []
    main([*args, "--root", str(tmp_path), str(tmp_path)])
    assert [f["path"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["tls/db.pem"]


def test_a_pkcs12_store_with_an_empty_password_is_opened(tmp_path: Path) -> None:
    issued = leaf()
    work = tmp_path.parent / "p12work"
    write(work / "leaf.pem", issued.pem)
    write(work / "leaf.key", issued.key_pem())
    write(tmp_path / "tls" / ".keep", b"")
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-in", str(work / "leaf.pem"), "-inkey",
         str(work / "leaf.key"), "-passout", "pass:", "-out", str(tmp_path / "tls" / "shop.pfx")],
        check=True, capture_output=True,
    )  # fmt: skip
    result = lint(tmp_path)
    (cert,) = result.model.objects["certificates"]
    (key,) = result.model.objects["private_keys"]
    assert cert.container == "PKCS#12" and cert.subject == "CN=shop.example.com"
    assert key.pem_type == "PKCS#12" and not key.encrypted  # an empty password protects nothing
    assert [f.rule_id for f in result.findings if f.rule_id == "TLS501"] == ["TLS501"]


def test_a_comment_above_a_pem_block_suppresses_its_finding(tmp_path: Path) -> None:
    # PEM allows text between blocks, so suppressions work as in any other file.
    write(
        tmp_path / "dev" / "localhost.key",
        b"# tlslint: ignore[TLS501] throwaway key for the local dev stack\n",
        leaf().key_pem(),
    )
    result = lint(tmp_path)
    assert result.findings == []
    assert [(s.finding.rule_id, s.reason) for s in result.suppressed] == [
        ("TLS501", "throwaway key for the local dev stack")
    ]


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("deploy/tls/shop.key", True),
        ("certs/fullchain.pem", True),
        ("letsencrypt/live/shop/privkey", True),
        ("secrets/store.p12", True),
        ("nginx/conf.d/shop.conf", True),
        ("src/keyboard.py", False),
        ("docs/certificates.md", False),
    ],
)
def test_the_pre_commit_hook_passes_certificate_and_key_files(path: str, matched: bool) -> None:
    import re

    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "tlslint"]
    assert bool(re.search(hook["files"], path)) is matched


def test_a_certificate_cryptography_refuses_is_judged_from_its_der(tmp_path: Path) -> None:
    """An empty RDN: OpenSSL (so nginx) reads the certificate, cryptography refuses it. Its
    dates, key, signature and names are plain DER fields: judged, with a TLS001 note, and no
    TLS000 for a file the consumer accepts."""
    import base64
    import subprocess

    from cryptography import x509

    from tests.certfactory import with_empty_rdn

    issued = make("odd.example.com", days_before=120, days_after=-5, key=ec_key(91))
    der = with_empty_rdn(issued)
    with pytest.raises(ValueError):
        _ = x509.load_der_x509_certificate(der).subject
    write(tmp_path / "tls" / "odd.der", der)
    pem = (
        b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"
    )
    write(tmp_path / "tls" / "odd.pem", pem)
    accepted = subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-in", str(tmp_path / "tls" / "odd.der"), "-noout"],
        capture_output=True,
    )
    assert accepted.returncode == 0
    result = lint(tmp_path)
    rules = {(f.rule_id, f.path) for f in result.findings}
    assert not [f for f in result.findings if f.rule_id == "TLS000"]
    for path in ("tls/odd.der", "tls/odd.pem"):
        assert ("TLS401", path) in rules and ("TLS001", path) in rules
    cert = next(c for c in result.model.objects["certificates"] if c.path == "tls/odd.der")
    assert cert.common_name == "odd.example.com" and cert.dns_names == ("odd.example.com",)
    assert (cert.key_type, cert.curve) == ("EC", "secp256r1")
    assert cert.signature_algorithm == "ecdsa-with-SHA256" and cert.signature_hash == "sha256"
    assert cert.partial and "relative distinguished name" in cert.partial


def test_valid_material_in_other_shapes_is_read_not_reported_as_broken(tmp_path: Path) -> None:
    """Bare base64 of a DER certificate (no armour), an Ed25519 key under its tool's own PEM
    label, and a certificate escaped inside a documentation string are material, not TLS000;
    prose that only mentions a PEM marker is not material at all."""
    import base64
    import json

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    issued = make("doc.example.com", days_before=10, days_after=80, key=ec_key(92))
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    write(tmp_path / "win" / "doc.cer", base64.encodebytes(der))
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    label = b"ED25519 PRIVATE KEY"
    body = base64.encodebytes(pkcs8)
    write(
        tmp_path / "keys" / "signer.key",
        b"-----BEGIN " + label + b"-----\n" + body + b"-----END " + label + b"-----\n",
    )
    escaped = json.dumps({"certificate": issued.pem.decode()})
    write(tmp_path / "docs" / "SETUP.txt", "Paste this into settings.json:\n\n" + escaped + "\n")
    write(tmp_path / "docs" / "howto.txt", "Copy the -----BEGIN CERTIFICATE----- block here.\n")
    write(tmp_path / "tls" / "broken.pem", "this is not a certificate\n")
    result = lint(tmp_path)
    broken = {(f.rule_id, f.path) for f in result.findings if f.rule_id == "TLS000"}
    assert broken == {("TLS000", "tls/broken.pem")}  # named as material, holds none
    read = {(c.path, c.line, c.common_name) for c in result.model.objects["certificates"]}
    assert read == {("win/doc.cer", 1, "doc.example.com"), ("docs/SETUP.txt", 3, "doc.example.com")}
    (signer,) = result.model.objects["private_keys"]
    assert (signer.path, signer.key_type) == ("keys/signer.key", "Ed25519")
    assert ("TLS501", "keys/signer.key") in {(f.rule_id, f.path) for f in result.findings}


def test_the_der_reader_agrees_with_cryptography_where_both_read(tmp_path: Path) -> None:
    """The fallback reader is only as good as its agreement on certificates both can read."""
    from cryptography import x509

    from tests.certfactory import openssl_sha1_leaf, root_ca, rsa_key
    from tlslint.sources.certificates import der as raw_der
    from tlslint.sources.certificates.parse import Parsed, Where, describe, describe_raw

    sha1 = x509.load_pem_x509_certificate(openssl_sha1_leaf(tmp_path))
    made = [
        leaf().cert,
        leaf("10.0.0.7", key=rsa_key(2048)).cert,
        intermediate_ca().cert,
        root_ca().cert,
        make("ocsp.example.com", ocsp="http://ocsp.example.com/").cert,
        sha1,
    ]
    where = Where("x.pem", "file:x.pem")
    fields = (
        "subject", "common_name", "issuer", "serial", "not_before", "not_after", "key_type",
        "key_size", "curve", "signature_algorithm", "signature_hash", "is_ca", "self_signed",
        "dns_names", "ip_addresses", "uris", "emails", "has_san", "ocsp_urls",
        "ca_issuer_urls", "fingerprint_sha256", "public_key_sha256", "server_auth",
    )  # fmt: skip
    for cert in made:
        fields_read = raw_der.read(cert.public_bytes(serialization.Encoding.DER))
        assert fields_read is not None
        ours = describe_raw(fields_read, where, 1, 0, 1, "PEM", Parsed(), "test")
        theirs = describe(cert, where, 1, 0, 1, "PEM")
        for name in fields:
            assert getattr(ours, name) == getattr(theirs, name), (cert.subject, name)


# -- how a certificate is described ------------------------------------------------------------


def test_a_copy_with_changed_fields_is_what_dataclasses_replace_makes() -> None:
    original = describe(leaf().cert, Where("a.pem", "file:a.pem"), 3, 0, 1, "PEM")
    changes: dict[str, Any] = {
        "path": "b.pem",
        "line": 9,
        "issuer_positions": (1,),
        "served_by": ("web",),
    }
    copied = copy_with(original, **changes)
    expected = dataclasses.replace(original, **changes)
    for f in dataclasses.fields(Certificate):
        assert getattr(copied, f.name) == getattr(expected, f.name), f.name
    assert copied.__dict__ == expected.__dict__
    assert original.path == "a.pem"  # the original is left as it was


def test_a_self_issued_name_with_a_multi_valued_rdn_keeps_each_names_own_text() -> None:
    """A multi-valued RDN (whose attributes equal names may list in another order): subject
    and issuer are each written as the certificate spells them, and the self-signature is
    verified all the same."""
    key = ec_key(77)
    cn = x509.NameAttribute(NameOID.COMMON_NAME, "Multi Root")
    org = x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.RelativeDistinguishedName([cn, org])]))
        .issuer_name(x509.Name([x509.RelativeDistinguishedName([org, cn])]))
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    described = describe(cert, Where("m.pem", "file:m.pem"), 1, 0, 1, "PEM")
    assert described.self_signed
    assert described.subject == cert.subject.rfc4514_string()
    assert described.issuer == cert.issuer.rfc4514_string()
    assert "+" in described.issuer

    plain = describe(root_ca().cert, Where("r.pem", "file:r.pem"), 1, 0, 1, "PEM")
    assert plain.self_signed and plain.issuer == plain.subject == "CN=Test Root CA"
