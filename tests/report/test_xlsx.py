"""The workbook, round-tripped with openpyxl: sheets, rows, source row numbers, no formula cells,
hostile values as text, Chinese intact, frozen header, autofilter, widths, the per-sheet cap."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from report.fixtures import FORMULAS, hostile_report

from crmhealth.report import REPORTERS, reporter_for_path
from crmhealth.report import xlsx as xlsx_module
from crmhealth.report.base import FixLists, RenderOptions
from crmhealth.report.xlsx import XlsxReporter, sheet_name


class MemoryFixLists:
    """The FixLists protocol over frames held in memory, cut into batches of `size` rows."""

    def __init__(self, lists: dict[str, pl.DataFrame], size: int = 2) -> None:
        self.lists, self.size = lists, size

    def checks(self) -> list[str]:
        return list(self.lists)

    def batches(self, check_id: str) -> Iterator[pl.DataFrame]:
        frame = self.lists[check_id]
        for start in range(0, frame.height, self.size):
            yield frame.slice(start, self.size)


def fix_lists() -> FixLists:
    email = pl.DataFrame(
        {
            "row": [2, 4, 5],
            "reason": ["missing email", "missing email", "missing email"],
            "id": ["C2", "C4", "C5"],
            "name": ["张伟", FORMULAS[0], "北京长风科技有限责任公司的一位很长名字的联系人"],
            "email": [FORMULAS[1], None, FORMULAS[2]],
            "phone": ["013912345678", "+86 139 1234 5678", "-1"],
        }
    )
    people = pl.DataFrame(
        {
            "row": [1, 3],
            "reason": ["same email", "same name"],
            "group": [1, 1],
            "score": [1.0, 0.93],
            "id": ["C1", "C3"],
            "name": ["李敏", "李敏"],
        }
    )
    return MemoryFixLists({"contact-fields": email, "dup/people:[1]": people})


def _workbook(options: RenderOptions) -> openpyxl.Workbook:
    out = io.BytesIO()
    XlsxReporter().write(hostile_report(), options, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def _cells(sheet: object) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]


def test_registered_by_extension_and_not_printable() -> None:
    assert reporter_for_path(Path("report.xlsx")) is REPORTERS["xlsx"]
    assert REPORTERS["xlsx"].to_stdout is False


def test_summary_then_one_sheet_per_check_with_rows() -> None:
    book = _workbook(RenderOptions(fix_lists=fix_lists()))
    assert book.sheetnames == ["Summary", "contact-fields", "dup_people__1_"]
    email = book["contact-fields"]
    rows = _cells(email)
    assert rows[0] == ["row", "reason", "id", "name", "email", "phone"]
    assert [r[0] for r in rows[1:]] == [2, 4, 5]  # source row numbers, as numbers
    assert rows[1][3] == "张伟" and rows[3][3] == "北京长风科技有限责任公司的一位很长名字的联系人"
    assert rows[1][5] == "013912345678"  # text: the leading zero stays
    assert email.freeze_panes == "A2"
    assert email.auto_filter.ref == "A1:F4"
    # Widths fit the longest value (CJK counts two): 23 characters → 46 + 2, capped at 60.
    assert email.column_dimensions["D"].width == pytest.approx(48, abs=1)
    people = _cells(book["dup_people__1_"])
    assert people[0] == ["row", "reason", "group", "score", "id", "name"]
    assert people[1:] == [
        [1, "same email", "1", "1.0", "C1", "李敏"],
        [3, "same name", "1", "0.93", "C3", "李敏"],
    ]


def test_hostile_values_are_text_never_formulas() -> None:
    book = _workbook(RenderOptions(fix_lists=fix_lists()))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    for formula in FORMULAS:
        assert formula in values
    # The summary's messages and names came from data and rules too.
    assert "2 of 5 contacts have no email <script>window.__canary=1</script>" in values


def test_summary_lists_each_result_worst_first_with_thresholds() -> None:
    book = _workbook(RenderOptions(fix_lists=fix_lists()))
    rows = _cells(book["Summary"])
    assert rows[0][:2] == ["CRM health report", "acme <script>window.__canary=1</script>"]
    assert rows[3][:2] == ["Score", 72.5]
    header = rows.index(
        ["Check", "Table", "Column", "Dimension", "Status", "Pass rate", "Failed", "Total",
         "Warn below", "Fail below", "Finding", "Fix list"]
    )  # fmt: skip
    results = rows[header + 1 : header + 6]
    assert [(r[0], r[4], r[6], r[7]) for r in results] == [
        ("feedback", "error", 0, 0),
        ("contact-fields", "fail", 2, 5),
        ("dup-people", "warn", 2, 5),
        ("team-activity", "warn", 1, 3),
        ("contact-fields", "pass", 0, 5),
    ]
    assert results[1][5] == pytest.approx(0.6) and results[1][8:10] == [0.98, 0.9]
    assert results[1][11] == "contact-fields"
    link = book["Summary"].cell(row=header + 3, column=12).hyperlink
    assert link is not None and link.location == "'contact-fields'!A1"
    fill = book["Summary"].cell(row=header + 3, column=5).fill.fgColor.rgb
    assert fill.endswith("FFCDD2")  # fail is red


def test_long_fix_lists_are_cut_at_the_sheet_limit_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_module, "MAX_ROWS", 4)  # header + 2 rows + the note
    book = _workbook(RenderOptions(fix_lists=fix_lists()))
    rows = _cells(book["contact-fields"])
    assert [r[0] for r in rows[1:3]] == [2, 4]
    assert rows[3][0] == (
        "1 more rows not shown: a sheet holds at most 1,048,576 rows; "
        "use --export for the complete CSV."
    )
    assert len(rows) == 4


def test_without_fix_lists_the_summary_says_where_the_rows_are() -> None:
    book = _workbook(RenderOptions())
    assert book.sheetnames == ["Summary"]
    last = [r for r in _cells(book["Summary"]) if r[0]][-1][0]
    assert last == "The failing rows are not in this workbook; --export DIR writes them as CSV."


def test_chinese_workbook_labels() -> None:
    book = _workbook(RenderOptions(lang="zh", fix_lists=fix_lists()))
    assert book.sheetnames[0] == "汇总"
    assert _cells(book["汇总"])[0][0] == "CRM 健康报告"


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    ids = ("a" * 40, "a" * 40, "x[1]:y*?", "Summary", "", "History")
    names = [sheet_name(n, used) for n in ids]
    assert names == ["a" * 31, "a" * 27 + " (2)", "x_1__y__", "Summary (2)", "check", "History (2)"]
    assert all(len(n) <= 31 for n in names)


def test_examples_workbook_against_the_independent_truth(tmp_path: Path) -> None:
    """examples/truth.json was counted with plain Python, not crmhealth."""
    import json

    from audit_helpers import invoke

    root = Path(__file__).resolve().parents[2]
    truth = json.loads((root / "examples" / "truth.json").read_text(encoding="utf-8"))
    path = tmp_path / "report.xlsx"
    assert invoke("audit", root / "rules.example.yaml", "-o", path, "-q").exit_code == 1
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[0] == "Summary"

    def rows(name: str) -> list[tuple[object, ...]]:
        return list(book[name].iter_rows(values_only=True))

    industry = rows("account-industry")
    assert len(industry) - 1 == truth["accounts"]["missing_industry"] == 27
    assert all(r[1] == "missing industry" and r[industry[0].index("industry")] is None
               for r in industry[1:])  # fmt: skip
    users = rows("team-activity")
    assert users[0][:3] == ("row", "reason", "id")
    assert sorted(str(r[2]) for r in users[1:]) == truth["usage"]["user_ids_below_min"]
    counts = truth["usage"]["roster_counts_in_window"]
    assert [r[-1] for r in users[1:]] == [str(counts[str(r[2])]) for r in users[1:]]
