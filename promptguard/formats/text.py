"""Human-readable report: ``path:line:col  rule_id  masked-value  (severity)``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from promptguard.formats import display_path

if TYPE_CHECKING:
    from promptguard.finding import Finding

_COLOURS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
_RESET = "\033[0m"


def render(findings: Sequence[Finding], *, colour: bool = False, show_values: bool = False) -> str:
    return "".join(line(f, colour=colour, show_values=show_values) for f in findings)


def line(f: Finding, *, colour: bool = False, show_values: bool = False) -> str:
    """One finding's report line, newline included (the scan command streams these)."""
    where = f"{display_path(f.path)}:{f.line}:{f.column}"
    shown = _one_line(f.value) if show_values else f.masked
    severity = f"({f.severity})"
    if colour:
        severity = f"{_COLOURS.get(f.severity, '')}{severity}{_RESET}"
    via = f"  [{f.encoding}]" if f.encoding else ""
    return f"{where}  {f.rule_id}  {shown}  {severity}{via}\n"


def _one_line(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
