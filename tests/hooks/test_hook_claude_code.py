"""Claude Code hooks on recorded payloads: exact stdout JSON and exit codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from tests.conftest import aws_key_id
from tests.hooks.conftest import payload, redacted_copies

MASKED = "AKIA************"


def test_prompt_with_key_is_blocked_without_echoing_it(project: Path, run_hook: Any) -> None:
    result = run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    assert result.code == 0, result.err
    [copy] = redacted_copies(project.parent / "state")
    expected = {
        "decision": "block",
        "reason": (
            "promptguard blocked this prompt: it contains 1 sensitive value:\n"
            f"  - aws-access-key-id: {MASKED} (high, line 2)\n"
            f"A redacted copy is at {copy}: paste it instead, or mark a line you mean to send "
            "with `promptguard: allow`."
        ),
        "hookSpecificOutput": {"hookEventName": "UserPromptSubmit", "suppressOriginalPrompt": True},
    }
    assert result.out == json.dumps(expected) + "\n"
    assert result.err == ""
    assert aws_key_id() not in result.out + result.err


def test_redacted_copy_is_private_and_clean(project: Path, run_hook: Any) -> None:
    run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    [copy] = redacted_copies(project.parent / "state")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    text = copy.read_text(encoding="utf-8")
    assert aws_key_id() not in text
    assert text == "Why does this fail?\naws s3 ls --profile prod  # key [REDACTED:aws_access_key_id]\n"


def test_redacted_copy_goes_to_configured_dir(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text('[hooks]\nredacted_prompt_dir = "copies"\n')
    result = run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    [copy] = sorted((project / "copies").glob("prompt-*.txt"))
    assert str(copy) in result.json()["reason"]


def test_clean_prompt_gives_no_output(project: Path, run_hook: Any) -> None:
    data = payload("claude_code_user_prompt_submit", CWD=str(project))
    data["prompt"] = "Please summarise the design document in three bullet points."
    result = run_hook("claude-code", data)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_finding_below_hook_threshold_is_allowed(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text('[hooks]\nfail_on = "critical"\n')
    result = run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    assert (result.code, result.out) == (0, "")


def test_allow_marker_in_prompt_lets_the_line_through(project: Path, run_hook: Any) -> None:
    data = payload("claude_code_user_prompt_submit", CWD=str(project))
    data["prompt"] = f"test fixture {aws_key_id()}  # promptguard: allow\n"
    result = run_hook("claude-code", data)
    assert (result.code, result.out) == (0, "")


def test_read_of_file_with_key_is_denied(project: Path, run_hook: Any) -> None:
    secret = project / ".env"
    secret.write_text(f"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={aws_key_id()}\n")
    result = run_hook("claude-code", payload("claude_code_pre_tool_use_read", CWD=str(project), FILE=str(secret)))
    assert result.code == 0, result.err
    [copy] = redacted_copies(project.parent / "state")
    assert copy.name.startswith("file-")
    expected = {
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": (
                f"promptguard: {secret} contains 1 sensitive value (aws-access-key-id):\n"
                f"  - aws-access-key-id: {MASKED} (high, line 2)\n"
                f"A redacted copy is at {copy}: read that instead if you need the rest of the file."
            ),
        }
    }
    assert result.out == json.dumps(expected) + "\n"
    assert aws_key_id() not in copy.read_text()


def test_read_decision_can_be_ask(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text('[hooks]\ntool_decision = "ask"\n')
    secret = project / "creds.txt"
    secret.write_text(f"key {aws_key_id()}\n")
    result = run_hook("claude-code", payload("claude_code_pre_tool_use_read", CWD=str(project), FILE=str(secret)))
    assert result.json()["hookSpecificOutput"]["permissionDecision"] == "ask"


def test_read_of_clean_missing_or_allowlisted_file_gives_no_output(project: Path, run_hook: Any) -> None:
    clean = project / "README.md"
    clean.write_text("# demo\n")
    fixtures = project / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    allowed = fixtures / "fake.env"
    allowed.write_text(f"AWS_ACCESS_KEY_ID={aws_key_id()}\n")
    (project / ".promptguard.toml").write_text('[allowlist]\npaths = ["tests/fixtures/**"]\n')
    for path in (clean, project / "missing.txt", allowed):
        result = run_hook("claude-code", payload("claude_code_pre_tool_use_read", CWD=str(project), FILE=str(path)))
        assert (result.code, result.out, result.err) == (0, "", ""), path


def test_read_of_huge_file_asks(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text("max_file_size = 100\n")
    big = project / "big.log"
    big.write_text("x" * 200)
    result = run_hook("claude-code", payload("claude_code_pre_tool_use_read", CWD=str(project), FILE=str(big)))
    decision = result.json()["hookSpecificOutput"]
    assert decision["permissionDecision"] == "ask"
    assert "not scanned" in decision["permissionDecisionReason"]


def test_bash_command_with_key_is_denied(project: Path, run_hook: Any) -> None:
    result = run_hook("claude-code", payload("claude_code_pre_tool_use_bash", CWD=str(project)))
    expected = {
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": (
                "promptguard: the Bash input contains 1 sensitive value:\n"
                f"  - aws-access-key-id: {MASKED} (high, line 1)\n"
                "Do not put secrets or personal data in tool calls; refer to them indirectly "
                "(an environment variable, a file the user controls) instead."
            ),
        }
    }
    assert result.out == json.dumps(expected) + "\n"
    assert result.code == 0


def test_webfetch_and_mcp_inputs_are_scanned(project: Path, run_hook: Any) -> None:
    base = payload("claude_code_pre_tool_use_bash", CWD=str(project))
    for tool, tool_input in (
        ("WebFetch", {"url": f"https://example.net/?key={aws_key_id()}", "prompt": "summarise"}),
        ("mcp__github__create_issue", {"title": "leak", "body": {"text": f"the key is {aws_key_id()}"}}),
    ):
        result = run_hook("claude-code", {**base, "tool_name": tool, "tool_input": tool_input})
        assert result.json()["hookSpecificOutput"]["permissionDecision"] == "deny", tool


def test_post_tool_use_redacts_output_in_the_tools_shape(project: Path, run_hook: Any) -> None:
    result = run_hook("claude-code", payload("claude_code_post_tool_use_bash", CWD=str(project)))
    expected = {
        "hookSpecificOutput": {
            "hookEventName": "PostToolUse",
            "updatedToolOutput": {
                "stdout": "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\n",
                "stderr": "",
                "interrupted": False,
                "isImage": False,
            },
            "additionalContext": "promptguard redacted 1 sensitive value (aws-access-key-id) in the Bash output.",
        }
    }
    assert result.out == json.dumps(expected) + "\n"
    assert aws_key_id() not in result.out


def test_post_tool_use_mcp_also_sets_legacy_field(project: Path, run_hook: Any) -> None:
    data = payload("claude_code_post_tool_use_bash", CWD=str(project))
    data["tool_name"] = "mcp__db__query"
    data["tool_response"] = [{"type": "text", "text": f"row: {aws_key_id()}"}]
    output = run_hook("claude-code", data).json()["hookSpecificOutput"]
    redacted = [{"type": "text", "text": "row: [REDACTED:aws_access_key_id]"}]
    assert output["updatedToolOutput"] == redacted
    assert output["updatedMCPToolOutput"] == redacted


def test_post_tool_use_clean_output_gives_no_output(project: Path, run_hook: Any) -> None:
    data = payload("claude_code_post_tool_use_bash", CWD=str(project))
    data["tool_response"] = {"stdout": "ok\n", "stderr": "", "interrupted": False, "isImage": False}
    assert run_hook("claude-code", data).out == ""


def test_events_not_guarded_give_no_output(project: Path, run_hook: Any) -> None:
    data = {"session_id": "s", "cwd": str(project), "hook_event_name": "Stop", "stop_hook_active": False}
    result = run_hook("claude-code", data)
    assert (result.code, result.out, result.err) == (0, "", "")
