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
from collections.abc import Callable, Iterable
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
    from promptguard.regex_translate import expand_lookbehinds, rename_duplicate_groups, translate_properties

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


def compiler_modules() -> tuple[Any, Any]:
    if sys.version_info >= (3, 11):
        return re._parser, re._compiler  # type: ignore[attr-defined]
    import sre_compile
    import sre_parse

    return sre_parse, sre_compile


def _to_entry(pattern: str, flags: int) -> list[Any] | None:
    """What ``re``'s compiler hands to ``_sre.compile``, as JSON-able data."""
    try:
        parser, compiler = compiler_modules()
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
