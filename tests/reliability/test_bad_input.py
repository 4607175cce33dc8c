"""The bad-input matrix: every odd input gets a clear outcome, never a traceback."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tests.conftest import aws_key_id, run_cli


def assert_clean_failure(result: object, code: int = 2) -> None:
    assert result.returncode == code, result.stdout + result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # type: ignore[attr-defined]


def test_empty_stdin(tmp_path: Path) -> None:
    result = run_cli("scan", "-", stdin="", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert run_cli("scan", "empty.txt", cwd=tmp_path).returncode == 0


def test_binary_stdin_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_cli("scan", "-", stdin=b"\x7fELF\x02\x01\x01\x00\x00\x00" + aws_key_id().encode(), cwd=tmp_path)
    assert_clean_failure(result)
    assert "binary" in result.stderr


def test_binary_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" + aws_key_id().encode())
    result = run_cli("scan", "blob.bin", cwd=tmp_path)
    assert result.returncode == 0
    assert "skipped blob.bin: binary file" in result.stderr


def test_invalid_utf8_is_replaced_and_offsets_follow_the_decoded_text(tmp_path: Path) -> None:
    key = aws_key_id()
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 \xff\xfe id=" + key.encode() + b"\n")
    result = run_cli("scan", "--format", "json", "bad.txt", cwd=tmp_path)
    assert result.returncode == 1
    import json

    [finding] = json.loads(result.stdout)["findings"]
    decoded = "caf\ufffd \ufffd\ufffd id=" + key + "\n"
    assert decoded[finding["start"] : finding["end"]] == key


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_encodings(tmp_path: Path, encoding: str) -> None:
    key = aws_key_id()
    data = f"line one\r\nid={key}\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (tmp_path / "wide.txt").write_bytes(data)
    result = run_cli("scan", "wide.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("wide.txt:2:4  aws-access-key-id")


def test_mixed_line_endings(tmp_path: Path) -> None:
    key = aws_key_id()
    (tmp_path / "mixed.txt").write_bytes(b"a\r\nb\rc\nd " + key.encode() + b"\r\n")
    result = run_cli("scan", "mixed.txt", cwd=tmp_path)
    assert result.stdout.startswith("mixed.txt:3:3  aws-access-key-id"), result.stdout


def test_nul_bytes_after_the_sniffed_head_are_text(tmp_path: Path) -> None:
    key = aws_key_id()
    (tmp_path / "nul.log").write_bytes(b"x" * 9000 + b"\x00\x00 id=" + key.encode())
    assert run_cli("scan", "nul.log", cwd=tmp_path).returncode == 1


def test_single_100mb_line(tmp_path: Path) -> None:
    key = aws_key_id()
    big = tmp_path / "one-line.txt"
    with big.open("wb") as handle:
        chunk = b"lorem ipsum dolor sit amet " * 40000
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(chunk)
        handle.write(b" id=" + key.encode() + b" end")
    result = run_cli("scan", "one-line.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("aws-access-key-id") == 1


def test_very_deep_directory_tree(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(400):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "leak.env").write_text(f"id={aws_key_id()}\n")
    result = run_cli("scan", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "leak.env:1:4" in result.stdout


def test_devices_and_fifos_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    for target in ("pipe", "/dev/zero"):
        result = run_cli("scan", target, cwd=tmp_path)
        assert_clean_failure(result)
        assert "not a regular file" in result.stderr


def test_odd_path_characters(tmp_path: Path) -> None:
    name = "we ird\nname ü ✓.txt"
    (tmp_path / name).write_text(f"id={aws_key_id()}\n")
    result = run_cli("scan", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.count("\n") == 1
    assert "we ird\\nname ü ✓.txt:1:4" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "locked.txt"
    target.write_text("x")
    target.chmod(0)
    assert_clean_failure(run_cli("scan", "locked.txt", cwd=tmp_path))


def test_file_that_vanishes_during_a_directory_scan_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from promptguard.commands import scan as scan_command
    from promptguard.config import Config
    from promptguard.scanner import Scanner

    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text("hello\n")
    real_walk = scan_command.walk

    def walk_then_delete(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        items = list(real_walk(*args, **kwargs))  # type: ignore[arg-type]
        (tmp_path / "f1.txt").unlink()
        return items

    monkeypatch.setattr(scan_command, "walk", walk_then_delete)
    outcome = scan_command.ScanOutcome()
    scan_command.scan_paths(Scanner(Config(), detectors=()), [str(tmp_path)], outcome, jobs=1)
    assert outcome.errors == []
    assert outcome.skipped == [(str(tmp_path / "f1.txt"), "vanished while scanning")]
    assert outcome.files_scanned == 2


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("rules = ['nope.toml']", "cannot read rule pack"),
        ("max_file_size = 'x' ", "'max_file_size'"),
        ("[tool]\nx = 1", "unknown key 'tool'"),
        ("disable_rules = '" + "a" * 100000 + "'", None),
        ("\x00\x01", "invalid TOML"),
    ],
)
def test_hostile_config(tmp_path: Path, config: str, message: str | None) -> None:
    (tmp_path / ".promptguard.toml").write_text(config)
    result = run_cli("scan", "-", stdin="hello", cwd=tmp_path)
    if message is None:
        assert result.returncode == 0 and "Traceback" not in result.stderr
    else:
        assert_clean_failure(result)
        assert message in result.stderr


@pytest.mark.parametrize(
    ("rule_text", "message"),
    [
        ("regex='(unclosed'", "invalid regex"),
        ("regex='" + "a" * 20000 + "'", "longer than 10000 characters"),
        ("regex='a'\nbogus=1", "unknown field"),
    ],
)
def test_hostile_rule_files(tmp_path: Path, rule_text: str, message: str) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        "[[rules]]\nid='x'\ndescription='d'\nkind='secret'\ntype='t'\nseverity='low'\nexamples=['a']\nnegative_examples=['b']\n"
        + rule_text
        + "\n"
    )
    result = run_cli("scan", "--rules", str(pack), "-", stdin="hello", cwd=tmp_path)
    assert_clean_failure(result)
    assert message in result.stderr


def test_catastrophic_user_regex_is_reported_not_hung(tmp_path: Path) -> None:
    pack = tmp_path / "slow.toml"
    pack.write_text(
        "[[rules]]\nid='slow'\ndescription='d'\nkind='secret'\ntype='t'\nseverity='low'\nregex='(a|aa)+$'\nexamples=['a']\nnegative_examples=['b']\n"
    )
    (tmp_path / ".promptguard.toml").write_text("regex_timeout = 0.5\n")
    result = run_cli("scan", "--rules", str(pack), "-", stdin="a" * 80 + "!", cwd=tmp_path)
    assert_clean_failure(result)
    assert "timed out" in result.stderr
