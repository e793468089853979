"""``tlslint probe`` against the real nginx on loopback, with certificates made at test time.

The central promise: the probe of a served config gives the same protocol, suite, header and
certificate findings as the static check of that config. Only what a config says and a server
cannot show (a protocol left to the default, ``always`` on add_header, a committed key…) is
left out of the comparison.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.generating import installed_versions
from tests.helpers import NOW, REFERENCE, lint
from tests.probing import HOST, Site, config_file, loopback_only, make_pki, ports, serving
from tlslint.cli import main

pytest.importorskip("nassl", reason="the probe needs nassl: pip install 'tlslint[probe]'")

# What a server shows: protocols, suites, groups, preference, HSTS, the redirect, the chain.
COMPARABLE = frozenset(
    {"TLS101", "TLS103", "TLS111", "TLS112", "TLS113", "TLS114", "TLS115", "TLS201", "TLS202",
     "TLS205", "TLS301", "TLS401", "TLS402", "TLS403", "TLS404", "TLS405", "TLS406", "TLS407",
     "TLS408", "TLS409", "TLS410", "TLS412", "TLS413", "TLS701"}
)  # fmt: skip
NOW_ARG = NOW.date().isoformat()


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with loopback_only(monkeypatch):
        yield


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def repo(tmp_path: Path, pki: dict[str, Path]) -> Path:
    """A repository: the served certificates copied in, and its .tlslint.yaml."""
    root = tmp_path / "repo"
    (root / "certs").mkdir(parents=True)
    for path in pki.values():
        if path.parent.name == "certs":
            (root / "certs" / path.name).write_bytes(path.read_bytes())
    config_file(root)
    return root


def weak_site(root: Path, https: int, http: int, cert: str = "good-full") -> str:
    certs = root / "certs"
    return f"""
server {{
    listen 127.0.0.1:{https} ssl;
    server_name {HOST};
    ssl_certificate {certs}/{cert}.pem;
    ssl_certificate_key {certs}/good.key;
    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0;
    ssl_prefer_server_ciphers on;
    ssl_ecdh_curve X25519:prime256v1:secp521r1;
    add_header Strict-Transport-Security "max-age=300" always;
    return 200 "ok\\n";
}}

server {{
    listen 127.0.0.1:{http};
    server_name {HOST};
    return 200 "plain\\n";
}}
"""


NGINX, OPENSSL = installed_versions()
INTERMEDIATE = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
)


def stapling_site(
    root: Path, https: int, http: int, cert: str, stapling: str = "", ciphers: str = INTERMEDIATE
) -> str:
    """An intermediate-profile server written by hand, with the OCSP lines given."""
    certs = root / "certs"
    return f"""
server {{
    listen 127.0.0.1:{https} ssl;
    server_name {HOST};
    ssl_certificate {certs}/{cert}.pem;
    ssl_certificate_key {certs}/{cert.split("-")[0]}.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers {ciphers};
    ssl_prefer_server_ciphers off;
    ssl_ecdh_curve X25519:prime256v1:secp384r1;
    ssl_session_tickets off;
    {stapling}
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    return 200 "ok\\n";
}}

server {{
    listen 127.0.0.1:{http};
    server_name {HOST};
    return 308 https://$host$request_uri;
}}
"""


def generated_site(root: Path, https: int, http: int, cert: str, *extra: str) -> str:
    out = root / "generated.conf"
    code, _, err = cli(
        "generate", "nginx", "--domain", HOST,
        "--cert", str(root / "certs" / f"{cert}.pem"),
        "--key", str(root / "certs" / f"{cert.split('-')[0]}.key"),
        "--https-port", str(https), "--http-port", str(http), "--listen", "127.0.0.1",
        "--nginx-version", NGINX, "--openssl-version", OPENSSL, "--output", str(out), *extra,
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    out.unlink()
    return text


def probe_json(site: Site, *extra: str) -> tuple[int, dict[str, object], str]:
    code, out, err = cli(
        "probe", site.target, "--servername", HOST, "--http-port", str(site.http),
        "--config", str(site.root / ".tlslint.yaml"), "--now", NOW_ARG, "--format", "json",
        *extra,
    )  # fmt: skip
    return code, json.loads(out), err


def live_rules(document: dict[str, object]) -> set[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return {f["rule"] for f in findings if f["rule"] in COMPARABLE}


def static_rules(root: Path, served: str) -> set[str]:
    result = lint(root)
    return {
        f.rule_id
        for f in result.findings
        if f.rule_id in COMPARABLE and (f.path.endswith("site.conf") or f.path == served)
    }


@dataclass(frozen=True)
class Case:
    """A served config, the certificate it serves, and the findings both sides must give."""

    build: Callable[..., str]
    cert: str
    expected: frozenset[str]
    lines: str = ""  # extra directives (stapling_site), or the generator's options
    mtls: bool = False
    profile: str = ""
    ciphers: str = INTERMEDIATE
    public: bool = False  # no private CA declared: the leaf is judged as a public one


NO_HSTS = 'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;'
CASES = {
    "weak": Case(
        weak_site, "good-full",
        frozenset({"TLS101", "TLS111", "TLS113", "TLS114", "TLS115", "TLS202", "TLS205"}),
    ),
    "generated": Case(generated_site, "good-full", frozenset()),
    "generated-modern-profile": Case(
        generated_site, "good-full", frozenset({"TLS103"}), profile="modern"
    ),
    "expired": Case(generated_site, "expired-full", frozenset({"TLS401"})),
    "wrong-host": Case(generated_site, "wronghost-full", frozenset({"TLS409"})),
    "missing-intermediate": Case(generated_site, "good-leafonly", frozenset({"TLS410"})),
    "mtls": Case(generated_site, "good-full", frozenset(), mtls=True),
    "ocsp-not-stapled": Case(stapling_site, "ocsp-full", frozenset({"TLS301"})),
    "ocsp-stapled": Case(
        stapling_site, "ocsp-full", frozenset(),
        lines="ssl_stapling on; ssl_stapling_file {root}/certs/ocsp.der;",
    ),
    "no-hsts": Case(stapling_site, "good-full", frozenset({"TLS201"}), lines="# no HSTS"),
    "suite-outside-profile": Case(
        stapling_site, "good-full", frozenset({"TLS112"}),
        ciphers=INTERMEDIATE + ":ECDHE-RSA-AES256-SHA384",
    ),
    "not-yet-valid": Case(stapling_site, "future-full", frozenset({"TLS404"})),
    "no-san": Case(stapling_site, "nosan-full", frozenset({"TLS408", "TLS409"})),
    # The policy's 398-day maximum is for public leaves; this one's root is a private CA.
    "long-lived-private": Case(stapling_site, "longlived-full", frozenset()),
    "long-lived-public": Case(stapling_site, "longlived-full", frozenset({"TLS407"}), public=True),
    "self-signed": Case(stapling_site, "selfsigned-leafonly", frozenset({"TLS412"})),
}  # fmt: skip


def served(case: Case, root: Path, https: int, http: int) -> str:
    if case.build is weak_site:
        return weak_site(root, https, http, case.cert)
    if case.build is stapling_site:
        text = stapling_site(
            root, https, http, case.cert, case.lines.format(root=root), case.ciphers
        )
        return text.replace(NO_HSTS, "") if case.lines == "# no HSTS" else text
    extra = ("--client-ca", str(root / "certs" / "client-ca.pem")) if case.mtls else ()
    return generated_site(root, https, http, case.cert, *extra)


@pytest.mark.parametrize("name", sorted(CASES))
def test_probe_agrees_with_the_static_check(
    name: str, tmp_path: Path, pki: dict[str, Path]
) -> None:
    case = CASES[name]
    root = repo(tmp_path, pki)
    if case.public:
        config = root / ".tlslint.yaml"
        config.write_text(config.read_text().replace("[certs/root.pem]", "[]"))
    if case.profile:
        with (root / ".tlslint.yaml").open("a", encoding="utf-8") as config:
            config.write(f"profile: {case.profile}\n")
    https, http = ports()
    probe_args = (
        ("--client-cert", str(pki["client"]), "--client-key", str(pki["client-key"]))
        if case.mtls
        else ()
    )
    with serving(root, served(case, root, https, http), https, http) as site:
        code, document, err = probe_json(site, *probe_args)
    assert code in (0, 1), err
    live = live_rules(document)
    assert live == case.expected
    assert static_rules(root, f"certs/{case.cert}.pem") == live
    findings = document["findings"]
    assert isinstance(findings, list)
    # Located at the endpoint, with the static check's severities.
    assert {f["path"] for f in findings} <= {site.target, f"127.0.0.1:{site.http}"}
    if "TLS101" in live:
        assert next(f for f in findings if f["rule"] == "TLS101")["severity"] == "high"
    if "TLS401" in live:
        assert next(f for f in findings if f["rule"] == "TLS401")["severity"] == "critical"


def test_json_and_sarif_are_schema_valid_and_agree(tmp_path: Path, pki: dict[str, Path]) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, weak_site(root, https, http), https, http) as site:
        code, document, _ = probe_json(site)
        sarif_code, sarif_text, _ = cli(
            "probe", site.target, "--servername", HOST, "--http-port", str(http),
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG, "--format", "sarif",
        )  # fmt: skip
    assert code == sarif_code == 1
    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "tlslint/schemas/report.schema.json").read_text()
    )
    jsonschema.validate(document, schema)
    sarif = json.loads(sarif_text)
    sarif_schema = json.loads((REFERENCE / "schemas/sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(sarif_schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    findings = document["findings"]
    assert isinstance(findings, list)
    assert sorted(r["ruleId"] for r in results) == sorted(f["rule"] for f in findings)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert f"127.0.0.1%3A{https}" in uris


def test_text_report_shows_the_measurement(tmp_path: Path, pki: dict[str, Path]) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, weak_site(root, https, http), https, http) as site:
        code, out, _ = cli(
            "probe", site.target, "--servername", HOST, "--http-port", str(http),
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG,
        )  # fmt: skip
    assert code == 1
    assert f"127.0.0.1:{https} (SNI {HOST}):" in out
    assert "TLSv1    AES128-SHA" in out
    assert "[server order]" in out
    assert "refused  SSLv3, TLSv1.1" in out
    assert "trusted (the private CA" in out
    assert "HSTS     max-age=300" in out
    assert "TLS101" in out
    assert (
        "findings (2 high, 3 medium, 1 low, 1 info) at 1 endpoint under the intermediate profile"
        in out
    )


def test_compliance_report_takes_live_evidence(tmp_path: Path, pki: dict[str, Path]) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, weak_site(root, https, http), https, http) as site:
        code, out, err = cli(
            "probe", site.target, "--servername", HOST, "--http-port", str(http),
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG,
            "--format", "compliance-json",
        )  # fmt: skip
    assert code == 1, err
    document = json.loads(out)
    text = json.dumps(document)
    assert f"live: measured at 127.0.0.1:{https}" in text
    assert "TLSv1 TLSv1.2 TLSv1.3" in text  # the protocols accepted, as TLS101's evidence
    assert "no redirect" in text or f"live: measured at 127.0.0.1:{http} on" in text


def test_certificate_evidence_names_the_served_leaf(tmp_path: Path, pki: dict[str, Path]) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, generated_site(root, https, http, "expired-full"), https, http) as site:
        code, out, err = cli(
            "probe", site.target, "--servername", HOST, "--http-port", str(http),
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG, "--format", "markdown",
        )  # fmt: skip
    assert code == 1, err
    assert "TLS401" in out
    assert f"live: measured at 127.0.0.1:{https}" in out
    assert "leaf CN=shop.example.com (SHA-256 " in out


def test_mtls_without_a_client_certificate_is_measured_and_explained(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    site_text = generated_site(
        root, https, http, "good-full", "--client-ca", str(root / "certs" / "client-ca.pem")
    )
    with serving(root, site_text, https, http) as site:
        code, out, _ = cli(
            "probe", site.target, "--servername", HOST, "--http-port", "0",
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG,
        )  # fmt: skip
    assert code == 0
    tls12 = next(line for line in out.splitlines() if line.startswith("  TLSv1.2"))
    assert "ECDHE-RSA-AES128-GCM-SHA256" in tls12
    assert "[client order]" in tls12
    assert "client certificate required" in out
    assert "the server requires a client certificate (mutual TLS)" in out
    assert "Only clients with a certificate from /CN=Test Client CA" in out
    assert "--client-cert client.pem --client-key client.key" in out


def test_a_client_certificate_from_another_ca_is_explained(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    site_text = generated_site(
        root, https, http, "good-full", "--client-ca", str(root / "certs" / "client-ca.pem")
    )
    with serving(root, site_text, https, http) as site:
        _, out, _ = cli(
            "probe", site.target, "--servername", HOST, "--http-port", "0",
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG,
            "--client-cert", str(pki["stranger"]), "--client-key", str(pki["stranger-key"]),
        )  # fmt: skip
    assert f"127.0.0.1:{https}: the server refused the client certificate" in out
    assert "issued by /CN=Test Client CA" in out
    assert "openssl verify -CAfile client-ca.pem client.pem" in out


@pytest.mark.parametrize(
    ("cert", "problem", "command"),
    [
        ("expired-full", "certificate has expired", "certbot renew"),
        ("good-leafonly", "unable to get local issuer certificate", "cat leaf.pem intermediate"),
        ("wronghost-full", f"hostname mismatch: the certificate does not cover {HOST}",
         "-ext subjectAltName"),
    ],
)  # fmt: skip
def test_classic_failures_are_explained_with_the_fix(
    cert: str, problem: str, command: str, tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, generated_site(root, https, http, cert), https, http) as site:
        _, out, _ = cli(
            "probe", site.target, "--servername", HOST, "--http-port", str(http),
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG,
        )  # fmt: skip
    assert f"127.0.0.1:{https}: {problem}" in out
    assert command in out


def test_handshake_failure_and_nothing_listening(tmp_path: Path, pki: dict[str, Path]) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    (closed,) = ports()[:1]
    with serving(root, weak_site(root, https, http), https, http):
        # The plain-HTTP port speaks no TLS: every handshake fails.
        code, out, err = cli(
            "probe", f"127.0.0.1:{http}", f"127.0.0.1:{closed}", "--http-port", "0",
            "--config", str(root / ".tlslint.yaml"), "--now", NOW_ARG, "--timeout", "3",
        )  # fmt: skip
    assert code == 2
    assert f"127.0.0.1:{http}: handshake failure" in out
    assert f"127.0.0.1:{closed}: connection failed" in out
    assert f"tlslint: error: 127.0.0.1:{closed} was not measured" in err
    assert f"tlslint: error: 127.0.0.1:{http} was not measured" in err


# --- live against the repository ----------------------------------------------------------


def probe_against(
    site: Site, against: Path, tmp_path: Path, *extra: str
) -> tuple[str, list[dict[str, Any]]]:
    differences = tmp_path / "differences.json"
    code, out, err = cli(
        "probe", site.target, "--servername", HOST, "--http-port", str(site.http),
        "--config", str(site.root / ".tlslint.yaml"), "--now", NOW_ARG,
        "--against", str(against), "--differences", str(differences), *extra,
    )  # fmt: skip
    assert code in (0, 1), err
    (comparison,) = json.loads(differences.read_text(encoding="utf-8"))
    assert isinstance(comparison, dict)
    return out, comparison["differences"]


def test_against_the_served_config_there_is_no_difference(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    with serving(root, weak_site(root, https, http), https, http) as site:
        out, differences = probe_against(site, root, tmp_path)
    assert differences == []
    assert "no difference: live matches the repository" in out


def test_against_another_config_lists_each_difference_with_side_and_cause(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    other = tmp_path / "other"
    other.mkdir()
    (other / "site.conf").write_text(generated_site(root, https, http, "good-full"))
    with serving(root, weak_site(root, https, http), https, http) as site:
        out, differences = probe_against(site, other, tmp_path)
    by_aspect = {(d["aspect"], d["live"]): d for d in differences}
    tls1 = by_aspect[("protocol", "accepts TLSv1")]
    assert tls1["trust"] == "live"
    assert "load balancer" in tls1["cause"] and "stale deployment" in tls1["cause"]
    assert ("cipher suite", "accepts AES128-SHA") in by_aspect
    assert by_aspect[("HSTS", "max-age=300")]["repository"].startswith("max-age=63072000")
    assert ("server cipher preference", "on") in by_aspect
    redirect = next(d for d in differences if d["aspect"] == "HTTP→HTTPS redirect")
    assert redirect["live"].startswith("serves plain HTTP")
    assert ("ECDH group", "accepts secp521r1") in by_aspect
    assert ("ECDH group", "refuses secp384r1") in by_aspect
    ecdsa = by_aspect[("cipher suite", "refuses ECDHE-ECDSA-AES128-GCM-SHA256")]
    assert "another key type" in ecdsa["cause"]
    assert "Live against the repository:" in out


def test_a_protocol_the_servers_openssl_refuses_trusts_the_repository(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    """TLS 1.0 written, but OpenSSL 3's security level refuses it: live hides a config bug."""
    root = repo(tmp_path, pki)
    https, http = ports()
    site_text = weak_site(root, https, http).replace(
        "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA",
    )
    with serving(root, site_text, https, http) as site:
        _, differences = probe_against(site, root, tmp_path)
        _code, document, _ = probe_json(site)
    accepted = any(f["rule"] == "TLS101" for f in document["findings"])  # type: ignore[union-attr]
    protocol = [d for d in differences if d["aspect"] == "protocol"]
    if accepted:  # an OpenSSL built without a floor serves what the config says
        assert protocol == []
    else:
        (tls1,) = protocol
        assert tls1["repository"].startswith("enables TLSv1 ")
        assert tls1["live"] == "refuses TLSv1"
        assert tls1["trust"] == "repository"
        assert "OpenSSL" in tls1["cause"]


def test_a_renewed_certificate_not_yet_served_is_a_stale_deployment(
    tmp_path: Path, pki: dict[str, Path]
) -> None:
    root = repo(tmp_path, pki)
    https, http = ports()
    served = generated_site(root, https, http, "expired-full")
    other = tmp_path / "other"
    (other / "certs").mkdir(parents=True)
    for name in ("good-full.pem", "root.pem"):
        (other / "certs" / name).write_bytes((root / "certs" / name).read_bytes())
    (other / "site.conf").write_text(
        served.replace(str(root / "certs" / "expired-full.pem"), str(other / "certs/good-full.pem"))
    )
    with serving(root, served, https, http) as site:
        _, differences = probe_against(site, other, tmp_path)
    (cert,) = [d for d in differences if d["aspect"] == "certificate"]
    assert cert["trust"] == "live"
    assert "renewed certificate is in the repository" in cert["cause"]


def test_the_repository_endpoint_can_be_named(tmp_path: Path, pki: dict[str, Path]) -> None:
    """Behind a load balancer the names differ: --against-endpoint says which one is meant."""
    root = repo(tmp_path, pki)
    https, http = ports()
    other = tmp_path / "other"
    other.mkdir()
    (other / "site.conf").write_text(
        generated_site(root, https, http, "good-full").replace(HOST, "internal.example.net")
    )
    with serving(root, weak_site(root, https, http), https, http) as site:
        out, differences = probe_against(site, other, tmp_path)
        assert differences == []
        assert f"no repository endpoint serves {HOST}" in out
        out, differences = probe_against(site, other, tmp_path, "--against-endpoint", "site.conf")
    assert "chosen with --against-endpoint" in out
    assert ("protocol", "accepts TLSv1") in {(d["aspect"], d["live"]) for d in differences}
