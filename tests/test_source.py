"""Bytes to text: encodings, binary sniffing, odd files."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from promptguard.errors import InputError
from promptguard.source import BinaryInput, Skipped, decode_bytes, open_text, walk


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain ascii", "plain ascii"),
        (codecs.BOM_UTF8 + "héllo".encode(), "héllo"),
        ("héllo\r\nwörld".encode("utf-16"), "héllo\r\nwörld"),
        ("héllo".encode("utf-32"), "héllo"),
        (b"bad \xff\xfe byte", "bad \ufffd\ufffd byte"),
        (b"", ""),
    ],
)
def test_decode_bytes(data: bytes, text: str) -> None:
    assert decode_bytes(data) == text


def test_binary_is_refused() -> None:
    with pytest.raises(BinaryInput):
        decode_bytes(b"\x7fELF\x00\x00\x01")


def test_open_text_keeps_crlf_and_handles_odd_files(tmp_path: Path) -> None:
    path = tmp_path / "a b ü.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n")
    with open_text(path) as stream:
        assert stream.read() == "one\r\ntwo\rthree\n"
    with pytest.raises(InputError, match="no such file"), open_text(tmp_path / "missing"):
        pass
    with pytest.raises(InputError, match="is a directory"), open_text(tmp_path):
        pass


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"), open_text(fifo):
        pass
    assert [item for item in walk([str(tmp_path)], max_size=0)] == [Skipped(str(fifo), "not a regular file")]


def test_walk_does_not_follow_directory_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path, target_is_directory=True)
    files = [p for p in walk([str(tmp_path)], max_size=0) if not isinstance(p, Skipped)]
    assert files == [tmp_path / "d" / "f.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot read"), open_text(path):
        pass
