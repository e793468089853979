"""A resource as rules-to-be see it: attributes evaluated, with their locations."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from tlslint.model import Location
from tlslint.sources.terraform.expr import Expr, Ref, Template
from tlslint.sources.terraform.hcl import Block
from tlslint.sources.terraform.sites import Site, attribute_site, insertion_site, valid_path
from tlslint.sources.terraform.unknown import Unknown, unknown
from tlslint.sources.terraform.values import Evaluator, Module


@dataclass(frozen=True)
class Val:
    """An attribute's value (``None`` when absent, :class:`Unknown` when undecidable)."""

    value: Any
    location: Location
    raw: str = ""
    present: bool = False

    @property
    def known(self) -> bool:
        return self.present and not unknown(self.value)

    @property
    def reason(self) -> str:
        return self.value.reason if isinstance(self.value, Unknown) else ""


class Res:
    """One resource (or nested block) of one module, evaluated lazily."""

    def __init__(
        self,
        block: Block,
        module: Module,
        ev: Evaluator,
        path: str,
        type_: str,
        name: str,
        prefix: str = "",
    ) -> None:
        self.block = block
        self.module = module
        self.ev = ev
        self.path = path
        self.type = type_
        self.name = name
        self.prefix = prefix  # "module.web." when inside a called module

    @property
    def address(self) -> str:
        return f"{self.prefix}{self.type}.{self.name}"

    @functools.cached_property
    def location(self) -> Location:
        return self.block.span.location(self.path)

    def expr(self, name: str) -> Expr | None:
        attr = self.block.attributes.get(name)
        return attr.expr if attr else None

    def get(self, dotted: str) -> Val:
        """An attribute, through nested single blocks (``"viewer_certificate.x"``)."""
        if "." not in dotted:  # the common case: an attribute of the resource itself
            attr = self.block.attributes.get(dotted)
            if attr is None:
                return Val(None, self.location)
            value = self.ev.value(attr.expr, self.module)
            return Val(value, attr.span.location(attr.path or self.path), attr.text, True)
        *parents, leaf = dotted.split(".")
        block: Block | None = self.block
        for p in parents:
            found = _child(block, p) if block else None
            if found is None:
                return Val(None, self.location)
            block = found
        assert block is not None
        path = block.path or self.path
        attr = block.attributes.get(leaf)
        if attr is None:
            return Val(None, block.span.location(path))
        value = self.ev.value(attr.expr, self.module)
        return Val(value, attr.span.location(attr.path or path), attr.text, True)

    def site(self, dotted: str, enforcing: str = "") -> Site | None:
        """Where a fix of the attribute ``dotted`` (as :meth:`get` reads it) can be written.

        A written attribute is found exactly as :meth:`get` finds it (the fixer checks that
        its location is the one the finding names); a new one is added only to a block that
        is alone of its type on the way down, and not a ``dynamic`` one.
        """
        if not valid_path(dotted):
            return None
        *parents, leaf = dotted.split(".")
        block: Block | None = self.block
        alone = True
        for p in parents:
            assert block is not None
            same = [b for b in block.blocks if b.type == p]
            dynamic = [b for b in block.blocks if b.type == "dynamic" and b.labels[:1] == (p,)]
            alone = alone and len(same) == 1 and not dynamic
            block = _child(block, p)
            if block is None:
                return None
        assert block is not None
        path = (block.path or self.path) if parents else self.path
        attr = block.attributes.get(leaf)
        found = (
            attribute_site(attr, block, path)
            if attr is not None
            else (insertion_site(block, leaf, path) if alone else None)
        )
        if found is None or not enforcing:
            return found
        return replace(found, enforcing=enforcing)

    def blocks(self, name: str) -> list[Res]:
        out: list[Res] = []
        for b in self.block.blocks:
            target: Block | None = None
            if b.type == name:
                target = b
            elif b.type == "dynamic" and b.labels and b.labels[0] == name:
                contents = b.children("content")
                target = contents[0] if contents else None
            if target is not None:
                path = target.path or b.path or self.path
                out.append(
                    Res(target, self.module, self.ev, path, self.type, self.name, self.prefix)
                )
        return out

    def has_block(self, name: str) -> bool:
        return bool(self.blocks(name))

    def ref_target(self, name: str) -> tuple[str, ...] | None:
        """The resource an attribute refers to: ``aws_lb.web.arn`` -> ("aws_lb", "web")."""
        expr = self.expr(name)
        if expr is None:
            return None
        if isinstance(expr, Template) and len(expr.parts) == 1:
            part = expr.parts[0]
            if not isinstance(part, str):
                expr = part
        if (
            isinstance(expr, Ref)
            and len(expr.path) >= 2
            and expr.path[0] not in ("var", "local", "module", "data", "each", "count", "self")
        ):
            return (str(expr.path[0]), str(expr.path[1]))
        return None


def _child(block: Block, name: str) -> Block | None:
    for b in block.blocks:
        if b.type == name:
            return b
        if b.type == "dynamic" and b.labels and b.labels[0] == name:
            contents = b.children("content")
            return contents[0] if contents else None
    return None
