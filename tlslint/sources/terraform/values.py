"""Terraform values: variables, tfvars, locals, interpolation and local module inputs.

Evaluation never guesses. A value that depends on something the repository does not decide
(a variable without default or tfvars value, a resource attribute known only after apply, a
function tlslint does not evaluate) is :class:`Unknown`, and carries the reason, e.g.
``depends on var.policy (no default)``; the source turns that into an info-level "cannot tell"
finding instead of a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tlslint.sources.terraform import functions
from tlslint.sources.terraform.expr import (
    Call,
    Cond,
    Expr,
    Index,
    ListOf,
    Lit,
    MapOf,
    Opaque,
    Ref,
    Template,
    show,
)
from tlslint.sources.terraform.functions import bounded
from tlslint.sources.terraform.hcl import Attribute
from tlslint.sources.terraform.unknown import Unknown, unknown

MAX_EVAL_DEPTH = 64


@dataclass
class Module:
    """One Terraform module (a directory): what its expressions may refer to."""

    directory: str
    variables: dict[str, Attribute | None] = field(default_factory=dict)  # name -> default
    tfvars: dict[str, Any] = field(default_factory=dict)  # name -> (Expr, Module) or value
    # Expressions are converted when first evaluated (hcl.Attribute).
    locals: dict[str, Attribute] = field(default_factory=dict)
    # Inputs given by the (single) caller: name -> (argument, caller module).
    inputs: dict[str, tuple[Attribute, Module]] = field(default_factory=dict)
    caller: str = ""  # "module.web in envs/prod/main.tf" when called from another module


class Evaluator:
    """Evaluates expressions of modules, one small method per expression type."""

    def __init__(self) -> None:
        self._stack: set[tuple[int, str]] = set()

    def value(self, expr: Expr | None, module: Module, depth: int = 0) -> Any:
        if expr is None:
            return None
        if depth > MAX_EVAL_DEPTH:
            return Unknown("expression too deeply nested to evaluate")
        return _EVALUATORS[type(expr)](self, expr, module, depth)

    def _lit(self, expr: Lit, module: Module, depth: int) -> Any:
        return expr.value

    def _template(self, expr: Template, module: Module, depth: int) -> Any:
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
                return Unknown(f"interpolates a non-string value ({show(part)})")
        return bounded("".join(out))

    def _list(self, expr: ListOf, module: Module, depth: int) -> Any:
        return [self.value(a, module, depth + 1) for a in expr.items]

    def _map(self, expr: MapOf, module: Module, depth: int) -> Any:
        result: dict[str, Any] = {}
        for key, val in expr.items:
            k = key if isinstance(key, str) else self.value(key, module, depth + 1)
            if not isinstance(k, str):
                return Unknown("map with a computed key")
            result[k] = self.value(val, module, depth + 1)
        return result

    def _index(self, expr: Index, module: Module, depth: int) -> Any:
        base = self.value(expr.base, module, depth + 1)
        key = self.value(expr.key, module, depth + 1)
        return _index(base, key, expr.text)

    def _cond(self, expr: Cond, module: Module, depth: int) -> Any:
        test = self.value(expr.test, module, depth + 1)
        yes = self.value(expr.yes, module, depth + 1)
        no = self.value(expr.no, module, depth + 1)
        if isinstance(test, bool):
            return yes if test else no
        if not unknown(yes) and yes == no:
            return yes
        return test if unknown(test) else Unknown(f"depends on a condition ({expr.text[:60]})")

    def _call(self, expr: Call, module: Module, depth: int) -> Any:
        args = [self.value(a, module, depth + 1) for a in expr.args]
        return functions.call(expr.name, args)

    def _opaque(self, expr: Opaque, module: Module, depth: int) -> Any:
        return Unknown(f"depends on an expression tlslint does not evaluate ({expr.text[:60]})")

    def _ref(self, expr: Ref, module: Module, depth: int) -> Any:
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
                base = self.value(module.locals[name].expr, module, depth + 1)
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
                argument, caller = module.inputs[name]
                return self.value(argument.expr, caller, depth + 1)
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


def _index(base: Any, key: Any, text: str) -> Any:
    if unknown(base):
        return base
    if unknown(key):
        return key
    try:
        if isinstance(base, dict):
            return base[key] if key in base else Unknown(f"no key {key!r} in {text[:40]}")
        if isinstance(base, list) and isinstance(key, (int, float)):
            return base[int(key)]
    except (IndexError, TypeError):
        pass
    return Unknown(f"cannot index {text[:40]}")


def _walk(base: Any, rest: tuple[Any, ...], expr: Ref) -> Any:
    for key in rest:
        base = _index(base, key, expr.text)
    return base


_EVALUATORS: dict[type, Callable[[Evaluator, Any, Module, int], Any]] = {
    Lit: Evaluator._lit,
    Template: Evaluator._template,
    Ref: Evaluator._ref,
    ListOf: Evaluator._list,
    MapOf: Evaluator._map,
    Index: Evaluator._index,
    Cond: Evaluator._cond,
    Call: Evaluator._call,
    Opaque: Evaluator._opaque,
}
