"""Decoded views of text: secrets hidden in base64, URL encoding or string escapes.

Each view is a decoded string plus a way to map a span in it back to the span of the
encoded text in the original, so findings in a view are reported where the user can
see them. Escape and URL views map character by character; a base64 view maps any
inner span to the whole encoded token (a part of a base64 string has no exact
counterpart).
"""

from __future__ import annotations

import binascii
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from promptguard.patterncache import static

if TYPE_CHECKING:
    import re

# Long enough that ordinary words and identifiers are skipped, bounded so a huge
# embedded blob (an image in a data: URI) is not decoded and rescanned.
_BASE64 = static(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,65536}={0,2}(?![A-Za-z0-9+/=_-])")
_PERCENT_REACH = 4096
_PERCENT = static(rf"[^\s\"'<>`]{{0,{_PERCENT_REACH}}}%[0-9A-Fa-f]{{2}}[^\s\"'<>`]{{0,4096}}")
_PERCENT_ESCAPE = static(r"%[0-9A-Fa-f]{2}")
# A quoted string holding at least one backslash escape.
_ESCAPED = static(r'"((?:[^"\\\n]|\\.){8,65536})"')
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "/": "/", "'": "'", "b": "\b", "f": "\f"}


class View(NamedTuple):
    """Decoded text and the original offsets of each decoded character."""

    text: str
    encoding: str
    starts: tuple[int, ...] | None  # original start offset of each decoded char
    ends: tuple[int, ...] | None  # original end offset of each decoded char
    span: tuple[int, int]  # the encoded region in the original

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None or end <= start:
            return self.span
        return self.starts[start], self.ends[end - 1]


def views(text: str) -> Iterator[View]:
    """Every decodable region of ``text`` worth rescanning."""
    if "\\" in text:
        yield from _escape_views(text)
    if "%" in text:
        yield from _percent_views(text)
    yield from _base64_views(text)


def _base64_views(text: str) -> Iterator[View]:
    for match in _BASE64.finditer(text):
        token = match.group()
        decoded = _b64decode(token)
        if decoded is None:
            continue
        yield View(decoded, "base64", None, None, match.span())


def _b64decode(token: str) -> str | None:
    body = token.rstrip("=")
    if len(body) % 4 == 1:
        return None
    padded = body + "=" * (-len(body) % 4)
    import base64  # here, not at the top: most prompts hold no base64-looking token

    try:
        raw = base64.urlsafe_b64decode(padded) if ("-" in body or "_" in body) else base64.b64decode(padded, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    # Only text is worth rescanning: random key material decodes to binary noise.
    if len(decoded) < 8 or not all(c.isprintable() or c in "\r\n\t" for c in decoded):
        return None
    return decoded


def _percent_views(text: str) -> Iterator[View]:
    for match in _percent_matches(text):
        chunk, base = match.group(), match.start()
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i = 0
        while i < len(chunk):
            if chunk[i] == "%" and _is_hex(chunk[i + 1 : i + 3]):
                # Decode runs of %XX as UTF-8 so multi-byte characters survive.
                j = i
                raw = bytearray()
                while j < len(chunk) and chunk[j] == "%" and _is_hex(chunk[j + 1 : j + 3]):
                    raw.append(int(chunk[j + 1 : j + 3], 16))
                    j += 3
                decoded = raw.decode("utf-8", errors="replace")
                for char in decoded:
                    out.append(char)
                    starts.append(base + i)
                    ends.append(base + j)
                i = j
            else:
                out.append(chunk[i])
                starts.append(base + i)
                ends.append(base + i + 1)
                i += 1
        yield View("".join(out), "url", tuple(starts), tuple(ends), match.span())


def _percent_matches(text: str) -> Iterator[re.Match[str]]:
    """Exactly ``_PERCENT.finditer(text)``, without trying the pattern at every position.

    Every match holds a ``%XX`` at most ``_PERCENT_REACH`` characters after its start,
    so no match can start further than that before the next ``%XX``: the search jumps
    there instead of crawling through text that has no escapes.
    """
    pos = 0
    while True:
        escape = _PERCENT_ESCAPE.search(text, pos)
        if escape is None:
            return
        match = _PERCENT.search(text, max(pos, escape.start() - _PERCENT_REACH))
        if match is None:  # pragma: no cover - the escape itself always matches
            return
        yield match
        pos = match.end()


def _is_hex(pair: str) -> bool:
    return len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair)


def _escape_views(text: str) -> Iterator[View]:
    for match in _ESCAPED.finditer(text):
        body, base = match.group(1), match.start(1)
        if "\\" not in body:
            continue
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i = 0
        while i < len(body):
            char = body[i]
            if char == "\\" and i + 1 < len(body):
                nxt = body[i + 1]
                if nxt == "u" and i + 6 <= len(body) and all(c in "0123456789abcdefABCDEF" for c in body[i + 2 : i + 6]):
                    out.append(chr(int(body[i + 2 : i + 6], 16)))
                    starts.append(base + i)
                    ends.append(base + i + 6)
                    i += 6
                    continue
                if nxt in _SIMPLE_ESCAPES:
                    out.append(_SIMPLE_ESCAPES[nxt])
                    starts.append(base + i)
                    ends.append(base + i + 2)
                    i += 2
                    continue
            out.append(char)
            starts.append(base + i)
            ends.append(base + i + 1)
            i += 1
        yield View("".join(out), "escape", tuple(starts), tuple(ends), match.span(1))
