"""Replacing findings in text: the consumer behind ``promptguard redact``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from promptguard.finding import Finding


class RedactResult(NamedTuple):
    """Redacted text and the findings that were replaced (their repr is masked)."""

    text: str
    findings: tuple[Finding, ...]


def replacement(finding: Finding, style: str) -> str:
    """What a finding becomes in redacted text."""
    if style == "mask":
        return finding.masked
    if style == "hash":
        # A short digest lets a reader see that two redactions were the same value.
        import hashlib  # only for the hash style: keeps it out of every hook's start-up

        digest = hashlib.sha256(finding.value.encode("utf-8", errors="surrogatepass")).hexdigest()[:12]
        return f"[REDACTED:{finding.type}:{digest}]"
    return f"[REDACTED:{finding.type}]"


def apply(text: str, findings: Sequence[Finding], style: str = "placeholder") -> str:
    """``text`` with every finding replaced; findings must not overlap (the scanner ensures it)."""
    parts: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        parts.append(text[cursor : finding.start])
        parts.append(replacement(finding, style))
        cursor = finding.end
    parts.append(text[cursor:])
    return "".join(parts)
