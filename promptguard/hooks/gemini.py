"""Gemini CLI hooks: ``BeforeAgent``, ``BeforeModel``, ``BeforeTool``, ``AfterTool``.

* ``BeforeAgent``: a prompt with findings is denied (``decision: "deny"`` discards
  it from history), with a redacted copy the user can paste instead.
* ``BeforeModel``: the one place where a hook may rewrite what the model receives.
  Findings in ``llm_request.messages`` are replaced and the redacted messages go
  back in ``hookSpecificOutput.llm_request``: secrets that reached the conversation
  another way (a file, a tool result) still never reach the model.
* ``BeforeTool``: ``read_file`` has its file scanned; other tools have the strings
  of ``tool_input`` scanned; findings deny the call.
* ``AfterTool``: findings in the tool's ``llmContent`` are replaced through
  ``hookSpecificOutput.tool_output``.
* Gemini parses stdout as JSON, so an allowing answer is ``{}``; errors with
  ``on_error = "block"`` exit 2 with one line on stderr (Gemini's "block").
"""

from __future__ import annotations

import json
from typing import Any

from promptguard.hooks.decision import (
    HookContext,
    HookResult,
    describe,
    exit2_on_error,
    json_result,
    plural,
    prompt_block_reason,
    redact_json,
    require,
    rule_list,
    scan_file,
    scan_strings,
)

NAME = "gemini"
# Built-in tools whose input names a file the tool will read.
_FILE_TOOLS = ("read_file",)
_PATH_KEYS = ("file_path", "absolute_path", "path")


def handle(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    event = require(payload, "hook_event_name", str, NAME)
    if event == "BeforeAgent":
        return _prompt(payload, ctx)
    if event == "BeforeModel":
        return _model(payload, ctx)
    if event == "BeforeTool":
        return _before_tool(payload, ctx)
    if event == "AfterTool":
        return _after_tool(payload, ctx)
    return json_result({})


def on_error(message: str, policy: str) -> HookResult:
    return exit2_on_error(message, policy)


def _prompt(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    prompt = require(payload, "prompt", str, NAME)
    reason = prompt_block_reason(prompt, ctx)
    if reason is None:
        return json_result({})
    return json_result({"decision": "deny", "reason": reason})


def _model(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    request = require(payload, "llm_request", dict, NAME)
    messages = require(request, "messages", list, NAME)
    redacted, found = redact_json(messages, ctx)
    if not found:
        return json_result({})
    return json_result(
        {
            "hookSpecificOutput": {"hookEventName": "BeforeModel", "llm_request": {"messages": redacted}},
            "systemMessage": (
                f"promptguard redacted {plural(len(found), 'sensitive value')} ({rule_list(found)}) before the model call"
            ),
        }
    )


def _before_tool(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    tool = require(payload, "tool_name", str, NAME)
    tool_input = require(payload, "tool_input", dict, NAME)
    path = next((tool_input[k] for k in _PATH_KEYS if isinstance(tool_input.get(k), str)), None)
    if tool in _FILE_TOOLS and path is not None:
        scanned = scan_file(path, ctx)
        if scanned.too_large:
            return _deny(f"promptguard: {path} is larger than max_file_size and was not scanned for secrets")
        found = list(scanned.findings)
        what = f"{path} contains"
    else:
        found = scan_strings(tool_input, ctx)
        what = f"the {tool} input contains"
    if not found:
        return json_result({})
    return _deny(f"promptguard: {what} {plural(len(found), 'sensitive value')}:\n{describe(found)}")


def _deny(reason: str) -> HookResult:
    return json_result({"decision": "deny", "reason": reason})


def _after_tool(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    response = payload.get("tool_response")
    content = response.get("llmContent") if isinstance(response, dict) else response
    if content is None:
        return json_result({})
    redacted, found = redact_json(content, ctx)
    if not found:
        return json_result({})
    return json_result(
        {
            "hookSpecificOutput": {"hookEventName": "AfterTool", "tool_output": _as_text(redacted)},
            "systemMessage": f"promptguard redacted {plural(len(found), 'sensitive value')} ({rule_list(found)}) in a tool result",
        }
    )


def _as_text(value: Any) -> str:
    """``tool_output`` is text: join text parts, keep anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(_as_text(item) for item in value)
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return str(value["text"])
    return json.dumps(value, ensure_ascii=False)
