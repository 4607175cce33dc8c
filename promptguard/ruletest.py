"""Running a rule's own examples: the check behind ``promptguard rules test`` and the test suite."""

from __future__ import annotations

from promptguard.config import Config
from promptguard.rules import Rule
from promptguard.scanner import Scanner


def example_failures(rule: Rule) -> list[str]:
    """Why a rule's own examples fail (empty when they all pass). Examples are fake by contract, so messages quote them."""
    scanner = Scanner(Config(decode=False), rules=[rule], detectors=())
    problems = []
    for example in rule.examples:
        found = scanner.scan(example.text)
        values = [f.value for f in found]
        if not found:
            problems.append(f"example not found: {example.text!r}")
        elif example.value is not None and example.value not in values:
            problems.append(f"example reported {values!r}, expected {example.value!r}: {example.text!r}")
    for text in rule.negative_examples:
        found = scanner.scan(text)
        if found:
            problems.append(f"negative example matched {[f.value for f in found]!r}: {text!r}")
    return problems
