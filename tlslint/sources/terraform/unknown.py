"""A value tlslint cannot decide, with the reason (shown in "cannot tell" findings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Unknown:
    reason: str

    def __bool__(self) -> bool:  # an unknown is never taken for a truthy setting
        return False


def unknown(value: Any) -> bool:
    return isinstance(value, Unknown)
