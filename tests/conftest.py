"""Shared test helpers.

Values that look like credentials are assembled at run time from pieces, so this
repository's own secret scanning (and GitHub push protection) stays quiet.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def aws_key_id() -> str:
    return "AKIA" + "Z5TTJ3VQ" + "XQJOLY4P"


def pem_block(label: str = "RSA PRIVATE KEY") -> str:
    import base64
    import random

    rng = random.Random(7)
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(600))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN " + label + "-----\n" + "\n".join(lines) + "\n-----END " + label + "-----"


def rule_example_texts() -> list[str]:
    """Every bundled rule's example and negative-example texts."""
    from promptguard.config import Config
    from promptguard.scanner import select_rules

    texts: list[str] = []
    for rule in select_rules(Config()):
        texts.extend(example.text for example in rule.examples)
        texts.extend(rule.negative_examples)
    return texts


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One rule cache for the whole run: parsing ~1,100 rules per test made the suite slow.
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, _session_cache: Path
) -> Iterator[None]:
    """No test reads the developer's own config or data, or writes to their cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    yield


def run_cli(
    *args: str, stdin: str | bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PROMPTGUARD_DEBUG", None)
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "promptguard", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )
