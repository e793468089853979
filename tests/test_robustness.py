"""Hostile input through the real command line: a clear error or a finding, never a traceback,
nothing read outside the scanned root, no key material in any output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.certfactory import leaf
from tlslint.cli import main

FORMATS = ("text", "json", "sarif", "junit", "github")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the scanned root -------------------------------------------------------------------


def test_a_path_outside_an_explicit_root_is_a_usage_error_and_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nginx.conf").write_text("server { listen 443 ssl; ssl_protocols TLSv1; }\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    code, out, err = run_cli(capsys, "check", "--root", str(inner), str(tmp_path))
    assert code == 2
    assert out == ""
    assert "outside the scan root" in err and "Traceback" not in err


def test_a_missing_explicit_root_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "check", "--root", str(tmp_path / "nope"), str(tmp_path))
    assert code == 2
    assert "no such directory" in err


def test_discovery_itself_never_walks_a_path_outside_the_root(tmp_path: Path) -> None:
    from tlslint.pipeline.discover import discover

    (tmp_path / "nginx.conf").write_text("server { listen 443 ssl; }\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    found = discover([tmp_path], inner)
    assert found.files == []
    assert [p.kind for p in found.problems] == ["file-skipped"]
    assert "outside the scanned root" in found.problems[0].message


# --- key material -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_private_key_echoed_in_a_finding_message_is_redacted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    key = leaf().key_pem().decode()
    body = "".join(key.splitlines()[1:-1])
    (tmp_path / "main.tf").write_text(
        f"locals {{\n  k = <<EOT\n{key}EOT\n}}\n"
        'resource "aws_lb_listener" "a" {\n  protocol = "HTTPS"\n  ssl_policy = local.k\n}\n'
        'resource "aws_lb_listener" "b" {\n  protocol = "HTTPS"\n'
        f'  ssl_policy = "{body[:120]}"\n}}\n'
    )
    (tmp_path / "nginx.conf").write_text(
        f"server {{ listen 443 ssl; ssl_ciphers '{body[:200]}'; }}\n"
    )
    code, out, err = run_cli(capsys, "check", "--format", fmt, str(tmp_path))
    assert code == 1
    assert "[redacted]" in out
    for line in key.splitlines()[1:-1]:
        assert line[:24] not in out and line[:24] not in err


# --- symbolic links given on the command line -------------------------------------------

WEAK_SERVER = "http {\n  server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n  }\n}\n"


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "real.conf").write_text(WEAK_SERVER)
    (tmp_path / "link.conf").symlink_to("real.conf")
    _, out, _ = run_cli(capsys, "fix", str(tmp_path / "link.conf"))
    assert "fixed" in out
    assert (tmp_path / "link.conf").is_symlink()
    assert "TLSv1.2 TLSv1.3" in (tmp_path / "real.conf").read_text()


@pytest.mark.parametrize("command", [("check",), ("fix", "--diff"), ("fix",)])
def test_a_symlink_argument_to_outside_the_repository_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "outside.conf").write_text(WEAK_SERVER)
    (repo / "link.conf").symlink_to("../outside.conf")
    _, out, err = run_cli(capsys, *command, str(repo / "link.conf"))
    assert "Traceback" not in err
    assert "TLS001" in out or "TLS001" in err
    # the outside file was neither judged nor diffed
    assert "TLS101" not in out and "+++" not in out
    assert (tmp_path / "outside.conf").read_text() == WEAK_SERVER


# --- dates at the edges ----------------------------------------------------------------


def test_html_report_draws_a_certificate_that_never_expires(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    from tests.certfactory import ec_key

    key = ec_key(5)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forever.example")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2020, 1, 1))
        .not_valid_after(dt.datetime(9999, 12, 31, 23, 59, 59))  # RFC 5280: no expiry
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "forever.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    code, out, err = run_cli(capsys, "report", "--format", "html", str(tmp_path))
    assert code == 0, err
    assert "not after 9999-12-31" in out


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("now", ["9999-12-31", "0001-01-01"])
def test_now_out_of_the_computable_range_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, now: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--now", now, str(tmp_path)])
    assert exit_.value.code == 2
    assert "is not between the years" in capsys.readouterr().err


def test_generate_certs_works_at_both_edges_of_the_now_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for now in ("1951-01-01", "9000-12-31"):
        out = tmp_path / now
        code, _, err = run_cli(
            capsys, "generate", "certs", "-o", str(out), "-n", "a.example", "--now", now
        )
        assert code == 0, err


@pytest.mark.parametrize("client", ["x@@y.example", "é@y.example"])
def test_generate_certs_rejects_a_malformed_client_address_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], client: str
) -> None:
    code, _, err = run_cli(capsys, "generate", "certs", "-o", str(tmp_path), "--client", client)
    assert code == 2
    assert err.startswith("tlslint: error: client") and "Traceback" not in err


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_writing_to_a_directory_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    (tmp_path / "nginx.conf").write_text(WEAK_SERVER)
    code, _, err = run_cli(capsys, "check", option, str(tmp_path), str(tmp_path))
    # The contract is tlslint's: exit 2 and one line naming the path (the reason after it is
    # the operating system's words, which differ between systems).
    assert code == 2
    assert err.startswith(f"tlslint: error: cannot write {tmp_path}") and err.count("\n") == 1
    # and the temporary file beside it is gone
    assert not list(tmp_path.parent.glob(f".{tmp_path.name}.*.tmp"))


# --- hostile configuration ---------------------------------------------------------------


@pytest.mark.parametrize(
    "config", ["a: &a [*a]\n", "x: " + "[" * 5000 + "]" * 5000 + "\n"], ids=["alias", "deep"]
)
def test_a_self_referencing_or_absurdly_nested_config_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    (tmp_path / ".tlslint.yaml").write_text(config)
    code, out, err = run_cli(capsys, "check", str(tmp_path))
    # Which layer refuses the document (libyaml's own depth limit or tlslint's check after
    # loading) depends on the installed PyYAML: the contract is one line that names the file.
    assert code == 2 and out == ""
    assert err.startswith("tlslint: error:") and err.count("\n") == 1
    assert str(tmp_path / ".tlslint.yaml") in err and "Traceback" not in err


def test_an_absurdly_nested_pyproject_table_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tlslint]\nx = " + "[" * 5000 + "]" * 5000 + "\n"
    )
    code, out, err = run_cli(capsys, "check", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith("tlslint: error:") and err.count("\n") == 1
    assert str(tmp_path / "pyproject.toml") in err and "Traceback" not in err
