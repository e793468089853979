"""A small nginx configuration parser that keeps exact positions.

Why hand-written: crossplane (the reference parser, and what gixy-ng builds on) reports lines
but no columns or end positions, which ``tlslint fix`` needs to rewrite one directive in place;
it resolves includes itself through the file system (outside the scanned root too), and its
lexer breaks on Lua bodies. This lexer follows nginx's own (``ngx_conf_file.c``): words,
single- and double-quoted strings with backslash escapes, ``#`` comments, ``{ } ;`` and
``*_by_lua_block`` bodies taken verbatim. ``tests/sources/test_nginx_parser.py``
compares its output with crossplane's on every fixture.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

MAX_DEPTH = 64  # block nesting deeper than this is refused (nginx itself has no sane use for it)


@dataclass(slots=True)
class Directive:
    """One directive: ``name args… ;`` or ``name args… { block }``."""

    name: str
    args: list[str]
    line: int
    column: int
    end_line: int = 0  # position just after the closing ';' or '}'
    end_column: int = 0
    block: list[Directive] | None = None
    path: str = ""
    # Set when the block is the verbatim body of a *_by_lua_block directive.
    raw_body: str | None = None
    # Position of the block's opening '{' (for inserting directives into it).
    open_line: int = 0
    open_column: int = 0

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.block or () if d.name == name]


@dataclass
class ParseError:
    message: str
    line: int
    column: int


@dataclass
class ParsedFile:
    path: str
    directives: list[Directive]
    errors: list[ParseError] = field(default_factory=list)
    # Comments by line number, for suppressions.
    comments: dict[int, str] = field(default_factory=dict)


class _Token:
    """A token; its line and column are computed only when asked (most never are)."""

    __slots__ = ("lexer", "quoted", "start", "text")

    def __init__(self, text: str, start: int, quoted: bool, lexer: _Lexer) -> None:
        self.text = text
        self.start = start
        self.quoted = quoted
        self.lexer = lexer

    @property
    def line(self) -> int:
        return self.lexer.position(self.start)[0]

    @property
    def column(self) -> int:
        return self.lexer.position(self.start)[1]


# The rest of a word, unrolled as the quoted strings are: runs of plain characters between
# escapes and ${…} (same meaning as one alternation per character, without its memory cost).
_WORD_CHAR = r"[^\s;{}\\$]*(?:(?:\\.|\$\{[^}\n]*\}|\$)[^\s;{}\\$]*)*"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<punct>[{};])"
    # Quoted strings "unrolled" (runs of plain characters, then one escape): a repeated
    # alternation costs the regex engine memory per character, 1 GB for an unterminated
    # 5 MB quote.
    r'|"(?P<dq>[^"\\]*(?:\\.[^"\\]*)*)"'
    r"|'(?P<sq>[^'\\]*(?:\\.[^'\\]*)*)'"
    r"|(?P<word>(?:\\.|\$\{[^}\n]*\}|[^\s;{}\\\"'#])" + _WORD_CHAR + ")",
    re.S,
)
_ESCAPE = re.compile(r"\\([\"'\\])")


class _Lexer:
    """Turns configuration text into tokens with 1-based line and column.

    Positions come from a table of line starts, so the scan itself is one regular expression.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.comments: dict[int, str] = {}

    def position(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, pos) - 1
        return index + 1, pos - self.line_starts[index] + 1

    @property
    def line(self) -> int:
        return self.position(self.pos)[0]

    @property
    def col(self) -> int:
        return self.position(self.pos)[1]

    def next(self) -> _Token | None:
        text = self.text
        match = _TOKEN.match
        while True:
            m = match(text, self.pos)
            if m is None:
                if self.pos >= len(text):
                    return None
                line, col = self.position(self.pos)
                if text[self.pos] in "\"'":
                    raise _SyntaxError("unexpected end of file, expecting closing quote", line, col)
                raise _SyntaxError(f"unexpected character {text[self.pos]!r}", line, col)
            kind = m.lastgroup
            self.pos = m.end()
            if kind == "ws":
                continue
            if kind == "comment":
                self.comments[self.position(m.start())[0]] = m.group()
                continue
            if kind == "dq" or kind == "sq":
                raw = m.group(kind)
                value = _ESCAPE.sub(r"\1", raw) if "\\" in raw else raw
                return _Token(value, m.start(), True, self)
            return _Token(m.group(), m.start(), False, self)

    def raw_block(self, line: int, col: int) -> tuple[str, int, int]:
        """Read a Lua block body verbatim up to its matching '}' (after an opening '{')."""
        text, n = self.text, len(self.text)
        depth = 1
        start = pos = self.pos
        while pos < n:
            ch = text[pos]
            if ch in "\"'":
                pos = _skip_lua_string(text, pos)
                continue
            if ch == "[" and text.startswith(("[[", "[=["), pos):
                pos = _skip_long_bracket(text, pos)
                continue
            if ch == "-" and text.startswith("--", pos):
                if text.startswith(("--[[", "--[=["), pos):
                    pos = _skip_long_bracket(text, pos + 2)
                else:
                    end = text.find("\n", pos)
                    pos = n if end == -1 else end
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos = pos + 1
                    end_line, end_col = self.position(self.pos)
                    return text[start:pos], end_line, end_col
            pos += 1
        raise _SyntaxError('unexpected end of file, expecting "}"', line, col)


def _skip_lua_string(text: str, pos: int) -> int:
    quote, n = text[pos], len(text)
    pos += 1
    while pos < n and text[pos] != quote and text[pos] != "\n":
        pos += 2 if text[pos] == "\\" else 1
    return pos + 1


def _skip_long_bracket(text: str, pos: int) -> int:
    level_end = text.find("[", pos + 1)
    level = level_end - pos - 1 if level_end != -1 else 0
    close = "]" + "=" * level + "]"
    end = text.find(close, pos)
    return len(text) if end == -1 else end + len(close)


class _SyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse(text: str, path: str = "") -> ParsedFile:
    """Parse configuration text. Errors are returned, never raised; parsing stops at the first.

    The directives read before a syntax error are kept, so the rest of the file can still be
    judged and the error reported with its line.
    """
    lexer = _Lexer(text)
    root: list[Directive] = []
    result = ParsedFile(path, root)
    stack: list[tuple[list[Directive], Directive | None]] = [(root, None)]
    words: list[_Token] = []
    try:
        while True:
            tok = lexer.next()
            if tok is None:
                if words:
                    raise _SyntaxError(
                        'unexpected end of file, expecting ";" or "}"',
                        words[0].line,
                        words[0].column,
                    )
                if len(stack) > 1:
                    opener = stack[-1][1]
                    assert opener is not None
                    raise _SyntaxError(
                        f'unexpected end of file, expecting "}}" to close "{opener.name}" '
                        f"opened on line {opener.line}",
                        opener.line,
                        opener.column,
                    )
                break
            if tok.quoted or tok.text not in ("{", "}", ";"):
                words.append(tok)
                continue
            if tok.text == ";":
                if not words:
                    raise _SyntaxError('unexpected ";"', tok.line, tok.column)
                d = _directive(words, path)
                d.end_line, d.end_column = lexer.line, lexer.col
                stack[-1][0].append(d)
                words = []
            elif tok.text == "{":
                if not words:
                    raise _SyntaxError('unexpected "{"', tok.line, tok.column)
                d = _directive(words, path)
                d.open_line, d.open_column = tok.line, tok.column
                words = []
                stack[-1][0].append(d)
                if d.name.endswith("_by_lua_block"):
                    d.raw_body, d.end_line, d.end_column = lexer.raw_block(tok.line, tok.column)
                    d.block = []
                    continue
                d.block = []
                if len(stack) > MAX_DEPTH:
                    raise _SyntaxError(f"blocks nested deeper than {MAX_DEPTH}", d.line, d.column)
                stack.append((d.block, d))
            else:  # "}"
                if words:
                    raise _SyntaxError('unexpected "}"', tok.line, tok.column)
                if len(stack) == 1:
                    raise _SyntaxError('unexpected "}"', tok.line, tok.column)
                _, opener = stack.pop()
                assert opener is not None
                opener.end_line, opener.end_column = lexer.line, lexer.col
    except _SyntaxError as exc:
        result.errors.append(ParseError(exc.message, exc.line, exc.column))
    result.comments = lexer.comments
    return result


def _directive(words: list[_Token], path: str) -> Directive:
    head = words[0]
    return Directive(
        name=head.text,
        args=[w.text for w in words[1:]],
        line=head.line,
        column=head.column,
        path=path,
    )


def walk(directives: list[Directive]) -> list[Directive]:
    """All directives, depth first, in file order."""
    out: list[Directive] = []
    stack = list(reversed(directives))
    while stack:
        d = stack.pop()
        out.append(d)
        if d.block:
            stack.extend(reversed(d.block))
    return out
