"""Turning files, directories and stdin into text, without surprises.

* Binary content (a NUL byte near the start, without a UTF-16/32 byte-order mark) is
  skipped with a note rather than scanned as garbage.
* UTF-8 is the default; BOMs select UTF-8-SIG, UTF-16 or UTF-32; invalid bytes are
  replaced (U+FFFD) so scanning goes on and offsets refer to the decoded text.
* Line endings are kept as they are (``newline=""``): offsets must match the text the
  user has, CRLF included.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, NamedTuple, cast

from promptguard.allowlist import path_matches
from promptguard.errors import InputError

SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".tox", ".venv"})


class BinaryInput(InputError):
    """The input is not text."""


class Skipped(NamedTuple):
    """A path that was deliberately not scanned, and why (shown as a note)."""

    path: str
    reason: str


def sniff_encoding(head: bytes) -> str:
    """The encoding to read with, or raise BinaryInput."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        raise BinaryInput("binary content")
    return "utf-8"


def decode_bytes(data: bytes) -> str:
    """Decode in-memory input (stdin, hook payload fields) the way files are decoded."""
    encoding = sniff_encoding(data[:SNIFF_BYTES])
    return data.decode(encoding, errors="replace")


def text_stream(binary: BinaryIO) -> IO[str]:
    """Wrap a binary stream (file or stdin) as text, sniffing its first bytes."""
    buffered = binary if isinstance(binary, io.BufferedReader) else io.BufferedReader(cast(Any, binary))
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    encoding = sniff_encoding(head)
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """Open a regular file as text (see module docs); refuse devices, FIFOs and sockets."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (device, FIFO or socket): not read")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below through the wrapper
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        try:
            stream = text_stream(handle)
        except BinaryInput:
            raise BinaryInput(f"{path}: binary file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        yield stream
    finally:
        handle.close()


def walk(paths: Sequence[str], *, max_size: int, exclude: Sequence[str] = ()) -> Iterator[Path | Skipped]:
    """Files to scan under ``paths``, recursing into directories.

    Explicitly named files are always yielded (large ones are streamed); files found by
    recursion are skipped above ``max_size`` (0 = no limit), and ``.git`` and similar
    directories are not entered. Symlinks to directories are not followed, so a
    symlink loop cannot trap the walk.
    """
    for raw in paths:
        root = Path(raw)
        if path_matches(str(root), tuple(exclude)):
            continue
        try:
            is_dir = root.is_dir()
        except OSError as exc:
            yield Skipped(str(root), exc.strerror or "cannot read")
            continue
        if not is_dir:
            yield root
            continue
        yield from _walk_dir(root, max_size, tuple(exclude))


def _walk_dir(root: Path, max_size: int, exclude: tuple[str, ...]) -> Iterator[Path | Skipped]:
    # Iterative (an explicit stack, not os.walk's recursion on Python < 3.12) so that a
    # very deep tree cannot exhaust the interpreter's recursion limit.
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(str(directory), f"cannot read directory: {exc.strerror or exc}")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if path_matches(str(path), exclude):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        subdirs.append(path)
                    continue
                if entry.is_symlink() and path.is_dir():
                    continue  # never follow directory symlinks: no loops, no escaping the tree
                info = path.stat()
            except FileNotFoundError:
                yield Skipped(str(path), "broken symlink" if entry.is_symlink() else "vanished while scanning")
                continue
            except OSError as exc:
                yield Skipped(str(path), exc.strerror or "cannot read")
                continue
            if not stat.S_ISREG(info.st_mode):
                yield Skipped(str(path), "not a regular file")
                continue
            if max_size and info.st_size > max_size:
                yield Skipped(str(path), f"larger than {max_size} bytes (raise max_file_size to scan it)")
                continue
            yield path
        stack.extend(reversed(subdirs))
