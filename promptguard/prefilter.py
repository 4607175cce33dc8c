"""Keyword prefilter: find where each rule could possibly match, in one pass.

Every rule lists lower-case literals that occur in (or on the line of) each of its
matches. One Aho-Corasick automaton over all keywords finds their occurrences in a
single pass over the lower-cased text, so a rule's regex runs only in small windows
around those places instead of over the whole text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import ahocorasick


class Keyed(Protocol):
    """A rule, or a cached rule's metadata: all the prefilter reads is the keywords."""

    @property
    def keywords(self) -> tuple[str, ...]: ...


# str.lower() can change the length of a string (e.g. 'İ' lowers to two code points),
# which would shift every offset; fall back to lowering ASCII only in that case.
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def lower_same_length(text: str) -> str:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


class Prefilter:
    """Maps keyword occurrences to the rules that asked for them."""

    def __init__(self, rules: Sequence[Keyed]) -> None:
        owners: dict[str, list[int]] = {}
        for index, rule in enumerate(rules):
            for keyword in rule.keywords:
                owners.setdefault(keyword, []).append(index)
        self.unanchored = tuple(i for i, rule in enumerate(rules) if not rule.keywords)
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            automaton = ahocorasick.Automaton()
            for keyword, indices in owners.items():
                automaton.add_word(keyword, (len(keyword), tuple(indices)))
            automaton.make_automaton()
            self._automaton = automaton

    def hits(self, lowered: str) -> dict[int, list[int]]:
        """Rule index -> start offsets of its keywords in ``lowered`` (ascending)."""
        found: dict[int, list[int]] = {}
        if self._automaton is None or not lowered:
            return found
        for end, (length, indices) in self._automaton.iter(lowered):
            start = end - length + 1
            for index in indices:
                positions = found.get(index)
                if positions is None:
                    found[index] = [start]
                elif positions[-1] != start:
                    positions.append(start)
        return found
