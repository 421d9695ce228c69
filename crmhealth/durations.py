"""Durations written in rules files: ``180d``, ``26w``, ``6m``, ``1y``."""

from __future__ import annotations

import re

MAX_DAYS = 36_500
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)


def parse_duration_days(text: str | int) -> int:
    """Whole days in a duration: ``d`` days, ``w`` weeks (7 d), ``m`` months (30 d), ``y`` years
    (365 d). A bare integer is days. Raises ValueError with the accepted forms."""
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
