"""TOML parsing, with the parser imported only when a TOML file is actually read.

A hook run in a directory without a config file reads no TOML at all (bundled rules
come from the rule cache), so importing ``tomllib`` up front would be wasted start-up.
"""

from __future__ import annotations

import sys
from typing import Any


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; a syntax error is a ``ValueError`` (``TOMLDecodeError``) naming line and column."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(text)
    return data
