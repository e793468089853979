"""The interface every source implements, and the context it reads from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tlslint.linter.model import Model, SourceFile
from tlslint.linter.policy import Policy


@dataclass
class Limits:
    """Bounds against hostile input (config ``limits:``)."""

    max_file_size: int = 5 * 1024 * 1024
    include_depth: int = 16
    yaml_aliases: int = 1000
    yaml_depth: int = 100
    file_timeout: float = 20.0
    file_memory: int = 1024  # MiB of address space a unit's worker may add


@dataclass
class SourceContext:
    root: Path
    policy: Policy
    now: dt.datetime
    limits: Limits = field(default_factory=Limits)
    # Source-specific settings from the config (e.g. ``nginx: {prefix:, path_map:}``).
    settings: dict[str, Any] = field(default_factory=dict)
    # Every discovered file, for cross-references (certificate paths and the like).
    files: list[SourceFile] = field(default_factory=list)


class Source(Protocol):
    name: str

    def claims(self, name: str, rel: str, head: bytes) -> bool:
        """Whether this source reads the file, from its name and first bytes."""

    def partition(self, files: list[SourceFile], ctx: SourceContext) -> list[list[SourceFile]]:
        """Split the files into independent units (extracted together, maybe in parallel)."""

    def extract(self, files: list[SourceFile], ctx: SourceContext) -> Model:
        """Read the files this source claimed (one unit) and return what they say."""

    def matches_content(self, head: bytes) -> bool:
        """Whether the first bytes alone say the file is this source's, whatever its name:
        for files named on the command line, or opted in by the ``include`` setting, that
        ``claims`` turns down by name (``site.conf.sample``, ``main.tf.example``)."""


# Optional: ``fix(intent, endpoint, description) -> Fix | None`` turns a rule's FixIntent into
# text edits in this source's language; ``check_syntax(text, path) -> str | None`` says why a
# fixed file would no longer load (then the fix is not written).
#
# Optional: ``link(model, ctx) -> None`` runs once after every unit of every source has been
# extracted, on the merged model, to resolve cross-references between sources (e.g. an nginx
# ssl_certificate path to the certificate parsed from that file). It mutates the model in place.
# Optional: ``link_order: int`` (default 0); links run in increasing order, so a source that
# consumes what other links publish (the certificates source reads embedded PEM and endpoint
# references) runs after them.


def each_file(files: list[SourceFile]) -> list[list[SourceFile]]:
    """The partition for sources whose files stand alone."""
    return [[f] for f in files]
