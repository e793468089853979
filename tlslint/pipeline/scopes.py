"""Configuration per file: the nearest ``.tlslint.yaml`` or ``[tool.tlslint]`` above a file
decides for it, as in ruff.

A run over paths is split into one run per configuration: each path goes to the run of the
configuration nearest to it, and a directory whose subtree holds another configuration leaves
that subtree to it (``check .`` judges ``examples/`` under ``examples/.tlslint.yaml``). The
runs' results are merged into one, so the outcome does not depend on the order of the paths.
An explicit ``--config`` applies to every path instead.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tlslint.model import Model
from tlslint.pipeline.config import Config, find_config, load_config
from tlslint.pipeline.discover import MAX_DEPTH, SKIP_DIRS, located

if TYPE_CHECKING:
    from tlslint.pipeline.run import Options, Result


def split(options: Options) -> list[Options]:
    """One Options per configuration, each with the paths (and excluded subtrees) it judges."""
    root = options.root.resolve()
    configs: dict[Path | None, Config] = {}
    if options.config.path is not None:
        configs[options.config.path.resolve()] = options.config

    def nearest(path: Path) -> Path | None:
        found = find_config(path)
        resolved = found.resolve() if found is not None else None
        if resolved not in configs:
            configs[resolved] = load_config(resolved) if resolved is not None else Config()
        return resolved

    paths: dict[Path | None, list[Path]] = {}
    nested: list[tuple[Path, Path | None]] = []  # (directory, its configuration)
    for path in sorted(options.paths, key=lambda p: located(p).as_posix()):
        paths.setdefault(nearest(path), []).append(path)
        if path.is_dir() and not path.is_symlink():
            for directory in _config_directories(located(path)):
                nested.append((directory, nearest(directory)))
    for directory, config in nested:
        covered = any(_within(located(p), directory) for p in paths.get(config, ()))
        if not covered:
            paths.setdefault(config, []).append(directory)
    plans: list[Options] = []
    for config, group in sorted(paths.items(), key=lambda item: _first(item[1])):
        excluded = [
            directory
            for directory, other in nested
            if other != config
            and any(_within(directory, located(p)) and directory != located(p) for p in group)
        ]
        plans.append(
            replace(
                options,
                paths=group,
                config=configs[config],
                exclude_dirs=[*options.exclude_dirs, *excluded],
                per_file_config=False,
                root=root,
            )
        )
    return plans


def _first(paths: list[Path]) -> str:
    return min(located(p).as_posix() for p in paths)


def _within(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def _config_directories(top: Path) -> list[Path]:
    """Directories strictly below ``top`` that hold a configuration file (not those of a
    repository nested in it, whose own run finds them).

    Walked without recursion and no deeper than discovery walks (``MAX_DEPTH``), so a hostile
    tree of a thousand nested directories costs a bounded loop, not the interpreter's stack;
    unreadable directories are passed over here (discovery reports them)."""
    found: list[Path] = []
    pending: list[tuple[Path, int]] = [(top, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
        except OSError:
            continue
        names = {name for name, is_dir in listed if not is_dir}
        if directory != top and (".git", True) in listed:
            continue  # a nested repository: its run finds its own configurations
        if directory != top:
            own = ".tlslint.yaml" in names or ".tlslint.yml" in names
            if own or (
                "pyproject.toml" in names and find_config(directory) == directory / "pyproject.toml"
            ):
                found.append(directory)
        if depth < MAX_DEPTH:
            children = sorted(
                (name for name, is_dir in listed if is_dir and name not in SKIP_DIRS),
                reverse=True,
            )
            pending.extend((directory / name, depth + 1) for name in children)
    return found


def merge(results: list[Result]) -> Result:
    """One result from the runs of several configurations (first run's policy and date)."""
    from tlslint.pipeline.run import Result

    first = results[0]
    model = Model()
    scope: set[str] = set()
    seen_rules: dict[str, object] = {}
    findings, suppressed, baselined = [], [], []
    for result in results:
        model.files.extend(result.files)
        model.endpoints.extend(result.model.endpoints)
        model.problems.extend(result.model.problems)
        model.incomplete.update(result.model.incomplete)
        for kind, values in result.model.objects.items():
            model.objects.setdefault(kind, []).extend(values)
        scope.update(f.path for f in result.files)
        scope.update(result.model.incomplete)
        findings.extend(result.findings)
        suppressed.extend(result.suppressed)
        baselined.extend(result.baselined)
        for rule in result.rules:
            seen_rules.setdefault(rule.id, rule)
    findings.sort(key=lambda f: (f.path, f.line, f.location.column, f.rule_id))
    from tlslint.rules import RULES

    rules = tuple(r for r in RULES if r.id in seen_rules)
    return Result(
        first.root,
        first.policy,
        first.now,
        findings,
        suppressed,
        baselined,
        model,
        rules,
        scope=scope,
    )
