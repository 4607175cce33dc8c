"""The peer-coverage benchmark's own logic: its review tables, masking and overrun check.

Token-like values are built at run time so this file does not look like it holds secrets.
"""

from __future__ import annotations

import json
import random
import re
import string
from pathlib import Path

import pytest

from benchmarks import peer_coverage
from promptguard.finding import mask


def test_review_tables_compile_and_give_reasons() -> None:
    for reason, providers, pattern in peer_coverage.NOT_CREDENTIALS:
        assert reason.strip() and providers.strip()
        re.compile(pattern)
    for peer_rule, our_rule, pattern, verdict in peer_coverage.NO_MATCH_REVIEW:
        assert peer_rule and our_rule
        assert verdict.split(":", 1)[0] in {"credential", "weak", "false alarm"}
        if pattern:
            re.compile(pattern)


def test_masked_text_hides_every_token_like_run() -> None:
    value = "".join(string.ascii_letters[(i * 7) % 52] for i in range(40))
    printed = peer_coverage._masked_text(f"export TOKEN={value}\nnext", mask)
    assert not any(value[i : i + 6] in printed for i in range(len(value) - 5))
    assert printed.endswith("\\nnext")


def test_a_row_holding_a_secret_next_to_a_client_id_is_not_set_aside() -> None:
    client_id = "1234-" + "a" * 8 + ".apps.googleusercontent.com"
    rows = {
        f"CLIENT_ID = '{client_id}'": True,
        f"CLIENT_ID = '{client_id}'\nCLIENT_SECRET = 'GOCSPX-" + "Zq8" * 9 + "'": False,
    }
    for text, excluded in rows.items():
        hit = any(
            ("*" in providers or "google" in providers.split()) and re.search(pattern, text)
            for _, providers, pattern in peer_coverage.NOT_CREDENTIALS
        )
        assert hit is excluded, text


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "peer-rules.jsonl"
    rule = {"source": "kingfisher", "rule_id": "kingfisher.toy.1", "pattern": r"(?i)\btoy\b.{0,8}?\b([0-9a-z]{8})"}
    path.write_text(json.dumps(rule) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "overruns"), [("k3v9x2m7", False), ("k3v9x2m7q1", True)])
def test_overrun_check_flags_values_longer_than_the_peers_own_pattern(rules_file: Path, value: str, overruns: bool) -> None:
    check = peer_coverage._peer_pattern_overrun(rules_file)
    row = {"text": f"toy KEY {value}", "occurrences": [{"source": "kingfisher", "rule_id": "kingfisher.toy.1"}]}
    assert (check(row) == "kingfisher.toy.1") is overruns


def _random_token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))


def test_invented_body_pattern_matches_typed_bodies_and_spares_generated_ones() -> None:
    typed = [
        string.ascii_lowercase[:20] + string.digits,
        "1234567890" * 4,
        "".join(f"{c}{i}" for i, c in enumerate("abcdefgh", start=1)),  # a1b2c3... interleaved
        "abcdef" * 6,
        "qwertyuiop" + string.digits,
        "123e4567-e89b-12d3-a456-426614174000",
    ]
    for body in typed:
        assert peer_coverage.INVENTED_BODY.search(body), body
    rng = random.Random(20261203)
    assert not any(peer_coverage.INVENTED_BODY.search(_random_token(rng, 48)) for _ in range(2000))


def test_invented_body_is_judged_on_the_value_the_peer_rule_captures(tmp_path: Path) -> None:
    path = tmp_path / "peer-rules.jsonl"
    rule = {"source": "kingfisher", "rule_id": "kingfisher.toy.2", "pattern": r"--user \S+?:(\S+)"}
    path.write_text(json.dumps(rule) + "\n", encoding="utf-8")
    check = peer_coverage._peer_value_invented(path)
    occurrences = [{"source": "kingfisher", "rule_id": "kingfisher.toy.2"}]
    password = _random_token(random.Random(5), 12)
    stock_host_id = "?host_id=" + string.ascii_lowercase[:7]
    assert not check(
        {"text": f"curl --user a@b.example:{password} https://h.example/x{stock_host_id}", "occurrences": occurrences}
    )
    assert check(
        {"text": f"curl --user a@b.example:{string.ascii_lowercase[:12]} https://h.example/", "occurrences": occurrences}
    )
