"""XLSX sources: the first sheet by default, `sheet:` to pick one, every cell read as text, and
an unknown sheet named with the sheets that exist."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from audit_helpers import position, write_rules

from crmhealth.engine import run_audit
from crmhealth.errors import UserError
from crmhealth.rules import load_rules
from crmhealth.sources import load_table


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    contacts = book.active
    contacts.title = "联系人"
    contacts.append(["id", "name", "phone", "updated_at"])
    contacts.append([1, "张三", 13912345678, date(2026, 5, 5)])  # phone typed as a number
    contacts.append([2, "李四", "139-1234-5678", datetime(2026, 5, 4, 23, 30)])
    contacts.append([3, None, None, None])
    deals = book.create_sheet("Deals")
    deals.append(["id", "stage", "amount"])
    deals.append([10, "Closed Won", 1200.5])
    deals.append([11, "Closed Won", None])
    path = tmp_path / "crm.xlsx"
    book.save(path)
    return path


def _rules(folder: Path, source: object, checks: list[dict[str, object]]) -> Path:
    return write_rules(folder, {"t": source}, checks, as_of="2026-11-01", region="CN")


def test_first_sheet_is_the_default_and_cells_come_as_text(workbook: Path) -> None:
    check = {"type": "completeness", "table": "t", "column": "name"}
    rules = load_rules(_rules(workbook.parent, "crm.xlsx", [check]))
    frame = load_table(rules.sources["t"]).frame.collect()
    assert frame.columns == ["id", "name", "phone", "updated_at"]
    assert frame.get_column("name").to_list() == ["张三", "李四", None]
    # A phone typed as a number in Excel stays its digits (no float, no exponent).
    assert frame.get_column("phone").to_list() == ["13912345678", "139-1234-5678", None]
    assert frame.get_column("id").to_list() == ["1", "2", "3"]


def test_checks_on_a_sheet(workbook: Path) -> None:
    rules = _rules(
        workbook.parent,
        "crm.xlsx",
        [
            {"type": "validity", "table": "t", "column": "phone", "format": "phone"},
            # Date cells are read as text the date parser understands: 2026-05-05 is 180 days
            # old at as_of, 2026-05-04 23:30 is 181.
            {"type": "freshness", "table": "t", "column": "updated_at", "max_age": "180d"},
        ],
    )
    phone, freshness = run_audit(load_rules(rules)).results
    assert (phone.failed, phone.total) == (0, 2)
    assert (freshness.failed, freshness.total) == (2, 3)


def test_sheet_selects_another_sheet(workbook: Path) -> None:
    rules = _rules(
        workbook.parent,
        {"path": "crm.xlsx", "sheet": "Deals"},
        [{"type": "expression", "table": "t", "condition": "amount > 1000"}],
    )
    (result,) = run_audit(load_rules(rules)).results
    assert (result.failed, result.total) == (1, 2)


def test_unknown_sheet_lists_the_sheets_that_exist(workbook: Path) -> None:
    rules = _rules(
        workbook.parent,
        {"path": "crm.xlsx", "sheet": "Opportunities"},
        [{"type": "completeness", "table": "t", "column": "id"}],
    )
    with pytest.raises(UserError) as raised:
        run_audit(load_rules(rules))
    assert raised.value.message == (
        "source 't': workbook crm.xlsx has no sheet 'Opportunities' (sheets: '联系人', 'Deals')"
    )
    assert raised.value.where == position(rules, "t:")


def test_misspelt_sheet_suggests_the_close_one(workbook: Path) -> None:
    rules = _rules(
        workbook.parent,
        {"path": "crm.xlsx", "sheet": "Deal"},
        [{"type": "completeness", "table": "t", "column": "id"}],
    )
    with pytest.raises(UserError, match=r"has no sheet 'Deal' \(did you mean 'Deals'\?\)"):
        run_audit(load_rules(rules))


def test_a_file_that_is_not_a_workbook_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "crm.xlsx").write_text("id,name\n1,a\n", encoding="utf-8")
    rules = _rules(tmp_path, "crm.xlsx", [{"type": "completeness", "table": "t", "column": "id"}])
    with pytest.raises(UserError, match="not a readable Excel workbook"):
        run_audit(load_rules(rules))
