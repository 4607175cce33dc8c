"""Named validators that rules refer to by name.

A validator takes the candidate value and a :class:`ValidatorContext` and returns a
confidence factor: ``0``/``False`` rejects the candidate, ``1``/``True`` keeps it as it
is, anything in between lowers the confidence and anything above raises it (the
result is capped at 1). Each submodule exposes a ``VALIDATORS`` mapping; the registry
merges them on first use so that importing promptguard stays cheap.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from typing import NamedTuple


class ValidatorContext(NamedTuple):
    """Where a candidate value was found, for validators that need more than the value."""

    text: str
    start: int
    end: int
    region: str | None = None


Validator = Callable[[str, ValidatorContext], "float | bool"]

# Submodules that contribute validators. Each must define ``VALIDATORS: dict[str, Validator]``.
_MODULES = ("checksums", "generic", "structure", "tokens", "vendors", "pii")


@functools.cache
def registry() -> Mapping[str, Validator]:
    """All validators by name (imported lazily, once)."""
    merged: dict[str, Validator] = {}
    for name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # an optional module that is not part of this build
            raise
        for key, func in module.VALIDATORS.items():
            if key in merged:
                raise RuntimeError(f"validator {key!r} is defined twice")
            merged[key] = func
    return merged
