"""Turn a rule's fix intent into text edits of nginx configuration.

A value written in the server or inherited from ``http{}`` is replaced in place (so every
server inheriting it is fixed at once); a value left to nginx's default is added as the first
directive of the server block, with the block's indentation. Only changes that cannot break a
working server are offered: nothing here guesses a resolver address or a CA path.
"""

from __future__ import annotations

from tlslint.linter.model import Endpoint, Fix, FixIntent, TextEdit
from tlslint.linter.sources.nginx.directives import directive


def fix_for(intent: FixIntent, endpoint: Endpoint, description: str) -> Fix | None:
    text = directive(intent)
    if text is None:
        return None
    target = intent.target
    if intent.setting == "hsts_gap" and target is not None:
        # Add the header right after the nested block's own add_header.
        indent = " " * (target.column - 1)
        at = (target.end_line, target.end_column)
        edit = TextEdit(target.path, *at, *at, "\n" + indent + text)
    elif target is not None:
        if intent.setting == "hsts" and not _is_add_header(endpoint):
            return None  # set by more_set_headers or a variable: leave it to a person
        edit = TextEdit(
            target.path, target.line, target.column, target.end_line, target.end_column, text
        )
    else:
        insert_at = endpoint.extra.get("insert_at")
        indent = endpoint.extra.get("indent", "    ")
        if insert_at is None or not insert_at.line:
            return None
        edit = TextEdit(
            insert_at.path,
            insert_at.line,
            insert_at.column,
            insert_at.line,
            insert_at.column,
            "\n" + indent + text,
        )
    return Fix(description, (edit,))


def _is_add_header(endpoint: Endpoint) -> bool:
    hsts = endpoint.hsts
    return hsts is not None and hsts.raw.startswith("add_header")
