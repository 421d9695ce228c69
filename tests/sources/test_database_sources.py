"""SQLite and DuckDB sources: `table:` (default: the source's name), values as text, and an
unknown table named with the tables that exist."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from audit_helpers import position, write_rules

from crmhealth.engine import run_audit
from crmhealth.errors import UserError
from crmhealth.rules import load_rules
from crmhealth.sources import load_table

CONTACT_ROWS = [
    (1, "li.na@qq.com", 13912345678, 1.5),
    (2, "", None, 2.0),
    (3, None, 1391234567, None),
    (4, "  ", 13912345678, 10),
]


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER, email TEXT, phone INTEGER, score REAL)")
        conn.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?)", CONTACT_ROWS)
        conn.execute("CREATE TABLE deals (id INTEGER, amount REAL)")
    conn.close()
    return path


CHECKS = [
    {"type": "completeness", "table": "contacts", "column": "email"},
    {"type": "validity", "table": "contacts", "column": "phone", "format": "phone"},
    {"type": "duplicates", "table": "contacts", "keys": ["phone"]},
    {"type": "validity", "table": "contacts", "column": "score", "format": "range", "max": 2},
]
# (failed, total) of CHECKS over CONTACT_ROWS.
EXPECTED = [(3, 4), (1, 3), (1, 3), (1, 3)]


def _figures(rules: Path) -> list[tuple[int, int]]:
    return [(r.failed, r.total) for r in run_audit(load_rules(rules)).results]


def test_sqlite_table_named_like_the_source(sqlite_file: Path) -> None:
    rules = write_rules(sqlite_file.parent, {"contacts": "crm.sqlite"}, CHECKS, region="CN")
    assert _figures(rules) == EXPECTED


def test_sqlite_values_are_read_as_text(sqlite_file: Path) -> None:
    rules = write_rules(sqlite_file.parent, {"contacts": "crm.sqlite"}, CHECKS, region="CN")
    frame = load_table(load_rules(rules).sources["contacts"]).frame.collect()
    assert frame.rows() == [
        ("1", "li.na@qq.com", "13912345678", "1.5"),
        ("2", "", None, "2.0"),
        ("3", None, "1391234567", None),
        ("4", "  ", "13912345678", "10.0"),
    ]


def test_sqlite_table_option(sqlite_file: Path) -> None:
    checks = [{**c, "table": "people"} for c in CHECKS]
    rules = write_rules(
        sqlite_file.parent,
        {"people": {"path": "crm.sqlite", "table": "contacts"}},
        checks,
        region="CN",
    )
    assert _figures(rules) == EXPECTED


def test_sqlite_unknown_table_lists_the_tables(sqlite_file: Path) -> None:
    rules = write_rules(
        sqlite_file.parent,
        {"contacts": {"path": "crm.sqlite", "table": "customers"}},
        CHECKS[:1],
    )
    with pytest.raises(UserError) as raised:
        run_audit(load_rules(rules))
    assert raised.value.message == (
        "source 'contacts': crm.sqlite has no table 'customers' (valid: 'contacts', 'deals')"
    )
    assert raised.value.where == position(rules, "contacts:")


def test_sqlite_misspelt_table_suggests_the_close_one(sqlite_file: Path) -> None:
    rules = write_rules(
        sqlite_file.parent, {"contacts": {"path": "crm.sqlite", "table": "contact"}}, CHECKS[:1]
    )
    with pytest.raises(UserError, match=r"no table 'contact' \(did you mean 'contacts'\?\)"):
        run_audit(load_rules(rules))


def test_a_file_that_is_not_sqlite_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "crm.sqlite").write_text("id,email\n", encoding="utf-8")
    rules = write_rules(tmp_path, {"contacts": "crm.sqlite"}, CHECKS[:1])
    with pytest.raises(UserError, match="not a SQLite database file"):
        run_audit(load_rules(rules))


@pytest.fixture
def duckdb_file(tmp_path: Path) -> Path:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "crm.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE contacts (id INTEGER, email VARCHAR, phone BIGINT, score DOUBLE)")
    conn.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?)", CONTACT_ROWS)
    conn.execute("CREATE TABLE deals (id INTEGER)")
    conn.close()
    return path


def test_duckdb_table(duckdb_file: Path) -> None:
    rules = write_rules(duckdb_file.parent, {"contacts": "crm.duckdb"}, CHECKS, region="CN")
    assert _figures(rules) == EXPECTED


def test_duckdb_unknown_table_lists_the_tables(duckdb_file: Path) -> None:
    rules = write_rules(
        duckdb_file.parent, {"contacts": {"path": "crm.duckdb", "table": "people"}}, CHECKS[:1]
    )
    with pytest.raises(UserError) as raised:
        run_audit(load_rules(rules))
    assert raised.value.message == (
        "source 'contacts': crm.duckdb has no table 'people' (valid: 'contacts', 'deals')"
    )
