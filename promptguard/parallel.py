"""Scanning many files on several cores.

Each worker process builds its own ``Scanner`` from the (picklable) config once and
scans the files it is handed; results come back in the order the files were given,
so output is deterministic whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from promptguard.config import Config
from promptguard.errors import InputError
from promptguard.finding import Finding
from promptguard.scanner import Scanner

# Below this many files, process start-up costs more than it saves.
_MIN_FILES_FOR_POOL = 8

_worker_scanner: Scanner | None = None


def scan_files(
    scanner: Scanner, files: Sequence[Path], *, jobs: int | None = None
) -> Iterator[tuple[Path, Iterable[Finding] | InputError]]:
    """(path, findings or the input error) for each file, in order.

    Scanned in this process, a file's findings come as it is read (an iterator that
    may raise ``InputError``), so one huge file does not hold all its findings in
    memory; from worker processes they come as a list per file.
    """
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(files) < _MIN_FILES_FOR_POOL or scanner.detectors:
        for path in files:
            yield path, _stream_one(scanner, path)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(jobs, initializer=_init_worker, initargs=(scanner.config, scanner.rules)) as pool:
        yield from zip(files, pool.imap(_scan_in_worker, files, chunksize=4), strict=True)


def _stream_one(scanner: Scanner, path: Path) -> Iterator[Finding]:
    from promptguard.source import open_text

    with open_text(path) as stream:
        yield from scanner.scan_stream(stream, path=str(path))


def _scan_one(scanner: Scanner, path: Path) -> list[Finding] | InputError:
    try:
        return scanner.scan_file(path)
    except InputError as exc:
        return exc


def _init_worker(config: Config, rules: tuple[object, ...]) -> None:
    global _worker_scanner  # noqa: PLW0603 - one scanner per worker process, set once at start
    _worker_scanner = Scanner(config, rules=rules, detectors=())  # type: ignore[arg-type]


def _scan_in_worker(path: Path) -> list[Finding] | InputError:
    assert _worker_scanner is not None
    return _scan_one(_worker_scanner, path)
