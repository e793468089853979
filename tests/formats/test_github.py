"""GitHub Actions workflow commands: levels, properties, escaping and the summary line."""

from __future__ import annotations

from collections.abc import Callable

from tlslint.formats import renderer
from tlslint.formats.github import escape_data, escape_property, render
from tlslint.model import Finding, Location, Severity
from tlslint.pipeline.run import Result


def lines(result: Result) -> list[str]:
    text = render(result)
    assert text.endswith("\n")
    return text.splitlines()


def test_escaping_rules() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def line_at(result: Result, prefix: str) -> str:
    return next(line for line in lines(result) if line.startswith(prefix))


def test_annotations_most_severe_first(result: Result) -> None:
    """GitHub shows ten annotations per level: the most severe come first."""
    out = lines(result)
    assert [line.split(" ", 1)[0] for line in out[:5]] == [
        "::error",  # k8s/ingress.yaml:3, critical
        "::error",  # conf/nginx.conf:12, high
        "::error",  # conf/nginx.conf:30, high
        "::warning",  # conf/nginx.conf:8, medium
        "::notice",  # certs/big.pem, info
    ]
    assert out[0].startswith("::error file=k8s/ingress.yaml")


def test_full_annotation_with_columns(result: Result) -> None:
    """Message and remediation, each a whole sentence on its own line."""
    assert line_at(result, "::error file=conf/nginx.conf,line=12") == (
        "::error file=conf/nginx.conf,line=12,col=5,endLine=12,endColumn=40,"
        "title=TLS101 deprecated-protocol::TLSv1 and TLSv1.1 are enabled."
        "%0AUse ssl_protocols TLSv1.2 TLSv1.3;"
    )


def test_message_escaping_and_no_column(result: Result) -> None:
    assert line_at(result, "::warning file=conf/nginx.conf,line=8") == (
        "::warning file=conf/nginx.conf,line=8,title=TLS201 hsts-missing::"
        "HSTS missing, see: 100%25 of servers%0Asecond line."
        "%0AAdd add_header Strict-Transport-Security ... always;"
    )


def test_line_zero_has_file_only(result: Result) -> None:
    assert line_at(result, "::notice file=certs/big.pem,title") == (
        "::notice file=certs/big.pem,title=TLS001 file-skipped::"
        "certs/big.pem was not read: too large."
    )


def test_property_escaping_in_paths(make_result: Callable[..., Result]) -> None:
    odd = Finding(
        "TLS311", "session-tickets-on", Severity.LOW, "m", Location("c:dir/a,b%.conf", 4, 2)
    )
    out = lines(make_result(findings=[odd], suppressed=[], incomplete={}))
    assert out[0] == (
        "::notice file=c%3Adir/a%2Cb%25.conf,line=4,col=2,title=TLS311 session-tickets-on::m."
    )


def test_incomplete_files_are_warnings(result: Result) -> None:
    assert (
        "::warning file=certs/big.pem::not fully analysed: file larger than "
        "max_file_size (1048576 bytes)" in lines(result)
    )


def test_summary_line_is_last_and_plain(result: Result) -> None:
    last = lines(result)[-1]
    assert not last.startswith("::")
    assert last == (
        "tlslint: 5 findings (1 critical, 2 high, 1 medium, 1 info) in 4 files under the "
        "intermediate profile; 1 suppressed, 1 file not fully analysed"
    )


def test_suppressed_and_baselined_are_not_annotated(
    result: Result, make_result: Callable[..., Result]
) -> None:
    out = lines(make_result(findings=[], baselined=list(result.findings), incomplete={}))
    assert out == [
        "tlslint: 0 findings in 4 files under the intermediate profile; "
        "1 suppressed, 5 in the baseline"
    ]


def test_registered_as_github(result: Result) -> None:
    assert renderer("github")(result) == render(result)
