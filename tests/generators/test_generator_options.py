"""The option checks every generator shares: host names, versions, durations, paths, names."""

from __future__ import annotations

import pytest

from tlslint.generators.common import (
    GeneratorError,
    dns_name,
    go_duration,
    k8s_name,
    parse_version,
    safe_path,
    secret_name_for,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Example.COM.", "example.com"),
        ("*.example.com", "*.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("a-b.c0.example", "a-b.c0.example"),
    ],
)
def test_host_names_are_normalised(given: str, expected: str) -> None:
    assert dns_name(given) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "exa mple.com",
        "ex_ample.com",
        "-a.example.com",
        "a-.example.com",
        "a..example.com",
        "foo.*.example.com",
        "192.168.0.1",
        "x" * 64 + ".example.com",
        ("a." * 127) + "com",
    ],
)
def test_invalid_host_names_are_option_errors(bad: str) -> None:
    with pytest.raises(GeneratorError, match="not a valid DNS name"):
        dns_name(bad)


def test_a_wildcard_is_refused_where_it_cannot_be() -> None:
    with pytest.raises(GeneratorError):
        dns_name("*.example.com", wildcard=False)


def test_versions_durations_paths_and_names() -> None:
    assert parse_version("1.25.1", "--nginx-version") == (1, 25, 1)
    assert parse_version("1.0.2g", "--openssl-version") == (1, 0, 2)
    with pytest.raises(GeneratorError, match="not a version number"):
        parse_version("stable", "--nginx-version")
    assert go_duration("90d", "--duration") == ("2160h", 2160)
    assert go_duration("720h", "--renew-before") == ("720h", 720)
    for bad in ("90", "0d", "1w", "1.5h"):
        with pytest.raises(GeneratorError, match="not a duration"):
            go_duration(bad, "--duration")
    assert safe_path("/etc/nginx/tls/a.pem", "--cert") == "/etc/nginx/tls/a.pem"
    for bad in ("/a b.pem", "/a;b", '/a"b', "/a{b}", "$HOME/a.pem"):
        with pytest.raises(GeneratorError, match="nginx reads as syntax"):
            safe_path(bad, "--cert")
    assert k8s_name("web-1.shop", "--name") == "web-1.shop"
    for bad in ("Web", "-web", "web_1", ""):
        with pytest.raises(GeneratorError, match="not a valid Kubernetes name"):
            k8s_name(bad, "--name")
    assert secret_name_for("www.example.com") == "www-example-com-tls"
    assert secret_name_for("*.example.com") == "wildcard-example-com-tls"
