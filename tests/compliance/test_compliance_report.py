"""`tlslint report`: the compliance report for auditors, in HTML, Markdown and JSON."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from tests.helpers import NOW, REPO, lint
from tlslint.cli import main
from tlslint.compliance.report import (
    Cell,
    EvidenceReader,
    build,
    certificate_rows,
    redact,
    render,
)
from tlslint.model import Certificate, Endpoint, Finding, Location, Severity
from tlslint.sources.certificates.parse import Where, parse_blob

SCHEMA = json.loads((REPO / "tlslint/schemas/compliance.schema.json").read_text())
BAD_SERVER = (
    "http {\n    ssl_protocols TLSv1 TLSv1.2;\n    server {\n        listen 443 ssl;\n"
    "        server_name shop.example.com;\n        ssl_certificate tls/shop.crt;\n    }\n}\n"
)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", "--now", "2026-06-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


def json_report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = report(capsys, "--format", "json", *args)
    assert code == 0, err
    data = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        data
    )
    return data  # type: ignore[no-any-return]


def make_certificate(
    name: str, not_after: dt.datetime, key: str = "ec"
) -> tuple[x509.Certificate, bytes]:
    private = (
        ec.generate_private_key(ec.SECP256R1())
        if key == "ec"
        else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - dt.timedelta(days=90))
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(private, hashes.SHA256())
    )
    key_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert, key_pem


def certificate_object(
    cert: x509.Certificate, path: str, line: int = 1, served_by: tuple[str, ...] = ()
) -> Certificate:
    """The model's Certificate for ``cert`` as the certificates source reads it from a file
    at ``path``, with the endpoints the link step found serving it."""
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (parsed,) = parse_blob(b"\n" * (line - 1) + pem, Where(path, f"file:{path}")).certificates
    return dataclasses.replace(parsed, served_by=served_by)


# --- the whole report from real files ---------------------------------------------------


def test_examples_report_maps_findings_to_failed_controls(capsys) -> None:  # type: ignore[no-untyped-def]
    data = json_report(capsys, str(REPO / "examples"))
    assert data["summary"]["findings"] == len(data["findings"]) > 0
    assert data["profile"] == "intermediate" and data["tool"]["name"] == "tlslint"
    # --now fixes the date validity is judged against and leaves the wall clock out.
    assert data["as_of"] == "2026-06-01T00:00:00+00:00" and data["scanned_at"] is None
    pci = next(r for r in data["requirements"] if r["standard"] == "pci-dss" and r["id"] == "4.2.1")
    assert pci["status"] == "fail" and "TLS101" in pci["rules"] and pci["findings"] > 0
    assert {s["id"]: s["status"] for s in data["standards"]}["pci-dss"] == "fail"
    assert [u["rule"] for u in data["unmapped_rules"]] == ["TLS000", "TLS001", "TLS002"]
    assert "gap in the evidence" in data["unmapped_rules"][0]["reason"]
    deprecated = next(f for f in data["findings"] if f["rule"] == "TLS101")
    assert "PCI DSS v4.0 4.2.1" in deprecated["requirements"]
    # Evidence is the offending text itself, quoted from the file.
    source = (REPO / deprecated["path"]).read_text().splitlines()[deprecated["line"] - 1]
    assert deprecated["evidence"] == source.strip()


def test_endpoint_table_shows_each_setting_with_its_origin(capsys) -> None:  # type: ignore[no-untyped-def]
    data = json_report(capsys, str(REPO / "examples"))
    shop = next(e for e in data["endpoints"] if e["name"] == "server shop.example.com:443")
    protocols = shop["settings"]["protocols"]
    assert protocols["value"] == "TLSv1 TLSv1.1 TLSv1.2"
    assert protocols["origin"] == "inherited" and "http{}" in protocols["note"]
    assert shop["settings"]["stapling"]["origin"] in {"default", "written", "inherited"}
    api = next(e for e in data["endpoints"] if e["name"] == "server api.example.com:443")
    assert api["settings"]["protocols"]["origin"] == "written"
    assert api["settings"]["tickets"] == {
        "value": "on",
        "origin": "default",
        "note": "nginx default: on",
        "location": api["location"],
    }
    plain = next(e for e in data["endpoints"] if not e["tls"])
    assert set(plain["settings"]) == {"redirect"}


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Cell("on", "written", "set here", "a.conf:6:5"), "written at a.conf:6:5"),
        (
            Cell("TLSv1", "inherited", "inherited from http{} at n.conf:13", "n.conf:13:5"),
            "inherited from http{} at n.conf:13",
        ),
        (Cell("off", "default", "nginx default: off", "a.conf:2:1"), "nginx default: off"),
        (
            Cell("x", "managed", "ELBSecurityPolicy-2016-08", "lb.tf:3"),
            "managed: ELBSecurityPolicy-2016-08 at lb.tf:3",
        ),
        (
            Cell("none", "written", "replaced at n.conf:18", "s.conf:8:1"),
            "written: replaced at n.conf:18 (s.conf:8:1)",
        ),
    ],
)
def test_each_setting_says_its_origin_once(cell: Cell, text: str) -> None:
    assert cell.origin_text == text


def test_standard_option_limits_the_controls(capsys) -> None:  # type: ignore[no-untyped-def]
    data = json_report(capsys, "--standard", "hipaa", str(REPO / "examples"))
    assert {r["standard"] for r in data["requirements"]} == {"hipaa"}
    assert [s["id"] for s in data["standards"]] == ["hipaa"]
    finding = next(f for f in data["findings"] if f["rule"] == "TLS101")
    assert all(r.startswith("HIPAA") for r in finding["requirements"])


def test_unknown_standard_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = report(capsys, "--standard", "gdpr", str(REPO / "examples"))
    assert code == 2 and out == ""
    assert "unknown standard 'gdpr'" in err and "pci-dss" in err


def test_output_in_a_missing_directory_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"site.conf": BAD_SERVER})
    target = tmp_path / "no" / "such" / "report.html"
    code, _, err = report(capsys, "-o", str(target), str(tmp_path))
    assert code == 2 and "no such directory" in err and not target.exists()


def test_negative_max_findings_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = report(capsys, "-f", "markdown", "--max-findings", "-1", str(REPO / "examples"))
    assert code == 2 and "--max-findings must be 0 or more" in err


def test_empty_repository_says_no_tls_configuration_found(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"README.md": "nothing here\n"})
    data = json_report(capsys, str(tmp_path))
    assert data["summary"]["status"] == "no TLS configuration found"
    assert {r["status"] for r in data["requirements"]} == {"not assessed"}
    target = tmp_path / "report.html"
    code, _, err = report(capsys, "-o", str(target), str(tmp_path))
    assert code == 0 and "no TLS configuration found" in err
    assert "No TLS configuration found" in target.read_text()
    code, out, _ = report(capsys, "-f", "markdown", str(tmp_path))
    assert code == 0 and "**No TLS configuration found**" in out


def test_fail_on_makes_the_report_a_gate(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"site.conf": BAD_SERVER})
    out_file = str(tmp_path / "r.md")
    assert report(capsys, "-f", "markdown", "-o", out_file, str(tmp_path))[0] == 0
    gate = ("-f", "markdown", "-o", out_file, "--fail-on")
    assert report(capsys, *gate, "high", str(tmp_path))[0] == 1
    assert report(capsys, *gate, "critical", str(tmp_path))[0] == 0


def test_a_missing_baseline_in_the_config_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"site.conf": BAD_SERVER, ".tlslint.yaml": "baseline: gone.json\n"})
    code, _, err = report(capsys, "-f", "json", str(tmp_path))
    assert code == 2 and "gone.json does not exist" in err


def test_baselined_and_suppressed_findings_are_not_counted_but_said(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write(
        tmp_path,
        {
            "site.conf": BAD_SERVER.replace(
                "    ssl_protocols TLSv1 TLSv1.2;\n",
                "    # tlslint: ignore[TLS101] partner devices until June\n"
                "    ssl_protocols TLSv1 TLSv1.2;\n",
            )
        },
    )
    data = json_report(capsys, str(tmp_path))
    assert "TLS101" not in {f["rule"] for f in data["findings"]}
    assert data["suppressed"][0]["reason"] == "partner devices until June"
    (accepted,) = data["accepted_risk"]
    assert (accepted["kind"], accepted["rule"], accepted["where"]) == (
        "suppressed",
        "TLS101",
        "site.conf:2",
    )
    pci = next(r for r in data["requirements"] if (r["standard"], r["id"]) == ("pci-dss", "4.2.1"))
    assert pci["accepted"] == 1 and pci["status"] != "pass"
    _, out, _ = report(capsys, "-f", "markdown", str(tmp_path))
    assert "| Accepted risk | 1 (1 suppressed, 0 in the baseline) |" in out
    assert "| partner devices until June |" in out


def test_git_commit_and_branch_of_a_checkout(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    write(tmp_path, {"site.conf": BAD_SERVER})
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    for args in (
        ["init", "-q", "-b", "release/2026"],
        ["add", "-A"],
        ["commit", "-q", "-m", "init"],
    ):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True, env=env
    ).stdout.strip()
    data = json_report(capsys, str(tmp_path))
    assert data["git"] == {"commit": head, "branch": "release/2026", "dirty": False}
    (tmp_path / "site.conf").write_text(BAD_SERVER + "# edited\n")
    assert json_report(capsys, str(tmp_path))["git"]["dirty"] is True
    _, out, _ = report(capsys, "-f", "markdown", str(tmp_path))
    assert f"commit `{head[:12]}` on `release/2026` (uncommitted changes)" in out
    assert "Dates judged as of **2026-06-01 00:00 UTC** (`--now`; no wall-clock time" in out


def test_a_detached_checkout_in_github_actions_names_the_pull_request_branch(
    tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"site.conf": BAD_SERVER})
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "--detach"], cwd=tmp_path, check=True, env=env)
    assert json_report(capsys, str(tmp_path))["git"]["branch"] is None
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_HEAD_REF", "feature/tls13")
    assert json_report(capsys, str(tmp_path))["git"]["branch"] == "feature/tls13"


def test_not_a_checkout_has_no_git_section(tmp_path: Path) -> None:
    write(tmp_path, {"site.conf": BAD_SERVER})
    assert build(lint(tmp_path)).git is None


# --- evidence and secrets -----------------------------------------------------------------


def test_redaction_removes_key_material_and_keeps_configuration() -> None:
    _, key_pem = make_certificate("a.example", NOW + dt.timedelta(days=90))
    text = key_pem.decode()
    body = text.splitlines()[1]
    assert body not in redact(text) and "[redacted]" in redact(text)
    b64 = base64.b64encode(key_pem).decode()
    assert redact(f"  tls.key: {b64}") == "  tls.key: [redacted]"
    assert redact('private_key = "hunter2"') == "private_key = [redacted]"
    assert redact("ssl_password_file /etc/keys/pass;") == "ssl_password_file /etc/keys/pass;"
    ciphers = "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384;"
    assert redact(ciphers) == ciphers
    assert redact("include /etc/nginx/snippets/verylongdirectoryname/another/one.conf;").endswith(
        "one.conf;"
    )


def test_evidence_from_a_file_with_key_material_never_shows_it(tmp_path: Path) -> None:
    _, key_pem = make_certificate("a.example", NOW + dt.timedelta(days=90))
    pem_lines = key_pem.decode().splitlines()
    b64 = base64.b64encode(key_pem).decode()
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\n"
        f"data:\n  tls.crt: {b64}\n  tls.key: {b64}\n"
    )
    write(tmp_path, {"secret.yaml": secret, "bundle.pem": key_pem.decode()})
    reader = EvidenceReader(tmp_path)
    findings = [
        Finding("TLS501", "private-key-committed", Severity.CRITICAL, "key", Location(p, line))
        for p, line in [("secret.yaml", 8), ("secret.yaml", 7), ("bundle.pem", 1)]
        + [("bundle.pem", n) for n in range(2, len(pem_lines) + 1)]
    ]
    evidence = [reader.evidence(f) for f in findings]
    assert evidence[0] == "tls.key: [redacted]"
    for text in evidence:
        assert b64[:40] not in text
        for line in pem_lines[1:-1]:
            assert line not in text


def test_no_output_format_contains_key_material(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    _, key_pem = make_certificate("a.example", NOW + dt.timedelta(days=90))
    b64 = base64.b64encode(key_pem).decode()
    write(tmp_path, {"k8s/secret.yaml": f"data:\n  tls.key: {b64}\n"})
    finding = Finding(
        "TLS101",
        "deprecated-protocol",
        Severity.HIGH,
        f"message that echoes {b64}",
        Location("k8s/secret.yaml", 2, 3),
    )
    result = make_result(findings=[finding], incomplete={})
    document = build(result, git=False)
    for fmt in ("html", "markdown", "json"):
        text = render(document, fmt)
        assert b64[:32] not in text and "[redacted]" in text, fmt


# --- certificates -------------------------------------------------------------------------


def test_certificate_inventory_rows_soonest_first() -> None:
    soon, _ = make_certificate("shop.example.com", NOW + dt.timedelta(days=10))
    later, _ = make_certificate("api.example.com", NOW + dt.timedelta(days=200), key="rsa")
    gone, _ = make_certificate("old.example.com", NOW - dt.timedelta(days=3))
    renew, _ = make_certificate("www.example.com", NOW + dt.timedelta(days=20))
    objects = [
        certificate_object(later, "tls/api.crt"),
        certificate_object(soon, "tls/shop.crt", served_by=("server shop.example.com:443",)),
        certificate_object(gone, "tls/old.crt", line=4),
        certificate_object(renew, "tls/www.crt"),
    ]
    rows = certificate_rows(objects, NOW, 14, 30)
    assert [r.path for r in rows] == ["tls/old.crt", "tls/shop.crt", "tls/www.crt", "tls/api.crt"]
    old, shop, www, api = rows
    assert (old.status, old.days_left, old.line) == ("expired", -3, 4)
    assert (shop.status, shop.days_left) == ("expiring", 10)
    assert (www.status, www.days_left) == ("renew-soon", 20)
    assert shop.served_by == ("server shop.example.com:443",)
    assert shop.sans == ("shop.example.com",) and shop.key == "EC 256"
    assert shop.signature == "sha256" and shop.subject == "CN=shop.example.com"
    assert (api.status, api.key, api.served_by) == ("valid", "RSA 2048", ())


def test_the_inventory_names_the_endpoints_the_link_step_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Served-by comes from the model: a certificate referenced by a server, resolved."""
    cert, _ = make_certificate("shop.example.com", dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc))
    write(tmp_path, {"nginx.conf": BAD_SERVER})
    (tmp_path / "tls").mkdir()
    (tmp_path / "tls/shop.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / ".git").mkdir()
    data = json_report(capsys, str(tmp_path))
    (row,) = data["inventory"]
    assert row["path"] == "tls/shop.crt"
    assert row["served_by"] == [data["endpoints"][0]["name"]]


def test_html_has_an_expiry_timeline_and_markdown_an_inventory_table(make_result) -> None:  # type: ignore[no-untyped-def]
    result = make_result(incomplete={})
    soon, _ = make_certificate("shop.example.com", result.now + dt.timedelta(days=10))
    later, _ = make_certificate("api.example.com", result.now + dt.timedelta(days=200))
    result.model.objects["certificates"] = [
        certificate_object(soon, "tls/shop.crt"),
        certificate_object(later, "tls/api.crt"),
    ]
    document = build(result, git=False)
    html = render(document, "html")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<circle") == 2 and "today 2025-03-01" in svg
    # Each row names the certificate and its file.
    assert "shop.example.com · tls/shop.crt:1: not after" in svg
    markdown = render(document, "markdown")
    assert "| CN=shop.example.com | shop.example.com |" in markdown
    assert "**10** (expiring)" in markdown


def test_without_certificates_the_inventory_says_so(make_result) -> None:  # type: ignore[no-untyped-def]
    document = build(make_result(), git=False)
    assert "<p>No certificates found.</p>" in render(document, "html")
    assert "No certificates found." in render(document, "markdown")
    assert json.loads(render(document, "json"))["inventory"] == []


# --- presentation -------------------------------------------------------------------------


def test_incomplete_files_block_a_pass(make_result) -> None:  # type: ignore[no-untyped-def]
    result = make_result(findings=[])
    result.model.endpoints.append(
        Endpoint("nginx", "nginx server", "server a:443", Location("conf/nginx.conf", 1))
    )
    document = build(result, git=False)
    statuses = {r.status for r in document.requirements}
    assert "pass" not in statuses and "incomplete" in statuses
    assert "files were not fully analysed" in render(document, "html")


def test_markdown_escapes_table_cells(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    finding = Finding(
        "TLS201",
        "hsts-missing",
        Severity.MEDIUM,
        "a | b <script>alert(1)</script>\nnext",
        Location("conf/nginx.conf", 8),
    )
    markdown = render(build(make_result(findings=[finding]), git=False), "markdown")
    row = next(line for line in markdown.splitlines() if "conf/nginx.conf:8" in line)
    assert "a \\| b &lt;script&gt;alert(1)&lt;/script&gt; next" in row
    html = render(build(make_result(findings=[finding]), git=False), "html")
    assert "<script>alert" not in html


def test_markdown_quotes_evidence_literally(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"conf/nginx.conf": 'map $x $y { ~^a|b "C:\\dir" <tag> `tick`; }\n'})
    finding = Finding(
        "TLS201", "hsts-missing", Severity.MEDIUM, "m", Location("conf/nginx.conf", 1)
    )
    markdown = render(build(make_result(findings=[finding]), git=False), "markdown")
    row = next(line for line in markdown.splitlines() if "conf/nginx.conf:1`" in line)
    # A code span shows its text as typed; only the table's pipe is escaped.
    assert row.endswith('| `` map $x $y { ~^a\\|b "C:\\dir" <tag> `tick`; } `` |')


def test_ten_thousand_findings_stay_usable(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    lines = [f"    ssl_protocols TLSv1 TLSv1.2;  # server {i}" for i in range(10_000)]
    write(tmp_path, {"conf/big.conf": "\n".join(lines) + "\n"})
    rules = ("TLS101", "TLS201", "TLS202", "TLS311")
    names = {
        "TLS101": "deprecated-protocol",
        "TLS201": "hsts-missing",
        "TLS202": "hsts-too-short",
        "TLS311": "session-tickets-on",
    }
    findings = [
        Finding(
            rules[i % 4],
            names[rules[i % 4]],
            Severity.HIGH if i % 4 == 0 else Severity.LOW,
            f"TLSv1 is enabled on server {i}; the intermediate profile allows TLSv1.2 and TLSv1.3",
            Location("conf/big.conf", i + 1, 5),
            endpoint=f"server s{i}.example.com:443",
            remediation=f"Set `ssl_protocols TLSv1.2 TLSv1.3;` ({rules[i % 4]}).",
        )
        for i in range(10_000)
    ]
    document = build(make_result(findings=findings), git=False)
    html = render(document, "html")
    assert len(html.encode()) < 8 * 1024 * 1024
    assert html.count("<details") == 4 and "<details open" not in html
    assert html.count("conf/big.conf:") == 10_000
    # A remediation shared by a whole group is said once, not 2,500 times.
    assert html.count("Set `ssl_protocols TLSv1.2 TLSv1.3;` (TLS101).") == 1
    markdown = render(document, "markdown", max_findings=200)
    assert "9800 more findings are not listed here" in markdown
    assert len(markdown.encode()) < 1024 * 1024


def test_the_cli_does_not_load_the_report_code_until_asked() -> None:
    """The one-file pre-commit check stays fast: `import tlslint.cli` loads no report code,
    only the package's registry of format names (for the options' choices)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tlslint.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('tlslint.formats', "
            "'tlslint.compliance')) or m == 'yaml'))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['tlslint.formats']"


def test_html_is_well_formed(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    """Every variant parses without a single WHATWG parse error."""
    import html5lib

    empty = tmp_path / "empty"
    write(empty, {"README.md": "x\n"})
    result = make_result()
    soon, _ = make_certificate("shop.example.com", result.now + dt.timedelta(days=3))
    result.model.objects["certificates"] = [certificate_object(soon, "tls/shop.crt")]
    for document in (
        build(lint(REPO / "examples")),
        build(lint(empty)),
        build(result, git=False),
    ):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        tree = parser.parse(render(document, "html"))
        assert tree.find(".//h1").text == "TLS compliance report"


def test_markdown_prose_cannot_turn_into_formatting() -> None:
    from tlslint.compliance.markdown import cell_text, code

    assert cell_text("*.example.com and *.example.org") == r"\*.example.com and \*.example.org"
    assert cell_text("Set `ssl_protocols TLSv1.2;` in site_a") == (
        r"Set `ssl_protocols TLSv1.2;` in site\_a"
    )
    assert code("conf.d/site_a.conf:3") == "`conf.d/site_a.conf:3`"
