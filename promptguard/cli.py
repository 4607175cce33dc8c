"""Command-line entry point: parse arguments, dispatch to ``promptguard.commands``.

Every command is a module with ``add_parser(subparsers)`` and ``run(args) -> int``.
Errors become one line on stderr and exit code 2; a traceback is shown only with
``PROMPTGUARD_DEBUG=1``, and even then no scanned value is part of any message.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promptguard.errors import PromptguardError

if TYPE_CHECKING:
    import argparse

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
        from promptguard.arguments import build_parser

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
