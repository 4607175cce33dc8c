"""SARIF 2.1.0 output: valid against the published schema, GitHub's fields, no raw values."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from promptguard.config import Config
from promptguard.formats import sarif
from promptguard.scanner import Scanner
from tests.conftest import REPO, aws_key_id, run_cli

# The schema as published in oasis-tcs/sarif-spec (Schemata/sarif-schema-2.1.0.json), vendored
# so the test runs offline. Upstream puts an "anyOf" inside region's "properties", which the
# draft 2020-12 meta-schema rejects, so the validator is built without check_schema().
SCHEMA = json.loads((REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict[str, Any]) -> None:
    import jsonschema

    validator_class = jsonschema.validators.validator_for(SCHEMA)
    errors = sorted(validator_class(SCHEMA).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.fixture
def scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Scanner, list[Any]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "deploy config.py").write_text(f'KEY = "{aws_key_id()}"\nOTHER = "{aws_key_id()}"\n')
    (tmp_path / "notes.txt").write_text("mail jane.roe@corp-mail.net about it\n")  # promptguard: allow
    scanner = Scanner(Config())
    findings = [f for name in ("src/deploy config.py", "notes.txt") for f in scanner.scan_file(name)]
    assert findings
    return scanner, findings


def test_valid_against_the_sarif_schema(scanned: tuple[Scanner, list[Any]]) -> None:
    scanner, findings = scanned
    log = json.loads(sarif.render(findings, scanner.rules))
    validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == sarif.SCHEMA_URI


def test_no_raw_value_anywhere(scanned: tuple[Scanner, list[Any]]) -> None:
    scanner, findings = scanned
    text = sarif.render(findings, scanner.rules)
    for finding in findings:
        assert finding.value not in text
    assert "snippet" not in text


def test_github_fields(scanned: tuple[Scanner, list[Any]]) -> None:
    scanner, findings = scanned
    run = json.loads(sarif.render(findings, scanner.rules))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule_id for f in findings})
    for rule in rules:
        for field in ("shortDescription", "fullDescription", "help"):
            assert rule[field]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert 0.1 <= float(rule["properties"]["security-severity"]) <= 10.0
    aws = next(r for r in run["results"] if r["ruleId"] == "aws-access-key-id")
    location = aws["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/deploy%20config.py"
    assert location["region"] == {"startLine": 1, "startColumn": 8, "endLine": 1, "endColumn": 28}
    assert rules[aws["ruleIndex"]]["id"] == "aws-access-key-id"
    assert aws["level"] == "error"
    assert "AKIA************" in aws["message"]["text"]


def test_fingerprints_are_stable_and_distinct(scanned: tuple[Scanner, list[Any]], tmp_path: Path) -> None:
    scanner, findings = scanned

    def prints(items: list[Any]) -> list[str]:
        results = json.loads(sarif.render(items, scanner.rules))["runs"][0]["results"]
        return [r["partialFingerprints"]["primaryLocationLineHash"] for r in results if r["ruleId"] == "aws-access-key-id"]

    first = prints(findings)
    assert len(first) == 2 and first[0] != first[1]
    assert first[0].endswith(":1") and first[1].endswith(":2")
    assert first[0].split(":")[0] == first[1].split(":")[0]  # same rule and value
    # Lines moved: the identity of each finding does not change.
    path = tmp_path / "src" / "deploy config.py"
    path.write_text("# header\n\n" + path.read_text())
    assert prints(scanner.scan_file("src/deploy config.py")) == first


def test_detector_findings_get_a_descriptor(scanned: tuple[Scanner, list[Any]]) -> None:
    _, findings = scanned
    detected = dataclasses.replace(findings[0], rule_id="ner-person", kind="pii", type="person", severity="low")
    log = json.loads(sarif.render([detected], rules=[]))
    validate(log)
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "ner-person"
    assert rule["shortDescription"]["text"] == "person (pii)"
    assert rule["defaultConfiguration"]["level"] == "note"


def test_empty_report_is_valid() -> None:
    log = json.loads(sarif.render([], rules=[]))
    validate(log)
    assert log["runs"][0]["results"] == []


def test_cli_sarif_output(tmp_path: Path) -> None:
    (tmp_path / "app.env").write_text(f"AWS_ACCESS_KEY_ID={aws_key_id()}\n")
    result = run_cli("scan", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.env"
    assert aws_key_id() not in result.stdout + result.stderr


def test_the_schema_catches_mistakes() -> None:
    """Guard against a vacuous schema: broken logs must fail validation."""
    broken = json.loads(sarif.render([], rules=[]))
    del broken["runs"][0]["tool"]["driver"]["name"]
    with pytest.raises(AssertionError):
        validate(broken)
    with pytest.raises(AssertionError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]})
