"""The compliance report never says "pass" without evidence, keeps accepted risk open, can be
reproduced byte for byte, and merges the reports of many repositories into one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from cryptography.hazmat.primitives import serialization

from tests.certfactory import leaf, write
from tests.compliance.test_compliance_report import certificate_object, make_certificate
from tests.helpers import REPO
from tlslint.cli import main
from tlslint.compliance.report import certificate_rows

SCHEMA = json.loads((REPO / "tlslint/schemas/compliance.schema.json").read_text())
NOW = "2026-06-01"
VAULT_SERVER = """\
server {{
    listen 443 ssl;
    server_name {name};
    ssl_certificate /etc/ssl/vault/{name}.crt;
    ssl_certificate_key /etc/ssl/vault/{name}.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=63072000" always;
}}
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_AUTHOR_DATE": "2026-01-15T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-15T10:00:00Z",
    "PATH": "/usr/bin:/bin",
}


def files(root: Path, content: dict[str, str | bytes]) -> Path:
    for name, text in content.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def json_report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "report", "--now", NOW, "-f", "json", *args)
    assert code == 0, err
    data = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        data
    )
    return data  # type: ignore[no-any-return]


def status(data: dict, standard: str, req: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in data["requirements"] if (r["standard"], r["id"]) == (standard, req))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, env=GIT_ENV, capture_output=True)


def commit_all(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")


# --- 1. no pass without evidence -------------------------------------------------------


def test_certificates_in_a_secret_store_are_not_assessed_and_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [f"s{i}.example.com" for i in range(47)]
    files(
        tmp_path,
        {"nginx.conf": "http {\n" + "".join(VAULT_SERVER.format(name=n) for n in names) + "}\n"},
    )
    data = json_report(capsys, str(tmp_path))
    assert data["summary"]["certificates"] == 0 and data["summary"]["gaps"] == 47
    for standard, req in (
        ("pci-dss", "4.2.1.1"),
        ("nist-sp-800-52", "3.2"),
        ("hipaa", "164.312(d)"),
    ):
        r = status(data, standard, req)
        assert r["status"] == "not assessed", (standard, req)
        assert "47 certificates served by endpoints are not in the repository" in " ".join(
            r["reasons"]
        )
    # What was examined still passes: the protocols of 47 endpoints.
    assert status(data, "nist-sp-800-52", "3.1") == {
        **status(data, "nist-sp-800-52", "3.1"),
        "status": "pass",
        "evidence": "47 TLS endpoints",
        "reasons": [],
    }
    assert {g["reference"] for g in data["gaps"]} == {f"/etc/ssl/vault/{n}.crt" for n in names}
    assert data["gaps"][0]["location"] == "nginx.conf:5:5"
    # `check` says the same, as info findings.
    code, out, _ = run(capsys, "check", "--now", NOW, "-f", "json", str(tmp_path))
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "TLS415"]
    assert len(found) == 47 and {f["severity"] for f in found} == {"info"} and code == 1
    # Every format lists the gap.
    _, markdown, _ = run(capsys, "report", "--now", NOW, "-f", "markdown", str(tmp_path))
    assert "## Evidence gaps" in markdown and markdown.count("| `/etc/ssl/vault/") == 47
    assert "| Evidence gaps | 47 certificates not in the repository, 0 files" in markdown
    _, html, _ = run(capsys, "report", "--now", NOW, str(tmp_path))
    assert html.count("<td><code>/etc/ssl/vault/") == 47 and 'id="gaps"' in html


def test_nothing_found_is_never_a_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files(tmp_path, {"README.md": "no TLS here\n"})
    data = json_report(capsys, str(tmp_path))
    assert {r["status"] for r in data["requirements"]} == {"not assessed"}
    assert {s["status"] for s in data["standards"]} == {"not assessed"}
    assert data["requirements"][0]["reasons"] == ["no TLS configuration found"]


def test_incomplete_files_make_requirements_incomplete_not_passed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files(
        tmp_path,
        {
            "site.conf": "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n",
            "broken.conf": "server {\n    listen 443 ssl;\n",
        },
    )
    data = json_report(capsys, str(tmp_path))
    r = status(data, "nist-sp-800-52", "3.5")  # client authentication: nothing open
    assert r["status"] == "incomplete" and r["reasons"] == ["1 file was not fully analysed"]
    assert "pass" not in {r["status"] for r in data["requirements"]}
    assert [i["path"] for i in data["incomplete"]] == ["broken.conf"]


# --- 2. accepted risk --------------------------------------------------------------------


def baselined_repository(root: Path) -> Path:
    """A legacy repository adopting tlslint: two unencrypted keys committed, both accepted in
    a baseline with a reason and a date, and a suppression comment committed on 2026-01-15."""
    keys = {
        f"tls/{name}.key": leaf(f"{name}.example.com").key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        for name in ("legacy", "partner")
    }
    files(
        root,
        {
            **keys,
            "site.conf": "server {\n    listen 443 ssl;\n    server_name a.example.com;\n"
            "    # tlslint: ignore[TLS101] partner devices until June\n"
            "    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n}\n",
        },
    )
    assert main(["check", "--now", NOW, "--write-baseline", str(root / "b.json"), str(root)]) == 0
    baseline = json.loads((root / "b.json").read_text())
    for entry in baseline["findings"]:
        if entry["rule"] == "TLS501":
            entry["reason"] = "rotated with the move to Vault, ticket SEC-12"
            entry["date"] = "2026-02-01"
    (root / ".tlslint-baseline.json").write_text(json.dumps(baseline, indent=2))
    (root / "b.json").unlink()
    (root / ".tlslint.yaml").write_text("baseline: .tlslint-baseline.json\n")
    commit_all(root)
    return root


def test_baselined_and_suppressed_findings_are_accepted_risk_not_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = baselined_repository(tmp_path)
    data = json_report(capsys, str(root))
    assert data["summary"]["findings"] == len(data["findings"])
    assert "TLS501" not in {f["rule"] for f in data["findings"]}
    keys = status(data, "pci-dss", "3.6.1")
    assert (keys["status"], keys["accepted"], keys["findings"]) == ("accepted risk", 2, 0)
    accepted = {(a["rule"], a["path"]): a for a in data["accepted_risk"]}
    key = accepted[("TLS501", "tls/legacy.key")]
    assert (key["kind"], key["reason"], key["date"], key["where"]) == (
        "baseline",
        "rotated with the move to Vault, ticket SEC-12",
        "2026-02-01",
        ".tlslint-baseline.json",
    )
    suppressed = accepted[("TLS101", "site.conf")]
    assert (suppressed["kind"], suppressed["reason"], suppressed["date"]) == (
        "suppressed",
        "partner devices until June",
        "2026-01-15",  # the commit that wrote the comment
    )
    assert suppressed["where"] == "site.conf:4"
    entries = len(json.loads((root / ".tlslint-baseline.json").read_text())["findings"])
    assert data["summary"]["baselined"] == entries and data["summary"]["suppressed"] == 1
    assert data["summary"]["accepted_risk"] == entries + 1 == len(data["accepted_risk"])
    _, markdown, _ = run(capsys, "report", "--now", NOW, "-f", "markdown", str(root))
    assert (
        f"| Accepted risk | {entries + 1} (1 suppressed, {entries} in the baseline) |" in markdown
    )
    assert "| rotated with the move to Vault, ticket SEC-12 | 2026-02-01 |" in markdown
    assert "| partner devices until June | 2026-01-15 |" in markdown
    assert "🟧 accepted risk" in markdown
    _, html, _ = run(capsys, "report", "--now", NOW, str(root))
    assert html.count("rotated with the move to Vault, ticket SEC-12") == 2
    assert '<span class="st accepted">accepted risk</span>' in html


# --- 3. reproducible evidence ------------------------------------------------------------


def test_same_inputs_same_bytes_and_every_input_is_hashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = baselined_repository(tmp_path)
    for fmt in ("json", "markdown", "html"):
        first = run(capsys, "report", "--now", NOW, "-f", fmt, str(root))[1]
        second = run(capsys, "report", "--now", NOW, "-f", fmt, str(root))[1]
        assert first == second, fmt
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC in \d", first) is None  # no timing
    data = json_report(capsys, str(root))
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert data["git"]["commit"] == head and data["scanned_at"] is None
    p = data["provenance"]
    config = (root / ".tlslint.yaml").read_bytes()
    assert (p["config"], p["config_sha256"]) == (
        ".tlslint.yaml",
        hashlib.sha256(config).hexdigest(),
    )
    baseline = (root / ".tlslint-baseline.json").read_bytes()
    assert p["baseline_sha256"] == hashlib.sha256(baseline).hexdigest()
    policy = (REPO / "tlslint/data/policy/mozilla-6.0.json").read_bytes()
    assert p["policy_data_sha256"] == hashlib.sha256(policy).hexdigest()
    assert data["paths"] == ["."] and data["profile"] == "intermediate"
    cited = {f["path"]: f["sha256"] for f in data["evidence_files"]}
    assert set(cited) == {"site.conf", "tls/legacy.key", "tls/partner.key"}
    for path, digest in cited.items():
        assert digest == hashlib.sha256((root / path).read_bytes()).hexdigest()


def test_days_left_counts_as_the_expiry_finding_does() -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    cert, _ = make_certificate("old.example.com", now - dt.timedelta(days=1068, hours=12))
    (row,) = certificate_rows([certificate_object(cert, "a.crt")], now, 14, 30)
    assert (row.days_left, row.status) == (-1068, "expired")


def test_timeline_names_each_copy_of_a_ca_with_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.certfactory import root_ca

    ca = root_ca()
    write(tmp_path / "a" / "ca.pem", ca.pem)
    write(tmp_path / "b" / "bundle.pem", ca.pem)
    _, html, _ = run(capsys, "report", "--now", NOW, str(tmp_path))
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "a/ca.pem:1" in svg and "b/bundle.pem:1" in svg


# --- 4. organisation report --------------------------------------------------------------


def test_merge_combines_repositories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy = baselined_repository(tmp_path / "legacy")
    vault = files(
        tmp_path / "vault",
        {"nginx.conf": "http {\n" + VAULT_SERVER.format(name="a.example.com") + "}\n"},
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, root in (
        ("org/legacy", legacy),
        ("org/vault", vault),
        ("org/examples", REPO / "examples"),
    ):
        out = reports / (name.split("/")[1] + ".json")
        code, _, err = run(
            capsys,
            "report",
            "--now",
            NOW,
            "-f",
            "json",
            "--repository",
            name,
            "-o",
            str(out),
            str(root),
        )
        assert code == 0, err
    inputs = sorted(str(p) for p in reports.glob("*.json"))
    code, out, err = run(capsys, "report", "merge", "-f", "json", *inputs)
    assert code == 0, err
    org = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(org)
    assert org["kind"] == "organisation"
    assert [r["name"] for r in org["repositories"]] == ["org/examples", "org/legacy", "org/vault"]
    each = {p.stem: json.loads(p.read_text()) for p in reports.glob("*.json")}
    assert org["summary"]["findings"] == sum(d["summary"]["findings"] for d in each.values())
    assert org["summary"]["certificates"] == sum(len(d["inventory"]) for d in each.values())
    keys = status(org, "pci-dss", "3.6.1")
    assert keys["status"] == "fail"
    assert keys["repositories"] == {
        "fail": ["org/examples"],
        "accepted risk": ["org/legacy"],
        "pass": ["org/vault"],  # its one file was searched for keys: none committed
    }
    assert {g["repository"] for g in org["gaps"]} == {"org/examples", "org/vault"}
    assert {c["repository"] for c in org["inventory"]} == {"org/examples"}
    assert (
        org["repositories"][1]["report_sha256"]
        == hashlib.sha256((reports / "legacy.json").read_bytes()).hexdigest()
    )
    # A pure function of the files: order does not matter, bytes repeat.
    again = run(capsys, "report", "merge", "-f", "json", *reversed(inputs))[1]
    assert again == out
    for fmt in ("markdown", "html"):
        text = run(capsys, "report", "merge", "-f", fmt, *inputs)[1]
        assert "org/legacy" in text and "Repositories" in text
    _, markdown, _ = run(capsys, "report", "merge", "-f", "markdown", *inputs)
    assert "fail: org/examples; accepted risk: org/legacy |" in markdown


def test_merge_refuses_what_it_cannot_trust(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = files(tmp_path, {"bad.json": "{not json", "old.json": '{"version": "1.0"}'})
    code, _, err = run(capsys, "report", "merge", str(bad / "bad.json"))
    assert code == 2 and "not a JSON report" in err and "Traceback" not in err
    code, _, err = run(capsys, "report", "merge", str(bad / "old.json"))
    assert code == 2 and "not a tlslint 2.0 JSON report" in err
    one = tmp_path / "one.json"
    files(tmp_path / "r", {"README.md": "x\n"})
    run(
        capsys,
        "report",
        "--now",
        NOW,
        "-f",
        "json",
        "--repository",
        "r",
        "-o",
        str(one),
        str(tmp_path / "r"),
    )
    code, _, err = run(capsys, "report", "merge", str(one), str(one))
    assert code == 2 and "two reports are for the repository 'r'" in err
    dated = tmp_path / "dated.json"
    dated.write_text(json.dumps({**json.loads(one.read_text()), "as_of": "yesterday"}))
    code, _, err = run(capsys, "report", "merge", str(dated))
    assert code == 2 and "as_of: 'yesterday' is not an ISO date-time" in err


# --- 5. parity and size ------------------------------------------------------------------

SECTIONS = (
    "Summary",
    "Controls",
    "Evidence gaps",
    "Accepted risk",
    "Findings",
    "Certificates",
    "Endpoints",
    "Reproducibility",
)


def test_html_markdown_and_json_have_the_same_sections_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = baselined_repository(tmp_path)
    data = json_report(capsys, str(root))
    markdown = run(capsys, "report", "--now", NOW, "-f", "markdown", str(root))[1]
    html = run(capsys, "report", "--now", NOW, str(root))[1]
    assert re.findall(r"^## (.+)$", markdown, re.M) == list(SECTIONS)
    assert re.findall(r'<h2 id="[a-z]+">([^<]+)</h2>', html) == list(SECTIONS)
    assert "Scope: `.` — " in markdown and "Scope: <code>.</code> — " in html
    s = data["summary"]
    assert f"| Findings | **{s['findings']}** " in markdown
    assert f'<div class="card"><b>{s["findings"]}</b>Findings</div>' in html
    assert f'<div class="card"><b>{s["accepted_risk"]}</b>Accepted risk</div>' in html
    for r in data["requirements"]:
        assert f"**{r['id']}**" in markdown
    statuses = ", ".join(f"{n} {k}" for k, n in s["requirements"].items() if n)
    assert f"| Requirements | {statuses} |" in markdown


def test_markdown_job_summary_stays_under_one_mebibyte_for_a_huge_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """3,000 servers over 300 files, each with an absent certificate and old protocols."""
    for i in range(300):
        body = "".join(
            VAULT_SERVER.format(name=f"s{i}-{j}.example.com").replace(
                "TLSv1.2 TLSv1.3", "TLSv1 TLSv1.1 TLSv1.2"
            )
            for j in range(10)
        )
        files(tmp_path, {f"conf.d/site{i:03}.conf": body})
    files(tmp_path, {"nginx.conf": "http {\n    include conf.d/*.conf;\n}\n"})
    code, markdown, err = run(capsys, "report", "--now", NOW, "-f", "markdown", str(tmp_path))
    assert code == 0, err
    assert len(markdown.encode()) < 1024 * 1024
    assert re.findall(r"^## (.+)$", markdown, re.M) == list(SECTIONS)
    left = {
        m[1]: int(m[0]) for m in re.findall(r"\*(\d+) more ([a-z -]+?) are not listed", markdown)
    }
    shown_gaps = markdown.count("| `/etc/ssl/vault/")
    assert shown_gaps + left.get("missing certificates", 0) == 3000
    assert "| Evidence gaps | 3000 certificates not in the repository" in markdown
    assert ("## Reproducibility" in markdown and markdown.rstrip().endswith("|")) or left


def test_organisation_job_summary_stays_under_one_mebibyte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """120 repositories, each with 20 absent certificates and old protocols."""
    servers = "".join(
        VAULT_SERVER.format(name=f"s{j}.example.com").replace("TLSv1.2 TLSv1.3", "TLSv1 TLSv1.2")
        for j in range(20)
    )
    root = files(tmp_path / "repo", {"nginx.conf": "http {\n" + servers + "}\n"})
    one = json_report(capsys, str(root))
    inputs = []
    for i in range(120):
        path = tmp_path / "reports" / f"r{i:03}.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({**one, "repository": f"org/service-{i:03}"}))
        inputs.append(str(path))
    code, markdown, err = run(capsys, "report", "merge", "-f", "markdown", *inputs)
    assert code == 0, err
    assert len(markdown.encode()) < 1024 * 1024
    assert re.findall(r"^## (.+)$", markdown, re.M) == ["Summary", "Repositories", *SECTIONS[1:]]
    assert "| Repositories | 120 |" in markdown
    assert "| Evidence gaps | 2400 certificates not in the repository" in markdown
    assert (
        "2400 certificates served by endpoints are not in the repository (TLS415; see Evidence "
        "gaps) — in 120 repositories: org/service-000, org/service-001" in markdown
    )
    assert "and 110 more" in markdown
