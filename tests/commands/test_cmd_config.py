"""``promptguard config show``: effective values and where each came from."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from promptguard import cli


def show(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["config", "show", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_origins_of_project_user_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user = Path(os.environ["XDG_CONFIG_HOME"]) / "promptguard" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('redact_style = "mask"\n[hooks]\non_error = "allow"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.promptguard]\nfail_on = "high"\n[tool.promptguard.hooks]\ntimeout = 3\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = show(capsys, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["config"]["fail_on"] == "high" and report["origins"]["fail_on"] == str(tmp_path / "pyproject.toml")
    assert report["config"]["hook_timeout"] == 3.0 and report["origins"]["hook_timeout"] == str(tmp_path / "pyproject.toml")
    assert report["config"]["redact_style"] == "mask" and report["origins"]["redact_style"] == str(user)
    assert report["origins"]["on_error"] == str(user)
    assert report["origins"]["hook_fail_on"] == "default"
    assert report["files"] == [str(user), str(tmp_path / "pyproject.toml")]


def test_text_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".promptguard.toml").write_text('[hooks]\nfail_on = "high"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = show(capsys, "--no-user-config")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"# files read: {tmp_path / '.promptguard.toml'}"
    hook_line = next(line for line in lines if line.startswith("hook_fail_on ="))
    assert hook_line.split("#")[0].strip() == 'hook_fail_on = "high"'
    assert hook_line.endswith(f"# {tmp_path / '.promptguard.toml'}")
    assert next(line for line in lines if line.startswith("baseline =")).startswith("baseline = (not set)")


def test_invalid_config_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".promptguard.toml").write_text('[hooks]\ntool_decision = "maybe"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = show(capsys)
    assert code == 2 and out == ""
    assert err == f"promptguard: {tmp_path / '.promptguard.toml'}: 'hook_tool_decision': expected one of deny, ask, got 'maybe'\n"


def test_show_for_another_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".promptguard.toml").write_text("decode = false\n")
    code, out, _ = show(capsys, str(tmp_path / "sub"), "--format", "json", "--no-user-config")
    assert code == 0 and json.loads(out)["config"]["decode"] is False
