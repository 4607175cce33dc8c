"""``promptguard config show``: the effective configuration and where each value came from."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from promptguard.cli import EXIT_CLEAN


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("config", help="show the effective configuration and where each value came from")
    parser.add_argument("action", nargs="?", choices=("show",), default="show", help="show (the default)")
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH", help="show the config for this path (default: cwd)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="config file (default: nearest .promptguard.toml or pyproject.toml)"
    )
    parser.add_argument("--no-user-config", action="store_true", help="ignore ~/.config/promptguard/config.toml")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from promptguard.config import config_as_dict, load_config, user_config_path

    loaded = load_config(args.path, config_file=args.config, use_user_config=not args.no_user_config)
    values = config_as_dict(loaded.config)
    if args.format == "json":
        report = {"config": values, "origins": dict(loaded.origins), "files": list(loaded.files)}
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return EXIT_CLEAN
    lines = [f"# files read: {', '.join(loaded.files) if loaded.files else 'none (all defaults)'}"]
    if args.no_user_config:
        lines.append(f"# user config ignored: {user_config_path()}")
    rendered = {key: _toml_value(value) for key, value in values.items()}
    width = max(len(f"{key} = {text}") for key, text in rendered.items())
    for key, text in rendered.items():
        lines.append(f"{f'{key} = {text}':<{width}}  # {loaded.origins.get(key, 'default')}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_CLEAN


def _toml_value(value: Any) -> str:
    """A TOML-looking rendering (JSON strings, numbers and lists are valid TOML)."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)
