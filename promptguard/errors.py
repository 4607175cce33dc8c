"""Typed errors. The CLI turns each into one line on stderr and exit code 2.

Messages never contain a scanned value: they name files, rules and fields only.
"""

from __future__ import annotations


class PromptguardError(Exception):
    """Base class for errors promptguard reports to the user."""


class ConfigError(PromptguardError):
    """A configuration file or option is invalid."""


class RuleError(PromptguardError):
    """A rule pack is malformed (the message names the file, the rule and the field)."""


class InputError(PromptguardError):
    """Input could not be read (missing file, unreadable path, not text)."""
