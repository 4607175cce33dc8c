"""Fuzz targets run briefly in CI: under atheris when it is installed, else on random bytes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import fuzz_scanner

TARGETS = sorted((Path(__file__).resolve().parent.parent / "fuzz").glob("fuzz_*.py"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_scanner_target_on_random_bytes(data: bytes) -> None:
    fuzz_scanner.test_one_input(data)


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
@pytest.mark.parametrize("target", TARGETS, ids=lambda p: p.name)
def test_short_atheris_run(target: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(target), "-runs=2000", "-max_len=4096"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=target.parent.parent.parent,
        env={"PYTHONPATH": str(target.parent.parent.parent), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
