"""Exports as clients send them: title rows above the header (found, or `header_row:` /
`skip_rows:`), Excel's `sep=;` line, header names padded with spaces or invisible characters,
Excel date serials, compact dates, and `columns:` aliases that give rules stable names."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from audit_helpers import invoke, position, write_rules

from crmhealth.checks.parsing import parse_dates
from crmhealth.errors import ExitCode
from crmhealth.rules import load_rules
from crmhealth.sources import load_table

TITLED = (
    "客户导出 Customer export,,\n"
    "导出时间: 2026-11-01 08:00,,\n"
    ",,\n"
    "编号,姓名,手机\n"
    "1,张三,13912345678\n"
    "2,李四,\n"
    "3,王五,139-1234-567\n"
)


def _table(folder: Path, source: object) -> Any:
    rules = write_rules(
        folder, {"t": source}, [{"type": "completeness", "table": "t", "column": "x"}]
    )
    return load_table(load_rules(rules).sources["t"])


def _audit_json(rules: Path) -> dict[str, Any]:
    result = invoke("audit", rules, "--format", "json")
    assert result.exit_code in (ExitCode.OK, ExitCode.CHECKS_FAILED), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def _figures(document: dict[str, Any]) -> list[tuple[int, int]]:
    return [(r["failed"], r["total"]) for r in document["checks"]]


# --- title rows ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_title_rows_above_the_header_are_found(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "c.csv").write_bytes(TITLED.encode(encoding))
    table = _table(tmp_path, "c.csv")
    assert table.all_columns == ("编号", "姓名", "手机")
    assert table.frame.collect().rows() == [
        ("1", "张三", "13912345678"),
        ("2", "李四", None),
        ("3", "王五", "139-1234-567"),
    ]
    assert table.details == {"header_line": 4}
    rules = write_rules(
        tmp_path,
        {"t": "c.csv"},
        [{"type": "completeness", "table": "t", "column": "手机"}],
        as_of="2026-11-01",
    )
    assert _figures(_audit_json(rules)) == [(1, 3)]


def test_a_header_with_a_blank_name_is_still_the_header(tmp_path: Path) -> None:
    # Texts in the data rows do not make one of them the header.
    (tmp_path / "c.csv").write_text("id,,email,note\n1,x,a@x,hello\nLi,Wang,Zhao,Sun\n", "utf-8")
    table = _table(tmp_path, "c.csv")
    assert table.all_columns == ("id", "column_2", "email", "note")
    assert table.frame.collect().height == 2
    assert table.details == {}


def test_header_row_and_skip_rows_override_the_detection(tmp_path: Path) -> None:
    # A one-column file: nothing to tell a title from a header but the source's word.
    (tmp_path / "c.csv").write_text("Export of 2026-11-01\nemail\na@x.com\n\nb@x.com\n", "utf-8")
    for option in ({"header_row": 2}, {"skip_rows": 1}):
        table = _table(tmp_path, {"path": "c.csv", **option})
        assert table.all_columns == ("email",)
        assert table.frame.collect().rows() == [("a@x.com",), (None,), ("b@x.com",)]
    assert _table(tmp_path, "c.csv").all_columns == ("Export of 2026-11-01",)


def test_header_row_pointing_at_a_blank_line_is_refused(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("title\n\nid,name\n1,Li\n", "utf-8")
    rules = write_rules(
        tmp_path,
        {"t": {"path": "c.csv", "header_row": 2}},
        [{"type": "completeness", "table": "t", "column": "id"}],
    )
    result = invoke("validate", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "line 2 (`header_row:`/`skip_rows:`) is not the start of a header row" in result.stderr


def test_header_row_and_skip_rows_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id\n1\n", "utf-8")
    rules = write_rules(
        tmp_path,
        {"t": {"path": "c.csv", "header_row": 2, "skip_rows": 1}},
        [{"type": "completeness", "table": "t", "column": "id"}],
    )
    result = invoke("validate", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "give `header_row:` or `skip_rows:`, not both" in result.stderr


def test_xlsx_title_rows_are_found(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A2"] = "客户导出"  # row 1 stays empty: the reader's rows start at row 2
    sheet.append(["导出人: 管理员", None, "2026-11-01"])
    sheet.append([])
    sheet.append(["编号", "姓名 ", "\u200b手机"])
    sheet.append([1, "张三", 13912345678])
    sheet.append([2, "李四", None])
    book.save(tmp_path / "c.xlsx")
    table = _table(tmp_path, "c.xlsx")
    assert table.all_columns == ("编号", "姓名", "手机")
    assert table.frame.collect().rows() == [("1", "张三", "13912345678"), ("2", "李四", None)]
    assert table.details == {"header_row": 5}  # as Excel numbers the rows
    assert _table(tmp_path, {"path": "c.xlsx", "header_row": 5}).all_columns == table.all_columns
    assert _table(tmp_path, {"path": "c.xlsx", "skip_rows": 4}).all_columns == table.all_columns
    projected = load_table(
        load_rules(
            write_rules(
                tmp_path,
                {"t": "c.xlsx"},
                [{"type": "completeness", "table": "t", "column": "手机"}],
            )
        ).sources["t"],
        ["手机"],
    )
    assert projected.frame.collect().to_dict(as_series=False) == {
        "编号": ["1", "2"],
        "手机": ["13912345678", None],
    }


# --- sep= line -------------------------------------------------------------------------------


def test_excels_sep_line_sets_the_delimiter_and_is_not_the_header(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("sep=;\nid;name,alias;email\n1;Li, Na;a@x\n", "utf-8")
    table = _table(tmp_path, "c.csv")
    assert table.all_columns == ("id", "name,alias", "email")
    assert table.frame.collect().rows() == [("1", "Li, Na", "a@x")]


# --- header names ----------------------------------------------------------------------------


def test_padded_and_invisible_header_names_are_matched_clean(tmp_path: Path) -> None:
    header = "\ufeffid, email\u200b ,\u00a0phone\u3000,first\u00a0name"
    (tmp_path / "c.csv").write_text(header + "\n1,a@x.com,13912345678,Li\n2,,,\n", "utf-8")
    assert _table(tmp_path, "c.csv").all_columns == ("id", "email", "phone", "first name")
    rules = write_rules(
        tmp_path,
        {"t": "c.csv"},
        [{"type": "completeness", "table": "t", "columns": ["email", "first name"]}],
        as_of="2026-11-01",
    )
    assert invoke("validate", rules).exit_code == ExitCode.OK
    assert _figures(_audit_json(rules)) == [(1, 2), (1, 2)]


def test_an_alias_for_a_header_that_is_not_there_shows_it_visibly(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,email\n1,a@x\n", "utf-8")
    rules = write_rules(
        tmp_path,
        {"t": {"path": "c.csv", "columns": {"e-mail\u200b": "mail"}}},
        [{"type": "completeness", "table": "t", "column": "mail"}],
    )
    result = invoke("validate", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert result.stderr == (
        f"crmhealth: error: {position(rules, 't:')}: source 't': `columns:` renames "
        "'e-mail\\u200b', which is not a header of this table (did you mean 'email'?)\n"
    )


# --- aliases ---------------------------------------------------------------------------------


def test_aliases_give_rules_stable_names(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes(TITLED.encode("gbk"))
    source = {"path": "c.csv", "columns": {"手机": "phone", " 姓名": "name"}}
    checks = [
        {"type": "completeness", "table": "t", "column": "phone"},
        {"type": "validity", "table": "t", "column": "phone", "format": "phone"},
    ]
    rules = write_rules(tmp_path, {"t": source}, checks, as_of="2026-11-01", region="CN")
    assert invoke("validate", rules).exit_code == ExitCode.OK
    assert _figures(_audit_json(rules)) == [(1, 3), (1, 2)]
    assert _table(tmp_path, source).all_columns == ("编号", "name", "phone")
    # The header's own name is no longer a column: validate names the alias.
    old = write_rules(
        tmp_path, {"t": source}, [{"type": "completeness", "table": "t", "column": "手机"}]
    )
    result = invoke("validate", old)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "has no column '手机'" in result.stderr and "'phone'" in result.stderr


def test_an_alias_may_not_take_another_columns_name(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,email,mail\n1,a,b\n", "utf-8")
    rules = write_rules(
        tmp_path,
        {"t": {"path": "c.csv", "columns": {"email": "mail"}}},
        [{"type": "completeness", "table": "t", "column": "mail"}],
    )
    result = invoke("validate", rules)
    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "gives the name 'mail' to a column while another column already has it" in result.stderr


def test_aliases_on_xlsx_and_sqlite(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["编号", "邮箱"])
    book.active.append([1, "a@x.com"])
    book.active.append([2, None])
    book.save(tmp_path / "c.xlsx")
    with sqlite3.connect(tmp_path / "c.sqlite") as conn:
        conn.execute('CREATE TABLE t ("编号" INTEGER, "邮箱" TEXT)')
        conn.executemany("INSERT INTO t VALUES (?, ?)", [(1, "a@x.com"), (2, None)])
    conn.close()
    for path in ("c.xlsx", "c.sqlite"):
        source = {"path": path, "columns": {"邮箱": "email"}}
        rules = write_rules(
            tmp_path, {"t": source}, [{"type": "completeness", "table": "t", "column": "email"}]
        )
        assert _figures(_audit_json(rules)) == [(1, 2)], path
        table = load_table(load_rules(rules).sources["t"], ["email"])
        assert table.frame.collect().rows() == [("1", "a@x.com"), ("2", None)], path


# --- dates -----------------------------------------------------------------------------------


def test_xlsx_date_cells_stay_dates_and_serials_in_date_cells_are_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "updated_at"])
    sheet.append([1, date(2026, 5, 5)])  # 180 days before as_of: fresh
    sheet.append([2, 46146])  # 2026-05-04 as a serial in a date-formatted cell: 181 days
    sheet["B3"].number_format = "yyyy-mm-dd"
    sheet.append([3, 46146.75])  # same day, 18:00
    sheet["B4"].number_format = "yyyy-mm-dd hh:mm"
    book.save(tmp_path / "c.xlsx")
    table = _table(tmp_path, "c.xlsx")
    values = table.frame.collect().get_column("updated_at").to_list()
    assert [v[:10] for v in values] == ["2026-05-05", "2026-05-04", "2026-05-04"]
    rules = write_rules(
        tmp_path,
        {"t": "c.xlsx"},
        [{"type": "freshness", "table": "t", "column": "updated_at", "max_age": "180d"}],
        as_of="2026-11-01",
    )
    assert _figures(_audit_json(rules)) == [(2, 3)]


def test_excel_serials_in_a_column_declared_as_dates(tmp_path: Path) -> None:
    # A CSV saved from Excel with unformatted date cells: serials, one with a time of day.
    (tmp_path / "c.csv").write_text("id,updated_at\n1,46146\n2,46146.5\n3,2026-05-05\n", "utf-8")
    rules = write_rules(
        tmp_path,
        {"t": "c.csv"},
        [{"type": "freshness", "table": "t", "column": "updated_at", "max_age": "180d"}],
        as_of="2026-11-01",
    )
    assert _figures(_audit_json(rules)) == [(2, 3)]


def test_serials_are_dates_only_within_excels_range() -> None:
    values = pl.Series(["45230", "45230.5", "12345", "99999", "4523"])
    assert parse_dates(values).to_list() == [
        date(2023, 10, 31),
        date(2023, 10, 31),
        None,
        None,
        None,
    ]


def test_compact_dates_when_the_whole_column_has_that_shape() -> None:
    assert parse_dates(pl.Series(["20261101", None, " ", "20260230"])).to_list() == [
        date(2026, 11, 1),
        None,
        None,
        None,
    ]
    # Mixed with other forms, eight digits are not assumed to be a date...
    assert parse_dates(pl.Series(["20261101", "2026-11-02"])).to_list() == [
        None,
        date(2026, 11, 2),
    ]
    # ...unless `formats:` says so.
    assert parse_dates(pl.Series(["20261101", "2026-11-02"]), ["%Y%m%d"]).to_list() == [
        date(2026, 11, 1),
        date(2026, 11, 2),
    ]


def test_iso_timestamps_with_milliseconds_and_a_compact_offset() -> None:
    values = pl.Series(["2026-11-01T08:00:00.000+0800", "2026-11-01T23:59:59.5-05:00"])
    assert parse_dates(values).to_list() == [date(2026, 11, 1), date(2026, 11, 1)]
