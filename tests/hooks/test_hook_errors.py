"""The on_error policy: malformed input, crashes and timeouts never pass silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import aws_key_id, run_cli
from tests.hooks.conftest import payload

BLOCK_LINE = "promptguard: claude-code: hook input is not valid JSON (line 1, column 2); blocked (on_error = block)\n"


def test_malformed_json_blocks_by_default_with_one_line(project: Path, run_hook: Any) -> None:
    result = run_hook("claude-code", b"{not json")
    assert (result.code, result.out, result.err) == (2, "", BLOCK_LINE)


def test_malformed_json_with_allow_policy(project: Path, run_hook: Any) -> None:
    result = run_hook("claude-code", b"{not json", "--on-error", "allow")
    assert result.code == 0
    assert result.out == ""
    assert result.err == BLOCK_LINE.replace("blocked (on_error = block)", "allowed (on_error = allow)")


def test_config_on_error_allow_applies_once_the_payload_is_read(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text('[hooks]\non_error = "allow"\n')
    data = {"hook_event_name": "UserPromptSubmit", "cwd": str(project), "prompt": 42}
    result = run_hook("claude-code", data)
    assert result.code == 0
    assert result.err == "promptguard: claude-code: 'prompt' must be a string (got int); allowed (on_error = allow)\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "claude-code: empty hook input (expected the agent's JSON on stdin)"),
        (b"[1, 2]", "claude-code: hook input must be a JSON object, got list"),
        (b'{"prompt": "x"}', "claude-code: 'hook_event_name' must be a string (missing)"),
        (
            b'{"hook_event_name": "PreToolUse", "tool_name": "Read", "tool_input": "x"}',
            "claude-code: 'tool_input' must be an object (got str)",
        ),
        (b"\x00\x01binary", "claude-code: hook input is binary, not JSON"),
    ],
)
def test_bad_payloads_are_one_line(project: Path, run_hook: Any, data: bytes, message: str) -> None:
    result = run_hook("claude-code", data)
    assert result.code == 2
    assert result.err == f"promptguard: {message}; blocked (on_error = block)\n"


def test_crash_inside_the_scanner_blocks(project: Path, run_hook: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from promptguard.scanner import Scanner

    def boom(self: Scanner, text: str, *, path: str | None = None) -> list[Any]:
        raise RuntimeError(text)  # the message would hold the prompt: it must not be shown

    monkeypatch.setattr(Scanner, "scan", boom)
    monkeypatch.delenv("PROMPTGUARD_DEBUG", raising=False)
    result = run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    assert result.code == 2
    assert result.err == (
        "promptguard: internal error (RuntimeError); rerun with PROMPTGUARD_DEBUG=1; blocked (on_error = block)\n"
    )
    assert aws_key_id() not in result.out + result.err


def test_invalid_config_blocks_with_the_config_error(project: Path, run_hook: Any) -> None:
    (project / ".promptguard.toml").write_text('[hooks]\nfail_on = "severe"\n')
    result = run_hook("claude-code", payload("claude_code_user_prompt_submit", CWD=str(project)))
    assert result.code == 2
    assert "'hook_fail_on': expected one of low, medium, high, critical" in result.err
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("agent", "code", "stdout"),
    [
        ("codex", 2, None),
        ("gemini", 2, None),
        ("cursor", 2, "deny"),
    ],
)
def test_every_agent_fails_closed(project: Path, run_hook: Any, agent: str, code: int, stdout: str | None) -> None:
    result = run_hook(agent, b"{oops")
    assert result.code == code
    assert result.err.endswith("blocked (on_error = block)\n") and result.err.count("\n") == 1
    if stdout is None:
        assert result.out == ""
    else:
        answer = json.loads(result.out)
        assert answer["permission"] == stdout and answer["continue"] is False


def test_timeout_applies_the_policy_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".promptguard.toml").write_text("[hooks]\ntimeout = 0.001\n")
    data = payload("claude_code_user_prompt_submit", CWD=str(tmp_path))
    result = run_cli("hook", "claude-code", stdin=json.dumps(data), cwd=tmp_path, env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr == "promptguard: hook timed out after 0.001s; blocked (on_error = block)\n"
    assert "Traceback" not in result.stderr


def test_files_are_refused_for_agent_hooks(tmp_path: Path) -> None:
    result = run_cli("hook", "claude-code", "somefile.txt", stdin=b"{}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "promptguard: unrecognized arguments: somefile.txt (see 'promptguard --help')\n"
