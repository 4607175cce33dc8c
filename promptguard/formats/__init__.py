"""Report formats: each module renders findings into one output format."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | None) -> str:
    """A path relative to the working directory when it lies below it (stable in reports).

    Control characters (a newline in a file name) are escaped so one finding stays one line.
    """
    if path is None:
        return "<stdin>"
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = ".."
    shown = path if rel.startswith("..") else Path(rel).as_posix()
    if shown.isprintable():
        return shown
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
