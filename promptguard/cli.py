"""Command-line entry point: parse arguments, dispatch to ``promptguard.commands``.

Every command is a module with ``add_parser(subparsers)`` and ``run(args) -> int``.
Errors become one line on stderr and exit code 2; a traceback is shown only with
``PROMPTGUARD_DEBUG=1``, and even then no scanned value is part of any message.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from promptguard.errors import PromptguardError

# command name -> module under promptguard.commands
COMMANDS = {
    "scan": "scan",
    "redact": "redact",
    "rules": "rules",
    "baseline": "baseline",
    "hook": "hook",
    "install": "install",
    "uninstall": "install",
    "config": "config",
    "vault": "vault",
    "restore": "restore",
}

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


def config_from_args(args: argparse.Namespace, start: Path | None = None) -> Any:
    """The LoadedConfig for a scanning command: files, then command-line overrides."""
    from promptguard.config import load_config

    overrides: dict[str, Any] = {
        "rules": tuple(str(Path(p).resolve()) for p in args.rules) if getattr(args, "rules", None) else None,
        "disable_rules": tuple(args.disable) if getattr(args, "disable", None) else None,
        "enable_rules": tuple(args.enable) if getattr(args, "enable", None) else None,
        "kinds": tuple(args.kind) if getattr(args, "kind", None) else None,
        "min_confidence": getattr(args, "min_confidence", None),
        "decode": False if getattr(args, "no_decode", False) else None,
        "baseline": str(Path(args.baseline).resolve()) if getattr(args, "baseline", None) else None,
        "region": getattr(args, "region", None),
    }
    for key in ("fail_on", "redact_style", "max_file_size"):
        value = getattr(args, key, None)
        if value is not None:
            overrides[key] = value
    exclude = getattr(args, "exclude", None)
    if exclude:
        overrides["exclude"] = tuple(exclude)
    return load_config(
        start,
        config_file=getattr(args, "config", None),
        overrides=overrides,
        use_user_config=not getattr(args, "no_user_config", False),
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _plain_hook(arguments)
    if args is None:
        command = next((a for a in arguments if not a.startswith("-")), None)
        parser = build_parser(command)
        args = parser.parse_args(arguments)
        if not getattr(args, "command", None):
            parser.print_help(sys.stderr)
            return EXIT_ERROR
    try:
        result: int = args.func(args)
        return result
    except PromptguardError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing left to tell anyone.
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("PROMPTGUARD_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}); rerun with PROMPTGUARD_DEBUG=1 for details")
        return EXIT_ERROR


def _plain_hook(arguments: list[str]) -> argparse.Namespace | None:
    # The per-prompt agent hook skips building the parser (see commands.hook.plain_args).
    if arguments[:1] != ["hook"]:
        return None
    from promptguard.commands.hook import plain_args

    return plain_args(arguments)


def _error(message: str) -> None:
    try:
        sys.stderr.write(f"promptguard: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
