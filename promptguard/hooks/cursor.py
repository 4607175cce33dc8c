"""Cursor hooks: ``beforeSubmitPrompt``, ``beforeReadFile``, shell and MCP gates.

* ``beforeSubmitPrompt``: the prompt and its attached files are scanned; findings
  give ``{"continue": false, "user_message": ...}`` (Cursor cannot rewrite a
  prompt), with a redacted copy of the prompt the user can paste instead.
* ``beforeReadFile`` / ``beforeTabFileRead``: Cursor hands over the ``content``; it
  is scanned (the file is read only when ``content`` is missing) and findings give
  ``{"permission": "deny"}``.
* ``beforeShellExecution`` / ``beforeMCPExecution``: the command, URL and tool input
  are scanned; findings give ``permission`` ``deny`` (or ``ask`` with
  ``[hooks] tool_decision``).
* Errors with ``on_error = "block"``: a deny/stop answer on stdout *and* exit code 2
  (which Cursor also treats as "block"), one line on stderr.
"""

from __future__ import annotations

import json
from typing import Any

from promptguard.hooks.decision import (
    HookContext,
    HookResult,
    describe,
    error_line,
    json_result,
    optional,
    plural,
    prompt_block_reason,
    require,
    scan_file,
    scan_strings,
)

NAME = "cursor"
_READ_EVENTS = ("beforeReadFile", "beforeTabFileRead")
_TOOL_EVENTS = ("beforeShellExecution", "beforeMCPExecution")


def handle(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    event = require(payload, "hook_event_name", str, NAME)
    if event == "beforeSubmitPrompt":
        return _prompt(payload, ctx)
    if event in _READ_EVENTS:
        return _read(payload, ctx)
    if event in _TOOL_EVENTS:
        return _tool(payload, ctx, event)
    return json_result({})


def on_error(message: str, policy: str) -> HookResult:
    line = error_line(message, policy)
    if policy != "block":
        return HookResult("", line, 0)
    text = line.strip()
    # One answer that every gated event understands: prompt events read "continue",
    # permission events read "permission".
    answer = {"continue": False, "permission": "deny", "user_message": text, "agent_message": text}
    return json_result(answer, exit_code=2, stderr=line)


def _prompt(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    prompt = require(payload, "prompt", str, NAME)
    message = prompt_block_reason(prompt, ctx)
    if message is not None:
        return json_result({"continue": False, "user_message": message})
    for attachment in optional(payload, "attachments", list, NAME) or []:
        path = _attachment_path(attachment)
        if path is None:
            continue
        scanned = scan_file(path, ctx)
        if scanned.findings:
            found = list(scanned.findings)
            message = (
                f"promptguard blocked this prompt: the attached file {path} contains "
                f"{plural(len(found), 'sensitive value')}:\n{describe(found)}"
            )
            return json_result({"continue": False, "user_message": message})
    return json_result({"continue": True})


def _attachment_path(attachment: Any) -> str | None:
    if not isinstance(attachment, dict) or attachment.get("type", "file") != "file":
        return None
    path = attachment.get("filePath", attachment.get("file_path"))
    return path if isinstance(path, str) and path else None


def _read(payload: dict[str, Any], ctx: HookContext) -> HookResult:
    path = require(payload, "file_path", str, NAME)
    content = optional(payload, "content", str, NAME)
    scanned = scan_file(path, ctx, content=content)
    if scanned.too_large:
        return _deny(f"promptguard: {path} is larger than max_file_size and was not scanned for secrets")
    if not scanned.findings:
        return json_result({"permission": "allow"})
    found = list(scanned.findings)
    return _deny(f"promptguard: {path} contains {plural(len(found), 'sensitive value')}:\n{describe(found)}")


def _tool(payload: dict[str, Any], ctx: HookContext, event: str) -> HookResult:
    parts: list[Any] = []
    for key in ("command", "url", "tool_input"):
        value = payload.get(key)
        if key == "tool_input" and isinstance(value, str):
            value = _maybe_json(value)
        parts.append(value)
    found = scan_strings(parts, ctx)
    if not found:
        return json_result({"permission": "allow"})
    what = "shell command" if event == "beforeShellExecution" else "MCP tool call"
    message = (
        f"promptguard: the {what} contains {plural(len(found), 'sensitive value')}:\n{describe(found)}\n"
        "Refer to secrets indirectly (an environment variable) instead of writing them out."
    )
    decision = ctx.config.hook_tool_decision
    return json_result({"permission": decision, "user_message": message, "agent_message": message})


def _deny(message: str) -> HookResult:
    return json_result({"permission": "deny", "user_message": message, "agent_message": message})


def _maybe_json(text: str) -> Any:
    """MCP tool input arrives as a JSON string in some Cursor versions."""
    try:
        return json.loads(text)
    except ValueError:
        return text
