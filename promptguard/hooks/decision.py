"""What every agent hook shares: the payload, the threshold, the answer, the error policy.

An agent hook turns the agent's JSON into text, asks the scanner for findings, and
turns the findings that reach the hook threshold (``[hooks] fail_on`` and
``min_confidence``) into the agent's own way of saying "block" or "redact". Every
message names rules and masked values only; a raw value never leaves the process.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from promptguard.errors import InputError
from promptguard.severity import severity_rank

if TYPE_CHECKING:
    from promptguard.config import Config
    from promptguard.finding import Finding
    from promptguard.scanner import Scanner

# How many findings a block message lists before "and N more".
_LISTED = 8


class HookResult(NamedTuple):
    """What the hook process prints and how it exits."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


class HookContext(NamedTuple):
    """The effective config, the scanner built from it, and the agent's working directory."""

    config: Config
    scanner: Scanner
    cwd: Path | None = None  # relative paths in payloads are relative to this


class PayloadError(InputError):
    """The agent sent JSON this hook cannot use (one line, names the field)."""


# -- payload ------------------------------------------------------------------------


def parse_payload(data: bytes, agent: str) -> dict[str, Any]:
    """The JSON object on stdin, decoded the way files are (BOMs, invalid UTF-8)."""
    from promptguard.source import decode_bytes

    if not data.strip():
        raise PayloadError(f"{agent}: empty hook input (expected the agent's JSON on stdin)")
    try:
        payload = json.loads(decode_bytes(data))
    except InputError:
        raise PayloadError(f"{agent}: hook input is binary, not JSON") from None
    except json.JSONDecodeError as exc:
        raise PayloadError(f"{agent}: hook input is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(payload, dict):
        raise PayloadError(f"{agent}: hook input must be a JSON object, got {type(payload).__name__}")
    return payload


def require(payload: dict[str, Any], key: str, kind: type, agent: str) -> Any:
    """``payload[key]``, which must exist and be of ``kind``."""
    value = payload.get(key)
    if not isinstance(value, kind):
        names: dict[type, str] = {str: "a string", dict: "an object", list: "a list"}
        expected = names.get(kind, kind.__name__)
        got = "missing" if key not in payload else f"got {type(value).__name__}"
        raise PayloadError(f"{agent}: '{key}' must be {expected} ({got})")
    return value


def optional(payload: dict[str, Any], key: str, kind: type, agent: str) -> Any:
    """``payload[key]`` if present and not null, else None; wrong types are errors."""
    if payload.get(key) is None:
        return None
    return require(payload, key, kind, agent)


def project_dir(payload: dict[str, Any]) -> Path | None:
    """The agent's working directory (where project config is looked up), if it exists."""
    for key in ("cwd", "workspace_roots"):
        value = payload.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value and os.path.isdir(value):
            return Path(value)
    return None


# -- threshold ----------------------------------------------------------------------


def blocking(findings: Sequence[Finding], config: Config) -> list[Finding]:
    """Findings at or above the hook threshold: these block a prompt or get redacted."""
    floor = severity_rank(config.hook_fail_on)
    return [f for f in findings if severity_rank(f.severity) >= floor and f.confidence >= config.hook_min_confidence]


def describe(findings: Sequence[Finding], *, where: str | None = None) -> str:
    """One line per finding: rule, masked value, severity, line (never the value)."""
    lines = []
    for f in findings[:_LISTED]:
        place = f"{where}:" if where else ""
        lines.append(f"  - {f.rule_id}: {f.masked} ({f.severity}, {place}line {f.line})")
    if len(findings) > _LISTED:
        lines.append(f"  - and {len(findings) - _LISTED} more")
    return "\n".join(lines)


def rule_list(findings: Sequence[Finding]) -> str:
    """``aws-access-key-id, email-address`` (each rule once, in order of appearance)."""
    return ", ".join(dict.fromkeys(f.rule_id for f in findings))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- scanning helpers ---------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (dict keys excluded), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def scan_strings(value: Any, ctx: HookContext) -> list[Finding]:
    """Blocking findings in all strings of a JSON value (a tool's input)."""
    found: list[Finding] = []
    for text in strings_in(value):
        found.extend(blocking(ctx.scanner.scan(text), ctx.config))
    return found


def redact_json(value: Any, ctx: HookContext) -> tuple[Any, list[Finding]]:
    """A copy of a JSON value with blocking findings replaced in every string."""
    from promptguard.redact import apply

    if isinstance(value, str):
        found = blocking(ctx.scanner.scan(value), ctx.config)
        return (apply(value, found, ctx.config.redact_style), found) if found else (value, [])
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        all_found: list[Finding] = []
        for key, item in value.items():
            out[key], found = redact_json(item, ctx)
            all_found.extend(found)
        return out, all_found
    if isinstance(value, list):
        items: list[Any] = []
        all_found = []
        for item in value:
            new, found = redact_json(item, ctx)
            items.append(new)
            all_found.extend(found)
        return items, all_found
    return value, []


class FileScan(NamedTuple):
    """The outcome of scanning a file an agent is about to read."""

    findings: tuple[Finding, ...] = ()
    text: str = ""
    too_large: bool = False


def scan_file(path: str, ctx: HookContext, *, content: str | None = None) -> FileScan:
    """Blocking findings in a file (or in ``content`` the agent already read from it).

    A file that does not exist, is binary or unreadable gives no findings: the agent's
    own read fails or shows no text, so there is nothing to leak.
    """
    from promptguard.source import open_text

    file = Path(path)
    if not file.is_absolute() and ctx.cwd is not None:
        file = ctx.cwd / file
    if content is None:
        try:
            size = file.stat().st_size
        except OSError:
            return FileScan()
        limit = ctx.config.max_file_size
        if limit and size > limit:
            return FileScan(too_large=True)
        try:
            with open_text(file) as stream:
                content = stream.read()
        except InputError:
            return FileScan()
    found = blocking(ctx.scanner.scan(content, path=str(file)), ctx.config)
    return FileScan(tuple(found), content)


# -- the redacted copy the user can paste ---------------------------------------------


def redacted_dir(config: Config) -> Path:
    """``[hooks] redacted_prompt_dir``, else a per-user state directory."""
    if config.redacted_prompt_dir:
        return Path(config.redacted_prompt_dir)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "promptguard" / "redacted"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "promptguard" / "redacted"


def write_redacted_copy(text: str, ctx: HookContext, *, label: str = "prompt", findings: Sequence[Finding] | None = None) -> Path:
    """Write ``text`` with every finding replaced to a new 0600 file; return its path.

    Every finding is replaced, not only those over the threshold: the copy is what the
    user pastes instead, so it should be the safest version of the text. ``findings``
    are all of ``text``'s findings when the caller has them already (else it is scanned).
    """
    import time

    from promptguard.redact import apply

    if findings is None:
        findings = ctx.scanner.scan(text)
    directory = redacted_dir(ctx.config)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    # os.urandom, what secrets.token_hex reads, without importing hmac and OpenSSL.
    path = directory / f"{label}-{stamp}-{os.urandom(3).hex()}.txt"
    # O_EXCL: never write through a file or symlink someone planted at that name.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(apply(text, findings, ctx.config.redact_style))
    return path


def prompt_block_reason(prompt: str, ctx: HookContext, *, advice: str = "paste it instead") -> str | None:
    """Why ``prompt`` is blocked, or None when nothing in it reaches the hook threshold.

    Every agent blocks a prompt the same way: list the findings over the threshold
    (masked) and point at a redacted copy, which replaces all of them.
    """
    everything = ctx.scanner.scan(prompt)
    found = blocking(everything, ctx.config)
    if not found:
        return None
    return (
        f"promptguard blocked this prompt: it contains {plural(len(found), 'sensitive value')}:\n"
        f"{describe(found)}\n{copy_note(prompt, ctx, findings=everything)}: {advice}."
    )


def copy_note(text: str, ctx: HookContext, *, label: str = "prompt", findings: Sequence[Finding] | None = None) -> str:
    """The sentence pointing at the redacted copy, or why there is none (never fails the hook)."""
    try:
        path = write_redacted_copy(text, ctx, label=label, findings=findings)
    except OSError as exc:
        return f"(no redacted copy: cannot write to {redacted_dir(ctx.config)}: {exc.strerror or exc})"
    return f"A redacted copy is at {path}"


# -- answers ------------------------------------------------------------------------


def json_result(data: dict[str, Any], *, exit_code: int = 0, stderr: str = "") -> HookResult:
    # ASCII JSON: the agent parses it the same whatever encoding this console uses.
    return HookResult(json.dumps(data) + "\n", stderr, exit_code)


def error_line(message: str, policy: str) -> str:
    """The one line on stderr when a hook fails and the on_error policy decides."""
    outcome = "blocked" if policy == "block" else "allowed"
    return f"promptguard: {message}; {outcome} (on_error = {policy})\n"


def exit2_on_error(message: str, policy: str) -> HookResult:
    """Fail closed with exit code 2 (agents that treat it as "block, stderr is the reason")."""
    line = error_line(message, policy)
    return HookResult("", line, 2 if policy == "block" else 0)
