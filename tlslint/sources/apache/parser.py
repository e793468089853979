"""A reader for Apache httpd's configuration syntax, with exact positions.

Hand-written because no maintained Python library parses httpd's format with line and column
positions (which findings and ``tlslint fix`` need), and the grammar is small
(``server/config.c`` and ``server/util.c`` in httpd): one directive per logical line, a
trailing backslash joins the next line, ``#`` starts a comment only as a line's first
non-blank character, arguments are separated by blanks and grouped by double or single
quotes, and a section is ``<Name args>`` … ``</Name>`` (names are case-insensitive).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_LINES = 500_000
MAX_NESTING = 100  # sections inside sections; real configurations use a handful


@dataclass
class Directive:
    name: str  # as written: "SSLProtocol", "VirtualHost" for a section
    args: list[str]
    path: str
    line: int
    column: int
    end_line: int  # end of the logical line (after continuations); end exclusive
    end_column: int
    block: list[Directive] | None = None  # a section's contents
    close_line: int = 0  # line of </Name>
    close_column: int = 0
    # The file this directive was substituted from (certbot's shipped file), or "".
    shipped: str = ""

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class ParseError:
    line: int
    column: int
    message: str


@dataclass
class Parsed:
    directives: list[Directive] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)


def split_args(text: str) -> tuple[list[str], str | None]:
    """httpd's ``ap_getword_conf``: blanks separate words, quotes group them (a backslash
    escapes the quote inside), and the quotes are removed. Returns (words, error)."""
    words: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        if text[i] in "\"'":
            quote = text[i]
            i += 1
            out: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "\\" and i + 1 < n and text[i + 1] in (quote, "\\"):
                    i += 1
                out.append(text[i])
                i += 1
            if i >= n:
                return words, f"unterminated {quote} quote"
            i += 1
            words.append("".join(out))
        else:
            start = i
            while i < n and text[i] not in " \t":
                i += 1
            words.append(text[start:i])
    return words, None


def _logical_lines(text: str) -> Iterator[tuple[int, int, str, int, int]]:
    """(line, column, text, end line, end column) of each logical line, continuations joined."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        start = i
        raw = lines[i].rstrip("\r")
        parts: list[str] = []
        while raw.endswith("\\") and i + 1 < len(lines):
            parts.append(raw[:-1])
            i += 1
            raw = lines[i].rstrip("\r")
        parts.append(raw)
        # httpd drops the backslash and the newline and nothing else (ap_cfg_getline).
        joined = "".join(parts)
        stripped = joined.lstrip(" \t")
        column = len(joined) - len(stripped) + 1
        end_text = raw.rstrip(" \t")
        yield start + 1, column, stripped.rstrip(" \t"), i + 1, len(end_text) + 1
        i += 1


def parse(text: str, path: str) -> Parsed:
    """The directives and sections of one file (includes are not followed here)."""
    parsed = Parsed()
    if text.count("\n") > MAX_LINES:
        parsed.errors.append(ParseError(1, 1, f"more than {MAX_LINES} lines"))
        return parsed
    stack: list[Directive] = []
    current = parsed.directives
    for line, column, body, end_line, end_column in _logical_lines(text):
        if not body or body.startswith("#"):
            continue
        if body.startswith("</"):
            name = body[2:].rstrip(">").strip()
            if not body.endswith(">"):
                parsed.errors.append(ParseError(line, column, f"</{name} lacks '>'"))
                return parsed
            if not stack or stack[-1].key != name.lower():
                opened = f"<{stack[-1].name}>" if stack else "nothing"
                parsed.errors.append(
                    ParseError(line, column, f"</{name}> without matching <{name}> section "
                               f"(open: {opened})")
                )  # fmt: skip
                return parsed
            section = stack.pop()
            section.close_line, section.close_column = line, column
            current = stack[-1].block if stack else parsed.directives  # type: ignore[assignment]
            continue
        if body.startswith("<"):
            if not body.endswith(">"):
                parsed.errors.append(
                    ParseError(line, column, f"{body.split()[0]} directive missing closing '>'")
                )
                return parsed
            inner = body[1:-1].strip()
            name, _, rest = inner.partition(" ")
            if "\t" in name:
                name, _, more = name.partition("\t")
                rest = f"{more} {rest}".strip()
            args, error = split_args(rest)
            if error or not name:
                parsed.errors.append(ParseError(line, column, error or "empty section name"))
                return parsed
            if len(stack) >= MAX_NESTING:
                parsed.errors.append(
                    ParseError(line, column, f"sections nested deeper than {MAX_NESTING}")
                )
                return parsed
            section = Directive(name, args, path, line, column, end_line, end_column, block=[])
            current.append(section)
            stack.append(section)
            current = section.block  # type: ignore[assignment]
            continue
        head = body.split(None, 1)
        args, error = split_args(head[1] if len(head) > 1 else "")
        if error:
            parsed.errors.append(ParseError(line, column, f"{head[0]}: {error}"))
            return parsed
        current.append(Directive(head[0], args, path, line, column, end_line, end_column))
    if stack:
        open_section = stack[-1]
        parsed.errors.append(
            ParseError(
                open_section.line,
                open_section.column,
                f"<{open_section.name}> was not closed",
            )
        )
    return parsed


def walk(directives: list[Directive]) -> Iterator[Directive]:
    for d in directives:
        yield d
        if d.block is not None:
            yield from walk(d.block)
