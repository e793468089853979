"""gitignore patterns matched in linear time.

A hand-written matcher, because the usual translation of a glob into a backtracking regular
expression (pathspec, fnmatch) takes exponential time on a pattern such as
``*a*a*a*a*a*a*b`` against a long name, and both ``.gitignore`` and the config's ``exclude`` come
from the repository under review. Here a ``*`` within a name is matched by the classic
greedy algorithm that returns only to the last star (O(name x pattern) at worst), and ``**``
across directories by a set of reachable pattern positions per path component.

Semantics follow gitignore(5): blank lines and ``#`` comments are skipped, trailing spaces
dropped, ``!`` negates, the last matching pattern wins, a trailing ``/`` matches directories
only, a slash elsewhere anchors the pattern to its directory, ``**`` spans directories, and a
pattern that matches a directory matches everything below it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

# Pieces of one path component's pattern: (kind, literal, negated, ranges) where kind is
# "lit", "any" (?), "star" (*) or "class" ([a-z], [!a]).
Piece = tuple[str, str, bool, tuple[tuple[str, str], ...]]
_ANY: Piece = ("any", "", False, ())
_STAR: Piece = ("star", "", False, ())


def _lit(c: str) -> Piece:
    return ("lit", c, False, ())


MAX_PATTERNS = 10_000  # more lines than any real .gitignore; the rest are ignored
MAX_PATTERN_LENGTH = 4096
# Directories whose pattern hits are remembered: at most this many (directory, pattern) cells,
# so a hostile .gitignore of thousands of lines cannot make the memory grow with the tree.
_DIRECTORY_CELLS = 1 << 20


@dataclass(frozen=True)
class Pattern:
    components: tuple[tuple[Piece, ...] | None, ...]  # None: "**"
    negated: bool
    dir_only: bool


def _pieces(text: str) -> tuple[Piece, ...]:
    out: list[Piece] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(_lit(text[i + 1]))
            i += 2
            continue
        if c == "*":
            if not out or out[-1][0] != "star":  # a run of stars is one star
                out.append(_STAR)
            i += 1
            continue
        if c == "?":
            out.append(_ANY)
            i += 1
            continue
        if c == "[":
            piece, i = _char_class(text, i)
            out.append(piece)
            continue
        out.append(_lit(c))
        i += 1
    return tuple(out)


def _char_class(text: str, start: int) -> tuple[Piece, int]:
    i = start + 1
    negated = i < len(text) and text[i] in "!^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []
    first = True
    while i < len(text):
        c = text[i]
        if c == "]" and not first:
            return ("class", "", negated, tuple(ranges)), i + 1
        first = False
        if c == "\\" and i + 1 < len(text):
            i += 1
            c = text[i]
        if i + 2 < len(text) and text[i + 1] == "-" and text[i + 2] != "]":
            hi = text[i + 2]
            if hi == "\\" and i + 3 < len(text):
                hi = text[i + 3]
                i += 1
            ranges.append((c, hi))
            i += 3
        else:
            ranges.append((c, c))
            i += 1
    return ("class", "", False, ()), len(text)  # no closing bracket: matches nothing (as git)


def _one(piece: Piece, c: str) -> bool:
    kind, literal, negated, ranges = piece
    if kind == "any":
        return True
    if kind == "lit":
        return literal == c
    inside = any(lo <= c <= hi for lo, hi in ranges)
    return inside != negated


def _affixes(pieces: tuple[Piece, ...]) -> tuple[str, str | None] | None:
    """(text, None) for a literal component, (prefix, suffix) for literals around one star,
    else None: the shapes of nearly every real pattern, matched with string operations."""
    stars = [i for i, piece in enumerate(pieces) if piece[0] == "star"]
    if len(stars) > 1 or any(piece[0] not in ("lit", "star") for piece in pieces):
        return None
    if not stars:
        return "".join(piece[1] for piece in pieces), None
    cut = stars[0]
    return "".join(p[1] for p in pieces[:cut]), "".join(p[1] for p in pieces[cut + 1 :])


_AFFIXES: dict[tuple[Piece, ...], tuple[str, str | None] | None] = {}


def match_name(pieces: tuple[Piece, ...], name: str) -> bool:
    """Whether one path component matches; greedy, returning only to the last star."""
    if pieces not in _AFFIXES:
        _AFFIXES[pieces] = _affixes(pieces)
    shape = _AFFIXES[pieces]
    if shape is not None:
        head, tail = shape
        if tail is None:
            return name == head
        return len(name) >= len(head) + len(tail) and name.startswith(head) and name.endswith(tail)
    p = n = 0
    star_p = star_n = -1
    while n < len(name):
        if p < len(pieces) and pieces[p][0] == "star":
            star_p, star_n = p, n
            p += 1
        elif p < len(pieces) and _one(pieces[p], name[n]):
            p += 1
            n += 1
        elif star_p >= 0:
            star_n += 1
            p, n = star_p + 1, star_n
        else:
            return False
    while p < len(pieces) and pieces[p][0] == "star":
        p += 1
    return p == len(pieces)


def parse(line: str) -> Pattern | None:
    """One gitignore line as a pattern; None for blanks and comments."""
    line = line.rstrip("\n\r")
    if len(line) > MAX_PATTERN_LENGTH:
        return None
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated or line.startswith(("\\!", "\\#")):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    parts = [p for p in line.lstrip("/").split("/") if p != ""]
    components: list[tuple[Piece, ...] | None] = []
    if not anchored and parts != ["**"]:
        components.append(None)
    for part in parts:
        if part == "**":
            if not components or components[-1] is not None:
                components.append(None)
        else:
            components.append(_pieces(part))
    return Pattern(tuple(components), negated, dir_only)


def matches(pattern: Pattern, parts: list[str], is_dir: bool) -> bool:
    """Whether the pattern matches the path or one of its parent directories."""
    comps = pattern.components
    if len(comps) == 2 and comps[0] is None and comps[1] is not None:
        # An unanchored one-component pattern ("*.pem", "build/"): any component of the path
        # (the last one only where a directory-only pattern allows it).
        last = len(parts) - 1
        return any(
            match_name(comps[1], part) and (k < last or is_dir or not pattern.dir_only)
            for k, part in enumerate(parts)
        )
    # "abc/**" matches what is inside abc, and abc itself only as a directory ("abc/").
    trailing_globstar = bool(comps) and comps[-1] is None and len(comps) > 1 and not is_dir

    def closure(states: set[int]) -> set[int]:
        out = set(states)
        for s in states:
            # "**" may match no component at all (except a trailing one: "abc/**")
            j = s
            while j < len(comps) and comps[j] is None:
                if j == len(comps) - 1 and trailing_globstar:
                    break
                j += 1
                out.add(j)
        return out

    states = closure({0})
    for k, part in enumerate(parts):
        following: set[int] = set()
        for s in states:
            if s >= len(comps):
                continue
            comp = comps[s]
            if comp is None:
                following.add(s)  # "**" consumes this component and may go on
                following.add(s + 1)
            elif match_name(comp, part):
                following.add(s + 1)
        states = closure(following)
        if not states:
            return False
        if len(comps) in states:
            whole = k == len(parts) - 1
            if not whole or is_dir or not pattern.dir_only:
                return True  # the path itself, or a directory that holds it
    return False


class GitIgnore:
    """A list of gitignore patterns; ``match_file`` answers as pathspec's GitIgnoreSpec does
    (a path ending in ``/`` is a directory).

    A walk asks about every entry of one directory in turn, so for the unanchored
    one-component patterns (``*.pem``, ``build/``: nearly every real line) whether a parent
    component matches is worked out once per directory, and each entry costs one name test
    per pattern."""

    def __init__(self, lines: list[str]) -> None:
        parsed = (parse(line) for line in lines[:MAX_PATTERNS])
        self.patterns = [p for p in parsed if p is not None]
        # Per pattern: its one component where it is unanchored and has only one, else None.
        self._single = [_single_component(p) for p in self.patterns]
        self._tests = [_name_test(single) for single in self._single]
        # Directory (its components) -> whether it or a parent matches each such pattern;
        # bounded: a directory's answer is worked out from its parent's, which a walk asked
        # about just before.
        self._directories: dict[tuple[str, ...], list[bool]] = {}
        self._directory_limit = max(64, _DIRECTORY_CELLS // max(1, len(self.patterns)))

    def _in_directory(self, parents: tuple[str, ...]) -> list[bool]:
        known = self._directories.get(parents)
        if known is not None:
            return known
        # From the nearest directory above that is known (a walk asked about it just before).
        depth = len(parents)
        while depth and parents[:depth] not in self._directories:
            depth -= 1
        known = self._directories.get(parents[:depth]) or [False] * len(self._single)
        if len(self._directories) >= self._directory_limit:
            self._directories.clear()
        for end in range(depth + 1, len(parents) + 1):
            name = parents[end - 1]
            known = [
                hit or (test is not None and test(name))
                for hit, test in zip(known, self._tests, strict=True)
            ]
            if len(self._directories) < self._directory_limit:
                self._directories[parents[:end]] = known
        return known

    def match_file(self, path: str) -> bool:
        is_dir = path.endswith("/")
        parts = [p for p in path.split("/") if p]
        if not parts:
            return False
        name = parts[-1]
        in_directory = self._in_directory(tuple(parts[:-1]))
        ignored = False
        for pattern, test, parent_hit in zip(self.patterns, self._tests, in_directory, strict=True):
            if pattern.negated != ignored:
                continue
            if test is not None:
                hit = parent_hit or ((is_dir or not pattern.dir_only) and test(name))
            else:
                hit = _anchored_matches(pattern, parts, is_dir)
            if hit:
                ignored = not pattern.negated
        return ignored


def _anchored_matches(pattern: Pattern, parts: list[str], is_dir: bool) -> bool:
    """``matches``, after the cheap test an anchored pattern allows: its first component
    must match the path's first."""
    first = pattern.components[0] if pattern.components else None
    if first is not None and not match_name(first, parts[0]):
        return False
    return matches(pattern, parts, is_dir)


def _name_test(pieces: tuple[Piece, ...] | None) -> Callable[[str], bool] | None:
    """A fast test of one path component against a pattern component (None for None)."""
    if pieces is None:
        return None
    shape = _affixes(pieces)
    if shape is None:
        return functools.partial(match_name, pieces)
    head, tail = shape
    if tail is None:
        return head.__eq__
    least = len(head) + len(tail)

    def test(name: str) -> bool:
        return len(name) >= least and name.startswith(head) and name.endswith(tail)

    return test


def _single_component(pattern: Pattern) -> tuple[Piece, ...] | None:
    comps = pattern.components
    if len(comps) == 2 and comps[0] is None and comps[1] is not None:
        return comps[1]
    return None
