"""Severity levels, lowest first, and their order for thresholds."""

from __future__ import annotations

SEVERITIES = ("low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    """Order severities so thresholds can compare them (unknown ranks lowest)."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        return -1
