"""Optional named-entity detector: person names (and places) found by a spaCy model.

Off by default; enabled with ``detectors = ["ner"]``. It needs spaCy and an installed
model package (``en_core_web_sm`` unless configured otherwise, e.g. ``de_core_news_sm``).
promptguard never downloads a model: if spaCy or the model is missing, enabling the
detector is a ``ConfigError`` that says what to install.

The model name comes from the config field ``ner_model`` when the config has one, else
the ``PROMPTGUARD_NER_MODEL`` environment variable, else ``en_core_web_sm``.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from promptguard.detectors import Detector, DetectorHit
from promptguard.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm"
# spaCy label -> (promptguard type, confidence). English models say PERSON/GPE/FAC,
# the other languages' models PER/LOC.
_LABELS = {
    "PERSON": ("person", 0.7),
    "PER": ("person", 0.7),
    "GPE": ("location", 0.45),
    "LOC": ("location", 0.45),
    "FAC": ("location", 0.45),
}
# Components the entity recognizer does not need (it keeps its own tok2vec).
_UNUSED_PIPES = ("parser", "tagger", "lemmatizer", "attribute_ruler", "morphologizer", "senter")
# Texts are fed to the model in pieces of at most this many characters, cut at line
# ends, which keeps memory flat and stays under spaCy's max_length.
_PIECE = 100_000


@functools.cache
def load_model(name: str) -> Any:
    """The loaded spaCy pipeline; a ConfigError (never a download) if it is missing."""
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        raise ConfigError(
            "detector 'ner' needs spaCy, which is not installed: pip install 'promptguard[ner]' "
            f"and a model package such as {DEFAULT_MODEL}"
        ) from None
    if not spacy.util.is_package(name):
        raise ConfigError(
            f"detector 'ner': spaCy model {name!r} is not installed; install its package "
            f"(python -m spacy download {name}) or set ner_model to an installed one"
        )
    try:
        return spacy.load(name, disable=_UNUSED_PIPES)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"detector 'ner': cannot load spaCy model {name!r}: {exc}") from None


def _pieces(text: str, size: int = _PIECE) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def find_entities(nlp: Any, text: str) -> list[DetectorHit]:
    """Entity spans of the supported labels, with offsets in ``text``."""
    hits: list[DetectorHit] = []
    for offset, piece in _pieces(text):
        for ent in nlp(piece).ents:
            mapped = _LABELS.get(ent.label_)
            if mapped is None:
                continue
            # Trim what models sometimes include: possessive 's and surrounding punctuation.
            value = piece[ent.start_char : ent.end_char]
            if value.endswith(("'s", "’s")):
                value = value[:-2]
            stripped = value.strip(" .,;:!?\"'’")
            if not stripped:
                continue
            start = offset + ent.start_char + value.index(stripped)
            hits.append(DetectorHit(start, start + len(stripped), mapped[0], mapped[1]))
    return hits


def _detector(model: str, find: Any) -> Detector:
    return Detector(
        id="ner",
        kind="pii",
        severity="low",
        description=f"Person names and places found by the spaCy model {model}",
        find=find,
    )


def make_detector(config: object) -> Detector:
    """Build the detector for ``config``, loading the model now so a missing one fails early."""
    # A model named in config wins; otherwise PROMPTGUARD_NER_MODEL, then the default.
    configured = str(getattr(config, "ner_model", "") or "")
    if configured and configured != DEFAULT_MODEL:
        model = configured
    else:
        model = os.environ.get("PROMPTGUARD_NER_MODEL") or DEFAULT_MODEL
    nlp = load_model(model)

    def find(text: str) -> Sequence[DetectorHit]:
        return find_entities(nlp, text)

    return _detector(model, find)


def _find_default(text: str) -> Sequence[DetectorHit]:
    return find_entities(load_model(os.environ.get("PROMPTGUARD_NER_MODEL") or DEFAULT_MODEL), text)


# The module-level detector required by promptguard.detectors: loads its model lazily.
DETECTOR = _detector(DEFAULT_MODEL, _find_default)
