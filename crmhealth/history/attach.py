"""Earlier runs attached to a report: a pure function of (report, stored runs).

Which runs count as earlier
    Runs whose ``as_of`` is strictly before the report's. A re-run for the same ``as_of`` (rules
    fixed, data re-exported) is never its own predecessor: it compares with the month before,
    like the first run of that date did. Of several stored runs for one ``as_of`` only the
    latest (by run time) counts in the series; the others stay in the file and in
    ``crmhealth history``, marked as superseded.

A result's previous figures
    From the latest earlier run in which its check id appears. If that run has a result for the
    same table and column with the same fingerprint (the check's parameters, thresholds
    excluded), its figures are ``previous``; a run where that result could not run (``error``)
    is skipped for the one before. If the check's column or parameters differ there, the result
    starts a new series: no ``previous``, and ``series_note`` says what changed and since when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from crmhealth.history.fingerprint import result_fingerprint
from crmhealth.history.records import ResultRecord, RunRecord
from crmhealth.history.usage import usage_change
from crmhealth.results import AuditReport, Previous, Result, ScorePoint, Status

# Details a check records for the history only (not shown in reports).
RECORDED_ONLY = frozenset({"column_profiles"})


def effective_runs(runs: Sequence[RunRecord]) -> list[RunRecord]:
    """The latest run of each as_of, oldest first: the series comparisons and charts use."""
    latest: dict[date, RunRecord] = {}
    for run in sorted(runs, key=lambda r: r.order):
        latest[run.as_of] = run
    return sorted(latest.values(), key=lambda r: r.order)


def earlier_runs(report: AuditReport, runs: Sequence[RunRecord]) -> list[RunRecord]:
    """The effective runs strictly before the report's as_of, oldest first."""
    return [run for run in effective_runs(runs) if run.as_of < report.as_of]


def attach_history(report: AuditReport, runs: Sequence[RunRecord]) -> AuditReport:
    """`report` with fingerprints, previous figures, previous scores and the score series."""
    rules = {info.check: info for info in report.checks}
    earlier = earlier_runs(report, runs)
    results = tuple(
        _with_previous(
            replace(
                r,
                fingerprint=result_fingerprint(rules.get(r.check), r),
                details={k: v for k, v in r.details.items() if k not in RECORDED_ONLY},
            ),
            earlier,
        )
        for r in report.results
    )
    if not earlier:
        return replace(report, results=results)
    last = earlier[-1]
    return replace(
        report,
        results=results,
        previous_score=last.score,
        previous_as_of=last.as_of,
        score_history=tuple(
            ScorePoint(as_of=run.as_of, run_at=run.run_at, score=run.score, grade=run.grade)
            for run in earlier
        ),
        dimensions=tuple(
            replace(d, previous=last.dimensions.get(d.name)) for d in report.dimensions
        ),
    )


def _with_previous(result: Result, earlier: Sequence[RunRecord]) -> Result:
    found, note = previous_record(result, earlier)
    if found is None:
        return replace(result, series_note=note)
    record, as_of = found
    previous = Previous(as_of=as_of, failed=record.failed, total=record.total, status=record.status)
    details = result.details
    change = usage_change(result, record)
    if change is not None:
        details = {**details, "usage_change": change}
    return replace(result, previous=previous, details=details, series_note=note)


def previous_record(
    result: Result, earlier: Sequence[RunRecord]
) -> tuple[tuple[ResultRecord, date] | None, str | None]:
    """((the record, its run's as_of) or None, a series note or None) for `result`."""
    if result.status is Status.ERROR:
        return None, None
    for run in reversed(earlier):
        # A run where the check could not run (error) tells nothing: look at the one before.
        mine = [r for r in run.results if r.check == result.check and r.status is not Status.ERROR]
        if not mine:
            continue
        same_place = [r for r in mine if r.table == result.table and r.column == result.column]
        if not same_place:
            was = ", ".join(sorted({_place(r) for r in mine}))
            return None, (
                f"{_place_of(result)} was not measured by this check on {run.as_of.isoformat()} "
                f"(it measured {was} then): a new series"
            )
        if all(r.fingerprint != result.fingerprint for r in same_place):
            return None, (
                f"parameters changed since the run of {run.as_of.isoformat()}: a new series"
            )
        record = next(r for r in same_place if r.fingerprint == result.fingerprint)
        return (record, run.as_of), None
    return None, None


def _place(record: ResultRecord) -> str:
    return f"{record.table}.{record.column}" if record.column else record.table


def _place_of(result: Result) -> str:
    return f"{result.table}.{result.column}" if result.column else result.table
