"""Configuration: defaults, then the user file, then the project file, then the CLI.

Project configuration is ``.promptguard.toml`` or ``[tool.promptguard]`` in
``pyproject.toml``, whichever is nearest to the starting directory (walking up). The
user file is ``$XDG_CONFIG_HOME/promptguard/config.toml`` (``~/.config/...``). Every
key is validated; an unknown key is an error so that a typo never silently turns a
check off.
"""

# No ``from __future__ import annotations`` here: typing.NamedTuple compiles every
# string annotation into a ForwardRef, which made defining these records cost ~1.5 ms
# of each hook run; evaluated annotations cost a fifth of that.
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from promptguard import tomlload
from promptguard.errors import ConfigError
from promptguard.severity import SEVERITIES

REDACT_STYLES = ("placeholder", "mask", "hash")
ON_ERROR = ("block", "allow")
TOOL_DECISIONS = ("deny", "ask")


# Config and LoadedConfig are NamedTuples, not dataclasses: every hook process builds
# them, and importing ``dataclasses`` plus creating a dataclass costs that process
# ~10 ms. Change a copy with ``config._replace(field=value)``.
class Config(NamedTuple):
    """Effective settings. Paths are absolute (resolved against the file they came from)."""

    packs: tuple[str, ...] = ()  # empty: every bundled pack
    disable_packs: tuple[str, ...] = ()
    disable_rules: tuple[str, ...] = ()
    enable_rules: tuple[str, ...] = ()  # rules shipped with enabled = false
    kinds: tuple[str, ...] = ("secret", "pii")
    rules: tuple[str, ...] = ()  # extra user rule packs (files)
    fail_on: str = "low"
    min_confidence: float = 0.0
    decode: bool = True
    max_file_size: int = 10 * 1024 * 1024
    region: str | None = None
    detectors: tuple[str, ...] = ()
    baseline: str | None = None
    redact_style: str = "placeholder"
    on_error: str = "block"
    exclude: tuple[str, ...] = ()  # glob patterns of paths not to scan
    allow_values: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    allow_paths: tuple[str, ...] = ()
    allow_domains: tuple[str, ...] = ()
    regex_timeout: float = 1.0  # seconds per user-rule search
    hook_fail_on: str = "medium"
    hook_min_confidence: float = 0.5
    redacted_prompt_dir: str | None = None
    hook_timeout: float = 8.0  # seconds before a hook gives up and applies on_error
    hook_tool_decision: str = "deny"  # "deny" or "ask" when a tool call carries findings
    vault_path: str | None = None
    vault_ttl: int = 7 * 24 * 3600
    vault_key_env: str = "PROMPTGUARD_VAULT_KEY"
    ner_model: str = "en_core_web_sm"  # spaCy model package for detectors = ["ner"]


class LoadedConfig(NamedTuple):
    """The effective config and, for each field, where its value came from."""

    config: Config
    origins: Mapping[str, str] = MappingProxyType({})
    files: tuple[str, ...] = ()


# Every field has a default; the tuple-valued ones take lists in files and on the CLI.
_LIST_FIELDS = {name for name, default in Config._field_defaults.items() if isinstance(default, tuple)}
_PATH_FIELDS = {"rules", "baseline", "redacted_prompt_dir", "vault_path"}
# keys of the [allowlist] table -> Config field
_ALLOWLIST = {"values": "allow_values", "patterns": "allow_patterns", "paths": "allow_paths", "domains": "allow_domains"}
# keys of the [hooks] table -> Config field
_HOOKS = {
    "fail_on": "hook_fail_on",
    "min_confidence": "hook_min_confidence",
    "redacted_prompt_dir": "redacted_prompt_dir",
    "on_error": "on_error",
    "timeout": "hook_timeout",
    "tool_decision": "hook_tool_decision",
}
# keys of the [vault] table -> Config field
_VAULT = {"path": "vault_path", "ttl": "vault_ttl", "key_env": "vault_key_env"}


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "promptguard" / "config.toml"


def find_project_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``.promptguard.toml`` or ``pyproject.toml`` with ``[tool.promptguard]``."""
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for directory in (current, *current.parents):
        dedicated = directory / ".promptguard.toml"
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            tool = _read_toml(pyproject).get("tool", {})
            if isinstance(tool, dict) and "promptguard" in tool:
                section = tool["promptguard"]
                if not isinstance(section, dict):
                    raise ConfigError(f"{pyproject}: [tool.promptguard] must be a table")
                return pyproject, section
    return None


def load_config(
    start: Path | None = None,
    *,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    use_user_config: bool = True,
) -> LoadedConfig:
    """Build the effective configuration for scanning at ``start`` (default: cwd)."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    files: list[str] = []

    layers: list[tuple[Path, dict[str, Any]]] = []
    user = user_config_path()
    if use_user_config and user.is_file():
        layers.append((user, _read_toml(user)))
    if config_file is not None:
        if not config_file.is_file():
            raise ConfigError(f"{config_file}: config file not found")
        data = _read_toml(config_file)
        if config_file.name == "pyproject.toml":
            data = data.get("tool", {}).get("promptguard", {})
        layers.append((config_file, data))
    else:
        project = find_project_config(start or Path.cwd())
        if project is not None:
            layers.append(project)

    for path, data in layers:
        for key, value in _flatten(data, path).items():
            values[key] = _coerce(key, value, path)
            if key in _PATH_FIELDS:
                values[key] = _resolve_paths(values[key], path.parent)
            origins[key] = str(path)
        files.append(str(path))

    for key, value in (overrides or {}).items():
        if value is None:
            continue
        values[key] = _coerce(key, value, None)
        origins[key] = "command line"

    config = Config(**values)
    for name in Config._fields:
        origins.setdefault(name, "default")
    return LoadedConfig(config, origins, tuple(files))


def config_as_dict(config: Config) -> dict[str, Any]:
    return {name: _jsonable(getattr(config, name)) for name in Config._fields}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomlload.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8 text") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return data


def _flatten(data: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Map the file layout (with [allowlist], [hooks], [vault] tables) onto Config fields."""
    names = set(Config._fields)
    out: dict[str, Any] = {}
    tables = {"allowlist": _ALLOWLIST, "hooks": _HOOKS, "vault": _VAULT}
    for key, value in data.items():
        norm = key.replace("-", "_")
        if norm in tables:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: '{key}' must be a table")
            mapping = tables[norm]
            for sub, subvalue in value.items():
                sub_norm = sub.replace("-", "_")
                if sub_norm not in mapping:
                    raise ConfigError(f"{path}: unknown key '{key}.{sub}' (known: {', '.join(sorted(mapping))})")
                out[mapping[sub_norm]] = subvalue
        elif norm in names:
            out[norm] = value
        else:
            raise ConfigError(f"{path}: unknown key '{key}'")
    return out


def _coerce(key: str, value: Any, path: Path | None) -> Any:
    where = f"{path}: " if path else ""

    def fail(problem: str) -> ConfigError:
        return ConfigError(f"{where}'{key}': {problem}")

    if key in _LIST_FIELDS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise fail("expected a list of strings")
        return tuple(value)
    if key in ("fail_on", "hook_fail_on"):
        if value not in SEVERITIES:
            raise fail(f"expected one of {', '.join(SEVERITIES)}, got {value!r}")
        return value
    if key == "hook_timeout":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
            raise fail("expected a number of seconds between 0 and 600")
        return float(value)
    if key == "hook_tool_decision":
        if value not in TOOL_DECISIONS:
            raise fail(f"expected one of {', '.join(TOOL_DECISIONS)}, got {value!r}")
        return value
    if key in ("min_confidence", "hook_min_confidence", "regex_timeout"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise fail("expected a number")
        if key != "regex_timeout" and not 0 <= value <= 1:
            raise fail("must be between 0 and 1")
        if key == "regex_timeout" and not 0 < value <= 60:
            raise fail("must be between 0 and 60 seconds")
        return float(value)
    if key == "decode":
        if not isinstance(value, bool):
            raise fail("expected true or false")
        return value
    if key in ("max_file_size", "vault_ttl"):
        return _size(value, fail) if key == "max_file_size" else _positive_int(value, fail)
    if key == "redact_style":
        if value not in REDACT_STYLES:
            raise fail(f"expected one of {', '.join(REDACT_STYLES)}, got {value!r}")
        return value
    if key == "on_error":
        if value not in ON_ERROR:
            raise fail(f"expected one of {', '.join(ON_ERROR)}, got {value!r}")
        return value
    if key == "region":
        if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
            raise fail("expected a two-letter region code such as 'DE'")
        return value.upper()
    if not isinstance(value, str):
        raise fail("expected a string")
    return value


def _size(value: Any, fail: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise fail("must not be negative")
        return value
    if isinstance(value, str):
        text = value.strip().upper().removesuffix("B")
        units = {"K": 1024, "M": 1024**2, "G": 1024**3}
        scale = units.get(text[-1:], 1)
        number = text[:-1] if text[-1:] in units else text
        try:
            return int(float(number) * scale)
        except ValueError:
            pass
    raise fail("expected a size such as 10485760 or '10MB'")


def _positive_int(value: Any, fail: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise fail("expected a positive integer")
    return value


def _resolve_paths(value: Any, base: Path) -> Any:
    """Absolute paths: ``~`` is the user's home, anything else relative to the config file."""
    if isinstance(value, tuple):
        return tuple(_resolve_paths(v, base) for v in value)
    return str((base / Path(value).expanduser()).resolve())
