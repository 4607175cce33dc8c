"""``check_messages`` / ``redact_messages`` on OpenAI- and Anthropic-style message lists."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import promptguard
from promptguard.config import Config
from tests.conftest import aws_key_id

CONFIG = Config()
PLACEHOLDER = "[REDACTED:aws_access_key_id]"


def openai_messages() -> list[dict[str, Any]]:
    key = aws_key_id()
    return [
        {"role": "system", "content": "You are a release assistant."},
        {"role": "user", "content": f"deploy with {key}"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": f"again: {key}"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "deploy", "arguments": f'{{"key": "{key}"}}'}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"},
    ]


def anthropic_messages() -> list[dict[str, Any]]:
    key = aws_key_id()
    return [
        {"role": "user", "content": [{"type": "text", "text": f"key {key}"}]},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "bash", "input": {"command": f"echo {key}"}}],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": f"{key}\n"}]},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
            ],
        },
    ]


def test_check_messages_raises_with_masked_findings() -> None:
    with pytest.raises(promptguard.PromptLeakError) as info:
        promptguard.check_messages(openai_messages(), config=CONFIG)
    error = info.value
    assert [f.path for f in error.findings] == [
        "messages[1].content",
        "messages[2].content[0].text",
        "messages[3].tool_calls[0].function.arguments",
    ]
    assert all(f.value == "" and f.masked == "AKIA************" for f in error.findings)
    assert aws_key_id() not in str(error) + repr(error.findings)
    assert str(error).startswith("messages would leak 3 sensitive values: messages[1].content: aws-access-key-id AKIA")
    assert isinstance(error, promptguard.PromptguardError)


def test_check_messages_anthropic_shapes() -> None:
    with pytest.raises(promptguard.PromptLeakError) as info:
        promptguard.check_messages(anthropic_messages(), config=CONFIG)
    assert [f.path for f in info.value.findings] == [
        "messages[0].content[0].text",
        "messages[1].content[0].input.command",
        "messages[2].content[0].content[0].text",
    ]


def test_check_messages_passes_clean_and_below_threshold() -> None:
    promptguard.check_messages([{"role": "user", "content": "hello"}], config=CONFIG)
    promptguard.check_messages(openai_messages(), config=Config(hook_fail_on="critical"))


def test_redact_messages_returns_new_lists_and_keeps_shape() -> None:
    for build in (openai_messages, anthropic_messages):
        original = build()
        before = copy.deepcopy(original)
        redacted = promptguard.redact_messages(original, config=CONFIG)
        assert original == before  # never mutated
        assert redacted is not original and redacted[0] is not original[0]
        text = repr(redacted)
        assert aws_key_id() not in text
        assert PLACEHOLDER in text

    redacted = promptguard.redact_messages(openai_messages(), config=CONFIG)
    assert redacted[1] == {"role": "user", "content": f"deploy with {PLACEHOLDER}"}
    assert redacted[2]["content"][1] == openai_messages()[2]["content"][1]  # image part untouched
    assert redacted[3]["tool_calls"][0]["function"] == {"name": "deploy", "arguments": f'{{"key": "{PLACEHOLDER}"}}'}
    anthropic = promptguard.redact_messages(anthropic_messages(), config=CONFIG)
    assert anthropic[2]["content"][0]["content"][0]["text"] == f"{PLACEHOLDER}\n"
    assert anthropic[2]["content"][1] == anthropic_messages()[2]["content"][1]


def test_redact_messages_style() -> None:
    redacted = promptguard.redact_messages([{"role": "user", "content": aws_key_id()}], style="mask", config=CONFIG)
    assert redacted == [{"role": "user", "content": "AKIA************"}]


def test_sdk_objects_are_accepted() -> None:
    class Message:
        def model_dump(self, *, exclude_none: bool = False) -> dict[str, Any]:
            return {"role": "assistant", "content": f"use {aws_key_id()}"}

    assert promptguard.redact_messages([Message()], config=CONFIG) == [{"role": "assistant", "content": f"use {PLACEHOLDER}"}]


@pytest.mark.parametrize("bad", ["just a string", [1], [["role", "user"]]])
def test_wrong_shapes_are_input_errors(bad: Any) -> None:
    with pytest.raises(promptguard.InputError):
        promptguard.redact_messages(bad, config=CONFIG)


def test_odd_shapes_inside_messages_are_walked_not_crashed() -> None:
    messages = [{"role": "user", "content": [{"type": ["text"], "text": aws_key_id()}, 42, None, {"nested": (aws_key_id(),)}]}]
    redacted = promptguard.redact_messages(messages, config=CONFIG)
    assert aws_key_id() not in repr(redacted)
