"""Optional accelerated prefilter: the rules' relaxed patterns in one Hyperscan database.

Installed with ``pip install 'promptguard[fast]'`` (the ``hyperscan`` wheel, which
bundles Vectorscan). When the scanner uses it, and when it builds a database that is
not cached yet, is decided in ``scanner`` (``ACCELERATE_MIN``, ``ACCELERATE_BUILD_MIN``);
``Scanner(accelerate=True/False)`` or ``PROMPTGUARD_HYPERSCAN=1/0`` force it on or off.

One pass over the text reports, for every accelerated rule, the offsets where a match
of its relaxed pattern (``promptguard.regex_shape``) ends. Every real match ends at one
of them, so the scanner skips rules with none and runs the others only near them:
findings are identical with and without this module (a test checks it), only faster.
Without the wheel nothing changes.

Hyperscan scans bytes; the text is handed over as one byte per character (non-ASCII
characters as ``?``, see ``regex_shape.FOLDS``), so offsets need no translation. The
compiled database and the rule shapes are cached on disk, keyed by the rule patterns
and the library version, so only the first run after a rule change pays to build them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from promptguard.cachedir import cache_dir, caching_enabled
from promptguard.regex_shape import FOLDS, Shape, shape
from promptguard.rules import Rule

# Rules whose relaxation is longer than this run unaccelerated, exactly as before. Long
# relaxations (name and address word lists, the generic assignment rules) make the
# database slower to build (~5 s instead of ~1.6 s, once per rule change) but let the
# pass rule those costly rules out: on the benchmark corpus 10,000 accelerates all but
# one rule and halves scan time against 800, where ~45% ran unaccelerated.
MAX_RELAXED = 10000
_CACHE_VERSION = "2"  # 2: gaps relaxed to unbounded repeats (see regex_shape)
_FOLD_TABLE = {code: letter for code, letter in FOLDS.items()}


class HyperscanPrefilter:
    """Candidate match ends per rule index, for the rules in ``shapes``."""

    def __init__(self, database: Any, shapes: dict[int, Shape]) -> None:
        self._database = database
        self.shapes = shapes
        self._local = threading.local()

    def ends(self, text: str) -> dict[int, list[int]] | None:
        """Rule index -> ascending offsets where a match of the rule could end.

        None if the library fails the scan (it reports errors, such as running out of
        memory, as exceptions): the caller then scans without the prefilter.
        """
        found: dict[int, list[int]] = {}
        unordered: set[int] = set()

        def on_match(rule: int, start: int, end: int, flags: int, context: object) -> None:
            del start, flags, context
            offsets = found.get(rule)
            if offsets is None:
                found[rule] = [end]
            elif offsets[-1] < end:
                offsets.append(end)
            elif offsets[-1] > end:
                offsets.append(end)
                unordered.add(rule)

        if text:
            import hyperscan

            try:
                self._database.scan(_as_bytes(text), match_event_handler=on_match, scratch=self._scratch())
            except hyperscan.error:
                return None
        for rule in unordered:
            found[rule] = sorted(set(found[rule]))
        return found

    def _scratch(self) -> Any:
        # Hyperscan scratch space may not be shared by concurrent scans: one per thread.
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = hyperscan.Scratch(self._database)
            self._local.scratch = scratch
        return scratch


def _as_bytes(text: str) -> bytes:
    if text.isascii():
        return text.encode("ascii")
    if any(chr(code) in text for code in FOLDS):
        text = text.translate(_FOLD_TABLE)
    return text.encode("ascii", "replace")


class Loader:
    """Finds, loads or builds the prefilter for one rule set, and remembers the outcome."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = rules
        self._base: Path | None = None
        self.done = False  # True once the outcome is final (loaded, built, or unavailable)
        self.prefilter: HyperscanPrefilter | None = None
        # The cache held no database when last looked: until building is allowed, a
        # scanner that asks again for every prompt is answered without touching the disk.
        self._missing = False

    def get(self, *, build: bool) -> HyperscanPrefilter | None:
        """The prefilter; with ``build=False`` only a database already in the cache.

        Building takes seconds (once per rule set and library version), so a caller may
        prefer to scan without the prefilter until a scan is big enough to pay for it.
        """
        if self.done or (self._missing and not build):
            return self.prefilter
        try:
            import hyperscan
        except ImportError:
            self.done = True
            return None
        if self._base is None:
            self._base = _cache_base(hyperscan, self._rules)
        found = _read_cache(self._base, hyperscan) if caching_enabled() else None
        if found is None and build:
            found = _build(hyperscan, self._rules, self._base)
        if found is not None or build:
            self.done, self.prefilter = True, found
        else:
            self._missing = True
        return found


def _cache_base(hyperscan: Any, rules: Sequence[Rule]) -> Path:
    digest = hashlib.sha256(f"{_CACHE_VERSION}\0{getattr(hyperscan, '__version__', '?')}\0{MAX_RELAXED}\0".encode())
    for rule in rules:
        digest.update(rule.regex.encode("utf-8", "surrogatepass") + b"\0")
    return cache_dir() / f"hyperscan-{digest.hexdigest()[:32]}"


def _build(hyperscan: Any, rules: Sequence[Rule], base: Path) -> HyperscanPrefilter | None:
    shapes: dict[int, Shape] = {}
    for index, rule in enumerate(rules):
        found = shape(rule.regex)
        if found is not None and len(found.relaxed) <= MAX_RELAXED:
            shapes[index] = found
    if not shapes:
        return None
    database = _compile(hyperscan, shapes)
    if database is None:
        return None
    if caching_enabled():
        _write_cache(base, hyperscan, database, shapes)
    return HyperscanPrefilter(database, shapes)


def _compile(hyperscan: Any, shapes: dict[int, Shape]) -> Any:
    flags = hyperscan.HS_FLAG_PREFILTER
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=[s.relaxed.encode("ascii") for s in shapes.values()], ids=list(shapes), flags=[flags] * len(shapes)
        )
        return database
    except hyperscan.error:
        pass
    # One pattern the library refuses must not cost the others their acceleration.
    for index in list(shapes):
        try:
            hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                expressions=[shapes[index].relaxed.encode("ascii")], ids=[index], flags=[flags]
            )
        except hyperscan.error:
            del shapes[index]
    if not shapes:
        return None
    database.compile(
        expressions=[s.relaxed.encode("ascii") for s in shapes.values()], ids=list(shapes), flags=[flags] * len(shapes)
    )
    return database


def _read_cache(base: Path, hyperscan: Any) -> HyperscanPrefilter | None:
    try:
        meta = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        shapes = {int(k): Shape("", v[0], v[1], v[2]) for k, v in meta.items()}
        database = hyperscan.loadb(base.with_suffix(".db").read_bytes(), hyperscan.HS_MODE_BLOCK)
    except (OSError, ValueError, TypeError, KeyError, IndexError, hyperscan.error):
        return None
    return HyperscanPrefilter(database, shapes)


def _write_cache(base: Path, hyperscan: Any, database: Any, shapes: dict[int, Shape]) -> None:
    meta = {str(k): [s.max_width, s.newline_free, s.lookahead] for k, s in shapes.items()}
    try:
        base.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for suffix, data in ((".db", hyperscan.dumpb(database)), (".json", json.dumps(meta).encode())):
            fd, tmp = tempfile.mkstemp(dir=base.parent, prefix=".hyperscan-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, base.with_suffix(suffix))
    except OSError:
        pass  # a read-only cache directory only means rebuilding next time
