"""What the history stores of one run: plain data built from an AuditReport, and read back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmhealth.history.fingerprint import result_fingerprint, rules_fingerprint
from crmhealth.results import AuditReport, GroupStat, Status, pass_rate


@dataclass(frozen=True)
class TableRecord:
    """A source table as one run saw it: rows and column names (for the drift checks)."""

    name: str
    source: str
    rows: int
    columns: tuple[str, ...]
    # Per-column value profiles the schema check recorded (rename detection), by column name.
    profiles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultRecord:
    """One result's figures in one run."""

    check: str
    type: str
    dimension: str
    table: str
    column: str | None
    fingerprint: str
    status: Status
    failed: int
    total: int
    message: str
    breakdown: Sequence[GroupStat] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def pass_rate(self) -> float:
        return pass_rate(self.failed, self.total)


@dataclass(frozen=True)
class RunRecord:
    """One audit run: when, with which rules, and everything it measured.

    ``run_id`` is None until the run is stored; runs read back carry their row id.
    """

    as_of: date
    run_at: str
    version: str
    rules: str
    rules_fingerprint: str
    score: float | None
    grade: str | None
    dimensions: Mapping[str, float | None]
    tables: tuple[TableRecord, ...]
    results: tuple[ResultRecord, ...]
    run_id: int | None = None

    @property
    def order(self) -> tuple[date, str, int]:
        """Sort key: by as_of, then run time, then storage order."""
        return (self.as_of, self.run_at, self.run_id or 0)


def run_record(report: AuditReport, version: str) -> RunRecord:
    """The record of `report` to append to the history."""
    rules = {info.check: info for info in report.checks}
    profiles = _schema_profiles(report)
    return RunRecord(
        as_of=report.as_of,
        run_at=report.generated_at,
        version=version,
        rules=report.rules,
        rules_fingerprint=rules_fingerprint(report),
        score=report.score,
        grade=report.grade,
        dimensions={d.name: d.score for d in report.dimensions},
        tables=tuple(
            TableRecord(
                name=t.name,
                source=t.source,
                rows=t.rows,
                columns=t.column_names,
                profiles=profiles.get(t.name, {}),
            )
            for t in report.tables
        ),
        results=tuple(
            ResultRecord(
                check=r.check,
                type=r.type,
                dimension=r.dimension,
                table=r.table,
                column=r.column,
                fingerprint=r.fingerprint or result_fingerprint(rules.get(r.check), r),
                status=r.status,
                failed=r.failed,
                total=r.total,
                message=r.message,
                breakdown=r.breakdown,
                details={k: v for k, v in r.details.items() if k not in TRANSIENT_DETAILS},
            )
            for r in report.results
        ),
    )


# Details history derives on each run (never stored, so a run's record is its own figures), and
# the schema check's column profiles (stored in their own table).
TRANSIENT_DETAILS = frozenset({"usage_change", "column_profiles"})


def _schema_profiles(report: AuditReport) -> dict[str, Mapping[str, Mapping[str, Any]]]:
    """Column profiles the schema drift checks put in their details, per table."""
    out: dict[str, Mapping[str, Mapping[str, Any]]] = {}
    for result in report.results:
        profiles = result.details.get("column_profiles")
        if result.type == "schema" and isinstance(profiles, Mapping):
            out[result.table] = profiles
    return out
