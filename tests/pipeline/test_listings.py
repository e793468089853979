"""Directory listings kept in the index (pipeline/discover.py, pipeline/cache.py): a directory
unchanged since the last walk, under unchanged .gitignore files, is not listed again. Every
change that could alter what a walk finds (an entry added, removed or renamed, a .gitignore
edited, added or removed anywhere above, a repository cloned inside) makes it listed again,
so a warm walk finds exactly what a cold one does.

A directory's signature only changes as fast as the file system's clock moves (a few
milliseconds); outside tests, anything changed in the last two seconds is not trusted to it.
Tests turn that margin off and move the modification time of a directory they change on by a
second, as the clock would have moved between an edit and a later run."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from tests.pipeline.test_cache import SITE, cache_dir, check, keys, nginx_repository
from tlslint.pipeline import cache, discover

__all__ = ["cache_dir"]  # the fixture, shared with test_cache.py


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The directories each walk lists (relative to the root)."""
    seen: list[str] = []
    original = discover._listing

    def counting(
        directory: str, rel_dir: str, depth: int, result: discover.Discovery
    ) -> list[os.DirEntry[str]] | None:
        seen.append(rel_dir)
        return original(directory, rel_dir, depth, result)

    monkeypatch.setattr(discover, "_listing", counting)
    return seen


def later(directory: Path) -> None:
    """Move a changed directory's modification time on by a second (see the docstring)."""
    info = directory.stat()
    os.utime(directory, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def paths(root: Path) -> set[str]:
    return {f.path for f in check(root).files}


def deep_repository(root: Path) -> Path:
    nginx_repository(root)
    (root / "sites/a/b").mkdir(parents=True)
    (root / "sites/a/b/deep.conf").write_text(SITE)
    (root / "sites/a/other.conf").write_text(SITE)
    return root


def test_an_unchanged_directory_is_not_listed_again(
    tmp_path: Path, cache_dir: Path, listed: list[str]
) -> None:
    root = deep_repository(tmp_path / "repo")
    cold = check(root)
    assert set(listed) >= {".", "conf.d", "sites", "sites/a", "sites/a/b"}
    listed.clear()
    warm = check(root)
    assert listed == ["."]  # only where the walk starts
    assert keys(warm.findings) == keys(cold.findings)
    assert {f.path for f in warm.files} == {f.path for f in cold.files}


def test_a_file_added_or_removed_in_a_known_directory_is_seen(
    tmp_path: Path, cache_dir: Path, listed: list[str]
) -> None:
    root = deep_repository(tmp_path / "repo")
    check(root)
    (root / "sites/a/b/new.conf").write_text(SITE)
    later(root / "sites/a/b")
    listed.clear()
    assert "sites/a/b/new.conf" in paths(root)
    assert "sites/a/b" in listed and "sites/a" not in listed
    (root / "sites/a/other.conf").unlink()
    later(root / "sites/a")
    assert "sites/a/other.conf" not in paths(root)


def test_a_renamed_directory_is_walked_under_its_new_name(tmp_path: Path, cache_dir: Path) -> None:
    root = deep_repository(tmp_path / "repo")
    check(root)
    (root / "sites/a").rename(root / "sites/z")
    later(root / "sites")
    found = paths(root)
    assert {"sites/z/b/deep.conf", "sites/z/other.conf"} <= found
    assert not any(p.startswith("sites/a/") for p in found)


@pytest.mark.parametrize("where", [".gitignore", "sites/.gitignore", "sites/a/.gitignore"])
def test_a_gitignore_edited_in_place_is_obeyed_below_it(
    tmp_path: Path, cache_dir: Path, where: str
) -> None:
    root = deep_repository(tmp_path / "repo")
    gitignore = root / where
    gitignore.write_text("# nothing ignored yet\n")
    later(gitignore.parent)
    assert "sites/a/b/deep.conf" in paths(root)
    assert "sites/a/b/deep.conf" in paths(root)  # warm
    gitignore.write_text("deep.conf\n")  # the same file, rewritten: no directory changes
    assert "sites/a/b/deep.conf" not in paths(root)
    gitignore.write_text("other.conf\n")
    found = paths(root)
    assert "sites/a/b/deep.conf" in found and "sites/a/other.conf" not in found


def test_a_gitignore_added_above_a_known_directory_is_obeyed(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = deep_repository(tmp_path / "repo")
    assert "sites/a/b/deep.conf" in paths(root)
    (root / "sites/.gitignore").write_text("b/\n")
    later(root / "sites")
    assert "sites/a/b/deep.conf" not in paths(root)
    (root / "sites/.gitignore").unlink()
    later(root / "sites")
    assert "sites/a/b/deep.conf" in paths(root)


def test_a_repository_cloned_into_a_known_directory_is_left_to_its_own_run(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = deep_repository(tmp_path / "repo")
    check(root)
    (root / "sites/a/.git").mkdir()
    later(root / "sites/a")
    index = cache.open_index(root)
    assert discover.discover([root], root, index=index).repositories == ["sites/a"]
    warm = check(root)
    # Its files are still judged, in their own repository's run (see test_repositories.py).
    assert "sites/a/other.conf" in {f.path for f in warm.files}
    monkeypatch.setenv("TLSLINT_NO_CACHE", "1")
    assert keys(warm.findings) == keys(check(root).findings)


def test_a_repository_walked_alone_is_still_left_out_of_the_walk_around_it(
    tmp_path: Path, cache_dir: Path
) -> None:
    """The directory a walk starts from is never taken for a nested repository, so what
    was found walking a clone alone is not what a walk of the repository around it keeps."""
    root = deep_repository(tmp_path / "repo")
    clone = root / "vendored"
    (clone / ".git").mkdir(parents=True)
    (clone / "site.conf").write_text(SITE)
    for _ in range(2):  # the second walk of each, warm
        index = cache.open_index(root)
        alone = discover.discover([clone], root, index=index)
        index.save()
        assert "vendored/site.conf" in {f.path for f in alone.files}
        index = cache.open_index(root)
        around = discover.discover([root], root, index=index)
        index.save()
        assert around.repositories == ["vendored"]
        assert "vendored/site.conf" not in {f.path for f in around.files}


@pytest.mark.parametrize(
    "spoilt",
    [
        "not a listing",
        ["only the files"],
        [["a"], ""],
        ["", ".."],
        ["a//b", ""],
        ["", "."],
        [7, ""],
    ],
)
def test_a_spoilt_listing_is_ignored(tmp_path: Path, cache_dir: Path, spoilt: object) -> None:
    root = deep_repository(tmp_path / "repo")
    cold = check(root)
    (index_file,) = cache_dir.glob("index-*.marshal")
    data = cache._unsealed(index_file.read_bytes())
    (table,) = data["listings"].values()
    table["sites"][3] = spoilt  # its signature and rules still match: only this is wrong
    index_file.write_bytes(cache._sealed(marshal.dumps(data)))
    warm = check(root)
    assert keys(warm.findings) == keys(cold.findings)
    assert {f.path for f in warm.files} == {f.path for f in cold.files}


def test_a_spoilt_listing_table_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    root = deep_repository(tmp_path / "repo")
    cold = check(root)
    (index_file,) = cache_dir.glob("index-*.marshal")
    data = cache._unsealed(index_file.read_bytes())
    data["listings"] = {setting: "not a table" for setting in data["listings"]}
    index_file.write_bytes(cache._sealed(marshal.dumps(data)))
    assert {f.path for f in check(root).files} == {f.path for f in cold.files}


@pytest.mark.parametrize("change", ["becomes-a-file", "goes-away", "leads-outside"])
def test_a_directory_holding_a_link_is_listed_every_time(
    tmp_path: Path, cache_dir: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link's target can change while the directory holding the link does not."""
    root = deep_repository(tmp_path / "repo")
    (root / "shared").mkdir()
    (root / "shared/extra.conf").write_text(SITE)
    (root / "sites/link").symlink_to(root / "shared")
    check(root)
    check(root)  # warm
    if change == "becomes-a-file":
        (root / "shared/extra.conf").unlink()
        (root / "shared").rmdir()
        (root / "shared").write_text(SITE)
    elif change == "goes-away":
        (root / "shared/extra.conf").unlink()
        (root / "shared").rmdir()
    else:
        outside = tmp_path / "outside"
        outside.mkdir()
        (root / "shared/extra.conf").unlink()
        (root / "shared").rmdir()
        (root / "shared").symlink_to(outside)
    later(root)
    warm = check(root)
    problems = sorted(p.message for p in warm.model.problems)
    paths_warm = {f.path for f in warm.files}
    monkeypatch.setenv("TLSLINT_NO_CACHE", "1")
    cold = check(root)
    assert paths_warm == {f.path for f in cold.files}
    assert problems == sorted(p.message for p in cold.model.problems)
    assert keys(warm.findings) == keys(cold.findings)
