"""The Apache httpd source: syntax, includes, inheritance, defaults, and findings at the
lines where the fixture repositories plant them (tests/fixtures/apache/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, lint
from tlslint.cli import main
from tlslint.pipeline.discover import classify
from tlslint.sources import by_content
from tlslint.sources.apache import APACHE
from tlslint.sources.apache.endpoints import protocol_arithmetic
from tlslint.sources.apache.parser import parse, walk

APACHE_FIXTURES = FIXTURES / "apache"

# (rule, path, line) for every planted problem; each "-clean" twin has none.
EXPECTED = {
    "debian-weak": {
        ("TLS111", "apache2/mods-enabled/ssl.conf", 7),
        ("TLS112", "apache2/mods-enabled/ssl.conf", 7),
        ("TLS113", "apache2/mods-enabled/ssl.conf", 7),
        ("TLS101", "apache2/mods-enabled/ssl.conf", 8),
        ("TLS205", "apache2/sites-enabled/example.conf", 1),
        ("TLS301", "apache2/sites-enabled/example.conf", 8),
        ("TLS114", "apache2/sites-enabled/example.conf", 16),
        ("TLS202", "apache2/sites-enabled/example.conf", 19),
        ("TLS203", "apache2/sites-enabled/example.conf", 19),
        ("TLS703", "apache2/sites-enabled/example.conf", 22),
        # the served certificate is deployed, not committed: an evidence gap (info)
        ("TLS415", "apache2/sites-enabled/example.conf", 14),
    },
    "debian-clean": set(),
    "certbot": {
        # certbot's shipped options-ssl-apache.conf still allows two DHE suites
        ("TLS112", "apache2/sites-available/example-le-ssl.conf", 6),
        ("TLS415", "apache2/sites-available/example-le-ssl.conf", 7),
        ("TLS611", "letsencrypt/renewal/example.com.conf", 4),
    },
    "rhel": {
        ("TLS201", "httpd/conf.d/ssl.conf", 4),
        ("TLS101", "httpd/conf.d/ssl.conf", 7),
        ("TLS111", "httpd/conf.d/ssl.conf", 9),
        ("TLS112", "httpd/conf.d/ssl.conf", 9),
        ("TLS113", "httpd/conf.d/ssl.conf", 9),
        ("TLS000", "httpd/conf.d/ssl.conf", 15),
        ("TLS415", "httpd/conf.d/ssl.conf", 10),
    },
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_findings_are_exactly_the_planted_ones(case: str) -> None:
    result = lint(APACHE_FIXTURES / case)
    found = {(f.rule_id, f.path, f.line) for f in result.findings}
    assert found == EXPECTED[case], sorted(found)


def test_every_fixture_file_is_read_by_the_apache_source() -> None:
    for case in ("debian-weak", "debian-clean", "rhel"):
        for file in (APACHE_FIXTURES / case).rglob("*.conf"):
            rel = file.relative_to(APACHE_FIXTURES / case).as_posix()
            assert classify(file.name, rel, file.read_bytes()[:8192]) == "apache", rel


def test_server_wide_settings_are_inherited_with_their_origin() -> None:
    result = lint(APACHE_FIXTURES / "debian-weak")
    (tls,) = [e for e in result.model.endpoints if e.source == "apache" and e.tls]
    assert tls.name == "VirtualHost example.com:443"
    assert tls.hosts == ("example.com", "www.example.com")
    assert tls.protocols is not None and tls.protocols.origin.value == "inherited"
    assert tls.protocols.location.path.endswith("mods-enabled/ssl.conf")
    assert tls.protocols.value == frozenset({"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})
    assert tls.ecdh_curves is not None and tls.ecdh_curves.value == (
        "X25519",
        "prime256v1",
        "secp384r1",
    )
    assert tls.session_tickets is not None and tls.session_tickets.is_default
    assert [r.role for r in tls.certificates] == ["certificate", "key"]


def test_certbot_options_file_is_read_as_certbot_ships_it() -> None:
    result = lint(APACHE_FIXTURES / "certbot")
    (tls,) = [e for e in result.model.endpoints if e.source == "apache"]
    assert tls.protocols is not None
    assert tls.protocols.value == frozenset({"TLSv1.2", "TLSv1.3"})
    assert "as certbot ships it" in tls.protocols.note
    assert tls.session_tickets is not None and tls.session_tickets.value is False
    assert tls.prefer_server_ciphers is not None and tls.prefer_server_ciphers.value is False
    # the include is known, so nothing is reported as unread
    assert not [p for p in result.model.problems if p.kind == "file-skipped"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["all"], {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}),
        (["all", "-SSLv3", "-TLSv1", "-TLSv1.1"], {"TLSv1.2", "TLSv1.3"}),
        (["-all", "+TLSv1.2"], {"TLSv1.2"}),
        (["+TLSv1.2", "+TLSv1.3"], {"TLSv1.2", "TLSv1.3"}),
        (["TLSv1.2", "TLSv1.3"], {"TLSv1.3"}),  # a bare word replaces the set
        (["all", "-SSLv2"], {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}),
        (["ALL", "-tlsv1"], {"TLSv1.1", "TLSv1.2", "TLSv1.3"}),
    ],
)
def test_sslprotocol_arithmetic(words: list[str], expected: set[str]) -> None:
    value, error = protocol_arithmetic(words, (2, 4, 62), (3, 0, 2))
    assert error is None and value == frozenset(expected)


def test_sslprotocol_depends_on_the_versions() -> None:
    assert "TLSv1.3" not in protocol_arithmetic(["all"], (2, 4, 35), (3, 0, 2))[0]
    assert "TLSv1.3" not in protocol_arithmetic(["all"], (2, 4, 62), (1, 0, 2))[0]
    assert "SSLv3" in protocol_arithmetic(["all"], (2, 4, 62), (1, 0, 2))[0]
    assert protocol_arithmetic(["+TLSv1.3"], (2, 4, 29), None)[1] is not None
    assert protocol_arithmetic(["+SSLv2"], None, None)[1] == (
        "SSLProtocol: SSLv2 is no longer supported"
    )
    assert (
        protocol_arithmetic(["TLS1.2"], None, None)[1] == "SSLProtocol: Illegal protocol 'TLS1.2'"
    )


def test_parser_joins_continuations_strips_quotes_and_nests_sections() -> None:
    text = (
        "# comment\n"
        "<IfModule mod_ssl.c>\n"
        '  <VirtualHost *:443 "[::]:443">\n'
        "    SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256:\\\n"
        "ECDHE-RSA-AES256-GCM-SHA384\n"
        '    Header always set Strict-Transport-Security "max-age=1; \\"x\\""\n'
        "  </VirtualHost>\n"
        "</IfModule>\n"
    )
    parsed = parse(text, "a.conf")
    assert parsed.errors == []
    names = [(d.name, d.line) for d in walk(parsed.directives)]
    assert names == [
        ("IfModule", 2),
        ("VirtualHost", 3),
        ("SSLCipherSuite", 4),
        ("Header", 6),
    ]
    vhost = parsed.directives[0].block[0]  # type: ignore[index]
    assert vhost.args == ["*:443", "[::]:443"]
    cipher, header = vhost.block  # type: ignore[misc]
    assert cipher.args == ["ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"]
    assert (cipher.end_line, cipher.end_column) == (5, 28)
    assert header.args[-1] == 'max-age=1; "x"'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<VirtualHost *:443>\nSSLEngine on\n", "<VirtualHost> was not closed"),
        ("</VirtualHost>\n", "without matching"),
        ("<VirtualHost *:443\n</VirtualHost>\n", "missing closing '>'"),
        ('Header set X "unterminated\n', "unterminated"),
    ],
)
def test_what_httpd_refuses_to_parse_is_an_error_at_its_line(text: str, message: str) -> None:
    parsed = parse(text, "a.conf")
    assert parsed.errors and message in parsed.errors[0].message


def test_apache_and_nginx_content_signs_do_not_overlap() -> None:
    nginx = b"server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2;\n}\n"
    apache = b"<VirtualHost *:443>\n    SSLEngine on\n</VirtualHost>\n"
    assert by_content(apache, "site.conf.sample") == "apache"
    assert by_content(nginx, "site.conf.sample") == "nginx"
    assert not APACHE.matches_content(nginx)
    assert classify("site.conf", "sites-enabled/site.conf", nginx) == "nginx"
    assert classify("site.conf", "sites-enabled/site.conf", apache) == "apache"


def test_refused_directives_are_tls000_at_their_line(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(
        "<VirtualHost *:443>\n"
        "  SSLEngine on\n"
        "  SSLProtocol -all +TLSv1.2 TLS1.3\n"
        "  SSLHonorCipherOrder yes\n"
        "</VirtualHost>\n"
    )
    found = {(f.rule_id, f.line) for f in lint(tmp_path).findings if f.rule_id == "TLS000"}
    assert found == {("TLS000", 3), ("TLS000", 4)}


def test_version_gated_directives_are_refused_for_an_old_httpd(tmp_path: Path) -> None:
    (tmp_path / ".tlslint.yaml").write_text('apache:\n  version: "2.4.7"\n')
    (tmp_path / "site.conf").write_text(
        "<VirtualHost *:443>\n"
        "  SSLEngine on\n"
        "  SSLOpenSSLConfCmd Curves X25519\n"
        "  SSLSessionTickets off\n"
        "</VirtualHost>\n"
    )
    found = {(f.rule_id, f.line) for f in lint(tmp_path).findings if f.rule_id == "TLS000"}
    assert found == {("TLS000", 3), ("TLS000", 4)}


def test_includes_resolve_against_the_server_root_and_absolute_paths(tmp_path: Path) -> None:
    root = tmp_path / "deploy" / "apache2"
    (root / "extra").mkdir(parents=True)
    (root / "apache2.conf").write_text(
        "Include extra/tls.conf\nIncludeOptional /etc/apache2/vhosts/*.conf\n"
    )
    (root / "extra" / "tls.conf").write_text("SSLProtocol all\n")
    (root / "vhosts").mkdir()
    (root / "vhosts" / "a.conf").write_text(
        "<VirtualHost *:443>\n  SSLEngine on\n  ServerName a.example\n</VirtualHost>\n"
    )
    result = lint(tmp_path)
    found = {(f.rule_id, f.path, f.line) for f in result.findings if f.rule_id == "TLS101"}
    assert found == {("TLS101", "deploy/apache2/extra/tls.conf", 1)}


def test_server_root_and_path_map_come_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "certs").mkdir()
    (tmp_path / ".tlslint.yaml").write_text(
        "apache:\n  server_root: conf\n  path_map:\n    /srv/shared/: certs/\n"
    )
    (tmp_path / "conf" / "main.conf").write_text(
        "Include /srv/shared/tls.conf\n<VirtualHost *:443>\n  SSLEngine on\n</VirtualHost>\n"
    )
    (tmp_path / "certs" / "tls.conf").write_text("SSLProtocol +TLSv1 +TLSv1.2\n")
    found = {(f.rule_id, f.path, f.line) for f in lint(tmp_path).findings if f.rule_id == "TLS101"}
    assert found == {("TLS101", "certs/tls.conf", 1)}


@pytest.mark.parametrize(
    ("include", "why"),
    [
        ("Include ../../outside.conf", "outside the scanned root"),
        ("Include /opt/other/x.conf", "not in the repository"),
        ("Include sites/loop.conf", "includes itself"),
    ],
)
def test_hostile_includes_are_reported_not_followed(tmp_path: Path, include: str, why: str) -> None:
    repo = tmp_path / "repo"
    (repo / "sites").mkdir(parents=True)
    (tmp_path / "outside.conf").write_text("SSLProtocol all\n")
    (repo / "sites" / "loop.conf").write_text("Include sites/loop.conf\n")
    (repo / "apache2.conf").write_text(f"{include}\n")
    result = lint(repo)
    messages = [p.message for p in result.model.problems]
    assert any(why in m for m in messages), messages
    assert not any("outside.conf" in f.path for f in result.findings)


def test_a_glob_matching_thousands_of_files_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "many").mkdir()
    for i in range(120):
        (tmp_path / "many" / f"{i:04}.conf").write_text("Include many/*.conf\n")
    (tmp_path / "apache2.conf").write_text("Include many/*.conf\n")
    result = lint(tmp_path)  # no hang, no traceback
    messages = {p.message for p in result.model.problems}
    assert any("includes itself" in m for m in messages), messages
    assert len(result.model.problems) < 300


@pytest.mark.parametrize(
    "data",
    [
        b"<VirtualHost *:443>\n" * 5000,
        b"SSLProtocol " + b"+TLSv1.2 " * 100000 + b"\n",
        b"\\\n" * 10000,
        b"<IfModule " + b"x" * 100000 + b">\n</IfModule>\n",
        "<VirtualHost *:443>\nServerName \u00e9\ud7ff\nSSLEngine on\n</VirtualHost>\n".encode(),
    ],
)
def test_hostile_files_give_findings_not_tracebacks(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "apache2.conf").write_bytes(data)
    lint(tmp_path)


FIXABLE = """\
<VirtualHost *:80>
    ServerName shop.example.com
    DocumentRoot /srv/shop
</VirtualHost>

<VirtualHost *:443>
    ServerName shop.example.com
    SSLEngine on
    SSLProtocol all -SSLv3
    SSLHonorCipherOrder on
    Header set Strict-Transport-Security "max-age=600"
</VirtualHost>
"""


def test_fix_edits_the_directives_minimally_and_rechecks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "sites-available" / "shop.conf"
    site.parent.mkdir()
    site.write_text(FIXABLE)
    assert main(["fix", "--unsafe-fixes", str(tmp_path)]) == 0
    fixed = site.read_text()
    assert "    SSLProtocol -all +TLSv1.2 +TLSv1.3\n" in fixed
    assert "    SSLHonorCipherOrder off\n" in fixed
    assert '    Header always set Strict-Transport-Security "max-age=63072000"\n' in fixed
    assert (
        "<VirtualHost *:80>\n"
        "    RewriteEngine on\n"
        "    RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=308,L]\n"
        "    ServerName shop.example.com\n"
    ) in fixed
    # the default cipher list (OpenSSL's DEFAULT) is stated on the line after <VirtualHost>
    assert "<VirtualHost *:443>\n    SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:" in fixed
    assert fixed.count("\n") == FIXABLE.count("\n") + 3
    capsys.readouterr()
    main(["check", "--format", "json", str(tmp_path)])
    import json

    left = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert left <= {"TLS301"}, left
    assert APACHE.check_syntax(fixed, "shop.conf") is None
    # fixing again changes nothing
    main(["fix", "--unsafe-fixes", str(tmp_path)])
    assert site.read_text() == fixed


def test_fix_overrides_certbots_shipped_file_after_its_include(tmp_path: Path) -> None:
    shutil.copytree(APACHE_FIXTURES / "certbot", tmp_path / "repo")
    site = tmp_path / "repo" / "apache2" / "sites-available" / "example-le-ssl.conf"
    main(["fix", str(tmp_path / "repo")])  # the renewal's missing hook needs a person
    lines = site.read_text().splitlines()
    assert lines[5] == "    Include /etc/letsencrypt/options-ssl-apache.conf"
    assert lines[6].startswith("    SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:")


def test_check_syntax_refuses_what_httpd_refuses() -> None:
    assert APACHE.check_syntax("<VirtualHost *:443>\n", "x.conf") is not None
    assert APACHE.check_syntax("SSLProtocol +TLSv9\n", "x.conf") is not None
    assert APACHE.check_syntax("SSLProtocol -all +TLSv1.2\n", "x.conf") is None
