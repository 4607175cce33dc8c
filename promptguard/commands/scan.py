"""``promptguard scan [PATH ...]``: report findings in files, directories or stdin."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from promptguard.arguments import add_scan_options
from promptguard.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, config_from_args
from promptguard.errors import InputError
from promptguard.scanner import Scanner
from promptguard.severity import SEVERITIES, severity_rank
from promptguard.source import BinaryInput, Skipped, text_stream, walk

if TYPE_CHECKING:
    from promptguard.finding import Finding


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("scan", help="report secrets and personal data in files or stdin")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; '-' or none with piped input reads stdin")
    add_output_options(parser)
    parser.add_argument(
        "--fail-on", choices=SEVERITIES, dest="fail_on", help="lowest severity that makes the exit code 1 (default: low)"
    )
    parser.add_argument("--exclude", action="append", metavar="GLOB", help="skip paths matching this glob (repeatable)")
    parser.add_argument(
        "--max-file-size",
        dest="max_file_size",
        metavar="SIZE",
        help="skip files found in directories above this size (default 10MB; 0 = no limit)",
    )
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="scan files in N processes (default: number of CPUs)")
    add_scan_options(parser)
    parser.set_defaults(func=run)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=("text", "json", "sarif"), default="text", help="report format (default: text)")
    parser.add_argument(
        "--show-values", action="store_true", help="print raw values instead of masked ones (careful: this leaks them)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no notes or summary on stderr")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour text output (default: on a terminal)"
    )
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the report to FILE instead of stdout")


class ScanOutcome:
    """What a scan found, gathered as it goes.

    ``findings`` are kept only with ``keep`` (JSON and SARIF documents, baselines). A
    text report is written line by line through ``sink`` instead, so a scan of a 2 GB
    stream with a finding every few kilobytes holds none of them for longer than it
    takes to print it; ``count`` and ``worst`` (highest severity rank) still give the
    summary and the exit code. A plain class, not a dataclass: it is an accumulator,
    and ``scan -`` should not import ``dataclasses`` before it has anything to report.
    """

    def __init__(self, *, keep: bool = True, sink: Callable[[Finding], None] | None = None) -> None:
        self.findings: list[Finding] = []
        self.skipped: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.files_scanned = 0
        self.count = 0
        self.worst = -1
        self.keep = keep
        self.sink = sink

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.count += 1
            self.worst = max(self.worst, severity_rank(finding.severity))
            if self.keep:
                self.findings.append(finding)
            if self.sink is not None:
                self.sink(finding)


def run(args: argparse.Namespace) -> int:
    loaded = config_from_args(args)
    config = loaded.config
    scanner = Scanner(config)
    paths = list(args.paths)
    if not paths and sys.stdin.isatty():
        raise InputError("no input: give a PATH, or pipe text in (e.g. `cat prompt.txt | promptguard scan`)")
    if "-" in paths and paths != ["-"]:
        raise InputError("'-' (stdin) cannot be combined with paths")
    outcome = ScanOutcome(keep=args.format != "text")
    with _text_lines(args, outcome) if args.format == "text" else contextlib.nullcontext():
        if not paths or paths == ["-"]:
            _scan_stdin(scanner, outcome)
        else:
            scan_paths(scanner, paths, outcome, jobs=args.jobs, progress=not args.quiet and _is_tty(sys.stderr))
    write_report(args, scanner, outcome)
    if outcome.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if outcome.worst >= severity_rank(config.fail_on) else EXIT_CLEAN


@contextlib.contextmanager
def _text_lines(args: argparse.Namespace, outcome: ScanOutcome) -> Iterator[None]:
    """Stream the text report, one line per finding, to stdout or (atomically) to --output."""
    from promptguard.formats import text

    colour = args.color == "always" or (args.color == "auto" and _is_tty(sys.stdout) and args.output is None)
    with contextlib.ExitStack() as stack:
        if args.output is None:
            handle: IO[str] = sys.stdout
        else:
            from promptguard.atomic import atomic_writer

            handle = stack.enter_context(atomic_writer(args.output))

        def write(finding: Finding) -> None:
            handle.write(text.line(finding, colour=colour, show_values=args.show_values))

        outcome.sink = write
        yield
        handle.flush()


def _scan_stdin(scanner: Scanner, outcome: ScanOutcome) -> None:
    try:
        stream = text_stream(sys.stdin.buffer)
    except BinaryInput:
        raise InputError("stdin: binary content, not scanned") from None
    outcome.add(scanner.scan_stream(stream, path=None))
    outcome.files_scanned = 1


def scan_paths(scanner: Scanner, paths: list[str], outcome: ScanOutcome, *, jobs: int | None, progress: bool = False) -> None:
    config = scanner.config
    files: list[Path] = []
    for item in walk(paths, max_size=config.max_file_size, exclude=config.exclude):
        if isinstance(item, Skipped):
            outcome.skipped.append((item.path, item.reason))
        else:
            files.append(item)
    from promptguard.parallel import scan_files

    named = {Path(p) for p in paths}
    ticker = _Progress(len(files)) if progress else None
    for path, result in scan_files(scanner, files, jobs=jobs):
        if ticker is not None:
            ticker.step()
        try:
            if isinstance(result, InputError):
                raise result
            outcome.add(result)  # findings of a file scanned here arrive as it is read
        except BinaryInput:
            outcome.skipped.append((str(path), "binary file"))
        except InputError as exc:
            if path not in named and not path.exists():
                outcome.skipped.append((str(path), "vanished while scanning"))
            else:
                outcome.errors.append(str(exc))
        else:
            outcome.files_scanned += 1
    if ticker is not None:
        ticker.clear()


class _Progress:
    """``scanned N/M files`` on a terminal's stderr, for scans that take a while.

    Nothing is shown for the first half second (a quick scan stays quiet) and the line
    is redrawn at most ten times a second, then erased before the report.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.start = time.monotonic()
        self.shown_at = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.start < 0.5 or now - self.shown_at < 0.1:
            return
        self.shown_at = now
        sys.stderr.write(f"\rpromptguard: scanned {self.done}/{self.total} files")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown_at:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def write_report(args: argparse.Namespace, scanner: Scanner, outcome: ScanOutcome) -> None:
    notes: list[str] = []
    if not args.quiet:
        notes.extend(f"note: skipped {path}: {reason}" for path, reason in outcome.skipped)
    notes.extend(outcome.errors)
    if args.format == "json":
        from promptguard.formats import json as json_format

        report = json_format.render(
            outcome.findings, show_values=args.show_values, files_scanned=outcome.files_scanned, skipped=outcome.skipped
        )
    elif args.format == "sarif":
        sarif = importlib.import_module("promptguard.formats.sarif")
        report = sarif.render(outcome.findings, scanner.rules)
    elif outcome.sink is None:  # a text report not already streamed while scanning
        from promptguard.formats import text

        colour = args.color == "always" or (args.color == "auto" and _is_tty(sys.stdout) and args.output is None)
        report = text.render(outcome.findings, colour=colour, show_values=args.show_values)
    else:
        report = None
    if report is not None:
        _emit(report, args.output)
    if not args.quiet and args.format == "text" and not outcome.errors:
        files = (
            f" in {outcome.files_scanned} file{'s' if outcome.files_scanned != 1 else ''}" if outcome.files_scanned > 1 else ""
        )
        count = outcome.count
        notes.append(f"{count} finding{'s' if count != 1 else ''}{files}" if count else f"no findings{files}")
    for note in notes:
        sys.stderr.write(f"promptguard: {note}\n")


def _emit(report: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(report)
        sys.stdout.flush()
        return
    from promptguard.atomic import write_text_atomic

    write_text_atomic(output, report)


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
