"""Progress on stderr for directory scans, only on a terminal and never with --quiet."""

from __future__ import annotations

import io
import itertools
import sys
from pathlib import Path

import pytest

from promptguard import cli


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for i in range(30):
        (tmp_path / f"f{i:02}.txt").write_text(f"line {i}\n")
    clock = itertools.count(0, 0.25)  # every step looks slow enough to be shown
    monkeypatch.setattr("promptguard.commands.scan.time.monotonic", lambda: next(clock))
    return tmp_path


def _scan(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO, *args: str) -> str:
    monkeypatch.setattr(sys, "stderr", stderr)
    assert cli.main(["scan", "--jobs", "1", *args]) == 0
    return stderr.getvalue()


def test_progress_on_a_terminal(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    err = _scan(monkeypatch, _Terminal(), str(tree))
    assert "\rpromptguard: scanned 2/30 files" in err
    assert "\rpromptguard: scanned 30/30 files" in err
    head, _, summary = err.rpartition("\r\033[K")  # the line is erased before the summary
    assert head and summary == "promptguard: no findings in 30 files\n"


def test_no_progress_when_piped_or_quiet(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "scanned" not in _scan(monkeypatch, io.StringIO(), str(tree))
    assert _scan(monkeypatch, _Terminal(), "--quiet", str(tree)) == ""
