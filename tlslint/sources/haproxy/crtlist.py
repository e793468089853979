"""``crt-list`` files: one certificate per line, with optional ``[options]`` and SNI filters.

Format (HAProxy manual, bind option ``crt-list``)::

    <crtfile> [\\[<sslbindconf> ...\\]] [[!]<snifilter> ...]

Lines are tokenised like the configuration (quotes, escapes, ``#`` comments).
"""

from __future__ import annotations

from tlslint.model import Location
from tlslint.sources.haproxy.endpoints import CrtEntry
from tlslint.sources.haproxy.parser import Word, tokenize


def parse_crt_list(
    text: str, path: str, limit: int
) -> tuple[list[CrtEntry], list[tuple[int, str]]]:
    entries: list[CrtEntry] = []
    errors: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        words, problem = tokenize(raw)
        if problem:
            errors.append((number, problem))
            continue
        if not words:
            continue
        if len(entries) >= limit:
            errors.append((number, f"more than {limit} entries; the rest were not read"))
            break
        first, rest = words[0], words[1:]
        options: list[Word] = []
        if rest and rest[0].text.startswith("["):
            collected: list[Word] = []
            closed = False
            for index, word in enumerate(rest):
                collected.append(word)
                if word.text.endswith("]"):
                    closed = True
                    rest = rest[index + 1 :]
                    break
            if not closed:
                errors.append((number, "unterminated '[' in crt-list entry"))
                continue
            options = _strip_brackets(collected)
        entries.append(
            CrtEntry(
                first.text,
                Location(path, number, first.column, number, first.end),
                list(options),
                raw,
                tuple(w.text for w in rest),
            )
        )
    return entries, errors


def _strip_brackets(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for i, w in enumerate(words):
        text, column, end = w.text, w.column, w.end
        if i == 0 and text.startswith("["):
            text, column = text[1:], column + 1
        if i == len(words) - 1 and text.endswith("]"):
            text, end = text[:-1], end - 1
        if text:
            out.append(Word(text, column, end, w.quoted, w.variable))
    return out
