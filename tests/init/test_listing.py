"""Listing what a data file holds: its kind by name or first bytes, every sheet, every table."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from crmhealth.errors import UserError
from crmhealth.sources.listing import data_kind, list_tables

EXPORTS = Path(__file__).resolve().parents[2] / "examples" / "exports"


def test_kind_by_name_and_by_content(tmp_path: Path) -> None:
    assert data_kind(EXPORTS / "contacts.csv") == "csv"
    assert data_kind(EXPORTS / "crm.xlsx") == "xlsx"
    assert data_kind(EXPORTS / "crm.sqlite") == "sqlite"
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\n", encoding="utf-8")
    assert data_kind(rules) is None
    # Without a telling suffix the first bytes decide.
    assert data_kind(Path(shutil.copy(EXPORTS / "crm.sqlite", tmp_path / "crm.bin"))) == "sqlite"
    assert data_kind(Path(shutil.copy(EXPORTS / "crm.xlsx", tmp_path / "book"))) == "xlsx"
    gbk = tmp_path / "export.txt"
    gbk.write_bytes("姓名\n张伟\n".encode("gbk"))
    assert data_kind(gbk) == "csv"  # not UTF-8, so not a rules file
    tsv = tmp_path / "export"
    tsv.write_text("name\temail\nA\ta@b.cn\n", encoding="utf-8")
    assert data_kind(tsv) == "csv"
    plain_rules = tmp_path / "rules.txt"
    plain_rules.write_text("# my rules\nversion: 1\nsources: {}\n", encoding="utf-8")
    assert data_kind(plain_rules) is None


def test_every_sheet_in_workbook_order() -> None:
    listed = list_tables(EXPORTS / "crm.xlsx", "xlsx")
    assert [t.sheet for t in listed] == ["Notes", "Accounts"]
    assert [t.label for t in listed] == ["crm.xlsx[Notes]", "crm.xlsx[Accounts]"]


def test_every_table_of_a_database(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE users (id TEXT); CREATE TABLE deals (id TEXT);"
        "CREATE VIEW won AS SELECT * FROM deals;"
    )
    conn.close()
    assert [t.table for t in list_tables(path, "sqlite")] == ["deals", "users", "won"]
    assert list(tmp_path.iterdir()) == [path]  # nothing written beside it


def test_every_table_of_a_duckdb_file(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "crm.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE contacts (id VARCHAR); CREATE TABLE accounts (id VARCHAR)")
    conn.close()
    assert [t.table for t in list_tables(path, "duckdb")] == ["accounts", "contacts"]


def test_unreadable_files_are_user_errors(tmp_path: Path) -> None:
    fake = tmp_path / "fake.sqlite"
    fake.write_text("not a database", encoding="utf-8")
    with pytest.raises(UserError, match="not a SQLite database file"):
        list_tables(fake, "sqlite")
    with pytest.raises(UserError, match="file not found"):
        list_tables(tmp_path / "missing.csv", "csv")
