"""Integrity: missing references are not counted; others must exist as trimmed text."""

from __future__ import annotations

from pathlib import Path

from support import audit, only

from crmhealth.results import Status


def test_values_not_in_the_referenced_column_fail(tmp_path: Path) -> None:
    contacts = [
        ("C1", "A1"),
        ("C2", " A2 "),
        ("C3", "A9"),
        ("C4", ""),
        ("C5", "   "),
        ("C6", None),
        ("C7", "a1"),
    ]
    accounts = [("A1",), ("A2",), ("A3",)]
    report = audit(
        tmp_path,
        {"contacts": (("id", "account_id"), contacts), "accounts": (("id",), accounts)},
        [
            {
                "type": "integrity",
                "table": "contacts",
                "column": "account_id",
                "references": "accounts.id",
                "warn": 0.9,
                "fail": 0.5,
            }
        ],
    )
    result = only(report)
    # total = 4 present values; A9 and a1 (case matters: ids are text) point at nothing
    assert (result.failed, result.total, result.status) == (2, 4, Status.WARN)
    assert [s.to_dict()["id"] for s in result.samples] == ["C3", "C7"]
    assert result.dimension == "accuracy"


def test_reference_must_name_table_and_column(tmp_path: Path) -> None:
    import pytest

    from crmhealth.errors import UserError

    with pytest.raises(UserError, match=r"write table\.column"):
        audit(
            tmp_path,
            {"contacts": (("id", "account_id"), [("C1", "A1")])},
            [
                {
                    "type": "integrity",
                    "table": "contacts",
                    "column": "account_id",
                    "references": "accounts",
                }
            ],
        )


def test_dangling_keys_are_shown_as_written(tmp_path: Path) -> None:
    # A ten-digit account id is a key, not a phone number: samples show it unmasked.
    report = audit(
        tmp_path,
        {
            "contacts": (("id", "account_id"), [("C1", "1000234567")]),
            "accounts": (("id",), [("1000234568",)]),
        },
        [
            {
                "type": "integrity",
                "table": "contacts",
                "column": "account_id",
                "references": "accounts.id",
            }
        ],
    )
    assert [s.to_dict() for s in only(report).samples] == [
        {
            "row": 1,
            "id": "C1",
            "value": "1000234567",
            "reason": "account_id points at no accounts.id",
        }
    ]
