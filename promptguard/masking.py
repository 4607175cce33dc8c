"""The masked display form of a sensitive value, used by every report."""

from __future__ import annotations


def mask(value: str) -> str:
    """A display form that identifies a value without revealing it.

    Keeps a short prefix only when the value is long enough that the prefix carries
    no real secret (token prefixes such as ``AKIA`` or ``ghp_`` help users recognise
    what leaked); short values such as passwords are fully hidden. The result is a
    single line whatever the value holds.
    """
    length = len(value)
    keep = 4 if length >= 20 else 2 if length >= 12 else 0
    shown = value[:keep]
    if not shown.isprintable():
        shown = ""
    return shown + "*" * max(4, min(length - len(shown), 12))
