"""No command, format or error path prints a raw value unless --show-values was given.

Every CLI entry point runs on inputs with known values; stdout, stderr and written
files must not contain any of them. The same run with --show-values must contain
them, which proves the check can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, aws_key_id, pem_block, run_cli

GITHUB = "ghp_" + "OhbVrpoiVgRV5IfLBcbfnoGMbJmT" + "PS2gjNut"
PASSWORD = "Kx9#mQ2v" + "L7pR!zz"  # promptguard: allow
EMAIL = "jane.doe" + "@acme-corp.io"


def leaky_text() -> tuple[str, list[str]]:
    key = aws_key_id()
    pem = pem_block("OPENSSH PRIVATE KEY")
    text = (
        f"AWS_ACCESS_KEY_ID={key}\n"
        f"GITHUB_TOKEN={GITHUB}\n"
        f"DATABASE_URL=postgres://app:{PASSWORD}@db.internal:5432/app\n"
        f"contact: {EMAIL}\n"
        f"{pem}\n"
    )
    # The PEM body lines are what would leak; BEGIN/END lines are not secret.
    return text, [key, GITHUB, PASSWORD, EMAIL, pem.splitlines()[1]]


def assert_absent(values: list[str], *outputs: str) -> None:
    for output in outputs:
        for value in values:
            assert value not in output


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "leak.txt"],
        ["scan", "--format", "json", "leak.txt"],
        ["scan", "--format", "sarif", "leak.txt"],
        ["scan", "-"],
        ["scan", "--quiet", "."],
        ["redact", "leak.txt"],
        ["redact", "--style", "mask", "leak.txt"],
        ["redact", "--style", "hash", "leak.txt"],
        ["rules", "list"],
    ],
    ids=lambda a: " ".join(a),
)
def test_commands_never_print_values(tmp_path: Path, args: list[str]) -> None:
    text, values = leaky_text()
    (tmp_path / "leak.txt").write_text(text)
    result = run_cli(*args, stdin=text if "-" in args else None, cwd=tmp_path)
    if "sarif" in args and "unknown" in result.stderr.lower():
        pytest.skip("SARIF output not available in this build")
    assert result.returncode in (0, 1), result.stderr
    assert_absent(values, result.stdout, result.stderr)


def test_show_values_is_the_only_way_out(tmp_path: Path) -> None:
    text, values = leaky_text()
    (tmp_path / "leak.txt").write_text(text)
    shown = run_cli("scan", "--show-values", "--format", "json", "leak.txt", cwd=tmp_path)
    reported = {f["value"] for f in json.loads(shown.stdout)["findings"]}
    for value in values[:4]:
        assert value in reported


def test_baseline_and_reports_written_to_files_hold_no_values(tmp_path: Path) -> None:
    text, values = leaky_text()
    (tmp_path / "leak.txt").write_text(text)
    run_cli("baseline", "create", "leak.txt", cwd=tmp_path)
    run_cli("scan", "--format", "json", "--output", "report.json", "leak.txt", cwd=tmp_path)
    for name in (".promptguard-baseline.json", "report.json"):
        content = (tmp_path / name).read_text()
        assert content.strip()
        assert_absent(values, content)


def test_errors_do_not_echo_input(tmp_path: Path) -> None:
    text, values = leaky_text()
    # A broken config next to leaky input: the error names the config, not the input.
    (tmp_path / ".promptguard.toml").write_text("fail_on = 'nope'\n")
    result = run_cli("scan", "-", stdin=text, cwd=tmp_path)
    assert result.returncode == 2
    assert_absent(values, result.stdout, result.stderr)
    # An internal error path: a binary tail after text is still not echoed.
    result = run_cli("scan", "-", stdin=b"\x00" + text.encode(), cwd=tmp_path)
    assert_absent(values, result.stdout, result.stderr)


def test_library_reprs_are_masked() -> None:
    import promptguard
    from promptguard.config import Config

    text, values = leaky_text()
    findings = promptguard.scan(text, config=Config())
    result = promptguard.redact(text, config=Config())
    assert findings
    assert_absent(values, repr(findings), str(findings), "".join(str(f) for f in findings), repr(result.findings))
    assert_absent(values, result.text)


def test_pre_commit_style_invocation_prints_no_values(tmp_path: Path) -> None:
    text, values = leaky_text()
    (tmp_path / "leak.txt").write_text(text)
    result = run_cli("hook", "pre-commit", "leak.txt", cwd=tmp_path)
    if result.returncode == 2 and "invalid choice" in result.stderr:
        pytest.skip("hook command not available in this build")
    assert result.returncode == 1
    assert_absent(values, result.stdout, result.stderr)


def test_debug_tracebacks_are_opt_in() -> None:
    # Without PROMPTGUARD_DEBUG an internal error is one line; the CLI never prints a traceback by default.
    code = "import promptguard.cli as c, sys; sys.argv=['promptguard']; raise SystemExit(c.main(['scan', '--format', 'json', '/proc/self/mem']))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in result.stderr
