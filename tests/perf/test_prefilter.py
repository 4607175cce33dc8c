"""Keyword hits: every occurrence of every keyword of a rule, ascending and unique."""

from __future__ import annotations

import random

from promptguard.prefilter import Prefilter
from promptguard.rules import Rule


def _rule(rule_id: str, keywords: tuple[str, ...]) -> Rule:
    return Rule(
        id=rule_id,
        description="",
        kind="secret",
        type="t",
        severity="low",
        regex="x",
        pack="p",
        source="test",
        examples=(),
        negative_examples=(),
        keywords=keywords,
    )


def test_hits_are_every_keyword_start_ascending() -> None:
    rules = [
        _rule("a", ("mot de passe", "pass", "pwd")),
        _rule("b", ("pass",)),
        _rule("c", ("ss", "pa")),
        _rule("d", ()),
    ]
    prefilter = Prefilter(rules)
    rng = random.Random(2)
    for _ in range(300):
        text = "".join(rng.choice(["mot de passe ", "pass", "pwd", "ss", "p", "a", " ", "\n"]) for _ in range(30))
        found = prefilter.hits(text)
        for index, rule in enumerate(rules):
            expected = sorted({i for k in rule.keywords for i in range(len(text)) if text.startswith(k, i)})
            assert found.get(index, []) == expected, (rule.id, text)
    assert prefilter.unanchored == (3,)
