"""`tlslint fix`: minimal, idempotent, safe edits that leave only what needs a person."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import NOT_APPLICABLE, REPO
from tlslint.cli import main
from tlslint.model import TextEdit
from tlslint.pipeline.fix import apply_edits
from tlslint.rules import RULES
from tlslint.rules.base import FixSafety

WEAK = """\
server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_protocols TLSv1 TLSv1.2;   # keep this comment
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=600";

    location /static/ {
        add_header Cache-Control public;
    }
}

server {
    listen 80;
    server_name shop.example.com;
    root /srv/shop;
}
"""


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def rules_left(capsys: pytest.CaptureFixture[str], root: Path) -> set[str]:
    import json

    main(["check", "--format", "json", "--now", "2026-06-01", str(root)])
    return {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}


def test_apply_edits_replaces_inserts_and_skips_overlaps() -> None:
    text = "a b c\nd e f\n"
    edits = [
        TextEdit("x", 1, 3, 1, 4, "B"),
        TextEdit("x", 1, 3, 1, 6, "overlaps"),
        TextEdit("x", 2, 1, 2, 1, "new "),
        TextEdit("x", 2, 1, 2, 1, "new "),  # identical: applied once
    ]
    fixed, skipped = apply_edits(text, edits)
    assert fixed == "a B c\nnew d e f\n"
    assert [e.new_text for e in skipped] == ["overlaps"]


def test_fix_rewrites_the_directives_and_keeps_everything_else(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site.conf"
    site.write_text(WEAK)
    code, out, _ = run_cli(capsys, "fix", "--unsafe-fixes", str(tmp_path))
    fixed = site.read_text()
    assert "fixed site.conf" in out
    assert "ssl_protocols TLSv1.2 TLSv1.3;   # keep this comment" in fixed
    assert "ssl_prefer_server_ciphers off;" in fixed
    assert 'add_header Strict-Transport-Security "max-age=63072000" always;' in fixed
    # the nested location gets the header too, right after its own add_header
    assert (
        "        add_header Cache-Control public;\n"
        '        add_header Strict-Transport-Security "max-age=63072000" always;\n'
    ) in fixed
    # the plain twin redirects
    assert "    server_name shop.example.com;\n    return 308 https://$host$request_uri;\n" in fixed
    # what is left needs a person: OCSP stapling needs a resolver and the issuer's chain; it is
    # an advisory, under the default gate
    assert rules_left(capsys, tmp_path) == {"TLS301"}
    assert code == 0


def test_unsafe_fixes_wait_for_the_option_and_the_summary_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # A server-level `return` answers before every location (an ACME challenge location in
    # that server would stop working): the redirect is an unsafe fix, written only when asked.
    site = tmp_path / "site.conf"
    site.write_text(WEAK)
    _, out, _ = run_cli(capsys, "fix", str(tmp_path))
    fixed = site.read_text()
    assert "return 308" not in fixed
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in fixed  # the safe fixes were written
    assert "1 more fix with --unsafe-fixes" in out
    assert "TLS205" in rules_left(capsys, tmp_path)


def test_fixing_twice_changes_nothing_the_second_time(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "site.conf").write_text(WEAK)
    run_cli(capsys, "fix", str(tmp_path))
    once = (tmp_path / "site.conf").read_bytes()
    _, out, _ = run_cli(capsys, "fix", str(tmp_path))
    assert (tmp_path / "site.conf").read_bytes() == once
    assert out.startswith("0 files were fixed")


def test_diff_prints_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "site.conf").write_text(WEAK)
    _, out, err = run_cli(capsys, "fix", "--diff", str(tmp_path))
    assert (tmp_path / "site.conf").read_text() == WEAK
    assert out.startswith("--- a/site.conf\n+++ b/site.conf\n")
    assert "-    ssl_protocols TLSv1 TLSv1.2;   # keep this comment" in out
    assert "+    ssl_protocols TLSv1.2 TLSv1.3;   # keep this comment" in out
    assert "1 file would be fixed" in err


def test_crlf_bom_and_mode_are_kept(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "site.conf"
    site.write_bytes(b"\xef\xbb\xbf" + WEAK.replace("\n", "\r\n").encode())
    os.chmod(site, 0o640)
    run_cli(capsys, "fix", str(tmp_path))
    data = site.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"ssl_protocols TLSv1.2 TLSv1.3;" in data
    assert stat.S_IMODE(site.stat().st_mode) == 0o640


def test_a_file_that_does_not_parse_is_left_alone_and_says_why(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1;\n"
    (tmp_path / "site.conf").write_text(broken)
    _, _, err = run_cli(capsys, "fix", str(tmp_path))
    assert (tmp_path / "site.conf").read_text() == broken
    assert "site.conf: not fixed" in err


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("chattr"), reason="needs chattr as root")
def test_a_failed_write_leaves_the_original_intact(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    directory = tmp_path / "ro"
    directory.mkdir()
    site = directory / "site.conf"
    site.write_text(WEAK)
    if os.geteuid() == 0:  # root ignores permission bits: make the directory immutable
        locked = subprocess.run(["chattr", "+i", str(directory)], capture_output=True)
        if locked.returncode != 0:
            pytest.skip(
                f"{NOT_APPLICABLE} chattr +i is not supported: {locked.stderr.decode().strip()}"
            )
    else:
        directory.chmod(0o555)
    try:
        _, _, err = run_cli(capsys, "fix", str(directory))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(directory)], check=False)
        else:
            directory.chmod(0o755)
    assert site.read_text() == WEAK
    assert "cannot write" in err
    assert not [p for p in directory.iterdir() if p.name != "site.conf"]


def test_examples_after_fix_keep_only_findings_without_an_automatic_fix(
    tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "examples"
    shutil.copytree(REPO / "examples", copy, symlinks=True)
    run_cli(capsys, "fix", "--unsafe-fixes", str(copy))
    main(["check", "--format", "json", "--now", "2026-06-01", str(copy)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    # nothing left carries a fix that was not applied, but for display-only ones
    never_written = {r.id for r in RULES if r.fix is FixSafety.DISPLAY_ONLY}
    assert findings
    assert not [f for f in findings if f.get("fix") and f["rule"] not in never_written]
    manual = {"TLS301", "TLS302", "TLS703"}  # resolver, CA paths: a person must choose
    # Terraform values from variables and module inputs, resources to add (a redirect action,
    # a GCP SSL policy), plans: named one by one in test_fix_terraform.py.
    terraform = {"TLS101", "TLS102", "TLS111", "TLS112", "TLS113", "TLS205"}
    terraform |= {"TLS801", "TLS802"}
    # Kubernetes (see test_fix_kubernetes.py): a tls entry, a Secret's issuer, an issuer's
    # name or ACME server, mesh mTLS modes are decisions for a person
    kubernetes = {"TLS102", "TLS601", "TLS602", "TLS607", "TLS608", "TLS702"}
    for f in findings:
        allowed = set(manual)
        if f["path"].startswith("terraform/"):
            allowed |= terraform
        if f["path"].startswith("kubernetes/"):
            allowed |= kubernetes
        # certificates to renew and keys to rotate have no automatic fix either
        assert f["rule"] in allowed or f["rule"].startswith(("TLS4", "TLS5")), f


def _certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("shop.example.com")]), False)
        .sign(key, hashes.SHA256())
    )
    crt, pem = directory / "shop.crt", directory / "shop.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, pem


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_fixed_configuration_is_accepted_by_real_nginx(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    crt, key = _certificate(tmp_path)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        "pid nginx.pid;\nerror_log error.log;\nevents {}\nhttp {\n"
        "    access_log off;\n"
        + "\n".join(
            "    " + line
            for line in WEAK.replace(
                "listen 443 ssl;",
                "listen 127.0.0.1:8443 ssl;\n"
                f"    ssl_certificate {crt};\n    ssl_certificate_key {key};",
            )
            .replace("listen 80;", "listen 127.0.0.1:8080;")
            .splitlines()
        )
        + "\n}\n"
    )
    run_cli(capsys, "fix", str(tmp_path))
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in conf.read_text()
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr
