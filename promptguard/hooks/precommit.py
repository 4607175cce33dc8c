"""pre-commit: scan the files pre-commit passes, exit 1 with a masked report.

pre-commit runs hooks from the repository root on the staged content (unstaged
changes are stashed), passing file names as arguments, so the project config is
found from the working directory. Unlike the agent hooks this is the file path of
the engine: the threshold is ``fail_on``, as for ``promptguard scan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from promptguard.errors import InputError
from promptguard.finding import Finding, severity_rank
from promptguard.scanner import Scanner
from promptguard.source import BinaryInput, Skipped, walk

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_HINT = (
    "promptguard: remove the value (and rotate it if it is a real credential), or, if it is\n"
    "  not sensitive, add `# promptguard: allow` on its line, or allowlist it under\n"
    "  [tool.promptguard] in pyproject.toml or in .promptguard.toml.\n"
)


def run(paths: Sequence[str], scanner: Scanner, out: IO[str], *, quiet: bool = False) -> int:
    """Scan ``paths``; write the report to ``out``; return the exit code."""
    from promptguard.formats import text

    config = scanner.config
    findings: list[Finding] = []
    errors: list[str] = []
    scanned = 0
    for item in walk(paths, max_size=config.max_file_size, exclude=config.exclude):
        if isinstance(item, Skipped):
            continue
        try:
            findings.extend(scanner.scan_file(item))
            scanned += 1
        except BinaryInput:
            continue
        except InputError as exc:
            errors.append(str(exc))
    floor = severity_rank(config.fail_on)
    failing = [f for f in findings if severity_rank(f.severity) >= floor]
    out.write(text.render(findings))
    for error in errors:
        out.write(f"promptguard: {error}\n")
    if errors:
        return EXIT_ERROR
    if failing:
        files = len({f.path for f in failing})
        out.write(
            f"promptguard: {len(failing)} finding{'s' if len(failing) != 1 else ''} in "
            f"{files} file{'s' if files != 1 else ''} (at or above '{config.fail_on}')\n"
        )
        if not quiet:
            out.write(_HINT)
        return EXIT_FINDINGS
    return EXIT_CLEAN
