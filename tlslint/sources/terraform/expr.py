"""HCL expressions as small frozen values: what :mod:`.hcl` builds and :mod:`.values` evaluates.

Only the subset that decides TLS settings has a type of its own; anything else (for
expressions, splats, operators, template directives) is :class:`Opaque` and evaluates to an
unknown value with the text as its reason. ``text`` is the expression as written, for messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: str, int, float, bool or None (also a value read from JSON)."""

    value: Any


@dataclass(frozen=True, slots=True)
class Template:
    """``"a-${b}"``: literal text and interpolated expressions, in order."""

    parts: tuple[str | Expr, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference: names and literal indexes, ``var.x`` -> ("var", "x")."""

    path: tuple[Any, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class ListOf:
    """``[a, b]``."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class MapOf:
    """``{ key = value }``: a key is a name or, when computed, an expression."""

    items: tuple[tuple[str | Expr, Expr], ...]


@dataclass(frozen=True, slots=True)
class Call:
    """A function call."""

    name: str
    args: tuple[Expr, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class Cond:
    """``test ? yes : no``."""

    test: Expr
    yes: Expr
    no: Expr
    text: str = ""


@dataclass(frozen=True, slots=True)
class Index:
    """``base[key]`` (and ``.name`` after a call or a computed index)."""

    base: Expr
    key: Expr
    text: str = ""


@dataclass(frozen=True, slots=True)
class Opaque:
    """Anything tlslint does not evaluate; ``text`` says what."""

    text: str


Expr: TypeAlias = Lit | Template | Ref | ListOf | MapOf | Call | Cond | Index | Opaque


_KIND: dict[type, str] = {
    Lit: "lit",
    Template: "tmpl",
    Ref: "ref",
    ListOf: "list",
    MapOf: "map",
    Call: "call",
    Cond: "cond",
    Index: "index",
    Opaque: "opaque",
}


def show(expr: Expr) -> str:
    """A short description of the expression, for messages."""
    if isinstance(expr, Ref) and not expr.text and expr.path:
        return ".".join(str(p) for p in expr.path)
    if isinstance(expr, (Ref, Call, Cond, Index, Opaque)) and expr.text:
        return expr.text
    return _KIND[type(expr)]
