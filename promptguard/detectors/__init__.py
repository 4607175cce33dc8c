"""Detectors: finders that are code rather than a regex rule (an optional NER model,
detect-secrets' plugins). The scanner runs the detectors named in config next to the
rule packs and treats their hits like rule matches (allowlists, overlap resolution).

A detector module exposes ``DETECTOR: Detector``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class DetectorHit:
    """One value a detector found: ``text[start:end]`` is exactly the sensitive value."""

    start: int
    end: int
    type: str  # e.g. "person", "street_address", "aws_secret_access_key"
    confidence: float = 0.7


@dataclass(frozen=True)
class Detector:
    """A named finder and the rule metadata its hits are reported under."""

    id: str  # used as the findings' rule_id, e.g. "ner-person"
    kind: str  # "secret" | "pii"
    severity: str
    description: str
    find: Callable[[str], Sequence[DetectorHit]]
