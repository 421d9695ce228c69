"""Drift checks against the previous run: volume (rows) and schema (columns)."""

from __future__ import annotations

import json
from pathlib import Path

from audit_helpers import invoke
from history_helpers import audit_json, check_of, contacts, write_project

from crmhealth.errors import ExitCode

VOLUME = {"id": "rows", "type": "volume", "table": "contacts", "max_change": 0.2}
SCHEMA = {"id": "columns", "type": "schema", "table": "contacts"}


def test_volume_fails_when_40_percent_of_the_rows_disappeared(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(1000, 0), [VOLUME])
    first = check_of(audit_json(rules, "2026-10-01", history), "rows")
    assert (first["status"], first["failed"], first["total"]) == ("pass", 0, 1)
    assert first["message"] == (
        "contacts has 1,000 rows, no earlier run of this table in the history to compare with"
    )
    write_project(tmp_path, contacts(600, 0), [VOLUME])
    result = invoke("audit", rules, "--as-of", "2026-11-01", "--history", history, "-f", "json")
    assert result.exit_code == ExitCode.CHECKS_FAILED
    second = check_of(json.loads(result.stdout), "rows")
    assert (second["status"], second["failed"], second["total"]) == ("fail", 1, 1)
    assert second["message"] == (
        "contacts has 600 rows, 400 fewer than the 1,000 on 2026-10-01 (-40.0%): "
        "more than the allowed change of 20%"
    )
    assert second["details"] == {
        "rows": 600,
        "max_change": 0.2,
        "previous_rows": 1000,
        "previous_as_of": "2026-10-01",
        "change": -400,
        "change_share": -0.4,
    }


def test_volume_passes_within_max_change_and_at_the_edge(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 0), [VOLUME])
    audit_json(rules, "2026-10-01", history)
    write_project(tmp_path, contacts(12, 0), [VOLUME])  # +20% exactly: allowed
    edge = check_of(audit_json(rules, "2026-11-01", history), "rows")
    assert (edge["status"], edge["failed"]) == ("pass", 0)
    assert edge["message"] == "contacts has 12 rows, 2 more than the 10 on 2026-10-01 (+20.0%)"
    write_project(tmp_path, contacts(15, 0), [VOLUME])  # +25% against November's 12
    grown = check_of(audit_json(rules, "2026-12-01", history), "rows")
    assert (grown["status"], grown["details"]["change"]) == ("fail", 3)


def test_volume_min_rows_applies_without_history_and_fail_0_only_warns(tmp_path: Path) -> None:
    check = {**VOLUME, "min_rows": 5, "fail": 0}
    rules = write_project(tmp_path, contacts(4, 0), [check])
    document = json.loads(invoke("audit", rules, "--as-of", "2026-10-01", "-f", "json").stdout)
    result = check_of(document, "rows")
    assert (result["status"], result["failed"]) == ("warn", 1)
    assert result["message"] == (
        "contacts has 4 rows, no history to compare with (run with --history): "
        "fewer than min_rows 5"
    )


def test_schema_fails_naming_a_removed_column(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 0), [SCHEMA])
    first = check_of(audit_json(rules, "2026-10-01", history), "columns")
    assert (first["status"], first["failed"], first["total"]) == ("pass", 0, 4)
    assert "column_profiles" not in first.get("details", {})
    rows = [[i, e, o] for i, e, _, o in contacts(10, 0)]
    write_project(tmp_path, rows, [SCHEMA], header=("id", "email", "owner"))
    second = check_of(audit_json(rules, "2026-11-01", history), "columns")
    assert (second["status"], second["failed"], second["total"]) == ("fail", 1, 4)
    assert second["message"] == "contacts: columns changed since 2026-10-01: 1 removed (phone)"
    assert second["details"] == {
        "previous_as_of": "2026-10-01",
        "added": [],
        "removed": ["phone"],
        "renamed": [],
    }


def test_schema_tells_a_rename_from_a_removal_and_an_addition(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 0), [SCHEMA])
    audit_json(rules, "2026-10-01", history)
    # email renamed to 邮箱 (same values); phone dropped; a new column notes.
    rows = [[i, e, o, f"note {i}"] for i, e, _, o in contacts(10, 0)]
    write_project(tmp_path, rows, [SCHEMA], header=("id", "邮箱", "owner", "notes"))
    result = check_of(audit_json(rules, "2026-11-01", history), "columns")
    assert (result["status"], result["failed"], result["total"]) == ("fail", 3, 5)
    assert result["message"] == (
        "contacts: columns changed since 2026-10-01: 1 removed (phone); "
        "1 renamed (email → 邮箱); 1 added (notes)"
    )
    assert result["details"]["renamed"] == [{"from": "email", "to": "邮箱", "similarity": 1.0}]


def test_schema_same_columns_pass_and_without_history_says_so(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 0), [SCHEMA])
    audit_json(rules, "2026-10-01", history)
    # Fewer rows, other values, columns in another order: the same columns.
    write_project(
        tmp_path,
        [[o, i, e, p] for i, e, p, o in contacts(8, 1)],
        [SCHEMA],
        header=("owner", "id", "email", "phone"),
    )
    same = check_of(audit_json(rules, "2026-11-01", history), "columns")
    assert (same["status"], same["failed"], same["total"]) == ("pass", 0, 4)
    assert same["message"] == "contacts has the same 4 columns as on 2026-10-01"
    plain = json.loads(invoke("audit", rules, "--as-of", "2026-12-01", "-f", "json").stdout)
    assert check_of(plain, "columns")["message"] == (
        "contacts has 4 columns; no history to compare with (run with --history)"
    )


def test_schema_without_recorded_values_says_a_rename_cannot_be_told(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = write_project(tmp_path, contacts(10, 0), [VOLUME])  # no schema check in October
    audit_json(rules, "2026-10-01", history)
    rows = [[i, e, p, o] for i, e, p, o in contacts(10, 0)]
    write_project(tmp_path, rows, [SCHEMA], header=("id", "mail", "phone", "owner"))
    result = check_of(audit_json(rules, "2026-11-01", history), "columns")
    assert (result["failed"], result["total"]) == (2, 5)
    assert result["message"] == (
        "contacts: columns changed since 2026-10-01: 1 removed (email); 1 added (mail) "
        "(no values recorded then for email, so a rename cannot be told from a removal)"
    )
