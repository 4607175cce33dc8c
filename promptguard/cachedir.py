"""Where promptguard keeps its caches (rule packs, compiled patterns, Hyperscan databases)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "promptguard"


def caching_enabled() -> bool:
    """False when ``PROMPTGUARD_NO_CACHE`` is set: everything is parsed and compiled afresh."""
    return not os.environ.get("PROMPTGUARD_NO_CACHE")
