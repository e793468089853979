"""The JUnit XML report: valid against the Ant JUnit schema, one case per (rule, file)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from tlslint.formats import renderer
from tlslint.formats.junit import render
from tlslint.model import Finding, Location, Severity
from tlslint.pipeline.run import Result


def parse(result: Result) -> ET.Element:
    return ET.fromstring(render(result))


def cases(suite: ET.Element, classname: str) -> dict[str, ET.Element]:
    return {c.get("name", ""): c for c in suite.iter("testcase") if c.get("classname") == classname}


def test_validates_against_junit_xsd(
    result: Result, make_result: Callable[..., Result], schema_file: Callable[[str], Path]
) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is needed to validate XSD")
    schema = xmlschema.XMLSchema(str(schema_file("JUnit.xsd")))
    schema.validate(render(result))
    schema.validate(render(make_result(findings=[], suppressed=[], incomplete={})))


def test_suite_attributes(result: Result) -> None:
    suite = parse(result)
    assert suite.tag == "testsuite"
    assert suite.get("name") == "tlslint"
    assert suite.get("timestamp") == "2025-03-01T12:30:45"
    # 4 failing (rule, file) pairs + 1 clean file + 1 incomplete file
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("6", "4", "1")
    assert suite.get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["profile"] == "intermediate"
    assert props["suppressed"] == "1"


def test_one_failing_case_per_rule_and_file(result: Result) -> None:
    failing = cases(parse(result), "tlslint.rules")
    assert sorted(failing) == [
        "TLS001 file-skipped: certs/big.pem",
        "TLS101 deprecated-protocol: conf/nginx.conf",
        "TLS101 deprecated-protocol: k8s/ingress.yaml",
        "TLS201 hsts-missing: conf/nginx.conf",
    ]
    failure = failing["TLS101 deprecated-protocol: conf/nginx.conf"].find("failure")
    assert failure is not None
    assert failure.get("type") == "TLS101"
    assert failure.get("message") == "2 findings (worst: high)"
    assert failure.text == (
        "conf/nginx.conf:12: high TLSv1 and TLSv1.1 are enabled\n"
        "    fix: Use ssl_protocols TLSv1.2 TLSv1.3;\n"
        "conf/nginx.conf:30: high TLSv1 is enabled (inherited from http{})"
    )
    single = failing["TLS101 deprecated-protocol: k8s/ingress.yaml"].find("failure")
    assert single is not None
    assert single.get("message") == "SSLv3 is enabled"
    assert single.text == "k8s/ingress.yaml:3: critical SSLv3 is enabled"


def test_findings_at_line_zero_have_no_line(result: Result) -> None:
    failing = cases(parse(result), "tlslint.rules")
    failure = failing["TLS001 file-skipped: certs/big.pem"].find("failure")
    assert failure is not None
    assert failure.text == "certs/big.pem: info certs/big.pem was not read: too large"


def test_special_characters_survive_escaping(result: Result) -> None:
    text = render(result)
    failure = cases(ET.fromstring(text), "tlslint.rules")["TLS201 hsts-missing: conf/nginx.conf"]
    element = failure.find("failure")
    assert element is not None
    assert element.get("message") == "HSTS missing, see: 100% of servers\nsecond line"
    assert "&#10;" in text  # the newline in the attribute is kept as a character reference


def test_control_characters_are_replaced(make_result: Callable[..., Result]) -> None:
    bad = Finding(
        "TLS201", "hsts-missing", Severity.MEDIUM, "bell\x07 <&>", Location("conf/nginx.conf", 1)
    )
    suite = parse(make_result(findings=[bad], suppressed=[]))
    failure = next(suite.iter("failure"))
    assert failure.get("message") == "bell\ufffd <&>"


def test_clean_and_incomplete_files(result: Result) -> None:
    files = cases(parse(result), "tlslint.files")
    assert sorted(files) == ["certs/big.pem", "conf/clean.conf"]
    assert list(files["conf/clean.conf"]) == []
    skipped = files["certs/big.pem"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == (
        "not fully analysed: file larger than max_file_size (1048576 bytes)"
    )


def test_system_out_summarises(result: Result) -> None:
    out = parse(result).find("system-out")
    assert out is not None and out.text is not None
    assert out.text.startswith("tlslint: 5 findings (1 critical, 2 high, 1 medium, 1 info)")
    assert "not fully analysed: certs/big.pem: file larger than" in out.text


def test_suppressed_and_baselined_are_not_failures(
    result: Result, make_result: Callable[..., Result]
) -> None:
    suite = parse(make_result(findings=[], baselined=list(result.findings)))
    assert suite.get("failures") == "0"
    assert sorted(cases(suite, "tlslint.files")) == [
        "certs/big.pem",
        "conf/clean.conf",
        "conf/nginx.conf",
        "k8s/ingress.yaml",
    ]


def test_registered_as_junit(result: Result) -> None:
    assert renderer("junit")(result) == render(result)
