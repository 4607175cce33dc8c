"""Keyword windows: skipping hits on an already-covered line must not change the windows."""

from __future__ import annotations

import random

from promptguard.scanner import _LINE_AHEAD, _LINE_BACK, _windows


def _reference(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The plain per-hit computation: the line around each hit, bounded, merged."""
    windows: list[tuple[int, int]] = []
    for pos in positions:
        floor = max(0, pos - _LINE_BACK)
        start = text.rfind("\n", floor, pos) + 1 or floor
        end = text.find("\n", pos, pos + _LINE_AHEAD)
        if end < 0:
            end = min(len(text), pos + _LINE_AHEAD)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def test_windows_equal_the_per_hit_computation() -> None:
    rng = random.Random(5)
    for _ in range(400):
        pieces = [rng.choice(["a", "b c", "\n", "x" * rng.randint(0, 5000), "key"]) for _ in range(rng.randint(1, 40))]
        text = "".join(pieces)
        if not text:
            continue
        positions = sorted(rng.sample(range(len(text)), min(len(text), rng.randint(1, 30))))
        assert _windows(text, positions, multiline=False) == _reference(text, positions)
    exact = "y" * _LINE_AHEAD + "\n" + "z" * 10  # a newline exactly where the look-ahead stops
    assert _windows(exact, [0, 5, _LINE_AHEAD - 1], multiline=False) == _reference(exact, [0, 5, _LINE_AHEAD - 1])
