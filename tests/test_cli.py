"""The CLI as a user runs it: a subprocess with stdin, files, exit codes and formats."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import aws_key_id, pem_block, run_cli


def test_stdin_with_aws_key_exits_1_and_masks(tmp_path: Path) -> None:
    key = aws_key_id()
    result = run_cli("scan", "-", stdin=f"deploy with aws_access_key_id={key} please\n", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "aws-access-key-id" in result.stdout
    assert key not in result.stdout + result.stderr
    assert result.stdout.startswith("<stdin>:1:")


def test_pem_key_on_stdin(tmp_path: Path) -> None:
    block = pem_block()
    result = run_cli("scan", stdin=f"here is my key\n{block}\n", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "private-key" in result.stdout
    body_line = block.splitlines()[1]
    assert body_line not in result.stdout + result.stderr


def test_clean_text_exits_0(tmp_path: Path) -> None:
    result = run_cli("scan", "-", stdin="Please summarise this meeting about quarterly planning.\n", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_json_output_fields(tmp_path: Path) -> None:
    key = aws_key_id()
    target = tmp_path / "settings.env"
    target.write_text(f"# prod\nAWS_ACCESS_KEY_ID={key}\n")
    result = run_cli("scan", "--format", "json", "settings.env", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    [finding] = report["findings"]
    assert set(finding) >= {
        "rule_id",
        "kind",
        "type",
        "path",
        "line",
        "column",
        "start",
        "end",
        "severity",
        "confidence",
        "masked",
    }
    assert finding["path"] == "settings.env"
    assert (finding["line"], finding["column"]) == (2, 19)
    assert target.read_text()[finding["start"] : finding["end"]] == key
    assert "value" not in finding and key not in result.stdout
    assert report["summary"]["findings"] == 1


def test_show_values_is_explicit(tmp_path: Path) -> None:
    key = aws_key_id()
    result = run_cli("scan", "--format", "json", "--show-values", "-", stdin=f"id={key}\n", cwd=tmp_path)
    assert json.loads(result.stdout)["findings"][0]["value"] == key


def test_missing_file_is_exit_2_one_line(tmp_path: Path) -> None:
    result = run_cli("scan", "does-not-exist.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["promptguard: does-not-exist.txt: no such file or directory"]


def test_directory_scan_skips_git_and_binary(tmp_path: Path) -> None:
    key = aws_key_id()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f"key={key}\n")
    (tmp_path / "img.bin").write_bytes(b"\x89PNG\x00\x00" + key.encode())
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(f'KEY = "{key}"\n')
    result = run_cli("scan", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["src/app.py:1:8"]
    assert "skipped img.bin: binary file" in result.stderr


def test_large_files_in_directories_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "big.log").write_text("x" * 5000)
    result = run_cli("scan", "--max-file-size", "1KB", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert "skipped big.log: larger than 1024 bytes" in result.stderr


def test_redact_placeholder_and_styles(tmp_path: Path) -> None:
    key = aws_key_id()
    text = f"aws_access_key_id = {key}\nnothing else\n"
    placeholder = run_cli("redact", "-", stdin=text, cwd=tmp_path)
    assert placeholder.returncode == 0
    assert placeholder.stdout == "aws_access_key_id = [REDACTED:aws_access_key_id]\nnothing else\n"
    masked = run_cli("redact", "--style", "mask", stdin=text, cwd=tmp_path)
    assert key not in masked.stdout and "AKIA****" in masked.stdout
    hashed = run_cli("redact", "--style", "hash", stdin=text, cwd=tmp_path)
    assert "[REDACTED:aws_access_key_id:" in hashed.stdout and key not in hashed.stdout


def test_redact_in_place_is_atomic_and_keeps_mode(tmp_path: Path) -> None:
    key = aws_key_id()
    target = tmp_path / "prompt.md"
    target.write_text(f"use {key}\r\nthanks\r\n", newline="")
    target.chmod(0o640)
    result = run_cli("redact", "--in-place", "prompt.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == b"use [REDACTED:aws_access_key_id]\r\nthanks\r\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["prompt.md"]


def test_rules_list_and_test(tmp_path: Path) -> None:
    listing = run_cli("rules", "list", "--format", "json", cwd=tmp_path)
    assert listing.returncode == 0
    ids = {r["id"] for r in json.loads(listing.stdout)}
    assert "aws-access-key-id" in ids


def test_rules_test_on_a_user_pack(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text(
        "[[rules]]\nid='acme-key'\ndescription='ACME key'\nkind='secret'\ntype='acme_key'\nseverity='high'\n"
        "regex='\\bacme_[0-9a-f]{8}\\b'\nkeywords=['acme_']\nexamples=['k=acme_0123abcd']\nnegative_examples=['acme_xyz']\n"
    )
    ok = run_cli("rules", "test", str(pack), cwd=tmp_path)
    assert ok.returncode == 0 and "1 rules, 2 examples: all passed" in ok.stdout
    pack.write_text(pack.read_text().replace("negative_examples=['acme_xyz']", "negative_examples=['acme_00000000']"))
    bad = run_cli("rules", "test", str(pack), cwd=tmp_path)
    assert bad.returncode == 1 and "FAIL acme-key" in bad.stdout


def test_malformed_rule_pack_is_one_clear_line(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(
        "[[rules]]\nid='x'\ndescription='d'\nkind='secret'\ntype='t'\nseverity='hgih'\nregex='a'\nexamples=['a']\nnegative_examples=['b']\n"
    )
    result = run_cli("scan", "--rules", str(pack), "-", stdin="hello", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"promptguard: {pack}: rule 'x': field 'severity': expected one of low, medium, high, critical, got 'hgih'"
    )


def test_malformed_config_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / ".promptguard.toml").write_text("fail_on = 'loud'\n")
    result = run_cli("scan", "-", stdin="hello", cwd=tmp_path)
    assert result.returncode == 2
    assert "'fail_on': expected one of low, medium, high, critical" in result.stderr
    assert "Traceback" not in result.stderr


def test_project_config_allowlists_paths(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.promptguard]\nallowlist.paths = ["fixtures/**"]\n')
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "keys.env").write_text(f"K={aws_key_id()}\n")
    assert run_cli("scan", ".", cwd=tmp_path).returncode == 0


def test_fail_on_threshold(tmp_path: Path) -> None:
    key = aws_key_id()
    assert run_cli("scan", "--fail-on", "critical", "-", stdin=f"id={key}", cwd=tmp_path).returncode == 0
