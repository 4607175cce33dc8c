"""Properties that must hold for any text (hypothesis).

- scan never raises;
- every finding's span lies inside the text and ``text[start:end] == finding.value``;
- redacted text contains no detected value, and redacting again changes nothing;
- scanning in chunks gives the same findings as scanning the whole text.
"""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.secret_corpus import GENERATORS, negative_lines
from promptguard import scanner as scanner_module
from promptguard.config import Config
from promptguard.redact import apply
from promptguard.scanner import Scanner

SCANNER = Scanner(Config(), detectors=())
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def secret_piece(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(sorted(GENERATORS)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    value = GENERATORS[kind](rng)
    prefix = draw(st.sampled_from(["", "key=", "password: ", 'token = "', "Authorization: Bearer ", " ", "\n", "export X="]))
    return prefix + value + draw(st.sampled_from(["", '"', "\n", " ", ";", ","]))


@st.composite
def filler(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    return draw(st.sampled_from(negative_lines(rng))) + draw(st.sampled_from(["\n", "\r\n", " ", ""]))


TEXTS = st.lists(st.one_of(st.text(max_size=80), secret_piece(), filler()), max_size=12).map("".join)


@PROFILE
@given(st.text(max_size=2000))
def test_scan_never_raises_on_arbitrary_text(text: str) -> None:
    for finding in SCANNER.scan(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.value


@PROFILE
@given(TEXTS)
def test_spans_are_exact(text: str) -> None:
    findings = SCANNER.scan(text)
    previous_end = -1
    for finding in findings:
        assert text[finding.start : finding.end] == finding.value
        assert finding.start >= previous_end, "findings overlap"
        previous_end = finding.end
        line_start = text.rfind("\n", 0, finding.start) + 1
        assert finding.line == text.count("\n", 0, finding.start) + 1
        assert finding.column == finding.start - line_start + 1


@PROFILE
@given(TEXTS)
def test_redaction_removes_values_and_is_idempotent(text: str) -> None:
    findings = SCANNER.scan(text)
    redacted = apply(text, findings)
    kept, cursor = [], 0
    for finding in findings:
        kept.append(text[cursor : finding.start])
        cursor = finding.end
    kept.append(text[cursor:])
    for finding in findings:
        # A value may survive only where the original text had another, unflagged copy of it.
        assert finding.value not in redacted or any(finding.value in part for part in kept)
    assert apply(redacted, SCANNER.scan(redacted)) == redacted


@PROFILE
@given(st.lists(st.one_of(secret_piece(), filler(), st.text(max_size=40)), min_size=20, max_size=60).map("".join))
def test_chunked_scan_equals_whole_scan(text: str) -> None:
    found = SCANNER.scan(text)
    # The contract holds for values shorter than the chunk overlap (66 KiB in production,
    # 600 characters here); concatenated pieces can form longer base64 runs.
    assume(all(f.end - f.start < 500 for f in found))
    whole = [(f.rule_id, f.start, f.end, f.line, f.column) for f in found]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scanner_module, "CHUNK_SIZE", 97)
        patch.setattr(scanner_module, "CHUNK_OVERLAP", 600)
        streamed = [(f.rule_id, f.start, f.end, f.line, f.column) for f in SCANNER.scan_stream(io.StringIO(text))]
    assert streamed == whole
