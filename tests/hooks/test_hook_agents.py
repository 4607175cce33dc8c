"""Cursor, Gemini CLI and Codex hooks on recorded payloads: exact answers and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import aws_key_id
from tests.hooks.conftest import payload, redacted_copies

MASKED = "AKIA************"
LISTED = f"  - aws-access-key-id: {MASKED} (high, line 1)"


# -- Cursor -----------------------------------------------------------------------------


def test_cursor_prompt_with_key_is_stopped(project: Path, run_hook: Any) -> None:
    result = run_hook("cursor", payload("cursor_before_submit_prompt", CWD=str(project)))
    [copy] = redacted_copies(project.parent / "state")
    message = (
        f"promptguard blocked this prompt: it contains 1 sensitive value:\n{LISTED}\n"
        f"A redacted copy is at {copy}: paste it instead."
    )
    assert result.out == json.dumps({"continue": False, "user_message": message}) + "\n"
    assert result.code == 0


def test_cursor_clean_prompt_continues(project: Path, run_hook: Any) -> None:
    data = payload("cursor_before_submit_prompt", CWD=str(project))
    data["prompt"] = "rename the function"
    assert run_hook("cursor", data).out == '{"continue": true}\n'


def test_cursor_attached_file_with_key_stops_the_prompt(project: Path, run_hook: Any) -> None:
    secret = project / "deploy.env"
    secret.write_text(f"AWS_ACCESS_KEY_ID={aws_key_id()}\n")
    data = payload("cursor_before_submit_prompt", CWD=str(project))
    data["prompt"] = "explain this file"
    data["attachments"] = [{"type": "rule", "filePath": str(project / "rule.mdc")}, {"type": "file", "filePath": str(secret)}]
    answer = run_hook("cursor", data).json()
    assert answer == {
        "continue": False,
        "user_message": (
            f"promptguard blocked this prompt: the attached file {secret} contains 1 sensitive value:\n"
            f"  - aws-access-key-id: {MASKED} (high, line 1)"
        ),
    }


def test_cursor_read_of_content_with_key_is_denied(project: Path, run_hook: Any) -> None:
    target = project / ".env"
    result = run_hook("cursor", payload("cursor_before_read_file", CWD=str(project), FILE=str(target)))
    message = f"promptguard: {target} contains 1 sensitive value:\n{LISTED}"
    assert result.out == json.dumps({"permission": "deny", "user_message": message, "agent_message": message}) + "\n"


def test_cursor_read_of_clean_content_is_allowed(project: Path, run_hook: Any) -> None:
    data = payload("cursor_before_read_file", CWD=str(project), FILE=str(project / "a.py"))
    data["content"] = "print('hello')\n"
    assert run_hook("cursor", data).out == '{"permission": "allow"}\n'


def test_cursor_shell_and_mcp_with_key_are_denied(project: Path, run_hook: Any) -> None:
    for name, what in (("cursor_before_shell_execution", "shell command"), ("cursor_before_mcp_execution", "MCP tool call")):
        answer = run_hook("cursor", payload(name, CWD=str(project))).json()
        assert answer["permission"] == "deny", name
        assert answer["agent_message"].startswith(f"promptguard: the {what} contains 1 sensitive value:\n{LISTED}")
        assert aws_key_id() not in json.dumps(answer)


def test_cursor_clean_shell_command_is_allowed(project: Path, run_hook: Any) -> None:
    data = payload("cursor_before_shell_execution", CWD=str(project))
    data["command"] = "ls -la"
    assert run_hook("cursor", data).out == '{"permission": "allow"}\n'


# -- Gemini CLI -------------------------------------------------------------------------


def test_gemini_prompt_with_key_is_denied(project: Path, run_hook: Any) -> None:
    result = run_hook("gemini", payload("gemini_before_agent", CWD=str(project)))
    [copy] = redacted_copies(project.parent / "state")
    reason = (
        f"promptguard blocked this prompt: it contains 1 sensitive value:\n{LISTED}\n"
        f"A redacted copy is at {copy}: paste it instead."
    )
    assert result.out == json.dumps({"decision": "deny", "reason": reason}) + "\n"
    assert result.code == 0


def test_gemini_clean_prompt_prints_empty_json(project: Path, run_hook: Any) -> None:
    data = payload("gemini_before_agent", CWD=str(project))
    data["prompt"] = "what does main.py do?"
    assert run_hook("gemini", data).out == "{}\n"


def test_gemini_before_model_rewrites_the_request(project: Path, run_hook: Any) -> None:
    result = run_hook("gemini", payload("gemini_before_model", CWD=str(project)))
    expected = {
        "hookSpecificOutput": {
            "hookEventName": "BeforeModel",
            "llm_request": {
                "messages": [
                    {"role": "system", "content": "You are a helpful assistant."},
                    {"role": "user", "content": "Summarise the file."},
                    {
                        "role": "model",
                        "content": "The file sets AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id] for the deploy job.",
                    },
                ]
            },
        },
        "systemMessage": "promptguard redacted 1 sensitive value (aws-access-key-id) before the model call",
    }
    assert result.out == json.dumps(expected) + "\n"


def test_gemini_before_tool_read_file_is_denied(project: Path, run_hook: Any) -> None:
    secret = project / "creds"
    secret.write_text(f"{aws_key_id()}\n")
    result = run_hook("gemini", payload("gemini_before_tool", CWD=str(project), FILE=str(secret)))
    reason = f"promptguard: {secret} contains 1 sensitive value:\n{LISTED}"
    assert result.out == json.dumps({"decision": "deny", "reason": reason}) + "\n"


def test_gemini_before_tool_shell_input_is_denied(project: Path, run_hook: Any) -> None:
    data = payload("gemini_before_tool", CWD=str(project), FILE="")
    data["tool_name"] = "run_shell_command"
    data["tool_input"] = {"command": f"export KEY={aws_key_id()}"}
    assert run_hook("gemini", data).json()["decision"] == "deny"


def test_gemini_after_tool_replaces_output(project: Path, run_hook: Any) -> None:
    result = run_hook("gemini", payload("gemini_after_tool", CWD=str(project)))
    expected = {
        "hookSpecificOutput": {
            "hookEventName": "AfterTool",
            "tool_output": "HOME=/home/user\nAWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\n",
        },
        "systemMessage": "promptguard redacted 1 sensitive value (aws-access-key-id) in a tool result",
    }
    assert result.out == json.dumps(expected) + "\n"


# -- Codex ------------------------------------------------------------------------------


def test_codex_prompt_with_key_is_blocked(project: Path, run_hook: Any) -> None:
    result = run_hook("codex", payload("codex_user_prompt_submit", CWD=str(project)))
    [copy] = redacted_copies(project.parent / "state")
    reason = (
        f"promptguard blocked this prompt: it contains 1 sensitive value:\n{LISTED}\n"
        f"A redacted copy is at {copy}: paste it instead."
    )
    # Codex's output schema is closed: only decision and reason here.
    assert result.out == json.dumps({"decision": "block", "reason": reason}) + "\n"
    assert result.code == 0


def test_codex_clean_prompt_prints_nothing(project: Path, run_hook: Any) -> None:
    data = payload("codex_user_prompt_submit", CWD=str(project))
    data["prompt"] = "add a unit test"
    assert (run_hook("codex", data).out, run_hook("codex", data).code) == ("", 0)


def test_relative_paths_resolve_against_the_agents_cwd(project: Path, run_hook: Any, tmp_path: Path, monkeypatch: Any) -> None:
    (project / "conf").mkdir()
    (project / "conf" / "prod.env").write_text(f"AWS_ACCESS_KEY_ID={aws_key_id()}\n")
    monkeypatch.chdir(tmp_path)  # the hook process runs elsewhere
    answer = run_hook("gemini", payload("gemini_before_tool", CWD=str(project), FILE="conf/prod.env")).json()
    assert answer["decision"] == "deny"
    assert answer["reason"].startswith("promptguard: conf/prod.env contains 1 sensitive value")
