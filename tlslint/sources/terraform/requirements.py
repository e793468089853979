"""Simple TLS requirements read from a table (``data/requirements.yaml``), not written as code.

A row names a resource type, the attribute that decides, the policy its value must meet, the
remedy and the provider default; :func:`builders` turns the table into one builder per resource
type, which publishes a :class:`~tlslint.model.TlsRequirement` per row (through
:func:`~.builders.requirement`, as the hand-written builders do). The table is read once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tlslint.sources.terraform import datafiles
from tlslint.sources.terraform.builders import Builder, Out, requirement, truthy
from tlslint.sources.terraform.view import Res

Policy = Callable[[Any], bool]
_ROW_KEYS = frozenset(
    {
        "service",
        "attribute",
        "must",
        "remedy",
        "default",
        "default_note",
        "each",
        "when",
        "unless",
        "fix",
    }
)


def _equals(expected: Any, ignore_case: bool) -> Policy:
    if ignore_case:
        return lambda v: str(v).upper() == str(expected).upper()
    return lambda v: str(v) == str(expected)


def _not_equals(expected: Any, ignore_case: bool) -> Policy:
    same = _equals(expected, ignore_case)
    return lambda v: not same(v)


def _not_prefix(prefix: Any, ignore_case: bool) -> Policy:
    lowered = str(prefix).lower()
    return lambda v: not str(v).lower().startswith(lowered)


def _in(values: Any, ignore_case: bool) -> Policy:
    if not isinstance(values, list):
        raise ValueError(f"in: expects a list, not {values!r}")
    allowed = frozenset(str(v) for v in values)
    return lambda v: str(v) in allowed


_POLICIES: dict[str, Callable[[Any, bool], Policy]] = {
    "equals": _equals,
    "not_equals": _not_equals,
    "not_prefix": _not_prefix,
    "in": _in,
}


def policy(spec: Any) -> Policy:
    """The check a ``must:`` entry describes (see the table's header)."""
    if spec is True:
        return truthy
    if spec is False:
        return lambda v: not truthy(v)
    if isinstance(spec, dict):
        ignore_case = bool(spec.get("ignore_case", False))
        kinds = [k for k in spec if k != "ignore_case"]
        if len(kinds) == 1 and kinds[0] in _POLICIES:
            return _POLICIES[kinds[0]](spec[kinds[0]], ignore_case)
    raise ValueError(f"must: {spec!r} is not a policy tlslint knows")


@dataclass(frozen=True, slots=True)
class Condition:
    """``when``/``unless``: another attribute of the resource, known and meeting a policy."""

    attribute: str
    must: Policy

    def holds(self, res: Res) -> bool:
        val = res.get(self.attribute)
        return val.known and self.must(val.value)


@dataclass(frozen=True, slots=True)
class Row:
    """One requirement of the table."""

    service: str
    attribute: str
    must: Policy
    remedy: str
    default: Any = None
    default_note: str = ""
    each: tuple[str, ...] = ()
    when: Condition | None = None
    unless: Condition | None = None
    fix: str = ""

    def publish(self, res: Res, holder: Res, out: Out) -> None:
        """The requirement, with the attribute read in ``holder`` (the resource or a block)."""
        val = holder.get(self.attribute)
        site = holder.site(self.attribute, self.fix) if self.fix else None
        requirement(
            res,
            out,
            self.service,
            val,
            self.must,
            self.remedy,
            default=self.default,
            default_note=self.default_note,
            site=site,
        )


def _condition(spec: Any, where: str) -> Condition | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) != {"attribute", "must"}:
        raise ValueError(f"{where}: expects {{attribute: …, must: …}}")
    return Condition(str(spec["attribute"]), policy(spec["must"]))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def row(type_: str, spec: Mapping[str, Any]) -> Row:
    """One row of the table, checked: a mistake in the table fails loudly, at load."""
    unknown = set(spec) - _ROW_KEYS
    missing = {"service", "attribute", "must", "remedy"} - set(spec)
    if unknown or missing:
        raise ValueError(
            f"{type_}: unknown keys {sorted(unknown)} / missing keys {sorted(missing)}"
        )
    attribute = str(spec["attribute"])
    default = spec.get("default")
    note = spec.get("default_note") or (
        f"{attribute.rsplit('.', 1)[-1]} defaults to {_text(default)}"
        if default is not None
        else ""
    )
    return Row(
        service=str(spec["service"]),
        attribute=attribute,
        must=policy(spec["must"]),
        remedy=str(spec["remedy"]),
        default=default,
        default_note=note,
        each=tuple(str(b) for b in spec.get("each") or ()),
        when=_condition(spec.get("when"), f"{type_} when"),
        unless=_condition(spec.get("unless"), f"{type_} unless"),
        fix=str(spec.get("fix") or ""),
    )


def _holders(res: Res, each: tuple[str, ...]) -> list[Res]:
    """The resource, or every nested block along ``each`` (outermost first)."""
    holders = [res]
    for name in each:
        holders = [b for h in holders for b in h.blocks(name)]
    return holders


def _builder(rows: tuple[Row, ...]) -> Builder:
    # rows reading the same nested blocks are published block by block, in table order
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in rows:
        groups.setdefault(r.each, []).append(r)

    def build(res: Res, out: Out) -> None:
        for each, members in groups.items():
            judged = [r for r in members if _applies(r, res)]
            if not judged:
                continue
            for holder in _holders(res, each):
                for r in judged:
                    r.publish(res, holder, out)

    return build


def _applies(r: Row, res: Res) -> bool:
    if r.when is not None and not r.when.holds(res):
        return False
    return r.unless is None or not r.unless.holds(res)


@functools.cache
def table() -> dict[str, tuple[Row, ...]]:
    """The table: resource type -> its rows."""
    data = datafiles.table("requirements")  # the YAML file's compiled copy
    return {
        str(type_): tuple(row(str(type_), spec) for spec in specs)
        for type_, specs in data.items()
        if type_ != "version"
    }


def builders() -> dict[str, Builder]:
    """One builder per resource type of the table."""
    return {type_: _builder(rows) for type_, rows in table().items()}
