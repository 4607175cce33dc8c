"""Running agent hooks on recorded payloads (tests/fixtures/hooks/*.json).

The payloads keep each agent's documented shape; ``${AWS_KEY}``, ``${CWD}`` and
``${FILE}`` are filled in at run time so no credential-looking value is committed.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from promptguard import cli
from tests.conftest import aws_key_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hooks"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def payload(name: str, **values: str) -> dict[str, Any]:
    """A recorded payload with its placeholders filled in."""
    filled = {"AWS_KEY": aws_key_id(), **values}

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            for key, text in filled.items():
                value = value.replace("${" + key + "}", text)
            return value
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    data: dict[str, Any] = fill(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))
    return data


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory as the agent's cwd; redacted copies go to a temp state dir."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return root


@pytest.fixture
def run_hook(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run ``promptguard hook AGENT`` in-process with ``data`` on stdin."""

    def run(agent: str, data: dict[str, Any] | str | bytes, *args: str) -> Outcome:
        raw = data if isinstance(data, bytes) else (data if isinstance(data, str) else json.dumps(data)).encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
        capsys.readouterr()
        code = cli.main(["hook", agent, *args])
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


def redacted_copies(state: Path) -> list[Path]:
    return sorted((state / "promptguard" / "redacted").glob("*.txt"))
