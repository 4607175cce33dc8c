"""Streaming scans find exactly what a whole-text scan finds, wherever the chunks fall.

``Scanner.scan_stream`` reads ``CHUNK_SIZE`` characters at a time and rescans
``CHUNK_OVERLAP`` characters of context around every cut. These tests shrink both so
that a short text has dozens of cuts, plant values so that every cut falls inside or
next to one, and require the streamed findings to equal the whole-text findings:
same values, same offsets, lines and columns, each reported once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from promptguard import scanner as scanner_module
from promptguard.config import Config
from promptguard.scanner import Scanner, select_rules
from tests.conftest import aws_key_id, pem_block

# Packs whose values are short, so a small overlap still holds every match whole.
_PACKS = {"aws", "github", "private_keys", "email", "financial", "jwt"}


@pytest.fixture(scope="module")
def scanner() -> Iterator[Scanner]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PROMPTGUARD_NO_CACHE", "1")  # never touch the developer's cache
        rules = [rule for rule in select_rules(Config()) if rule.pack in _PACKS]
        yield Scanner(Config(), rules=rules, detectors=())


def _github_pat(seed: int) -> str:
    import random
    import zlib

    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    body = "".join(random.Random(seed).choices(alphabet, k=30))
    crc, check = zlib.crc32(body.encode()), ""
    for _ in range(6):
        crc, rem = divmod(crc, 62)
        check = alphabet[rem] + check
    return "ghp_" + body + check


def _planted_text(count: int) -> str:
    """Filler lines with a value every few lines; CRLF and non-ASCII mixed in."""
    lines = []
    for i in range(count):
        lines.append(f"line {i}: the deploy token rotation ran, see ticket #{i * 7} — ok")
        kind = i % 5
        if kind == 0:
            lines.append(f"aws_access_key_id = {aws_key_id()}")
        elif kind == 1:
            lines.append(f"GITHUB_TOKEN={_github_pat(i)}\r")
        elif kind == 2:
            lines.append(f"mail jürgen.weiß{i}@acme-corp.io about it")
        elif kind == 3:
            lines.append("card 4111 1111 1111 1111 exp 12/29")  # promptguard: allow
        elif i % 20 == 4:
            lines.append(pem_block())
    return "\n".join(lines) + "\n"


def _stream(scanner: Scanner, text: str) -> list[object]:
    return list(scanner.scan_stream(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("chunk", "overlap"), [(257, 2048), (1000, 3000), (4096, 2500), (64, 2049)])
def test_stream_equals_whole_text(scanner: Scanner, monkeypatch: pytest.MonkeyPatch, chunk: int, overlap: int) -> None:
    text = _planted_text(120)
    whole = scanner.scan(text)
    assert len(whole) >= 70  # the planted values are found at all
    monkeypatch.setattr(scanner_module, "CHUNK_SIZE", chunk)
    monkeypatch.setattr(scanner_module, "CHUNK_OVERLAP", overlap)
    streamed = _stream(scanner, text)
    assert streamed == whole


def test_every_cut_inside_a_value(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shift the text one character at a time so a cut lands on each character of a key."""
    monkeypatch.setattr(scanner_module, "CHUNK_SIZE", 512)
    monkeypatch.setattr(scanner_module, "CHUNK_OVERLAP", 2048)
    value = aws_key_id()
    for shift in range(len(value) + 2):
        text = "x" * (4096 - 10 + shift) + f" id {value} end\n" + "tail line\n" * 300
        whole = scanner.scan(text)
        streamed = _stream(scanner, text)
        assert streamed == whole
        assert [text[f.start : f.end] for f in streamed] == [value]


def test_stream_of_empty_and_tiny_inputs(scanner: Scanner) -> None:
    assert _stream(scanner, "") == []
    assert _stream(scanner, "x") == []
    text = f"k={aws_key_id()}"
    assert _stream(scanner, text) == scanner.scan(text)


def test_line_numbers_survive_cuts(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanner_module, "CHUNK_SIZE", 300)
    monkeypatch.setattr(scanner_module, "CHUNK_OVERLAP", 2048)
    text = "".join(f"row {i}\r\n" if i % 50 else f"row {i} key {aws_key_id()}\r\n" for i in range(2000))
    streamed = _stream(scanner, text)
    assert [f.line for f in streamed] == [i + 1 for i in range(0, 2000, 50)]
    assert all(f.column == len(f"row {f.line - 1} key ") + 1 for f in streamed)
