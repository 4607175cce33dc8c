"""What a rule regex can match, in a form an automaton prefilter can use.

The accelerated prefilter (``promptguard.hyperscan_prefilter``) runs every rule at
once in Hyperscan/Vectorscan, which cannot run Python regexes exactly (no
lookarounds, no backreferences). Instead it runs a *relaxation* of each rule: the
same pattern with every assertion removed and every character class widened to
include all non-ASCII characters. Whatever span the real pattern matches, in any
window of the text, the relaxation matches too, so the end offsets it reports are a
superset of the real match ends: a rule with no reported end cannot match, and the
real regex only needs to run near the reported ends.

Besides the relaxed pattern, a ``Shape`` records what the scanner needs to turn end
offsets into search regions without changing results: the longest span the pattern
can consume, whether it can consume a newline, and how far past a position its
assertions can look.

Parsing uses the standard library's regex parser. Patterns it reads differently
from the ``regex`` module (POSIX classes, ``\\p{..}``, fuzzy matching, duplicate
group names...) are refused, and the scanner runs those rules without the
prefilter, exactly as before.
"""

from __future__ import annotations

import functools
import re
import sys
import warnings
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as _c
    from re import _parser as _sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _sre_parse

# Beyond this a bounded width is as good as unbounded for region-building purposes.
_UNBOUNDED = 1 << 20
# In the prefilter's copy of the text every non-ASCII character is '?', except the
# four that case-insensitively match ASCII letters (see ``FOLDS``); a class that may
# match non-ASCII characters must therefore also accept these bytes.
FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_WIDE = frozenset(map(ord, "?iks"))
_SEPARATORS = frozenset(range(0x1C, 0x20))
_ASCII = range(128)
# Syntax the ``regex`` module reads differently from ``re`` (or ``re`` lacks):
# POSIX classes, nested sets, Unicode properties, fuzzy constraints, version flags.
# A condition on a group (``(?(name)yes|no)``) reads the same in both and is allowed;
# ``(?(DEFINE)`` and conditions on look-arounds are ``regex``-only.
_REGEX_ONLY = re.compile(r"\[:\^?[A-Za-z]+:\]|\{\s*[eisd]\s*[<=]|\(\?(?:[|&R]|\((?!(?!DEFINE\))\w+\))|[+-]?\d|P>)")
_PROPERTY = re.compile(r"\\([pP])(?:\{([^}]*)\}|([A-Za-z]))")
# Hyperscan refuses very large bounded repeats; above this the relaxation is unbounded.
_MAX_HS_REPEAT = 32
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_ASSERT_READS = {
    # Characters an anchor looks at past the current position.
    _c.AT_END: 2,  # '$' checks for a final newline before the end
    _c.AT_END_LINE: 1,
    _c.AT_END_STRING: 1,
    _c.AT_BOUNDARY: 1,
    _c.AT_NON_BOUNDARY: 1,
}


class _Refused(Exception):
    """The pattern cannot be relaxed safely."""


@dataclass(frozen=True)
class Shape:
    """A rule regex as the accelerated prefilter sees it."""

    relaxed: str  # Hyperscan pattern (UTF-8 mode) matching a superset of spans
    max_width: int | None  # longest consumed span; None: unbounded
    newline_free: bool  # no match can contain '\n'
    lookahead: int | None  # characters assertions may read past a position; None: unbounded


def shape(pattern: str) -> Shape | None:
    """The shape of ``pattern`` (``regex`` module syntax), or None if it cannot be relaxed."""
    if _REGEX_ONLY.search(pattern):
        return None
    try:
        pattern = _replace_properties(pattern)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                parsed: Any = _sre_parse.parse(pattern)
            except re.error:
                # Alternatives sharing a group name (``regex`` allows it): names do not
                # matter to a shape, so parse the pattern with the names made unique.
                from promptguard.regex_translate import rename_duplicate_groups

                renamed = rename_duplicate_groups(pattern)
                if renamed is None:
                    raise
                parsed = _sre_parse.parse(renamed)
            lo, hi = parsed.getwidth()
        if lo == 0:
            return None  # matches the empty string: nothing to anchor on
        flags = parsed.state.flags
        if flags & re.LOCALE:
            return None
        walker = _Walker()
        relaxed = walker.emit(list(parsed), flags)
        reach = _reach(list(parsed))
    except (_Refused, re.error, FutureWarning, DeprecationWarning, ValueError, TypeError, KeyError, RecursionError):
        return None
    return Shape(
        relaxed=relaxed,
        max_width=hi if hi < _UNBOUNDED else None,
        newline_free=not walker.newline,
        lookahead=reach,
    )


class _Walker:
    """Emits the relaxed pattern and notes whether any part can consume a newline."""

    def __init__(self) -> None:
        self.newline = False
        self.group_widths: dict[int, tuple[int, int]] = {}

    def emit(self, items: list[tuple[Any, Any]], flags: int) -> str:
        return "".join(self._node(op, av, flags) for op, av in items)

    def _node(self, op: Any, av: Any, flags: int) -> str:
        if op is _c.LITERAL:
            return self._cls(_class_members(f"\\U{av:08x}", flags), _literal_wide(av, flags))
        if op is _c.NOT_LITERAL:
            return self._cls(_class_members(f"[^\\U{av:08x}]", flags), True)
        if op is _c.ANY:
            return self._cls(_class_members(".", flags), True)
        if op is _c.IN:
            text, wide = _class_text(av)
            return self._cls(_class_members(text, flags), wide)
        if op is _c.BRANCH:
            return "(?:" + "|".join(self.emit(list(alt), flags) for alt in av[1]) + ")"
        if op is _c.SUBPATTERN:
            group, add, remove, sub = av
            inner = self.emit(list(sub), (flags | add) & ~remove)
            if group is not None:
                self.group_widths[group] = sub.getwidth()
            return "(?:" + inner + ")"
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            lo, hi, sub = av
            inner = self.emit(list(sub), flags)
            if not inner:
                return ""
            # Only exact counts stay bounded: a gap such as ``[^\n]{0,32}`` becomes
            # ``{0,}``. Still a superset, and it sidesteps a miss in the engine of the
            # hyperscan wheels (0.7-0.9): ``(?:datadog|dd)[^\n]{0,32}key[^\n]{0,24}...``
            # finds no match that starts at offset 15 or later, while the same pattern
            # with unbounded gaps does (tests/perf/test_accelerated.py).
            upper = "" if hi > _MAX_HS_REPEAT or lo != hi else str(hi)
            return f"(?:{inner}){{{min(lo, _MAX_HS_REPEAT)},{upper}}}"
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return "(?:" + self.emit(list(av), flags) + ")"
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return ""  # relaxed away: assertions only ever remove matches
        if op is _c.GROUPREF:
            # The text a backreference repeats is unknown here: any characters of
            # the group's possible lengths.
            lo, hi = self.group_widths[av]
            self.newline = True
            upper = "" if hi > _MAX_HS_REPEAT or lo != hi else str(hi)
            return f"[\\x00-\\x7f]{{{min(lo, _MAX_HS_REPEAT)},{upper}}}"
        if op is _c.GROUPREF_EXISTS:
            _, yes, no = av
            alternatives = [self.emit(list(yes), flags), self.emit(list(no), flags) if no is not None else ""]
            return "(?:" + "|".join(alternatives) + ")"
        raise _Refused(str(op))

    def _cls(self, members: frozenset[int], wide: bool) -> str:
        if 10 in members:
            self.newline = True
        if wide:
            # The prefilter's text has '?' (or a folded letter) for non-ASCII characters;
            # and ``re`` and ``regex`` disagree on whether \x1c-\x1f are spaces.
            members = members | _WIDE | _SEPARATORS
        if not members:
            raise _Refused("empty class")
        if len(members) == 128:
            return "[\\x00-\\x7f]"
        return "[" + _ranges(members) + "]"


def _replace_properties(pattern: str) -> str:
    """Replace ``\\p{..}`` / ``\\P{..}`` (which ``re`` lacks) by a wider plain class.

    The replacement holds the property's ASCII members (asked of the ``regex``
    module) plus every non-ASCII character, so it matches at least as much.
    """
    if "\\p" not in pattern and "\\P" not in pattern:
        return pattern
    import regex

    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            match = _PROPERTY.match(pattern, i)
            if match:
                compiled = regex.compile(match.group())
                members = frozenset(c for c in _ASCII if compiled.fullmatch(chr(c)))
                body = _ranges(members) + "\\u0080-\\U0010ffff"  # all of non-ASCII
                out.append(body if in_class else "[" + body + "]")
                i = match.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            i += 1
            # A ']' right after '[' or '[^' is a literal member.
            for lead in ("^", "]"):
                if pattern.startswith(lead, i):
                    out.append(lead)
                    i += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _class_text(items: list[tuple[Any, Any]]) -> tuple[str, bool]:
    """A ``re`` character class equivalent to parsed set items, and whether it may match non-ASCII."""
    parts = []
    wide = False
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            parts.append(f"\\U{av:08x}")
            wide = wide or av >= 128
        elif op is _c.RANGE:
            parts.append(f"\\U{av[0]:08x}-\\U{av[1]:08x}")
            wide = wide or av[1] >= 128
        elif op is _c.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
            wide = True
        else:
            raise _Refused(str(op))
    return "[" + ("^" if negate else "") + "".join(parts) + "]", wide or negate


@functools.lru_cache(maxsize=4096)
def _class_members(text: str, flags: int) -> frozenset[int]:
    """ASCII code points a one-character ``re`` pattern matches, asked of ``re`` itself."""
    compiled = re.compile(text, flags & (re.IGNORECASE | re.ASCII | re.DOTALL | re.UNICODE))
    return frozenset(i for i in _ASCII if compiled.fullmatch(chr(i)))


def _literal_wide(code: int, flags: int) -> bool:
    del flags  # case-insensitive look-alikes of ASCII letters arrive as those letters
    return code >= 128


def _ranges(members: frozenset[int]) -> str:
    out = []
    codes = sorted(members)
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(f"\\x{codes[i]:02x}" if i == j else f"\\x{codes[i]:02x}-\\x{codes[j]:02x}")
        i = j + 1
    return "".join(out)


def _reach(items: list[tuple[Any, Any]]) -> int | None:
    """How many characters past the current position assertions in ``items`` may read."""
    best = 0
    for op, av in items:
        inner: int | None = 0
        if op is _c.AT:
            inner = _ASSERT_READS.get(av, 0)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            nested = _reach(list(sub))
            if nested is None:
                return None
            if direction == 1:
                hi = sub.getwidth()[1]
                if hi >= _UNBOUNDED:
                    return None
                inner = hi + nested
            else:
                inner = nested
        elif op is _c.BRANCH:
            for alt in av[1]:
                sub_reach = _reach(list(alt))
                if sub_reach is None:
                    return None
                inner = max(inner or 0, sub_reach)
        elif op is _c.SUBPATTERN:
            inner = _reach(list(av[3]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            inner = _reach(list(av[2]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            inner = _reach(list(av))
        elif op is _c.GROUPREF_EXISTS:
            _, yes, no = av
            a, b = _reach(list(yes)), _reach(list(no)) if no is not None else 0
            inner = None if a is None or b is None else max(a, b)
        if inner is None:
            return None
        best = max(best, inner)
    return best
