"""The engine: text in, findings out.

    prefilter (keyword hits) -> rule regexes in windows around the hits -> validators,
    entropy and context words -> decoded views (base64, URL, escapes) rescanned ->
    overlap resolution (one finding per value) -> allowlists -> Finding values

A ``Scanner`` is built once from the rule packs and reused; regexes are compiled the
first time a rule's keywords are seen, so a process that scans one short prompt pays
only for the rules that prompt can trigger.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from promptguard import decoders, placeholders
from promptguard.allowlist import Allowlist, suppressed_lines
from promptguard.config import Config
from promptguard.entropy import shannon_entropy
from promptguard.errors import RuleError
from promptguard.masking import mask
from promptguard.patterncache import DUPLICATE_SUFFIX, PatternCache, pattern_cache, static, stdlib_compile
from promptguard.prefilter import RUN_STARTS, Prefilter, lower_same_length, run_start_matches
from promptguard.rulecache import RuleMeta, RuleTable
from promptguard.rules import Rule
from promptguard.validators import ValidatorContext, registry

if TYPE_CHECKING:
    from promptguard.detectors import Detector
    from promptguard.finding import Finding
    from promptguard.hyperscan_prefilter import HyperscanPrefilter, Loader
    from promptguard.regex_shape import Shape

# How far around a keyword hit a single-line rule looks (bounded for huge lines).
_LINE_BACK = 1024
_LINE_AHEAD = 4096
# How far after a keyword hit a multi-line rule (PEM blocks) looks.
_MULTILINE_AHEAD = 65536
_MULTILINE_BACK = 256
# Decoded views are rescanned this many levels deep (base64 inside JSON escapes...).
_MAX_DECODE_DEPTH = 2
# Non-ASCII characters that case-insensitively match an ASCII letter.
_KEYWORD_FOLDS = "\u0130\u0131\u017f\u212a"
# Streaming: chunk size and the overlap that must exceed the longest possible match.
CHUNK_SIZE = 1 << 20
# With Hyperscan installed and no explicit choice, the prefilter is used for a text this
# long, and for every text once a scanner has scanned this much in all. Loading its
# database costs ~50 ms: a hook scanning one prompt would pay that for ~2 ms saved,
# a long-lived scanner or a big file earns it back many times.
ACCELERATE_MIN = 1 << 16
# Building a database that is not cached yet (after an install or a rule change) takes
# ~5 s, which halves the time of a scan only from about 10 MB on; until a scanner has
# scanned this much, "auto" uses a cached database but does not build one.
ACCELERATE_BUILD_MIN = 8 << 20
CHUNK_OVERLAP = _MULTILINE_AHEAD + _MULTILINE_BACK + 1024


class _Candidate(NamedTuple):
    rule: Rule
    start: int
    end: int
    confidence: float
    encoding: str | None = None


class _Compiled(NamedTuple):
    pattern: Any  # regex.Pattern[str]
    group: int | str | tuple[int, ...]
    allow: tuple[Any, ...]
    validators: tuple[Any, ...]
    context: Any | None
    negative_context: Any | None


def select_rules(config: Config) -> RuleTable:
    """Bundled plus user rules, filtered by the config's packs, kinds and rule lists.

    Chosen on each rule's metadata: cached rules are decoded only when used.
    """
    from promptguard.rulecache import RuleTable, load_bundled_table
    from promptguard.rules import load_packs

    table = load_bundled_table()
    if config.rules:
        table += RuleTable.of(load_packs((Path(p) for p in config.rules), user=True))
    chosen = []
    for index, rule in enumerate(table.meta):
        if config.packs and rule.pack not in config.packs and not rule.user:
            continue
        if rule.pack in config.disable_packs or rule.id in config.disable_rules:
            continue
        if rule.kind not in config.kinds:
            continue
        if not rule.enabled and rule.id not in config.enable_rules:
            continue
        chosen.append(index)
    return table.select(chosen)


class Scanner:
    """Compiled rule set. Thread-safe: per-rule compilation is idempotent."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        rules: Sequence[Rule] | None = None,
        detectors: Sequence[Detector] | None = None,
        accelerate: bool | None = None,
    ) -> None:
        self.config = config or Config()
        chosen = rules if rules is not None else select_rules(self.config)
        # A RuleTable decodes a cached rule only when a scan first needs it.
        self.rules: Sequence[Rule] = chosen if isinstance(chosen, RuleTable) else tuple(chosen)
        meta: Sequence[RuleMeta] | Sequence[Rule] = chosen.meta if isinstance(chosen, RuleTable) else self.rules
        self._by_id = {rule_id: index for index, rule_id in enumerate(item.id for item in meta)}
        self._prefilter = Prefilter(meta)
        self._compiled: dict[int, _Compiled] = {}
        self._patterns = pattern_cache()
        self._engine = os.environ.get("PROMPTGUARD_REGEX_ENGINE", "auto")
        # The optional Hyperscan prefilter (the ``fast`` extra). True: every text, building
        # its database if needed; False: never; None ("auto"): see ACCELERATE_MIN and
        # ACCELERATE_BUILD_MIN. The loader is created the first time a scan may use it.
        if accelerate is None:
            setting = os.environ.get("PROMPTGUARD_HYPERSCAN", "auto")
            accelerate = {"1": True, "0": False}.get(setting)
        self._accelerate = accelerate
        self._volume = 0  # characters scanned so far, for the "auto" choice (approximate under threads)
        self._hyperscan: Loader | None = None
        self._hyperscan_lock = threading.Lock()
        self._allowlist = Allowlist.from_config(self.config)
        if detectors is None and self.config.detectors:  # none by default: skip the import
            from promptguard.detectors.registry import load_detectors

            detectors = load_detectors(self.config)
        self.detectors: tuple[Detector, ...] = tuple(detectors or ())

    def rule(self, rule_id: str) -> Rule | None:
        index = self._by_id.get(rule_id)
        return None if index is None else self.rules[index]

    # -- public API -------------------------------------------------------------------

    def scan(self, text: str, *, path: str | None = None) -> list[Finding]:
        """All findings in ``text``, in text order."""
        self._volume += len(text)
        candidates = self._find(text, 0)
        candidates.extend(self._detect(text))
        return self._finish(text, self._choose(text, candidates), path, base_offset=0, base_line=1)

    def scan_file(self, path: str | Path) -> list[Finding]:
        """Scan a file (streamed in chunks, so size does not bound memory)."""
        from promptguard.source import open_text

        with open_text(Path(path)) as stream:
            return list(self.scan_stream(stream, path=str(path)))

    def scan_stream(self, stream: IO[str], *, path: str | None = None) -> Iterator[Finding]:
        """Scan text read from ``stream`` in overlapping chunks with bounded memory.

        Offsets, lines and columns are those of the whole stream. A value that straddles
        a chunk boundary is found once: each chunk reports only findings that start in
        the part of it the next chunk does not rescan.
        """
        carry = ""  # text already scanned that the next chunk rescans as context
        base = 0  # stream offset of carry[0]
        base_line = 1
        base_column = 0  # characters of carry[0]'s line that lie before carry[0]
        seen_until = 0  # findings starting before this offset were already reported
        while True:
            block = stream.read(CHUNK_SIZE)
            self._volume += len(block)
            text = carry + block
            last = not block
            if not text:
                return
            candidates = self._find(text, 0)
            candidates.extend(self._detect(text))
            keep_until = len(text) if last else max(len(text) - CHUNK_OVERLAP, 0)
            chosen = [
                c for c in self._choose(text, candidates) if seen_until <= base + c.start and (last or c.start < keep_until)
            ]
            yield from self._finish(text, chosen, path, base_offset=base, base_line=base_line, base_column=base_column)
            if last:
                return
            # Rescan from well before the cut so a value that began before it is seen
            # whole (and dropped as already reported), never as a truncated new match.
            seen_until = base + keep_until
            restart = max(0, keep_until - CHUNK_OVERLAP)
            base_line += text.count("\n", 0, restart)
            newline = text.rfind("\n", 0, restart)
            base_column = restart - newline - 1 if newline >= 0 else base_column + restart
            base += restart
            carry = text[restart:]

    # -- matching ---------------------------------------------------------------------

    def _find(self, text: str, depth: int) -> list[_Candidate]:
        text = _blank_own_placeholders(text)
        lowered = lower_same_length(text)
        accel = self._accelerator(len(text))
        ends = accel.ends(text) if accel is not None else None
        if ends is None:
            accel, ends = None, {}
        hits = self._prefilter.hits(lowered)
        found: list[_Candidate] = []
        # Letters that match an ASCII keyword letter only case-insensitively ('K' for
        # 'k'...) can hide a keyword from the prefilter; run-start anchoring trusts
        # every match to hold a hit, so it is skipped for such (rare) texts.
        folded = not text.isascii() and any(char in text for char in _KEYWORD_FOLDS)
        window_cache: dict[tuple[int, bool], list[tuple[int, int]]] = {}
        for index in (*self._prefilter.unanchored, *hits):
            rule = self.rules[index]
            positions = hits.get(index)
            shape = accel.shapes.get(index) if accel is not None else None
            # With Hyperscan, every match of an accelerated rule ends at one of ``rule_ends``.
            rule_ends = ends.get(index) if shape is not None else None
            if shape is not None and not rule_ends:
                continue
            if shape is not None and positions is None:
                regions = _regions(text, rule_ends or [], shape)
                found.extend(self._match_rule(index, rule, text, (), regions=regions, reach=shape.lookahead))
                continue
            # Rules sharing a keyword share its list of hits, and so their windows.
            key = (id(positions), rule.multiline)
            windows = window_cache.get(key)
            if windows is None:
                windows = window_cache[key] = _windows(text, positions, rule.multiline)
            if rule_ends is not None:
                windows = [w for w in windows if _has_end_in(rule_ends, w)]
            anchored = rule.id in RUN_STARTS and not rule.user and not folded
            anchors = (positions, RUN_STARTS[rule.id]) if anchored and positions is not None else None
            found.extend(self._match_rule(index, rule, text, windows, anchors=anchors))
        if self.config.decode and depth < _MAX_DECODE_DEPTH and len(text) >= 16:
            for view in decoders.views(text):
                for inner in self._find(view.text, depth + 1):
                    start, end = view.original_span(inner.start, inner.end)
                    found.append(_Candidate(inner.rule, start, end, inner.confidence, inner.encoding or view.encoding))
        return found

    def _accelerator(self, size: int = 0) -> HyperscanPrefilter | None:
        """The Hyperscan prefilter for a text of ``size`` characters, or None to scan without it."""
        if self._accelerate is False:
            return None
        loader = self._hyperscan
        if loader is not None and loader.done:
            return loader.prefilter
        auto = self._accelerate is None
        if auto and max(size, self._volume) < ACCELERATE_MIN:
            return None
        with self._hyperscan_lock:
            if self._hyperscan is None:
                from promptguard.hyperscan_prefilter import Loader

                self._hyperscan = Loader(self.rules)
            return self._hyperscan.get(build=not auto or self._volume >= ACCELERATE_BUILD_MIN)

    def _choose(self, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """The findings to report: overlaps resolved, then a second look beside glued values.

        A value glued to another (``pypi-...0000https://hooks.slack.com/...``) can hide
        its neighbour: the neighbour's match runs on into it and fails its boundary, or
        overlaps it and loses. Once the value is redacted the neighbour stands alone and
        is found, so redacting twice would change the text again. So around each chosen
        value that touches a word character, the text is scanned once more with the
        chosen values masked the way a placeholder masks them (same length, ``[`` and
        ``]`` at the edges), and a value found right against it is reported too.
        """
        kept = _resolve(candidates)
        glued = [c for c in kept if c.encoding is None and _touches_word(text, c)]
        if not glued:
            return kept
        masked = _mask_spans(text, kept)
        again: list[_Candidate] = []
        for cand in glued:
            lo, hi = max(0, cand.start - _GLUE_REACH), min(len(text), cand.end + _GLUE_REACH)
            for found in self._find(masked[lo:hi], 0):
                start, end = found.start + lo, found.end + lo
                if (end == cand.start or start == cand.end) and (start > lo or lo == 0) and (end < hi or hi == len(text)):
                    again.append(found._replace(start=start, end=end))
        again = [c for c in again if not _overlaps_any(c, kept)]
        return _resolve([*kept, *again]) if again else kept

    def _match_rule(
        self,
        index: int,
        rule: Rule,
        text: str,
        windows: Iterable[tuple[int, int]],
        *,
        regions: Sequence[tuple[int, int]] = (),
        reach: int | None = None,
        anchors: tuple[list[int], tuple[tuple[str, ...], str]] | None = None,
    ) -> Iterator[_Candidate]:
        compiled = self._compile(index)
        timeout = self.config.regex_timeout if rule.user else None
        if anchors is not None:
            matches = run_start_matches(compiled.pattern, text, windows, anchors[0], anchors[1])
        elif regions:
            matches = _region_matches(compiled.pattern, text, regions, reach, timeout)
        else:
            matches = _window_matches(compiled.pattern, text, windows, timeout)
        last_end = -1
        try:
            for match in matches:
                start, end = _value_span(match, compiled.group)
                if start < 0 or end <= start or start < last_end:
                    continue
                confidence = self._evaluate(rule, compiled, text, start, end)
                if confidence is not None:
                    last_end = end
                    yield _Candidate(rule, start, end, confidence)
        except TimeoutError:
            # A user regex that backtracks catastrophically is reported, not hung on.
            raise RuleError(
                f"{rule.source}: rule {rule.id!r}: field 'regex': timed out after "
                f"{self.config.regex_timeout:g}s (catastrophic backtracking?)"
            ) from None

    def _evaluate(self, rule: Rule, compiled: _Compiled, text: str, start: int, end: int) -> float | None:
        value = text[start:end]
        if rule.entropy is not None and shannon_entropy(value) < rule.entropy:
            return None
        if any(pattern.search(value) for pattern in compiled.allow):
            return None
        around = ""
        has_context = False
        if compiled.context is not None or compiled.negative_context is not None:
            lo, hi = max(0, start - rule.context_window), min(len(text), end + rule.context_window)
            around = text[lo:start] + " " + text[end:hi]
            has_context = compiled.context is not None and compiled.context.search(around) is not None
            if rule.context_required and not has_context:
                return None  # decided before the (often costly) validators run
        confidence = rule.confidence
        if compiled.validators:
            ctx = ValidatorContext(text, start, end, self.config.region)
            for validator in compiled.validators:
                factor = float(validator(value, ctx))
                if factor <= 0:
                    return None
                confidence *= factor
        if compiled.context is not None or compiled.negative_context is not None:
            if has_context:
                confidence += 0.15
            if compiled.negative_context is not None and compiled.negative_context.search(around):
                confidence -= 0.3
        confidence = min(confidence, 1.0)
        return confidence if confidence > 0 else None

    def _compile(self, index: int) -> _Compiled:
        compiled = self._compiled.get(index)
        if compiled is None:
            compiled = _compile_rule(self.rules[index], self._engine, self._patterns)
            self._compiled[index] = compiled
        return compiled

    def _detect(self, text: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        for detector in self.detectors:
            rule = _detector_rule(detector)
            for hit in detector.find(text):
                if 0 <= hit.start < hit.end <= len(text):
                    found.append(_Candidate(_with_type(rule, hit.type), hit.start, hit.end, hit.confidence))
        return found

    # -- reporting --------------------------------------------------------------------

    def _finish(
        self,
        text: str,
        chosen: Sequence[_Candidate],
        path: str | None,
        *,
        base_offset: int,
        base_line: int,
        base_column: int = 0,
    ) -> list[Finding]:
        if not chosen:
            return []
        if self._allowlist.skips_path(path):
            return []
        # Imported only once there is something to report: ``Finding`` is a dataclass
        # (a public contract), and a hook that finds nothing skips importing dataclasses.
        from promptguard.finding import Finding

        suppressed = suppressed_lines(text)
        findings: list[Finding] = []
        line = base_line
        counted_to = 0
        for cand in sorted(chosen, key=lambda c: (c.start, c.end)):
            if cand.confidence < self.config.min_confidence:
                continue
            value = text[cand.start : cand.end]
            line += text.count("\n", counted_to, cand.start)
            counted_to = cand.start
            rel_line = line - base_line + 1
            if rel_line in suppressed:
                continue
            if self._allowlist.allows(cand.rule, value):
                continue
            line_start = text.rfind("\n", 0, cand.start) + 1
            column = cand.start - line_start + 1 + (base_column if line_start == 0 else 0)
            inner_newlines = text.count("\n", cand.start, cand.end)
            if inner_newlines:
                end_column = cand.end - text.rfind("\n", cand.start, cand.end)
            else:
                end_column = column + (cand.end - cand.start)
            findings.append(
                Finding(
                    rule_id=cand.rule.id,
                    kind=cand.rule.kind,
                    type=cand.rule.type,
                    start=base_offset + cand.start,
                    end=base_offset + cand.end,
                    line=line,
                    column=column,
                    end_line=line + inner_newlines,
                    end_column=end_column,
                    severity=cand.rule.severity,
                    confidence=cand.confidence,
                    masked=mask(value),
                    path=path,
                    encoding=cand.encoding,
                    value=value,
                )
            )
        return findings


def _windows(text: str, positions: list[int] | None, multiline: bool) -> list[tuple[int, int]]:
    """Merged regions around keyword hits where a rule can match (whole text if unanchored)."""
    if positions is None:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    size = len(text)
    # End of the last window when it is a newline: a later hit before it lies on the
    # same line as an earlier one (no newline between them), so its window is already
    # inside the last one. Most hits share a line with another.
    line_end = -1
    for pos in positions:
        if pos < line_end:
            continue
        if multiline:
            start, end = max(0, pos - _MULTILINE_BACK), min(size, pos + _MULTILINE_AHEAD)
        else:
            floor = max(0, pos - _LINE_BACK)
            start = text.rfind("\n", floor, pos) + 1 or floor
            end = text.find("\n", pos, pos + _LINE_AHEAD)
            if end < 0:
                end = min(size, pos + _LINE_AHEAD)
        if windows and start <= windows[-1][1]:
            if end > windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
        last = windows[-1][1]
        line_end = last if not multiline and last < size and text[last] == "\n" else -1
    return windows


def _timeout(seconds: float | None) -> dict[str, float]:
    # Only user rules have a timeout, and they are always compiled with ``regex``;
    # stdlib ``re`` patterns take no such keyword.
    return {} if seconds is None else {"timeout": seconds}


def _window_matches(pattern: Any, text: str, windows: Iterable[tuple[int, int]], timeout: float | None) -> Iterator[Any]:
    for window_start, window_end in windows:
        yield from pattern.finditer(text, window_start, window_end, **_timeout(timeout))


def _has_end_in(ends: list[int], window: tuple[int, int]) -> bool:
    """Whether a candidate match end lies in (start, end] of the window."""
    i = bisect.bisect_right(ends, window[0])
    return i < len(ends) and ends[i] <= window[1]


def _regions(text: str, ends: Sequence[int], shape: Shape) -> list[tuple[int, int]]:
    """Merged [lo, hi) ranges that hold every possible start of a match.

    A match ending at ``e`` starts at most ``max_width`` before it and, if the pattern
    cannot consume a newline, on the same line. The bound only grows with ``e``, so
    the ranges come out sorted and merging is a single pass.
    """
    regions: list[list[int]] = []
    for end in ends:
        lo = end - shape.max_width if shape.max_width is not None else 0
        if shape.newline_free:
            lo = max(lo, text.rfind("\n", max(lo, 0), end) + 1)
        lo = max(lo, 0)
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = end
        else:
            regions.append([lo, end])
    return [(lo, hi) for lo, hi in regions]


def _region_matches(
    pattern: Any, text: str, regions: Sequence[tuple[int, int]], reach: int | None, timeout: float | None
) -> Iterator[Any]:
    """Exactly ``pattern.finditer(text)``, searching only where a match can start.

    Within a region the search may stop ``reach`` characters after its last possible
    match end: no match starting there reads further (``regex_shape`` computes how far
    its assertions look), so a shorter search cannot change what it finds.
    """
    size = len(text)
    pos = 0
    for lo, hi in regions:
        start = max(lo, pos)
        endpos = size if reach is None else min(size, hi + reach)
        while start < hi:
            match = pattern.search(text, start, endpos, **_timeout(timeout))
            if match is None or match.start() >= hi:
                break
            yield match
            pos = start = match.end()


def _resolve(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """One finding per value: among overlapping candidates the most specific wins.

    Specific means higher rule priority, then higher confidence, then the longer span
    (a whole PEM block beats a base64 run inside it).
    """
    ranked = sorted(
        set(candidates),
        key=lambda c: (-c.rule.priority, -c.confidence, -(c.end - c.start), c.start, c.rule.id),
    )
    starts: list[int] = []
    kept: list[_Candidate] = []  # parallel to starts, non-overlapping, sorted by start
    for cand in ranked:
        i = bisect.bisect_right(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return kept


# How far before and after a glued value the second look reaches (longer than any token).
_GLUE_REACH = 512


def _touches_word(text: str, cand: _Candidate) -> bool:
    """Whether a letter, digit, ``_`` or ``-`` sits right against the value on either side."""
    before = text[cand.start - 1] if cand.start > 0 else ""
    after = text[cand.end] if cand.end < len(text) else ""
    return any(char.isalnum() or char in "_-" for char in (before, after) if char)


def _overlaps_any(cand: _Candidate, kept: Sequence[_Candidate]) -> bool:
    return any(k.start < cand.end and cand.start < k.end for k in kept)


def _mask_spans(text: str, kept: Sequence[_Candidate]) -> str:
    """``text`` with each kept value masked like a placeholder: ``[``, blanks, ``]``; newlines stay."""
    parts: list[str] = []
    cursor = 0
    for cand in kept:  # sorted by start, non-overlapping
        value = text[cand.start : cand.end]
        blank = "".join("\n" if char == "\n" else " " for char in value)
        if len(blank) >= 2 and blank[0] != "\n" and blank[-1] != "\n":
            blank = "[" + blank[1:-1] + "]"
        parts += (text[cursor : cand.start], blank)
        cursor = cand.end
    parts.append(text[cursor:])
    return "".join(parts)


def _compile_rule(rule: Rule, engine: str = "auto", patterns: PatternCache | None = None) -> _Compiled:
    """Compile a rule's patterns.

    Bundled rules use the standard library's ``re`` whenever it accepts the pattern
    without warnings: it compiles about ten times faster than ``regex`` (compilation
    dominates a hook's short scan), its compiled form can be cached across processes
    (``patterns``, see ``promptguard/patterncache.py``), and it spares importing
    ``regex`` at all. Patterns that need ``regex`` fall back to it, as do user rules,
    which need its timeout. ``PROMPTGUARD_REGEX_ENGINE=regex`` forces ``regex``
    everywhere; a test checks both engines report identical findings.
    """
    use_stdlib = engine == "auto" and not rule.user
    stdlib = patterns.compile if patterns is not None else stdlib_compile

    def compile_one(pattern: str, field: str, flags: int = 0) -> Any:
        if use_stdlib:
            compiled = stdlib(pattern, flags)
            if compiled is not None:
                return compiled
        import regex

        try:
            return regex.compile(pattern, flags)
        except regex.error as exc:
            raise RuleError(f"{rule.source}: rule {rule.id!r}: field {field!r}: invalid regex: {exc}") from None

    pattern = compile_one(rule.regex, "regex")
    group: int | str | tuple[int, ...] = "value" if "value" in pattern.groupindex else 0
    # From the pattern cache, a regex with several 'value' groups comes renamed for re.
    renamed = sorted(i for name, i in pattern.groupindex.items() if name.startswith("value" + DUPLICATE_SUFFIX))
    if renamed:
        group = (pattern.groupindex["value"], *renamed)
    known = registry()
    validators = []
    for name in rule.validators:
        if name not in known:
            raise RuleError(f"{rule.source}: rule {rule.id!r}: field 'validators': unknown validator {name!r}")
        validators.append(known[name])
    return _Compiled(
        pattern=pattern,
        group=group,
        allow=tuple(compile_one(p, "allow") for p in rule.allow),
        validators=tuple(validators),
        context=_words(rule.context, compile_one, "context"),
        negative_context=_words(rule.negative_context, compile_one, "negative_context"),
    )


# promptguard's own placeholders: redact's [REDACTED:type] / [REDACTED:type:hash] and
# reversible redaction's [[TYPE_TAG]], in the form placeholders.PATTERN defines.
_OWN_PLACEHOLDER = static(rf"\[REDACTED:(?P<type>[a-z0-9_]{{1,64}})(?::[0-9a-f]{{12}})?\]|{placeholders.PATTERN.pattern}")


def _blank_own_placeholders(text: str) -> str:
    """``text`` with the type names inside promptguard's placeholders blanked out.

    A placeholder carries no secret, but its type name does carry keywords
    ('twilio_api_key'), so rescanning redacted text could let it trigger a rule on the
    text beside it, and redacting twice would not be idempotent. Same length, so every
    offset still points into the original text, from which values are taken.
    """
    if "[REDACTED:" not in text and "[[" not in text:
        return text
    return _OWN_PLACEHOLDER.sub(_blank_type, text)


def _blank_type(match: re.Match[str]) -> str:
    group = "type" if match.group("type") is not None else "label"
    start, end = match.span(group)
    whole = match.group(0)
    offset = match.start()
    return whole[: start - offset] + "_" * (end - start) + whole[end - offset :]


def _value_span(match: Any, group: int | str | tuple[int, ...]) -> tuple[int, int]:
    if not isinstance(group, tuple):
        span: tuple[int, int] = match.span(group)
        return span
    # Renamed duplicates of one group: regex reports the capture made last, which is
    # the highest-numbered group that took part (see regex_translate.rename_duplicate_groups).
    for index in reversed(group):
        span = match.span(index)
        if span[0] >= 0:
            return span
    return -1, -1


def rule_patterns(rule: Rule) -> list[tuple[str, int]]:
    """Every (pattern, flags) that compiling ``rule`` asks for: what the pattern cache stores."""
    found = [(rule.regex, 0), *((p, 0) for p in rule.allow)]
    found += [(_words_pattern(words), _IGNORECASE) for words in (rule.context, rule.negative_context) if words]
    return found


# re.IGNORECASE and regex.IGNORECASE are the same flag value.
_IGNORECASE = 2


def _words(words: Sequence[str], compile_one: Any, field: str) -> Any | None:
    return compile_one(_words_pattern(words), field, _IGNORECASE) if words else None


def _words_pattern(words: Sequence[str]) -> str:
    import re

    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return rf"(?<!\w)(?:{alternatives})(?!\w)"


def _detector_rule(detector: Detector) -> Rule:
    return Rule(
        id=detector.id,
        description=detector.description,
        kind=detector.kind,
        type=detector.id.replace("-", "_"),
        severity=detector.severity,
        regex="",
        pack="detectors",
        source=f"detector {detector.id}",
        examples=(),
        negative_examples=(),
        priority=30,
    )


def _with_type(rule: Rule, type_: str) -> Rule:
    return rule if rule.type == type_ else rule._replace(type=type_)


def fingerprint(rule_id: str, value: str) -> str:
    """Stable identity of a finding for baselines: never line numbers, never the raw value."""
    import hashlib  # baselines only: not on a hook's path

    return hashlib.sha256(f"{rule_id}\0{value}".encode()).hexdigest()
