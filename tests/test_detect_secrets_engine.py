"""The opt-in detect-secrets engine maps its results to exact findings."""

from __future__ import annotations

import pytest

from promptguard.config import Config
from promptguard.scanner import Scanner

pytest.importorskip("detect_secrets")


def test_detect_secrets_results_become_findings() -> None:
    value = "q8Vt1pZr0m3Xw5Yk" + "7Hn2Jd4Lc6Fb9Gs1Ta8Ue0Wi"
    text = f"# settings\nclient_secret = '{value}'\n"
    scanner = Scanner(Config(detectors=("detect_secrets",), kinds=()), rules=[])
    findings = scanner.scan(text)
    assert findings, "detect-secrets should flag a high-entropy keyword assignment"
    for f in findings:
        assert f.rule_id == "detect-secrets"
        assert f.type.startswith("detect_secrets_")
        assert text[f.start : f.end] == f.value
    assert value in {f.value for f in findings}


def test_detect_secrets_is_not_imported_by_default() -> None:
    import subprocess
    import sys

    code = "import sys, promptguard; promptguard.scan('token = abc'); print('detect_secrets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
