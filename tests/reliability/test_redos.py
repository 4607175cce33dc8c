"""Bundled rules must not backtrack catastrophically.

Each rule runs, with the regex module's timeout as a tripwire, on adversarial inputs:
its keywords followed by long runs of the characters its pattern accepts (letters,
digits, separators, whitespace, repeated keyword fragments). A pattern with nested or
overlapping quantifiers takes seconds to minutes on such input; a linear one takes
milliseconds. The timeout is a hang detector, not a speed target.
"""

from __future__ import annotations

import pytest

from promptguard.rules import Rule, bundled_pack_files, load_packs
from promptguard.scanner import _compile_rule

RULES = load_packs(bundled_pack_files())
RUN = 5000
FILLERS = (
    "a",
    "A",
    "0",
    "aA0",
    "-",
    "_",
    ".",
    " ",
    "\t",
    "=",
    "/+",
    "a-",
    "a.",
    "a ",
    "0:",
    "%41",
    "\\n",
    "x@",
    "a=b;",
    '"',
    "Ab1!",
)
TRIPWIRE_SECONDS = 2.0


def adversarial_inputs(rule: Rule) -> list[str]:
    keywords = rule.keywords or ("",)
    inputs = []
    for keyword in keywords[:3]:
        for filler in FILLERS:
            inputs.append(keyword + filler * (RUN // len(filler)) + "!")
            inputs.append((keyword + filler) * (RUN // (len(keyword) + len(filler))) + "\n")
        inputs.append((keyword + "\n") * 500)
    return inputs


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_linear_on_adversarial_input(rule: Rule) -> None:
    # The regex module's timeout is the tripwire; tests/perf/test_engines.py runs the
    # same inputs through the production engine choice (stdlib re where it applies).
    pattern = _compile_rule(rule, engine="regex").pattern
    for text in adversarial_inputs(rule):
        try:
            for _ in pattern.finditer(text, timeout=TRIPWIRE_SECONDS):
                pass
        except TimeoutError:
            pytest.fail(f"rule {rule.id} backtracks catastrophically on {text[:40]!r}... ({len(text)} chars)")
