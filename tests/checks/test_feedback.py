"""Feedback coverage: window edges, unknown customers, quality results and channels."""

from __future__ import annotations

from pathlib import Path

from support import audit

from crmhealth.results import Status

CONTACTS = (("id", "name"), [("C1", "a"), ("C2", "b"), ("C3", "c"), ("C4", "d"), (None, "e")])
FEEDBACK_HEADER = ("id", "contact_id", "submitted_at", "channel", "score", "comment")


def test_coverage_counts_customers_with_feedback_in_the_window(tmp_path: Path) -> None:
    # 90d window at 2026-11-01: 2026-08-04 .. 2026-11-01 inclusive.
    feedback = [
        ("F1", "C1", "2026-08-04 00:00:00", "survey", "9", "great"),  # first day: covers C1
        ("F2", "C1", "2026-10-01", "wechat", "", ""),  # C1 again (still one customer)
        ("F3", "C2", "2026-08-03 23:59:59", "survey", "7", "ok"),  # one day early: no cover
        ("F4", " C3 ", "2026-11-01", "email", "n/a", "slow"),  # trimmed key, last day: covers
        ("F5", "C99", "2026-10-01", "survey", "5", "who?"),  # unknown customer: ignored
        ("F6", "C4", "2026-11-02", "survey", "5", "future"),  # after as_of: no cover
    ]
    report = audit(
        tmp_path,
        {"contacts": CONTACTS, "feedback": (FEEDBACK_HEADER, feedback)},
        [
            {
                "type": "feedback_coverage",
                "table": "contacts",
                "key": "id",
                "feedback": "feedback.contact_id",
                "time_column": "submitted_at",
                "window": "90d",
                "channel_column": "channel",
                "comment_column": "comment",
                "score_column": "score",
                "warn": 0.5,
                "fail": 0.3,
            }
        ],
    )
    coverage, comment, score = report.results
    # 5 customers (the row without an id can never be covered); C1 and C3 covered
    assert (coverage.failed, coverage.total, coverage.status) == (3, 5, Status.WARN)
    assert coverage.dimension == "feedback"
    assert coverage.details["feedback_in_window"] == 3  # F1, F2, F4
    assert coverage.details["feedback_for_unknown_customers"] == 1  # F5
    assert coverage.details["by_channel"] == [
        {"channel": "email", "feedback": 1, "customers": 1, "coverage": 0.2},
        {"channel": "survey", "feedback": 1, "customers": 1, "coverage": 0.2},
        {"channel": "wechat", "feedback": 1, "customers": 1, "coverage": 0.2},
    ]
    # quality, over the 3 in-window rows of known customers
    assert (comment.column, comment.failed, comment.total) == ("comment", 1, 3)  # F2
    assert (score.column, score.failed, score.total) == ("score", 2, 3)  # F2 empty, F4 "n/a"
    assert comment.dimension == score.dimension == "feedback"
