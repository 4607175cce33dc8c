"""The project's own quality gates run with the tests: ruff and mypy --strict."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def _tool(name: str) -> list[str]:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (install the test extra)")
    return [sys.executable, "-m", name]


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "promptguard"]], ids=["lint", "format"])
def test_ruff(args: list[str]) -> None:
    result = subprocess.run([*_tool("ruff"), *args], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = subprocess.run([*_tool("mypy")], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
