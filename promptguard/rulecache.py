"""Bundled rules, parsed once per rule-pack version and cached as JSON.

Parsing and validating hundreds of TOML rules costs more than the rest of a short
hook invocation, so the validated result is cached under the user's cache directory,
keyed by a hash of the pack files (path, size, mtime) and the promptguard version.
JSON rather than pickle: a cache file is data, never code. Any problem with the cache
falls back to parsing the packs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from promptguard.rules import Example, Rule, bundled_pack_files, load_packs, packs_fingerprint

_CACHE_VERSION = "1"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "promptguard"


def load_bundled_rules() -> list[Rule]:
    files = bundled_pack_files()
    if os.environ.get("PROMPTGUARD_NO_CACHE"):
        return load_packs(files)
    key = packs_fingerprint(files)
    path = cache_dir() / f"rules-{_CACHE_VERSION}-{key[:32]}.json"
    try:
        return [_rule_from_json(item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    rules = load_packs(files)
    _write(path, [dataclasses.asdict(rule) for rule in rules])
    return rules


_RULE_FIELDS = tuple(f.name for f in dataclasses.fields(Rule))


def _rule_from_json(item: dict[str, Any]) -> Rule:
    fields = {}
    for name in _RULE_FIELDS:
        value = item[name]
        if name == "examples":
            value = tuple(Example(e["text"], e["value"]) for e in value)
        elif isinstance(value, list):
            value = tuple(value)
        fields[name] = value
    return Rule(**fields)


def _write(path: Path, data: list[dict[str, Any]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
        # Caches of earlier pack versions are dead weight once packs change.
        for stale in path.parent.glob("rules-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home is fine: we just parse the packs next time
