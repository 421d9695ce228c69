"""Durations written in rules files: ``180d``, ``26w``, ``6m``, ``1y``, parsed once."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DAYS = 36_500
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A duration as the rules file wrote it (``6m``) and its length in whole days (180)."""

    text: str
    days: int

    def __str__(self) -> str:
        return self.text


def parse_duration_days(text: str | int | Span) -> int:
    """Whole days in a duration: ``d`` days, ``w`` weeks (7 d), ``m`` months (30 d), ``y`` years
    (365 d). A bare integer is days. Raises ValueError with the accepted forms."""
    if isinstance(text, Span):
        return text.days
    if isinstance(text, bool):
        raise ValueError("a duration is a number with a unit, such as 180d, 26w, 6m or 1y")
    if isinstance(text, int):
        if not 0 <= text <= MAX_DAYS:
            raise ValueError("a duration is between 0 and 36500 days (100 years)")
        return text
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(
            f"'{text}' is not a duration; write a number with a unit: 180d (days), 26w (weeks), "
            "6m (months of 30 days) or 1y (365 days)"
        )
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2).lower() or "d"]
    if days > MAX_DAYS:
        raise ValueError(f"'{text}' is longer than 100 years; a CRM has no older records")
    return days


def parse_span(value: object) -> Span:
    """A :class:`Span` from a rules value (``180d``, ``26w``, a bare number of days)."""
    if isinstance(value, Span):
        return value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValueError("a duration is a number with a unit, such as 180d, 26w, 6m or 1y")
    return Span(text=str(value).strip(), days=parse_duration_days(value))
