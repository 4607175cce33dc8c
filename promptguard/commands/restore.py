"""``promptguard restore [PATH | -]``: put the real values back into redacted text.

Reads as it arrives and writes as it goes (a model's answer piped in is restored
live), holding back only the few characters that might be the start of a split
placeholder. Bytes that are not placeholders pass through unchanged, invalid UTF-8
included. Unknown or altered placeholders are left as they are, with a warning.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from promptguard.cli import EXIT_CLEAN, EXIT_FINDINGS, config_from_args
from promptguard.commands.vault import add_config_options, add_vault_options, open_vault
from promptguard.errors import InputError

_READ_SIZE = 1 << 16


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("restore", help="replace reversible-redaction placeholders with the real values")
    parser.add_argument("path", nargs="?", default="-", metavar="PATH", help="file to restore; '-' or none reads stdin")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a placeholder could not be restored")
    parser.add_argument("--quiet", "-q", action="store_true", help="no warnings on stderr")
    add_vault_options(parser)
    add_config_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from promptguard.reversible import PlaceholderWarning, restore_stream

    config = config_from_args(args).config
    vault = open_vault(args, config)
    out = sys.stdout.buffer
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PlaceholderWarning)
        with _open(args.path) as source:
            for piece in restore_stream(_chunks(source), vault=vault, namespace=args.namespace):
                out.write(piece.encode("utf-8", "surrogateescape"))
                out.flush()
    unresolved = [w for w in caught if issubclass(w.category, PlaceholderWarning)]
    if not args.quiet:
        for warning in unresolved:
            sys.stderr.write(f"promptguard: warning: {warning.message}\n")
    vault.close()
    return EXIT_FINDINGS if unresolved and args.strict else EXIT_CLEAN


def _open(path: str) -> contextlib.AbstractContextManager[BinaryIO]:
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)  # stdin stays open
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        return open(target, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _chunks(source: BinaryIO) -> Iterator[str]:
    # surrogateescape keeps undecodable bytes as they are on the way back out.
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    read = getattr(source, "read1", source.read)  # read1: whatever has arrived, without waiting for more
    while True:
        data = read(_READ_SIZE)
        if not data:
            break
        yield decoder.decode(data)
    yield decoder.decode(b"", final=True)
