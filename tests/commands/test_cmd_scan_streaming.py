"""`scan` writes its text report as it goes and keeps no findings for it."""

from __future__ import annotations

from pathlib import Path

from promptguard.commands.scan import ScanOutcome
from promptguard.config import Config
from promptguard.finding import severity_rank
from promptguard.formats import text
from promptguard.scanner import Scanner
from tests.conftest import aws_key_id, run_cli


def _prompt(copies: int) -> str:
    return "".join(f"line {i}: contact ops{i}@corp-mail.io, key {aws_key_id()}\n" for i in range(copies))  # promptguard: allow


def test_text_outcome_counts_without_keeping_findings() -> None:
    findings = Scanner(Config()).scan(_prompt(3))
    printed: list[str] = []
    outcome = ScanOutcome(keep=False, sink=lambda f: printed.append(text.line(f)))
    outcome.add(findings)
    assert outcome.findings == []
    assert outcome.count == len(findings) == len(printed) > 3
    assert outcome.worst == max(severity_rank(f.severity) for f in findings)
    assert "".join(printed) == text.render(findings)


def test_streamed_report_matches_the_whole_report(tmp_path: Path) -> None:
    prompt = _prompt(40)
    streamed = run_cli("scan", "-", stdin=prompt)
    as_json = run_cli("scan", "-", "--format", "json", stdin=prompt)
    assert streamed.returncode == as_json.returncode == 1
    lines = streamed.stdout.splitlines()
    assert len(lines) == 80 and all("@corp-mail.io" not in line for line in lines)  # masked
    assert f"{len(lines)} findings" in streamed.stderr
    out = tmp_path / "report.txt"
    to_file = run_cli("scan", "-", "--output", str(out), stdin=prompt)
    assert to_file.returncode == 1 and to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == streamed.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
