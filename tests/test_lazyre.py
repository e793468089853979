"""Patterns compiled when first used (tlslint/lazyre.py) answer as ``re.compile`` does."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import tlslint
from tlslint.lazyre import LazyPattern


def test_a_lazy_pattern_is_compiled_at_its_first_use_and_answers_as_re_does() -> None:
    lazy = LazyPattern(r"(\w+)=(\d+)", re.I)
    compiled = re.compile(r"(\w+)=(\d+)", re.I)
    assert lazy._compiled is None
    text = "a=1, B=22; c=x"
    assert lazy.search(text).group(0) == compiled.search(text).group(0)  # type: ignore[union-attr]
    first = lazy.compiled
    assert lazy.compiled is first  # compiled once
    assert lazy.match(text) is not None and lazy.fullmatch(text) is None
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.split(text) == compiled.split(text)
    assert lazy.sub(r"\2=\1", text) == compiled.sub(r"\2=\1", text)
    assert lazy.search(text, 5) is not None and lazy.search(text, 5, 7) is None
    assert lazy.pattern == compiled.pattern


def test_bytes_patterns_search_bytes() -> None:
    lazy = LazyPattern(rb"^\s*global\b", re.M)
    assert lazy.search(b"defaults\n  global\n") is not None
    assert lazy.search(b"globally") is None


def _lazy_patterns() -> list[tuple[str, LazyPattern[str] | LazyPattern[bytes]]]:
    found = []
    for info in pkgutil.walk_packages(tlslint.__path__, "tlslint."):
        if info.name.endswith(".__main__"):  # runs the command line
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):
                found.append((f"{info.name}.{name}", value))
    return found


def test_every_lazy_pattern_of_the_package_compiles() -> None:
    # A mistake in a pattern would otherwise only show when a file first needs it.
    patterns = _lazy_patterns()
    assert len(patterns) >= 25
    for name, pattern in patterns:
        try:
            assert isinstance(pattern.compiled, re.Pattern)
        except re.error as exc:
            pytest.fail(f"{name}: {exc}")
