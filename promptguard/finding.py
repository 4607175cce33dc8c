"""The result of a scan: one sensitive value at one place."""

from __future__ import annotations

from dataclasses import dataclass, field

# Re-exported: they lived here first. Modules on the hook path import them from
# severity/masking, which do not need ``dataclasses`` (8 ms to import).
from promptguard.masking import mask
from promptguard.severity import SEVERITIES, severity_rank

__all__ = ["SEVERITIES", "Finding", "mask", "severity_rank"]


@dataclass(frozen=True)
class Finding:
    """One sensitive value found in scanned text.

    ``start``/``end`` are code-point offsets of exactly the value in the scanned text
    and ``line``/``column`` are 1-based. ``repr()`` and ``str()`` show ``masked``,
    never ``value``; read ``value`` explicitly when you need the raw text.
    """

    rule_id: str
    kind: str
    type: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    confidence: float
    masked: str
    path: str | None = None
    encoding: str | None = None  # "base64", "url", "escape" when found in a decoded view
    value: str = field(default="", repr=False, compare=True)

    def __str__(self) -> str:
        where = f"{self.path}:" if self.path else ""
        return f"{where}{self.line}:{self.column} {self.rule_id} {self.masked} ({self.severity})"

    def to_dict(self, *, show_value: bool = False) -> dict[str, object]:
        """The JSON shape of a finding (DESIGN.md); the raw value only on request."""
        out: dict[str, object] = {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "type": self.type,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
            "confidence": round(self.confidence, 3),
            "masked": self.masked,
        }
        if self.encoding:
            out["encoding"] = self.encoding
        if show_value:
            out["value"] = self.value
        return out
