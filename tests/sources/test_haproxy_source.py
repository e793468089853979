"""The HAProxy source: HAProxy's own quoting rules, inheritance from ``global``, per-bind and
per-crt-list-entry overrides, defaults by version, certificates linked by path, backend
verification, HSTS and redirects, hostile input, and minimal fixes ``haproxy -c`` accepts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import certfactory
from tests.helpers import NOW, lint
from tlslint.cli import main
from tlslint.model import Endpoint, Origin
from tlslint.sources import SOURCES, by_content
from tlslint.sources.haproxy.parser import parse, tokenize

GLOBAL = """\
global
    ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets
    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256
    ssl-default-bind-curves X25519:prime256v1

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
"""


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def endpoints(root: Path) -> dict[str, Endpoint]:
    result = lint(root)
    return {e.name: e for e in result.model.endpoints if e.source == "haproxy"}


def findings(root: Path) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.path, f.line) for f in lint(root).findings}


# -- parsing -----------------------------------------------------------------------------------


def test_words_follow_haproxys_quoting_and_escaping() -> None:
    words, error = tokenize(r"""  log-format "%t %s"' %b'\ x  'a\ b' "c\"d" e\#f #comment""")
    assert error is None
    assert [w.text for w in words] == ["log-format", "%t %s %b x", r"a\ b", 'c"d', "e#f"]
    assert words[1].column == 14 and words[1].quoted
    assert tokenize('http-response set-header X "a')[1] == "unmatched double quote"
    assert tokenize(r"x \x41\t")[0][1].text == "A\t"


def test_a_trailing_backslash_continues_nothing_as_haproxy_c_says() -> None:
    parsed = parse("global\n    ssl-default-bind-options \\\n    ssl-min-ver TLSv1.2\n", "h.cfg")
    statements = parsed.sections[0].statements
    assert [s.keyword for s in statements] == ["ssl-default-bind-options", "ssl-min-ver"]
    assert statements[0].args == ["\\"]


def test_sections_hold_their_statements() -> None:
    parsed = parse(GLOBAL + "frontend www\n  bind :443 ssl crt a.pem\nbackend app\n", "h.cfg")
    assert [(s.kind, s.name, s.line) for s in parsed.sections] == [
        ("global", "", 1),
        ("defaults", "", 6),
        ("frontend", "www", 11),
        ("backend", "app", 13),
    ]


def test_configs_are_claimed_by_name_and_content() -> None:
    source = SOURCES["haproxy"]
    assert source.claims("haproxy.cfg", "haproxy.cfg", b"")
    assert source.claims("edge.cfg", "etc/haproxy/edge.cfg", b"")
    assert source.claims("lb.cfg", "deploy/lb.cfg", b"frontend www\n  bind :443 ssl crt x\n")
    assert not source.claims("setup.cfg", "setup.cfg", b"[metadata]\nname = x\n")
    assert not source.claims("lb.conf", "lb.conf", b"server { listen 443 ssl; }\n")
    assert by_content(b"global\n  ssl-default-bind-options ssl-min-ver TLSv1.2\n") == "haproxy"
    order = list(SOURCES)
    assert order.index("haproxy") < order.index("renewal")


# -- settings and their origins ------------------------------------------------------------------


def test_binds_inherit_global_defaults_and_their_own_keywords_override(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL
        + "frontend www\n"
        + "    bind :443 ssl crt /etc/haproxy/site.pem\n"
        + "    bind :8443 ssl crt /etc/haproxy/site.pem ssl-min-ver TLSv1.3 ciphers AES128-SHA\n",
    )
    found = endpoints(tmp_path)
    plain = found["frontend www bind :443"]
    assert plain.protocols is not None and plain.protocols.value == {"TLSv1.2", "TLSv1.3"}
    assert plain.protocols.origin is Origin.INHERITED and plain.protocols.location.line == 2
    assert plain.ciphers is not None and plain.ciphers.location.line == 3
    assert plain.prefer_server_ciphers is not None and plain.prefer_server_ciphers.value is False
    assert plain.session_tickets is not None and plain.session_tickets.value is False
    assert plain.ecdh_curves is not None and plain.ecdh_curves.value == ("X25519", "prime256v1")
    own = found["frontend www bind :8443"]
    assert own.protocols is not None and own.protocols.value == {"TLSv1.3"}
    assert own.protocols.origin is Origin.WRITTEN
    assert (own.protocols.location.line, own.protocols.location.column) == (13, 46)
    assert own.ciphers is not None and own.ciphers.value.suites == ("AES128-SHA",)


def test_no_and_force_keywords_and_bounds(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        "global\n    ssl-default-bind-options ssl-min-ver TLSv1.0 no-tlsv11\n"
        "frontend a\n    mode tcp\n"
        "    bind :1 ssl crt x.pem\n"
        "    bind :2 ssl crt x.pem force-tlsv12\n"
        "    bind :3 ssl crt x.pem ssl-max-ver TLSv1.2 no-sslv3\n",
    )
    found = endpoints(tmp_path)
    assert found["frontend a bind :1"].protocols.value == {"TLSv1", "TLSv1.2", "TLSv1.3"}  # type: ignore[union-attr]
    assert found["frontend a bind :2"].protocols.value == {"TLSv1.2"}  # type: ignore[union-attr]
    assert found["frontend a bind :3"].protocols.value == {"TLSv1", "TLSv1.2"}  # type: ignore[union-attr]
    # tcp mode: no HTTP header and no plain-HTTP endpoint to judge
    assert found["frontend a bind :1"].hsts is None
    assert all(e.tls for e in found.values())


@pytest.mark.parametrize(
    ("version", "openssl", "expected"),
    [
        (None, None, {"TLSv1.2", "TLSv1.3"}),
        ("2.6.12", "3.0.15", {"TLSv1.2", "TLSv1.3"}),
        ("2.1.12", "1.1.1", {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}),
        ("2.1.12", "1.1.0", {"TLSv1", "TLSv1.1", "TLSv1.2"}),
        ("1.7.14", "1.0.2", {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}),
    ],
)
def test_defaults_follow_the_haproxy_and_openssl_version(
    tmp_path: Path, version: str | None, openssl: str | None, expected: set[str]
) -> None:
    write(tmp_path, "haproxy.cfg", "frontend a\n    bind :443 ssl crt x.pem\n")
    if version:
        write(
            tmp_path,
            ".tlslint.yaml",
            f"haproxy:\n  version: '{version}'\n  openssl_version: '{openssl}'\n",
        )
    endpoint = endpoints(tmp_path)["frontend a bind :443"]
    assert endpoint.protocols is not None and endpoint.protocols.value == expected
    assert endpoint.protocols.origin is Origin.DEFAULT
    assert "HAProxy" in endpoint.protocols.note
    assert endpoint.prefer_server_ciphers is not None and endpoint.prefer_server_ciphers.value


# -- certificates, crt directories and crt-list -------------------------------------------------


def test_certificates_are_linked_by_path_crt_directories_and_crt_base(tmp_path: Path) -> None:
    leaf = certfactory.leaf("www.example.com", days_before=400, days_after=-2)
    other = certfactory.leaf("api.example.com")
    write(tmp_path, "haproxy/certs/www.pem", leaf.pem + leaf.key_pem())
    write(tmp_path, "haproxy/certs/www.pem.ocsp", b"not a certificate")
    write(tmp_path, "haproxy/more/api.pem", other.pem)
    write(
        tmp_path,
        "haproxy/haproxy.cfg",
        "global\n    crt-base /etc/haproxy\n"
        "frontend www\n"
        "    bind :443 ssl crt /etc/haproxy/certs/\n"
        "    bind :8443 ssl crt more/api.pem\n",
    )
    found = endpoints(tmp_path)
    refs = found["frontend www bind :443"].certificates
    assert [(r.reference, r.key) for r in refs] == [
        ("/etc/haproxy/certs/", "file:haproxy/certs/www.pem")
    ]
    assert [r.key for r in found["frontend www bind :8443"].certificates] == [
        "file:haproxy/more/api.pem"
    ]
    assert ("TLS401", "haproxy/certs/www.pem", 1) in findings(tmp_path)
    certificates = lint(tmp_path).model.objects["certificates"]
    served = {c.path: c.served_by for c in certificates}
    assert served["haproxy/certs/www.pem"] == ("frontend www bind :443",)


def test_crt_list_entries_with_options_are_endpoints_of_their_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy/crt-list.txt",
        "# certificate [options] sni filters\n"
        "/etc/haproxy/certs/www.pem www.example.com\n"
        "/etc/haproxy/certs/legacy.pem [ssl-min-ver TLSv1.0 ciphers AES128-SHA]"
        " legacy.example.com\n",
    )
    write(
        tmp_path,
        "haproxy/haproxy.cfg",
        GLOBAL + "frontend www\n    bind :443 ssl crt-list /etc/haproxy/crt-list.txt\n",
    )
    found = endpoints(tmp_path)
    main_bind = found["frontend www bind :443"]
    assert main_bind.hosts == ("www.example.com",)
    assert [r.reference for r in main_bind.certificates] == ["/etc/haproxy/certs/www.pem"]
    legacy = found["frontend www bind :443 crt-list haproxy/crt-list.txt:3"]
    assert legacy.hosts == ("legacy.example.com",)
    assert legacy.protocols is not None
    assert legacy.protocols.value == {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}
    assert (legacy.protocols.location.path, legacy.protocols.location.line) == (
        "haproxy/crt-list.txt",
        3,
    )
    got = findings(tmp_path)
    assert ("TLS101", "haproxy/crt-list.txt", 3) in got
    assert ("TLS111", "haproxy/crt-list.txt", 3) in got


# -- backends, HSTS, redirects ---------------------------------------------------------------------


def test_backend_verification_follows_server_default_server_and_global(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        "global\n    ssl-server-verify none\n"
        "defaults\n    mode http\n"
        "frontend www\n    bind :443 ssl crt x.pem\n    use_backend a if { path_beg /a }\n"
        "    default_backend b\n"
        "backend a\n    default-server ssl verify required ca-file /etc/ssl/ca.pem\n"
        "    server a1 10.0.0.1:443\n"
        "backend b\n    server b1 10.0.0.2:443 ssl\n    server b2 10.0.0.3:80\n",
    )
    endpoint = endpoints(tmp_path)["frontend www bind :443"]
    upstreams = {u.target: u for u in endpoint.upstreams}
    assert set(upstreams) == {"a1 10.0.0.1:443", "b1 10.0.0.2:443"}
    assert upstreams["a1 10.0.0.1:443"].verify.value is True
    assert upstreams["a1 10.0.0.1:443"].trusted_ca.value == "/etc/ssl/ca.pem"  # type: ignore[union-attr]
    unverified = upstreams["b1 10.0.0.2:443"].verify
    assert unverified.value is False and unverified.location.line == 2  # ssl-server-verify none
    assert {(r, line) for r, _, line in findings(tmp_path) if r == "TLS703"} == {("TLS703", 2)}


@pytest.mark.parametrize(
    ("line", "max_age", "subdomains"),
    [
        (
            "http-response set-header Strict-Transport-Security"
            ' "max-age=63072000; includeSubDomains"',
            63072000,
            True,
        ),
        ("http-response add-header Strict-Transport-Security max-age=600", 600, False),
        (
            "http-after-response set-header Strict-Transport-Security max-age=31536000",
            31536000,
            False,
        ),
        (r"rspadd Strict-Transport-Security:\ max-age=31536000", 31536000, False),
    ],
)
def test_hsts_is_read_from_each_way_of_writing_it(
    tmp_path: Path, line: str, max_age: int, subdomains: bool
) -> None:
    write(
        tmp_path, "haproxy.cfg", GLOBAL + f"frontend www\n    bind :443 ssl crt x.pem\n    {line}\n"
    )
    hsts = endpoints(tmp_path)["frontend www bind :443"].hsts
    assert hsts is not None and hsts.value is not None
    assert (hsts.value.max_age, hsts.value.include_subdomains) == (max_age, subdomains)
    assert hsts.origin is Origin.WRITTEN and hsts.location.line == 13


def test_hsts_set_by_the_default_backend_counts(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL
        + "frontend www\n    bind :443 ssl crt x.pem\n    default_backend app\n"
        + "backend app\n    http-response set-header Strict-Transport-Security max-age=63072000\n"
        + "    server s 10.0.0.1:80\n",
    )
    hsts = endpoints(tmp_path)["frontend www bind :443"].hsts
    assert hsts is not None and hsts.value is not None and hsts.origin is Origin.INHERITED


@pytest.mark.parametrize(
    ("rule", "redirects"),
    [
        ("redirect scheme https code 301 if !{ ssl_fc }", True),
        ("http-request redirect scheme https unless { ssl_fc }", True),
        ("redirect prefix https://www.example.com code 308", True),
        ("redirect scheme https if { path_beg /login }", False),
        ("redirect scheme http", False),
    ],
)
def test_plain_binds_and_their_redirects(tmp_path: Path, rule: str, redirects: bool) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL + f"frontend www\n    bind :80\n    bind :443 ssl crt x.pem\n    {rule}\n"
        "    acl h hdr(host) -i www.example.com\n",
    )
    plain = endpoints(tmp_path)["frontend www bind :80"]
    assert not plain.tls and plain.redirects_to_https is not None
    assert plain.redirects_to_https.value is redirects
    assert (("TLS205", "haproxy.cfg", 12) in findings(tmp_path)) is not redirects


# -- renewals ------------------------------------------------------------------------------------


def test_a_certbot_renewal_without_hook_names_the_haproxy_that_serves_its_certificate(
    tmp_path: Path,
) -> None:
    """Renewals join HAProxy endpoints by their ``crt`` paths, as nginx endpoints."""
    write(
        tmp_path,
        "letsencrypt/renewal/example.com.conf",
        "version = 2.11.0\nfullchain = /etc/letsencrypt/live/example.com/fullchain.pem\n\n"
        "[renewalparams]\nauthenticator = webroot\n",
    )
    write(
        tmp_path,
        "haproxy/haproxy.cfg",
        GLOBAL
        + "frontend www\n    bind :443 ssl crt /etc/letsencrypt/live/example.com/fullchain.pem\n",
    )
    result = lint(tmp_path, select=["TLS611"])
    [finding] = result.findings
    assert (finding.path, finding.line) == ("letsencrypt/renewal/example.com.conf", 4)
    assert "HAProxy (haproxy.cfg, line 12)" in finding.message


# -- hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xef\xbb\xbfglobal\r\n  ssl-default-bind-options ssl-min-ver TLSv1.0\r\n",
        b"frontend a\n  bind :443 ssl crt \xff\xfe.pem\n",
        b"frontend a\n  bind :443 ssl crt\n  bind\n  bind :1 ssl ciphers\n",
        b"frontend a\n" + b"  bind :443 ssl crt-list /dev/zero\n" * 3,
        b"frontend a\n  bind :443 ssl crt ../../../../etc/ssl/private/\n",
        b"frontend a\n" + b"  acl h hdr(host) -i " + b"a.example.com " * 5000 + b"\n",
        b"frontend " + b"x" * 200_000 + b"\n  bind :443 ssl\n",
        b"frontend a\n  bind :443 ssl crt x 'unterminated\n  bind :8443 ssl\n",
        b"global\n" + b"  ssl-default-bind-options no-sslv3\n" * 20_000,
    ],
)
def test_hostile_input_never_crashes_hangs_or_escapes_the_root(
    tmp_path: Path, content: bytes
) -> None:
    write(tmp_path, "repo/haproxy.cfg", content)
    result = lint(tmp_path / "repo")
    assert all(f.rule_id != "TLS000" or f.path == "haproxy.cfg" for f in result.findings)
    for endpoint in result.model.endpoints:
        assert all(r.key is None or not r.key.startswith("file:..") for r in endpoint.certificates)


def test_an_unmatched_quote_is_a_parse_error_at_its_line_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL + "frontend a\n    bind :443 ssl crt 'x.pem\n    bind :8443 ssl crt y.pem\n",
    )
    result = lint(tmp_path)
    assert ("TLS000", "haproxy.cfg", 12) in {(f.rule_id, f.path, f.line) for f in result.findings}
    assert "frontend a bind :8443" in {e.name for e in result.model.endpoints}
    assert "haproxy.cfg" in result.model.incomplete


def test_a_crt_directory_symlinked_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pem").write_text("x")
    repo = tmp_path / "repo"
    write(repo, "haproxy.cfg", "frontend a\n    bind :443 ssl crt certs/\n")
    (repo / "certs").symlink_to(outside)
    endpoint = endpoints(repo)["frontend a bind :443"]
    assert [r.key for r in endpoint.certificates] == [None]


# -- fixes ---------------------------------------------------------------------------------------

WEAK = """\
global
    ssl-default-bind-options no-sslv3 ssl-min-ver TLSv1.0 no-tls-tickets  # legacy clients
    ssl-default-bind-ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind 127.0.0.1:80
    bind 127.0.0.1:443 ssl crt {crt} curves secp224r1:prime256v1
    http-response set-header Strict-Transport-Security max-age=600
    acl is_www hdr(host) -i www.example.com
    default_backend app

backend app
    server app1 127.0.0.1:8080
"""


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found is None:
        pytest.skip("haproxy is not installed (CI installs it: apt-get install haproxy)")
    return found


def test_fix_makes_minimal_edits_that_haproxy_accepts_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leaf = certfactory.leaf("www.example.com")
    crt = write(tmp_path, "deployed/site.pem", leaf.pem + leaf.key_pem())
    repo = tmp_path / "repo"
    config = write(repo, "haproxy.cfg", WEAK.replace("{crt}", str(crt)))
    assert main(["fix", "--unsafe-fixes", "--now", NOW.date().isoformat(), str(repo)]) in (0, 1)
    capsys.readouterr()
    fixed = config.read_text(encoding="utf-8")
    before, after = WEAK.replace("{crt}", str(crt)).splitlines(), fixed.splitlines()
    assert (
        after[1]
        == "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets  # legacy clients"
    )
    assert after[2].startswith("    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:")
    assert "curves X25519:prime256v1" in fixed and "secp224r1" not in fixed
    assert "prefer-client-ciphers" in fixed
    assert 'Strict-Transport-Security "max-age=63072000"' in fixed
    assert "redirect scheme https code 301 if !{ ssl_fc }" in fixed
    unchanged = [line for line in before if line in after]
    assert len(unchanged) >= len(before) - 4  # only the judged lines moved
    main(["check", "--format", "json", "--now", NOW.date().isoformat(), str(repo)])
    left = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert left.isdisjoint({"TLS101", "TLS111", "TLS113", "TLS114", "TLS115", "TLS202", "TLS205"})
    main(["fix", "--unsafe-fixes", "--now", NOW.date().isoformat(), str(repo)])
    assert config.read_text(encoding="utf-8") == fixed
    done = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_fix_refuses_what_needs_a_person(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL + "frontend www\n    bind :443 ssl crt x.pem\n    default_backend b\n"
        "backend b\n    server b1 10.0.0.2:443 ssl verify none\n",
    )
    from tlslint.pipeline.fix import fix_preview
    from tlslint.pipeline.run import Options

    report = fix_preview(Options(paths=[tmp_path], root=tmp_path, now=NOW))
    assert "TLS703" in {f.rule_id for f in report.remaining}
    assert all("verify none" in c.fixed for c in report.changes.values())


def test_a_bind_without_host_rules_serves_its_certificates_names(tmp_path: Path) -> None:
    leaf = certfactory.leaf("shop.example.com")
    write(tmp_path, "haproxy/certs/shop.pem", leaf.pem + leaf.key_pem())
    write(
        tmp_path,
        "haproxy/haproxy.cfg",
        GLOBAL + "frontend www\n    bind :80\n    bind :443 ssl crt /etc/haproxy/certs/shop.pem\n",
    )
    found = endpoints(tmp_path)
    assert found["frontend www bind :443"].hosts == ("shop.example.com",)
    assert ("TLS205", "haproxy/haproxy.cfg", 12) in findings(tmp_path)


def test_an_unknown_tls_version_is_a_parse_error_where_it_is_written(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        "global\n    ssl-default-bind-options ssl-min-ver TLSv1.4\n"
        "frontend a\n    bind :1 ssl crt x.pem\n    bind :2 ssl crt x.pem ssl-max-ver tls13\n",
    )
    parse_errors = {
        (f.line, f.location.column) for f in lint(tmp_path).findings if f.rule_id == "TLS000"
    }
    assert parse_errors == {(2, 30), (5, 27)}


def test_a_missing_header_is_added_once_for_all_the_binds_of_a_frontend(tmp_path: Path) -> None:
    write(
        tmp_path,
        "haproxy.cfg",
        GLOBAL + "frontend www\n    bind :443 ssl crt x.pem\n    bind :8443 ssl crt x.pem\n",
    )
    assert main(["fix", "--unsafe-fixes", "--now", NOW.date().isoformat(), str(tmp_path)]) in (0, 1)
    lines = (tmp_path / "haproxy.cfg").read_text(encoding="utf-8").splitlines()
    assert lines[10:13] == [
        "frontend www",
        '    http-response set-header Strict-Transport-Security "max-age=63072000; '
        'includeSubDomains"',
        "    bind :443 ssl crt x.pem",
    ]
    assert sum("Strict-Transport-Security" in line for line in lines) == 1
