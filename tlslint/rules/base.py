"""What a rule is: data plus one pure function over the model.

A rule function takes a subject (an :class:`Endpoint`, or the whole :class:`Model`) and a
:class:`Context`, and yields :class:`Issue` objects; the engine turns them into findings with the
rule's id, name and severity. The function's docstring is the rule's documentation, under the
headings in :data:`DOC_HEADINGS`, and feeds ``tlslint rules ID``, SARIF help and the reports.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

from tlslint.model import (
    ENDPOINTS,
    Endpoint,
    Fix,
    FixIntent,
    Kind,
    Location,
    Model,
    Setting,
    Severity,
)
from tlslint.model.policy import Policy

DOC_HEADINGS = (
    "What it checks",
    "Why it matters",
    "Severity",  # one line: why this default severity, citing the standard it rests on
    "Example",
    "Use instead",
    "References",
)


class FixSafety(enum.Enum):
    """Whether a rule's findings carry a fix, and whether ``tlslint fix`` may write it.

    Every fix changes how a server behaves: that is its purpose. The levels say whether it
    changes anything *beyond* what the finding names.
    """

    NONE = "none"  # the rule never yields a fix: a person decides
    SAFE = "safe"  # does what the finding asks and nothing else; applied by `tlslint fix`
    UNSAFE = "unsafe"  # may affect more than the finding names; needs --unsafe-fixes
    DISPLAY_ONLY = "display-only"  # shown (JSON, SARIF) but never written: it is incomplete

    def applicable(self, unsafe: bool) -> bool:
        """Whether ``tlslint fix`` writes it (``unsafe``: with ``--unsafe-fixes``)."""
        return self is FixSafety.SAFE or (unsafe and self is FixSafety.UNSAFE)


FixLevel = Literal["none", "safe", "unsafe", "display-only"]

# ``<!-- fixture: TLS401/certificates/fires -->`` on a line of its own in "Example" or "Use
# instead": the case that shows it, where a snippet cannot (tests/rules/test_rule_examples.py).
# Left out of the rendered documentation.
FIXTURE_MARK = re.compile(r"^<!-- fixture: (\S+) -->$", re.M)

# A rule inspects endpoints (ENDPOINTS), the whole model (MODEL), or a kind of object that
# sources publish (e.g. CERTIFICATES); see run._apply_rules.


@dataclass(frozen=True)
class Issue:
    """What a rule reports; the engine adds the rule's identity."""

    message: str
    location: Location
    remediation: str = ""
    severity: Severity | None = None  # None: the rule's default
    fix: Fix | None = None
    intent: FixIntent | None = None  # turned into ``fix`` by the endpoint's source
    endpoint: str = ""
    # The model object the issue is about when it is not the rule's subject (a plain endpoint
    # for a model-level rule, a published object such as a managed policy or a cert-manager
    # Certificate): any object with a ``source``, whose source turns ``intent`` into a fix.
    subject: object = field(default=None, compare=False, repr=False)
    # Stable words identifying the problem without its line (baseline fingerprints).
    context: str = ""


T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Derived(Generic[T]):
    """A value computed once per run from the model and shared by the rules that need it
    (certificates by reference key…): ``ctx.derived(BUNDLES)`` has the type ``compute`` returns."""

    name: str
    compute: Callable[[Model], T]


class Speaker(Protocol):
    """A source, as rules see it: it says how to write a change in its language."""

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None: ...


@dataclass
class Context:
    """What a rule may read besides its subject: no I/O, no clock of its own."""

    policy: Policy
    now: dt.datetime
    model: Model
    # Values derived from the model, computed on first use (see :class:`Derived`).
    memo: dict[Derived[Any], Any] = field(default_factory=dict, repr=False)
    # The sources by name (the engine fills it): they word remediation sentences.
    sources: Mapping[str, Speaker] = field(default_factory=dict)

    def derived(self, key: Derived[T]) -> T:
        """The value ``key`` derives from the model, computed once per run."""
        if key not in self.memo:
            self.memo[key] = key.compute(self.model)
        value: T = self.memo[key]
        return value

    def remedy(self, intent: FixIntent, endpoint: Endpoint) -> str | None:
        """How the endpoint's source says to make the change; None when it has no words."""
        source = self.sources.get(endpoint.source)
        return source.remedy(intent, endpoint, self.policy) if source is not None else None


CheckFunction = Callable[[Any, Context], Iterator[Issue]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, name and severity, what it inspects, its check, and its
    documentation (the check's docstring)."""

    id: str
    name: str
    severity: Severity
    summary: str
    subject: Kind[Any]  # what ``check`` takes: ENDPOINTS, MODEL or a published kind
    sources: tuple[str, ...]
    check: CheckFunction
    doc: str
    standard: str = ""  # the standard (or profile) the rule enforces, for the README table
    # Further kinds of published objects the check also inspects (e.g. "issuing_policies"
    # beside "certificates"): one rule, one verdict, over every object that expresses it.
    also: tuple[Kind[Any], ...] = ()

    @property
    def subjects(self) -> tuple[Kind[Any], ...]:
        return (self.subject, *self.also)

    # Whether findings carry a fix and how safe it is; None: the rule has not declared it
    # (tests/rules/test_registry.py requires every rule to).
    fix: FixSafety | None = None

    def section(self, heading: str) -> str:
        """The text under one doc heading (empty when absent), as the documentation shows it."""
        return FIXTURE_MARK.sub("", self.raw_section(heading)).strip().replace("\n\n\n", "\n\n")

    def raw_section(self, heading: str) -> str:
        """The text under one doc heading, with its fixture references."""
        lines = self.doc.splitlines()
        out: list[str] = []
        inside = False
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt.startswith("---") and line.strip():
                inside = line.strip() == heading
                continue
            if line.startswith("---"):
                continue
            if inside:
                out.append(line)
        return "\n".join(out).strip()

    @property
    def references(self) -> list[str]:
        return [
            line.lstrip("-* ").strip()
            for line in self.section("References").splitlines()
            if line.strip()
        ]


def rule(
    id: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    subject: Kind[Any] | str = ENDPOINTS,
    sources: tuple[str, ...] = ("nginx",),
    standard: str = "",
    also: tuple[Kind[Any], ...] = (),
    fix: FixLevel | None = None,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule around its check function, whose docstring is its documentation.

    ``fix`` says whether its findings carry a fix and how safe it is (:class:`FixSafety`).
    """

    def wrap(fn: CheckFunction) -> Rule:
        return Rule(
            id=id,
            name=name,
            severity=severity,
            summary=summary,
            subject=subject if isinstance(subject, Kind) else Kind.named(subject),
            sources=sources,
            check=fn,
            doc=cleandoc(fn.__doc__ or ""),
            standard=standard,
            also=also,
            fix=FixSafety(fix) if fix is not None else None,
        )

    return wrap


def cleandoc(doc: str) -> str:
    """``inspect.cleandoc`` without importing ``inspect`` (10 ms of every run's start-up):
    the first line stripped, the common indentation of the others removed, blank edges
    dropped."""
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    cleaned = [lines[0].strip(), *(line[margin:].rstrip() for line in lines[1:])]
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return "\n".join(cleaned)


def intent(setting_name: str, value: Any, setting: Setting[Any] | None) -> FixIntent:
    """Replace the setting where it is written (or inherited); add it where it is a default."""
    target = None if setting is None or setting.is_default else setting.location
    return FixIntent(setting_name, value, target)


def at(setting: Setting[Any] | None, endpoint: Endpoint) -> Location:
    """Where to point a finding about a setting: its directive, else the endpoint."""
    if setting is None or setting.is_default:
        return endpoint.location
    return setting.location


def origin_phrase(setting: Setting[Any]) -> str:
    """' (nginx 1.22 default)' style suffix for messages about non-written settings."""
    from tlslint.model import Origin

    if setting.origin is Origin.WRITTEN:
        return ""
    return f" ({setting.describe()})"
