"""The one error type for user mistakes, and the exit codes the CLI maps outcomes to."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes: CI jobs gate on these."""

    OK = 0
    CHECKS_FAILED = 1
    USAGE_ERROR = 2


class UserError(Exception):
    """A mistake the user can fix: bad rules, a missing file, an unknown column.

    `where` names the place at fault (``rules.yaml:14:7``, a file path, ``table contacts``);
    the CLI prints ``where: message`` as one line on stderr and exits with code 2.
    Programming errors are never wrapped in this type.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` suffix naming the closest choices, or a list of all choices."""
    options = [str(c) for c in choices]
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    if close:
        return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
    if not options:
        return ""
    shown = ", ".join(f"'{c}'" for c in options[:20])
    more = f" and {len(options) - 20} more" if len(options) > 20 else ""
    return f" (valid: {shown}{more})"
