"""Every bundled rule proves itself: its examples are found, its negatives are not."""

from __future__ import annotations

import pytest

from promptguard.config import Config
from promptguard.rules import Rule, bundled_pack_files, load_packs
from promptguard.ruletest import example_failures
from promptguard.scanner import _compile_rule, select_rules

ALL_RULES = load_packs(bundled_pack_files())


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    assert example_failures(rule) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_compiles_and_is_documented(rule: Rule) -> None:
    _compile_rule(rule)
    assert rule.description.strip()
    assert len(rule.examples) >= 1 and len(rule.negative_examples) >= 1


def test_rule_ids_are_unique_and_default_selection_loads() -> None:
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert {r.id for r in select_rules(Config())} <= set(ids)
