"""The argument parser: one sub-command per module under ``promptguard.commands``.

Kept apart from ``cli`` so that the per-prompt agent hook, which needs no parser
(``commands.hook.plain_args``), does not import ``argparse`` either.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any

from promptguard.cli import COMMANDS, EXIT_ERROR


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized from the terminal without importing ``shutil``.

    argparse builds a formatter for every ``add_argument`` and the stock one imports
    ``shutil`` (and with it bz2 and lzma) to measure the terminal: ~1.5 ms of each
    hook's start-up spent on help text nobody reads.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        if width is None:
            width = max(_terminal_columns(), 40) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size`` answers: $COLUMNS, else stdout's terminal, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (OSError, ValueError):
        return 80


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line instead of usage noise on bad arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:
        self.exit(EXIT_ERROR, f"promptguard: {message} (see 'promptguard --help')\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's module is imported.

    Importing every command costs more than a whole hook invocation should, so ``main``
    asks only for the command the user named (all of them for ``--help``).
    """
    from promptguard import __version__

    parser = _Parser(prog="promptguard", description="Find secrets and personal data in text before it reaches an AI model.")
    parser.add_argument("--version", action="version", version=f"promptguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    loaded: set[str] = set()
    wanted = [COMMANDS[only]] if only in COMMANDS else list(COMMANDS.values())
    for module_name in wanted:
        if module_name in loaded:
            continue
        try:
            module = importlib.import_module(f"promptguard.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"promptguard.commands.{module_name}":
                continue  # command not part of this build
            raise
        module.add_parser(sub)
        loaded.add(module_name)
    return parser


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that scans (scan, redact, hooks)."""
    group = parser.add_argument_group("scanning")
    group.add_argument(
        "--config", type=Path, metavar="FILE", help="config file (default: nearest .promptguard.toml or pyproject.toml)"
    )
    group.add_argument("--no-user-config", action="store_true", help="ignore ~/.config/promptguard/config.toml")
    group.add_argument("--rules", action="append", metavar="FILE", help="extra rule pack (repeatable)")
    group.add_argument("--disable", action="append", metavar="RULE_ID", help="disable a rule (repeatable)")
    group.add_argument("--enable", action="append", metavar="RULE_ID", help="enable a rule shipped disabled (repeatable)")
    group.add_argument("--kind", action="append", choices=("secret", "pii"), help="only these kinds (repeatable)")
    group.add_argument("--min-confidence", type=float, metavar="X", help="drop findings below this confidence (0-1)")
    group.add_argument("--no-decode", action="store_true", help="do not scan base64/URL/escape-decoded views")
    group.add_argument("--baseline", metavar="FILE", help="ignore findings recorded in this baseline")
    group.add_argument("--region", metavar="CC", help="default region for national phone numbers and IDs, e.g. DE")
