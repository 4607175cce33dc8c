"""Bundled rules, parsed once per rule-pack version and cached as JSON.

Parsing and validating hundreds of TOML rules costs more than the rest of a short
hook invocation, so the validated result is cached under the user's cache directory,
keyed by a hash of the pack files (path, size, mtime) and the promptguard version.
The compiled form of the rules' regexes is cached beside it, per interpreter build
(``promptguard/patterncache.py``). JSON rather than pickle: a cache file is data,
never code. Any problem with a cache falls back to parsing or compiling.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from promptguard import patterncache
from promptguard.cachedir import Mapped, cache_dir, caching_enabled, map_file
from promptguard.errors import RuleError
from promptguard.rules import Example, Rule, bundled_pack_files, load_packs, packs_fingerprint, packs_signature

_CACHE_VERSION = "3"


class RuleMeta(NamedTuple):
    """What choosing rules and building the keyword prefilter need, for every rule."""

    id: str
    pack: str
    kind: str
    enabled: bool
    user: bool
    keywords: tuple[str, ...]

    @classmethod
    def of(cls, rule: Rule) -> RuleMeta:
        return cls(rule.id, rule.pack, rule.kind, rule.enabled, rule.user, rule.keywords)


class RuleTable(Sequence[Rule]):
    """Rules, each decoded from the cache on first access.

    A hook scans one prompt and needs only the few dozen rules that prompt's keywords
    trigger, but decoding all ~1,100 cached rules cost ~10 ms. ``meta`` holds, for every
    rule, what selecting rules and building the prefilter need; a full ``Rule`` is
    decoded when it is first indexed. Iterating decodes everything, as a list would.
    Concurrent first accesses may decode a rule twice; both results are equal.
    """

    def __init__(self, meta: Sequence[RuleMeta], items: list[Rule | int], rows: _Rows | None = None) -> None:
        self.meta: tuple[RuleMeta, ...] = tuple(meta)
        self._items = items
        self._rows = rows

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> RuleTable:
        decoded: list[Rule | int] = list(rules)
        return cls([RuleMeta.of(r) for r in decoded if isinstance(r, Rule)], decoded)

    def select(self, indices: Iterable[int]) -> RuleTable:
        chosen = list(indices)
        return RuleTable([self.meta[i] for i in chosen], [self._items[i] for i in chosen], self._rows)

    def __add__(self, other: RuleTable) -> RuleTable:
        if other._rows is not None and other._rows is not self._rows:
            other = RuleTable.of(other)  # one table reads from at most one cache file
        return RuleTable(self.meta + other.meta, self._items + other._items, self._rows or other._rows)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> list[Rule]: ...

    def __getitem__(self, index: int | slice) -> Rule | list[Rule]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]
        if isinstance(item, int):
            assert self._rows is not None  # an int item is a row of the cache file
            item = self._rows.rule(item)
            self._items[index] = item
        return item

    def __iter__(self) -> Iterator[Rule]:
        return (self[i] for i in range(len(self)))


def load_bundled_rules() -> list[Rule]:
    return list(load_bundled_table())


def load_bundled_table() -> RuleTable:
    """The bundled rules: from the cache when it is valid, else parsed (and cached)."""
    files = bundled_pack_files()
    if not caching_enabled():
        return RuleTable.of(load_packs(files))
    signature = packs_signature(files)
    path = cache_dir() / f"rules-{_CACHE_VERSION}-{packs_fingerprint(files)}.bin"
    try:
        table = _read_table(path, map_file(path), signature)
    except (OSError, ValueError, TypeError, KeyError):
        rules = load_packs(files)
        _write(path, _encode(rules, signature), stale="rules-*")
        _write_patterns(rules)
        return RuleTable.of(rules)
    if not pattern_cache_path().exists():  # first run of this interpreter
        _write_patterns(list(table))
    return table


def pattern_cache_path() -> Path:
    return patterncache.cache_path(cache_dir())


def _write_patterns(rules: list[Rule]) -> None:
    from promptguard.prefilter import helper_patterns
    from promptguard.scanner import rule_patterns
    from promptguard.validators import registry

    registry()  # imports the validators, whose module-level patterns static() records
    patterns = [item for rule in rules if not rule.user for item in rule_patterns(rule)]
    patterns += patterncache.requested()
    patterns += helper_patterns()  # compiled during scans, after this process's imports
    path = pattern_cache_path()
    # Only this interpreter's file is replaced: other Python versions may share the directory.
    from promptguard.regex_translate import regex_properties

    entries = patterncache.build(patterns, regex_properties())
    _write(path, patterncache.encode(entries), stale=path.name)
    patterncache.forget_loaded()  # this process may have read the file before it existed


_RULE_FIELDS = Rule._fields
# Fields stored as JSON lists that the Rule holds as tuples.
_TUPLE_FIELDS = frozenset(("keywords", "validators", "allow", "context", "negative_context", "references", "negative_examples"))
_TUPLE_INDEXES = tuple(i for i, name in enumerate(_RULE_FIELDS) if name in _TUPLE_FIELDS)
_EXAMPLES = _RULE_FIELDS.index("examples")


def _encode(rules: list[Rule], signature: str) -> bytes:
    """One JSON header line (signature, field order, every rule's meta, row offsets), then the rows.

    Each row is the JSON list of one rule's field values, so a reader parses the small
    header and only the rows of the rules it uses.
    """
    chunks: list[bytes] = []
    offsets: list[list[int]] = []
    offset = 0
    for rule in rules:
        row: list[Any] = [getattr(rule, name) for name in _RULE_FIELDS]
        row[_EXAMPLES] = [[e.text, e.value] for e in rule.examples]
        chunk = json.dumps(row, separators=(",", ":")).encode("utf-8", "surrogatepass")
        offsets.append([offset, len(chunk)])
        chunks.append(chunk)
        offset += len(chunk)
    header = {
        "signature": signature,
        "fields": list(_RULE_FIELDS),
        "meta": [list(RuleMeta.of(rule)) for rule in rules],
        "offsets": offsets,
    }
    return json.dumps(header, separators=(",", ":")).encode("utf-8", "surrogatepass") + b"\n" + b"".join(chunks)


class _Rows:
    """The rows part of a cache file, decoded one rule at a time."""

    def __init__(self, path: Path, blob: Mapped, base: int, offsets: list[list[int]]) -> None:
        self._path = path
        self._blob = blob  # the whole file, usually memory-mapped: rows are read as used
        self._base = base
        self._offsets = offsets

    def __getstate__(self) -> dict[str, Any]:
        # A mapping cannot be pickled (--jobs workers get the rules): send the bytes.
        return {**self.__dict__, "_blob": bytes(self._blob)}

    def rule(self, index: int) -> Rule:
        try:
            offset, length = self._offsets[index]
            start = self._base + offset
            return _rule_from_row(json.loads(self._blob[start : start + length]))
        except (ValueError, TypeError, KeyError, IndexError):
            # Only a damaged file gets here (the header was valid): drop it so the next
            # run parses the packs again, and say so rather than scan with a rule missing.
            with contextlib.suppress(OSError):
                self._path.unlink()
            raise RuleError(f"{self._path}: damaged rule cache (deleted; run again to rebuild it)") from None


def _read_table(path: Path, data: Mapped, signature: str) -> RuleTable:
    end = data.find(b"\n")
    if end < 0:
        raise ValueError("rule cache without a header")
    header = json.loads(data[:end])
    if header["signature"] != signature:
        raise ValueError("rule cache written for other pack files")
    if header["fields"] != list(_RULE_FIELDS):
        raise ValueError("rule cache written by another promptguard version")
    offsets = header["offsets"]
    meta = [RuleMeta(i, p, k, bool(e), bool(u), tuple(kw)) for i, p, k, e, u, kw in header["meta"]]
    if len(offsets) != len(meta) or any(len(o) != 2 for o in offsets):
        raise ValueError("malformed rule cache header")
    return RuleTable(meta, list(range(len(meta))), _Rows(path, data, end + 1, offsets))


def _rule_from_row(row: list[Any]) -> Rule:
    """A Rule from ``_encode``'s row (rows come from validated rules; a test compares them)."""
    if len(row) != len(_RULE_FIELDS):
        raise ValueError("malformed rule cache row")
    for i in _TUPLE_INDEXES:
        row[i] = tuple(row[i])
    row[_EXAMPLES] = tuple(Example(text, value) for text, value in row[_EXAMPLES])
    return Rule._make(row)


def _write(path: Path, data: Any, *, stale: str) -> None:
    """Write ``data`` (bytes, or anything JSON) atomically, then delete older files matching ``stale``."""
    import tempfile  # only when writing: most processes just read the caches

    content = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
        # Caches of earlier pack versions are dead weight once packs change.
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home is fine: we just parse the packs next time
