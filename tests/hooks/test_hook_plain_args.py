"""The parser-free path for `promptguard hook AGENT` builds exactly argparse's namespace."""

from __future__ import annotations

import pytest

from promptguard.arguments import build_parser
from promptguard.commands.hook import AGENTS, plain_args


@pytest.mark.parametrize("agent", [name for name in AGENTS if name != "pre-commit"])
def test_plain_hook_arguments_equal_argparse(agent: str) -> None:
    arguments = ["hook", agent]
    assert vars(plain_args(arguments)) == vars(build_parser("hook").parse_args(arguments))


@pytest.mark.parametrize(
    "arguments",
    [["hook", "pre-commit"], ["hook", "claude-code", "--on-error", "allow"], ["hook", "nope"], ["scan", "-"], ["hook"]],
)
def test_anything_else_goes_through_argparse(arguments: list[str]) -> None:
    assert plain_args(arguments) is None
