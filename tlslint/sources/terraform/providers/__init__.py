"""The Terraform providers tlslint reads: the registry of resource type -> builder.

One module per provider (or per large part of one) defines ``PROVIDER``, a
:class:`~tlslint.sources.terraform.builders.Provider` mapping its resource types to
builders; :data:`PROVIDERS` lists the modules. Simple requirements (one attribute, one policy)
are rows of ``data/requirements.yaml`` instead (:mod:`..requirements`); a type may have both.
A resource type registered twice is an error, raised when the registry is first built.

To add a provider: write ``providers/<name>.py`` with its builders and ``PROVIDER``, and add
``"<name>"`` to :data:`PROVIDERS`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass

from tlslint.sources.terraform import PROVIDER_MODULES, requirements
from tlslint.sources.terraform.builders import Builder, Out, both, embedded_pem
from tlslint.sources.terraform.view import Res

# The provider modules, in registration order (named by the source, which imports them before
# its workers fork).
PROVIDERS = PROVIDER_MODULES


@dataclass(frozen=True)
class Registry:
    """Every provider's contribution, merged."""

    builders: Mapping[str, Builder]
    late: Mapping[str, Builder]  # run after every other resource of the unit
    pem: Mapping[str, Mapping[str, str]]  # attributes that may hold PEM inline
    types: frozenset[str]  # every type read: built, linked or holding PEM

    def build(self, res: Res, out: Out) -> None:
        builder = self.builders.get(res.type)
        if builder is not None:
            builder(res, out)
        pem = self.pem.get(res.type)
        if pem is not None:
            embedded_pem(res, out, pem)

    def build_late(self, res: Res, out: Out) -> None:
        late = self.late.get(res.type)
        if late is not None:
            late(res, out)


def _add(target: dict[str, Builder], source: Mapping[str, Builder], where: str) -> None:
    for type_, builder in source.items():
        if type_ in target:
            raise ValueError(f"{type_} is registered twice (again by {where})")
        target[type_] = builder


@functools.cache
def registry() -> Registry:
    """The registry, built once from :data:`PROVIDERS` and the requirements table."""
    builders: dict[str, Builder] = {}
    late: dict[str, Builder] = {}
    pem: dict[str, Mapping[str, str]] = {}
    linked: set[str] = set()
    for name in PROVIDERS:
        provider = importlib.import_module(f"{__name__}.{name}").PROVIDER
        _add(builders, provider.builders, name)
        _add(late, provider.late, name)
        for type_, attributes in provider.pem.items():
            if type_ in pem:
                raise ValueError(f"{type_}: PEM attributes registered twice (again by {name})")
            pem[type_] = attributes
        linked |= provider.linked
    for type_, table_builder in requirements.builders().items():
        code = builders.get(type_)
        builders[type_] = table_builder if code is None else both(code, table_builder)
    return Registry(
        builders=builders,
        late=late,
        pem=pem,
        types=frozenset(builders) | frozenset(late) | frozenset(linked) | frozenset(pem),
    )
