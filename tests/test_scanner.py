"""The engine on a small, self-contained rule pack: spans, windows, overlaps, context, decoding, allowlists."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from promptguard import scanner as scanner_module
from promptguard.config import Config
from promptguard.errors import RuleError
from promptguard.rules import load_pack
from promptguard.scanner import Scanner

PACK = r"""
[[rules]]
id = "test-token"
description = "test token"
kind = "secret"
type = "test_token"
severity = "high"
priority = 70
regex = '\b(?P<value>tok_[a-z0-9]{12})\b'
keywords = ["tok_"]
examples = ["tok_abcdef123456"]
negative_examples = ["tok_short"]

[[rules]]
id = "test-assign"
description = "generic assignment"
kind = "secret"
type = "generic_secret"
severity = "medium"
priority = 10
regex = '(?i)secret\s*=\s*"(?P<value>[^"\n]{4,64})"'
keywords = ["secret"]
examples = ['secret = "abcd1234"']
negative_examples = ["secret = nothing"]

[[rules]]
id = "test-passport"
description = "passport number with context"
kind = "pii"
type = "passport"
severity = "high"
confidence = 0.5
regex = '\b(?P<value>[A-Z]{2}[0-9]{7})\b'
context = ["passport", "reisepass"]
context_required = true
negative_context = ["order"]
examples = ["passport: XY1234567"]  # promptguard: allow
negative_examples = ["ref XY1234567"]

[[rules]]
id = "test-block"
description = "multi-line block"
kind = "secret"
type = "test_block"
severity = "critical"
priority = 80
multiline = true
regex = '(?s)(?P<value>BEGIN SECRET\n.{1,200}?\nEND SECRET)'
keywords = ["begin secret"]
examples = ["BEGIN SECRET\nabc\nEND SECRET"]
negative_examples = ["BEGIN SECRET"]
"""


@pytest.fixture()
def scanner(tmp_path: Path) -> Scanner:
    pack = tmp_path / "test.toml"
    pack.write_text(PACK)
    return Scanner(Config(), rules=load_pack(pack), detectors=())


def values(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.value for f in findings]


def test_span_is_exactly_the_value(scanner: Scanner) -> None:
    text = 'config:\n  secret = "hunter2!x"\n'  # promptguard: allow
    [finding] = scanner.scan(text)
    assert text[finding.start : finding.end] == "hunter2!x" == finding.value
    assert (finding.line, finding.column) == (2, 13)
    assert (finding.end_line, finding.end_column) == (2, 22)


def test_offsets_are_code_points_even_after_non_ascii(scanner: Scanner) -> None:
    text = 'İstanbul 🚀 naïve — secret = "s3cr3t-value" and tok_abcdef123456'  # promptguard: allow
    found = scanner.scan(text)
    assert values(found) == ["s3cr3t-value", "tok_abcdef123456"]
    for f in found:
        assert text[f.start : f.end] == f.value


def test_more_specific_rule_wins_an_overlap(scanner: Scanner) -> None:
    text = 'secret = "tok_abcdef123456"'
    [finding] = scanner.scan(text)
    assert finding.rule_id == "test-token"


def test_keyword_must_be_near_the_value(scanner: Scanner) -> None:
    # The assignment rule runs only on lines holding its keyword.
    assert scanner.scan('password = "abcd1234"') == []


def test_context_required_and_negative_context(scanner: Scanner) -> None:
    assert scanner.scan("ref XY1234567 shipped") == []
    [plain] = scanner.scan("Passport number: XY1234567")  # promptguard: allow
    assert plain.confidence == pytest.approx(0.65)
    [lowered] = scanner.scan("Passport for order XY1234567")
    assert lowered.confidence == pytest.approx(0.35)


def test_multiline_rule(scanner: Scanner) -> None:
    text = "key:\nBEGIN SECRET\nline1\nline2\nEND SECRET\ntrailer"
    [finding] = scanner.scan(text)
    assert finding.value == "BEGIN SECRET\nline1\nline2\nEND SECRET"
    assert (finding.line, finding.end_line) == (2, 5)


def test_base64_view_reports_the_encoded_span(scanner: Scanner) -> None:
    encoded = base64.b64encode(b"token: tok_abcdef123456 (prod)").decode()
    text = f"data:\n  credentials: {encoded}\n"
    [finding] = scanner.scan(text)
    assert finding.encoding == "base64"
    assert finding.value == encoded
    assert finding.type == "test_token"


def test_escaped_view_maps_back_exactly(scanner: Scanner) -> None:
    document = json.dumps({"pem": "BEGIN SECRET\nabc\nEND SECRET"})
    [finding] = scanner.scan(document)
    assert finding.encoding == "escape"
    assert finding.value == "BEGIN SECRET\\nabc\\nEND SECRET"


def test_url_encoded_view(scanner: Scanner) -> None:
    text = "GET /cb?q=secret%20%3D%20%22abcd%2F1234%22 HTTP/1.1"
    [finding] = scanner.scan(text)
    assert finding.encoding == "url"
    assert finding.value == "abcd%2F1234"


def test_decoding_can_be_turned_off(tmp_path: Path) -> None:
    pack = tmp_path / "t.toml"
    pack.write_text(PACK)
    plain = Scanner(Config(decode=False), rules=load_pack(pack), detectors=())
    encoded = base64.b64encode(b"token: tok_abcdef123456 (prod)").decode()
    assert plain.scan(f"x = {encoded}") == []


@pytest.mark.parametrize(
    "line",
    [
        'secret = "abcd1234"  # promptguard: allow',
        'secret = "abcd1234"  # pragma: allowlist secret',
        'secret = "abcd1234"  // gitleaks:allow',
        'secret = "abcd1234"  # trufflehog:ignore',
        'secret = "abcd1234"  # kingfisher:ignore',
    ],
)
def test_inline_markers(scanner: Scanner, line: str) -> None:
    assert scanner.scan(line) == []


def test_next_line_and_block_markers(scanner: Scanner) -> None:
    text = (
        "# promptguard: allow-next-line\n"
        'secret = "first1234"\n'
        "# promptguard: allow-start\n"
        'secret = "second123"\n'
        "# promptguard: allow-end\n"
        'secret = "third1234"\n'
    )
    assert values(scanner.scan(text)) == ["third1234"]


def test_config_allowlists(tmp_path: Path) -> None:
    pack = tmp_path / "t.toml"
    pack.write_text(PACK)
    rules = load_pack(pack)
    text = 'secret = "abcd1234"\nsecret = "keep5678"\ntok_abcdef123456'
    import hashlib

    digest = hashlib.sha256(b"keep5678").hexdigest()
    config = Config(allow_values=("abcd1234", f"sha256:{digest}"), allow_patterns=("^tok_abc",))
    assert Scanner(config, rules=rules, detectors=()).scan(text) == []
    assert Scanner(Config(allow_paths=("docs/**",)), rules=rules, detectors=()).scan(text, path="docs/a.md") == []


def test_baseline_suppresses_by_rule_and_value(tmp_path: Path, scanner: Scanner) -> None:
    from promptguard.baseline import baseline_document

    text = 'secret = "abcd1234"\ntok_abcdef123456'
    first = scanner.scan(text)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(baseline_document(first[:1])))
    pack = tmp_path / "t.toml"
    pack.write_text(PACK)
    again = Scanner(Config(baseline=str(baseline)), rules=load_pack(pack), detectors=()).scan("\n\n" + text)
    assert values(again) == ["tok_abcdef123456"]
    assert "abcd1234" not in baseline.read_text()


def test_detect_secrets_baseline_is_honoured(tmp_path: Path) -> None:
    import hashlib

    pack = tmp_path / "t.toml"
    pack.write_text(PACK)
    baseline = tmp_path / ".secrets.baseline"
    hashed = hashlib.sha1(b"abcd1234").hexdigest()
    baseline.write_text(
        json.dumps(
            {"version": "1.5.0", "results": {"a.py": [{"type": "Secret Keyword", "hashed_secret": hashed, "line_number": 1}]}}
        )
    )
    found = Scanner(Config(baseline=str(baseline)), rules=load_pack(pack), detectors=()).scan('secret = "abcd1234"')
    assert found == []


def test_repr_and_str_never_show_the_value(scanner: Scanner) -> None:
    [finding] = scanner.scan("tok_abcdef123456")
    assert "tok_abcdef123456" not in repr(finding)
    assert "tok_abcdef123456" not in str(finding)
    assert "tok_abcdef123456" not in json.dumps(finding.to_dict())
    assert finding.to_dict(show_value=True)["value"] == "tok_abcdef123456"


def test_streaming_finds_values_across_chunk_boundaries_once(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(scanner_module, "CHUNK_SIZE", 50)
    monkeypatch.setattr(scanner_module, "CHUNK_OVERLAP", 40)
    pieces = []
    for i in range(40):
        pieces.append("filler text " * (i % 5) + f"tok_{i:012d}" + "\n" + f'secret = "value{i:04d}"\n')
    text = "".join(pieces)
    whole = scanner.scan(text)
    streamed = list(scanner.scan_stream(io.StringIO(text)))
    assert [(f.start, f.end, f.line, f.column, f.rule_id) for f in streamed] == [
        (f.start, f.end, f.line, f.column, f.rule_id) for f in whole
    ]
    assert len(whole) == 80


def test_unknown_validator_is_a_rule_error(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(PACK.replace('keywords = ["tok_"]', 'keywords = ["tok_"]\nvalidators = ["nope"]'))
    scanner = Scanner(Config(), rules=load_pack(pack), detectors=())
    with pytest.raises(RuleError, match="unknown validator 'nope'"):
        scanner.scan("tok_abcdef123456")


def test_user_regex_timeout_is_reported(tmp_path: Path) -> None:
    pack = tmp_path / "slow.toml"
    pack.write_text(
        "[[rules]]\nid='slow'\ndescription='d'\nkind='secret'\ntype='x'\nseverity='low'\n"
        "regex='(a|aa)+$'\nexamples=['a']\nnegative_examples=['b']\n"
    )
    scanner = Scanner(Config(regex_timeout=0.2), rules=load_pack(pack, user=True), detectors=())
    with pytest.raises(RuleError, match="timed out"):
        scanner.scan("a" * 60 + "!")


@pytest.mark.parametrize(
    "placeholder", ["[REDACTED:twilio_api_key]", "[REDACTED:twilio_api_key:0123456789ab]", "[[TWILIO_API_KEY_7F3A9C]]"]
)
def test_own_placeholders_are_not_keywords_for_the_text_beside_them(placeholder: str) -> None:
    # Found by hypothesis: the type name inside a placeholder ('twilio', 'key') made
    # the Twilio secret rule fire on the next 32 characters, so redacting twice
    # changed the text again.
    tail = ":0sk-ant-api03-" + "E0kaSN5rGuijdkWq" + "UXJ0acJGqjZmBnhR_zigXF34"
    scanner = Scanner(Config())
    assert scanner.scan(placeholder + tail) == []
    # The same words written by a person still count.
    findings = scanner.scan("twilio api key:" + tail[15:47])
    assert [f.rule_id for f in findings] == ["twilio-api-key-secret"]


def test_redaction_of_redacted_text_changes_nothing() -> None:
    from promptguard.redact import apply

    text = "SK" + "0000000100001111" + "22233aaaabbccdde" + ":0sk-ant-api03-" + "E0kaSN5rGuijdkWq" + "UXJ0acJGqjZmBnhR_zigXF34"
    scanner = Scanner(Config())
    once = apply(text, scanner.scan(text))
    assert once != text
    assert apply(once, scanner.scan(once)) == once


@pytest.mark.parametrize(
    ("token", "rule_id", "placeholder"),
    [
        ("pypi-AgEIcHlwaS5vcmc" + "0" * 50, "pypi-api-token", "[REDACTED:pypi_token]"),
        ("SG." + "0000000100000001000000" + "." + "00000001" * 5 + "000", "sendgrid-api-key", "[REDACTED:sendgrid_api_key]"),
    ],
)
def test_a_value_glued_to_another_is_reported_on_its_own(token: str, rule_id: str, placeholder: str) -> None:
    # Found by hypothesis: a token glued to a Slack webhook URL. The token's match ran
    # on into 'https' (and lost the overlap, or failed its boundary), so only the URL
    # was reported; once the URL was redacted the token stood alone and was found, so
    # redacting twice changed the text again.
    from promptguard.redact import apply

    url = "https://hooks.slack.com/services/" + "TY0CQ65ZT4W/BN6ISIGQ8JT/" + "gUe52RvEJgwBuNO6n9JEC3Hq"
    scanner = Scanner(Config())
    findings = scanner.scan(token + url)
    assert [(f.rule_id, f.value) for f in findings] == [(rule_id, token), ("slack-webhook-url", url)]
    once = apply(token + url, findings)
    assert once == placeholder + "[REDACTED:slack_webhook_url]"
    assert apply(once, scanner.scan(once)) == once
    # Apart, each is found as before.
    assert [f.value for f in scanner.scan(f"{token} {url}")] == [token, url]
