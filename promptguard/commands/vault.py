"""``promptguard vault list|purge``: inspect and clear reversible-redaction mappings.

Also the vault options shared by ``redact --reversible`` and ``restore``. ``list``
never prints a value, only placeholders, types, times and how values are stored.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promptguard.cli import EXIT_CLEAN, config_from_args
from promptguard.errors import InputError

if TYPE_CHECKING:
    from promptguard.config import Config
    from promptguard.vault import Entry, Vault

NAMESPACE_ENV = "PROMPTGUARD_NAMESPACE"


def add_vault_options(parser: argparse.ArgumentParser) -> None:
    """``--namespace`` and ``--vault`` for every command that uses the vault."""
    group = parser.add_argument_group("vault")
    group.add_argument(
        "--namespace",
        "-n",
        metavar="NS",
        default=os.environ.get(NAMESPACE_ENV) or "default",
        help=f"vault namespace, e.g. a conversation id (default: ${NAMESPACE_ENV} or 'default')",
    )
    group.add_argument("--vault", type=Path, metavar="FILE", help="vault file (default: config vault.path or the user data dir)")


def add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="config file (default: nearest .promptguard.toml or pyproject.toml)"
    )
    parser.add_argument("--no-user-config", action="store_true", help="ignore ~/.config/promptguard/config.toml")


def open_vault(args: argparse.Namespace, config: Config) -> Vault:
    from promptguard.vault import Vault

    return Vault.from_config(config, path=getattr(args, "vault", None))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("vault", help="list or purge reversible-redaction mappings (never shows values)")
    actions = parser.add_subparsers(dest="vault_action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    listing = actions.add_parser("list", help="namespaces, or one namespace's placeholders (never values)")
    listing.add_argument("--namespace", "-n", metavar="NS", help="list this namespace's placeholders")
    listing.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    purge = actions.add_parser("purge", help="delete mappings: expired ones, one namespace's, or all")
    purge.add_argument("--namespace", "-n", metavar="NS", help="only this namespace")
    purge.add_argument("--expired", action="store_true", help="only entries past their TTL")
    purge.add_argument("--all", action="store_true", help="every entry in every namespace")
    for action in (listing, purge):
        action.add_argument(
            "--vault", type=Path, metavar="FILE", help="vault file (default: config vault.path or the user data dir)"
        )
        add_config_options(action)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args).config
    if args.vault_action == "purge" and not (args.namespace or args.expired or args.all):
        raise InputError("vault purge: say what to delete: --expired, --namespace NS or --all")
    if args.vault_action == "purge" and args.all and args.namespace:
        raise InputError("vault purge: --all and --namespace contradict each other")
    with open_vault(args, config) as vault:
        if args.vault_action == "purge":
            count = vault.purge(namespace=args.namespace, expired_only=args.expired)
            if args.expired:
                count += vault.purged_on_open  # opening the vault already removed some
            sys.stdout.write(f"purged {count} entr{'y' if count == 1 else 'ies'}\n")
            return EXIT_CLEAN
        entries = vault.entries(args.namespace)
        if args.format == "json":
            sys.stdout.write(json.dumps(_as_json(vault, config, entries), indent=2) + "\n")
        else:
            sys.stdout.write(_as_text(vault, config, entries, args.namespace))
    return EXIT_CLEAN


def _storage_note(vault: Vault, config: Config, entries: list[Entry]) -> str:
    plain = sum(1 for e in entries if e.storage == "plain")
    other = sum(1 for e in entries if e.storage == "other-key")
    notes = []
    if plain:
        notes.append(f"{plain} value{'s' if plain != 1 else ''} stored as PLAIN TEXT (file mode 0600)")
    if other:
        notes.append(f"{other} sealed with a different key (cannot be restored with the current one)")
    if vault.encrypted:
        notes.append(f"new values are encrypted with the key in ${config.vault_key_env}")
    else:
        notes.append(f"new values are stored as plain text: set ${config.vault_key_env} (32+ random characters) to encrypt them")
    return "; ".join(notes)


def _as_text(vault: Vault, config: Config, entries: list[Entry], namespace: str | None) -> str:
    lines = [f"vault: {vault.path}", f"storage: {_storage_note(vault, config, entries)}"]
    if namespace is not None:
        lines += _table(
            ("PLACEHOLDER", "TYPE", "CREATED", "EXPIRES", "STORAGE"),
            [(e.placeholder, e.type, _when(e.created), _when(e.expires), e.storage) for e in entries],
        )
    else:
        by_namespace: dict[str, list[Entry]] = {}
        for entry in entries:
            by_namespace.setdefault(entry.namespace, []).append(entry)
        lines += _table(
            ("NAMESPACE", "ENTRIES", "TYPES", "LAST EXPIRY"),
            [
                (ns, str(len(group)), _types(group), _when(max(e.expires for e in group)))
                for ns, group in sorted(by_namespace.items())
            ],
        )
    if not entries:
        lines.append("(no entries)")
    return "\n".join(lines) + "\n"


def _as_json(vault: Vault, config: Config, entries: list[Entry]) -> dict[str, Any]:
    return {
        "path": str(vault.path),
        "encrypted": vault.encrypted,
        "key_env": config.vault_key_env,
        "plain_text_entries": sum(1 for e in entries if e.storage == "plain"),
        "entries": [
            {
                "namespace": e.namespace,
                "placeholder": e.placeholder,
                "type": e.type,
                "created": _when(e.created),
                "expires": _when(e.expires),
                "storage": e.storage,
            }
            for e in entries
        ],
    }


def _types(group: list[Entry]) -> str:
    counts = Counter(e.type for e in group)
    return ", ".join(f"{t} ({n})" if n > 1 else t for t, n in sorted(counts.items()))


def _when(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in (header, *rows)]
