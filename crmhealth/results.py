"""Results as plain data: what every check produces and every reporter reads.

This is the contract between the engine and the reporters (JSON, terminal, HTML, XLSX, JUnit,
Markdown, history). Nothing here reads data or rules, and nothing here imports Polars: a reporter
needs only these objects. Every field that the JSON document carries is produced by ``to_dict``;
the JSON Schema (``crmhealth schema``) is generated from these classes' annotations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

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
class CheckDoc:
    """A check type's documentation as structured fields, parsed once from its docstring.

    The texts are English; a reporter with ``--lang zh`` looks each one up in the message
    catalogue (they are msgids).
    """

    summary: str
    why: str = ""
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"summary": self.summary, "why": self.why, "fix": self.fix}


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
class RowSample:
    """One failing row: its 1-based data row in the source, the record's id, the value at fault
    (masked unless --show-pii) and why it fails."""

    row: int
    id: str | None = None
    value: str | None = None
    reason: str | None = None
    has_id: bool = False
    has_value: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row}
        if self.has_id:
            out["id"] = self.id
        if self.has_value:
            out["value"] = self.value
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class GroupSample:
    """One group of duplicate records side by side: rows, ids and the matched values (masked);
    for fuzzy matching also each member's match score and reason."""

    group: int
    rows: tuple[int, ...]
    ids: tuple[str | None, ...] | None
    values: Mapping[str, tuple[str | None, ...]]
    score: tuple[float | None, ...] | None = None
    reason: tuple[str | None, ...] | None = None
    master: int | None = None  # the suggested master record's row, where the check names one

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"group": self.group, "rows": list(self.rows)}
        if self.ids is not None:
            out["ids"] = list(self.ids)
        out["values"] = {k: list(v) for k, v in self.values.items()}
        if self.score is not None:
            out["score"] = list(self.score)
        if self.reason is not None:
            out["reason"] = list(self.reason)
        if self.master is not None:
            out["master"] = self.master
        return out


@dataclass(frozen=True)
class KeySample:
    """A failing entity that is not a row (a user with too few events): its key and figures."""

    key_name: str
    key: str | None
    figures: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {self.key_name: self.key, **self.figures}


Sample = RowSample | GroupSample | KeySample


@dataclass(frozen=True)
class Previous:
    """The same result's figures in the latest earlier run with the same parameters (history)."""

    as_of: date
    failed: int
    total: int
    status: Status

    @property
    def pass_rate(self) -> float:
        return pass_rate(self.failed, self.total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "failed": self.failed,
            "total": self.total,
            "pass_rate": round(self.pass_rate, 4),
            "status": self.status.value,
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
    warn: float = 1.0
    fail: float | None = None
    description: str | None = None
    doc: CheckDoc | None = None
    elapsed: float = 0.0
    samples: tuple[Sample, ...] = ()
    groups: int | None = None
    by: str | None = None
    breakdown: tuple[GroupStat, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)
    fingerprint: str | None = None  # hash of the check's parameters (thresholds excluded)
    previous: Previous | None = None
    series_note: str | None = None  # e.g. "parameters changed since 2026-10-01: a new series"

    @property
    def pass_rate(self) -> float:
        return pass_rate(self.failed, self.total)

    def to_dict(self) -> dict[str, Any]:
        """The result as it appears in the JSON document (schema_version 1; fields are only
        ever added)."""
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
            "warn": self.warn,
            "fail": self.fail,
            "message": self.message,
            "elapsed": round(self.elapsed, 4),
            "samples": [s.to_dict() for s in self.samples],
        }
        if self.description is not None:
            out["description"] = self.description
        if self.doc is not None:
            out["doc"] = self.doc.to_dict()
        if self.groups is not None:
            out["groups"] = self.groups
        if self.by is not None:
            out["by"] = self.by
            out["breakdown"] = [g.to_dict() for g in self.breakdown]
        if self.details:
            out["details"] = dict(self.details)
        if self.previous is not None:
            out["previous"] = self.previous.to_dict()
            out["delta_pass_rate"] = round(self.pass_rate - self.previous.pass_rate, 4)
        if self.series_note is not None:
            out["series_note"] = self.series_note
        return out


@dataclass(frozen=True)
class TableInfo:
    """A loaded table as the report shows it."""

    name: str
    source: str
    rows: int
    columns: int
    column_names: tuple[str, ...] = ()  # kept for history's schema drift, not in the JSON
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "source": self.source,
            "rows": self.rows,
            "columns": self.columns,
        }
        if self.details:
            out["details"] = dict(self.details)
        return out


@dataclass(frozen=True)
class DimensionScore:
    """A health dimension's score (None when no result measured it)."""

    name: str
    score: float | None
    weight: float
    results: int
    previous: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "score": None if self.score is None else round(self.score, 1),
            "weight": self.weight,
            "results": self.results,
        }
        if self.previous is not None:
            out["previous"] = round(self.previous, 1)
        return out


@dataclass(frozen=True)
class RuleInfo:
    """A check as the rules file configured it (for the report's appendix)."""

    check: str
    type: str
    table: str
    dimension: str
    parameters: Mapping[str, Any]
    where: str  # rules.yaml:line:col
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "type": self.type,
            "table": self.table,
            "dimension": self.dimension,
            "parameters": dict(self.parameters),
            "where": self.where,
            "description": self.description,
        }


@dataclass(frozen=True)
class ScorePoint:
    """An earlier run's score, from the history."""

    as_of: date
    run_at: str
    score: float | None
    grade: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "run_at": self.run_at,
            "score": None if self.score is None else round(self.score, 1),
            "grade": self.grade,
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
    rules_name: str = ""
    checks: tuple[RuleInfo, ...] = ()
    elapsed: float = 0.0
    previous_score: float | None = None
    previous_as_of: date | None = None
    score_history: tuple[ScorePoint, ...] = ()

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in (Status.PASS, Status.WARN, Status.FAIL, Status.ERROR)}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def worst_first(self) -> list[Result]:
        """Results by status (error, fail, warn, pass), then lowest pass rate first."""
        return sorted(self.results, key=lambda r: (r.status.severity, r.pass_rate))


def error_result(base: Mapping[str, Any], column: str | None, why: str) -> Result:
    """A result for a check that could not run: `base` holds the check's shared fields (check,
    type, dimension, table, weight, thresholds, doc); ``why`` says what went wrong."""
    return Result(**base, column=column, status=Status.ERROR, failed=0, total=0, message=why)
