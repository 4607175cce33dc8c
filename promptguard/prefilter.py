"""Keyword prefilter: find where each rule could possibly match, in one pass.

Every rule lists lower-case literals that occur in (or on the line of) each of its
matches. One Aho-Corasick automaton over all keywords finds their occurrences in a
single pass over the lower-cased text, so a rule's regex runs only in small windows
around those places instead of over the whole text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

import ahocorasick

from promptguard.patterncache import static


class Keyed(Protocol):
    """A rule, or a cached rule's metadata: all the prefilter reads is the keywords."""

    @property
    def keywords(self) -> tuple[str, ...]: ...


# str.lower() can change the length of a string (e.g. 'İ' lowers to two code points),
# which would shift every offset; fall back to lowering ASCII only in that case.
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}

# Rules whose every match starts at the first character of a run of one of these
# classes, with a keyword of the rule inside that run: ``name = value`` rules, whose
# name is a run of word characters, dots and dashes preceded by something else (a
# quote, a space, a bracket) and holds the keyword. Such a rule need only be tried at
# the start of the run around each keyword hit, instead of at every position of every
# line that holds a keyword (which made these three rules cost more than all provider
# rules together). The second item is what every match reads from that start: the
# name runs to the end of its run (no name character may follow it), then come an
# optional quote and ']', blanks, and an operator, a comma or, for ``setPassword(``, a
# parenthesis. One cheap match of it rules out most starts ('the token was...',
# 'keys.get(') before the costly rule regex. Proven identical to the plain search by
# tests/perf/test_anchors.py.
_NAME_THEN = r"""[\w.-]*(?:\\?["'`])?\]?[ \t]{0,8}"""
RUN_STARTS: dict[str, tuple[tuple[str, ...], str]] = {
    "generic-secret-assignment": ((r"[\w.-]",), _NAME_THEN + "[:=!?|<,]"),
    "generic-secret-literal": ((r"[\w.-]",), _NAME_THEN + "[:=!?|<]"),
    # ... plus ``setPassword("...")``: a word starting at a word boundary.
    "password-assignment": ((r"[\w.-]", r"\w"), _NAME_THEN + "[:=!?|<,(]"),
}
# How far back a run start is first looked for; longer runs are rare and looked up again.
_RUN_LOOKBACK = 128


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
        """Rule index -> start offsets of its keywords in ``lowered`` (ascending, unique)."""
        found: dict[int, list[int]] = {}
        if self._automaton is None or not lowered:
            return found
        # Occurrences are gathered per keyword first (the automaton hands back the
        # same value object for every occurrence of a keyword) and handed to the
        # keyword's rules once, instead of looping over the rules at every occurrence.
        per_keyword: dict[int, tuple[tuple[int, ...], list[int]]] = {}
        for end, value in self._automaton.iter(lowered):
            entry = per_keyword.get(id(value))
            if entry is None:
                per_keyword[id(value)] = (value[1], [end - value[0] + 1])
            else:
                entry[1].append(end - value[0] + 1)
        merged: set[int] = set()
        for indices, starts in per_keyword.values():
            for index in indices:
                positions = found.get(index)
                if positions is None:
                    found[index] = starts
                else:
                    # A rule with several keywords: occurrences of different keywords
                    # interleave (and one may lie inside another, 'pass' in 'mot de passe').
                    found[index] = positions + starts
                    merged.add(index)
        for index in merged:
            found[index] = sorted(set(found[index]))
        return found


def run_start_matches(
    pattern: Any,
    text: str,
    windows: Iterable[tuple[int, int]],
    hits: Sequence[int],
    spec: tuple[tuple[str, ...], str],
) -> Iterator[Any]:
    """Exactly ``pattern.finditer(text, *window)`` for each window, for a ``RUN_STARTS`` rule.

    Every match starts at the start of the run (of one of the classes in ``spec``)
    around one of the keyword ``hits`` and matches ``spec``'s follow pattern there, so
    trying ``pattern.match`` at those starts, in order and from the end of the
    previous match, finds what a search from every position finds. Helpers are
    compiled with the rule's own engine, so ``\\w`` means the same thing.
    """
    module = type(pattern).__module__
    run_patterns, follow_pattern = _helper_sources(spec)
    runs = [_compile_helper(module, p) for p in run_patterns]
    follows = _compile_helper(module, follow_pattern)
    i = 0
    for window_start, window_end in windows:
        starts: set[int] = set()
        while i < len(hits) and hits[i] < window_end:
            hit = hits[i]
            i += 1
            if hit < window_start:
                continue
            for run in runs:
                starts.add(_run_start(run, text, window_start, hit))
        pos = window_start
        for start in sorted(starts):
            if start < pos or follows.match(text, start, window_end) is None:
                continue
            match = pattern.match(text, start, window_end)
            if match is not None:
                yield match
                pos = max(match.end(), start + 1)


def _run_start(run: Any, text: str, floor: int, hit: int) -> int:
    """The first position at or after ``floor`` from which ``run`` reaches ``hit``."""
    lo = max(floor, hit - _RUN_LOOKBACK)
    start: int = run.search(text, lo, hit).start()
    if start == lo and lo > floor:
        start = run.search(text, floor, hit).start()
    return start


def _helper_sources(spec: tuple[tuple[str, ...], str]) -> tuple[list[str], str]:
    """The helper patterns of a ``RUN_STARTS`` spec: one "run up to here" per class, the follow."""
    return [cls + "*\\Z" for cls in spec[0]], spec[1]


def helper_patterns() -> list[tuple[str, int]]:
    """Every helper pattern ``run_start_matches`` compiles, for the pattern cache's builder."""
    out: list[tuple[str, int]] = []
    for spec in RUN_STARTS.values():
        runs, follow = _helper_sources(spec)
        out += [(p, 0) for p in (*runs, follow)]
    return out


@functools.cache
def _compile_helper(module: str, pattern: str) -> Any:
    """``pattern`` compiled by the engine (``re`` or ``regex``) that compiled the rule."""
    if module == "re":
        return static(pattern)
    import regex

    return regex.compile(pattern)
