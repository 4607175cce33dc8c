"""Where promptguard keeps its caches (rule packs, compiled patterns, Hyperscan databases)."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

# A cache file's content: memory-mapped, or read (empty files cannot be mapped).
Mapped = bytes | mmap.mmap


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "promptguard"


def caching_enabled() -> bool:
    """False when ``PROMPTGUARD_NO_CACHE`` is set: everything is parsed and compiled afresh."""
    return not os.environ.get("PROMPTGUARD_NO_CACHE")


def map_file(path: Path) -> Mapped:
    """The content of ``path``, memory-mapped where possible.

    A process that needs a few entries of a megabyte-sized cache then reads only the
    pages it touches. The mapping outlives the file descriptor, and a cache file
    replaced later (``os.replace``) leaves this process's view as it was.
    """
    with path.open("rb") as handle:
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # empty, or a file system that cannot map
            return handle.read()
