"""``promptguard redact [PATH | -]``: print the text with every finding replaced."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from promptguard.arguments import add_scan_options
from promptguard.cli import EXIT_CLEAN, config_from_args
from promptguard.commands.vault import add_vault_options, open_vault
from promptguard.config import REDACT_STYLES
from promptguard.errors import InputError
from promptguard.redact import apply
from promptguard.scanner import Scanner
from promptguard.source import BinaryInput, open_text, text_stream


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("redact", help="print text with secrets and personal data replaced")
    parser.add_argument("path", nargs="?", default="-", metavar="PATH", help="file to redact; '-' or none reads stdin")
    parser.add_argument(
        "--style", dest="redact_style", choices=REDACT_STYLES, help="placeholder ([REDACTED:type], default), mask, or hash"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--in-place", "-i", action="store_true", help="rewrite PATH (atomically: a temp file renamed over it)")
    where.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the redacted text to FILE")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    parser.add_argument(
        "--reversible", action="store_true", help="use vault placeholders ([[EMAIL_7F3A9C]]) that 'promptguard restore' reverses"
    )
    add_vault_options(parser)
    add_scan_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args).config
    scanner = Scanner(config)
    text = _read(args.path)
    if args.reversible:
        from promptguard.reversible import redact_reversible

        if args.redact_style is not None:
            raise InputError("--style does not apply with --reversible")
        result = redact_reversible(
            text, vault=open_vault(args, config), namespace=args.namespace, scanner=scanner, path=_origin(args.path)
        )
        findings, redacted = list(result.findings), result.text
    else:
        findings = scanner.scan(text, path=_origin(args.path))
        redacted = apply(text, findings, config.redact_style)
    if args.in_place:
        if args.path == "-":
            raise InputError("--in-place needs a file PATH, not stdin")
        _write(Path(args.path), redacted)
    elif args.output is not None:
        _write(args.output, redacted)
    else:
        sys.stdout.write(redacted)
        sys.stdout.flush()
    if not args.quiet:
        count = len(findings)
        how = f" (reversible, vault namespace {args.namespace!r})" if args.reversible else ""
        sys.stderr.write(f"promptguard: redacted {count} finding{'s' if count != 1 else ''}{how}\n")
    return EXIT_CLEAN


def _origin(path: str) -> str | None:
    return None if path == "-" else path


def _read(path: str) -> str:
    if path == "-":
        try:
            return text_stream(sys.stdin.buffer).read()
        except BinaryInput:
            raise InputError("stdin: binary content, not redacted") from None
    with open_text(Path(path)) as stream:
        return stream.read()


def _write(path: Path, text: str) -> None:
    from promptguard.atomic import write_text_atomic

    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
