"""promptguard: stop secrets and personal data from leaking into AI prompts.

    import promptguard
    findings = promptguard.scan(text)        # list[Finding], in text order
    result = promptguard.redact(text)        # result.text, result.findings
    scanner = promptguard.Scanner(config)    # compile once, scan many

Heavy modules (the rule engine, validators) load on first use so that importing
promptguard stays cheap for hooks that run on every prompt.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promptguard.errors import ConfigError, InputError, PromptguardError, RuleError
from promptguard.finding import Finding
from promptguard.messages import PromptLeakError, check_messages, redact_messages

if TYPE_CHECKING:
    from promptguard.config import Config
    from promptguard.redact import RedactResult
    from promptguard.scanner import Scanner

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Finding",
    "InputError",
    "PromptLeakError",
    "PromptguardError",
    "RuleError",
    "Scanner",
    "__version__",
    "check_messages",
    "redact",
    "redact_messages",
    "scan",
    "scan_file",
]


@functools.lru_cache(maxsize=1)
def _default_scanner() -> Scanner:
    from promptguard.config import load_config
    from promptguard.scanner import Scanner

    return Scanner(load_config(use_user_config=True).config)


def _scanner(config: Config | None) -> Scanner:
    if config is None:
        return _default_scanner()
    from promptguard.scanner import Scanner

    return Scanner(config)


def scan(text: str, *, config: Config | None = None) -> list[Finding]:
    """Findings in ``text`` (default config: project config of the working directory)."""
    return _scanner(config).scan(text)


def scan_file(path: str | Path, *, config: Config | None = None) -> list[Finding]:
    """Findings in a file; each has ``path`` set."""
    return _scanner(config).scan_file(path)


def redact(text: str, *, style: str | None = None, config: Config | None = None) -> RedactResult:
    """``text`` with every finding replaced (default style: ``[REDACTED:type]`` placeholders)."""
    from promptguard.redact import RedactResult, apply

    scanner = _scanner(config)
    findings = scanner.scan(text)
    chosen = style or scanner.config.redact_style
    return RedactResult(apply(text, findings, chosen), tuple(findings))


def __getattr__(name: str) -> Any:
    if name == "Scanner":
        from promptguard.scanner import Scanner

        return Scanner
    raise AttributeError(f"module 'promptguard' has no attribute {name!r}")
