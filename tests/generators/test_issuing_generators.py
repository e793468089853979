"""`tlslint generate vault-pki` and `tlslint generate cfssl`: what they write passes tlslint,
loads in Terraform's HCL grammar, and (for CFSSL) is accepted and enforced by the real cfssl."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.cli import main
from tlslint.generators import cfssl, vault_pki
from tlslint.generators.common import GeneratorError
from tlslint.model.issuing import IssuingPolicy, PolicyKey
from tlslint.sources.terraform.fixes import check_syntax

PROFILES = ("modern", "intermediate", "old")


def _policies(root: Path) -> tuple[list[str], dict[str, IssuingPolicy]]:
    result = lint(root)
    found = {p.name: p for p in result.model.objects.get("issuing_policies", ())}
    return [f"{f.rule_id} {f.path}:{f.line} {f.message}" for f in result.findings], found


# --- vault-pki ---------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("with_ca", [True, False])
def test_vault_pki_lints_clean_and_parses(tmp_path: Path, profile: str, with_ca: bool) -> None:
    text = vault_pki.generate(
        vault_pki.Options(profile=profile, domains=("svc.example.internal",), ca=with_ca)
    )
    assert check_syntax(text, "pki.tf") is None
    (tmp_path / "pki.tf").write_text(text)
    findings, found = _policies(tmp_path)
    assert findings == []
    role = found["vault_pki_secret_backend_role.server"]
    assert role.key is not None
    expected = PolicyKey("RSA", 2048) if profile == "old" else PolicyKey("EC", 256, "secp256r1")
    assert role.key.value == expected
    assert role.max_lifetime is not None and role.max_lifetime.value == 72 * 3600
    assert role.allowed_names is not None
    assert role.allowed_names.value == ("svc.example.internal",)
    cas = [p for p in found.values() if p.issues_ca]
    assert len(cas) == (3 if with_ca else 0)
    for ca in cas:
        assert ca.key is None or ca.key.value == PolicyKey("EC", 384, "secp384r1")


@pytest.mark.skipif(shutil.which("terraform") is None, reason="NOT_APPLICABLE: no terraform")
def test_vault_pki_is_formatted_as_terraform_fmt_writes_it(tmp_path: Path) -> None:
    text = vault_pki.generate(vault_pki.Options(domains=("svc.example.internal",)))
    (tmp_path / "pki.tf").write_text(text)
    done = subprocess.run(
        ["terraform", "fmt", "-check", "-diff", "pki.tf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (vault_pki.Options(), "--domain is required"),
        (vault_pki.Options(domains=("*.example.com",)), "not a valid DNS name"),
        (vault_pki.Options(domains=("a.example",), max_ttl="9600h"), "exceeds"),
        (vault_pki.Options(domains=("a.example",), ttl="96h"), "longer than --max-ttl"),
        (vault_pki.Options(domains=("a.example",), ttl="1y"), "not a duration"),
        (vault_pki.Options(domains=("a.example",), mount="pki int"), "--mount"),
        (vault_pki.Options(domains=("a.example",), mount="pki", root_mount="pki"), "differ"),
    ],
)
def test_vault_pki_option_errors(options: vault_pki.Options, message: str) -> None:
    with pytest.raises(GeneratorError, match=message):
        vault_pki.generate(options)


def test_vault_pki_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", "vault-pki", "-d", "svc.example.internal", "--client", "--no-ca"])
    out = capsys.readouterr().out
    assert code == 0
    assert "client_flag                 = true" in out
    assert "vault_mount" not in out


# --- cfssl -------------------------------------------------------------------------------------


def _write(bundle: object, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for file in bundle.files:  # type: ignore[attr-defined]
        (directory / file.name).write_text(file.content)


@pytest.mark.parametrize("profile", PROFILES)
def test_cfssl_lints_clean(tmp_path: Path, profile: str) -> None:
    bundle = cfssl.generate(cfssl.Options(profile=profile, domains=("svc.example.internal",)))
    _write(bundle, tmp_path)
    findings, found = _policies(tmp_path)
    assert findings == []
    server = found["server (ca-config.json)"]
    assert server.max_lifetime is not None and server.max_lifetime.value == 720 * 3600
    client = found["client (ca-config.json)"]
    assert client.max_lifetime is not None and client.max_lifetime.value == 168 * 3600
    assert not client.server_auth
    assert "PRIVATE" not in bundle.summary


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("svc.example.internal", True),
        ("web.svc.example.internal", True),
        ("a.b-c.svc.example.internal", True),
        ("svc.example.internal.evil.test", False),
        ("evilsvc.example.internal", False),
        ("example.internal", False),
    ],
)
def test_cfssl_whitelist_is_anchored(name: str, allowed: bool) -> None:
    import re

    pattern = cfssl.whitelist(("svc.example.internal",))
    assert bool(re.search(pattern, name)) is allowed


def _cfssl() -> str:
    found = shutil.which("cfssl")
    if found is None:
        pytest.skip("cfssl is not installed (CI installs it: apt-get install golang-cfssl)")
    return found


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> dict[str, str]:
    done = subprocess.run(
        args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    try:
        out: dict[str, str] = json.loads(done.stdout)
    except json.JSONDecodeError:
        out = {"error": done.stdout + done.stderr}
    return out


def test_the_real_cfssl_signs_in_domain_names_briefly_and_refuses_others(tmp_path: Path) -> None:
    from cryptography import x509

    binary = _cfssl()
    _write(cfssl.generate(cfssl.Options(domains=("svc.example.internal",))), tmp_path)
    ca = _run([binary, "gencert", "-initca", "ca-csr.json"], tmp_path)
    assert "cert" in ca, ca
    (tmp_path / "ca.pem").write_text(ca["cert"])
    (tmp_path / "ca-key.pem").write_text(ca["key"])
    sign = [binary, "gencert", "-ca", "ca.pem", "-ca-key", "ca-key.pem", "-config"]
    server = _run([*sign, "ca-config.json", "-profile", "server", "server-csr.json"], tmp_path)
    assert "cert" in server, server
    cert = x509.load_pem_x509_certificate(server["cert"].encode())
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime <= dt.timedelta(hours=720)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["svc.example.internal"]
    (tmp_path / "evil.json").write_text(
        json.dumps({"CN": "svc.example.internal.evil.test", "hosts": ["evil.test"]})
    )
    refused = _run([*sign, "ca-config.json", "-profile", "server", "evil.json"], tmp_path)
    assert "cert" not in refused
    assert "whitelist" in json.dumps(refused)


def test_cfssl_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pki"
    code = main(["generate", "cfssl", "-d", "svc.example.internal", "-o", str(out)])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "ca-config.json",
        "ca-csr.json",
        "server-csr.json",
    ]
    assert f"cd {out}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (cfssl.Options(), "--domain is required"),
        (cfssl.Options(domains=("a.example",), server_expiry="9600h"), "exceeds"),
        (cfssl.Options(domains=("a.example",), client_expiry="30d"), "in hours"),
        (cfssl.Options(domains=("a.example",), ca_name='x"y'), "--ca-name"),
    ],
)
def test_cfssl_option_errors(options: cfssl.Options, message: str) -> None:
    with pytest.raises(GeneratorError, match=message):
        cfssl.generate(options)
