"""Spelling ``regex``-only syntax in ``re`` when ``re`` has an exact equivalent.

Used when the pattern cache is built (``patterncache.build``), never on a scan's
path: rules written for ``regex`` then load from cached ``re`` opcodes instead of
paying for importing and compiling with ``regex``. Three translations, each only
when it means exactly the same: Unicode property classes ``\\p{L}``/``\\p{Lu}``/``\\p{Ll}``
(spelled out as the classes ``regex`` matches), repeated group names (renamed with
``DUPLICATE_SUFFIX``) and bounded variable-width look-behinds (split into fixed-width
ones).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator

from promptguard.patterncache import DUPLICATE_SUFFIX, compiler_modules


def rename_duplicate_groups(pattern: str) -> str | None:
    """``pattern`` with repeated group names made unique (``value``, ``value__dup2``...).

    ``regex`` lets alternatives share a group name (``(?P<value>..)|(?P<value>..)``)
    and reports whichever captured last; ``re`` refuses the name twice. Renamed, the
    caller reads the highest-numbered participating group of that name instead,
    which is the same capture for alternatives and sequences. A pattern that refers
    to a repeated name (backreference, conditional) is left alone (None).
    """
    defined: dict[str, int] = {}
    referenced: set[str] = set()
    for i, piece, in_set in _tokens(pattern):
        if in_set:
            continue
        if piece == "\\g" and pattern.startswith("<", i + 2):
            referenced.add(pattern[i + 3 : pattern.find(">", i)])
        elif piece == "(":
            reference = _GROUP_REFERENCE.match(pattern, i)
            if reference is not None:
                referenced.add(reference.group(1))
            named = _NAMED_GROUP.match(pattern, i)
            if named is not None:
                defined[named.group(1)] = defined.get(named.group(1), 0) + 1
    repeated = {name for name, count in defined.items() if count > 1}
    if not repeated:
        return pattern
    if repeated & referenced:
        return None
    out: list[str] = []
    seen: dict[str, int] = {}
    last = 0
    for i, piece, in_set in _tokens(pattern):
        named = _NAMED_GROUP.match(pattern, i) if piece == "(" and not in_set else None
        if named is None or named.group(1) not in repeated:
            continue
        name = named.group(1)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            out.append(pattern[last:i])
            out.append(f"(?P<{name}{DUPLICATE_SUFFIX}{seen[name]}>")
            last = named.end()
    out.append(pattern[last:])
    return "".join(out)


_NAMED_GROUP = re.compile(r"\(\?P<([A-Za-z_]\w*)>")
_GROUP_REFERENCE = re.compile(r"\(\?(?:P=|P>|&|\()([A-Za-z_]\w*)")


def expand_lookbehinds(pattern: str) -> str | None:
    """``pattern`` with each bounded variable-width look-behind split into fixed-width ones.

    ``re`` needs every look-behind to have one width; ``regex`` does not. A look-behind
    whose alternatives each have a fixed width, or a fixed width but for one bounded
    repeat of a single character or set (``[ \\t]{0,4}``), is the same test as a set
    of fixed-width ones: ``(?<=a|bc)`` is ``(?:(?<=a)|(?<=bc))`` and ``(?<!a|bc)`` is
    ``(?<!a)(?<!bc)``. None when some look-behind cannot be split that way (unbounded
    repeats, groups that capture, nested look-behinds).
    """
    out: list[str] = []
    last = 0
    for i, piece, in_set in _tokens(pattern):
        if in_set or piece != "(" or not pattern.startswith(("(?<=", "(?<!"), i) or i < last:
            continue
        close = _closing_paren(pattern, i)
        if close is None:
            return None
        body = pattern[i + 4 : close]
        if _fixed_width(body) is not None:
            continue  # re takes it as it is
        branches = _fixed_branches(body)
        if branches is None:
            return None
        negative = pattern[i + 3] == "!"
        parts = [f"(?<{'!' if negative else '='}{branch})" for branch in branches]
        out.append(pattern[last:i])
        out.append("(?:" + ("" if negative else "|").join(parts) + ")")
        last = close + 1
    out.append(pattern[last:])
    return "".join(out)


# Longest bounded repeat spelled out into separate look-behinds.
_MAX_EXPANSION = 16
_REPEAT = re.compile(r"\{(\d*)(?:(,)(\d*))?\}|\?")


def _fixed_branches(body: str) -> list[str] | None:
    branches: list[str] = []
    for branch in _split_alternatives(body):
        if "(?<" in branch or _CAPTURING.search(branch):
            return None
        if _fixed_width(branch) is not None:
            branches.append(branch)
            continue
        expanded = _expand_one_repeat(branch)
        if expanded is None:
            return None
        branches.extend(expanded)
    return branches


# An opening parenthesis that starts a capturing group: '(' not followed by '?', or '(?P<'.
_CAPTURING = re.compile(r"(?<!\\)\((?!\?)|\(\?P<")


def _expand_one_repeat(branch: str) -> list[str] | None:
    """``branch`` with its only variable repeat (of one character or set) written out."""
    # (start, end) of each top-level single-character atom
    atoms = [(i, i + len(piece)) for i, piece, depth in _outside_sets(branch) if depth == 0 and piece not in "()"]
    for start, end in atoms:
        atom_end = _closing_bracket(branch, start) + 1 if branch[start] == "[" else end
        repeat = _REPEAT.match(branch, atom_end)
        if repeat is None:
            continue
        low, comma, high = (repeat.group(1), repeat.group(2), repeat.group(3)) if repeat.group(0) != "?" else ("0", ",", "1")
        if not comma or not high:
            continue  # {n} is fixed; {n,} is unbounded
        lo, hi = int(low or 0), int(high)
        if hi - lo > _MAX_EXPANSION:
            return None
        head, atom, tail = branch[:start], branch[start:atom_end], branch[repeat.end() :]
        expanded = [head + (atom if count == 1 else f"{atom}{{{count}}}" if count else "") + tail for count in range(lo, hi + 1)]
        if all(_fixed_width(item) is not None for item in expanded):
            return expanded
        return None
    return None


def _fixed_width(part: str) -> int | None:
    try:
        parser, _ = compiler_modules()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            low, high = parser.parse(part, 0).getwidth()
    except Exception:  # not valid re syntax on its own: not translatable here
        return None
    return int(low) if low == high else None


def _split_alternatives(body: str) -> list[str]:
    parts: list[str] = []
    last = 0
    for i, piece, depth in _outside_sets(body):
        if piece == "|" and depth == 0:
            parts.append(body[last:i])
            last = i + 1
    parts.append(body[last:])
    return parts


def _closing_paren(pattern: str, open_at: int) -> int | None:
    for i, piece, depth in _outside_sets(pattern, open_at):
        if piece == ")" and depth == 0:
            return i
    return None


def _outside_sets(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(offset, piece, group depth) for each piece of a regex that is not inside a set.

    The depth is that of the text around the piece: a group's ``(`` and ``)`` are at
    the depth outside it.
    """
    depth = 0
    for i, piece, in_set in _tokens(pattern, start):
        if in_set:
            continue
        if piece == ")":
            depth -= 1
        yield i, piece, depth
        if piece == "(":
            depth += 1


def _closing_bracket(pattern: str, open_at: int) -> int:
    for i, piece, in_set in _tokens(pattern, open_at):
        if i > open_at and piece == "]" and not in_set:
            return i
    return len(pattern) - 1


def _tokens(pattern: str, start: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(offset, piece, inside a set) for each character or escape of a regex.

    A piece is one character or a backslash escape; ``in_set`` is true for the
    members of a ``[...]`` set (the brackets themselves are reported outside it).
    """
    i, n = start, len(pattern)
    in_set = False
    while i < n:
        char = pattern[i]
        piece = pattern[i : i + _escape_length(pattern, i)] if char == "\\" else char
        if in_set:
            if char == "]":
                in_set = False
                yield i, char, False
            else:
                yield i, piece, True
        elif char == "[":
            yield i, char, False
            in_set = True
            # A ']' right after '[' or '[^' is a member, not the end of the set.
            j = i + 1
            if pattern.startswith("^", j):
                yield j, "^", True
                j += 1
            if pattern.startswith("]", j):
                yield j, "]", True
                j += 1
            i = j
            continue
        else:
            yield i, piece, False
        i += len(piece)


def translate_properties(pattern: str, properties: Callable[[str], str | None]) -> str | None:
    """``pattern`` with each ``\\p{Name}`` spelled out as a character class, or None.

    ``re`` has no Unicode property classes; the bundled name and address rules use
    ``\\p{L}``, ``\\p{Lu}`` and ``\\p{Ll}``. ``properties(name)`` gives the body of an
    equivalent class (ranges, no brackets). Inside a set the body is spliced in,
    elsewhere it is wrapped in brackets. None when a property cannot be translated.
    """
    out: list[str] = []
    open_set = False  # a '[' whose ']' has not come yet
    for _, piece, in_set in _tokens(pattern):
        if not in_set and piece in "[]":
            open_set = piece == "["
        match = _PROPERTY.fullmatch(piece)
        if match is None:
            out.append(piece)
            continue
        body = properties(match.group(2)) if match.group(1) == "p" else None
        if body is None:
            return None
        out.append(body if in_set else f"[{body}]")
    return None if open_set else "".join(out)


_PROPERTY = re.compile(r"\\([pP])\{([A-Za-z_]+)\}")


def regex_properties() -> Callable[[str], str | None]:
    """Property classes exactly as the ``regex`` module defines them (computed once per build)."""
    import regex

    everything = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    bodies: dict[str, str | None] = {}

    def body(name: str) -> str | None:
        if name not in _TRANSLATABLE:
            return None
        if name not in bodies:
            members = sorted(ord(c) for c in regex.findall(rf"\p{{{name}}}", everything))
            bodies[name] = _ranges(members)
        return bodies[name]

    return body


# Properties the bundled rules use; others make a pattern stay with ``regex``.
_TRANSLATABLE = frozenset({"L", "Lu", "Ll"})


def _ranges(members: list[int]) -> str:
    parts: list[str] = []
    i = 0
    while i < len(members):
        j = i
        while j + 1 < len(members) and members[j + 1] == members[j] + 1:
            j += 1
        first, last = _escape(members[i]), _escape(members[j])
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape_length(pattern: str, i: int) -> int:
    """Length of the backslash escape at ``pattern[i]``, e.g. 4 for ``\\x27``, 6 for ``\\p{Lu}``."""
    kind = pattern[i + 1 : i + 2]
    if kind in ("N", "p", "P") and pattern.startswith("{", i + 2):
        return pattern.find("}", i) - i + 1 if "}" in pattern[i:] else 2
    return {"x": 4, "u": 6, "U": 10}.get(kind, 2)
