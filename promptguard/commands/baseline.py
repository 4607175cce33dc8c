"""``promptguard baseline create|update [PATH ...]``: accept the current findings.

The baseline stores a hash of each finding's rule and value (and its path and masked
value for reviewers), never line numbers, so it survives code moving and merges.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from promptguard.arguments import add_scan_options
from promptguard.baseline import baseline_document, read_entries
from promptguard.cli import EXIT_CLEAN, config_from_args
from promptguard.commands.scan import ScanOutcome, scan_paths
from promptguard.errors import InputError
from promptguard.scanner import Scanner

DEFAULT_FILE = ".promptguard-baseline.json"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("baseline", help="record current findings as accepted")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, text in (("create", "write a new baseline"), ("update", "add new findings to an existing baseline")):
        p = actions.add_parser(action, help=text)
        p.add_argument("paths", nargs="*", default=["."], metavar="PATH")
        p.add_argument("--file", type=Path, default=Path(DEFAULT_FILE), help=f"baseline file (default {DEFAULT_FILE})")
        add_scan_options(p)
        p.set_defaults(func=run, exclude=None)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args).config
    scanner = Scanner(config)
    outcome = ScanOutcome()
    scan_paths(scanner, list(args.paths), outcome, jobs=None)
    if outcome.errors:
        raise InputError(outcome.errors[0])
    previous = read_entries(args.file) if args.action == "update" else {}
    document = baseline_document(outcome.findings, previous)
    from promptguard.atomic import write_text_atomic

    write_text_atomic(args.file, json.dumps(document, indent=2) + "\n", mode=0o644)
    added = len(document["findings"]) - len(previous)  # type: ignore[arg-type]
    sys.stderr.write(f"promptguard: {args.file}: {len(document['findings'])} accepted findings ({added} new)\n")  # type: ignore[arg-type]
    return EXIT_CLEAN
