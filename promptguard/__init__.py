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

# Loaded before ``def redact`` below on purpose: the first import of a submodule sets
# the package attribute of the same name, which would replace the function ``redact``
# with the module ``promptguard.redact`` if it happened later (e.g. inside a call).
from promptguard.redact import RedactResult

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from promptguard.config import Config
    from promptguard.finding import Finding
    from promptguard.messages import PromptLeakError, check_messages, redact_messages
    from promptguard.scanner import Scanner
    from promptguard.vault import Vault

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
    "restore",
    "restore_stream",
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


def redact(
    text: str,
    *,
    style: str | None = None,
    config: Config | None = None,
    reversible: bool = False,
    vault: Vault | None = None,
    namespace: str = "default",
) -> RedactResult:
    """``text`` with every finding replaced (default style: ``[REDACTED:type]`` placeholders).

    ``reversible=True`` (implied by passing ``vault``) uses vault placeholders such as
    ``[[EMAIL_7F3A9C]]`` that ``restore`` turns back into the values; the default vault
    is the config's (``$XDG_DATA_HOME/promptguard/vault.sqlite3``).
    """
    from promptguard.redact import RedactResult, apply

    scanner = _scanner(config)
    if reversible or vault is not None:
        from promptguard.reversible import redact_reversible
        from promptguard.vault import vault_for

        chosen_vault = vault if vault is not None else vault_for(scanner.config)
        return redact_reversible(text, vault=chosen_vault, namespace=namespace, scanner=scanner)
    findings = scanner.scan(text)
    chosen = style or scanner.config.redact_style
    return RedactResult(apply(text, findings, chosen), tuple(findings))


def _vault(vault: Vault | None, config: Config | None) -> Vault:
    if vault is not None:
        return vault
    from promptguard.config import load_config
    from promptguard.vault import vault_for

    return vault_for(config if config is not None else load_config(use_user_config=True).config)


def restore(text: str, *, vault: Vault | None = None, namespace: str = "default", config: Config | None = None) -> str:
    """``text`` (e.g. a model's answer) with reversible-redaction placeholders replaced by their values."""
    from promptguard.reversible import restore as restore_text

    return restore_text(text, vault=_vault(vault, config), namespace=namespace)


def restore_stream(
    chunks: Iterable[str], *, vault: Vault | None = None, namespace: str = "default", config: Config | None = None
) -> Iterator[str]:
    """``restore`` for streamed text: placeholders split across chunks are restored whole."""
    from promptguard.reversible import restore_stream as restore_chunks

    return restore_chunks(chunks, vault=_vault(vault, config), namespace=namespace)


# Loaded on first use: the scanner is the heavy part, ``Finding`` is a dataclass whose
# module import (inspect, ~8 ms) a hook that finds nothing skips, and the chat-message
# helpers are for library users only.
_LAZY = {
    "Scanner": "promptguard.scanner",
    "Finding": "promptguard.finding",
    "PromptLeakError": "promptguard.messages",
    "check_messages": "promptguard.messages",
    "redact_messages": "promptguard.messages",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'promptguard' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
