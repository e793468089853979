"""certbot's options-ssl-nginx.conf: an include the repository cannot resolve is read as the
file certbot installs on the host, for the target nginx version."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.helpers import lint
from tlslint.model import Endpoint
from tlslint.sources.nginx.certbot_options import DATA, variant

SITE = """\
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;
    include /etc/letsencrypt/options-ssl-nginx.conf;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
"""


def _endpoint(root: Path, **overrides: object) -> tuple[Endpoint, list[str]]:
    result = lint(root, **overrides)
    (endpoint,) = [e for e in result.model.endpoints if e.tls]
    return endpoint, [p.message for p in result.model.problems]


def test_the_shipped_file_decides_protocols_ciphers_and_tickets(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE)
    endpoint, problems = _endpoint(tmp_path)
    assert endpoint.protocols is not None
    assert endpoint.protocols.value == frozenset({"TLSv1.2", "TLSv1.3"})
    assert not endpoint.protocols.is_default
    assert (endpoint.protocols.location.line, endpoint.protocols.location.column) == (6, 0)
    assert endpoint.session_tickets is not None and endpoint.session_tickets.value is False
    assert endpoint.ciphers is not None
    assert "ECDHE-ECDSA-AES128-GCM-SHA256" in endpoint.ciphers.value.suites
    assert not any("options-ssl-nginx" in p for p in problems)
    # Nothing says the protocols are left to nginx's default.
    assert "TLS102" not in {f.rule_id for f in lint(tmp_path).findings}


def test_old_nginx_gets_the_tls12_variant(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE)
    (tmp_path / ".tlslint.yaml").write_text('nginx:\n  version: "1.12.2"\n')
    assert variant("1.12.2") == "options-ssl-nginx-tls12-only.conf"
    assert variant("1.4.6") == "options-ssl-nginx-old.conf"
    assert variant(None) == "options-ssl-nginx.conf"
    endpoint, _problems = _endpoint(tmp_path)
    assert endpoint.protocols is not None
    assert endpoint.protocols.value == frozenset({"TLSv1.2"})


def test_a_copy_in_the_repository_is_read_instead(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE)
    (tmp_path / "letsencrypt").mkdir()
    (tmp_path / "letsencrypt" / "options-ssl-nginx.conf").write_text(
        "ssl_protocols TLSv1 TLSv1.2;\n"
    )
    endpoint, _problems = _endpoint(tmp_path)
    assert endpoint.protocols is not None
    assert endpoint.protocols.value == frozenset({"TLSv1", "TLSv1.2"})
    assert endpoint.protocols.location.path == "letsencrypt/options-ssl-nginx.conf"


def test_fix_leaves_the_shipped_values_to_a_person(tmp_path: Path) -> None:
    (tmp_path / "site.conf").write_text(SITE)
    from tlslint.cli import main

    code = main(["fix", "--profile", "modern", "--now", "2026-06-01", str(tmp_path)])
    assert code in (0, 1)
    assert (tmp_path / "site.conf").read_text() == SITE


def test_the_shipped_files_are_unchanged() -> None:
    readme = (DATA / "README.md").read_text()
    rows = re.findall(r"^\| (\S+\.conf) \|[^|]*\| ([0-9a-f]{64}) \|$", readme, re.M)
    assert len(rows) == 4
    for name, digest in rows:
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest
