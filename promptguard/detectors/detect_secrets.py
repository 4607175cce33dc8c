"""detect-secrets as an engine: its plugins run over the same text, results become findings.

Opt-in (``detectors = ["detect_secrets"]`` in config) because importing detect-secrets
costs more than a whole default scan. detect-secrets works on files and reports
(line number, secret value); each value is located on its line to recover exact
offsets. Its default plugin set and filters are used unchanged, so results match what
``detect-secrets scan`` reports for the same text.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence

from promptguard.config import Config
from promptguard.detectors import Detector, DetectorHit

_SLUG = re.compile(r"[^a-z0-9]+")


def _find(text: str) -> Sequence[DetectorHit]:
    from detect_secrets.core import scan
    from detect_secrets.settings import default_settings

    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    fd, path = tempfile.mkstemp(prefix="promptguard-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        with default_settings():
            secrets = list(scan.scan_file(path))
    finally:
        os.unlink(path)
    hits: list[DetectorHit] = []
    for secret in secrets:
        value = secret.secret_value
        number = secret.line_number
        if not value or not 1 <= number <= len(lines):
            continue
        column = lines[number - 1].find(value)
        if column < 0:
            continue
        start = starts[number - 1] + column
        kind = _SLUG.sub("_", str(secret.type).lower()).strip("_")
        hits.append(DetectorHit(start, start + len(value), f"detect_secrets_{kind}", 0.6))
    return hits


def make_detector(config: Config) -> Detector:
    del config  # detect-secrets' own default settings are used as they are
    return Detector(
        id="detect-secrets",
        kind="secret",
        severity="high",
        description="A secret reported by detect-secrets' plugins",
        find=_find,
    )
