"""Terraform values: variables, tfvars, locals, interpolation and local module inputs.

Evaluation never guesses. A value that depends on something the repository does not decide
(a variable without default or tfvars value, a resource attribute known only after apply, a
function tlslint does not evaluate) is :class:`Unknown`, and carries the reason, e.g.
``depends on var.policy (no default)``; the source turns that into an info-level "cannot tell"
finding instead of a verdict.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tlslint.linter.sources.terraform.hcl import Attribute, Expr

MAX_EVAL_DEPTH = 64


@dataclass(frozen=True)
class Unknown:
    reason: str

    def __bool__(self) -> bool:  # an unknown is never taken for a truthy setting
        return False


def unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


@dataclass
class Module:
    """One Terraform module (a directory): what its expressions may refer to."""

    directory: str
    variables: dict[str, Attribute | None] = field(default_factory=dict)  # name -> default
    tfvars: dict[str, Any] = field(default_factory=dict)  # name -> (Expr, Module) or value
    locals: dict[str, Expr] = field(default_factory=dict)
    # Inputs given by the (single) caller: name -> (expression, caller module).
    inputs: dict[str, tuple[Expr, Module]] = field(default_factory=dict)
    caller: str = ""  # "module.web in envs/prod/main.tf" when called from another module


class Evaluator:
    def __init__(self) -> None:
        self._stack: set[tuple[int, str]] = set()

    def value(self, expr: Expr | None, module: Module, depth: int = 0) -> Any:
        if expr is None:
            return None
        if depth > MAX_EVAL_DEPTH:
            return Unknown("expression too deeply nested to evaluate")
        kind = expr.kind
        if kind == "lit" or kind == "value":
            return expr.value
        if kind == "tmpl":
            out: list[str] = []
            for part in expr.parts:
                if isinstance(part, str):
                    out.append(part)
                    continue
                v = self.value(part, module, depth + 1)
                if unknown(v):
                    return v
                if isinstance(v, bool):
                    out.append("true" if v else "false")
                elif isinstance(v, (str, int, float)):
                    out.append(str(v))
                else:
                    return Unknown(f"interpolates a non-string value ({_show(part)})")
            return _bounded("".join(out))
        if kind == "list":
            return [self.value(a, module, depth + 1) for a in expr.args]
        if kind == "map":
            result: dict[str, Any] = {}
            for key, val in expr.items:
                k = key if isinstance(key, str) else self.value(key, module, depth + 1)
                if not isinstance(k, str):
                    return Unknown("map with a computed key")
                result[k] = self.value(val, module, depth + 1)
            return result
        if kind == "ref":
            return self._ref(expr, module, depth)
        if kind == "index":
            base = self.value(expr.args[0], module, depth + 1)
            key = self.value(expr.args[1], module, depth + 1)
            return _index(base, key, expr)
        if kind == "cond":
            test = self.value(expr.args[0], module, depth + 1)
            yes = self.value(expr.args[1], module, depth + 1)
            no = self.value(expr.args[2], module, depth + 1)
            if isinstance(test, bool):
                return yes if test else no
            if not unknown(yes) and yes == no:
                return yes
            return test if unknown(test) else Unknown(f"depends on a condition ({expr.text[:60]})")
        if kind == "call":
            return self._call(expr, module, depth)
        return Unknown(f"depends on an expression tlslint does not evaluate ({expr.text[:60]})")

    def _ref(self, expr: Expr, module: Module, depth: int) -> Any:
        path = expr.path
        head = path[0] if path else ""
        if head == "var" and len(path) >= 2:
            name = str(path[1])
            base = self._variable(name, module, depth)
            return _walk(base, path[2:], expr)
        if head == "local" and len(path) >= 2:
            name = str(path[1])
            key = (id(module), "local." + name)
            if key in self._stack:
                return Unknown(f"local.{name} refers to itself")
            if name not in module.locals:
                return Unknown(f"depends on local.{name}, which is not defined")
            self._stack.add(key)
            try:
                base = self.value(module.locals[name], module, depth + 1)
            finally:
                self._stack.discard(key)
            return _walk(base, path[2:], expr)
        shown = ".".join(str(p) for p in path[:3])
        if head in ("each", "count", "self"):
            return Unknown(f"depends on {shown} (differs per instance)")
        if head == "module":
            return Unknown(f"depends on {shown} (a module output)")
        if head == "data":
            return Unknown(f"depends on {shown} (read at plan time)")
        if head == "terraform":
            return Unknown(f"depends on {shown} (chosen when Terraform runs)")
        if head == "path":
            return Unknown(f"depends on {shown} (a path on the machine running Terraform)")
        return Unknown(f"depends on {shown} (known after apply)")

    def _variable(self, name: str, module: Module, depth: int) -> Any:
        key = (id(module), "var." + name)
        if key in self._stack:
            return Unknown(f"var.{name} refers to itself")
        self._stack.add(key)
        try:
            if name in module.inputs:
                expr, caller = module.inputs[name]
                return self.value(expr, caller, depth + 1)
            if name in module.tfvars:
                expr, owner = module.tfvars[name]
                return self.value(expr, owner, depth + 1)
            if name not in module.variables:
                return Unknown(f"depends on var.{name}, which is not declared")
            default = module.variables[name]
            if default is None:
                where = f", not set by {module.caller}" if module.caller else ""
                return Unknown(f"depends on var.{name} (no default{where})")
            return self.value(default.expr, module, depth + 1)
        finally:
            self._stack.discard(key)

    def _call(self, expr: Expr, module: Module, depth: int) -> Any:
        args = [self.value(a, module, depth + 1) for a in expr.args]
        name = expr.name
        if name == "coalesce":
            for a in args:
                if unknown(a):
                    return a
                if a not in (None, ""):
                    return a
            return None
        if name == "try":
            for a in args:
                if not unknown(a):
                    return a
            return args[-1] if args else None
        bad = next((a for a in args if unknown(a)), None)
        if bad is not None:
            return bad
        try:
            if name == "lower" and len(args) == 1 and isinstance(args[0], str):
                return args[0].lower()
            if name == "upper" and len(args) == 1 and isinstance(args[0], str):
                return args[0].upper()
            if name == "trimspace" and len(args) == 1 and isinstance(args[0], str):
                return args[0].strip()
            if name in ("tostring", "tobool", "tonumber", "tolist", "toset") and len(args) == 1:
                return _convert(name, args[0])
            if name == "lookup" and len(args) in (2, 3) and isinstance(args[0], dict):
                if args[1] in args[0]:
                    return args[0][args[1]]
                if len(args) == 3:
                    return args[2]
            if name == "format" and args and isinstance(args[0], str):
                if _too_wide(args[0]):
                    return Unknown("format(…) with a width or precision over 1,000")
                return _bounded(args[0] % tuple(args[1:]) if "%" in args[0] else args[0])
            if name == "jsonencode" and len(args) == 1 and not _has_unknown(args[0]):
                return json.dumps(args[0])
            if name == "jsondecode" and len(args) == 1 and isinstance(args[0], str):
                return json.loads(args[0])
            if name == "concat" and all(isinstance(a, list) for a in args):
                return _bounded([x for a in args for x in a])
            if name == "contains" and len(args) == 2 and isinstance(args[0], list):
                return args[1] in args[0]
        except (TypeError, ValueError):
            pass
        return Unknown(f"depends on {name}(…), which tlslint does not evaluate")


# Evaluation is bounded: a repository may define locals that double a string at every step,
# or format("%0999999999d", 1).
MAX_VALUE_LENGTH = 1024 * 1024
MAX_WIDTH = 1000
_WIDTH = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d*))?")


def _too_wide(template: str) -> bool:
    for match in _WIDTH.finditer(template):
        for number in match.groups():
            if number and (len(number) > 4 or int(number) > MAX_WIDTH):
                return True
    return False


def _bounded(value: Any) -> Any:
    """The value, or Unknown when it grew beyond what any TLS setting needs."""
    if isinstance(value, (str, list)) and len(value) > MAX_VALUE_LENGTH:
        return Unknown(f"a computed value over {MAX_VALUE_LENGTH:,} characters or items")
    return value


def _has_unknown(value: Any) -> bool:
    if unknown(value):
        return True
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return False


def _convert(name: str, value: Any) -> Any:
    if name == "tostring":
        return value if isinstance(value, str) else str(value).lower()
    if name == "tobool":
        return value if isinstance(value, bool) else {"true": True, "false": False}[value]
    if name == "tonumber":
        return value if isinstance(value, (int, float)) else float(value)
    return list(value)


def _index(base: Any, key: Any, expr: Expr) -> Any:
    if unknown(base):
        return base
    if unknown(key):
        return key
    try:
        if isinstance(base, dict):
            return base[key] if key in base else Unknown(f"no key {key!r} in {expr.text[:40]}")
        if isinstance(base, list) and isinstance(key, (int, float)):
            return base[int(key)]
    except (IndexError, TypeError):
        pass
    return Unknown(f"cannot index {expr.text[:40]}")


def _walk(base: Any, rest: tuple[Any, ...], expr: Expr) -> Any:
    for key in rest:
        base = _index(base, key, expr)
    return base


def _show(expr: Expr) -> str:
    return expr.text or ".".join(str(p) for p in expr.path) or expr.kind
