"""Compiled bundled-rule regexes, cached across processes.

A hook process scans one short prompt, and compiling the few dozen patterns that
the prompt's keywords trigger used to cost more than everything else it did: the
standard library's ``re`` parses and compiles in pure Python. What that work
produces is plain data, the opcode list that the C function ``_sre.compile``
turns into a pattern object, so it is compiled once (when the rule-pack cache is
built) and stored as JSON; later processes rebuild each pattern they need from its
opcodes in microseconds.

The opcodes belong to one interpreter build: the file name carries a hash of
``sys.version`` and ``_sre.MAGIC``, and an entry is only ever made from a pattern
that ``re.compile`` produced in this same interpreter and compared equal to it
(pattern objects compare by pattern text, flags and compiled code). Entries are
keyed by pattern text, so any rule with the same regex benefits and a changed
rule simply misses. Patterns that ``re`` rejects (``regex``-only syntax) are
stored as such, so later processes skip the doomed ``re`` attempt. Any problem
with the file means compiling as if it were not there.
"""

from __future__ import annotations

import array
import functools
import json
import re
import sys
import threading
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from promptguard.cachedir import Mapped, map_file

_FORMAT = "1"
# Cached answer for a pattern that ``re`` does not take cleanly.
_REJECTED = 0


def stdlib_compile(pattern: str, flags: int) -> Any | None:
    """``re.compile`` if it takes the pattern cleanly (same meaning as in ``regex``), else None.

    Every ``regex``-only construct (variable-width look-behind, ``\\G``, ``\\p{..}``,
    duplicate group names, nested sets) is an error or a FutureWarning in ``re``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(pattern, flags)
        except (re.error, FutureWarning, DeprecationWarning, ValueError):
            return None


def static(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A module-level regex of promptguard's own code, rebuilt from the cache when it has it.

    Validators, decoders and allowlist markers compile about a hundred patterns at
    import time, which a hook pays on every prompt. ``static`` records what it is asked
    for, so the process that builds the cache stores these too (see
    ``rulecache._write_patterns``). Unlike rule patterns these must be valid ``re``.
    """
    _REQUESTED.add((pattern, flags))
    compiled: re.Pattern[str] | None = _shared_cache().compile(pattern, flags)
    return compiled if compiled is not None else re.compile(pattern, flags)


def requested() -> list[tuple[str, int]]:
    """Every pattern ``static`` has been asked for in this process."""
    return sorted(_REQUESTED)


# Append-only record of static() calls, read by the cache builder: like re's own
# cache, it only ever holds pattern texts, never anything scanned.
_REQUESTED: set[tuple[str, int]] = set()


def pattern_cache() -> PatternCache:
    """The compiled-pattern cache for this interpreter (read lazily, on first compile).

    One instance per cache file and process, so scanners and ``static`` read it once.
    """
    from promptguard.cachedir import cache_dir, caching_enabled

    return _cache_at(cache_path(cache_dir()) if caching_enabled() else None)


@functools.lru_cache(maxsize=8)
def _cache_at(path: Path | None) -> PatternCache:
    return PatternCache(path)


def forget_loaded() -> None:
    """Drop the per-process instances, so the next use reads the file again (after it was rewritten)."""
    _cache_at.cache_clear()
    _shared_cache.cache_clear()


@functools.cache
def _shared_cache() -> PatternCache:
    # Fixed for the process at the first static() call; entries are checked against
    # their pattern text, so a cache directory changed later (tests) only means misses.
    return pattern_cache()


def interpreter_ident() -> str:
    """Everything the opcodes depend on (stored in the file and checked on reading)."""
    import _sre  # type: ignore[import-not-found]  # CPython's regex engine, no stubs

    return f"{sys.version}|{sys.implementation.name}|{_sre.MAGIC}|{_sre.CODESIZE}|{_FORMAT}"


def interpreter_key() -> str:
    """Short key of ``interpreter_ident`` for the file name."""
    return _digest(interpreter_ident())


def cache_path(directory: Path) -> Path:
    return directory / f"patterns-{interpreter_key()}.bin"


class PatternCache:
    """Pattern text -> compiled ``re`` pattern, from stored opcodes where possible.

    The file is mapped into memory on first use and an entry is decoded only when
    its pattern is compiled, so a process that compiles a few dozen patterns reads
    and decodes a few dozen entries, not a thousand. Thread-safe: loading happens
    under a lock, entries are immutable.
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._loaded: tuple[dict[str, list[int]], Mapped, int] | None = None
        self._lock = threading.Lock()

    def compile(self, pattern: str, flags: int = 0) -> Any | None:
        """The ``re`` pattern for ``pattern``, or None when ``re`` does not take it."""
        entry = self._entry(_key(pattern, flags))
        if entry == _REJECTED:
            return None
        if entry is not None:
            compiled = _from_entry(pattern, entry)
            if compiled is not None:
                return compiled
        return stdlib_compile(pattern, flags)

    def __len__(self) -> int:
        return sum(1 for key in self._load()[0] if key != _IDENT)

    def _entry(self, key: str) -> Any | None:
        index, blob, base = self._load()
        where = index.get(_digest(key))
        if where is None:
            return None
        try:
            offset, meta_length, code_length = where
            start = base + offset
            meta = json.loads(blob[start : start + meta_length])
            code = blob[start + meta_length : start + meta_length + code_length]
        except (ValueError, TypeError):
            return None
        # The stored key guards against a digest collision and against a swapped blob.
        if not isinstance(meta, list) or not meta or meta[0] != key:
            return None
        if meta[1:] == [_REJECTED]:
            return _REJECTED
        return [meta[1], code, *meta[2:]] if len(meta) == 5 else None

    def _load(self) -> tuple[dict[str, list[int]], Mapped, int]:
        loaded = self._loaded
        if loaded is not None:
            return loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = _read(self._path)
            return self._loaded


def encode(entries: dict[str, Any]) -> bytes:
    """The cache file: one JSON line indexing digest -> (offset, lengths), then the entries.

    Each entry is a JSON list ``[key, flags, groups, groupindex, indexgroup]`` (or
    ``[key, 0]`` for a pattern ``re`` rejects) followed by its opcodes as raw machine
    words, which a reader hands to ``array.frombytes`` without any decoding.
    """
    index: dict[str, Any] = {_IDENT: interpreter_ident()}
    chunks: list[bytes] = []
    offset = 0
    for key, value in entries.items():
        if value == _REJECTED:
            meta, code = [key, _REJECTED], b""
        else:
            flags, code, *rest = value
            meta = [key, flags, *rest]
        head = json.dumps(meta, separators=(",", ":")).encode("utf-8", "surrogatepass")
        index[_digest(key)] = [offset, len(head), len(code)]
        chunks += (head, code)
        offset += len(head) + len(code)
    return json.dumps(index, separators=(",", ":")).encode("ascii") + b"\n" + b"".join(chunks)


def build(patterns: Iterable[tuple[str, int]], properties: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """Entries for ``patterns``: stored opcodes, or a rejection marker.

    A pattern that ``re`` rejects only for ``regex`` syntax with an exact ``re``
    spelling is stored translated: Unicode property classes (when ``properties`` is
    given, see ``translate_properties``) and repeated group names
    (``rename_duplicate_groups``). The name, address and generic-assignment rules
    then load from opcodes too instead of compiling with ``regex``.
    """
    entries: dict[str, Any] = {}
    properties = properties or (lambda name: None)
    for pattern, flags in patterns:
        key = _key(pattern, flags)
        if key in entries:
            continue
        source = pattern
        compiled = stdlib_compile(pattern, flags)
        if compiled is None:
            translated = translate_properties(pattern, properties)
            translated = expand_lookbehinds(translated) if translated is not None else None
            translated = rename_duplicate_groups(translated) if translated is not None else None
            compiled = stdlib_compile(translated, flags) if translated is not None else None
            if translated is None or compiled is None:
                entries[key] = _REJECTED
                continue
            source = translated
        entry = _to_entry(source, flags)
        # Only keep what provably rebuilds the very same pattern object.
        if entry is not None and _from_entry(source, entry) == compiled:
            entries[key] = entry
    return entries


# Suffix of the 2nd, 3rd... group that had the same name in the rule's pattern.
DUPLICATE_SUFFIX = "__dup"


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
        parser, _ = _compiler_modules()
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


def _key(pattern: str, flags: int) -> str:
    return f"{flags}:{pattern}"


# Index key holding the interpreter identity the file was written by.
_IDENT = "#interpreter"


def _digest(key: str) -> str:
    # A cache-lookup key, not a security boundary: every entry stores its full key and
    # is checked against it, so a collision is a miss. zlib spares importing hashlib
    # (OpenSSL), ~2 ms of every hook's start-up.
    data = key.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _read(path: Path | None) -> tuple[dict[str, list[int]], Mapped, int]:
    """(index, file content, offset of the first entry); empty when unusable."""
    empty: tuple[dict[str, list[int]], Mapped, int] = ({}, b"", 0)
    if path is None:
        return empty
    try:
        data = map_file(path)
        end = data.find(b"\n")
        index = json.loads(data[:end]) if end > 0 else None
    except (OSError, ValueError):
        return empty
    if not isinstance(index, dict) or index.get(_IDENT) != interpreter_ident():
        return empty  # another interpreter build's opcodes (or not our file)
    return index, data, end + 1


def _compiler_modules() -> tuple[Any, Any]:
    if sys.version_info >= (3, 11):
        return re._parser, re._compiler  # type: ignore[attr-defined]
    import sre_compile
    import sre_parse

    return sre_parse, sre_compile


def _to_entry(pattern: str, flags: int) -> list[Any] | None:
    """What ``re``'s compiler hands to ``_sre.compile``, as JSON-able data."""
    try:
        parser, compiler = _compiler_modules()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = parser.parse(pattern, flags)
            code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        words = array.array("I", code)
    except Exception:  # private compiler API: any surprise means "do not cache"
        return None
    return [flags | parsed.state.flags, words.tobytes(), parsed.state.groups - 1, groupindex, indexgroup]


def _from_entry(pattern: str, entry: Any) -> Any | None:
    import _sre

    try:
        flags, code, groups, groupindex, indexgroup = entry
        words = array.array("I")
        words.frombytes(code)
        return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, tuple(indexgroup))
    except Exception:  # a damaged entry is a cache miss, never an error
        return None


def _escape_length(pattern: str, i: int) -> int:
    """Length of the backslash escape at ``pattern[i]``, e.g. 4 for ``\\x27``, 6 for ``\\p{Lu}``."""
    kind = pattern[i + 1 : i + 2]
    if kind in ("N", "p", "P") and pattern.startswith("{", i + 2):
        return pattern.find("}", i) - i + 1 if "}" in pattern[i:] else 2
    return {"x": 4, "u": 6, "U": 10}.get(kind, 2)
