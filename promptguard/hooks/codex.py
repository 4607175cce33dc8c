"""OpenAI Codex CLI hook: ``UserPromptSubmit``.

Codex validates the answer against a closed schema (no ``suppressOriginalPrompt``):
a prompt with findings gets ``{"decision": "block", "reason": ...}`` with exit 0;
nothing found prints nothing (plain stdout would be added to the model's context).
Errors with ``on_error = "block"`` exit 2 with a non-empty stderr line, which Codex
treats as a block (exit 2 with empty stderr would only be a failed hook).
"""

from __future__ import annotations

from typing import Any

from promptguard.hooks.decision import (
    HookContext,
    HookResult,
    exit2_on_error,
    json_result,
    prompt_block_reason,
    require,
)

NAME = "codex"


def handle(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    event = require(payload, "hook_event_name", str, NAME)
    if event != "UserPromptSubmit":
        return HookResult()
    prompt = require(payload, "prompt", str, NAME)
    reason = prompt_block_reason(prompt, ctx)
    if reason is None:
        return HookResult()
    return json_result({"decision": "block", "reason": reason})


def on_error(message: str, policy: str) -> HookResult:
    return exit2_on_error(message, policy)
