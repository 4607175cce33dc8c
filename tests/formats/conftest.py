"""Shared set-up for report-format tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _rule_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rule-cache")


@pytest.fixture(autouse=True)
def _shared_rule_cache(_rule_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse the bundled packs once per session, not once per test (the cache is keyed by pack hash)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_rule_cache))
