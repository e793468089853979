"""The nginx source: includes, inheritance, defaults, listeners — judged through the model."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import lint
from tlslint.model import Endpoint, Origin


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tls_endpoints(root: Path) -> list[Endpoint]:
    return [e for e in lint(root).model.endpoints if e.tls]


def test_http_settings_are_inherited_by_servers_with_their_origin(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": """
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    server { listen 443 ssl; server_name a.example.com; }
    server { listen 443 ssl; server_name b.example.com; ssl_protocols TLSv1.3; }
}
"""
        },
    )
    a, b = tls_endpoints(tmp_path)
    assert a.protocols is not None and b.protocols is not None
    assert a.protocols.value == {"TLSv1.2", "TLSv1.3"}
    assert a.protocols.origin is Origin.INHERITED
    assert a.protocols.location.line == 3
    assert b.protocols.value == {"TLSv1.3"}
    assert b.protocols.origin is Origin.WRITTEN


def test_absent_protocols_take_the_default_of_the_configured_version(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".tlslint.yaml": "nginx:\n  version: '1.20.2'\n",
            "site.conf": "server { listen 443 ssl; }\n",
        },
    )
    (endpoint,) = tls_endpoints(tmp_path)
    assert endpoint.protocols is not None
    assert endpoint.protocols.origin is Origin.DEFAULT
    assert endpoint.protocols.value == {"TLSv1", "TLSv1.1", "TLSv1.2"}
    assert "1.20.2" in endpoint.protocols.note


def test_includes_resolve_globs_relative_paths_and_path_map(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".tlslint.yaml": "nginx:\n  path_map:\n    /etc/nginx/: deploy/nginx/\n",
            "deploy/nginx/nginx.conf": "http {\n include /etc/nginx/conf.d/*.conf;\n"
            " include snippets/ssl.conf;\n}\n",
            "deploy/nginx/snippets/ssl.conf": "ssl_protocols TLSv1.2 TLSv1.3;\n",
            "deploy/nginx/conf.d/a.conf": "server { listen 443 ssl; server_name a; }\n",
            "deploy/nginx/conf.d/b.conf": "server { listen 443 ssl; server_name b; }\n",
        },
    )
    result = lint(tmp_path)
    endpoints = [e for e in result.model.endpoints if e.tls]
    assert sorted(e.hosts[0] for e in endpoints) == ["a", "b"]
    for e in endpoints:
        assert e.protocols is not None
        assert e.protocols.location.path == "deploy/nginx/snippets/ssl.conf"
    assert not [f for f in result.findings if f.rule_id == "TLS001"]


def test_absolute_include_without_mapping_matches_by_trailing_components(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx/nginx.conf": "http { include /etc/nginx/sites-enabled/*; }\n",
            "nginx/sites-enabled/shop": "server { listen 443 ssl; server_name shop; }\n",
        },
    )
    (endpoint,) = tls_endpoints(tmp_path)
    assert endpoint.location.path == "nginx/sites-enabled/shop"


def test_included_fragments_are_not_also_judged_on_their_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": "http { ssl_protocols TLSv1.3; include conf.d/*.conf; }\n",
            "conf.d/site.conf": "server { listen 443 ssl; }\n",
        },
    )
    endpoints = tls_endpoints(tmp_path)
    assert len(endpoints) == 1
    assert endpoints[0].protocols is not None
    assert endpoints[0].protocols.value == {"TLSv1.3"}


def test_symlinked_site_is_one_file_reported_at_its_target(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": "http { include sites-enabled/*; }\n",
            "sites-available/shop": "server { listen 443 ssl; }\n",
        },
    )
    (tmp_path / "sites-enabled").mkdir()
    os.symlink("../sites-available/shop", tmp_path / "sites-enabled" / "shop")
    (endpoint,) = tls_endpoints(tmp_path)
    assert endpoint.location.path == "sites-available/shop"


def test_include_loop_is_a_parse_error_and_the_run_goes_on(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": "http { include a.conf; server { listen 443 ssl; } }\n",
            "a.conf": "include b.conf;\n",
            "b.conf": "include a.conf;\n",
        },
    )
    result = lint(tmp_path)
    loops = [f for f in result.findings if f.rule_id == "TLS000"]
    assert loops and "include loop" in loops[0].message
    assert len([e for e in result.model.endpoints if e.tls]) == 1


def test_files_that_all_include_each_other_are_cut_quickly_with_one_loop_each(
    tmp_path: Path,
) -> None:
    # 12 files, each including conf.d/*.conf: no chain repeats a file until depth 12, but the
    # chains number 12! — expanded naively, this never finishes.
    files = {
        f"conf.d/{i}.conf": "include conf.d/*.conf;\nssl_protocols TLSv1;\n" for i in range(12)
    }
    files["nginx.conf"] = "http { server { listen 443 ssl; include conf.d/*.conf; } }\n"
    write(tmp_path, files)
    result = lint(tmp_path)
    loops = [f for f in result.findings if "include loop" in f.message]
    assert 1 <= len(loops) <= 12  # at most one per include directive, not one per chain
    bomb = [f for f in result.findings if f.rule_id == "TLS001" and "more than" in f.message]
    assert bomb and "nginx.conf" in result.model.incomplete
    assert any(f.rule_id == "TLS101" for f in result.findings)


def test_repeated_includes_that_multiply_are_cut_with_a_tls001(tmp_path: Path) -> None:
    files = {f"l{i}.conf": f"include l{i + 1}.conf;\n" * 3 for i in range(10)}
    files["l10.conf"] = "ssl_protocols TLSv1;\n"
    files["nginx.conf"] = "http { server { listen 443 ssl; include l0.conf; } }\n"
    write(tmp_path, files)  # 3**10 instances of l10.conf, well inside the depth limit
    result = lint(tmp_path)
    assert not any("took longer" in f.message for f in result.findings)
    assert any("more than 10,000 files" in f.message for f in result.findings)
    assert any(f.rule_id == "TLS101" for f in result.findings)  # what was read is judged


def test_include_depth_is_limited(tmp_path: Path) -> None:
    files = {f"d{i}.conf": f"include d{i + 1}.conf;\n" for i in range(30)}
    files["nginx.conf"] = "http { include d0.conf; }\n"
    write(tmp_path, files)
    result = lint(tmp_path)
    assert any("deeper than 16" in f.message for f in result.findings if f.rule_id == "TLS001")


def test_include_through_symlink_leaving_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.conf").write_text("ssl_protocols SSLv3;\n")
    repo = tmp_path / "repo"
    write(repo, {"nginx.conf": "http { include linked/*.conf; server { listen 443 ssl; } }\n"})
    os.symlink(outside, repo / "linked")
    result = lint(repo)
    assert any("outside the scanned root" in f.message for f in result.findings)
    assert not any("SSLv3" in f.message for f in result.findings)


def test_listen_forms_quic_legacy_ssl_on_and_plain(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": """
http {
    server { listen 443 quic reuseport; server_name q; }
    server { listen 8443; ssl on; server_name legacy; }
    server { listen [::]:80; server_name plain; }
    server { server_name implicit; }
}
"""
        },
    )
    endpoints = lint(tmp_path).model.endpoints
    assert {e.hosts[0]: e.tls for e in endpoints} == {
        "q": True,
        "legacy": True,
        "plain": False,
        "implicit": False,
    }


def test_stream_servers_are_tls_endpoints_without_http_settings(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": """
stream {
    ssl_protocols TLSv1 TLSv1.2;
    server { listen 5432 ssl; proxy_pass db:5432; }
}
"""
        },
    )
    (endpoint,) = tls_endpoints(tmp_path)
    assert endpoint.kind == "nginx stream server"
    assert endpoint.hsts is None
    assert endpoint.protocols is not None and "TLSv1" in endpoint.protocols.value


def test_hsts_gaps_follow_nested_locations(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "site.conf": """
server {
    listen 443 ssl;
    add_header Strict-Transport-Security "max-age=63072000" always;
    location /a/ { add_header X-A 1; }
    location /b/ { location /b/c/ { add_header X-C 1; } }
    location /d/ { proxy_pass http://x; }
}
"""
        },
    )
    (endpoint,) = tls_endpoints(tmp_path)
    assert [g.scope for g in endpoint.hsts_gaps] == ["location /a/", "location /b/c/"]


def test_dh_parameters_are_measured_from_the_repository(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dh

    params = dh.generate_parameters(generator=2, key_size=512)
    pem = params.parameter_bytes(serialization.Encoding.PEM, serialization.ParameterFormat.PKCS3)
    (tmp_path / "dhparam.pem").write_bytes(pem)
    write(
        tmp_path,
        {
            "site.conf": """
server {
    listen 443 ssl;
    ssl_protocols TLSv1.2;
    ssl_ciphers DHE-RSA-AES128-GCM-SHA256;
    ssl_dhparam /etc/nginx/dhparam.pem;
}
"""
        },
    )
    result = lint(tmp_path)
    (endpoint,) = [e for e in result.model.endpoints if e.tls]
    assert endpoint.dh_param_bits is not None and endpoint.dh_param_bits.value == 512
    assert any(f.rule_id == "TLS115" and "512 bits" in f.message for f in result.findings)


def test_tls13_suites_come_from_ssl_conf_command(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "site.conf": """
server {
    listen 443 ssl;
    ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_8_SHA256;
}
"""
        },
    )
    result = lint(tmp_path)
    assert any(
        f.rule_id == "TLS112" and "TLS_AES_128_CCM_8_SHA256" in f.message for f in result.findings
    )


def test_lua_blocks_and_map_types_upstream_blocks_do_not_disturb_servers(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "nginx.conf": """
http {
    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    types { text/html html; }
    upstream app { server 127.0.0.1:8080; }
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {
            access_by_lua_block { if ngx.var.x == "}" then return end }
            proxy_pass http://app;
        }
    }
}
"""
        },
    )
    result = lint(tmp_path)
    assert not [f for f in result.findings if f.rule_id == "TLS000"]
    assert len([e for e in result.model.endpoints if e.tls]) == 1


def test_directives_nginx_refuses_are_parse_errors_in_nginx_words(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "site.conf": """
server {
    listen 443 ssl;
    ssl_protocols;
    ssl_stapling yes;
    ssl_verify_client maybe;
    ssl_ciphers HIGH !aNULL;
}
server {
    listen 8443 ssl;
    ssl_protocols TLSv1.2 TLSv1.4;
}
"""
        },
    )
    errors = {(f.line, f.message) for f in lint(tmp_path).findings if f.rule_id == "TLS000"}
    assert errors == {
        (4, 'invalid number of arguments in "ssl_protocols" directive'),
        (5, 'invalid value "yes" in "ssl_stapling" directive, it must be "on" or "off"'),
        (6, 'invalid value "maybe" in "ssl_verify_client" directive'),
        (7, 'invalid number of arguments in "ssl_ciphers" directive'),
        (11, 'invalid value "TLSv1.4" in "ssl_protocols" directive'),
    }
