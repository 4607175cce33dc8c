"""Reversible redaction: send placeholders to a model, put the real values back in its answer.

    result = redact_reversible(prompt, vault=vault, namespace=session_id, scanner=scanner)
    ...send result.text, receive answer...
    restore(answer, vault=vault, namespace=session_id)
    for piece in restore_stream(streamed_answer, vault=vault, namespace=session_id): ...

The same value always gets the same placeholder within a namespace, so a model can
refer to it consistently across turns. A placeholder that the vault does not know
(altered by the model, expired, from another namespace, sealed with another key) is
left exactly as it is, with a ``PlaceholderWarning``: never guessed.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator

from promptguard import placeholders
from promptguard.redact import RedactResult
from promptguard.scanner import Scanner
from promptguard.vault import DEFAULT_NAMESPACE, Vault


class PlaceholderWarning(UserWarning):
    """A placeholder in text to restore could not be resolved and was left as it is."""


def redact_reversible(
    text: str, *, vault: Vault, namespace: str = DEFAULT_NAMESPACE, scanner: Scanner, path: str | None = None
) -> RedactResult:
    """``text`` with every finding replaced by its vault placeholder (allocated if new).

    ``path`` names where the text came from, for path allowlists.
    """
    findings = scanner.scan(text, path=path)
    chosen = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start >= cursor:  # the scanner never overlaps findings; be safe anyway
            chosen.append(finding)
            cursor = finding.end
    names = vault.placeholders(namespace, [(f.type, f.value) for f in chosen])
    parts: list[str] = []
    cursor = 0
    for finding, name in zip(chosen, names, strict=True):
        parts.append(text[cursor : finding.start])
        parts.append(name)
        cursor = finding.end
    parts.append(text[cursor:])
    return RedactResult("".join(parts), tuple(findings))


def restore(text: str, *, vault: Vault, namespace: str = DEFAULT_NAMESPACE) -> str:
    """``text`` with every known placeholder replaced by its value."""
    return _restore(text, vault, namespace, {})


def restore_stream(chunks: Iterable[str], *, vault: Vault, namespace: str = DEFAULT_NAMESPACE) -> Iterator[str]:
    """Restore a streamed answer chunk by chunk.

    A placeholder may arrive split over several chunks, so the shortest tail of the text
    seen so far that could still grow into a placeholder is held back until the next
    chunk decides it; everything before it is restored and yielded at once. The
    concatenated output equals ``restore`` of the concatenated input.
    """
    cache: dict[str, str | None] = {}
    pending = ""
    for chunk in chunks:
        if not chunk:
            continue
        text = pending + chunk
        cut = _hold_from(text)
        if cut:
            yield _restore(text[:cut], vault, namespace, cache)
        pending = text[cut:]
    if pending:
        yield _restore(pending, vault, namespace, cache)


def _hold_from(text: str) -> int:
    """Where the held-back tail starts: the earliest '[' that may begin a placeholder."""
    start = text.find("[", max(0, len(text) - placeholders.MAX_LENGTH + 1))
    while start != -1:
        if placeholders.could_begin(text, start):
            return start
        start = text.find("[", start + 1)
    return len(text)


def _restore(text: str, vault: Vault, namespace: str, cache: dict[str, str | None]) -> str:
    found = {match.group(0) for match in placeholders.PATTERN.finditer(text)}
    missing = found.difference(cache)
    if missing:
        resolved = vault.lookup(namespace, missing)
        for name in sorted(missing):
            value = resolved.values.get(name)
            cache[name] = value
            if value is None:
                why = "sealed with another key or altered" if name in resolved.sealed else "unknown or expired"
                warnings.warn(
                    f"placeholder {name} left as is: {why} in vault namespace {namespace!r}", PlaceholderWarning, stacklevel=3
                )
    if not found:
        return text

    def swap(match: re.Match[str]) -> str:
        name = match.group(0)
        value = cache.get(name)
        return name if value is None else value

    return placeholders.PATTERN.sub(swap, text)
