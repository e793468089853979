"""The interface every source implements, and the context it reads from."""

from __future__ import annotations

import abc
import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from tlslint.model import Fix, FixIntent, Model, SourceFile
from tlslint.model.policy import Policy


@dataclass
class Limits:
    """Bounds against hostile input (config ``limits:``)."""

    max_file_size: int = 5 * 1024 * 1024
    include_depth: int = 16
    yaml_aliases: int = 1000
    yaml_depth: int = 100
    file_timeout: float = 20.0
    file_memory: int = 1024  # MiB of address space a unit's worker may add


T = TypeVar("T")


class FactStore:
    """Quick scans of a file's text that find context (the files an nginx file includes, the
    certificate names a file mentions): computed here; the run's index (``pipeline/cache.py``)
    keeps them between runs for files that have not changed."""

    def fact(self, f: SourceFile, name: str, compute: Callable[[str], T], salt: str = "") -> T:
        """``compute(text)``: ``name`` names the computation, ``salt`` what else it reads."""
        return compute(read_text(f))

    def remembered(self, table: str, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, a pure function of ``key`` (which certificate signed which, named by
        their fingerprints): the run's index keeps the answers of ``table`` between runs."""
        return compute()


def read_text(f: SourceFile) -> str:
    """A discovered file's text as far as its discovered size ("" when it cannot be read)."""
    try:
        with open(f.absolute, "rb") as handle:
            return handle.read(f.size + 1).decode("utf-8", errors="replace")
    except OSError:
        return ""


@dataclass
class SourceContext:
    """What a source reads besides its files: the repository, the policy, the clock, the
    limits, its settings, the other files, and facts about them."""

    root: Path
    policy: Policy
    now: dt.datetime
    limits: Limits = field(default_factory=Limits)
    # Source-specific settings from the config (e.g. ``nginx: {prefix:, path_map:}``).
    settings: dict[str, Any] = field(default_factory=dict)
    # Every discovered file, for cross-references (certificate paths and the like).
    files: list[SourceFile] = field(default_factory=list)
    facts: FactStore = field(default_factory=FactStore)


@dataclass(frozen=True)
class PathKey:
    """A key of a source's config section whose values name repository paths.

    They are written relative to the config file; the run rebases them onto the repository
    root (one string, each item of a list, or each value of a mapping).
    """

    key: str
    directory: bool = False  # the values name directories: rebased with a trailing "/"
    keep: Callable[[str], bool] | None = None  # values that are not paths (a fingerprint)


class Source(abc.ABC):
    """One kind of file turned into the model; subclass it and override what applies.

    ``claims``, ``extract`` (and ``name``) are what every source defines; everything else has a
    default that does nothing, so a source adopts a capability by overriding one method:

    * ``section`` / ``path_keys``: its config section, and the keys in it that are paths (the
      run rebases them from the config file's directory; the source reads
      ``ctx.settings[section]``). ``policy_overrides`` turns section keys into policy values.
    * ``link`` (ordered by ``link_order``): resolve references across sources on the merged
      model, after every unit is extracted.
    * ``directive`` / ``remedy`` / ``fix``: a rule's :class:`FixIntent` in this source's
      language: the setting written out, the sentence a finding shows, and the text edits.
    * ``check_syntax`` / ``check_change``: why a fixed file would no longer load, or would
      differ in shape (then the fix is not written).
    """

    name: ClassVar[str] = ""
    # The config section this source reads (``nginx:``); empty: the source's name.
    section: ClassVar[str] = ""
    path_keys: ClassVar[tuple[PathKey, ...]] = ()
    # Links run in increasing order: a source that reads what other links publish runs later.
    link_order: ClassVar[int] = 0
    # The modules ``extract`` imports (its parsers): imported once before the run forks its
    # workers, which inherit them instead of each importing them again (pipeline/extract.py).
    # Such a module may define ``prepare()``, called then too, to build what it would build on
    # first use (a table every worker, and then linking and the rules, would build again).
    extract_modules: ClassVar[tuple[str, ...]] = ()

    @property
    def config_section(self) -> str:
        return self.section or self.name

    @abc.abstractmethod
    def claims(self, name: str, rel: str, head: bytes) -> bool:
        """Whether this source reads the file, from its name and first bytes."""

    def matches_content(self, head: bytes) -> bool:
        """Whether the first bytes alone say the file is this source's, whatever its name:
        for files named on the command line, or opted in by the ``include`` setting, that
        ``claims`` turns down by name (``site.conf.sample``, ``main.tf.example``)."""
        return False

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        """Split the files into independent units (extracted together, maybe in parallel)."""
        return each_file(files)

    @abc.abstractmethod
    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        """Read the files this source claimed (one unit) and return what they say."""

    def unit_inputs(self, f: SourceFile, ctx: SourceContext) -> object | None:
        """For a source whose units are single files: everything its reading of ``f`` depends
        on besides the file's bytes, as JSON-able data (settings, what other files decide for
        it), so a run may reuse what an earlier run read from the unchanged file
        (``pipeline/units.py``). None, the default: read every time."""
        return None

    def dependents(self, scope: list[SourceFile], ctx: SourceContext) -> list[SourceFile]:
        """For a check of some files: other files of the repository whose reading reads them
        (an overlay of a base), so the check judges them as a whole-repository run does."""
        return []

    def settings(self, ctx: SourceContext) -> dict[str, Any]:
        """This source's config section, its paths already rebased onto the repository."""
        return ctx.settings.get(self.config_section) or {}

    def policy_overrides(self, section: dict[str, Any]) -> dict[str, Any]:
        """Policy values this source's section sets (``nginx.version`` -> ``nginx_version``)."""
        return {}

    def link(self, model: Model, ctx: SourceContext) -> None:
        """Resolve cross-references on the merged model, in place (once per run)."""
        return None

    def directive(self, intent: FixIntent, subject: object) -> str | None:
        """The setting ``intent`` asks for, written in this source's language, or None."""
        return None

    def remedy(self, intent: FixIntent, subject: object, policy: Policy) -> str | None:
        """The sentence telling a user how to make the change; None: the rule's own words."""
        written = self.directive(intent, subject)
        return f"Set `{written}`." if written else None

    def fix(self, intent: FixIntent, subject: object, description: str) -> Fix | None:
        """Text edits that make the change, or None when this source cannot make it safely."""
        return None

    def check_syntax(self, text: str, path: str) -> str | None:
        """Why a fixed text would no longer load, or None."""
        return None

    def check_change(self, original: str, fixed: str, path: str) -> str | None:
        """Why a fixed text changed more than values (its shape), or None."""
        return None


def rebase_section(section: dict[str, Any], keys: tuple[PathKey, ...], rel: str) -> dict[str, Any]:
    """A copy of a config section with its path keys made relative to the repository root,
    from ``rel``, the config file's directory relative to that root (empty: the root)."""
    out = dict(section)
    if not rel:
        return out
    for spec in keys:
        value = out.get(spec.key)
        if isinstance(value, str):
            out[spec.key] = _rebase(value, rel, spec)
        elif isinstance(value, list):
            out[spec.key] = [_rebase(v, rel, spec) if isinstance(v, str) else v for v in value]
        elif isinstance(value, dict):
            out[spec.key] = {
                k: _rebase(v, rel, spec) if isinstance(v, str) else v for k, v in value.items()
            }
    return out


def _rebase(value: str, rel: str, spec: PathKey) -> str:
    if spec.keep is not None and spec.keep(value):
        return value
    path = posixpath.normpath(f"{rel}/{value}")
    return path + "/" if spec.directory else path


def each_file(files: list[SourceFile]) -> list[list[SourceFile]]:
    """The partition for sources whose files stand alone."""
    return [[f] for f in files]
