"""Hand-built run results for the report format tests (no engine run needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import REFERENCE
from tlslint.model import Finding, Fix, Location, Model, Severity, SourceFile, TextEdit
from tlslint.model.policy import build_policy
from tlslint.pipeline.run import Result, SuppressedFinding
from tlslint.rules.base import Rule

SCHEMAS = REFERENCE / "schemas"

NOW = dt.datetime(2025, 3, 1, 12, 30, 45, tzinfo=dt.timezone.utc)
TRICKY_MESSAGE = "HSTS missing, see: 100% of servers\nsecond line"
INCOMPLETE_REASON = "file larger than max_file_size (1048576 bytes)"

DOC = """What it checks
---
Checks {name} on every endpoint.

Why it matters
---
Because it matters.

Example
---
```nginx
bad;
```

Use instead
---
```nginx
good;
```

References
---
- https://example.org/{name}
"""


def make_rule(id: str, name: str, severity: Severity, summary: str) -> Rule:
    return Rule(
        id=id,
        name=name,
        severity=severity,
        summary=summary,
        subject="endpoint",
        sources=("nginx",),
        check=lambda subject, ctx: iter(()),
        doc=DOC.format(name=name),
    )


RULES = (
    make_rule("TLS001", "file-skipped", Severity.INFO, "A file was not (fully) read"),
    make_rule("TLS101", "deprecated-protocol", Severity.HIGH, "Old protocols are enabled"),
    make_rule("TLS201", "hsts-missing", Severity.MEDIUM, "An HTTPS endpoint sends no HSTS"),
    make_rule("TLS202", "hsts-too-short", Severity.LOW, "HSTS max-age below the minimum"),
    make_rule("TLS311", "session-tickets-on", Severity.LOW, "Session tickets never rotate"),
)

FIX = Fix(
    "Allow TLS 1.2 and 1.3 only",
    (TextEdit("conf/nginx.conf", 12, 5, 12, 40, "ssl_protocols TLSv1.2 TLSv1.3;"),),
)


def finding(
    rule_id: str,
    severity: Severity,
    message: str,
    location: Location,
    **kwargs: object,
) -> Finding:
    name = next(r.name for r in RULES if r.id == rule_id)
    return Finding(rule_id, name, severity, message, location, **kwargs)  # type: ignore[arg-type]


PROTOCOL = finding(
    "TLS101",
    Severity.HIGH,
    "TLSv1 and TLSv1.1 are enabled",
    Location("conf/nginx.conf", 12, 5, 12, 40),
    remediation="Use ssl_protocols TLSv1.2 TLSv1.3;",
    endpoint="server example.com:443",
    fix=FIX,
    context="TLSv1 TLSv1.1",
)
PROTOCOL_INHERITED = finding(
    "TLS101",
    Severity.HIGH,
    "TLSv1 is enabled (inherited from http{})",
    Location("conf/nginx.conf", 30),
    endpoint="server api.example.com:443",
)
SSLV3 = finding(
    "TLS101",
    Severity.CRITICAL,
    "SSLv3 is enabled",
    Location("k8s/ingress.yaml", 3, 1),
    endpoint="Ingress shop/web",
)
HSTS = finding(
    "TLS201",
    Severity.MEDIUM,
    TRICKY_MESSAGE,
    Location("conf/nginx.conf", 8),
    remediation="Add add_header Strict-Transport-Security ... always;",
    endpoint="server example.com:443",
)
SKIPPED = finding(
    "TLS001", Severity.INFO, "certs/big.pem was not read: too large", Location("certs/big.pem")
)
SUPPRESSED = SuppressedFinding(
    finding("TLS202", Severity.LOW, "HSTS max-age is 3600", Location("conf/nginx.conf", 20, 9)),
    "legacy clients until Q3",
)

FILES = ("conf/nginx.conf", "k8s/ingress.yaml", "conf/clean.conf", "certs/big.pem")


def source_file(path: str) -> SourceFile:
    kind = "certificate" if path.endswith(".pem") else "nginx"
    return SourceFile(path, f"/abs/{path}", kind, 100)


def build_result(
    root: Path,
    findings: list[Finding] | None = None,
    baselined: list[Finding] | None = None,
    suppressed: list[SuppressedFinding] | None = None,
    incomplete: dict[str, str] | None = None,
) -> Result:
    model = Model(
        files=[source_file(p) for p in FILES],
        incomplete={"certs/big.pem": INCOMPLETE_REASON} if incomplete is None else incomplete,
    )
    return Result(
        root=root,
        policy=build_policy("intermediate", {}),
        now=NOW,
        findings=[SSLV3, PROTOCOL, HSTS, PROTOCOL_INHERITED, SKIPPED]
        if findings is None
        else findings,
        suppressed=[SUPPRESSED] if suppressed is None else suppressed,
        baselined=baselined or [],
        model=model,
        rules=RULES,
    )


@pytest.fixture
def result(tmp_path: Path) -> Result:
    """Five findings (one with a fix, one without column, one at line 0), one suppressed,
    one incomplete file and one clean file."""
    return build_result(tmp_path)


@pytest.fixture
def make_result(tmp_path: Path) -> Callable[..., Result]:
    return lambda **kwargs: build_result(tmp_path, **kwargs)


@pytest.fixture
def schema_file() -> Callable[[str], Path]:
    """The path of an upstream schema in tests/reference/schemas."""

    def locate(name: str) -> Path:
        path = SCHEMAS / name
        assert path.is_file(), f"{path} is missing from tests/reference"
        return path

    return locate
