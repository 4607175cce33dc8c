"""Malformed rule packs are one clear line naming file, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptguard.errors import RuleError
from promptguard.rules import load_pack, load_packs

GOOD = """[[rules]]
id = "acme-key"
description = "ACME key"
kind = "secret"
type = "acme_key"
severity = "high"
regex = '\\bacme_[0-9a-f]{8}\\b'
keywords = ["acme_"]
examples = ["acme_0123abcd", { text = "k=acme_0123abcd", value = "acme_0123abcd" }]
negative_examples = ["acme_xyz"]
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_good_pack_loads(tmp_path: Path) -> None:
    [rule] = load_pack(write(tmp_path, GOOD))
    assert rule.id == "acme-key" and rule.pack == "pack"
    assert rule.examples[1].value == "acme_0123abcd"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('severity = "high"', 'severity = "hgih"'),
            "rule 'acme-key': field 'severity': expected one of low, medium, high, critical, got 'hgih'",
        ),
        (('kind = "secret"', 'kind = "password"'), "rule 'acme-key': field 'kind': expected one of secret, pii"),
        (('type = "acme_key"', 'type = "Acme Key"'), "rule 'acme-key': field 'type': must be snake_case"),
        (('id = "acme-key"', 'id = "ACME"'), "rule 'ACME': field 'id': must be lower-case"),
        (('keywords = ["acme_"]', 'keywords = ["ACME_"]'), "field 'keywords': keywords must be non-empty and lower-case"),
        (('keywords = ["acme_"]', 'keywords = "acme_"'), "field 'keywords': expected list, got str"),
        (('keywords = ["acme_"]', 'keyword = ["acme_"]'), "field 'keyword': unknown field"),
        (('description = "ACME key"\n', ""), "field 'description': missing"),
        (('negative_examples = ["acme_xyz"]', "negative_examples = []"), "field 'negative_examples': at least one"),
        (("regex = '\\bacme_[0-9a-f]{8}\\b'", "regex = '(unclosed'"), "field 'regex': invalid regex"),
        (('value = "acme_0123abcd"', 'value = "nope"'), "field 'examples': 'value' does not occur in 'text'"),
        (('severity = "high"', "severity = 3"), "field 'severity': expected str, got int"),
    ],
)
def test_malformed_fields(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    assert change[0] in GOOD
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as info:
        load_pack(path, user=True)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rules]\nid=", "invalid TOML"),
        ("rules = 3", "'rules' must be an array of tables"),
        ("[other]\nx=1", "unknown top-level key 'other'"),
        ("[pack]\nowner='me'", "[pack] may only hold"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("[", r"\[")):
        load_pack(write(tmp_path, text))


def test_not_utf8_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(RuleError, match="not UTF-8"):
        load_pack(path)
    with pytest.raises(RuleError, match="cannot read rule pack"):
        load_pack(tmp_path / "missing.toml")


def test_duplicate_ids_across_packs(tmp_path: Path) -> None:
    a = write(tmp_path, GOOD, "a.toml")
    b = write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RuleError, match="id already defined in"):
        load_packs([a, b])
