"""The stdlib ``re`` fast path finds exactly what the ``regex`` module finds.

Bundled rules compile with ``re`` where it accepts them (much faster to compile);
this scans realistic corpora with both engines and requires identical findings, and
runs the adversarial ReDoS inputs through the production engine choice in a child
process with a deadline (``re`` has no timeout of its own).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.pii_corpus import documents as pii_documents
from benchmarks.secret_corpus import documents as secret_documents
from promptguard.config import Config
from promptguard.scanner import Scanner
from tests.conftest import REPO

PEER = REPO.parent / "shared" / "corpus" / "peer-examples.jsonl"


def _texts() -> list[str]:
    texts = [str(d["text"]) for d in secret_documents(seed=3, count=160)]
    texts += [str(d["text"]) for d in list(pii_documents())[::6]]
    if PEER.is_file():  # other scanners' rule examples, when the shared corpus is beside the repo
        rows = [line for line in PEER.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [json.loads(line)["text"] for line in rows[::4]]
    return texts


def _findings(scanner: Scanner, texts: list[str]) -> list[list[tuple[str, int, int, float]]]:
    return [[(f.rule_id, f.start, f.end, round(f.confidence, 6)) for f in scanner.scan(t)] for t in texts]


def test_stdlib_and_regex_engines_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    auto = Scanner(Config(), detectors=())
    monkeypatch.setenv("PROMPTGUARD_REGEX_ENGINE", "regex")
    forced = Scanner(Config(), detectors=())
    assert _findings(auto, texts) == _findings(forced, texts)


def test_production_engine_finishes_adversarial_inputs() -> None:
    code = (
        "from tests.reliability.test_redos import RULES, adversarial_inputs\n"
        "from promptguard.scanner import _compile_rule\n"
        "for rule in RULES:\n"
        "    pattern = _compile_rule(rule).pattern\n"
        "    for text in adversarial_inputs(rule):\n"
        "        for _ in pattern.finditer(text):\n"
        "            pass\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


def test_most_bundled_rules_take_the_fast_path() -> None:
    from promptguard.rules import bundled_pack_files, load_packs
    from promptguard.scanner import _compile_rule

    rules = load_packs(bundled_pack_files())
    stdlib = sum(1 for r in rules if type(_compile_rule(r).pattern).__module__ == "re")
    assert stdlib / len(rules) > 0.8, f"only {stdlib}/{len(rules)} rules compile with re"
