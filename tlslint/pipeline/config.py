"""The configuration file: found, parsed, validated against its JSON Schema.

Found by walking up from the first path: ``.tlslint.yaml`` / ``.tlslint.yml``, or a
``[tool.tlslint]`` table in ``pyproject.toml``. A bad key or value is a :class:`ConfigError`
whose message names it in one line; the command line turns it into exit status 2.
"""

from __future__ import annotations

import contextlib
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

CONFIG_NAMES = (".tlslint.yaml", ".tlslint.yml")
CONFIG_MAX_BYTES = 1024 * 1024  # a config is a page of settings; a repository may hold a trap


class ConfigError(Exception):
    """A configuration problem, stated in one line."""


@dataclass
class Config:
    data: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def directory(self) -> Path | None:
        return self.path.parent if self.path else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@functools.cache
def config_schema() -> dict[str, Any]:
    text = resources.files("tlslint.schemas").joinpath("config.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


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


def _cache_marker(data: dict[str, Any]) -> Path | None:
    """A file whose existence records that this exact config was valid before.

    Importing jsonschema costs ~40 ms, a quarter of the pre-commit budget; a config that
    validated once is not validated again (in tlslint's cache directory, ``pipeline/cache.py``).
    """
    from tlslint.pipeline.cache import cache_directory

    directory = cache_directory()
    if directory is None:
        return None
    import hashlib  # only when a config file is validated: start-up of other runs is spared

    schema_text = resources.files("tlslint.schemas").joinpath("config.schema.json").read_bytes()
    digest = hashlib.sha256(schema_text)
    digest.update(json.dumps(data, sort_keys=True, default=str).encode("utf-8"))
    return directory / "config" / f"ok-{digest.hexdigest()[:32]}"


def validate_config(data: dict[str, Any], origin: str) -> None:
    marker = _cache_marker(data)
    if marker is not None and marker.exists():
        return
    _validate(data, origin)
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()


def _validate(data: dict[str, Any], origin: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(config_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    key = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        raise ConfigError(
            f"{origin}: unknown key {'.'.join([*map(str, error.absolute_path), unknown[0]])!r}"
            f" (allowed here: {', '.join(allowed)})"
        )
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        raise ConfigError(f"{origin}: {key}: {error.instance!r} is not one of: {choices}")
    raise ConfigError(f"{origin}: {key}: {error.message}")
