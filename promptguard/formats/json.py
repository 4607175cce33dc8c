"""JSON report: ``{"findings": [...], "summary": {...}}`` (DESIGN.md contract)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from promptguard.finding import Finding
from promptguard.formats import display_path


def render(
    findings: Sequence[Finding],
    *,
    show_values: bool = False,
    files_scanned: int = 0,
    skipped: Sequence[tuple[str, str]] = (),
) -> str:
    items = []
    for f in findings:
        item = f.to_dict(show_value=show_values)
        item["path"] = display_path(f.path) if f.path is not None else None
        items.append(item)
    summary = {
        "findings": len(findings),
        "files_scanned": files_scanned,
        "by_severity": dict(Counter(f.severity for f in findings)),
        "by_kind": dict(Counter(f.kind for f in findings)),
        "skipped": [{"path": display_path(p), "reason": r} for p, r in skipped],
    }
    return json.dumps({"findings": items, "summary": summary}, indent=2) + "\n"
