"""The engine's contract: one plan, one scan per table, checks declare what runs locally, and a
check the data breaks fails alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support import audit, write_csv

import crmhealth.engine as engine
from crmhealth.checks import REGISTRY, RunContext
from crmhealth.engine import plan_audit
from crmhealth.results import Status
from crmhealth.rules import load_rules

CONTACTS = ("id", "email", "phone", "updated_at", "amount")
ROWS = [
    ("1", "li.na@qq.com", "13912345678", "2026-10-01", "10"),
    ("2", "bad", "1391234567", "2025-01-01", "abc"),
    ("3", "li.na@qq.com", "13912345678", "2026-10-20", "5"),
]
CHECKS: list[dict[str, Any]] = [
    {"type": "completeness", "table": "contacts", "columns": ["email", "phone"]},
    {"type": "validity", "table": "contacts", "column": "email", "format": "email"},
    {"type": "validity", "table": "contacts", "column": "phone", "format": "phone"},
    {"type": "duplicates", "table": "contacts", "keys": ["email"]},
    {"type": "freshness", "table": "contacts", "column": "updated_at", "max_age": "180d"},
]


def test_each_table_is_read_once_however_many_checks_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[tuple[str, tuple[str, ...] | None]] = []
    real = engine.load_table

    def counting(ref: Any, columns: Any = None) -> Any:
        reads.append((ref.name, None if columns is None else tuple(columns)))
        return real(ref, columns)

    monkeypatch.setattr(engine, "load_table", counting)
    report = audit(tmp_path, {"contacts": (CONTACTS, ROWS)}, CHECKS, extra={"region": "CN"})
    assert len(report.results) == 6
    # One read, projecting the columns the checks use (and the id samples quote), never
    # the unused `amount`.
    assert reads == [("contacts", ("id", "email", "phone", "updated_at"))]


def test_the_plan_knows_tables_columns_and_positions(tmp_path: Path) -> None:
    write_csv(tmp_path / "contacts.csv", CONTACTS, ROWS)
    rules_path = tmp_path / "rules.yaml"
    rules_path.write_text(
        "version: 1\nregion: CN\nsources: {contacts: contacts.csv}\nchecks:\n"
        "  - {type: completeness, table: contacts, column: email}\n"
        "  - {type: freshness, table: contacts, column: updated_at, max_age: 6m}\n",
        encoding="utf-8",
    )
    plan = plan_audit(load_rules(rules_path))
    (table,) = plan.tables.values()
    assert table.columns == CONTACTS
    assert table.needed == ("id", "email", "updated_at")
    assert table.id_column == "id"
    assert plan.rules.check_where(1) == f"{rules_path}:6:5"


def test_work_that_is_not_an_expression_is_declared_as_a_local_step(tmp_path: Path) -> None:
    ctx = RunContext(as_of=date(2026, 11, 1), region="CN", id_columns={"contacts": "id"})
    phone = REGISTRY["validity"].model_validate(
        {"type": "validity", "table": "contacts", "column": "phone", "format": "phone"}
    )
    allowed = REGISTRY["validity"].model_validate(
        {
            "type": "validity",
            "table": "contacts",
            "column": "s",
            "format": "allowed",
            "values": ["a"],
        }
    )
    fuzzy = REGISTRY["duplicates"].model_validate(
        {"type": "duplicates", "table": "contacts", "match": "fuzzy", "fields": {"n": "name"}}
    )
    (step,) = phone.plan(ctx).local_steps
    assert (step.inputs, step.runs) == (("phone",), "python")
    assert "libphonenumber" in step.why
    assert allowed.plan(ctx).local_steps == []  # a plain expression: runs wherever the data is
    (step,) = fuzzy.plan(ctx).local_steps
    assert (step.inputs, step.runs) == (("n",), "python")


def test_a_check_the_data_breaks_fails_alone(tmp_path: Path) -> None:
    checks = [
        *CHECKS,
        # amount holds "abc": the types fit (issue 20 refuses `amount + 1` at validation), the
        # value does not
        {
            "id": "sum",
            "type": "expression",
            "table": "contacts",
            "condition": "CAST(amount AS INTEGER) > 0",
        },
    ]
    report = audit(tmp_path, {"contacts": (CONTACTS, ROWS)}, checks, extra={"region": "CN"})
    statuses = {r.check: r.status for r in report.results}
    assert statuses["sum"] is Status.ERROR
    assert "'abc'" in next(r for r in report.results if r.check == "sum").message
    others = [r for r in report.results if r.check != "sum"]
    assert all(r.status is not Status.ERROR for r in others)
    by_check = {(r.check, r.column): (r.failed, r.total) for r in others}
    assert by_check == {
        ("completeness-contacts", "email"): (0, 3),
        ("completeness-contacts", "phone"): (0, 3),
        ("validity-contacts-email-email", "email"): (1, 3),
        ("validity-contacts-phone-phone", "phone"): (1, 3),
        ("duplicates-contacts-email", "email"): (1, 3),
        ("freshness-contacts-updated_at", "updated_at"): (1, 3),
    }


def test_results_say_how_long_their_check_took(tmp_path: Path) -> None:
    report = audit(tmp_path, {"contacts": (CONTACTS, ROWS)}, CHECKS, extra={"region": "CN"})
    assert all(r.elapsed > 0 for r in report.results)
    assert report.elapsed >= max(r.elapsed for r in report.results)
