"""The Excel workbook to work through: a Summary sheet, then one sheet per check with failing
rows (source row number, reason, check-specific columns, then every original column).

Written with XlsxWriter in constant-memory mode, chosen by ``bench/report_writers.py`` against
openpyxl's write-only mode (13 text columns): peak RSS 21–22 MiB against 39–40 MiB in every run;
time was close and went both ways (200k rows: 23.0 s vs 17.4 s; 100k rows on a busier machine:
21.6 s vs 34.3 s); the files are the same size. XlsxWriter also lets the column widths be fitted
to every row (they are written at close; openpyxl needs them before the first row), and
``write_string`` stores text as text with no type guessing to override.

Every value is written as a string cell, so ``=HYPERLINK(…)``, ``+cmd|…`` or ``@SUM(…)`` stay
inert text and phone numbers keep their leading zeros. A sheet holds at most Excel's 1,048,576
rows; longer fix lists are cut there with a note on the sheet and on the Summary. Fix-list values
are the user's own data and are not masked (as with ``--export``).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

import polars as pl

from crmhealth.i18n import Texts, texts
from crmhealth.report import view
from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.results import AuditReport, Status

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

EXCEL_MAX_ROWS = 1_048_576
MAX_ROWS = EXCEL_MAX_ROWS  # rows per sheet, header and note included (tests lower it)
MAX_WIDTH = 60
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = {"summary", "history"}  # ours, and the name Excel keeps for change tracking
STATUS_FILL = {
    Status.PASS: "#C8E6C9",
    Status.WARN: "#FFF59D",
    Status.FAIL: "#FFCDD2",
    Status.ERROR: "#E1BEE7",
}
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "tmpdir": None,
}


def sheet_name(check_id: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of ``[]:*?/\\``) for a check id."""
    base = _SHEET_UNSAFE.sub("_", check_id).strip("'") or "check"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used or name.lower() in _RESERVED:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def display_width(text: str) -> int:
    """Columns a text takes: CJK characters count two."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def _as_text(batch: pl.DataFrame) -> pl.DataFrame:
    """Every column as strings (nested values through Python's str)."""
    exprs = []
    for name, dtype in batch.schema.items():
        if dtype.is_nested() or dtype == pl.Object:
            exprs.append(pl.col(name).map_elements(str, return_dtype=pl.String))
        else:
            exprs.append(pl.col(name).cast(pl.String))
    return batch.select(exprs)


class _Sheet:
    """One fix-list sheet, written row by row (constant memory), widths fitted at the end."""

    def __init__(self, sheet: Worksheet, header_format: Any) -> None:
        self.sheet = sheet
        self.header_format = header_format
        self.columns: list[str] = []
        self.widths: list[int] = []
        self.next_row = 1
        self.dropped = 0

    def header(self, columns: list[str]) -> None:
        self.columns = columns
        self.widths = [display_width(c) for c in columns]
        for col, name in enumerate(columns):
            self.sheet.write_string(0, col, name, self.header_format)
        self.sheet.freeze_panes(1, 0)

    def add(self, batch: pl.DataFrame, limit: int) -> None:
        if not self.columns:
            self.header(list(batch.columns))
        room = max(limit - self.next_row, 0)
        self.dropped += max(batch.height - room, 0)
        batch = batch.head(room)
        if batch.height == 0:
            return
        missing = [c for c in self.columns if c not in batch.columns]
        if missing:
            batch = batch.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
        text = _as_text(batch.select(self.columns))
        widths = text.select(
            ((pl.col(c).str.len_bytes() + pl.col(c).str.len_chars()) // 2).max()
            for c in self.columns
        ).row(0)
        self.widths = [max(w, v or 0) for w, v in zip(self.widths, widths, strict=True)]
        write = self.sheet.write_string
        row_col = self.columns.index("row") if "row" in self.columns else -1
        for values in text.iter_rows():
            r = self.next_row
            for col, value in enumerate(values):
                if value is None:
                    continue
                if col == row_col and value.isdigit():
                    self.sheet.write_number(r, col, int(value))
                else:
                    write(r, col, value)
            self.next_row += 1

    def finish(self, note: str) -> None:
        last = self.next_row - 1
        if self.columns:
            self.sheet.autofilter(0, 0, max(last, 0), len(self.columns) - 1)
            for col, width in enumerate(self.widths):
                self.sheet.set_column(col, col, min(width + 2, MAX_WIDTH))
        if note:
            self.sheet.write_string(self.next_row, 0, note)


def _summary(book: Any, report: AuditReport, t: Texts, sheets: dict[str, str], footer: str) -> None:
    """Score, dimensions and one row per result (worst first) with its status colour."""
    sheet = book.add_worksheet(t._("Summary")[:31])
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1})
    percent = book.add_format({"num_format": "0.0%"})
    link = book.add_format({"font_color": "blue", "underline": 1})
    fills = {s: book.add_format({"bg_color": c}) for s, c in STATUS_FILL.items()}
    row = 0

    def line(*cells: object, fmt: Any = None) -> None:
        nonlocal row
        for col, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value, fmt)
            else:
                sheet.write_string(row, col, str(value), fmt)
        row += 1

    line(t._("CRM health report"), report.rules_name or report.rules, fmt=bold)
    line(t._("As of"), report.as_of.isoformat())
    line(t._("Generated at"), report.generated_at)
    line(t._("Score"), None if report.score is None else round(report.score, 1))
    line(t._("Grade"), report.grade or "")
    row += 1
    line(t._("Dimension"), t._("Score"), t._("Results"), fmt=header)
    for dim in report.dimensions:
        score = t._("not measured") if dim.score is None else round(dim.score, 1)
        line(view.dimension_label(dim.name, t), score, dim.results)
    row += 1
    columns = [
        t._("Check"), t._("Table"), t._("Column"), t._("Dimension"), t._("Status"),
        t._("Pass rate"), t._("Failed"), t._("Total"), t._("Warn below"), t._("Fail below"),
        t._("Finding"), t._("Fix list"),
    ]  # fmt: skip
    line(*columns, fmt=header)
    first = row
    for result in report.worst_first():
        cells: list[Any] = [
            result.check,
            result.table,
            result.column or "",
            view.dimension_label(result.dimension, t),
            view.status_label(result.status, t),
        ]
        for col, value in enumerate(cells):
            sheet.write_string(row, col, value, fills[result.status] if col == 4 else None)
        if result.status is not Status.ERROR:
            sheet.write_number(row, 5, result.pass_rate, percent)
        sheet.write_number(row, 6, result.failed)
        sheet.write_number(row, 7, result.total)
        sheet.write_number(row, 8, result.warn, percent)
        if result.fail is not None:
            sheet.write_number(row, 9, result.fail, percent)
        sheet.write_string(row, 10, result.message)
        if result.check in sheets:
            name = sheets[result.check]
            target = "internal:'" + name.replace("'", "''") + "'!A1"
            sheet.write_url(row, 11, target, link, string=name)
        row += 1
    if footer:
        sheet.write_string(row + 1, 0, footer)
    sheet.autofilter(first - 1, 0, max(row - 1, first - 1), len(columns) - 1)
    for col, width in enumerate((24, 14, 18, 14, 10, 10, 10, 10, 11, 11, 70, 40)):
        sheet.set_column(col, col, width)


def write_workbook(report: AuditReport, options: RenderOptions, path: str) -> None:
    """The workbook at `path` (a new file)."""
    t = texts(options.lang)
    import xlsxwriter  # here, so the other reports never pay for its import

    book = xlsxwriter.Workbook(path, dict(_OPTIONS, tmpdir=os.path.dirname(path)))
    book.set_properties({"title": t._("CRM health report"), "comments": "crmhealth"})
    header = book.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1})
    # The CLI passes the engine's fix lists (needs_fix_lists); a caller that has none (a
    # report re-rendered from a saved run) gets the Summary only, which says so.
    fix_lists = options.fix_lists
    check_ids = fix_lists.checks() if fix_lists is not None else []
    used: set[str] = {t._("Summary").lower()}
    names = {check_id: sheet_name(check_id, used) for check_id in check_ids}
    footer = (
        ""
        if fix_lists is not None
        else t._("The failing rows are not in this workbook; --export DIR writes them as CSV.")
    )
    _summary(book, report, t, names, footer)
    for check_id in check_ids:
        assert fix_lists is not None
        sheet = _Sheet(book.add_worksheet(names[check_id]), header)
        for batch in fix_lists.batches(check_id):
            sheet.add(batch, MAX_ROWS - 1)
        note = ""
        if sheet.dropped:
            note = t._(
                "{dropped} more rows not shown: a sheet holds at most {limit} rows; "
                "use --export for the complete CSV."
            ).format(dropped=f"{sheet.dropped:,}", limit=f"{EXCEL_MAX_ROWS:,}")
        sheet.finish(note)
    book.close()


class XlsxReporter(Reporter):
    """A workbook to work through: Summary, then the failing rows of each check."""

    name: ClassVar[str] = "xlsx"
    extensions: ClassVar[tuple[str, ...]] = (".xlsx",)
    description: ClassVar[str] = "an Excel workbook: summary and a sheet of failing rows per check"
    to_stdout: ClassVar[bool] = False
    needs_fix_lists: ClassVar[bool] = True

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        with tempfile.TemporaryDirectory(prefix="crmhealth-xlsx-") as folder:
            path = os.path.join(folder, "report.xlsx")
            write_workbook(report, options, path)
            with open(path, "rb") as handle:
                shutil.copyfileobj(handle, out)
