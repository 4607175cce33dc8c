"""``promptguard hook pre-commit``: in-process, then end to end with the real pre-commit."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from promptguard import cli
from tests.conftest import REPO, aws_key_id


def _run(capsys: pytest.CaptureFixture[str], *files: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["hook", "pre-commit", *files])
    out, err = capsys.readouterr()
    return code, out + err


def test_file_with_key_fails_with_masked_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("settings.py").write_text(f'AWS_KEY = "{aws_key_id()}"\n')
    Path("clean.py").write_text("print('hi')\n")
    code, output = _run(capsys, "settings.py", "clean.py")
    assert code == 1
    assert output.startswith("settings.py:1:12  aws-access-key-id  AKIA************  (high)\n")
    assert "promptguard: 1 finding in 1 file (at or above 'low')" in output
    assert "`# promptguard: allow`" in output
    assert aws_key_id() not in output


def test_clean_binary_and_allowlisted_files_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("clean.txt").write_text("nothing here\n")
    Path("image.bin").write_bytes(b"\x89PNG\x00\x00" + aws_key_id().encode())
    Path("fixture.py").write_text(f'KEY = "{aws_key_id()}"  # promptguard: allow\n')
    assert _run(capsys, "clean.txt", "image.bin", "fixture.py") == (0, "")


def test_options_come_before_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pre-commit runs `entry args... FILE...`: options from `args` precede the files."""
    monkeypatch.chdir(tmp_path)
    Path("settings.py").write_text(f'AWS_KEY = "{aws_key_id()}"\n')
    assert _run(capsys, "--fail-on", "critical", "settings.py")[0] == 0
    assert _run(capsys, "--fail-on", "high", "--quiet", "settings.py")[0] == 1


def test_no_files_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(capsys) == (0, "")


def test_manifest_and_repo_config_are_valid() -> None:
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed")
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        proc = subprocess.run([sys.executable, "-m", "pre_commit", command, str(REPO / name)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


# -- end to end: a real repository, the real pre-commit, a real commit ------------------


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def git_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    env.pop("PROMPTGUARD_DEBUG", None)
    assert _git(repo, "init", "-q", env=env).returncode == 0
    # The same hook as this repository's .pre-commit-hooks.yaml, run with the promptguard
    # under test (language: system) so the test needs no network and no venv build.
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: promptguard\n"
        "        name: promptguard\n"
        f"        entry: {sys.executable} -m promptguard hook pre-commit\n"
        "        language: system\n"
        "        types: [text]\n"
    )
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True, env=env, timeout=120
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert _git(repo, "add", ".pre-commit-config.yaml", env=env).returncode == 0
    return repo, env


def test_commit_with_key_is_blocked_then_allowlisted(git_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = git_repo
    (repo / "deploy.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key_id()}"\n')
    _git(repo, "add", "deploy.py", env=env)
    blocked = _git(repo, "commit", "-m", "add deploy config", env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "promptguard" in output and "Failed" in output
    assert "deploy.py:1:22  aws-access-key-id  AKIA************  (high)" in output
    assert aws_key_id() not in output
    assert _git(repo, "rev-parse", "--verify", "HEAD", env=env).returncode != 0  # nothing was committed

    (repo / "deploy.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key_id()}"  # promptguard: allow\n')
    _git(repo, "add", "deploy.py", env=env)
    passed = _git(repo, "commit", "-m", "add deploy config (test key)", env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def test_commit_passes_with_config_allowlist(git_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = git_repo
    (repo / "fixtures").mkdir()
    (repo / "fixtures" / "fake.env").write_text(f"AWS_ACCESS_KEY_ID={aws_key_id()}\n")
    (repo / ".promptguard.toml").write_text('[allowlist]\npaths = ["fixtures/**"]\n')
    _git(repo, "add", "-A", env=env)
    result = _git(repo, "commit", "-m", "fixtures", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    not os.environ.get("PROMPTGUARD_TEST_TRY_REPO"),
    reason="installs promptguard from PyPI dependencies into a pre-commit venv (~1 min); set PROMPTGUARD_TEST_TRY_REPO=1",
)
def test_try_repo_with_this_checkout(git_repo: tuple[Path, dict[str, str]]) -> None:
    """The published manifest itself: pre-commit builds this checkout (language: python) and runs it."""
    repo, env = git_repo
    (repo / "contact.py").write_text('OWNER = "jane.roe@corp-mail.net"\n')  # promptguard: allow
    _git(repo, "add", "contact.py", env=env)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "promptguard", "--files", "contact.py"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "contact.py:1:10  email-address  jane************  (medium)" in output
    assert "jane.roe@corp-mail.net" not in output  # promptguard: allow
