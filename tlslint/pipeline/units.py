"""What reading a unit gave, kept between runs for the sources that can say everything it
depends on (``Source.unit_inputs``): a one-file check of an Ingress reads the repository's
other manifests as context, of an nginx file the include groups of the servers that share its
names or certificates, and a unit unchanged since the last run need not be read again.

Only files the run's repository walk saw take part (``pipeline/cache.py`` records each one's
size, times and inode): the key is the unit's paths and those signatures, the source, what the
source declares its reading depends on besides the files (the namespace its kustomization
gives, whether a rendering judges it instead, its settings and versions), the limits and
tlslint's own fingerprint, so a changed file or context is a new key. A source that looks
further on disk while reading (nginx resolving ``include`` globs, links and files no source
claims) records those lookups with the model (``sources/lookups.py``); the entry is used only
when each of them, made again, answers as it did. A unit whose problems' messages hold anything the
run would redact (a quoted line) is not stored, nor a manifest holding certificate or key
material (a Secret's key stays in the repository), nor one that read a file changed in the
last two seconds (the clock may not show its next change); nothing is taken or stored while
``fix --diff`` holds edited texts in memory.

Entries are pickles of tlslint's own model, in the user's cache directory (mode 0700, files
0600, never through a link, never one that another user can write) and read back by an
unpickler that rebuilds only tlslint's data classes and enums and a few value types, so even a
planted file could not make it call a function.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
import os
import pickle
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tlslint.digest import sha256
from tlslint.model import EMBEDDED_PEM, Model, SourceFile
from tlslint.pipeline import cache, reading
from tlslint.pipeline.cache import (
    Index,
    cache_directory,
    fingerprint,
    private_directory,
    trusted,
    write_private,
)
from tlslint.pipeline.redact import redact
from tlslint.sources import SOURCES
from tlslint.sources.base import SourceContext
from tlslint.sources.lookups import files_read, still_answered

if TYPE_CHECKING:
    from tlslint.pipeline.extract import Task

FORMAT = 2
_KEY_MARK = b"PRIVATE KEY-----"  # the armour of a PEM private key
MAX_ENTRY_BYTES = 16 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_VALUE_TYPES = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "bytearray"),
    ("builtins", "complex"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("collections", "OrderedDict"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("tlslint.model", "Kind"),  # a kind's name (a str) and the type of its elements
}


class _ModelUnpickler(pickle.Unpickler):
    """Rebuilds tlslint's data classes, enums and named tuples, and plain values; nothing that
    could run code (no function, no other class)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _VALUE_TYPES:
            return super().find_class(module, name)
        if module == "builtins" and name in ("str", "int", "bool", "float", "bytes"):
            return super().find_class(module, name)
        if module == "tlslint" or module.startswith("tlslint."):
            found = super().find_class(module, name)
            if isinstance(found, type) and (
                dataclasses.is_dataclass(found)
                or issubclass(found, enum.Enum)
                or (issubclass(found, tuple) and hasattr(found, "_fields"))
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of tlslint's model")


class UnitCache:
    """Looks up and stores single-file units, for one run."""

    def __init__(self, index: Index, directory: Path, ctx: SourceContext) -> None:
        self.index = index
        self.directory = directory
        self.ctx = ctx
        self.limits = json.dumps(dataclasses.asdict(ctx.limits), sort_keys=True)
        self.root = os.fspath(ctx.root)
        # What file-system lookups answer in this run (many units ask about the same places).
        self.answers: dict[tuple[str, str], Any] = {}

    def key(self, kind: str, unit: list[SourceFile]) -> str | None:
        """The entry's name for a unit, or None when the unit is not cached."""
        source = SOURCES.get(kind)
        if source is None:
            return None
        files: list[object] = []
        for f in unit:
            sig = self.index.seen.get(f.path)
            inputs = source.unit_inputs(f, self.ctx)
            if sig is None or inputs is None:
                return None
            files.append([f.path, sig, inputs])
        described = json.dumps(
            [FORMAT, fingerprint(), self.root, kind, files, self.limits],
            sort_keys=True,
            default=str,
        )
        return sha256(described.encode()).hexdigest()

    def load(self, key: str, unit: list[SourceFile]) -> Model | None:
        path = self._path(key)
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not trusted(info) or info.st_size > MAX_ENTRY_BYTES:
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                model = _ModelUnpickler(io.BytesIO(handle.read())).load()
        except Exception:  # a spoilt entry is a miss; the file is read and the entry rewritten
            return None
        finally:
            os.close(fd)
        if not isinstance(model, Model) or not still_answered(model.lookups, self.answers):
            return None
        model.files = list(unit)
        return model

    def holds(self, key: str) -> bool:
        """Whether there is an entry for the key (``load`` says whether it can be used)."""
        return os.path.exists(self._path(key))

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def store(self, key: str, model: Model) -> None:
        try:
            data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        if len(data) > MAX_ENTRY_BYTES or _KEY_MARK in data:
            return  # the last guard: no private key reaches the cache in any unit
        directory = self.directory / key[:2]
        try:
            directory.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return
        write_private(directory / f"{key}.pickle", data)


def open_units(index: Index, ctx: SourceContext) -> UnitCache | None:
    """The unit cache for this run, or None (caching off, or edited texts held in memory)."""
    directory = cache_directory()
    if index.path is None or directory is None or reading.OVERLAY:
        return None
    units = directory / "units"
    if not private_directory(units):
        return None
    return UnitCache(index, units, ctx)


def _inline_keys(model: Model) -> bool:
    """Whether a server names key material inline (nginx's ``data:`` values): kept out of the
    cache like a Secret's key."""
    return any(
        ref.reference.startswith("data:") or redact(ref.reference) != ref.reference
        for endpoint in model.endpoints
        for ref in endpoint.certificates
    )


def _plain_problems(model: Model) -> bool:
    """Whether what the unit says of its problems holds nothing the run would redact: such
    messages reach the outputs as they are, and may be kept as they are."""
    messages = [p.message for p in model.problems] + list(model.incomplete.values())
    return all(redact(message) == message for message in messages)


def split_stored(tasks: list[Task], units: UnitCache | None) -> tuple[list[Task], Stored]:
    """(the units to read: those the cache holds no entry for, which can go to the workers at
    once; what the cache may hold for the others, taken by ``Stored.load`` meanwhile)."""
    stored = Stored(units)
    if units is None:
        return tasks, stored
    to_read: list[Task] = []
    settled = time.time_ns() - cache.RACY_NS
    for kind, unit in tasks:
        key = units.key(kind, unit)
        if key is not None and all(
            (sig := units.index.seen.get(f.path)) is not None and _settled(sig, settled)
            for f in unit
        ):
            # Storable: not a unit with a file changed in the last seconds, whose next change
            # the clock might not show.
            stored.keys[tuple(f.path for f in unit)] = key
        if key is not None and units.holds(key):
            stored.entries.append(((kind, unit), key))
        else:
            to_read.append((kind, unit))
    return to_read, stored


class Stored:
    """The units the cache holds entries for, until ``load`` takes them."""

    def __init__(self, units: UnitCache | None) -> None:
        self.units = units
        self.entries: list[tuple[Task, str]] = []
        self.keys: dict[tuple[str, ...], str] = {}  # the key of each unit that may be stored
        self.models: list[Model] = []  # what ``load`` took

    def load(self) -> list[Task]:
        """Take each unit from its entry, if that is sound and every lookup its reading made
        still answers as it did; the units to read after all."""
        rest: list[Task] = []
        for (kind, unit), key in self.entries:
            model = self.units.load(key, unit) if self.units is not None else None
            if model is None:
                rest.append((kind, unit))
            else:
                self.models.append(model)
        self.entries = []
        return rest


def _settled(sig: Sequence[int], settled: int) -> bool:
    return sig[1] < settled and sig[2] < settled


def storer(
    keys: dict[tuple[str, ...], str], units: UnitCache | None
) -> Callable[[list[SourceFile], Model], None]:
    """What to show ``extract_all`` each unit with: a unit with a key is stored, unless it read
    a file changed a moment ago, holds certificate or key material found inside a manifest (a
    Secret's key is never copied out of the repository; a certificate or key file's unit holds
    parsed facts, never a key), or says of a problem something the run would redact (a line
    it quotes: the run redacts it later, and the cache keeps nothing unredacted)."""

    def store(unit: list[SourceFile], model: Model) -> None:
        key = keys.get(tuple(f.path for f in unit))
        if units is None or key is None:
            return
        if model.objects_of(EMBEDDED_PEM) or not _plain_problems(model) or _inline_keys(model):
            return
        settled = time.time_ns() - cache.RACY_NS
        if not all(_settled(sig, settled) for sig in files_read(model.lookups)):
            return
        units.store(key, model)

    return store
