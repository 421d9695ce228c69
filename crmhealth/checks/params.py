"""Parameter types shared by check models, each validated when the rules are loaded."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from crmhealth.checks.parsing import validate_strptime_format
from crmhealth.checks.references import split_reference, window_days
from crmhealth.durations import parse_duration_days


def _duration(value: str | int) -> str | int:
    parse_duration_days(value)
    return value


def _window(value: str | int) -> str | int:
    window_days(value)
    return value


def _reference(value: str) -> str:
    split_reference(value)
    return value


def _formats(value: tuple[str, ...]) -> tuple[str, ...]:
    for fmt in value:
        validate_strptime_format(fmt)
    return value


Duration = Annotated[str | int, AfterValidator(_duration)]
"""An age such as 180d, 26w, 6m (30 days) or 1y (365 days)."""

Window = Annotated[str | int, AfterValidator(_window)]
"""A window length ending at as_of, at least one day."""

Reference = Annotated[str, AfterValidator(_reference)]
"""A ``table.column`` reference."""

DateFormats = Annotated[tuple[str, ...], AfterValidator(_formats)]
"""Extra strptime formats (such as ``%d/%m/%Y``) besides the default date forms."""
