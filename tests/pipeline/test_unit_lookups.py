"""The unit cache and what an nginx unit's reading looks up beyond its files
(pipeline/units.py, sources/lookups.py): a unit whose files are unchanged is still read again
when an include it resolved now resolves elsewhere, a file it read that no source claims (a
snippet, DH parameters) changed, or a glob it expanded lists other names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.certfactory import write
from tests.pipeline.test_cache import cache_dir, check, keys
from tlslint.pipeline import extract
from tlslint.sources.lookups import Lookups, still_answered

__all__ = ["cache_dir"]  # the fixture, shared with test_cache.py

MAIN = """events {}
http {
    include %s;
    server {
        listen 443 ssl;
        server_name shop.example.com;
        ssl_certificate /etc/nginx/tls/shop.crt;
        ssl_certificate_key /etc/nginx/tls/shop.key;
    }
}
"""
MODERN = "ssl_protocols TLSv1.2 TLSv1.3;\n"
LEGACY = "ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The units each run reads (not taken from the cache)."""
    seen: list[list[str]] = []
    original = extract.extract_tasks

    def counting(tasks, ctx, jobs, each, meanwhile):  # type: ignore[no-untyped-def]
        def loading():  # type: ignore[no-untyped-def]
            rest = meanwhile()
            seen.extend([f.path for f in unit] for _, unit in rest)
            return rest

        seen.extend([f.path for f in unit] for _, unit in tasks)
        return original(tasks, ctx, jobs, each, loading)

    monkeypatch.setattr("tlslint.pipeline.run.extract_tasks", counting)
    return seen


def repository(root: Path, include: str) -> Path:
    (root / ".git").mkdir(parents=True)
    write(root / "deploy/nginx/nginx.conf", (MAIN % include).encode())
    return root


def rule_ids(root: Path) -> set[str]:
    return {f.rule_id for f in check(root).findings}


def warm_rule_ids(root: Path, reads: list[list[str]]) -> set[str]:
    """The rules a second run reports, every unit of it taken from the cache."""
    check(root)
    reads.clear()
    found = rule_ids(root)
    assert reads == []
    return found


def test_an_unchanged_unit_is_taken_from_the_cache(
    tmp_path: Path, cache_dir: Path, reads: list[list[str]]
) -> None:
    root = repository(tmp_path / "repo", "params/tls.inc")
    write(root / "deploy/nginx/params/tls.inc", MODERN.encode())
    cold = check(root)
    assert ["deploy/nginx/nginx.conf"] in reads
    reads.clear()
    warm = check(root)
    assert reads == []
    assert keys(warm.findings) == keys(cold.findings)


def test_a_changed_snippet_no_source_claims_is_read_again(
    tmp_path: Path, cache_dir: Path, reads: list[list[str]]
) -> None:
    root = repository(tmp_path / "repo", "params/tls.inc")
    snippet = root / "deploy/nginx/params/tls.inc"
    write(snippet, MODERN.encode())
    assert "TLS101" not in rule_ids(root)
    write(snippet, LEGACY.encode())  # its directory unchanged, the unit's file too
    reads.clear()
    assert "TLS101" in rule_ids(root)
    assert reads == [["deploy/nginx/nginx.conf"]]


def test_an_include_that_now_resolves_elsewhere_is_read_again(
    tmp_path: Path, cache_dir: Path, reads: list[list[str]]
) -> None:
    """nginx tries the including file's directory before its parents: a snippet appearing
    there is the one included from then on."""
    root = repository(tmp_path / "repo", "params/tls.inc")
    write(root / "deploy/params/tls.inc", MODERN.encode())
    assert "TLS101" not in warm_rule_ids(root, reads)
    write(root / "deploy/nginx/params/tls.inc", LEGACY.encode())
    assert "TLS101" in rule_ids(root)


def test_a_glob_that_now_lists_another_file_is_read_again(
    tmp_path: Path, cache_dir: Path, reads: list[list[str]]
) -> None:
    root = repository(tmp_path / "repo", "tls.d/*.inc")
    write(root / "deploy/nginx/tls.d/a.inc", b"ssl_prefer_server_ciphers off;\n")
    assert "TLS101" not in warm_rule_ids(root, reads)
    write(root / "deploy/nginx/tls.d/b.inc", LEGACY.encode())
    assert "TLS101" in rule_ids(root)
    os.unlink(root / "deploy/nginx/tls.d/b.inc")
    assert "TLS101" not in rule_ids(root)


def test_warm_runs_agree_with_a_run_without_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repository(tmp_path / "repo", "params/*.inc")
    write(root / "deploy/nginx/params/tls.inc", LEGACY.encode())
    cold = check(root)
    warm = check(root)
    monkeypatch.setenv("TLSLINT_NO_CACHE", "1")
    assert keys(warm.findings) == keys(cold.findings) == keys(check(root).findings)


def test_lookups_answer_again_as_they_did(tmp_path: Path) -> None:
    (tmp_path / "a.conf").write_text("x")
    lookups = Lookups()
    assert lookups.isfile(str(tmp_path / "a.conf"))
    assert not lookups.isfile(str(tmp_path / "b.conf"))
    assert lookups.glob("*.conf", str(tmp_path)) == ["a.conf"]
    assert lookups.file(str(tmp_path / "a.conf")) is not None
    made = lookups.made
    assert len(made) == 4 and still_answered(made)
    (tmp_path / "b.conf").write_text("y")
    assert not still_answered(made)


@pytest.mark.parametrize(
    "made",
    [
        "not a list",
        [["isfile"]],
        [["unlink", "/tmp/x", True]],
        [["glob", "not a pair", []]],
        [["file", 7, None]],
    ],
)
def test_a_malformed_record_never_answers(made: object) -> None:
    assert not still_answered(made)


def test_a_certificate_path_that_now_names_another_file_is_linked_to_it(
    tmp_path: Path, cache_dir: Path, reads: list[list[str]]
) -> None:
    """A server's certificate paths are resolved as its unit is read: a file appearing where
    nginx looks first makes the unit read again, and the server linked to that file."""
    from tests.certfactory import leaf

    root = repository(tmp_path / "repo", "params/tls.inc")
    write(root / "deploy/nginx/params/tls.inc", MODERN.encode())
    write(root / "tls/shop.crt", leaf("shop.example.com").pem)

    def linked() -> set[str | None]:
        model = check(root).model
        return {r.resolved_path for e in model.endpoints for r in e.certificate_refs("certificate")}

    assert linked() == {"tls/shop.crt"}
    reads.clear()
    assert linked() == {"tls/shop.crt"}  # warm: the nginx unit from the cache
    assert ["deploy/nginx/nginx.conf"] not in reads
    write(root / "deploy/nginx/tls/shop.crt", leaf("shop.example.com").pem)
    assert linked() == {"deploy/nginx/tls/shop.crt"}
