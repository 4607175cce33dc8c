"""The compiled-pattern cache rebuilds exactly what ``re`` (or ``regex``) would compile."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex

from promptguard import patterncache, regex_translate, rulecache
from promptguard.config import Config
from promptguard.patterncache import PatternCache, build, encode, stdlib_compile
from promptguard.regex_translate import regex_properties, translate_properties
from promptguard.rules import bundled_pack_files, load_packs
from promptguard.scanner import Scanner, _compile_rule, rule_patterns


def _cache(tmp_path: Path, patterns: list[tuple[str, int]]) -> PatternCache:
    path = tmp_path / "patterns.bin"
    path.write_bytes(encode(build(patterns, regex_properties())))
    return PatternCache(path)


def test_every_bundled_pattern_rebuilds_to_the_same_compiled_pattern(tmp_path: Path) -> None:
    rules = load_packs(bundled_pack_files())
    patterns = sorted({item for rule in rules for item in rule_patterns(rule)})
    cache = _cache(tmp_path, patterns)
    assert len(cache) == len(patterns)
    from_cache = 0
    for pattern, flags in patterns:
        direct = stdlib_compile(pattern, flags)
        cached = cache.compile(pattern, flags)
        if direct is not None:
            # Pattern objects compare equal only with the same text, flags and opcodes.
            assert cached == direct, pattern
            from_cache += 1
        elif cached is not None:
            assert cached.pattern == pattern
    assert from_cache > 0.9 * len(patterns)


def test_translated_property_classes_match_what_regex_matches(tmp_path: Path) -> None:
    names = [r for r in load_packs(bundled_pack_files()) if r.pack in ("names", "addresses")]
    cache = _cache(tmp_path, [(r.regex, 0) for r in names])
    translated = 0
    for rule in names:
        compiled = cache.compile(rule.regex)
        if compiled is None:
            continue  # still needs regex for another reason
        translated += 1
        assert type(compiled).__module__ == "re"
        reference = regex.compile(rule.regex)
        texts = [e.text for e in rule.examples] + list(rule.negative_examples)
        texts += ["Ünal Øberg lives at 12 Élise Street", "my name is Ærøy Ŀuçia", "Σωκράτης Παπαδόπουλος"]
        for text in texts:
            assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in reference.finditer(text)], rule.id
    assert translated >= len(names) // 2


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\p{Lu}x", "[A-Z]x"),
        (r"[\p{L}'-]+", "[A-Za-z'-]+"),
        (r"[]\p{L}]", "[]A-Za-z]"),
        (r"[^]\p{Lu}]", "[^]A-Z]"),
        (r"\\p{L}", r"\\p{L}"),  # an escaped backslash, then the letters p{L}
        (r"a\p{Lu}[\]]\p{Ll}", r"a[A-Z][\]][a-z]"),
    ],
)
def test_translate_properties(pattern: str, expected: str) -> None:
    bodies = {"L": "A-Za-z", "Lu": "A-Z", "Ll": "a-z"}
    assert translate_properties(pattern, bodies.get) == expected


@pytest.mark.parametrize("pattern", [r"\P{Lu}", r"\p{Greek}", r"[\p{L}"])
def test_untranslatable_patterns_stay_with_regex(pattern: str) -> None:
    bodies = {"L": "A-Za-z", "Lu": "A-Z", "Ll": "a-z"}
    assert translate_properties(pattern, bodies.get) is None


def test_a_damaged_or_missing_file_means_compiling_directly(tmp_path: Path) -> None:
    pattern = r"(?P<value>ghp_[A-Za-z0-9]{36})"
    good = encode(build([(pattern, 0)]))
    for content in (b"", b"not json\n", good[:-5], good.replace(b'"', b"'", 1), b"{}\n" + good):
        path = tmp_path / "damaged.bin"
        path.write_bytes(content)
        assert PatternCache(path).compile(pattern) == re.compile(pattern)
    assert PatternCache(tmp_path / "missing.bin").compile(pattern) == re.compile(pattern)
    assert PatternCache(None).compile(r"\p{L}") is None  # re rejects it; the caller falls back to regex


def test_an_entry_is_only_used_for_its_own_pattern(tmp_path: Path) -> None:
    import json

    first, second = r"abc\d+", r"xyz\w+"
    data = encode(build([(first, 0)]))
    header, _, entries = data.partition(b"\n")
    index = json.loads(header)
    # The index sends the second pattern to the first one's entry (as a digest
    # collision would): the stored key does not match, so it is not used.
    index[patterncache._digest(f"0:{second}")] = index.pop(patterncache._digest(f"0:{first}"))
    path = tmp_path / "collision.bin"
    path.write_bytes(json.dumps(index).encode() + b"\n" + entries)
    assert PatternCache(path).compile(second) == re.compile(second)
    path.write_bytes(data)
    assert PatternCache(path).compile(first) == re.compile(first)


def test_the_scanner_uses_the_cache_and_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Contact: Jane Doe, 742 Maple Avenue, Springfield, IL 62704, jane.doe@corp-mail.io"
    monkeypatch.setenv("PROMPTGUARD_NO_CACHE", "1")
    uncached = [(f.rule_id, f.start, f.end) for f in Scanner(Config()).scan(text)]
    monkeypatch.delenv("PROMPTGUARD_NO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rules = rulecache.load_bundled_rules()  # builds both caches in the empty directory
    assert rulecache.pattern_cache_path().is_file()
    cached_scanner = Scanner(Config(), rules=rules)
    assert [(f.rule_id, f.start, f.end) for f in cached_scanner.scan(text)] == uncached
    street = next(i for i, r in enumerate(cached_scanner.rules) if r.id == "street-address-us")
    assert type(cached_scanner._compile(street).pattern).__module__ == "re"  # translated, from the cache
    assert type(_compile_rule(cached_scanner.rules[street]).pattern).__module__ == "_regex"  # without it


def test_interpreter_key_names_the_file() -> None:
    assert patterncache.cache_path(Path("/x")).name == f"patterns-{patterncache.interpreter_key()}.bin"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a(?P<value>x)|b(?P<value>y)", r"a(?P<value>x)|b(?P<value__dup2>y)"),
        (r"(?P<value>x)(?P<other>z)(?P<value>w)", r"(?P<value>x)(?P<other>z)(?P<value__dup2>w)"),
        (r"[(?P<value>]\(?P<value>(?P<value>q)", r"[(?P<value>]\(?P<value>(?P<value>q)"),
        (r"[]()](?P<value>a)|(?P<value>b)", r"[]()](?P<value>a)|(?P<value__dup2>b)"),
    ],
)
def test_rename_duplicate_groups(pattern: str, expected: str) -> None:
    assert regex_translate.rename_duplicate_groups(pattern) == expected


@pytest.mark.parametrize("pattern", [r"(?P<v>x)|(?P<v>y)(?P=v)", r"(?P<v>x)|(?P<v>y)\g<v>", r"(?:(?P<v>x)|(?P<v>y))(?(v)a|b)"])
def test_patterns_referring_to_a_repeated_name_are_not_renamed(pattern: str) -> None:
    assert regex_translate.rename_duplicate_groups(pattern) is None


def test_references_to_other_groups_do_not_stop_renaming() -> None:
    pattern = r"(?P<q>['\"])(?P<value>\w+)(?P=q)|(?P<value>\d+)"
    assert regex_translate.rename_duplicate_groups(pattern) == r"(?P<q>['\"])(?P<value>\w+)(?P=q)|(?P<value__dup2>\d+)"
    assert regex_translate.rename_duplicate_groups(r"(?P<q>a)(?P=q)") == r"(?P<q>a)(?P=q)"


def test_renamed_duplicate_groups_report_the_span_regex_reports(tmp_path: Path) -> None:
    pattern = r"(?:key=(?P<value>\d+)|token:(?P<value>[a-z]+))(?:;(?P<value>[A-Z]+))?"
    rule = next(iter(load_packs(bundled_pack_files())))
    renamed = rule._replace(regex=pattern, allow=(), context=(), negative_context=(), validators=(), entropy=None)
    cache = _cache(tmp_path, [(pattern, 0)])
    via_re = _compile_rule(renamed, patterns=cache)
    via_regex = _compile_rule(renamed, engine="regex")
    assert type(via_re.pattern).__module__ == "re"
    from promptguard.scanner import _value_span

    for text in ("key=123", "token:abc", "key=9;XY", "token:q;Z", "nothing"):
        ours = [_value_span(m, via_re.group) for m in via_re.pattern.finditer(text)]
        theirs = [_value_span(m, via_regex.group) for m in via_regex.pattern.finditer(text)]
        assert ours == theirs, text


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"x(?<=ab|c)y", r"x(?:(?<=ab)|(?<=c))y"),
        (r"x(?<!ab|c)y", r"x(?:(?<!ab)(?<!c))y"),
        (r"(?<=\([ \t]{0,2}['])v", r"(?:(?<=\(['])|(?<=\([ \t]['])|(?<=\([ \t]{2}[']))v"),
        (r"(?<=;\s?)v", r"(?:(?<=;)|(?<=;\s))v"),
        (r"(?<=a\x27{1,2})v", r"(?:(?<=a\x27)|(?<=a\x27{2}))v"),
        (r"(?<=[(|])v|(?<=ab)w", r"(?<=[(|])v|(?<=ab)w"),  # already fixed-width: untouched
    ],
)
def test_expand_lookbehinds(pattern: str, expected: str) -> None:
    assert regex_translate.expand_lookbehinds(pattern) == expected


@pytest.mark.parametrize("pattern", [r"(?<=a+)v", r"(?<=(a|bc))v", r"(?<=a{0,40})v", r"(?<=a(?:b|cd)+)v"])
def test_lookbehinds_that_cannot_be_split_stay_with_regex(pattern: str) -> None:
    assert regex_translate.expand_lookbehinds(pattern) is None


def test_translated_rules_find_what_regex_finds(tmp_path: Path) -> None:
    """Every bundled rule that re takes only after translation matches like regex."""
    from benchmarks.pii_corpus import documents as pii_documents
    from benchmarks.secret_corpus import documents as secret_documents

    rules = [r for r in load_packs(bundled_pack_files()) if stdlib_compile(r.regex, 0) is None]
    cache = _cache(tmp_path, [(r.regex, 0) for r in rules])
    corpus = [str(d["text"]) for d in secret_documents(seed=11, count=150)]
    corpus += [str(d["text"]) for d in list(pii_documents())[::5]]
    translated = 0
    for rule in rules:
        if cache.compile(rule.regex) is None:
            continue
        translated += 1
        ours = _compile_rule(rule, patterns=cache)
        reference = _compile_rule(rule, engine="regex")
        texts = [e.text for e in rule.examples] + list(rule.negative_examples) + corpus
        from promptguard.scanner import _value_span

        for text in texts:
            mine = [_value_span(m, ours.group) for m in ours.pattern.finditer(text)]
            theirs = [_value_span(m, reference.group) for m in reference.pattern.finditer(text)]
            assert mine == theirs, (rule.id, text[:80])
    # All but the few with \G or unbounded look-behinds; before 3.11, ``re`` has no
    # atomic groups or possessive quantifiers, so rules using them stay with ``regex``.
    before_311 = [r for r in rules if sys.version_info < (3, 11) and ("(?>" in r.regex or re.search(r"[*+?}]\+", r.regex))]
    assert translated >= len(rules) - 4 - len(before_311)


def test_a_cache_built_in_this_process_is_used_by_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert len(patterncache.pattern_cache()) == 0  # read before the file exists
    rulecache.load_bundled_table()  # builds the rule and pattern caches
    assert len(patterncache.pattern_cache()) > 1000
