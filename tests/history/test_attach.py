"""attach_history as a pure function of (report, stored runs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from crmhealth.history.attach import attach_history
from crmhealth.history.fingerprint import result_fingerprint
from crmhealth.history.records import ResultRecord, RunRecord
from crmhealth.results import AuditReport, DimensionScore, Result, RuleInfo, Status

RULE = RuleInfo("fields", "completeness", "contacts", "completeness", {"column": "email"}, "r:1:1")


def result(failed: int, status: Status = Status.WARN) -> Result:
    return Result(
        check="fields",
        type="completeness",
        dimension="completeness",
        table="contacts",
        column="email",
        status=status,
        failed=failed,
        total=10,
        message="m",
    )


def report(as_of: str, failed: int) -> AuditReport:
    return AuditReport(
        rules="rules.yaml",
        as_of=date.fromisoformat(as_of),
        generated_at="2026-12-01T00:00:00Z",
        tables=(),
        results=(result(failed),),
        score=100.0 - 10 * failed,
        grade="B",
        dimensions=(DimensionScore("completeness", 100.0 - 10 * failed, 1.0, 1),),
        checks=(RULE,),
    )


def stored(as_of: str, failed: int, status: Status = Status.WARN, run_id: int = 1) -> RunRecord:
    fingerprint = result_fingerprint(RULE, result(failed))
    return RunRecord(
        as_of=date.fromisoformat(as_of),
        run_at=f"{as_of}T09:00:00Z",
        version="0.1.0",
        rules="rules.yaml",
        rules_fingerprint="x",
        score=100.0 - 10 * failed,
        grade="B",
        dimensions={"completeness": 100.0 - 10 * failed},
        tables=(),
        results=(
            ResultRecord(
                "fields",
                "completeness",
                "completeness",
                "contacts",
                "email",
                fingerprint,
                status,
                failed if status is not Status.ERROR else 0,
                10,
                "m",
            ),
        ),
        run_id=run_id,
    )


def test_no_earlier_run_sets_only_the_fingerprint() -> None:
    attached = attach_history(report("2026-10-01", 2), [stored("2026-10-01", 5)])
    assert attached.previous_score is None and attached.score_history == ()
    assert attached.results[0].previous is None
    assert attached.results[0].fingerprint == result_fingerprint(RULE, result(2))


def test_an_error_run_is_skipped_for_the_one_before() -> None:
    runs = [
        stored("2026-09-01", 4, run_id=1),
        stored("2026-10-01", 0, Status.ERROR, run_id=2),
    ]
    attached = attach_history(report("2026-11-01", 2), runs)
    previous = attached.results[0].previous
    assert previous is not None and (previous.as_of, previous.failed) == (date(2026, 9, 1), 4)
    # The score still compares with the latest earlier run.
    assert (attached.previous_score, attached.previous_as_of) == (100.0, date(2026, 10, 1))
    assert attached.dimensions[0].previous == 100.0


def test_an_error_result_gets_no_previous() -> None:
    now = replace(report("2026-11-01", 0), results=(result(0, Status.ERROR),))
    attached = attach_history(now, [stored("2026-10-01", 3)])
    assert attached.results[0].previous is None
    assert attached.previous_score == 70.0


def test_the_report_itself_is_not_changed() -> None:
    original = report("2026-11-01", 2)
    attach_history(original, [stored("2026-10-01", 3)])
    assert original.results[0].previous is None and original.previous_score is None


def test_a_run_where_the_whole_check_errored_without_a_column_is_skipped() -> None:
    errored = stored("2026-10-01", 0, Status.ERROR, run_id=2)
    errored = replace(errored, results=(replace(errored.results[0], column=None),))
    attached = attach_history(report("2026-11-01", 2), [stored("2026-09-01", 4), errored])
    assert attached.results[0].series_note is None
    previous = attached.results[0].previous
    assert previous is not None and previous.as_of == date(2026, 9, 1)
