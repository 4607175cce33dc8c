"""The library API contract (DESIGN.md): scan, scan_file, redact, Finding."""

from __future__ import annotations

from pathlib import Path

import promptguard
from promptguard.config import Config
from tests.conftest import aws_key_id


def test_scan_returns_exact_spans_in_text_order() -> None:
    key = aws_key_id()
    text = f"[default]\nregion = eu-west-1\naws_access_key_id = {key}\nowner: jane.doe@acme-corp.io\n"  # promptguard: allow
    findings = promptguard.scan(text, config=Config())
    assert findings == sorted(findings, key=lambda f: f.start)
    by_type = {f.type: f for f in findings}
    aws = by_type["aws_access_key_id"]
    assert text[aws.start : aws.end] == key == aws.value
    assert aws.kind == "secret" and aws.line == 3 and aws.column == 21
    for f in findings:
        assert text[f.start : f.end] == f.value


def test_scan_file_sets_path(tmp_path: Path) -> None:
    target = tmp_path / "cfg.ini"
    target.write_text(f"key={aws_key_id()}\n")
    [finding] = [f for f in promptguard.scan_file(target, config=Config()) if f.type == "aws_access_key_id"]
    assert finding.path == str(target)


def test_redact_contains_none_of_the_values() -> None:
    key = aws_key_id()
    text = f"export AWS_ACCESS_KEY_ID={key}\necho done\n"
    result = promptguard.redact(text, config=Config())
    assert key not in result.text
    assert result.text == "export AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\necho done\n"
    assert [f.value for f in result.findings] == [key]
    assert key not in repr(result)


def test_scanner_is_reusable() -> None:
    scanner = promptguard.Scanner(Config())
    assert scanner.scan("nothing here") == []
    assert len(scanner.scan(f"id {aws_key_id()}")) == 1
