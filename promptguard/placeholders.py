"""The text form of a reversible-redaction placeholder: ``[[EMAIL_7F3A9C]]``.

Chosen so that a language model passes it through untouched and a parser finds it
again without ambiguity:

* plain ASCII capitals, digits and ``_`` between ``[[`` and ``]]``: nothing that JSON
  escapes (no quote, backslash, ``<``/``>``/``&``) and nothing that Markdown turns
  into markup inside a word, so it survives code fences, JSON string quoting and
  rendering; double brackets do not occur in prose and read as "a variable" to models;
* the type first, so a model still knows what the value was (an e-mail, a key);
* a random 6-character tag in Crockford's base32 alphabet (no I, L, O, U: no
  misreading, no accidental words). It is drawn at random, never derived from the
  value, so the placeholder carries no part of the value and no hash of it; the
  vault guarantees uniqueness per namespace. A model that alters a tag almost surely
  produces an unknown placeholder, which restore leaves alone instead of guessing.
"""

from __future__ import annotations

import functools
from typing import Any

from promptguard.patterncache import static

TAG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TAG_LENGTH = 6
MAX_LABEL_LENGTH = 32
MAX_LENGTH = 2 + MAX_LABEL_LENGTH + 1 + TAG_LENGTH + 2

_TAG_CLASS = "[0-9A-HJKMNP-TV-Z]"
_SOURCE = rf"\[\[(?P<label>[A-Z][A-Z0-9_]{{0,{MAX_LABEL_LENGTH - 1}}})_(?P<tag>{_TAG_CLASS}{{{TAG_LENGTH}}})\]\]"
PATTERN = static(_SOURCE)
_NOT_LABEL = static(r"[^A-Z0-9]+")


def label(type_: str) -> str:
    """The placeholder's type part: ``aws_access_key_id`` -> ``AWS_ACCESS_KEY_ID``."""
    text = _NOT_LABEL.sub("_", type_.upper()).strip("_")
    if not text:
        return "SECRET"
    if not text[0].isalpha():
        text = "X_" + text
    return text[:MAX_LABEL_LENGTH].rstrip("_")


def new_tag() -> str:
    import secrets  # here: it imports hmac and with it OpenSSL, which scanning never needs

    return "".join(secrets.choice(TAG_ALPHABET) for _ in range(TAG_LENGTH))


def make(type_: str, tag: str) -> str:
    return f"[[{label(type_)}_{tag}]]"


def is_placeholder(text: str) -> bool:
    return PATTERN.fullmatch(text) is not None


def could_begin(text: str, start: int) -> bool:
    """Whether ``text[start:]`` is an incomplete placeholder that more text could finish.

    Exact (the regex module's partial matching), so a stream holds back no more than it
    must.
    """
    match = _partial_pattern().fullmatch(text, start, partial=True)
    return match is not None and bool(match.partial)


@functools.lru_cache(maxsize=1)
def _partial_pattern() -> Any:
    import regex  # the regex module does partial matching; compiled on first streaming use

    return regex.compile(_SOURCE)
