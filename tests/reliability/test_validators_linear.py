"""Validators must not hang on long or adversarial values (they run on every candidate).

A validator's own regex can backtrack catastrophically just like a rule's; this runs
each one on long runs of digits, letters, separators and hex under an alarm.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from promptguard.validators import ValidatorContext, registry

PIECES = ("a", "1", "a1", "1.", "a-", "1-", "a.", "e2", "-", "_", ".", "v1.0-", "aA1", "1_", "/", "=", "@", ":", " ", "x1.", "0x")
ADVERSARIAL = [piece * (3000 // len(piece)) + tail for piece in PIECES for tail in ("", "!", "\n")]
ADVERSARIAL.append("v1.0-" + "e26de050e02d" * 30 + "-" + "07f2ede0aed7" * 20)


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def _raise(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", sorted(registry()))
def test_validator_is_linear(name: str) -> None:
    validator = registry()[name]
    for value in ADVERSARIAL:
        text = f"key = {value}\n"
        ctx = ValidatorContext(text, 6, 6 + len(value), None)
        try:
            with alarm(5):
                validator(value, ctx)
        except TimeoutError:
            pytest.fail(f"validator {name} hangs on {value[:30]!r}... ({len(value)} chars)")
