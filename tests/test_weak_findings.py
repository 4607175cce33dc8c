"""A made-up body in a vendor token's exact format is a weak finding, not a dropped one.

Rules anchored on a vendor prefix or name plus an exact length and charset use the
``random_body`` validator: a sequence-like body (``abcdef1234567890...``) is still
reported by ``promptguard scan`` (default threshold 0) but stays under the hooks'
threshold, and masks and placeholders are still rejected. Values are built at run time.
"""

from __future__ import annotations

import string

import pytest

from promptguard.config import Config
from promptguard.rules import bundled_pack_files, load_packs
from promptguard.scanner import Scanner
from promptguard.validators.generic import _FILLER_FACTOR

HOOK_THRESHOLD = Config().hook_min_confidence


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(Config(kinds=("secret",)), detectors=())


def test_filler_findings_stay_under_the_hook_threshold() -> None:
    rules = [r for r in load_packs(bundled_pack_files()) if "random_body" in r.validators]
    assert rules
    # Worst case: the rule's confidence, a checksum's 1.2 raise, then a context word's +0.15.
    assert max(r.confidence for r in rules) * 1.2 * _FILLER_FACTOR + 0.15 < HOOK_THRESHOLD


@pytest.mark.parametrize(
    "body",
    [
        string.ascii_lowercase + string.ascii_uppercase[:22],
        "1234567890abcdef" * 3,
    ],
)
def test_sequence_like_body_under_a_vendor_name_is_found_weakly(scanner: Scanner, body: str) -> None:
    found = [f for f in scanner.scan("RESTPACK_TOKEN=" + body) if f.rule_id == "restpack-api-key"]
    assert len(found) == 1
    assert 0 < found[0].confidence < HOOK_THRESHOLD


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("GOOGLE_API_KEY=AIza" + "Sy" + string.ascii_lowercase + "1234567", "google-api-key"),
        ("kubelet --tls-bootstrap-token abcdef." + "1234567890abcdef", "kubernetes-bootstrap-token"),
    ],
)
def test_sequence_like_body_under_a_prefix_is_found_weakly(scanner: Scanner, text: str, rule_id: str) -> None:
    found = [f for f in scanner.scan(text) if f.rule_id == rule_id]
    assert len(found) == 1
    assert 0 < found[0].confidence < HOOK_THRESHOLD


def test_random_body_under_a_vendor_name_keeps_full_confidence(scanner: Scanner) -> None:
    body = "vDDT8ojOOrgaPKBoAkASIHQ" + "SvsNkeeKSxi6TpAyqBgzVM3y7"
    found = [f for f in scanner.scan("RESTPACK_TOKEN=" + body) if f.rule_id == "restpack-api-key"]
    assert len(found) == 1 and found[0].confidence >= HOOK_THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "RESTPACK_TOKEN=" + "x" * 48,
        "RESTPACK_TOKEN=" + "a" * 48,
        "RESTPACK_TOKEN=" + "aaaaaaaaaa1111111111bbbbbbbbbb2222222222" + "cccccccc",
        "GOOGLE_API_KEY=AIza" + "Sy" + "X" * 33,
        "zerotier_token = " + "ab" * 16,
        "kubeadm join 10.0.0.1:6443 --token abcdef." + "0123456789abcdef",  # kubeadm's documented default
    ],
)
def test_masks_and_placeholders_are_still_rejected(scanner: Scanner, text: str) -> None:
    assert scanner.scan(text) == []
