"""Writing files so that a crash never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    with atomic_writer(path, mode=mode) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_writer(path: Path, *, mode: int | None = None) -> Iterator[TextIO]:
    """A text handle whose content replaces ``path`` only if the block completes.

    The temporary file is created beside ``path`` with ``mkstemp`` (O_EXCL, mode 0600)
    so it cannot be a pre-planted symlink; the final file keeps the existing file's
    permissions, or gets ``mode`` (default 0600) when new. Text can be written as it
    is produced (a long scan's report), so it need not be held in memory.
    """
    target = path
    try:
        keep = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        keep = mode if mode is not None else 0o600
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, keep)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
