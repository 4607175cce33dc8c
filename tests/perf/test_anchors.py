"""Run-start anchoring (``prefilter.RUN_STARTS``) must never change findings.

The ``name = value`` rules are tried only at the start of the name around each
keyword hit instead of at every position of the line; every text here is scanned
with and without that shortcut and the findings must be identical.
"""

from __future__ import annotations

import random

import pytest

from benchmarks import corpus
from benchmarks.pii_corpus import documents as pii_documents
from benchmarks.secret_corpus import documents as secret_documents
from promptguard import scanner as scanner_module
from promptguard.config import Config
from promptguard.prefilter import RUN_STARTS
from promptguard.scanner import Scanner, select_rules
from tests.conftest import rule_example_texts

_ODDITIES = ["\u212a", "\u017f", "\u0130", "\u0131", "é", "\u0301", "_", ".", "-", "'", '"', "`", "(", " ", "\n", "=", ":"]


def _anchored_rules() -> list[str]:
    return [rule.id for rule in select_rules(Config()) if rule.id in RUN_STARTS]


def _texts() -> list[str]:
    examples = rule_example_texts()
    texts = list(examples)
    texts += [str(d["text"]) for d in secret_documents(seed=5, count=200)]
    texts += [str(d["text"]) for d in list(pii_documents())[::5]]
    texts.append(corpus.make_text(300_000, seed=17))
    rng = random.Random(7)
    for _ in range(300):  # mangled names: odd characters inside and around them
        chars = list(rng.choice(examples))
        for _ in range(rng.randint(1, 4)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(_ODDITIES))
        texts.append("".join(chars))
    texts.append("x" * 3000 + " api_key = 'k3vjmeKFj9480dOmRYDFMap9539jOqxXKFvrRTRNpG4'")  # promptguard: allow
    texts.append("a" * 200 + "_token = 'k3vjmeKFj9480dOmRYDFMap9539jOqxXKFvrRTRNpG4'")  # promptguard: allow
    return texts


def test_every_anchored_rule_exists() -> None:
    assert sorted(_anchored_rules()) == sorted(RUN_STARTS)


@pytest.mark.parametrize("engine", ["auto", "regex"])
def test_anchored_search_finds_what_the_plain_search_finds(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROMPTGUARD_REGEX_ENGINE", engine)
    rules = [rule for rule in select_rules(Config()) if rule.id in RUN_STARTS]
    texts = _texts()
    anchored = Scanner(Config(), rules=rules, detectors=())
    found = [anchored.scan(text) for text in texts]
    monkeypatch.setattr(scanner_module, "RUN_STARTS", {})
    plain = Scanner(Config(), rules=rules, detectors=())
    expected = [plain.scan(text) for text in texts]
    assert sum(map(len, expected)) > 100
    for text, got, want in zip(texts, found, expected, strict=True):
        assert got == want, text[:120]
