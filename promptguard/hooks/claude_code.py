"""Claude Code hooks: ``UserPromptSubmit``, ``PreToolUse`` and ``PostToolUse``.

* ``UserPromptSubmit``: a prompt with findings at or above the hook threshold is
  blocked with exit 0 and ``{"decision": "block", ...}`` rather than exit 2, because
  only the JSON form can set ``suppressOriginalPrompt`` (the block message must not
  echo the pasted secret back). The reason names the rules and masked values and
  points at a redacted copy of the prompt (mode 0600) the user can paste instead.
  Claude Code cannot rewrite a prompt, so blocking is the only safe answer.
* ``PreToolUse``: ``Read`` opens ``file_path`` and scans the file (the tool input is
  only a path); every other tool (``Bash``, ``WebFetch``, ``Write``, ``Edit``, MCP
  tools ...) has the strings of its ``tool_input`` scanned. Findings give
  ``permissionDecision`` ``deny`` (or ``ask``, with ``[hooks] tool_decision``).
  Nothing found gives no output, so Claude Code's own permission rules still apply.
* ``PostToolUse``: findings in ``tool_response`` are replaced and the redacted
  response, in the tool's own shape, goes back as ``updatedToolOutput``.
* Errors: exit 2 with one line on stderr blocks any event (``on_error = "block"``).
"""

from __future__ import annotations

from typing import Any

from promptguard.hooks.decision import (
    HookContext,
    HookResult,
    copy_note,
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

NAME = "claude-code"


def handle(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    event = require(payload, "hook_event_name", str, NAME)
    if event == "UserPromptSubmit":
        return _prompt(payload, ctx)
    if event == "PreToolUse":
        return _pre_tool(payload, ctx)
    if event == "PostToolUse":
        return _post_tool(payload, ctx)
    return HookResult()  # an event promptguard does not guard: no opinion


def on_error(message: str, policy: str) -> HookResult:
    return exit2_on_error(message, policy)


def _prompt(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    prompt = require(payload, "prompt", str, NAME)
    reason = prompt_block_reason(
        prompt, ctx, advice="paste it instead, or mark a line you mean to send with `promptguard: allow`"
    )
    if reason is None:
        return HookResult()
    return json_result(
        {
            "decision": "block",
            "reason": reason,
            "hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "suppressOriginalPrompt": True},
        }
    )


def _pre_tool(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    tool = require(payload, "tool_name", str, NAME)
    tool_input = require(payload, "tool_input", dict, NAME)
    if tool == "Read":
        path = require(tool_input, "file_path", str, NAME)
        scanned = scan_file(path, ctx)
        if scanned.too_large:
            reason = f"promptguard: {path} is larger than max_file_size and was not scanned for secrets"
            return _permission("ask", reason)
        if not scanned.findings:
            return HookResult()
        found = list(scanned.findings)
        note = copy_note(scanned.text, ctx, label="file")
        reason = (
            f"promptguard: {path} contains {plural(len(found), 'sensitive value')} "
            f"({rule_list(found)}):\n{describe(found)}\n"
            f"{note}: read that instead if you need the rest of the file."
        )
        return _permission(ctx.config.hook_tool_decision, reason)
    found = scan_strings(tool_input, ctx)
    if not found:
        return HookResult()
    reason = (
        f"promptguard: the {tool} input contains {plural(len(found), 'sensitive value')}:\n{describe(found)}\n"
        "Do not put secrets or personal data in tool calls; refer to them indirectly "
        "(an environment variable, a file the user controls) instead."
    )
    return _permission(ctx.config.hook_tool_decision, reason)


def _permission(decision: str, reason: str) -> HookResult:
    return json_result(
        {
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": decision,
                "permissionDecisionReason": reason,
            }
        }
    )


def _post_tool(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    tool = require(payload, "tool_name", str, NAME)
    if "tool_response" not in payload:
        return HookResult()
    redacted, found = redact_json(payload["tool_response"], ctx)
    if not found:
        return HookResult()
    output: dict[str, Any] = {
        "hookEventName": "PostToolUse",
        "updatedToolOutput": redacted,
        "additionalContext": (
            f"promptguard redacted {plural(len(found), 'sensitive value')} ({rule_list(found)}) in the {tool} output."
        ),
    }
    if tool.startswith("mcp__"):
        output["updatedMCPToolOutput"] = redacted  # the field's name before updatedToolOutput
    return json_result({"hookSpecificOutput": output})
