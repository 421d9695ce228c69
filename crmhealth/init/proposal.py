"""A proposed check: its rules-file mapping and the reasons it was chosen (rendered in the
chosen language by ``messages``), and the starting thresholds of every check type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

THRESHOLDS: dict[str, dict[str, float]] = {
    "completeness": {"warn": 0.98, "fail": 0.90},
    "validity": {"warn": 0.99, "fail": 0.95},
    "duplicates": {"warn": 0.99, "fail": 0.95},
    "integrity": {"warn": 0.99, "fail": 0.95},
    "freshness": {"warn": 0.9, "fail": 0.75},
    "usage": {"warn": 0.9, "fail": 0.75},
    "feedback_coverage": {"warn": 0.5, "fail": 0.2},
}


@dataclass(frozen=True)
class Why:
    """A reason, rendered in the chosen language by ``messages``."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(key: str, **args: Any) -> Why:
        return Why(key, tuple(sorted(args.items())))


@dataclass(frozen=True)
class AllowedValue:
    value: str
    rows: int
    allowed: bool
    why: Why | None = None


@dataclass
class Proposed:
    """A check as its rules-file mapping, with the reasons it was chosen."""

    check: dict[str, Any]
    why: list[Why]
    allowed: list[AllowedValue] = field(default_factory=list)

    @property
    def table(self) -> str:
        return str(self.check["table"])


def pct(share: float) -> str:
    """A share as the comments write it: whole percent, never 100% unless all (99.6% → 99%)."""
    whole = int(share * 100 + 1e-9)
    return f"{whole}%"


def id_part(text: str) -> str:
    """A column name as part of a check id: lower case, words joined by ``-``."""
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-") or "column"


def with_thresholds(check_type: str, check: dict[str, Any]) -> dict[str, Any]:
    """`check` with its type's starting thresholds."""
    return {**check, **THRESHOLDS[check_type]}
