"""The parsed-rule cache: reused when packs are unchanged, replaced when they change."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptguard import rulecache
from promptguard.rules import bundled_pack_files, load_packs


def test_cache_round_trips_and_replaces_stale_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stale = tmp_path / "promptguard" / "rules-1-stale.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("[]")
    first = rulecache.load_bundled_rules()
    cached = list((tmp_path / "promptguard").glob("rules-*.json"))
    assert len(cached) == 1 and cached[0] != stale
    assert rulecache.load_bundled_rules() == first == load_packs(bundled_pack_files())
