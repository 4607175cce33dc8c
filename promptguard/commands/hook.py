"""``promptguard hook AGENT``: answer an AI agent's hook, or scan files for pre-commit.

Agent hooks read the agent's JSON on stdin and answer in the agent's documented way
(``promptguard.hooks.<agent>``). Around every agent hook runs the error policy: any
exception, malformed input or a missed deadline (``[hooks] timeout``) becomes the
``on_error`` answer, ``block`` by default, with exactly one line on stderr. A crash
never lets a prompt through silently when the user chose ``block``.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from promptguard.cli import config_from_args
from promptguard.config import ON_ERROR, Config
from promptguard.errors import InputError, PromptguardError
from promptguard.severity import SEVERITIES

if TYPE_CHECKING:
    import argparse

# command-line name -> module under promptguard.hooks
AGENTS = {
    "claude-code": "claude_code",
    "cursor": "cursor",
    "gemini": "gemini",
    "codex": "codex",
    "pre-commit": "precommit",
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from promptguard.arguments import add_scan_options

    parser = sub.add_parser(
        "hook",
        help="answer an AI agent's hook (JSON on stdin) or scan files for pre-commit",
        description="Agents (claude-code, cursor, gemini, codex) read the agent's hook JSON on stdin. "
        "pre-commit scans the FILEs pre-commit passes and exits 1 with a masked report.",
    )
    # One sub-command per agent, so that options may come before pre-commit's FILEs
    # (pre-commit runs `entry args... FILE...`).
    agents = parser.add_subparsers(dest="agent", metavar="AGENT", required=True, parser_class=type(parser))
    for name in AGENTS:
        what = "scan the FILEs pre-commit passes" if name == "pre-commit" else f"answer a {name} hook (JSON on stdin)"
        agent = agents.add_parser(name, help=what)
        if name == "pre-commit":
            agent.add_argument("files", nargs="*", metavar="FILE", help="files to scan")
            agent.add_argument("--quiet", "-q", action="store_true", help="no advice after the report")
        else:
            agent.add_argument(
                "--on-error", choices=ON_ERROR, dest="on_error", help="what a failing hook does (default: config on_error, block)"
            )
        agent.add_argument(
            "--fail-on",
            choices=SEVERITIES,
            dest="threshold",
            help="lowest severity that blocks (default: [hooks] fail_on for agents, fail_on for pre-commit)",
        )
        add_scan_options(agent)
        agent.set_defaults(func=run, files=[], quiet=False, on_error=None)


def plain_args(arguments: list[str]) -> argparse.Namespace | None:
    """What argparse would make of exactly ``hook AGENT`` (the command installers write), or None.

    An agent runs this command on every prompt; building the full argument parser
    for it (five agent sub-parsers with a dozen options each) cost ~6 ms of each run.
    With no options there is nothing to parse, so the namespace is built directly;
    a test checks it equals argparse's, so the two paths cannot drift apart. It is a
    SimpleNamespace with argparse's attributes (handlers only read attributes), so this
    path does not import argparse either.
    """
    if len(arguments) != 2 or arguments[0] != "hook" or arguments[1] not in AGENTS or arguments[1] == "pre-commit":
        return None
    options = dict.fromkeys(("on_error", "threshold", "config", "rules", "disable", "enable", "kind"))
    options |= dict.fromkeys(("min_confidence", "baseline", "region"))
    namespace = SimpleNamespace(
        command="hook", agent=arguments[1], no_user_config=False, no_decode=False, func=run, files=[], quiet=False, **options
    )
    return cast("argparse.Namespace", namespace)


def run(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"promptguard.hooks.{AGENTS[args.agent]}")
    if args.agent == "pre-commit":
        return _run_precommit(module, args)
    return _run_agent(module, args)


def _run_precommit(module: ModuleType, args: argparse.Namespace) -> int:
    from promptguard.scanner import Scanner

    config = config_from_args(args).config
    if args.threshold:
        config = config._replace(fail_on=args.threshold)
    result: int = module.run(args.files, Scanner(config), sys.stdout, quiet=args.quiet)
    sys.stdout.flush()
    return result


class _Answer:
    """The single answer of this process: from the handler or from the deadline, never both."""

    def __init__(self, module: ModuleType, policy: str) -> None:
        self.module = module
        self.policy = policy
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def deadline(self, remaining: float, limit: float) -> None:
        """Answer with the error policy after ``remaining`` seconds (``limit`` is for the message)."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(max(remaining, 0.0), self._expire, args=(limit,))
        self._timer.daemon = True
        self._timer.start()

    def _expire(self, seconds: float) -> None:
        if not self._lock.acquire(blocking=False):
            return  # the handler is already answering
        result = self.module.on_error(f"hook timed out after {seconds:g}s", self.policy)
        _write(result)
        os._exit(result.exit_code)

    def give(self, result: Any) -> int:
        self._lock.acquire()  # if the deadline holds it, the process is about to exit
        if self._timer is not None:
            self._timer.cancel()
        _write(result)
        code: int = result.exit_code
        return code


def _run_agent(module: ModuleType, args: argparse.Namespace) -> int:
    from promptguard.hooks.decision import HookContext, parse_payload, project_dir

    started = time.monotonic()
    defaults = Config._field_defaults  # until the config is read, its defaults apply
    answer = _Answer(module, args.on_error or defaults["on_error"])
    answer.deadline(defaults["hook_timeout"], defaults["hook_timeout"])
    try:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(f"hook {args.agent} expects the agent's JSON on stdin (it is run by the agent, not by hand)")
        payload = parse_payload(sys.stdin.buffer.read(), module.NAME)
        cwd = project_dir(payload)
        config = _config(args, cwd)
        answer.policy = config.on_error
        answer.deadline(config.hook_timeout - (time.monotonic() - started), config.hook_timeout)
        from promptguard.scanner import Scanner

        result = module.handle(payload, HookContext(config, Scanner(config), cwd))
    except PromptguardError as exc:
        result = module.on_error(str(exc), answer.policy)
    except Exception as exc:
        if os.environ.get("PROMPTGUARD_DEBUG"):
            raise
        result = module.on_error(f"internal error ({type(exc).__name__}); rerun with PROMPTGUARD_DEBUG=1", answer.policy)
    return answer.give(result)


def _config(args: argparse.Namespace, start: Path | None) -> Config:
    config: Config = config_from_args(args, start).config
    changes: dict[str, Any] = {}
    if args.threshold:
        changes["hook_fail_on"] = args.threshold
    if args.on_error:
        changes["on_error"] = args.on_error
    return config._replace(**changes) if changes else config


def _write(result: Any) -> None:
    try:
        if result.stdout:
            sys.stdout.write(result.stdout)
            sys.stdout.flush()
        if result.stderr:
            sys.stderr.write(result.stderr)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass  # the agent stopped listening; the exit code still carries the decision
