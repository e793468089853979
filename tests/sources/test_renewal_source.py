"""The renewal source: which files it claims, and the Renewal each one publishes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.helpers import lint
from tlslint.model.rotation import Renewal
from tlslint.pipeline.discover import classify


def renewals(root: Path) -> list[Renewal]:
    return list(lint(root).model.objects.get("renewals", ()))


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("rel", "head", "kind"),
    [
        ("etc/letsencrypt/renewal/a.conf", b"cert = x\n[renewalparams]\n", "renewal"),
        ("nginx/conf.d/a.conf", b"server {\n listen 443 ssl;\n}\n", "nginx"),
        ("docker-compose.yml", b"services: {}\n", "renewal"),
        ("compose.prod.yaml", b"services: {}\n", "renewal"),
        ("deploy/app.yaml", b"services: {}\n", None),
        ("etc/cron.d/certbot", b"0 0 * * * root certbot renew\n", "renewal"),
        ("etc/cron.d/logrotate", b"0 0 * * * root logrotate\n", None),
        ("crontab", b"@daily certbot renew\n", "renewal"),
        ("units/certbot.service", b"[Service]\nExecStart=certbot renew\n", "renewal"),
        ("units/web.service", b"[Service]\nExecStart=/usr/bin/web\n", None),
        ("bin/renew.sh", b"#!/bin/sh\nacme.sh --cron\n", "renewal"),
        ("acme/example.com.conf", b"Le_Domain='example.com'\n", "renewal"),
        (
            "apache2/sites-enabled/ssl.conf",
            b"<VirtualHost *:443>\n  SSLCertificateFile /etc/ssl/a.pem\n</VirtualHost>\n",
            "apache",
        ),
        (
            "haproxy/haproxy.cfg",
            b"frontend https\n  bind :443 ssl crt /etc/haproxy/certs/\n",
            "haproxy",
        ),
        ("setup.cfg", b"[metadata]\nname = x\n", None),
    ],
)
def test_files_are_claimed_by_name_and_content(rel: str, head: bytes, kind: str | None) -> None:
    assert classify(rel.rsplit("/", 1)[-1], rel, head) == kind


CERTBOT = """\
version = 2.11.0
renew_before_expiry = 2 weeks   # comment
fullchain = /etc/letsencrypt/live/example.com/fullchain.pem

[renewalparams]
authenticator = webroot
server = https://acme-v02.api.letsencrypt.org/directory
{extra}
"""


@pytest.mark.parametrize(
    ("extra", "hook"),
    [
        ("", None),
        ("deploy_hook = systemctl reload nginx", "deploy_hook = systemctl reload nginx"),
        ("renew_hook = /usr/local/bin/reload", "renew_hook = /usr/local/bin/reload"),
        ("post_hook = service nginx reload", "post_hook = service nginx reload"),
        ("installer = nginx", "installer = nginx"),
        ("installer = None", None),
        ("renew_hook = None", None),
    ],
)
def test_certbot_renewal_configuration(tmp_path: Path, extra: str, hook: str | None) -> None:
    write(tmp_path, "letsencrypt/renewal/example.com.conf", CERTBOT.format(extra=extra))
    (found,) = renewals(tmp_path)
    assert found.tool == "certbot"
    assert found.certificates == ("/etc/letsencrypt/live/example.com/",)
    assert found.location.line == 5
    assert found.hook.value == hook
    assert found.renew_before_days is not None and found.renew_before_days.value == 14
    assert found.renew_before_days.location.line == 2
    assert found.lifetime_days == 90


def test_a_deploy_hook_script_beside_the_renewal_directory_counts(tmp_path: Path) -> None:
    write(tmp_path, "letsencrypt/renewal/example.com.conf", CERTBOT.format(extra=""))
    write(tmp_path, "letsencrypt/renewal-hooks/deploy/nginx", "#!/bin/sh\nnginx -s reload\n")
    (found,) = renewals(tmp_path)
    assert found.hook.value == "hook script letsencrypt/renewal-hooks/deploy/nginx"


def test_acme_sh_domain_configuration_decodes_its_reload_command(tmp_path: Path) -> None:
    encoded = base64.b64encode(b"systemctl reload nginx").decode()
    write(
        tmp_path,
        "acme/example.com/example.com.conf",
        "Le_Domain='example.com'\nLe_RealFullChainPath='/etc/nginx/ssl/example.pem'\n"
        f"Le_ReloadCmd='__ACME_BASE64__START_{encoded}__ACME_BASE64__END_'\n",
    )
    (found,) = renewals(tmp_path)
    assert found.tool == "acme.sh"
    assert found.certificates == ("/etc/nginx/ssl/example.pem",)
    assert found.hook.value == "Le_ReloadCmd=systemctl reload nginx"
    assert found.hook.location.line == 3


@pytest.mark.parametrize(
    ("line", "hook"),
    [
        ("certbot renew -q", None),
        ('certbot renew --deploy-hook "nginx -s reload"', "--deploy-hook nginx -s reload"),
        ("certbot renew --post-hook='service nginx reload'", "--post-hook service nginx reload"),
        ("certbot renew --nginx", "--nginx (installer)"),
        ("certbot -q renew && systemctl reload nginx", "systemctl reload"),
        ("systemctl reload nginx; certbot renew", None),  # the reload comes before the renewal
    ],
)
def test_certbot_renew_in_a_cron_file(tmp_path: Path, line: str, hook: str | None) -> None:
    write(tmp_path, "etc/cron.d/certbot", f"# renew twice a day\n0 */12 * * * root {line}\n")
    (found,) = renewals(tmp_path)
    assert (found.location.line, found.hook.value) == (2, hook)
    assert found.certificates == ()


def test_a_continued_command_is_found_at_its_first_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bin/install.sh",
        "#!/bin/sh\nacme.sh --install-cert -d a.example.com \\\n"
        "  --fullchain-file /etc/nginx/a.pem \\\n  --key-file /etc/nginx/a.key\n",
    )
    (found,) = renewals(tmp_path)
    assert found.location.line == 2
    assert found.certificates == ("/etc/nginx/a.pem", "/etc/nginx/a.key")
    assert found.hook.value is None


def test_compose_servers_share_the_certbot_volume(tmp_path: Path) -> None:
    write(
        tmp_path,
        "docker-compose.yml",
        """\
services:
  web:
    image: nginx:1.27
    volumes: ["./certs/live:/certs:ro"]
  api:
    image: example/api:1
    volumes: ["./certs:/certs"]
  other:
    image: httpd:2.4
    volumes: ["./public:/usr/local/apache2/htdocs"]
  certbot:
    image: certbot/certbot
    volumes:
      - type: bind
        source: ./certs
        target: /etc/letsencrypt
    command: [renew, --webroot, -w, /var/www]
    entrypoint: certbot
""",
    )
    (found,) = renewals(tmp_path)
    assert found.servers == ("docker-compose service web (nginx)",)
    assert found.description == "certbot renew in docker-compose service certbot"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "services: [1, 2\n",
        "services:\n  certbot: 3\n",
        "services:\n  certbot:\n    command: {a: certbot renew}\n",
        "- certbot\n",
        "a: &a [*a]\n",
    ],
)
def test_broken_compose_files_cost_nothing_but_a_finding(tmp_path: Path, text: str) -> None:
    write(tmp_path, "docker-compose.yml", text)
    result = lint(tmp_path)
    assert not result.model.objects.get("renewals")
    assert {f.rule_id for f in result.findings} <= {"TLS000", "TLS001"}


def test_binary_and_invalid_utf8_files_are_handled(tmp_path: Path) -> None:
    (tmp_path / "etc/cron.d").mkdir(parents=True)
    (tmp_path / "etc/cron.d/certbot").write_bytes(b"0 0 * * * certbot renew \xff\xfe\n")
    (tmp_path / "docker-compose.yml").write_bytes(b"\x00\x01certbot")
    result = lint(tmp_path)
    assert len(result.model.objects.get("renewals", ())) == 1
    assert {f.rule_id for f in result.findings} <= {"TLS000", "TLS001"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("etc/cron.d/certbot", "certbot " * 50_000),
        ("bin/renew.sh", "#!/bin/sh\n" + "docker " * 50_000 + "\ncertbot renew\n"),
        ("bin/install.sh", "#!/bin/sh\n" + "acme.sh " * 50_000),
        ("letsencrypt/renewal/a.conf", "[renewalparams]\nrenew_hook = x" + " " * 500_000 + "y\n"),
    ],
)
def test_long_hostile_lines_are_read_in_linear_time(tmp_path: Path, name: str, text: str) -> None:
    """Regular expressions with unbounded repetitions of words take minutes on such lines;
    the per-file time budget would then drop the file. Nothing here is timed: the lint must
    simply read the file fully (no TLS001 for a timeout)."""
    write(tmp_path, name, text)
    result = lint(tmp_path)
    assert not result.model.incomplete
