"""The Hyperscan prefilter (the ``fast`` extra) must never change findings, only their speed.

Every text is scanned twice with the full default rule set, once with the
accelerated prefilter and once without, and the findings must be identical. The
engine in the hyperscan wheels misses some matches of patterns with bounded gaps
(``test_hyperscan_reports_every_match`` records the smallest case); the relaxation
therefore turns every gap into an unbounded repeat, and
``test_relaxed_shape_sidesteps_the_miss`` checks that this finds the match the
library misses.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from promptguard import scanner as scanner_module
from promptguard.config import Config
from promptguard.regex_shape import shape
from promptguard.scanner import Scanner, select_rules
from tests.conftest import rule_example_texts

hyperscan = pytest.importorskip("hyperscan")

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hyperscan_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache directory (XDG_CACHE_HOME) where ``scanners`` builds the full rule set's database."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def scanners(hyperscan_cache: Path) -> Iterator[tuple[Scanner, Scanner]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(hyperscan_cache))
        rules = select_rules(Config())
        fast = Scanner(Config(), rules=rules, detectors=(), accelerate=True)
        plain = Scanner(Config(), rules=rules, detectors=(), accelerate=False)
        fast.scan("warm up")  # builds (and caches) the database inside the patched cache dir
        assert fast._accelerator() is not None
        yield fast, plain


def _same(scanners: tuple[Scanner, Scanner], text: str) -> None:
    fast, plain = scanners
    assert fast.scan(text) == plain.scan(text)


def test_rule_examples_one_by_one(scanners: tuple[Scanner, Scanner]) -> None:
    fast, plain = scanners
    for text in rule_example_texts():
        assert fast.scan(text) == plain.scan(text), text[:80]


def test_rule_examples_together(scanners: tuple[Scanner, Scanner]) -> None:
    _same(scanners, "\n".join(rule_example_texts()))
    _same(scanners, "\r\n".join(rule_example_texts()))


def test_mixed_corpus(scanners: tuple[Scanner, Scanner]) -> None:
    from benchmarks import corpus

    _same(scanners, corpus.make_text(150_000, seed=11))


def test_non_ascii_look_alikes(scanners: tuple[Scanner, Scanner]) -> None:
    """Characters that match ASCII letters case-insensitively, or count as spaces in one engine only."""
    rng = random.Random(3)
    oddities = ["\u212a", "\u017f", "\u0130", "\u0131", "\x1c", "\x1f", "é", "ß", "€", "😀", "\u00a0", "\u2003", "\r\n"]
    examples = rule_example_texts()
    for _ in range(150):
        pieces = []
        for _ in range(rng.randint(1, 4)):
            text = rng.choice(examples)
            chars = list(text)
            for _ in range(rng.randint(0, 3)):
                if chars:
                    chars[rng.randrange(len(chars))] = rng.choice(oddities)
            pieces.append("".join(chars))
        _same(scanners, rng.choice([" ", "\n", "\u2028", "; "]).join(pieces))


def test_shape_relaxes_assertions_and_refuses_what_it_cannot_read() -> None:
    relaxed = shape(r"(?<![A-Za-z0-9])(?P<value>AKIA[A-Z2-7]{16})(?![A-Za-z0-9])")
    assert relaxed is not None
    assert relaxed.max_width == 20 and relaxed.newline_free and relaxed.lookahead == 1
    assert shape(r"\bkey\s*=\s*(\w+)$") is not None
    assert shape(r"a*") is None  # can match the empty string
    assert shape(r"[[:alpha:]]+") is None  # POSIX class: the regex module reads it differently
    assert shape(r"(?:abc){e<=1}") is None  # fuzzy matching
    words = shape(r"(?i)\p{Lu}\p{Ll}+ Smith")
    assert words is not None and words.max_width is None
    # Both engines read a condition on a group alike; regex's DEFINE is its own.
    quoted = shape(r"(?P<q>[\"'])?secret(?(q)(?P=q)|)")
    assert quoted is not None and quoted.max_width == 8
    assert shape(r"(?(DEFINE)(?P<d>\d))x(?&d)") is None
    # Alternatives sharing a group name (regex allows it, re does not): names do not shape.
    shared = shape(r"key=(?P<value>\d{4})|token=(?P<value>[a-z]{6})")
    assert shared is not None and shared.max_width == 12


def test_relaxed_pattern_matches_whatever_the_rule_matches() -> None:
    """Spot check of the superset property with Hyperscan itself on rule examples."""
    import regex

    checked = 0
    for rule in select_rules(Config())[::7]:
        found = shape(rule.regex)
        if found is None or len(found.relaxed) > 800:
            continue
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(expressions=[found.relaxed.encode()], ids=[0], flags=[hyperscan.HS_FLAG_PREFILTER])
        pattern = regex.compile(rule.regex)
        for example in rule.examples:
            text = example.text
            if not text.isascii():
                continue
            ends: set[int] = set()
            database.scan(text.encode(), match_event_handler=lambda i, s, e, f, c, ends=ends: ends.add(e))
            for match in pattern.finditer(text):
                assert match.end() in ends, (rule.id, text[:60])
                checked += 1
    assert checked > 50


@pytest.mark.xfail(reason="the engine in the hyperscan 0.9.1 wheel (Vectorscan 5.4.12) drops this match", strict=False)
def test_hyperscan_reports_every_match() -> None:
    """Minimal reproduction of the miss that keeps the prefilter experimental.

    No flag is involved (not CASELESS, not PREFILTER) and the pattern is plain
    Hyperscan syntax, so it is not a translation bug on our side: a match of
    ``(?:datadog|dd).{0,32}key.{0,24}...`` that starts at offset 15 or later is not
    reported. The controls below (an earlier start, or 'dd' without the
    alternation) are; pyperscan 0.4.0's bundled engine reports this one too.
    """
    pattern = rb"(?:datadog|dd)[^\n]{0,32}key[^\n]{0,24}[0-9a-z]{32}"
    data = b" " * 15 + b"ddkey " + b"a" * 32
    assert _re_ends(pattern, data) == {53}
    assert _re_ends(pattern, data) <= _hyperscan_ends(pattern, data)


@pytest.mark.parametrize(
    ("pattern", "data"),
    [
        (rb"(?:datadog|dd)[^\n]{0,32}key[^\n]{0,24}[0-9a-z]{32}", b" " * 14 + b"ddkey " + b"a" * 32),
        (rb"dd[^\n]{0,32}key[^\n]{0,24}[0-9a-z]{32}", b" " * 15 + b"ddkey " + b"a" * 32),
    ],
)
def test_hyperscan_control_cases(pattern: bytes, data: bytes) -> None:
    expected = _re_ends(pattern, data)
    assert expected
    assert expected <= _hyperscan_ends(pattern, data)


def _re_ends(pattern: bytes, data: bytes) -> set[int]:
    import re

    return {m.end() for m in re.finditer(pattern, data)}


def _hyperscan_ends(pattern: bytes, data: bytes) -> set[int]:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[pattern], ids=[0], flags=[0])
    ends: set[int] = set()
    database.scan(data, match_event_handler=lambda i, s, e, f, c: ends.add(e))
    return ends


def test_relaxed_shape_sidesteps_the_miss() -> None:
    """The pattern of the reproduction, relaxed as the prefilter relaxes it, is found."""
    source = r"(?:datadog|dd)[^\n]{0,32}key[^\n]{0,24}[0-9a-z]{32}"
    relaxed = shape(source)
    assert relaxed is not None and "{0,32}" not in relaxed.relaxed and "{0,24}" not in relaxed.relaxed
    for pad in (0, 14, 15, 16, 100, 5000):
        data = b" " * pad + b"ddkey " + b"a" * 32
        assert _re_ends(source.encode(), data) <= _hyperscan_ends(relaxed.relaxed.encode(), data), pad


def test_exact_counts_stay_bounded_and_gaps_become_open() -> None:
    relaxed = shape(r"key\s{0,4}=\s*(?P<v>[A-Z0-9]{20})\b")
    assert relaxed is not None
    assert "{20,20}" in relaxed.relaxed and "{0,4}" not in relaxed.relaxed
    assert relaxed.max_width is None  # \s* is unbounded in the rule itself


def test_auto_mode_uses_the_cached_database_for_long_texts_only(
    scanners: tuple[Scanner, Scanner], hyperscan_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(hyperscan_cache))  # where ``scanners`` built it
    monkeypatch.delenv("PROMPTGUARD_HYPERSCAN", raising=False)
    rules = select_rules(Config())
    auto = Scanner(Config(), rules=rules, detectors=())
    auto.scan("token = 'short prompt'")
    assert auto._hyperscan is None  # a prompt never even looks for the database
    long_text = "password = hunter2 and some more words\n" * 2000
    assert auto.scan(long_text) == scanners[1].scan(long_text)
    assert auto._hyperscan is not None and auto._hyperscan.prefilter is not None
    # A long-lived scanner switches once it has scanned ACCELERATE_MIN characters in all.
    busy = Scanner(Config(), rules=rules, detectors=())
    prompt = "password = hunter2\n" * 1000
    while busy._volume + len(prompt) < scanner_module.ACCELERATE_MIN:
        busy.scan(prompt)
    assert busy._hyperscan is None
    busy.scan(prompt)
    assert busy._hyperscan is not None and busy._hyperscan.prefilter is not None
    monkeypatch.setenv("PROMPTGUARD_HYPERSCAN", "0")
    off = Scanner(Config(), rules=rules, detectors=())
    off.scan(long_text)
    assert off._hyperscan is None and off._accelerator(len(long_text)) is None


def test_auto_mode_builds_a_missing_database_only_after_enough_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Building takes seconds: "auto" does it only once a scanner has scanned enough to gain."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # no database cached yet
    monkeypatch.delenv("PROMPTGUARD_HYPERSCAN", raising=False)
    monkeypatch.setattr(scanner_module, "ACCELERATE_MIN", 100)
    monkeypatch.setattr(scanner_module, "ACCELERATE_BUILD_MIN", 1000)
    from promptguard import hyperscan_prefilter

    reads: list[Path] = []
    real_read = hyperscan_prefilter._read_cache

    def counted(base: Path, hs: object) -> object:
        reads.append(base)
        return real_read(base, hs)

    monkeypatch.setattr(hyperscan_prefilter, "_read_cache", counted)
    rules = [r for r in select_rules(Config()) if r.id.startswith(("aws-", "github-"))]
    auto = Scanner(Config(), rules=rules, detectors=())
    text = "aws_secret_access_key = placeholder and some words around it\n" * 3
    auto.scan(text)
    assert auto._hyperscan is not None and not auto._hyperscan.done  # looked in the cache only
    assert not list(tmp_path.rglob("hyperscan-*"))
    auto.scan(text)
    assert len(reads) == 1  # a miss is remembered until building is allowed
    while auto._volume < 1000:
        auto.scan(text)
    assert auto._hyperscan.done and auto._hyperscan.prefilter is not None
    assert list(tmp_path.rglob("hyperscan-*.db"))
    # The next scanner over the same rules finds it in the cache at once.
    again = Scanner(Config(), rules=rules, detectors=())
    again.scan(text)
    assert again._hyperscan is not None and again._hyperscan.prefilter is not None


def test_a_failed_hyperscan_scan_falls_back_to_the_plain_path(scanners: tuple[Scanner, Scanner]) -> None:
    fast, plain = scanners
    accel = fast._accelerator()
    assert accel is not None

    class Failing:
        def scan(self, *args: object, **kwargs: object) -> None:
            raise hyperscan.error("out of memory")

    text = "\n".join(rule_example_texts()[:200])
    expected = plain.scan(text)
    real = accel._database
    accel._database = Failing()
    try:
        assert accel.ends(text) is None
        assert fast.scan(text) == expected
    finally:
        accel._database = real


def test_no_cache_setting_builds_in_memory_and_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("PROMPTGUARD_NO_CACHE", "1")
    rules = [r for r in select_rules(Config()) if r.id.startswith("github-")]
    fast = Scanner(Config(), rules=rules, detectors=(), accelerate=True)
    plain = Scanner(Config(), rules=rules, detectors=(), accelerate=False)
    text = "\n".join(example.text for rule in rules for example in rule.examples)
    assert fast.scan(text) == plain.scan(text)
    assert fast._hyperscan is not None and fast._hyperscan.prefilter is not None
    assert not list(tmp_path.rglob("hyperscan-*"))
