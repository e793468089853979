"""Findings whose fix is computed when something reads it.

Turning a rule's :class:`FixIntent` into edits is the source's work (find the directive, its
indentation, the block to add it to, quote it for YAML or HCL). Only ``tlslint fix`` and the
formats that carry fixes (JSON, SARIF) read ``Finding.fix``; ``check`` in text, a baseline, a
report or a pre-commit hook never do. So the engine hands out a :class:`DeferredFixFinding`,
whose ``fix`` runs the source once, on first read, and keeps the result.

It is a :class:`Finding` in every other respect: same fields, equality (which reads the fix),
``dataclasses.replace`` (which reads it too, so the copy holds a computed fix) and pickling.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tlslint.model import Finding, Fix

# The storage slot of ``Finding.fix``, read and written past the property that hides it.
_FIX_SLOT: Any = Finding.__dict__["fix"]


class DeferredFixFinding(Finding):
    """A finding whose ``fix`` is ``compute()``, run on first read."""

    __slots__ = ("_compute",)

    def __init__(
        self, *args: Any, compute: Callable[[], Fix | None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        object.__setattr__(self, "_compute", compute)

    @property
    def fix(self) -> Fix | None:
        compute = getattr(self, "_compute", None)  # absent on a copy or an unpickled one
        if compute is not None:
            _FIX_SLOT.__set__(self, compute())
            object.__setattr__(self, "_compute", None)
        value: Fix | None = _FIX_SLOT.__get__(self, Finding)
        return value

    @fix.setter
    def fix(self, value: Fix | None) -> None:  # the dataclass __init__ and copies set it
        _FIX_SLOT.__set__(self, value)


def deferred(finding: Finding, compute: Callable[[], Fix | None] | None) -> Finding:
    """``finding`` with its fix left to ``compute`` (unchanged when there is nothing to
    compute or it already carries one)."""
    if compute is None or finding.fix is not None:
        return finding
    return DeferredFixFinding(
        **{name: getattr(finding, name) for name in Finding.__dataclass_fields__},
        compute=compute,
    )
