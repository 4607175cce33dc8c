"""Load the detectors named in config (``detectors = ["ner"]``)."""

from __future__ import annotations

import importlib

from promptguard.config import Config
from promptguard.detectors import Detector
from promptguard.errors import ConfigError

KNOWN = ("ner", "detect_secrets")


def load_detectors(config: Config) -> list[Detector]:
    detectors = []
    for name in config.detectors:
        key = name.replace("-", "_")
        if key not in KNOWN:
            raise ConfigError(f"unknown detector {name!r} (known: {', '.join(KNOWN)})")
        module = importlib.import_module(f"promptguard.detectors.{key}")
        detectors.append(module.make_detector(config) if hasattr(module, "make_detector") else module.DETECTOR)
    return detectors
