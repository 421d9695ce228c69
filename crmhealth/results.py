"""Results as plain data: what every check returns and every reporter reads.

Nothing here reads data or rules; a reporter needs only these objects. ``Result.fix_rows`` (the
failing rows, for ``--export``) is the one field that is not part of the JSON document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

import polars as pl

DIMENSIONS: tuple[str, ...] = ("accuracy", "completeness", "freshness", "usage", "feedback")


class Status(str, Enum):
    """A result's verdict, ordered from worst to best by ``severity``."""

    ERROR = "error"
    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"

    @property
    def severity(self) -> int:
        """0 for the worst (error) to 3 for pass: sort key for 'worst first'."""
        return _SEVERITY[self]


_SEVERITY = {Status.ERROR: 0, Status.FAIL: 1, Status.WARN: 2, Status.PASS: 3}


def pass_rate(failed: int, total: int) -> float:
    """``1 - failed/total``, and 1.0 when nothing was measured.

    Computed as ``(total - failed) / total``, one correctly rounded division, so that a rate
    equal to a threshold compares equal (1 - 7/100 would give 0.9299999999999999 < 0.93).
    """
    return 1.0 if total == 0 else (total - failed) / total


def status_for(rate: float, warn: float, fail: float | None) -> Status:
    """fail below the fail threshold, else warn below the warn threshold, else pass."""
    if fail is not None and rate < fail:
        return Status.FAIL
    if rate < warn:
        return Status.WARN
    return Status.PASS


@dataclass(frozen=True)
class GroupStat:
    """Failed/total of one value of a ``by:`` column (``group`` is None for missing values)."""

    group: str | None
    failed: int
    total: int

    @property
    def pass_rate(self) -> float:
        return pass_rate(self.failed, self.total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "failed": self.failed,
            "total": self.total,
            "pass_rate": round(self.pass_rate, 4),
        }


@dataclass(frozen=True)
class Result:
    """One measured figure of one check (a check on several columns yields one per column)."""

    check: str
    type: str
    dimension: str
    table: str
    column: str | None
    status: Status
    failed: int
    total: int
    message: str
    weight: float = 1.0
    samples: tuple[dict[str, Any], ...] = ()
    groups: int | None = None
    by: str | None = None
    breakdown: tuple[GroupStat, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    fix_rows: pl.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def pass_rate(self) -> float:
        return pass_rate(self.failed, self.total)

    def to_dict(self) -> dict[str, Any]:
        """The result as it appears in the JSON document (schema_version 1)."""
        out: dict[str, Any] = {
            "check": self.check,
            "type": self.type,
            "dimension": self.dimension,
            "table": self.table,
            "column": self.column,
            "status": self.status.value,
            "pass_rate": round(self.pass_rate, 4),
            "failed": self.failed,
            "total": self.total,
            "weight": self.weight,
            "message": self.message,
            "samples": list(self.samples),
        }
        if self.groups is not None:
            out["groups"] = self.groups
        if self.by is not None:
            out["by"] = self.by
            out["breakdown"] = [g.to_dict() for g in self.breakdown]
        if self.details:
            out["details"] = self.details
        return out


def error_result(base: dict[str, Any], column: str | None, why: str) -> Result:
    """A result for a check that could not run: `base` holds the check's shared fields (check,
    type, dimension, table, weight); ``why`` says what went wrong."""
    return Result(**base, column=column, status=Status.ERROR, failed=0, total=0, message=why)


@dataclass(frozen=True)
class TableInfo:
    """A loaded table as the report shows it."""

    name: str
    source: str
    rows: int
    columns: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "rows": self.rows,
            "columns": self.columns,
        }


@dataclass(frozen=True)
class DimensionScore:
    """A health dimension's score (None when no result measured it)."""

    name: str
    score: float | None
    weight: float
    results: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": None if self.score is None else round(self.score, 1),
            "weight": self.weight,
            "results": self.results,
        }


@dataclass(frozen=True)
class AuditReport:
    """Everything an audit produced: the input to every reporter."""

    rules: str
    as_of: date
    generated_at: str
    tables: tuple[TableInfo, ...]
    results: tuple[Result, ...]
    score: float | None
    grade: str | None
    dimensions: tuple[DimensionScore, ...]

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in (Status.PASS, Status.WARN, Status.FAIL, Status.ERROR)}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def worst_first(self) -> list[Result]:
        """Results by status (error, fail, warn, pass), then lowest pass rate first."""
        return sorted(self.results, key=lambda r: (r.status.severity, r.pass_rate))
