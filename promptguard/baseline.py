"""Baselines: findings a team has reviewed and accepted.

promptguard's own baseline keys each accepted finding by a hash of its rule and value,
never by line number, so a baseline does not conflict on merges or go stale when code
moves. A detect-secrets ``.secrets.baseline`` is read too: its ``hashed_secret``
(SHA-1 of the value) allowlists the same value here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from promptguard.errors import ConfigError
from promptguard.finding import Finding

FORMAT = "promptguard-baseline"
VERSION = 1


@dataclass(frozen=True)
class KnownFindings:
    fingerprints: frozenset[str]
    value_hashes: frozenset[str]


def load_any_baseline(path: str | Path) -> KnownFindings:
    """Read a promptguard or detect-secrets baseline."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: baseline file not found") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{file}: baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: baseline must be a JSON object")
    if data.get("format") == FORMAT:
        entries = data.get("findings", [])
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
        ):
            raise ConfigError(f"{file}: 'findings' must be a list of objects with a 'fingerprint'")
        return KnownFindings(frozenset(e["fingerprint"] for e in entries), frozenset())
    results = data.get("results")
    if isinstance(results, dict):  # detect-secrets
        hashes = {
            item["hashed_secret"]
            for items in results.values()
            if isinstance(items, list)
            for item in items
            if isinstance(item, dict) and isinstance(item.get("hashed_secret"), str)
        }
        return KnownFindings(frozenset(), frozenset(hashes))
    raise ConfigError(f"{file}: not a promptguard or detect-secrets baseline")


def baseline_document(findings: Iterable[Finding], previous: dict[str, dict[str, object]] | None = None) -> dict[str, object]:
    """The JSON document for a baseline of ``findings`` (merged with ``previous`` entries)."""
    from promptguard.scanner import fingerprint

    entries: dict[str, dict[str, object]] = dict(previous or {})
    for finding in findings:
        key = fingerprint(finding.rule_id, finding.value)
        entries.setdefault(key, {"fingerprint": key, "rule_id": finding.rule_id, "path": finding.path, "masked": finding.masked})
    return {
        "format": FORMAT,
        "version": VERSION,
        "findings": sorted(entries.values(), key=lambda e: (str(e.get("path")), str(e["rule_id"]), str(e["fingerprint"]))),
    }


def read_entries(path: Path) -> dict[str, dict[str, object]]:
    """Existing entries of a promptguard baseline, by fingerprint (empty if absent)."""
    if not path.exists():
        return {}
    load_any_baseline(path)  # validates
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a promptguard baseline (detect-secrets baselines are read-only here)")
    return {str(e["fingerprint"]): e for e in data["findings"]}
