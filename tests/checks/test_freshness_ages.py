"""Freshness gives the age distribution of the records (the report's record-age chart)."""

from __future__ import annotations

from pathlib import Path

from support import audit, only


def test_records_are_counted_per_age_bracket(tmp_path: Path) -> None:
    rows = [
        ("1", "2026-11-01"),  # 0 days
        ("2", "2026-10-02"),  # 30 days: still the first bracket
        ("3", "2026-10-01"),  # 31 days
        ("4", "2026-05-05"),  # 180 days
        ("5", "2026-05-04"),  # 181 days
        ("6", "2025-11-01"),  # 365 days
        ("7", "2024-11-01"),  # 730 days
        ("8", "2020-01-01"),  # over two years
        ("9", "not a date"),
        ("10", None),
        ("11", "2027-01-01"),  # in the future: age < 0, the first bracket
    ]
    result = only(
        audit(
            tmp_path,
            {"contacts": (("id", "updated_at"), rows)},
            [{"type": "freshness", "table": "contacts", "column": "updated_at", "max_age": "180d"}],
        )
    )
    assert (result.failed, result.total) == (6, 11)
    assert result.details["age_distribution"] == [
        {"age": "0–30 d", "records": 3},
        {"age": "31–90 d", "records": 1},
        {"age": "91–180 d", "records": 1},
        {"age": "181–365 d", "records": 2},
        {"age": "1–2 y", "records": 1},
        {"age": "> 2 y", "records": 1},
        {"age": "no date", "records": 2},
    ]
