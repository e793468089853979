"""HAProxy configuration files read into sections of tokenised lines.

A hand-written reader, because HAProxy's format is line-based and tiny, and no maintained
Python parser of it exists: what follows is HAProxy's configuration manual, section 2
("Configuring HAProxy"), as its ``cfgparse.c`` applies it (checked against ``haproxy -c`` 2.6):

* One statement per line; there is no line continuation (a trailing backslash escapes
  nothing, ``haproxy -c`` rejects it as an argument ``\\``).
* Words are separated by unquoted spaces and tabs. ``#`` outside quotes starts a comment.
* A backslash escapes the next character outside single quotes (``\\ `` ``\\#`` ``\\\\``
  ``\\'`` ``\\"``; ``\\r`` ``\\n`` ``\\t`` and ``\\xHH`` give those bytes). Double quotes are
  weak (escapes and ``$VAR``/``${VAR}`` expansion still work inside), single quotes strong.
  Quoted pieces next to each other form one word. An unterminated quote is an error.
* A line whose first word is a section keyword (``global``, ``defaults``, ``frontend``,
  ``listen``, ``backend`` and the others) opens a section; every following statement belongs
  to it. Conditional blocks (``.if``/``.elif``/``.else``/``.endif``) are kept as statements
  and said to be conditional.

Positions are 1-based columns in characters; a word's ``end`` is exclusive, so a statement's
span (first word to last word, comment excluded) is what a fix replaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECTIONS = frozenset(
    {
        "global", "defaults", "frontend", "listen", "backend", "userlist", "peers",
        "resolvers", "cache", "program", "http-errors", "ring", "mailers", "crt-store",
        "log-forward", "traces", "acme", "fcgi-app",
    }
)  # fmt: skip
PROXIES = frozenset({"defaults", "frontend", "listen", "backend"})
MAX_LINE = 64 * 1024  # HAProxy's own limit on a line is far lower (LINESIZE, 2048)
_ENV = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))")
_ESCAPES = {"r": "\r", "n": "\n", "t": "\t"}


@dataclass(frozen=True)
class Word:
    text: str  # unquoted and unescaped
    column: int  # 1-based start
    end: int  # 1-based, exclusive
    quoted: bool = False
    variable: bool = False  # holds an environment variable HAProxy expands at start


@dataclass(frozen=True)
class Statement:
    path: str
    line: int
    words: tuple[Word, ...]
    conditional: bool = False  # inside a .if block

    @property
    def keyword(self) -> str:
        return self.words[0].text if self.words else ""

    @property
    def args(self) -> list[str]:
        return [w.text for w in self.words[1:]]

    @property
    def column(self) -> int:
        return self.words[0].column if self.words else 1

    @property
    def end(self) -> int:
        return self.words[-1].end if self.words else 1


@dataclass
class Section:
    kind: str  # "global", "frontend", …, or "" for statements before any section
    name: str
    path: str
    line: int
    statements: list[Statement] = field(default_factory=list)
    column: int = 1  # of the section keyword
    end: int = 1  # after the header's last word

    def all(self, keyword: str) -> list[Statement]:
        return [s for s in self.statements if s.keyword == keyword]

    def last(self, keyword: str) -> Statement | None:
        found = self.all(keyword)
        return found[-1] if found else None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}".strip()


@dataclass(frozen=True)
class ParseError:
    line: int
    message: str


@dataclass
class Parsed:
    sections: list[Section]
    errors: list[ParseError]


def tokenize(text: str) -> tuple[list[Word], str | None]:
    """The words of one line, or an error message (unmatched quote)."""
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n or text[i] == "#":
            break
        start = i
        out: list[str] = []
        quoted = variable = False
        while i < n and text[i] not in " \t\r#":
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                nxt = text[i + 1]
                if nxt == "x" and i + 3 < n and _hex(text[i + 2 : i + 4]):
                    out.append(chr(int(text[i + 2 : i + 4], 16)))
                    i += 4
                    continue
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            if ch in "\"'":
                close = _closing(text, i + 1, ch)
                if close < 0:
                    kind = "double" if ch == '"' else "single"
                    return words, f"unmatched {kind} quote"
                piece = text[i + 1 : close]
                if ch == '"':
                    variable = variable or bool(_ENV.search(piece))
                    piece = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), piece)
                out.append(piece)
                quoted = True
                i = close + 1
                continue
            out.append(ch)
            i += 1
        words.append(Word("".join(out), start + 1, i + 1, quoted, variable))
    return words, None


def _hex(text: str) -> bool:
    return len(text) == 2 and all(c in "0123456789abcdefABCDEF" for c in text)


def _closing(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\" and quote == '"':
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return -1


def parse(text: str, path: str) -> Parsed:
    """Every section of a configuration, with what HAProxy would refuse to read."""
    sections: list[Section] = []
    errors: list[ParseError] = []
    current = Section("", "", path, 1)
    depth = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > MAX_LINE:
            errors.append(ParseError(number, f"line longer than {MAX_LINE} characters"))
            continue
        words, problem = tokenize(raw)
        if problem:
            errors.append(ParseError(number, problem))
            continue
        if not words:
            continue
        keyword = words[0].text
        if keyword in (".if",):
            depth += 1
        elif keyword == ".endif":
            depth = max(0, depth - 1)
        if keyword in SECTIONS and not words[0].quoted:
            if current.statements or current.kind:
                sections.append(current)
            name = words[1].text if len(words) > 1 else ""
            current = Section(
                keyword, name, path, number, column=words[0].column, end=words[-1].end
            )
            continue
        current.statements.append(Statement(path, number, tuple(words), depth > 0))
    if current.statements or current.kind:
        sections.append(current)
    return Parsed(sections, errors)
