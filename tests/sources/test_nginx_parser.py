"""The nginx parser: exact positions, nginx's lexical rules, and agreement with crossplane."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO
from tlslint.sources.nginx.parser import Directive, parse, walk


def test_directives_keep_line_column_and_end() -> None:
    parsed = parse("http {\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n", "x.conf")
    http = parsed.directives[0]
    assert (http.name, http.line, http.column, http.end_line, http.end_column) == (
        "http",
        1,
        1,
        3,
        2,
    )
    protocols = http.block[0]  # type: ignore[index]
    assert protocols.args == ["TLSv1.2", "TLSv1.3"]
    assert (protocols.line, protocols.column, protocols.end_line, protocols.end_column) == (
        2,
        5,
        2,
        35,
    )


def test_quoted_and_multiline_arguments() -> None:
    text = (
        'add_header Strict-Transport-Security "max-age=1; includeSubDomains" always;\n'
        "server_name a.example.com\n    b.example.com;\n"
        "set $x 'it\\'s';\n"
    )
    hsts, names, setter = parse(text).directives
    assert hsts.args == ["Strict-Transport-Security", "max-age=1; includeSubDomains", "always"]
    assert names.args == ["a.example.com", "b.example.com"]
    assert (names.line, names.end_line) == (2, 3)
    assert setter.args == ["$x", "it's"]


def test_comments_are_collected_by_line_and_hash_inside_a_word_is_literal() -> None:
    parsed = parse("# top\nlocation /a#b { return 200; } # tail\n")
    assert parsed.comments == {1: "# top", 2: "# tail"}
    assert parsed.directives[0].args == ["/a#b"]


def test_lua_block_body_is_taken_verbatim() -> None:
    text = (
        "location / {\n"
        "    content_by_lua_block {\n"
        '        ngx.say("}")  -- a brace in a comment }\n'
        "        local t = { [[ } ]] }\n"
        "    }\n"
        "    add_header X-After yes;\n"
        "}\n"
    )
    parsed = parse(text)
    assert parsed.errors == []
    location = parsed.directives[0]
    lua, after = location.block  # type: ignore[misc]
    assert lua.name == "content_by_lua_block"
    assert 'ngx.say("}")' in (lua.raw_body or "")
    assert after.args == ["X-After", "yes"]


def test_variables_with_braces_stay_in_one_word() -> None:
    parsed = parse("return 301 https://${host}$request_uri;\nmap $a $b { default 1; }\n")
    assert parsed.directives[0].args == ["301", "https://${host}$request_uri"]
    assert parsed.directives[1].block[0].name == "default"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("http {\n  server {\n    listen 443;\n", 'expecting "}" to close "server"', 2),
        ("server { listen 443 }\n", 'unexpected "}"', 1),
        ("}\n", 'unexpected "}"', 1),
        ('add_header X "unterminated;\n', "expecting closing quote", 1),
        ("listen 443\n", 'unexpected end of file, expecting ";"', 1),
        ("; listen 80;", 'unexpected ";"', 1),
    ],
)
def test_syntax_errors_are_returned_with_their_line(text: str, message: str, line: int) -> None:
    parsed = parse(text, "bad.conf")
    assert len(parsed.errors) == 1
    assert message in parsed.errors[0].message
    assert parsed.errors[0].line == line


def test_nesting_is_bounded() -> None:
    text = "location / {" * 200 + "}" * 200
    parsed = parse(text)
    assert parsed.errors and "nested deeper" in parsed.errors[0].message


def _nginx_fixture_files() -> list[Path]:
    roots = [FIXTURES / "rules", FIXTURES / "nginx", REPO / "examples"]
    from tlslint.pipeline.discover import classify, sniffed

    files = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            usable = path.is_file() and not path.is_symlink() and path.name != ".tlslint.yaml"
            if usable and path.suffix in (".conf", "") and "TLS000" not in path.parts:
                # Only what tlslint reads as nginx (not certbot, Apache or cron files).
                head = sniffed(path.read_bytes()[:8192])
                if classify(path.name, path.relative_to(root).as_posix(), head) == "nginx":
                    files.append(path)
    return files


def _crossplane_shape(items: list[dict]) -> list[tuple]:  # type: ignore[type-arg]
    return [
        (d["directive"], d["line"], tuple(d["args"]), _crossplane_shape(d.get("block", [])))
        for d in items
        if d["directive"] != "#"
    ]


def _our_shape(items: list[Directive]) -> list[tuple]:  # type: ignore[type-arg]
    return [(d.name, d.line, tuple(d.args), _our_shape(d.block or [])) for d in items]


@pytest.mark.parametrize("path", _nginx_fixture_files(), ids=lambda p: p.name)
def test_parse_agrees_with_crossplane(path: Path) -> None:
    crossplane = pytest.importorskip("crossplane")
    expected = crossplane.parse(
        str(path), single=True, check_ctx=False, check_args=False, catch_errors=True
    )
    config = expected["config"][0]
    if config["errors"]:
        pytest.skip(f"crossplane cannot parse it: {config['errors'][0]['error']}")
    ours = parse(path.read_text(encoding="utf-8"), str(path))
    assert ours.errors == []
    assert _our_shape(ours.directives) == _crossplane_shape(config["parsed"])


def test_walk_visits_every_directive_in_order() -> None:
    parsed = parse("http { server { listen 1; } server { listen 2; } }")
    assert [d.name for d in walk(parsed.directives)] == [
        "http",
        "server",
        "listen",
        "server",
        "listen",
    ]
