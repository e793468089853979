"""The Terraform built-in functions tlslint evaluates: a table of name -> small function.

Each function takes the evaluated arguments and returns the value, or :data:`NOT_EVALUATED`
when the arguments are not ones it handles (wrong count or type); the caller then reports the
call as something tlslint does not evaluate. Arguments reach a function known: an unknown
argument makes the call unknown first, except for :data:`LENIENT` functions, which decide
themselves. Evaluation is bounded: a repository may define locals that double a string at
every step, or ``format("%0999999999d", 1)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tlslint.sources.terraform.unknown import Unknown, unknown

MAX_VALUE_LENGTH = 1024 * 1024
MAX_WIDTH = 1000
_WIDTH = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d*))?")

NOT_EVALUATED: Any = object()
Function = Callable[[list[Any]], Any]


def bounded(value: Any) -> Any:
    """The value, or Unknown when it grew beyond what any TLS setting needs."""
    if isinstance(value, (str, list)) and len(value) > MAX_VALUE_LENGTH:
        return Unknown(f"a computed value over {MAX_VALUE_LENGTH:,} characters or items")
    return value


def _too_wide(template: str) -> bool:
    for match in _WIDTH.finditer(template):
        for number in match.groups():
            if number and (len(number) > 4 or int(number) > MAX_WIDTH):
                return True
    return False


def _has_unknown(value: Any) -> bool:
    if unknown(value):
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _coalesce(args: list[Any]) -> Any:
    for a in args:
        if unknown(a):
            return a
        if a not in (None, ""):
            return a
    return None


def _try(args: list[Any]) -> Any:
    for a in args:
        if not unknown(a):
            return a
    return args[-1] if args else None


def _string_function(method: Callable[[str], str]) -> Function:
    def call(args: list[Any]) -> Any:
        if len(args) == 1 and isinstance(args[0], str):
            return method(args[0])
        return NOT_EVALUATED

    return call


def _one(convert: Callable[[Any], Any]) -> Function:
    def call(args: list[Any]) -> Any:
        return convert(args[0]) if len(args) == 1 else NOT_EVALUATED

    return call


def _tostring(value: Any) -> Any:
    return value if isinstance(value, str) else str(value).lower()


def _tobool(value: Any) -> Any:
    return value if isinstance(value, bool) else {"true": True, "false": False}[value]


def _tonumber(value: Any) -> Any:
    return value if isinstance(value, (int, float)) else float(value)


def _lookup(args: list[Any]) -> Any:
    if len(args) not in (2, 3) or not isinstance(args[0], dict):
        return NOT_EVALUATED
    if args[1] in args[0]:
        return args[0][args[1]]
    return args[2] if len(args) == 3 else NOT_EVALUATED


def _format(args: list[Any]) -> Any:
    if not args or not isinstance(args[0], str):
        return NOT_EVALUATED
    if _too_wide(args[0]):
        return Unknown("format(…) with a width or precision over 1,000")
    return bounded(args[0] % tuple(args[1:]) if "%" in args[0] else args[0])


def _jsonencode(args: list[Any]) -> Any:
    if len(args) == 1 and not _has_unknown(args[0]):
        return json.dumps(args[0])
    return NOT_EVALUATED


def _jsondecode(args: list[Any]) -> Any:
    if len(args) == 1 and isinstance(args[0], str):
        return json.loads(args[0])
    return NOT_EVALUATED


def _concat(args: list[Any]) -> Any:
    if all(isinstance(a, list) for a in args):
        return bounded([x for a in args for x in a])
    return NOT_EVALUATED


def _contains(args: list[Any]) -> Any:
    if len(args) == 2 and isinstance(args[0], list):
        return args[1] in args[0]
    return NOT_EVALUATED


# Functions that see unknown arguments and decide for themselves.
LENIENT: dict[str, Function] = {"coalesce": _coalesce, "try": _try}

FUNCTIONS: dict[str, Function] = {
    "lower": _string_function(str.lower),
    "upper": _string_function(str.upper),
    "trimspace": _string_function(str.strip),
    "tostring": _one(_tostring),
    "tobool": _one(_tobool),
    "tonumber": _one(_tonumber),
    "tolist": _one(list),
    "toset": _one(list),
    "lookup": _lookup,
    "format": _format,
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "concat": _concat,
    "contains": _contains,
}


def call(name: str, args: list[Any]) -> Any:
    """``name(args…)``, or Unknown with the reason."""
    lenient = LENIENT.get(name)
    if lenient is not None:
        return lenient(args)
    bad = next((a for a in args if unknown(a)), None)
    if bad is not None:
        return bad
    function = FUNCTIONS.get(name)
    if function is not None:
        try:
            result = function(args)
        except (TypeError, ValueError, KeyError):
            result = NOT_EVALUATED
        if result is not NOT_EVALUATED:
            return result
    return Unknown(f"depends on {name}(…), which tlslint does not evaluate")
