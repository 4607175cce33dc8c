"""What a per-prompt hook process imports: the cold-start budget, checked as behaviour.

Each module below costs a hook several milliseconds and is only needed on other paths
(docs/performance.md, "Cold start"). Timing belongs in benchmarks/hook_latency.py; this
test keeps a refactor from quietly bringing one back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, aws_key_id

# Never needed to answer a prompt hook (Hyperscan, if installed, only for long texts).
_NEVER = (
    "argparse",
    "hashlib",
    "importlib.resources",
    "secrets",
    "regex",
    "detect_secrets",
    "promptguard.messages",
    "hyperscan",
    "promptguard.hyperscan_prefilter",
)
# Needed only once there is something to report.
_ONLY_WITH_FINDINGS = ("dataclasses", "promptguard.finding")

_PROBE = """
import io, json, sys
from promptguard.cli import main
sys.argv = ["promptguard", "hook", "claude-code"]
with open({payload!r}, "rb") as handle:
    sys.stdin = io.TextIOWrapper(io.BytesIO(handle.read()))
out = io.StringIO()
sys.stdout = out
code = main()
sys.stdout = sys.__stdout__
print(json.dumps({{"code": code, "answer": out.getvalue(), "modules": sorted(sys.modules)}}))
"""


def _hook_modules(tmp_path: Path, cache: Path, prompt: str) -> tuple[str, set[str]]:
    payload = tmp_path / "payload.json"
    payload.write_text(
        json.dumps({"session_id": "t", "hook_event_name": "UserPromptSubmit", "cwd": str(tmp_path), "prompt": prompt})
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO),
        "HOME": str(tmp_path),  # no user config
        "XDG_STATE_HOME": str(tmp_path / "state"),  # redacted copies
        "XDG_CACHE_HOME": str(cache),
    }
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(payload=str(payload))],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    return result["answer"], set(result["modules"])


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory with the rule and pattern caches built, as after a first run."""
    directory = tmp_path_factory.mktemp("cache")
    _hook_modules(tmp_path_factory.mktemp("warm-up"), directory, "warm up")
    return directory


@pytest.fixture(scope="module")
def prompt() -> str:
    return (
        "Can you refactor this upload helper? It retries three times and logs "
        "'retrying (attempt 2 of 3)' for build/artifacts/app-1.4.2.tar.gz.\n"
        "def upload(path, bucket):\n    client = boto3.client('s3')\n    client.upload_file(path, bucket, path)\n"
    )


def test_a_clean_prompt_loads_none_of_the_heavy_modules(tmp_path: Path, cache: Path, prompt: str) -> None:
    answer, modules = _hook_modules(tmp_path, cache, prompt)
    assert answer == ""  # allowed, nothing to say
    assert [name for name in (*_NEVER, *_ONLY_WITH_FINDINGS) if name in modules] == []


def test_a_blocked_prompt_loads_finding_but_still_not_the_rest(tmp_path: Path, cache: Path, prompt: str) -> None:
    answer, modules = _hook_modules(tmp_path, cache, prompt + f"aws_access_key_id = {aws_key_id()}\n")
    assert json.loads(answer)["decision"] == "block"
    assert "promptguard.finding" in modules
    assert [name for name in _NEVER if name in modules] == []
