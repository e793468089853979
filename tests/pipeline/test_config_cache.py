"""A YAML config parsed once is read on later runs without PyYAML (pipeline/config.py).

What it parsed to is kept in tlslint's cache directory beside the whole text it came from. The
answer is always the one parsing gives: an entry is used only for exactly that text, only when
it is this user's own file holding plain data, and anything else is ignored and parsed again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO
from tlslint.pipeline import config as config_module
from tlslint.pipeline.config import ConfigError, load_config

CONFIG = """# what the servers run
profile: intermediate
nginx:
  version: "1.22.1"
  path_map:
    /etc/nginx/: nginx/
policy:
  mtls_required:
    hosts: ["*.internal.example.com"]
"""

# Anchors, aliases, a merge key, explicit tags, and every scalar JSON has.
WITH_ANCHORS = """profile: modern
policy: &policy
  hsts_min_age: !!int "31536000"
  mtls_required:
    hosts: &hosts ["*.internal.example.com", "api.example.com"]
nginx:
  <<: {version: !!str 1.25}
  path_map: {/etc/nginx/: deploy/nginx/}
certificates:
  private_cas: *hosts
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TLSLINT_CACHE_DIR", str(directory))
    monkeypatch.delenv("TLSLINT_NO_CACHE", raising=False)
    return directory


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "repo" / ".tlslint.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "config").glob("parsed-*.json"))


def parsed_afresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    with monkeypatch.context() as m:
        m.setenv("TLSLINT_NO_CACHE", "1")
        return load_config(path).data


def test_a_config_read_twice_gives_the_same_data_the_second_time_without_pyyaml(
    tmp_path: Path, cache: Path
) -> None:
    path = write_config(tmp_path, CONFIG)
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from tlslint.pipeline.config import load_config\n"
        f"data = load_config(Path({str(path)!r})).data\n"
        "print(json.dumps([data, 'yaml' in sys.modules]))\n"
    )
    env = {**os.environ, "TLSLINT_CACHE_DIR": str(cache)}

    def run() -> list[Any]:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env
        )
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)  # type: ignore[no-any-return]

    first_data, first_used_yaml = run()
    second_data, second_used_yaml = run()
    assert first_used_yaml and not second_used_yaml
    assert first_data == second_data
    assert first_data["nginx"] == {"version": "1.22.1", "path_map": {"/etc/nginx/": "nginx/"}}
    assert len(entries(cache)) == 1


def test_anchors_merge_keys_and_tags_give_the_data_parsing_gives(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path, WITH_ANCHORS)
    expected = parsed_afresh(path, monkeypatch)
    assert expected["nginx"] == {"version": "1.25", "path_map": {"/etc/nginx/": "deploy/nginx/"}}
    assert not entries(cache)  # caching off: nothing kept
    stored = load_config(path).data
    assert entries(cache)
    remembered = load_config(path).data
    assert stored == expected and remembered == expected
    # Equal with the same types, not merely equal (1 == 1.0 == True in Python).
    assert json.dumps(remembered) == json.dumps(expected)
    policy = remembered["policy"]
    assert isinstance(policy, dict) and type(policy["hsts_min_age"]) is int


def test_an_entry_serves_only_its_exact_text(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path, CONFIG)
    load_config(path)
    changed = CONFIG.replace("1.22.1", "1.22.2")
    path.write_text(changed, encoding="utf-8")
    assert load_config(path).data["nginx"]["version"] == "1.22.2"
    # A comment is part of the text too: an edited comment is parsed again, to the same data.
    path.write_text("# edited\n" + CONFIG, encoding="utf-8")
    assert load_config(path).data == parsed_afresh(path, monkeypatch)
    assert len(entries(cache)) == 3


def test_an_entry_for_other_text_is_not_used(tmp_path: Path, cache: Path) -> None:
    # As if two texts named the same entry: the text stored beside the data decides.
    path = write_config(tmp_path, CONFIG)
    load_config(path)
    (entry,) = entries(cache)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["text"] = CONFIG.replace("intermediate", "modern")
    stored["data"]["profile"] = "modern"
    entry.write_text(json.dumps(stored), encoding="utf-8")
    assert load_config(path).data["profile"] == "intermediate"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda e: e.write_text("{not json", encoding="utf-8"), id="malformed"),
        pytest.param(lambda e: e.write_bytes(b"\xff\xfe\x00"), id="not-utf8"),
        pytest.param(lambda e: e.write_text("[]", encoding="utf-8"), id="not-a-mapping"),
        pytest.param(
            lambda e: e.write_text(
                json.dumps({**json.loads(e.read_text(encoding="utf-8")), "format": 99}),
                encoding="utf-8",
            ),
            id="other-format",
        ),
        pytest.param(
            lambda e: e.write_text(
                json.dumps({**json.loads(e.read_text(encoding="utf-8")), "data": ["profile"]}),
                encoding="utf-8",
            ),
            id="data-not-a-mapping",
        ),
        pytest.param(lambda e: os.chmod(e, 0o666), id="writable-by-others"),
        pytest.param(
            lambda e: (e.unlink(), e.symlink_to(e.with_name("elsewhere.json"))), id="symlink"
        ),
        pytest.param(lambda e: (e.unlink(), e.mkdir()), id="a-directory"),
    ],
)
def test_a_damaged_or_untrusted_entry_is_ignored(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    path = write_config(tmp_path, CONFIG)
    expected = load_config(path).data
    (entry,) = entries(cache)
    # The entry (and where the symbolic link points) says otherwise, so that trusting it shows.
    forged = json.loads(entry.read_text(encoding="utf-8"))
    forged["data"]["profile"] = "old"
    for place in (entry, entry.with_name("elsewhere.json")):
        place.write_text(json.dumps(forged), encoding="utf-8")
    assert callable(damage)
    damage(entry)
    assert load_config(path).data == expected


def forge(cache: Path, profile: str) -> None:
    """Change the profile the one stored entry holds, as a hand in the cache could."""
    (entry,) = entries(cache)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["data"]["profile"] = profile
    entry.write_text(json.dumps(stored), encoding="utf-8")


def test_a_sound_entry_is_what_a_run_reads(tmp_path: Path, cache: Path) -> None:
    # The counterpart of the test above: the same forged entry, undamaged, is read as stored
    # (the user's own cache is trusted as the index is), and still validated.
    path = write_config(tmp_path, CONFIG)
    load_config(path)
    forge(cache, "old")
    assert load_config(path).data["profile"] == "old"
    forge(cache, "strict")
    with pytest.raises(ConfigError, match="'strict' is not one of"):
        load_config(path)


def test_an_untrusted_cache_directory_is_neither_read_nor_written(
    tmp_path: Path, cache: Path
) -> None:
    (cache / "config").mkdir(parents=True)
    os.chmod(cache / "config", 0o777)
    path = write_config(tmp_path, CONFIG)
    assert load_config(path).data["profile"] == "intermediate"
    assert not entries(cache)


def test_an_entry_in_a_directory_others_can_write_is_not_read(tmp_path: Path, cache: Path) -> None:
    path = write_config(tmp_path, CONFIG)
    load_config(path)
    forge(cache, "old")
    os.chmod(cache / "config", 0o777)
    assert load_config(path).data["profile"] == "intermediate"


def test_entries_not_written_for_a_month_are_deleted_when_another_is_written(
    tmp_path: Path, cache: Path
) -> None:
    path = write_config(tmp_path, CONFIG)
    load_config(path)
    (old,) = entries(cache)
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(old, (month_ago, month_ago))
    marker = cache / "config" / "ok-0123"  # what validation keeps is not this cleaning's
    marker.touch()
    os.utime(marker, (month_ago, month_ago))
    path.write_text(CONFIG.replace("1.22.1", "1.24.0"), encoding="utf-8")
    load_config(path)
    assert entries(cache) != [old] and len(entries(cache)) == 1
    assert marker.exists()


@pytest.mark.parametrize("env", [{"TLSLINT_NO_CACHE": "1"}, {"TLSLINT_CACHE_DIR": ""}])
def test_with_caching_off_nothing_is_kept(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = write_config(tmp_path, CONFIG)
    assert load_config(path).data["profile"] == "intermediate"
    assert not cache.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("profile: strict\n", "profile: 'strict' is not one of: modern, intermediate, old"),
        ("polcy: {}\n", "unknown key 'polcy'"),
        ("profile: [modern\n", "invalid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("a: &a [*a]\n", "invalid"),
    ],
)
def test_an_invalid_config_gives_the_same_error_on_every_run(
    tmp_path: Path, cache: Path, text: str, expected: str
) -> None:
    path = write_config(tmp_path, text)
    errors = []
    for _ in range(2):
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        errors.append(str(caught.value))
    assert errors[0] == errors[1] and expected in errors[0]


def test_data_json_cannot_give_back_exactly_is_parsed_on_every_run(
    tmp_path: Path, cache: Path
) -> None:
    # A date, a non-string key, an infinity: JSON would turn them into something else.
    text = "when: 2024-01-02\n1: one\nlimit: .inf\n"
    path = write_config(tmp_path, text)
    for _ in range(2):
        data = config_module._from_yaml(path, text)
        assert data == {"when": dt.date(2024, 1, 2), 1: "one", "limit": float("inf")}
    assert not entries(cache)
