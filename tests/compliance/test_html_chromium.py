"""The HTML report in a real browser: Debian's headless Chromium renders it without a console
message (no script error, no blocked network request), prints it, and a screenshot is kept as a
test artifact in .artifacts/ (ignored by git)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.compliance.test_compliance_report import certificate_object, make_certificate
from tests.helpers import REPO, lint
from tlslint.compliance.report import build, render
from tlslint.model import Finding, Location, Severity

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / ".artifacts"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def examples_report(tmp_path: Path) -> Path:
    """The report for examples/, with test-time certificates for the servers when no
    certificates source has published any (so the expiry timeline has something to show)."""
    result = lint(REPO / "examples")
    if not result.model.objects.get("certificates"):
        now = result.now
        result.model.objects["certificates"] = [
            certificate_object(make_certificate(name, now + dt.timedelta(days=days))[0], path)
            for name, days, path in (
                ("partners.example.com", -5, "nginx/tls/partners.crt"),
                ("shop.example.com", 9, "nginx/tls/shop.crt"),
                ("admin.internal.example.com", 25, "nginx/tls/admin.crt"),
                ("api.example.com", 80, "nginx/tls/api.crt"),
            )
        ]
    page = tmp_path / "report.html"
    page.write_text(render(build(result, paths=["examples"]), "html"), encoding="utf-8")
    return page


def test_console_messages_are_detected(tmp_path: Path) -> None:
    """The detector itself: a broken page produces console lines that the next test forbids."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><body><script>undefinedFunction()</script></body>")
    done = chromium(page, tmp_path / "profile", "--dump-dom")
    assert any("undefinedFunction" in m for m in console_messages(done.stderr))


def test_report_renders_without_console_messages_and_prints(tmp_path: Path) -> None:
    page = examples_report(tmp_path)
    done = chromium(page, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    dom = done.stdout
    for heading in ("Summary", "Controls", "Findings", "Certificates", "Endpoints"):
        assert f'id="{heading.lower()}">{heading}</h2>' in dom
    assert "<svg" in dom and "today 2026-06-01" in dom
    pdf = tmp_path / "report.pdf"
    done = chromium(page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert console_messages(done.stderr) == []
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_screenshot_is_saved_as_an_artifact(tmp_path: Path) -> None:
    page = examples_report(tmp_path)
    shot = tmp_path / "report.png"
    done = chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,5000")
    assert done.returncode == 0 and console_messages(done.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "report-examples.png")
    shutil.copy(page, ARTIFACTS / "report-examples.html")


def test_printing_expands_collapsed_groups(tmp_path: Path, make_result) -> None:  # type: ignore[no-untyped-def]
    """Above 200 findings the groups start collapsed; a printout still shows every finding:
    it has as many pages as the same report with every group open."""
    findings = [
        Finding(
            "TLS101", "deprecated-protocol", Severity.HIGH, f"finding {i}", Location("a.conf", i)
        )
        for i in range(1, 301)
    ]
    html = render(build(make_result(findings=findings), git=False), "html")
    assert "<details open" not in html
    pages = {}
    for name, text in (("collapsed", html), ("open", html.replace("<details ", "<details open "))):
        page = tmp_path / f"{name}.html"
        page.write_text(text, encoding="utf-8")
        pdf = tmp_path / f"{name}.pdf"
        done = chromium(
            page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"
        )
        assert console_messages(done.stderr) == []
        pages[name] = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages["collapsed"] == pages["open"] > 3


def auditor_reports(tmp_path: Path) -> dict[str, Path]:
    """The four reports an auditor reads: examples/, a repository whose certificates live in
    a secret store, a baselined legacy repository, and the organisation report of all three."""
    from tests.compliance.test_compliance_evidence import (
        VAULT_SERVER,
        baselined_repository,
        files,
    )
    from tlslint.cli import main

    legacy = baselined_repository(tmp_path / "legacy")
    servers = "".join(VAULT_SERVER.format(name=f"s{i}.example.com") for i in range(12))
    vault = files(tmp_path / "vault", {"nginx.conf": "http {\n" + servers + "}\n"})
    pages: dict[str, Path] = {}
    inputs = []
    for name, root in (("examples", REPO / "examples"), ("vault", vault), ("legacy", legacy)):
        page = tmp_path / f"{name}.html"
        data = tmp_path / f"{name}.json"
        common = ["report", "--now", "2026-06-01", "--repository", f"org/{name}", str(root)]
        assert main([*common, "-o", str(page)]) == 0
        assert main([*common, "-f", "json", "-o", str(data)]) == 0
        pages[name] = page
        inputs.append(str(data))
    pages["organisation"] = tmp_path / "organisation.html"
    assert main(["report", "merge", *inputs, "-o", str(pages["organisation"])]) == 0
    return pages


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_printed_reports_never_leave_a_heading_alone_at_the_bottom_of_a_page(
    tmp_path: Path,
) -> None:
    """Each of the four reports printed to PDF, read back page by page: no page ends with a
    section heading, a standard's heading row or a findings group's title; screenshots of
    all four are kept in .artifacts/."""
    assert PDFTOTEXT is not None
    ARTIFACTS.mkdir(exist_ok=True)
    for name, page in auditor_reports(tmp_path).items():
        html = page.read_text(encoding="utf-8")
        headings = set(re.findall(r"<h[23][^>]*>([^<]+)</h[23]>", html))
        headings |= set(re.findall(r'<tr class="std"><th[^>]*>([^<]+)</th>', html))
        pdf = tmp_path / f"{name}.pdf"
        done = chromium(
            page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"
        )
        assert done.returncode == 0 and console_messages(done.stderr) == [], name
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        assert len(pages) >= 2, name
        for number, body in enumerate(pages[:-1], start=1):
            last = [line.strip() for line in body.splitlines() if line.strip()][-1]
            assert last not in headings, f"{name}: page {number} ends with heading {last!r}"
        shot = tmp_path / f"{name}.png"
        done = chromium(
            page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,4000"
        )
        assert done.returncode == 0 and shot.stat().st_size > 50_000, name
        shutil.copy(shot, ARTIFACTS / f"report-{name}.png")
        shutil.copy(pdf, ARTIFACTS / f"report-{name}.pdf")
