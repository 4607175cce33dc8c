"""``promptguard install|uninstall AGENT [--user|--project]``: wire the hooks into an agent.

The agent's settings file is merged, never replaced: promptguard's own handlers (a
``command`` that runs ``promptguard hook AGENT``) are added or updated in place and
everything else is kept in order. Before a change the file is copied to a
timestamped backup beside it, and the new version is written atomically. Running
``install`` twice changes nothing the second time; ``uninstall`` removes only
promptguard's handlers (and the groups or events left empty by that).

A settings file that is a symlink is followed only to a regular file owned by the
current user, and the link itself is kept (the target is rewritten).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shlex
import shutil
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promptguard.cli import EXIT_CLEAN
from promptguard.errors import ConfigError

Hooks = dict[str, Any]


@dataclass(frozen=True)
class Agent:
    """Where an agent keeps its hooks and what promptguard registers there."""

    title: str
    user_file: str  # relative to the home directory
    project_file: str  # relative to the project directory
    nested: bool  # event -> [{matcher, hooks: [handler]}] (else event -> [handler])
    events: tuple[tuple[str, str | None], ...]  # (event, matcher)
    timeout: int | None  # in the agent's unit
    note: str = ""


_CLAUDE_PRE = "Read|Bash|PowerShell|WebFetch|WebSearch|Write|Edit|MultiEdit|NotebookEdit|mcp__.*"
_CLAUDE_POST = "Read|Bash|PowerShell|Grep|WebFetch|WebSearch|mcp__.*"

AGENTS = {
    "claude-code": Agent(
        "Claude Code",
        ".claude/settings.json",
        ".claude/settings.json",
        nested=True,
        events=(("UserPromptSubmit", None), ("PreToolUse", _CLAUDE_PRE), ("PostToolUse", _CLAUDE_POST)),
        timeout=10,
    ),
    "cursor": Agent(
        "Cursor",
        ".cursor/hooks.json",
        ".cursor/hooks.json",
        nested=False,
        events=(
            ("beforeSubmitPrompt", None),
            ("beforeReadFile", None),
            ("beforeShellExecution", None),
            ("beforeMCPExecution", None),
        ),
        timeout=None,
        note="Cursor runs project hooks only in trusted workspaces.",
    ),
    "gemini": Agent(
        "Gemini CLI",
        ".gemini/settings.json",
        ".gemini/settings.json",
        nested=True,
        events=(("BeforeAgent", None), ("BeforeModel", None), ("BeforeTool", None), ("AfterTool", None)),
        timeout=10000,  # milliseconds
        note='Gemini CLI versions where hooks are experimental also need "hooksConfig": {"enabled": true}.',
    ),
    "codex": Agent(
        "Codex CLI",
        ".codex/hooks.json",
        ".codex/hooks.json",
        nested=True,
        events=(("UserPromptSubmit", None),),
        timeout=10,
        note="Codex runs a new hook only after you trust it (/hooks); older versions also need "
        "[features] codex_hooks = true in ~/.codex/config.toml.",
    ),
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, verb in (("install", "add promptguard's hooks to"), ("uninstall", "remove promptguard's hooks from")):
        parser = sub.add_parser(name, help=f"{verb} an AI agent's settings (claude-code, cursor, gemini, codex)")
        parser.add_argument("agent", choices=tuple(AGENTS), metavar="AGENT", help=", ".join(AGENTS))
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--user", dest="scope", action="store_const", const="user", help="your user settings (default)")
        scope.add_argument(
            "--project", dest="scope", action="store_const", const="project", help="this project's settings (current directory)"
        )
        parser.add_argument("--dry-run", action="store_true", help="print the resulting settings file, change nothing")
        parser.set_defaults(func=run, scope="user", uninstall=name == "uninstall")


def run(args: argparse.Namespace) -> int:
    agent = AGENTS[args.agent]
    home = Path.home()
    path = home / agent.user_file if args.scope == "user" else Path.cwd() / agent.project_file
    command = _command(args.agent, portable=args.scope == "project")
    change: Callable[[dict[str, Any]], dict[str, Any]]
    if args.uninstall:
        change = lambda data: uninstall(data, agent, args.agent)  # noqa: E731
    else:
        change = lambda data: install(data, agent, args.agent, command)  # noqa: E731
    target = _checked_target(path)
    before = _read(target)
    try:
        after = change(copy.deepcopy(before))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    shown = _shown(path, home)
    if args.dry_run:
        sys.stdout.write(json.dumps(after, indent=2) + "\n")
        return EXIT_CLEAN
    if after == before:
        state = "not installed" if args.uninstall else "already installed"
        _say(f"{agent.title} hooks {state} in {shown}; nothing changed")
        return EXIT_CLEAN
    backup = _backup(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    from promptguard.atomic import write_text_atomic

    write_text_atomic(target, json.dumps(after, indent=2) + "\n")
    events = ", ".join(event for event, _ in agent.events)
    done = f"removed {agent.title} hooks from" if args.uninstall else f"installed {agent.title} hooks ({events}) in"
    _say(f"{done} {shown}" + (f" (backup: {_shown(backup, home)})" if backup else ""))
    if agent.note and not args.uninstall:
        _say(agent.note)
    return EXIT_CLEAN


# -- merging (pure functions on the parsed settings) ----------------------------------


def install(data: dict[str, Any], agent: Agent, name: str, command: str) -> dict[str, Any]:
    """``data`` with promptguard's handlers for every event, in place of any old ones."""
    hooks = _hooks_table(data, create=True)
    assert hooks is not None  # created when missing
    if not agent.nested:
        data.setdefault("version", 1)
    for event, matcher in agent.events:
        entries = _event_list(hooks, event)
        handler: dict[str, Any] = {"command": command} if not agent.nested else {"type": "command", "command": command}
        if agent.nested and name == "gemini":
            handler["name"] = "promptguard"
        if agent.timeout is not None:
            handler["timeout"] = agent.timeout
        entry: dict[str, Any] = handler
        if agent.nested:
            entry = {"matcher": matcher, "hooks": [handler]} if matcher else {"hooks": [handler]}
        position, kept = _remove_ours(entries, name, nested=agent.nested)
        kept.insert(len(kept) if position is None else position, entry)
        hooks[event] = kept
    return data


def uninstall(data: dict[str, Any], agent: Agent, name: str) -> dict[str, Any]:
    """``data`` without promptguard's handlers; groups and events emptied by that go too."""
    hooks = _hooks_table(data, create=False)
    if hooks is None:
        return data
    removed = False
    for event in list(hooks):
        entries = hooks[event]
        if not isinstance(entries, list):
            continue
        position, kept = _remove_ours(entries, name, nested=agent.nested)
        if position is None:
            continue
        removed = True
        if kept:
            hooks[event] = kept
        else:
            del hooks[event]
    if removed and not hooks:
        del data["hooks"]
    return data


def _hooks_table(data: dict[str, Any], *, create: bool) -> Hooks | None:
    hooks = data.get("hooks")
    if hooks is None:
        if not create:
            return None
        hooks = data["hooks"] = {}
    if not isinstance(hooks, dict):
        raise ConfigError("'hooks' is not an object; fix the file by hand first")
    return hooks


def _event_list(hooks: Hooks, event: str) -> list[Any]:
    entries = hooks.get(event, [])
    if not isinstance(entries, list):
        raise ConfigError(f"'hooks.{event}' is not a list; fix the file by hand first")
    return entries


def _remove_ours(entries: list[Any], name: str, *, nested: bool) -> tuple[int | None, list[Any]]:
    """(index of the first entry that held a promptguard handler or None, entries without them)."""
    position: int | None = None
    kept: list[Any] = []
    for entry in entries:
        if not nested:
            if _is_ours(entry, name):
                position = len(kept) if position is None else position
                continue
            kept.append(entry)
            continue
        handlers = entry.get("hooks") if isinstance(entry, dict) else None
        if not isinstance(handlers, list) or not any(_is_ours(h, name) for h in handlers):
            kept.append(entry)
            continue
        position = len(kept) if position is None else position
        others = [h for h in handlers if not _is_ours(h, name)]
        if others:
            kept.append({**entry, "hooks": others})
    return position, kept


def _is_ours(handler: Any, name: str) -> bool:
    if not isinstance(handler, dict) or not isinstance(handler.get("command"), str):
        return False
    pattern = rf"""(?:^|[\s/\\"'])promptguard(?:\.exe)?["']?\s+hook\s+{re.escape(name)}(?:\s|$)"""
    return re.search(pattern, handler["command"]) is not None


def _command(name: str, *, portable: bool) -> str:
    """The hook command: bare ``promptguard`` in shared project files, else an absolute path.

    An absolute path keeps working when the agent starts with a PATH that lacks the
    virtualenv promptguard is installed in.
    """
    exe = None if portable else shutil.which("promptguard")
    if exe is None:
        return f"promptguard hook {name}"
    if os.name == "nt":
        exe = f'"{exe}"' if " " in exe else exe
    else:
        exe = shlex.quote(exe)
    return f"{exe} hook {name}"


# -- the settings file ----------------------------------------------------------------


def _checked_target(path: Path) -> Path:
    """The file to rewrite: ``path`` itself, or a checked symlink target."""
    if not path.is_symlink():
        if path.exists() and not path.is_file():
            raise ConfigError(f"{path}: not a regular file; refusing to change it")
        return path
    try:
        target = path.resolve(strict=True)
        info = target.stat()
    except (OSError, RuntimeError):
        raise ConfigError(f"{path}: symlink to a missing file; refusing to follow it") from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: symlink to something that is not a regular file; refusing to follow it")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ConfigError(f"{path}: symlink to a file owned by another user ({target}); refusing to follow it")
    return target


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}); fix it or add the hooks by hand"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object at the top level")
    return data


def _backup(path: Path) -> Path | None:
    if not path.exists():
        return None
    backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.promptguard.bak")
    counter = 1
    while backup.exists():
        counter += 1
        backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}-{counter}.promptguard.bak")
    shutil.copy2(path, backup)
    return backup


def _shown(path: Path, home: Path) -> str:
    try:
        return "~/" + path.relative_to(home).as_posix()
    except ValueError:
        return str(path)


def _say(message: str) -> None:
    sys.stderr.write(f"promptguard: {message}\n")
