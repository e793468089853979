"""The index kept between runs (pipeline/cache.py): which source claims each file and the
quick scans that find a file's context. It may make a run faster, never different: an entry
is used only while its file is unchanged, and the index lives outside the repository, where a
pull request cannot plant one."""

from __future__ import annotations

import marshal
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import NOW, REPO
from tests.pipeline.test_context import assert_one_verdict
from tlslint.model import Finding
from tlslint.pipeline import cache, discover
from tlslint.pipeline.run import Options, Result, run

NGINX_MAIN = """events {}
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    include conf.d/*.conf;
}
"""
SITE = """server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_certificate /etc/nginx/tls/shop.crt;
    ssl_certificate_key /etc/nginx/tls/shop.key;
}
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own; files written a moment ago are trusted to the
    clock (the two-second "racily clean" margin would keep every fresh test file out)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("TLSLINT_CACHE_DIR", str(directory))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return directory


def check(root: Path, *paths: Path) -> Result:
    return run(Options(paths=list(paths or [root]), root=root, now=NOW, per_file_config=True))


def keys(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.rule_id, f.path, f.line, f.message) for f in findings)


def nginx_repository(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "conf.d").mkdir()
    (root / "nginx.conf").write_text(NGINX_MAIN)
    (root / "conf.d/site.conf").write_text(SITE)
    (root / "README.txt").write_text("not a configuration\n")
    return root


def count_classifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = discover.classify

    def counting(name: str, rel: str, head: bytes) -> str | None:
        seen.append(rel)
        return original(name, rel, head)

    monkeypatch.setattr(discover, "classify", counting)
    return seen


def test_an_unchanged_file_is_classified_from_the_index(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = nginx_repository(tmp_path / "repo")
    first = check(root)
    classified = count_classifications(monkeypatch)
    second = check(root)
    assert classified == []  # nothing opened to be classified again
    assert keys(second.findings) == keys(first.findings)
    (root / "conf.d/site.conf").write_text(SITE.replace("shop", "shops"))
    check(root)
    assert classified == ["conf.d/site.conf"]


def test_warm_and_cold_runs_agree_file_by_file(tmp_path: Path, cache_dir: Path) -> None:
    """The one-verdict check over the examples, every run after the first on a warm index."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(REPO / "examples", root / "examples", symlinks=True)
    assert assert_one_verdict(root) >= 30
    assert list(cache_dir.glob("index-*.marshal"))


def test_a_file_rewritten_in_place_is_looked_at_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, modification time put back: the change time still tells."""
    root = nginx_repository(tmp_path / "repo")
    notes = root / "notes.conf"
    notes.write_text("x" * len(SITE))
    stamp = notes.stat().st_mtime_ns
    assert "notes.conf" not in {f.path for f in check(root).files}
    notes.write_text(SITE)
    os.utime(notes, ns=(stamp, stamp))
    assert "notes.conf" in {f.path for f in check(root).files}


def test_a_file_changed_a_moment_ago_is_judged_afresh_and_written_down_later(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change the clock may not show yet (the last two seconds) is read, never recorded:
    the index keeps the entry it had for the file (stale, so unused), and a run that learnt
    nothing else writes nothing. Once the change has settled, the entry is made again."""
    root = nginx_repository(tmp_path / "repo")
    site = root / "conf.d/site.conf"
    check(root)
    check(root, site)  # what a check of the file alone learns of its context, too
    (index,) = cache_dir.glob("index-*.marshal")
    before = index.read_bytes()
    time.sleep(0.05)
    edited = time.time_ns()
    time.sleep(0.05)
    site.write_text(SITE.replace("server {", "server {\n    ssl_protocols TLSv1 TLSv1.2;"))
    # Racy from here: the edit, not the files written before it (a margin that ends between).
    monkeypatch.setattr(cache, "RACY_NS", time.time_ns() - edited)
    alone = check(root, site)
    assert "TLS101" in {f.rule_id for f in alone.findings}  # the edit is judged
    assert index.read_bytes() == before  # and nothing is written for it
    assert keys(alone.findings) == keys(
        [f for f in check(root).findings if f.path == "conf.d/site.conf"]
    )
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the change has settled
    check(root, site)
    entry = read_index(index)["entries"]["conf.d/site.conf"]
    assert tuple(entry[0]) == cache.signature(site.stat())


def test_the_context_follows_edits_to_files_the_index_knows(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = nginx_repository(tmp_path / "repo")
    site = root / "conf.d/site.conf"
    assert "TLS102" not in {f.rule_id for f in check(root, site).findings}  # from http{}
    assert "TLS102" not in {f.rule_id for f in check(root, site).findings}  # warm
    (root / "nginx.conf").write_text(NGINX_MAIN.replace("include conf.d/*.conf;", ""))
    alone = check(root, site)
    assert "TLS102" in {f.rule_id for f in alone.findings}  # no longer included anywhere
    assert keys(alone.findings) == keys(
        [f for f in check(root).findings if f.path == "conf.d/site.conf"]
    )


def test_the_index_lives_in_the_user_cache_never_in_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TLSLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    root = nginx_repository(tmp_path / "repo")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    check(root)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    (index,) = (tmp_path / "xdg/tlslint").glob("index-*.marshal")
    assert index.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "xdg/tlslint").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("setting", [{"TLSLINT_NO_CACHE": "1"}, {"TLSLINT_CACHE_DIR": ""}])
def test_caching_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: dict[str, str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TLSLINT_CACHE_DIR")
    for name, value in setting.items():
        monkeypatch.setenv(name, value)
    root = nginx_repository(tmp_path / "repo")
    assert check(root).findings
    assert not (tmp_path / "xdg").exists()


def read_index(path: Path) -> Any:
    return cache._unsealed(path.read_bytes())


def write_index(path: Path, data: object) -> None:
    path.write_bytes(cache._sealed(marshal.dumps(data)))


def test_a_corrupt_index_never_reaches_marshal(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """marshal allocates what a list header declares before reading the items: a few corrupt
    bytes (a list of 2**31 items, nested) would cost it minutes. The seal is checked first."""
    root = nginx_repository(tmp_path / "repo")
    check(root)
    index = index_of(cache_dir)
    bomb = (b"[" + struct.pack("<i", 0x7FFFFFFF)) * 6
    for spoilt in (bomb, index.read_bytes()[: cache._SEAL.size] + bomb):
        index.write_bytes(spoilt)

        def untouchable(data: bytes) -> object:
            raise AssertionError("marshal read a corrupt index")

        monkeypatch.setattr(cache.marshal, "loads", untouchable)
        assert cache.open_index(root).entries == {}
        monkeypatch.undo()
        monkeypatch.setenv("TLSLINT_CACHE_DIR", str(cache_dir))
        monkeypatch.setattr(cache, "RACY_NS", 0)


def index_of(cache_dir: Path) -> Path:
    (index,) = cache_dir.glob("index-*.marshal")
    return index


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.write_bytes(b"\x00not an index"),
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:-1]),
        lambda p: p.write_bytes(marshal.dumps(read_index(p))),  # unsealed
        lambda p: write_index(p, {"format": 1, "tlslint": "x", "entries": {}}),
        lambda p: write_index(p, [1, 2, 3]),
        lambda p: p.write_bytes(cache._sealed(b"[\x01\x00\x00\x00" * 50_000 + b"N")),
        lambda p: p.write_bytes(cache._sealed(marshal.dumps(compile("1/0", "x", "exec")))),
        lambda p: write_index(p, {**read_index(p), "entries": {7: [[1, 2, 3, 4], None, {}]}}),
    ],
    ids=[
        "binary",
        "empty",
        "truncated",
        "unsealed",
        "other-tlslint",
        "not-a-mapping",
        "nested-too-deep",
        "code",
        "entry-key-not-text",
    ],
)
def test_a_spoilt_index_is_ignored_and_rebuilt(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, spoil: object
) -> None:
    root = nginx_repository(tmp_path / "repo")
    first = check(root)
    spoil(index_of(cache_dir))  # type: ignore[operator]
    classified = count_classifications(monkeypatch)
    again = check(root)
    assert keys(again.findings) == keys(first.findings)
    assert sorted(classified) == ["README.txt", "conf.d/site.conf", "nginx.conf"]
    assert read_index(index_of(cache_dir))["entries"]


@pytest.mark.parametrize("part", ["tables", "listings"])
@pytest.mark.parametrize("spoilt", ["not-a-table", "keys-not-text"])
def test_a_spoilt_table_is_dropped_and_written_again_well_formed(
    tmp_path: Path, cache_dir: Path, part: str, spoilt: str
) -> None:
    """The rest of the index still serves (marshal, unlike JSON, can give keys that are not
    text: the save that follows must not trip on them)."""
    root = nginx_repository(tmp_path / "repo")
    first = check(root)
    data = read_index(index_of(cache_dir))
    bad = {**data[part], "spoilt": {5: [[1], "", "", []]}, 6: {}}
    data[part] = 5 if spoilt == "not-a-table" else bad
    write_index(index_of(cache_dir), data)
    assert keys(check(root).findings) == keys(first.findings)
    rewritten = read_index(index_of(cache_dir))[part]
    assert type(rewritten) is dict and "spoilt" not in rewritten
    assert all(type(key) is str for key in rewritten)


@pytest.mark.parametrize(
    "spoilt",
    [
        "not an entry",
        [["size", 0, 0, 0], "nginx", {}],
        [[1, 2, 3], "nginx", {}],
        [None, "nginx", {}],
        [[1, 2, 3, 4], 7, {}],
        [[1, 2, 3, 4], "nginx", "no facts"],
    ],
)
def test_a_spoilt_entry_is_ignored_and_rewritten(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, spoilt: object
) -> None:
    """Entries are checked one by one as they are looked up, not all when the index is read."""
    root = nginx_repository(tmp_path / "repo")
    first = check(root)
    data = read_index(index_of(cache_dir))
    data["entries"]["nginx.conf"] = spoilt
    write_index(index_of(cache_dir), data)
    classified = count_classifications(monkeypatch)
    again = check(root)
    assert keys(again.findings) == keys(first.findings)
    assert classified == ["nginx.conf"]
    entry = read_index(index_of(cache_dir))["entries"]["nginx.conf"]
    assert entry[1] == "nginx" and len(entry[0]) == 4


def test_an_index_others_can_write_is_not_trusted(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = nginx_repository(tmp_path / "repo")
    check(root)
    index_of(cache_dir).chmod(0o666)
    assert cache.open_index(root).entries == {}
    index_of(cache_dir).chmod(0o600)
    assert cache.open_index(root).entries
    cache_dir.chmod(0o777)
    try:
        assert cache.open_index(root).path is None  # not read, and nothing written there
    finally:
        cache_dir.chmod(0o700)


def test_a_linked_index_is_not_followed(tmp_path: Path, cache_dir: Path) -> None:
    root = nginx_repository(tmp_path / "repo")
    check(root)
    index = index_of(cache_dir)
    planted = tmp_path / "planted.marshal"
    planted.write_bytes(index.read_bytes())
    index.unlink()
    index.symlink_to(planted)
    assert cache.open_index(root).entries == {}
    check(root)
    assert not index.is_symlink()  # replaced by a file of its own
    assert planted.read_bytes() != b""


def test_an_index_made_by_other_code_is_dropped(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = nginx_repository(tmp_path / "repo")
    check(root)
    assert cache.open_index(root).entries
    monkeypatch.setattr(cache, "_FINGERPRINT", "another tlslint")
    assert cache.open_index(root).entries == {}


def test_what_is_not_written_for_a_month_is_deleted(tmp_path: Path, cache_dir: Path) -> None:
    (cache_dir / "units/ab").mkdir(mode=0o700, parents=True)
    old = [cache_dir / "index-0123.marshal", cache_dir / "units/ab/ab01.pickle"]
    old += [cache_dir / "render/0a1b.json", cache_dir / "index-89ab.json"]  # an earlier format's
    recent = [cache_dir / "index-4567.marshal", cache_dir / "units/ab/ab02.pickle"]
    kept = [cache_dir / "notes.txt"]
    (cache_dir / "render").mkdir()
    for path in [*old, *recent, *kept]:
        path.write_text("{}")
    month_ago = old[0].stat().st_mtime - 31 * 24 * 3600
    for path in [*old, *kept]:
        os.utime(path, (month_ago, month_ago))
    check(nginx_repository(tmp_path / "repo"))  # a new index: the moment to clear out
    assert not any(p.exists() for p in old)
    assert all(p.exists() for p in [*recent, *kept])


@pytest.mark.parametrize("command", ["check", "report", "fix"])
def test_no_cache_on_the_command_line_writes_nothing(tmp_path: Path, command: str) -> None:
    root = nginx_repository(tmp_path / "repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TLSLINT_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    done = subprocess.run(
        [sys.executable, "-m", "tlslint", command, "--no-cache", "."],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert not (tmp_path / "xdg").exists()
    again = subprocess.run(
        [sys.executable, "-m", "tlslint", "check", "."], cwd=root, env=env, capture_output=True
    )
    assert again.returncode == 1
    # (Its files were written a moment ago: what it learnt of them is not worth keeping yet.)
    assert (tmp_path / "xdg/tlslint").is_dir()


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG base directory specification: a relative path is invalid (it would put the
    cache in whatever directory the run starts in, such as the repository)."""
    monkeypatch.delenv("TLSLINT_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", ".cache")
    assert cache.cache_directory() == tmp_path / "home/.cache/tlslint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_directory() == tmp_path / "xdg/tlslint"


def test_entries_of_files_gone_from_a_walked_directory_are_dropped(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = nginx_repository(tmp_path / "repo")
    (root / "old.conf").write_text(SITE)
    clone = root / "vendored"
    (clone / ".git").mkdir(parents=True)
    (clone / "site.conf").write_text(SITE)
    check(root)
    assert {"old.conf", "vendored/site.conf"} <= set(cache.open_index(root).entries)
    (root / "old.conf").unlink()
    check(root, root / "conf.d/site.conf")  # walks the outer repository, not the clone
    kept = set(cache.open_index(root).entries)
    assert "old.conf" not in kept
    assert {"nginx.conf", "conf.d/site.conf", "vendored/site.conf"} <= kept
