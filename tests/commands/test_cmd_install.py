"""``promptguard install/uninstall``: idempotent merges that keep the user's settings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from promptguard import cli

EXISTING = {
    "model": "opus",
    "permissions": {"deny": ["Read(./.env)"]},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./audit.sh"}]}],
        "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
    },
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    return home


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ours(command: str) -> bool:
    return "hook claude-code" in command


def test_install_merges_and_keeps_everything(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps(EXISTING, indent=4))
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 0, err
    data = json.loads(settings.read_text())
    assert data["model"] == "opus" and data["permissions"] == EXISTING["permissions"]
    assert data["hooks"]["Stop"] == EXISTING["hooks"]["Stop"]
    pre = data["hooks"]["PreToolUse"]
    assert pre[0] == EXISTING["hooks"]["PreToolUse"][0]  # the user's group first, untouched
    assert pre[1]["matcher"].startswith("Read|Bash")
    [handler] = pre[1]["hooks"]
    assert handler["type"] == "command" and handler["command"].endswith("hook claude-code") and handler["timeout"] == 10
    assert "matcher" not in data["hooks"]["UserPromptSubmit"][0]
    assert "PostToolUse" in data["hooks"]
    [backup] = list(settings.parent.glob("settings.json.*.promptguard.bak"))
    assert json.loads(backup.read_text()) == EXISTING
    assert "installed Claude Code hooks" in err and "backup" in err


def test_install_twice_changes_nothing(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "install", "claude-code")
    settings = home / ".claude" / "settings.json"
    first = settings.read_text()
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 0
    assert settings.read_text() == first
    assert "already installed" in err
    assert list(settings.parent.glob("*.bak")) == []  # a new file needs no backup; an unchanged one neither


def test_reinstall_updates_our_entry_in_place(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    old = {
        "hooks": {
            "UserPromptSubmit": [
                {"hooks": [{"type": "command", "command": "/old/venv/bin/promptguard hook claude-code", "timeout": 3}]},
                {"hooks": [{"type": "command", "command": "./other.sh"}]},
            ]
        }
    }
    settings.write_text(json.dumps(old))
    run(capsys, "install", "claude-code")
    groups = json.loads(settings.read_text())["hooks"]["UserPromptSubmit"]
    assert len(groups) == 2
    assert groups[0]["hooks"][0]["timeout"] == 10 and "/old/" not in groups[0]["hooks"][0]["command"]
    assert groups[1] == old["hooks"]["UserPromptSubmit"][1]


def test_uninstall_removes_only_ours(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps(EXISTING))
    run(capsys, "install", "claude-code")
    # a user handler added to our group after install survives uninstall
    data = json.loads(settings.read_text())
    data["hooks"]["UserPromptSubmit"][0]["hooks"].append({"type": "command", "command": "./log-prompt.sh"})
    settings.write_text(json.dumps(data))
    code, _, err = run(capsys, "uninstall", "claude-code")
    assert code == 0, err
    after = json.loads(settings.read_text())
    assert after["hooks"]["PreToolUse"] == EXISTING["hooks"]["PreToolUse"]
    assert after["hooks"]["Stop"] == EXISTING["hooks"]["Stop"]
    assert "PostToolUse" not in after["hooks"]
    assert after["hooks"]["UserPromptSubmit"] == [{"hooks": [{"type": "command", "command": "./log-prompt.sh"}]}]
    assert not any(ours(h["command"]) for groups in after["hooks"].values() for g in groups for h in g["hooks"])
    code, _, err = run(capsys, "uninstall", "claude-code")
    assert code == 0 and "not installed" in err


def test_install_then_uninstall_restores_the_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps(EXISTING))
    run(capsys, "install", "claude-code")
    run(capsys, "uninstall", "claude-code")
    assert json.loads(settings.read_text()) == EXISTING


def test_project_scope_uses_a_portable_command(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "install", "claude-code", "--project")
    assert code == 0
    data = json.loads((Path.cwd() / ".claude" / "settings.json").read_text())
    assert data["hooks"]["UserPromptSubmit"][0]["hooks"][0]["command"] == "promptguard hook claude-code"
    assert not (home / ".claude").exists()


@pytest.mark.parametrize(
    ("agent", "path", "check"),
    [
        (
            "cursor",
            ".cursor/hooks.json",
            lambda d: d["version"] == 1 and d["hooks"]["beforeSubmitPrompt"][0]["command"].endswith("hook cursor"),
        ),
        ("gemini", ".gemini/settings.json", lambda d: d["hooks"]["BeforeModel"][0]["hooks"][0]["timeout"] == 10000),
        ("codex", ".codex/hooks.json", lambda d: list(d["hooks"]) == ["UserPromptSubmit"]),
    ],
)
def test_other_agents(home: Path, capsys: pytest.CaptureFixture[str], agent: str, path: str, check: Any) -> None:
    target = home / path
    target.parent.mkdir()
    target.write_text(json.dumps({"keep": True}))
    assert run(capsys, "install", agent)[0] == 0
    data = json.loads(target.read_text())
    assert data["keep"] is True and check(data)
    first = target.read_text()
    run(capsys, "install", agent)
    assert target.read_text() == first
    run(capsys, "uninstall", agent)
    assert json.loads(target.read_text()) == ({"keep": True, "version": 1} if agent == "cursor" else {"keep": True})


def test_invalid_json_is_refused_untouched(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"model": "opus",}')
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 2
    assert err.count("\n") == 1 and "not valid JSON (line 1" in err
    assert settings.read_text() == '{"model": "opus",}'


def test_hooks_of_the_wrong_type_are_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"hooks": []}')
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 2 and "'hooks' is not an object" in err


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_symlinked_settings(home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "claude-settings.json"
    real.write_text(json.dumps({"model": "opus"}))
    link = home / ".claude" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(real)
    assert run(capsys, "install", "claude-code")[0] == 0
    assert link.is_symlink()  # the link is kept, its checked target rewritten
    assert "UserPromptSubmit" in json.loads(real.read_text())["hooks"]

    link.unlink()
    link.symlink_to(tmp_path / "missing.json")
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 2 and "refusing to follow" in err
    assert not (tmp_path / "missing.json").exists()

    link.unlink()
    link.symlink_to(dotfiles)
    code, _, err = run(capsys, "install", "claude-code")
    assert code == 2 and "not a regular file" in err


def test_dry_run_prints_and_writes_nothing(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "install", "codex", "--dry-run")
    assert code == 0
    assert json.loads(out)["hooks"]["UserPromptSubmit"][0]["hooks"][0]["type"] == "command"
    assert not (home / ".codex").exists()
