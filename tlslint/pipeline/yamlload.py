"""Loading plain YAML data with bounded aliases and nesting.

PyYAML constructs an alias as a shared reference: loading a "billion laughs" document is quick,
but anything that walks the result (validation, ``json.dumps``) expands every alias and runs for
minutes. The events are counted first, in C when available, and a document over the bounds is
refused before anything is constructed. Manifests have their own reader (``yamltree``) with the
same limits; this is for the other YAML tlslint reads (the config file, its own data).
"""

from __future__ import annotations

from typing import Any

MAX_ALIASES = 100
MAX_DEPTH = 100
MAX_NODES = 100_000  # values a document stands for once its aliases are expanded


class YamlLimitError(ValueError):
    """A document with too many aliases or too deep a nesting (the message says which)."""


def load(
    text: str,
    max_aliases: int = MAX_ALIASES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Any:
    """The single document in ``text``; raises ``yaml.YAMLError`` or :class:`YamlLimitError`."""
    import yaml

    from tlslint.sources.kubernetes.yamltree import _too_deep

    deep = _too_deep(text, max_depth)  # libyaml is quadratic in flow nesting: look first
    if deep is not None:
        raise YamlLimitError(f"line {deep[0]}: values nested more than {max_depth} levels deep")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    aliases = 0
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, its own aliases expanded
    open_: list[tuple[str | None, int]] = []  # (anchor, nodes so far) per open collection
    total = 0

    def add(count: int) -> None:
        nonlocal total
        total += count
        if open_:
            anchor, so_far = open_[-1]
            open_[-1] = (anchor, so_far + count)
        if total > max_nodes:
            raise YamlLimitError(f"aliases expand to more than {max_nodes:,} values")

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise YamlLimitError(f"more than {max_aliases} YAML aliases")
            add(sizes.get(event.anchor or "", 1))
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.CollectionStartEvent):
            open_.append((event.anchor, 1))
            if len(open_) > max_depth:
                raise YamlLimitError(f"values nested more than {max_depth} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count = open_.pop()
            if anchor:
                sizes[anchor] = count
            total -= count - 1  # add() below counts the whole collection once more
            add(count)
    return yaml.load(text, Loader=loader)
