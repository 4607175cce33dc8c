"""SARIF 2.1.0 report, shaped for GitHub code scanning.

GitHub needs, per rule, ``shortDescription``/``fullDescription``/``help`` text and a
stable ``id``; per result a message, one location with a repository-relative URI
and a region, and ``partialFingerprints.primaryLocationLineHash`` (without it the
REST upload creates a duplicate alert on every run). The fingerprint is a hash of
the rule and the value, so it is stable when lines move, and it is the only thing
derived from the value: no raw value appears anywhere in the report, not even in
``region.snippet`` (where some scanners leak it).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from promptguard.finding import Finding
from promptguard.formats import display_path
from promptguard.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub reads security-severity as CVSS-like: >9 critical, 7-8.9 high, 4-6.9 medium.
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def render(findings: Sequence[Finding], rules: Sequence[Rule]) -> str:
    from promptguard import __version__

    by_id = {rule.id: rule for rule in rules}
    used = sorted({f.rule_id for f in findings})
    descriptors = [_descriptor(by_id.get(rule_id), _first(findings, rule_id)) for rule_id in used]
    index = {rule_id: i for i, rule_id in enumerate(used)}
    occurrences: Counter[tuple[str, str, str]] = Counter()
    results = []
    for f in findings:
        uri = _uri(f.path)
        digest = _digest(f)
        occurrences[(uri, f.rule_id, digest)] += 1
        fingerprint = f"{digest}:{occurrences[(uri, f.rule_id, digest)]}"
        results.append(_result(f, descriptors[index[f.rule_id]], uri, index[f.rule_id], fingerprint))
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "promptguard",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",  # columns count code points, as Finding does
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _first(findings: Sequence[Finding], rule_id: str) -> Finding:
    return next(f for f in findings if f.rule_id == rule_id)


def _descriptor(rule: Rule | None, example: Finding) -> dict[str, Any]:
    """A reportingDescriptor; detector findings (no rule pack entry) get one from the finding."""
    kind = rule.kind if rule else example.kind
    severity = rule.severity if rule else example.severity
    rule_type = rule.type if rule else example.type
    short = (rule.description if rule else "") or f"{rule_type.replace('_', ' ')} ({kind})"
    what = "a secret" if kind == "secret" else "personal data"
    help_text = (rule.help if rule else "") or (
        f"This is {what} ({rule_type.replace('_', ' ')}). Remove it from the file; if it is a real "
        "credential, rotate it, because it stays in the history. If it is not sensitive, add "
        "`promptguard: allow` on its line or allowlist it in the promptguard config."
    )
    descriptor: dict[str, Any] = {
        "id": example.rule_id,
        "name": "".join(part.capitalize() for part in example.rule_id.replace(".", "-").split("-")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": _full(rule, short, what)},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": _LEVELS.get(severity, "warning")},
        "properties": {
            "tags": ["security", kind, rule_type],
            "precision": _precision(rule.confidence if rule else example.confidence),
            "security-severity": _SECURITY_SEVERITY.get(severity, "5.5"),
        },
    }
    if rule and rule.references:
        descriptor["helpUri"] = rule.references[0]
    return descriptor


def _full(rule: Rule | None, short: str, what: str) -> str:
    if rule is None:
        return f"{short}: {what} found by a promptguard detector."
    provider = f" ({rule.provider})" if rule.provider else ""
    return f"{short}{provider}: {what} of type {rule.type}, from the '{rule.pack}' rule pack."


def _precision(confidence: float) -> str:
    return "very-high" if confidence >= 0.9 else "high" if confidence >= 0.75 else "medium" if confidence >= 0.5 else "low"


def _result(f: Finding, descriptor: dict[str, Any], uri: str, rule_index: int, fingerprint: str) -> dict[str, object]:
    via = f" (found {f.encoding}-encoded)" if f.encoding else ""
    what = descriptor["shortDescription"]["text"]
    return {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(f.severity, "warning"),
        "message": {"text": f"{what}: {f.masked}{via}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": f.line,
                        "startColumn": f.column,
                        "endLine": f.end_line,
                        "endColumn": f.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
        "properties": {"kind": f.kind, "type": f.type, "severity": f.severity, "confidence": round(f.confidence, 3)},
    }


def _uri(path: str | None) -> str:
    """A repository-relative URI (percent-encoded) when the file lies below the working directory."""
    shown = display_path(path)
    if path is not None and os.path.isabs(shown):
        return Path(path).resolve().as_uri()
    return quote(shown.replace("\\", "/"), safe="/")


def _digest(f: Finding) -> str:
    from promptguard.scanner import fingerprint

    return fingerprint(f.rule_id, f.value)[:16]
