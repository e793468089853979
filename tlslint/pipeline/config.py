"""The configuration file: found, parsed, validated against its JSON Schema.

Found by walking up from the first path: ``.tlslint.yaml`` / ``.tlslint.yml``, or a
``[tool.tlslint]`` table in ``pyproject.toml``. A bad key or value is a :class:`ConfigError`
whose message names it in one line; the command line turns it into exit status 2.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tlslint.packaged import read_bytes, read_text

CONFIG_NAMES = (".tlslint.yaml", ".tlslint.yml")
CONFIG_MAX_BYTES = 1024 * 1024  # a config is a page of settings; a repository may hold a trap


class ConfigError(Exception):
    """A configuration problem, stated in one line."""


@dataclass
class Config:
    """A configuration's data (validated) and the file it came from (None: the defaults)."""

    data: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def directory(self) -> Path | None:
        return self.path.parent if self.path else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@functools.cache
def config_schema() -> dict[str, Any]:
    return json.loads(read_text("schemas/config.schema.json"))  # type: ignore[no-any-return]


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    from tlslint.pipeline.reading import read_bytes

    try:
        text = read_bytes(pyproject, CONFIG_MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return "[tool.tlslint" in text


def load_config(path: Path) -> Config:
    """Read and validate a config file; raises ConfigError."""
    from tlslint.pipeline.reading import read_bytes, why

    try:
        text = read_bytes(path, CONFIG_MAX_BYTES).decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {why(exc)}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read: not UTF-8") from None
    is_pyproject = path.name == "pyproject.toml"
    data = _from_pyproject(path, text) if is_pyproject else _from_yaml(path, text)
    validate_config(data, str(path))
    return Config(data, path)


def _from_pyproject(path: Path, text: str) -> dict[str, Any]:
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays recursively
        raise ConfigError(f"{path}: invalid TOML: values are nested too deeply") from None
    table = document.get("tool", {}).get("tlslint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tlslint] must be a table")
    return table


def _from_yaml(path: Path, text: str) -> dict[str, Any]:
    """The mapping a YAML config holds: as stored for this exact text, else parsed (and
    stored when it is plain JSON data, which the next run reads without PyYAML)."""
    entry = _parsed_entry(text)
    if entry is not None:
        known = _read_parsed(entry, text)
        if known is not None:
            return known
    data = _parse_yaml(path, text)
    if entry is not None:
        _store_parsed(entry, text, data)
    return data


def _parse_yaml(path: Path, text: str) -> dict[str, Any]:
    import yaml

    from tlslint.pipeline.yamlload import YamlLimitError, load

    try:
        data = load(text)
    except YamlLimitError as exc:
        raise ConfigError(f"{path}: invalid configuration: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}{where}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys to values")
    try:  # a config is plain data: no alias that contains itself, no absurd nesting
        json.dumps(data, default=str)
    except (ValueError, RecursionError):
        raise ConfigError(
            f"{path}: invalid configuration: a YAML alias refers to itself, or values are "
            "nested too deeply"
        ) from None
    return data


# -- Parsed configurations, kept between runs ----------------------------------------------
# Importing PyYAML costs some 15 ms, a tenth of a one-file check; a config is read on every
# run and rarely changes. What it parsed to is kept in tlslint's cache directory, as JSON
# beside the whole text it came from: an entry is used only for that exact text, only when the
# file is this user's own and writable by no one else, and only when it holds nothing but plain
# data; anything else (unreadable, malformed, tampered with) is ignored and parsed again.

_PARSED_FORMAT = 1
_PARSED_MAX_BYTES = 4 * CONFIG_MAX_BYTES  # the text, and its data with JSON's escapes
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _parsed_entry(text: str) -> Path | None:
    """Where the data parsed from ``text`` is kept (None when caching is off)."""
    from tlslint.pipeline.cache import cache_directory

    directory = cache_directory()
    if directory is None:
        return None
    from tlslint.digest import sha256

    digest = sha256(_parser_version().encode("utf-8"))
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return directory / "config" / f"parsed-{digest.hexdigest()[:32]}.json"


def _parser_version() -> str:
    """What the parsing depends on besides the text: tlslint's own code (its YAML limits) and
    the PyYAML installed (found, not imported)."""
    import importlib.util

    from tlslint.pipeline.cache import fingerprint

    spec = importlib.util.find_spec("yaml")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        info = os.stat(origin) if origin else None
    except OSError:
        info = None
    installed = f"{origin} {info.st_mtime_ns} {info.st_size}" if info else "absent"
    return f"{fingerprint()} {installed}"


def _read_parsed(entry: Path, text: str) -> dict[str, Any] | None:
    """The data stored for exactly ``text``, or None (no entry, or one not to be trusted)."""
    from tlslint.pipeline.cache import trusted

    try:
        place = os.lstat(entry.parent)  # as the index's: a directory of this user's only
        if not stat.S_ISDIR(place.st_mode) or not trusted(place):
            return None
        fd = os.open(entry, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not trusted(info):
            return None
        if info.st_size > _PARSED_MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            stored = json.loads(handle.read(_PARSED_MAX_BYTES + 1))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    finally:
        os.close(fd)
    if (
        not isinstance(stored, dict)
        or stored.get("format") != _PARSED_FORMAT
        or stored.get("text") != text
        or not isinstance(stored.get("data"), dict)
        or not _plain(stored["data"])
    ):
        return None
    data: dict[str, Any] = stored["data"]
    return data


def _store_parsed(entry: Path, text: str, data: dict[str, Any]) -> None:
    """Keep ``data`` for ``text`` when JSON gives it back unchanged (no dates, binary, sets,
    non-string keys or infinities: those configs are parsed on every run). Best effort."""
    from tlslint.pipeline.cache import private_directory, write_private

    if not _plain(data):
        return
    try:
        encoded = json.dumps(
            {"format": _PARSED_FORMAT, "text": text, "data": data}, allow_nan=False
        ).encode("utf-8")
    except (ValueError, RecursionError):
        return
    if len(encoded) > _PARSED_MAX_BYTES or not private_directory(entry.parent):
        return
    if write_private(entry, encoded):
        _forget_stale(entry.parent)


def _forget_stale(directory: Path) -> None:
    """Delete the entries not written for a month, when a new one is (an edited config leaves
    the entry of its old text behind; one still in use is written again when next parsed)."""
    from tlslint.pipeline.cache import STALE_SECONDS

    limit = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for item in os.scandir(directory):
            if item.name.startswith("parsed-") and item.name.endswith(".json"):
                with contextlib.suppress(OSError):
                    if item.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(item.path)


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is made only of what JSON gives back exactly: mappings with string
    keys, lists, strings, integers, finite floats, booleans and null."""
    if depth > 200:  # the YAML reader refuses deeper nesting long before
        return False
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item, depth + 1) for key, item in value.items())
    return False


def _cache_marker(data: dict[str, Any]) -> Path | None:
    """A file whose existence records that this exact config was valid before.

    Importing jsonschema costs ~40 ms, a quarter of the pre-commit budget; a config that
    validated once is not validated again (in tlslint's cache directory, ``pipeline/cache.py``).
    """
    from tlslint.pipeline.cache import cache_directory

    directory = cache_directory()
    if directory is None:
        return None
    from tlslint.digest import sha256

    digest = sha256(read_bytes("schemas/config.schema.json"))
    digest.update(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))
    return directory / "config" / f"ok-{digest.hexdigest()[:32]}"


def validate_config(data: dict[str, Any], origin: str) -> None:
    # Only a configuration JSON gives back exactly is marked: its digest is of its JSON text,
    # which would not tell a tuple (YAML's !!omap) from a list, nor take a key not a string.
    plain = _plain(data)
    marker = _cache_marker(data) if plain else None
    if marker is not None and marker.exists():
        return
    where = None if plain else _non_finite(data)
    if where is not None:  # JSON has no NaN or infinity; YAML's .nan and .inf are refused
        raise ConfigError(
            f"{origin}: {'.'.join(map(str, where)) or '(top level)'}: not a finite number"
        )
    _validate(data, origin)
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()


def _non_finite(value: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """Where ``value`` holds a NaN or an infinite float, or None (YAML's nesting is bounded
    by its reader, so the recursion is too)."""
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    if isinstance(value, dict):
        items: Any = value.items()
    else:
        items = enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite(item, (*path, key))
        if found is not None:
            return found
    return None


def _sortable(path: Any) -> list[tuple[int, int, str]]:
    """A schema error's path as a sort key: list indexes in order, then keys of any type."""
    return [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path]


def _validate(data: dict[str, Any], origin: str) -> None:
    """jsonschema's verdict, asked only when the schema's generated checks refuse ``data``
    (importing jsonschema costs about 45 ms): they are never more lenient than it
    (``tests/test_config_validator.py``), and jsonschema explains what is wrong."""
    from tlslint.pipeline.config_validator import valid

    if valid(data):
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(config_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: _sortable(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    key = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed), key=str)
        raise ConfigError(
            f"{origin}: unknown key {'.'.join(map(str, [*error.absolute_path, unknown[0]]))!r}"
            f" (allowed here: {', '.join(allowed)})"
        )
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        raise ConfigError(f"{origin}: {key}: {error.instance!r} is not one of: {choices}")
    raise ConfigError(f"{origin}: {key}: {error.message}")
