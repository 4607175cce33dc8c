"""Chat message lists: check them before sending, or send a redacted copy.

Works on OpenAI-style messages (``{"role", "content": str | [{"type": "text",
"text": ...}, ...]}``, ``tool_calls[].function.arguments``) and Anthropic-style ones
(``content`` blocks: ``text``, ``tool_use`` input, ``tool_result`` with nested
content, text ``document`` sources). Every string is scanned except identifiers and
binary payloads (roles, ids, types, base64 image/audio/file data). Inputs are never
mutated: ``redact_messages`` returns new lists and dicts.

    import promptguard
    promptguard.check_messages(messages)              # raises PromptLeakError
    safe = promptguard.redact_messages(messages)      # [REDACTED:type] placeholders
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from promptguard.errors import InputError, PromptguardError
from promptguard.severity import severity_rank

if TYPE_CHECKING:
    from promptguard.config import Config
    from promptguard.finding import Finding
    from promptguard.scanner import Scanner
    from promptguard.vault import Vault

# Keys whose values are identifiers or metadata, never text a user wrote.
_SKIP_KEYS = frozenset(
    {
        "role",
        "type",
        "id",
        "name",
        "tool_use_id",
        "tool_call_id",
        "call_id",
        "model",
        "cache_control",
        "signature",
        "media_type",
        "mime_type",
        "file_id",
        "file_data",
        "detail",
        "format",
        "is_error",
        "status",
        "index",
    }
)
# Content blocks that carry binary data (base64 images, audio, files).
_BINARY_TYPES = frozenset({"base64", "image", "image_url", "input_image", "input_audio", "audio"})
_LISTED = 5


class PromptLeakError(PromptguardError):
    """Messages carry sensitive values; ``findings`` has them masked (no raw values).

    Each finding's ``path`` says where it is, e.g. ``messages[2].content[0].text``.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        import dataclasses  # only when raising: keeps it off the import path

        self.findings: tuple[Finding, ...] = tuple(dataclasses.replace(f, value="") for f in findings)
        listed = "; ".join(f"{f.path}: {f.rule_id} {f.masked} ({f.severity})" for f in self.findings[:_LISTED])
        more = f"; and {len(self.findings) - _LISTED} more" if len(self.findings) > _LISTED else ""
        count = len(self.findings)
        super().__init__(f"messages would leak {count} sensitive value{'s' if count != 1 else ''}: {listed}{more}")


def scan_messages(messages: Sequence[Any], *, config: Config | None = None) -> list[Finding]:
    """Every finding in the messages, with ``path`` set to where it is."""
    import dataclasses  # Finding is a dataclass; imported here to keep it off the import path

    scanner = _scanner(config)
    found: list[Finding] = []

    def visit(text: str, where: str) -> str:
        found.extend(dataclasses.replace(f, path=where) for f in scanner.scan(text))
        return text

    _walk_messages(messages, visit)
    return found


def check_messages(messages: Sequence[Any], *, config: Config | None = None) -> None:
    """Raise ``PromptLeakError`` if the messages carry findings at the hook threshold.

    The threshold is the prompt path's: ``[hooks] fail_on`` (default ``medium``) and
    ``[hooks] min_confidence``, the same as for the agent hooks.
    """
    scanner = _scanner(config)
    floor = severity_rank(scanner.config.hook_fail_on)
    blocking = [
        f
        for f in scan_messages(messages, config=scanner.config)
        if severity_rank(f.severity) >= floor and f.confidence >= scanner.config.hook_min_confidence
    ]
    if blocking:
        raise PromptLeakError(blocking)


def redact_messages(
    messages: Sequence[Any],
    *,
    style: str | None = None,
    config: Config | None = None,
    reversible: bool = False,
    vault: Vault | None = None,
    namespace: str = "default",
) -> list[dict[str, Any]]:
    """A copy of the messages with every finding replaced (``style`` as for ``redact``).

    ``reversible=True`` (implied by ``vault``) uses vault placeholders, one namespace per
    conversation, so ``promptguard.restore`` can put the values back into the answer.
    """
    from promptguard.redact import apply

    scanner = _scanner(config)
    chosen = style or scanner.config.redact_style
    chosen_vault = vault
    if reversible and vault is None:
        from promptguard.vault import vault_for

        chosen_vault = vault_for(scanner.config)

    def visit(text: str, where: str) -> str:
        if chosen_vault is not None:
            from promptguard.reversible import redact_reversible

            return redact_reversible(text, vault=chosen_vault, namespace=namespace, scanner=scanner).text
        findings = scanner.scan(text)
        return apply(text, findings, chosen) if findings else text

    return _walk_messages(messages, visit)


def _scanner(config: Config | None) -> Scanner:
    import promptguard

    return promptguard._scanner(config)


def _walk_messages(messages: Sequence[Any], visit: Callable[[str, str], str]) -> list[dict[str, Any]]:
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise InputError(f"messages: expected a list of chat messages, got {type(messages).__name__}")
    out = []
    for i, item in enumerate(messages):
        # SDK objects (pydantic models) become the dicts they stand for.
        message = item.model_dump(exclude_none=True) if hasattr(item, "model_dump") else item
        if not isinstance(message, Mapping):
            raise InputError(f"messages[{i}]: expected a dict with 'role' and 'content', got {type(message).__name__}")
        out.append(_walk(message, f"messages[{i}]", visit))
    return out


def _walk(value: Any, where: str, visit: Callable[[str, str], str]) -> Any:
    if isinstance(value, str):
        return visit(value, where)
    if isinstance(value, Mapping):
        kind = value.get("type")
        if isinstance(kind, str) and kind in _BINARY_TYPES:
            return copy.deepcopy(dict(value))
        return {
            key: copy.deepcopy(item) if key in _SKIP_KEYS else _walk(item, f"{where}.{key}", visit) for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_walk(item, f"{where}[{i}]", visit) for i, item in enumerate(value)]
    return value
