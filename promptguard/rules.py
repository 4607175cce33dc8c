"""Rule packs: TOML data files, loaded and validated into frozen ``Rule`` values.

The schema is documented in ``docs/rules.md``. Loading checks every field so that a
typo is a clear error naming the file, the rule and the field, never a silently
disabled check.
"""

# No ``from __future__ import annotations`` here: typing.NamedTuple compiles every
# string annotation into a ForwardRef, which made defining these records cost ~1.5 ms
# of each hook run; evaluated annotations cost a fifth of that.
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from promptguard import tomlload
from promptguard.errors import RuleError
from promptguard.patterncache import static
from promptguard.severity import SEVERITIES

KINDS = ("secret", "pii")
_ID_RE = static(r"[a-z0-9][a-z0-9.-]*\Z")
_TYPE_RE = static(r"[a-z0-9][a-z0-9_]*\Z")


class Example(NamedTuple):
    """A text a rule must find something in, optionally with the exact value."""

    text: str
    value: str | None = None


# NamedTuples rather than dataclasses: the rule cache builds rules straight from its
# rows (``Rule._make``), and a hook process does not pay for importing ``dataclasses``.
class Rule(NamedTuple):
    """One detection rule, as written in a pack. Change a copy with ``rule._replace(...)``."""

    id: str
    description: str
    kind: str
    type: str
    severity: str
    regex: str
    pack: str
    source: str  # the file the rule came from, for error messages
    examples: tuple[Example, ...]
    negative_examples: tuple[str, ...]
    provider: str | None = None
    confidence: float = 0.8
    keywords: tuple[str, ...] = ()
    multiline: bool = False
    entropy: float | None = None
    validators: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    context_required: bool = False
    negative_context: tuple[str, ...] = ()
    context_window: int = 80
    priority: int = 50
    help: str = ""
    references: tuple[str, ...] = ()
    enabled: bool = True
    user: bool = False  # from a user pack: run with a regex timeout


def bundled_rules_dir() -> Path:
    """Where the bundled packs live: inside the wheel, or at the repo root in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


def bundled_pack_files() -> list[Path]:
    root = bundled_rules_dir()
    if not root.is_dir():
        raise RuleError(f"{root}: bundled rule packs are missing from this installation")
    return sorted(root.rglob("*.toml"))


def packs_signature(files: Sequence[Path]) -> str:
    """Path, size and mtime of every pack file: changes whenever any pack changes."""
    parts = []
    for path in files:
        stat = path.stat()
        parts.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return "".join(parts)


def packs_fingerprint(files: Sequence[Path]) -> str:
    """A short key of ``packs_signature`` for cache file names.

    Not a security boundary, so zlib rather than hashlib (whose OpenSSL import costs
    each hook ~2 ms); a cache stores the full signature and checks it on reading.
    """
    data = packs_signature(files).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def load_pack(path: Path, *, user: bool = False) -> list[Rule]:
    """Parse and validate one pack file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    try:
        data = tomlload.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule pack is not UTF-8 text") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise RuleError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(data) - {"pack", "rules"}
    if unknown:
        raise RuleError(f"{path}: unknown top-level key {sorted(unknown)[0]!r} (expected 'pack' and 'rules')")
    pack_meta = data.get("pack", {})
    if not isinstance(pack_meta, dict) or set(pack_meta) - {"description", "name"}:
        raise RuleError(f"{path}: [pack] may only hold 'description' and 'name'")
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise RuleError(f"{path}: 'rules' must be an array of tables ([[rules]])")
    pack = str(pack_meta.get("name") or path.stem)
    rules = [_parse_rule(entry, path, pack, index, user) for index, entry in enumerate(entries)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{path}: rule {rule.id!r}: duplicate id")
        seen.add(rule.id)
    return rules


def load_packs(files: Iterable[Path], *, user: bool = False) -> list[Rule]:
    """Load several packs; rule ids must be unique across all of them."""
    rules: list[Rule] = []
    owner: dict[str, Path] = {}
    for path in files:
        for rule in load_pack(path, user=user):
            if rule.id in owner:
                raise RuleError(f"{path}: rule {rule.id!r}: id already defined in {owner[rule.id]}")
            owner[rule.id] = path
            rules.append(rule)
    return rules


# field name -> (python type(s), required)
_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "id": ((str,), True),
    "description": ((str,), True),
    "kind": ((str,), True),
    "type": ((str,), True),
    "severity": ((str,), True),
    "regex": ((str,), True),
    "examples": ((list,), True),
    "negative_examples": ((list,), True),
    "provider": ((str,), False),
    "confidence": ((float, int), False),
    "keywords": ((list,), False),
    "multiline": ((bool,), False),
    "entropy": ((float, int), False),
    "validators": ((list,), False),
    "allow": ((list,), False),
    "context": ((list,), False),
    "context_required": ((bool,), False),
    "negative_context": ((list,), False),
    "context_window": ((int,), False),
    "priority": ((int,), False),
    "help": ((str,), False),
    "references": ((list,), False),
    "enabled": ((bool,), False),
}


def _parse_rule(entry: object, path: Path, pack: str, index: int, user: bool) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(f"{path}: rule #{index + 1}: must be a table")
    rule_id = entry.get("id")
    label = f"rule {rule_id!r}" if isinstance(rule_id, str) else f"rule #{index + 1}"

    def fail(field: str, problem: str) -> RuleError:
        return RuleError(f"{path}: {label}: field {field!r}: {problem}")

    for key in entry:
        if key not in _FIELDS:
            raise fail(key, "unknown field (see docs/rules.md)")
    for key, (types, required) in _FIELDS.items():
        if key not in entry:
            if required:
                raise fail(key, "missing")
            continue
        value = entry[key]
        if isinstance(value, bool) and bool not in types:
            raise fail(key, f"expected {types[0].__name__}, got a boolean")
        if not isinstance(value, types):
            raise fail(key, f"expected {types[0].__name__}, got {type(value).__name__}")

    if not _ID_RE.match(entry["id"]):
        raise fail("id", "must be lower-case letters, digits, '.' and '-'")
    if entry["kind"] not in KINDS:
        raise fail("kind", f"expected one of {', '.join(KINDS)}, got {entry['kind']!r}")
    if not _TYPE_RE.match(entry["type"]):
        raise fail("type", "must be snake_case (lower-case letters, digits, '_')")
    if entry["severity"] not in SEVERITIES:
        raise fail("severity", f"expected one of {', '.join(SEVERITIES)}, got {entry['severity']!r}")
    confidence = float(entry.get("confidence", 0.8))
    if not 0.0 < confidence <= 1.0:
        raise fail("confidence", "must be in (0, 1]")
    entropy = entry.get("entropy")
    if entropy is not None and not 0 <= float(entropy) <= 8:
        raise fail("entropy", "must be between 0 and 8 bits per character")
    window = entry.get("context_window", 80)
    if not 0 < window <= 1000:
        raise fail("context_window", "must be between 1 and 1000")
    if len(entry["regex"]) > 10_000:
        raise fail("regex", "longer than 10000 characters")
    if user:  # bundled patterns are compiled by the test suite; compile user ones now
        _check_regex(entry["regex"], fail("regex", "").args[0])

    keywords = _strings(entry, "keywords", fail)
    if any(k != k.lower() or not k for k in keywords):
        raise fail("keywords", "keywords must be non-empty and lower-case")
    allow = _strings(entry, "allow", fail)
    for pattern in allow if user else ():
        _check_regex(pattern, fail("allow", "").args[0])

    examples = tuple(_example(item, fail) for item in entry["examples"])
    negatives = _strings(entry, "negative_examples", fail)
    if not examples:
        raise fail("examples", "at least one example is required")
    if not negatives:
        raise fail("negative_examples", "at least one negative example is required")

    return Rule(
        id=entry["id"],
        description=entry["description"],
        kind=entry["kind"],
        type=entry["type"],
        severity=entry["severity"],
        regex=entry["regex"],
        pack=pack,
        source=str(path),
        examples=examples,
        negative_examples=negatives,
        provider=entry.get("provider"),
        confidence=confidence,
        keywords=keywords,
        multiline=entry.get("multiline", False),
        entropy=float(entropy) if entropy is not None else None,
        validators=_strings(entry, "validators", fail),
        allow=allow,
        context=tuple(w.lower() for w in _strings(entry, "context", fail)),
        context_required=entry.get("context_required", False),
        negative_context=tuple(w.lower() for w in _strings(entry, "negative_context", fail)),
        context_window=window,
        priority=entry.get("priority", 50),
        help=entry.get("help", ""),
        references=_strings(entry, "references", fail),
        enabled=entry.get("enabled", True),
        user=user,
    )


def _strings(entry: Mapping[str, Any], key: str, fail: Any) -> tuple[str, ...]:
    items = entry.get(key, [])
    if not all(isinstance(item, str) for item in items):
        raise fail(key, "every item must be a string")
    return tuple(items)


def _example(item: object, fail: Any) -> Example:
    if isinstance(item, str):
        return Example(item)
    if isinstance(item, dict) and set(item) <= {"text", "value"} and isinstance(item.get("text"), str):
        value = item.get("value")
        if value is not None and not isinstance(value, str):
            raise fail("examples", "'value' must be a string")
        if value is not None and value not in item["text"]:
            raise fail("examples", "'value' does not occur in 'text'")
        return Example(item["text"], value)
    raise fail("examples", "each example is a string or a table { text = ..., value = ... }")


def _check_regex(pattern: str, where: str) -> None:
    import regex  # lazy: only when packs are validated

    try:
        regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}invalid regex: {exc}") from None
