"""Bundled rules, parsed once per rule-pack version and cached as JSON.

Parsing and validating hundreds of TOML rules costs more than the rest of a short
hook invocation, so the validated result is cached under the user's cache directory,
keyed by a hash of the pack files (path, size, mtime) and the promptguard version.
The compiled form of the rules' regexes is cached beside it, per interpreter build
(``promptguard/patterncache.py``). JSON rather than pickle: a cache file is data,
never code. Any problem with a cache falls back to parsing or compiling.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from promptguard import patterncache
from promptguard.cachedir import cache_dir, caching_enabled
from promptguard.rules import Example, Rule, bundled_pack_files, load_packs, packs_fingerprint, packs_signature

_CACHE_VERSION = "2"


def load_bundled_rules() -> list[Rule]:
    files = bundled_pack_files()
    if not caching_enabled():
        return load_packs(files)
    signature = packs_signature(files)
    path = cache_dir() / f"rules-{_CACHE_VERSION}-{packs_fingerprint(files)}.json"
    try:
        rules = _decode(json.loads(path.read_bytes()), signature)
    except (OSError, ValueError, TypeError, KeyError):
        rules = load_packs(files)
        _write(path, _encode(rules, signature), stale="rules-*.json")
        _write_patterns(rules)
    else:
        if not pattern_cache_path().exists():  # first run of this interpreter
            _write_patterns(rules)
    return rules


def pattern_cache_path() -> Path:
    return patterncache.cache_path(cache_dir())


def _write_patterns(rules: list[Rule]) -> None:
    from promptguard.scanner import rule_patterns
    from promptguard.validators import registry

    registry()  # imports the validators, whose module-level patterns static() records
    patterns = [item for rule in rules if not rule.user for item in rule_patterns(rule)]
    patterns += patterncache.requested()
    path = pattern_cache_path()
    # Only this interpreter's file is replaced: other Python versions may share the directory.
    entries = patterncache.build(patterns, patterncache.regex_properties())
    _write(path, patterncache.encode(entries), stale=path.name)


_RULE_FIELDS = tuple(f.name for f in dataclasses.fields(Rule))
# Fields stored as JSON lists that the Rule holds as tuples.
_TUPLE_FIELDS = frozenset(("keywords", "validators", "allow", "context", "negative_context", "references", "negative_examples"))


def _encode(rules: list[Rule], signature: str) -> dict[str, Any]:
    """Rows of field values in a fixed order: about half the size of one dict per rule."""
    rows = []
    for rule in rules:
        row: list[Any] = [getattr(rule, name) for name in _RULE_FIELDS]
        row[_RULE_FIELDS.index("examples")] = [[e.text, e.value] for e in rule.examples]
        rows.append(row)
    return {"signature": signature, "fields": list(_RULE_FIELDS), "rules": rows}


def _decode(data: dict[str, Any], signature: str) -> list[Rule]:
    """Rules from ``_encode``'s rows.

    Built without calling the dataclass ``__init__``: a frozen dataclass sets each of
    its 25 fields through ``object.__setattr__``, which made building 1,100 rules cost
    as much as parsing the file. The rows come from ``_encode`` of validated rules,
    so filling ``__dict__`` directly yields equal objects.
    """
    if data["signature"] != signature:
        raise ValueError("rule cache written for other pack files")
    if data["fields"] != list(_RULE_FIELDS):
        raise ValueError("rule cache written by another promptguard version")
    width = len(_RULE_FIELDS)
    tuples = [i for i, name in enumerate(_RULE_FIELDS) if name in _TUPLE_FIELDS]
    examples = _RULE_FIELDS.index("examples")
    new = object.__new__
    rules = []
    for row in data["rules"]:
        if len(row) != width:
            raise ValueError("malformed rule cache row")
        for i in tuples:
            row[i] = tuple(row[i])
        built = []
        for text, value in row[examples]:
            example = new(Example)
            example.__dict__.update(text=text, value=value)
            built.append(example)
        row[examples] = tuple(built)
        rule = new(Rule)
        rule.__dict__.update(zip(_RULE_FIELDS, row, strict=True))
        rules.append(rule)
    return rules


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
