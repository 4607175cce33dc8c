"""What the user said is fine: inline markers, config allowlists and baselines.

Inline markers suppress findings on their line. Other scanners' markers are honoured
too, so a file already annotated for detect-secrets, gitleaks, trufflehog or
kingfisher needs no second annotation.
"""

from __future__ import annotations

import fnmatch
import re
from typing import NamedTuple

from promptguard.config import Config
from promptguard.patterncache import static
from promptguard.rules import Rule

_SAME_LINE = static(
    r"promptguard:\s*allow(?![-\w])|pragma:\s*allowlist[ -]secret|gitleaks:allow|trufflehog:ignore|kingfisher:ignore",
    re.IGNORECASE,
)
_NEXT_LINE = static(r"promptguard:\s*allow-next-line|pragma:\s*allowlist[ -]nextline[ -]secret", re.IGNORECASE)
_BLOCK_START = static(r"promptguard:\s*allow-start", re.IGNORECASE)
_BLOCK_END = static(r"promptguard:\s*allow-end", re.IGNORECASE)
_CHEAP_PROBE = static(r"allow|ignore", re.IGNORECASE)


def suppressed_lines(text: str) -> frozenset[int]:
    """1-based numbers of lines whose findings the text itself allowlists."""
    if not _CHEAP_PROBE.search(text):
        return frozenset()
    lines: set[int] = set()
    in_block = False
    for number, line in enumerate(text.split("\n"), start=1):
        if _BLOCK_START.search(line):
            in_block = True
        if in_block or _SAME_LINE.search(line):
            lines.add(number)
        if _NEXT_LINE.search(line):
            lines.add(number + 1)
        if _BLOCK_END.search(line):
            in_block = False
    return frozenset(lines)


def value_hashes(value: str) -> tuple[str, str]:
    """SHA-256 (promptguard) and SHA-1 (detect-secrets' hashed_secret) of a value."""
    import hashlib  # only when baselines or hashed allow-values are in use

    data = value.encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest()


class Allowlist(NamedTuple):
    """Config allowlists plus baseline fingerprints, checked per finding."""

    values: frozenset[str] = frozenset()
    hashes: frozenset[str] = frozenset()  # sha256/sha1 of allowed values (baselines)
    fingerprints: frozenset[str] = frozenset()  # sha256(rule_id NUL value)
    patterns: tuple[re.Pattern[str], ...] = ()
    paths: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> Allowlist:
        hashes: set[str] = set()
        values: set[str] = set()
        for item in config.allow_values:
            if item.startswith("sha256:"):
                hashes.add(item.removeprefix("sha256:").lower())
            else:
                values.add(item)
        fingerprints: frozenset[str] = frozenset()
        if config.baseline:
            from promptguard.baseline import load_any_baseline

            known = load_any_baseline(config.baseline)
            fingerprints = known.fingerprints
            hashes |= known.value_hashes
        return cls(
            values=frozenset(values),
            hashes=frozenset(hashes),
            fingerprints=fingerprints,
            patterns=tuple(_compile(p) for p in config.allow_patterns),
            paths=config.allow_paths + config.exclude,
            domains=tuple(d.lower().lstrip("@.") for d in config.allow_domains),
        )

    def skips_path(self, path: str | None) -> bool:
        return path is not None and path_matches(path, self.paths)

    def allows(self, rule: Rule, value: str) -> bool:
        if value in self.values or any(p.search(value) for p in self.patterns):
            return True
        if self.domains and "@" in value:
            domain = value.rsplit("@", 1)[1].lower()
            if any(domain == d or domain.endswith("." + d) for d in self.domains):
                return True
        if self.hashes or self.fingerprints:
            sha256, sha1 = value_hashes(value)
            if sha256 in self.hashes or sha1 in self.hashes:
                return True
            if self.fingerprints:
                from promptguard.scanner import fingerprint

                return fingerprint(rule.id, value) in self.fingerprints
        return False


def path_matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Glob match against the path and each of its trailing sub-paths (``tests/**``, ``*.lock``)."""
    norm = path.replace("\\", "/").removeprefix("./")
    parts = norm.split("/")
    candidates = {norm, *("/".join(parts[i:]) for i in range(len(parts)))}
    for pattern in patterns:
        pat = pattern.replace("\\", "/").removeprefix("./")
        for cand in candidates:
            if fnmatch.fnmatchcase(cand, pat) or fnmatch.fnmatchcase(cand, pat.rstrip("/") + "/*"):
                return True
            if pat.endswith("/**") and (cand == pat[:-3] or cand.startswith(pat[:-2])):
                return True
    return False


def _compile(pattern: str) -> re.Pattern[str]:
    from promptguard.errors import ConfigError

    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"allowlist pattern {pattern!r}: invalid regex: {exc}") from None
