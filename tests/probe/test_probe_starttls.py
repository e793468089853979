"""``--starttls smtp|imap``: the real nginx mail proxy on loopback, upgraded with STARTTLS."""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests.generating import free_ports, nginx_binary, wait_for_port
from tests.helpers import NOW
from tests.probing import loopback_only, make_pki
from tlslint.cli import main

pytest.importorskip("nassl", reason="the probe needs nassl: pip install 'tlslint[probe]'")

MAIL_MODULE = Path("/usr/lib/nginx/modules/ngx_mail_module.so")


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    """nginx's mail proxy: SMTP and IMAP that only speak after STARTTLS, with TLS 1.0 on."""
    nginx_binary()
    if not MAIL_MODULE.is_file():
        pytest.skip("the nginx mail module is not installed (apt-get install libnginx-mod-mail)")
    prefix = tmp_path_factory.mktemp("mail")
    pki = make_pki(prefix / "pki")
    smtp, imap = free_ports(2)
    (prefix / "logs").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"load_module {MAIL_MODULE};\n{user}worker_processes 1;\n"
        f"error_log {prefix}/logs/error.log;\npid {prefix}/logs/nginx.pid;\n"
        "events { worker_connections 64; }\n"
        "mail {\n"
        "    server_name mail.example.com;\n"
        "    auth_http 127.0.0.1:9/auth;\n"
        f"    ssl_certificate {pki['good-full']};\n"
        f"    ssl_certificate_key {pki['good-key']};\n"
        "    ssl_protocols TLSv1 TLSv1.2;\n"
        "    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:@SECLEVEL=0;\n"
        f"    server {{ listen 127.0.0.1:{smtp}; protocol smtp; starttls only; }}\n"
        f"    server {{ listen 127.0.0.1:{imap}; protocol imap; starttls only; }}\n"
        "}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-g", "daemon off; master_process on;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(smtp)
        wait_for_port(imap)
        yield {"smtp": smtp, "imap": imap}
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


@pytest.mark.parametrize("protocol", ["smtp", "imap"])
def test_starttls_endpoints_are_measured(
    protocol: str, mail: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, err = io.StringIO(), io.StringIO()
    with loopback_only(monkeypatch), redirect_stdout(out), redirect_stderr(err):
        code = main(
            ["probe", f"127.0.0.1:{mail[protocol]}", "--starttls", protocol,
             "--servername", "shop.example.com", "--now", NOW.date().isoformat(),
             "--format", "json", "--select", "TLS1,TLS2"]
        )  # fmt: skip
    assert code == 1, err.getvalue()
    document = json.loads(out.getvalue())
    rules = {f["rule"] for f in document["findings"]}
    assert "TLS101" in rules  # TLS 1.0 after STARTTLS, as the config says
    assert "TLS201" not in rules  # HSTS is an HTTP header: not judged on a mail port
    assert {f["path"] for f in document["findings"]} == {f"127.0.0.1:{mail[protocol]}"}
