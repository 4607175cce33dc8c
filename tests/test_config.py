"""Configuration discovery, layering and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptguard.config import load_config
from promptguard.errors import ConfigError


def test_defaults_without_files(tmp_path: Path) -> None:
    loaded = load_config(tmp_path)
    assert loaded.config.fail_on == "low"
    assert loaded.files == ()
    assert loaded.origins["fail_on"] == "default"


def test_pyproject_section_is_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.promptguard]\nfail_on = "high"\nallowlist.domains = ["corp.example"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    loaded = load_config(deep)
    assert loaded.config.fail_on == "high"
    assert loaded.config.allow_domains == ("corp.example",)
    assert loaded.origins["fail_on"] == str(tmp_path / "pyproject.toml")


def test_dedicated_file_wins_over_pyproject_in_same_dir(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.promptguard]\nfail_on = "high"\n')
    (tmp_path / ".promptguard.toml").write_text('fail_on = "medium"\n')
    assert load_config(tmp_path).config.fail_on == "medium"


def test_user_then_project_then_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_dir = tmp_path / "xdg" / "promptguard"
    user_dir.mkdir(parents=True)
    (user_dir / "config.toml").write_text('fail_on = "critical"\nregion = "de"\nmin_confidence = 0.2\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".promptguard.toml").write_text('fail_on = "high"\nrules = ["my.toml"]\n')
    loaded = load_config(project, overrides={"min_confidence": 0.5})
    assert loaded.config.region == "DE"
    assert loaded.config.fail_on == "high"
    assert loaded.config.min_confidence == 0.5
    assert loaded.config.rules == (str((project / "my.toml").resolve()),)
    assert loaded.origins["min_confidence"] == "command line"
    assert loaded.origins["region"].endswith("config.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail_om = 'high'", "unknown key 'fail_om'"),
        ("fail_on = 'loud'", "'fail_on': expected one of"),
        ("min_confidence = 2", "'min_confidence': must be between 0 and 1"),
        ("decode = 'yes'", "'decode': expected true or false"),
        ("max_file_size = 'huge'", "'max_file_size': expected a size"),
        ("region = 'Germany'", "'region': expected a two-letter region code"),
        ("[allowlist]\nvalue = ['x']", "unknown key 'allowlist.value'"),
        ("allowlist = 3", "'allowlist' must be a table"),
        ("disable_rules = [1]", "'disable_rules': expected a list of strings"),
        ("fail_on = ", "invalid TOML"),
    ],
)
def test_invalid_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".promptguard.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert str(tmp_path / ".promptguard.toml") in str(info.value)


def test_sizes() -> None:
    assert load_config(overrides={"max_file_size": "2MB"}, use_user_config=False).config.max_file_size == 2 * 1024 * 1024
    assert load_config(overrides={"max_file_size": "0"}, use_user_config=False).config.max_file_size == 0


def test_home_is_expanded_in_path_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / ".promptguard.toml").write_text('[hooks]\nredacted_prompt_dir = "~/redacted"\n')
    loaded = load_config(tmp_path, use_user_config=False)
    assert loaded.config.redacted_prompt_dir == str((tmp_path / "home" / "redacted").resolve())
