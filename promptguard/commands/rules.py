"""``promptguard rules list|test``: show the rule set and prove each rule's examples."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from promptguard.cli import EXIT_CLEAN, EXIT_FINDINGS, config_from_args
from promptguard.rules import Rule, load_packs
from promptguard.ruletest import example_failures
from promptguard.scanner import select_rules


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("rules", help="list rules or test their examples")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the active rules")
    listing.add_argument("--kind", action="append", choices=("secret", "pii"), help="only this kind")
    listing.add_argument("--format", "-f", choices=("text", "json"), default="text")
    listing.add_argument("--config", type=Path, metavar="FILE")
    listing.add_argument("--no-user-config", action="store_true")
    listing.set_defaults(func=run_list)
    test = actions.add_parser("test", help="run every rule's examples and negative examples")
    test.add_argument("files", nargs="*", type=Path, metavar="FILE", help="rule packs to test (default: all active rules)")
    test.add_argument("--config", type=Path, metavar="FILE")
    test.add_argument("--no-user-config", action="store_true")
    test.add_argument("--quiet", "-q", action="store_true", help="print failures only")
    test.set_defaults(func=run_test)


def run_list(args: argparse.Namespace) -> int:
    rules: Sequence[Rule] = select_rules(config_from_args(args).config)
    if args.kind:
        rules = [r for r in rules if r.kind in args.kind]
    if args.format == "json":
        items = [
            {
                "id": r.id,
                "kind": r.kind,
                "type": r.type,
                "severity": r.severity,
                "provider": r.provider,
                "pack": r.pack,
                "description": r.description,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(items, indent=2) + "\n")
    else:
        width = max((len(r.id) for r in rules), default=0)
        for r in rules:
            sys.stdout.write(f"{r.id:<{width}}  {r.kind:<6}  {r.severity:<8}  {r.description}\n")
        kinds = {k: sum(1 for r in rules if r.kind == k) for k in ("secret", "pii")}
        sys.stderr.write(f"promptguard: {len(rules)} rules ({kinds['secret']} secret, {kinds['pii']} pii)\n")
    return EXIT_CLEAN


def run_test(args: argparse.Namespace) -> int:
    rules: Sequence[Rule]
    if args.files:
        rules = load_packs(args.files, user=True)
    else:
        rules = select_rules(config_from_args(args).config)
    failed = 0
    examples = 0
    for rule in rules:
        examples += len(rule.examples) + len(rule.negative_examples)
        problems = example_failures(rule)
        if problems:
            failed += 1
            for problem in problems:
                sys.stdout.write(f"FAIL {rule.id} ({rule.source}): {problem}\n")
        elif not args.quiet:
            sys.stdout.write(f"ok   {rule.id}\n")
    status = "all passed" if not failed else f"{failed} rule{'s' if failed != 1 else ''} failed"
    sys.stdout.write(f"{len(rules)} rules, {examples} examples: {status}\n")
    return EXIT_FINDINGS if failed else EXIT_CLEAN
