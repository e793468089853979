"""The SARIF 2.1.0 report: schema-valid, and saying what GitHub code scanning reads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

from tlslint import __version__
from tlslint.formats import renderer
from tlslint.formats.common import sort_key
from tlslint.formats.sarif import render
from tlslint.pipeline.baseline import fingerprint
from tlslint.pipeline.run import Result


def sarif(result: Result) -> dict[str, Any]:
    return json.loads(render(result))  # type: ignore[no-any-return]


def run_of(result: Result) -> dict[str, Any]:
    return sarif(result)["runs"][0]  # type: ignore[no-any-return]


def by_rule(run: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["ruleId"] == rule_id]


def validate(document: dict[str, Any], schema_path: Path) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_validates_against_sarif_schema(
    result: Result, make_result: Callable[..., Result], schema_file: Callable[[str], Path]
) -> None:
    schema = schema_file("sarif-schema-2.1.0.json")
    validate(sarif(result), schema)
    validate(sarif(make_result(baselined=[result.findings[0]])), schema)
    validate(sarif(make_result(findings=[], suppressed=[], incomplete={})), schema)


def test_header_and_driver(result: Result) -> None:
    doc = sarif(result)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "tlslint"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")


def test_rules_are_the_active_rules_with_their_docs(result: Result) -> None:
    rules = run_of(result)["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TLS001", "TLS101", "TLS201", "TLS202", "TLS311"]
    tls101 = rules[1]
    assert tls101["name"] == "deprecated-protocol"
    assert tls101["shortDescription"]["text"] == "Old protocols are enabled"
    assert tls101["fullDescription"]["text"] == "Checks deprecated-protocol on every endpoint."
    assert tls101["help"]["markdown"].startswith("# TLS101 deprecated-protocol")
    assert "## Why it matters" in tls101["help"]["markdown"]
    assert "Because it matters." in tls101["help"]["text"]
    assert tls101["helpUri"] == "https://github.com/tlslint/tlslint/blob/main/docs/rules.md#tls101"
    assert tls101["defaultConfiguration"] == {"level": "error"}
    assert tls101["properties"] == {
        "security-severity": "7.5",
        "tags": ["security", "tls"],
        "precision": "high",
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels == {
        "TLS001": "note",
        "TLS101": "error",
        "TLS201": "warning",
        "TLS202": "note",
        "TLS311": "note",
    }


def test_result_levels_and_indexes_follow_each_finding(result: Result) -> None:
    run = run_of(result)
    rules = run["tool"]["driver"]["rules"]
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    sslv3 = next(r for r in by_rule(run, "TLS101") if r["properties"]["severity"] == "critical")
    assert sslv3["level"] == "error"
    assert sslv3["properties"]["security-severity"] == "9.5"
    assert sslv3["properties"]["endpoint"] == "Ingress shop/web"
    (hsts,) = by_rule(run, "TLS201")
    assert hsts["level"] == "warning"
    assert hsts["properties"]["security-severity"] == "5.0"
    (skipped,) = by_rule(run, "TLS001")
    assert skipped["level"] == "note"
    assert skipped["properties"] == {"security-severity": "1.0", "severity": "info"}


def test_message_joins_remediation_in_whole_sentences_and_keeps_text_verbatim(
    result: Result,
) -> None:
    (hsts,) = by_rule(run_of(result), "TLS201")
    assert hsts["message"]["text"] == (
        "HSTS missing, see: 100% of servers\nsecond line. "
        "Add add_header Strict-Transport-Security ... always;"
    )


def test_locations_and_regions(result: Result) -> None:
    run = run_of(result)
    protocol = next(r for r in by_rule(run, "TLS101") if "fixes" in r)
    physical = protocol["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "conf/nginx.conf", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 40}
    (hsts,) = by_rule(run, "TLS201")
    assert hsts["locations"][0]["physicalLocation"]["region"] == {"startLine": 8}
    (skipped,) = by_rule(run, "TLS001")
    physical = skipped["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "certs/big.pem", "uriBaseId": "%SRCROOT%"}}
    assert "region" not in physical


def test_src_root_is_a_directory_uri(result: Result) -> None:
    base = run_of(result)["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == result.root.as_uri() + "/"


def test_fingerprints(result: Result) -> None:
    run = run_of(result)
    reported = [r for r in run["results"] if "suppressions" not in r]
    assert [r["partialFingerprints"]["tlslint/v1"] for r in reported] == [
        fingerprint(f) for f in sorted(result.findings, key=sort_key)
    ]


def test_fix_is_emitted_as_replacement(result: Result) -> None:
    run = run_of(result)
    with_fix = [r for r in run["results"] if "fixes" in r]
    assert len(with_fix) == 1
    (fix,) = with_fix[0]["fixes"]
    assert fix["description"]["text"] == "Allow TLS 1.2 and 1.3 only"
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "conf/nginx.conf", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 40},
            "insertedContent": {"text": "ssl_protocols TLSv1.2 TLSv1.3;"},
        }
    ]


def test_suppressed_finding_is_reported_as_suppressed(result: Result) -> None:
    run = run_of(result)
    (suppressed,) = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "TLS202"
    assert suppressed["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "legacy clients until Q3"}
    ]
    assert len(run["results"]) == len(result.findings) + 1


def test_incomplete_files_are_notifications(result: Result) -> None:
    (invocation,) = run_of(result)["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "warning",
            "message": {"text": "file larger than max_file_size (1048576 bytes)"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "certs/big.pem", "uriBaseId": "%SRCROOT%"}
                    }
                }
            ],
        }
    ]


def test_no_baseline_state_without_a_baseline(result: Result) -> None:
    assert all("baselineState" not in r for r in run_of(result)["results"])


def test_baseline_state_when_a_baseline_was_used(
    result: Result, make_result: Callable[..., Result]
) -> None:
    known = result.findings[0]
    new = result.findings[1:]
    run = run_of(make_result(findings=new, baselined=[known]))
    states = {
        r["partialFingerprints"]["tlslint/v1"]: r.get("baselineState")
        for r in run["results"]
        if "suppressions" not in r
    }
    assert states == {fingerprint(known): "unchanged", **{fingerprint(f): "new" for f in new}}


def test_finding_of_an_inactive_rule_keeps_a_valid_index(
    make_result: Callable[..., Result],
) -> None:
    from tlslint.model import Finding, Location, Severity

    stray = Finding("TLS999", "stray-rule", Severity.MEDIUM, "odd", Location("a.conf", 1))
    run = run_of(make_result(findings=[stray], suppressed=[]))
    (item,) = run["results"]
    assert run["tool"]["driver"]["rules"][item["ruleIndex"]]["id"] == "TLS999"


def test_paths_are_uri_encoded(make_result: Callable[..., Result]) -> None:
    from tlslint.model import Finding, Location, Severity

    odd = Finding("TLS201", "hsts-missing", Severity.MEDIUM, "m", Location("my conf/a#b.conf", 2))
    (item,) = run_of(make_result(findings=[odd], suppressed=[]))["results"]
    uri = item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20conf/a%23b.conf"


def test_registered_as_sarif(result: Result) -> None:
    assert renderer("sarif")(result) == render(result)
