"""The suggested master of each group (most complete, then most recently updated, then the
first row) and, per other member, the configured columns that differ from it."""

from __future__ import annotations

import polars as pl

from crmhealth.checks.fuzzy.master import mark

FIELDS = {"name": "name", "phone": "phone", "email": "email", "updated_at": "updated"}
FRAME = pl.DataFrame(
    {
        "name": ["Ann Lee", "ann  LEE", "Ann Lee", "Bob Ray", "Bob Ray", "Bob Ray"],
        "phone": ["139-1234-5678", "+86 139 1234 5678", None, "1", "1", "1"],
        "email": [None, "ann@x.com", "ann@y.com", "b@x.com", "b@x.com", "b@x.com"],
        "updated_at": ["2024-01-01", "2023-05-02", "2025-01-01", "2020-01-01", None, "2021-03-04"],
    }
)


def _members(rows: list[int], groups: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        {"row": rows, "group": groups, "score": [0.9] * len(rows)},
        schema={"row": pl.UInt32, "group": pl.UInt32, "score": pl.Float64},
    )


def test_most_complete_then_latest_then_first() -> None:
    out = mark(_members([0, 1, 2, 3, 4, 5], [1, 1, 1, 2, 2, 2]), FRAME, FIELDS)
    # group 1: row 1 is the only one with all three fields; group 2: all equally complete,
    # row 5 updated last (row 4 has no date and comes after dated rows).
    assert out["master"].to_list() == [False, True, False, False, False, True]
    # Phones compared by national number ("+86 139 1234 5678" = "139-1234-5678"), names
    # by case and spacing only; a value the master has and the member lacks differs.
    assert out["differs"].to_list() == ["email", "", "phone, email", "", "", ""]
    assert out.columns == ["row", "group", "score", "master", "differs"]


def test_ties_go_to_the_first_row() -> None:
    fields = {"name": "name", "email": "email"}
    out = mark(_members([3, 4], [1, 1]), FRAME, fields)
    assert out["master"].to_list() == [True, False]
    assert out["differs"].to_list() == ["", ""]
