"""Typed readings of text columns, as whole-column Polars expressions: dates and numbers.

Exports are read as text so nothing is mangled by inference; checks that need a type parse the
column here, and an unparseable value becomes null (the check decides what null means).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

# Year-month-day in the forms CRMs export (2026-10-03, 2026/10/3, 2026.10.03, 2026年10月3日),
# optionally followed by a valid time of day and a UTC offset; the date is taken as written.
_DATE_TIME = (
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:(?:T|\s+)(?:[01]?\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?"
    r"\s*(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$"
)
# Unambiguous English month-name dates, as Oracle/Siebel-style and US exports write them.
MONTH_NAME_FORMS = ("%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y")
# Day-first or month-first slash dates are real dates either way, but which date is ambiguous:
# the `date` validity format accepts them, ages and windows need `formats:` to say which.
SLASH_FORMS = ("%d/%m/%Y", "%m/%d/%Y")


# The shape nearly every export uses (ISO date, optionally a valid 24h time): parsed by slicing.
_ISO_FAST = (
    r"^\d{4}-\d{2}-\d{2}(?:[ T](?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)"
    r"(?:\.\d+)?)?)?$"
)


_EXCEL_EPOCH = date(1899, 12, 30)
_COMPACT = r"^\d{8}$"


def _general_date(expr: pl.Expr, formats: Sequence[str]) -> pl.Expr:
    text = expr.str.strip_chars()
    parts = text.str.extract_groups(_DATE_TIME)
    iso = pl.concat_str(
        [
            parts.struct.field("1"),
            pl.lit("-"),
            parts.struct.field("2").str.zfill(2),
            pl.lit("-"),
            parts.struct.field("3").str.zfill(2),
        ]
    )
    # Unix time, as application databases (SQLite activity logs) store it: 10 digits are
    # seconds, 13 milliseconds, taken as UTC (2001-09-09 .. 2286-11-20).
    epoch = (
        pl.when(text.str.contains(r"^\d{10}$"))
        .then(text.cast(pl.Int64, strict=False) * 1000)
        .when(text.str.contains(r"^\d{13}$"))
        .then(text.cast(pl.Int64, strict=False))
        .cast(pl.Datetime("ms"))
        .dt.date()
    )
    # Excel date serials (days since 1899-12-30, a fraction is the time of day), as a CSV saved
    # from Excel writes a date cell it did not format: 45230 is 2023-10-31. Only 20000..79999
    # (1954..2118) count, and only here, in a column the rules declare to hold dates.
    serial = pl.when(text.str.contains(r"^\d{5}(?:\.\d+)?$")).then(
        text.cast(pl.Float64, strict=False)
    )
    excel = pl.when((serial >= 20000) & (serial < 80000)).then(
        pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64))
    )
    candidates = [iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False), epoch, excel]
    for fmt in (*MONTH_NAME_FORMS, *formats):
        has_time = any(code in fmt for code in ("%H", "%M", "%S", "%I", "%T", "%R", "%z"))
        if has_time:
            candidates.append(text.str.strptime(pl.Datetime("us"), fmt, strict=False).dt.date())
        else:
            candidates.append(text.str.strptime(pl.Date, fmt, strict=False))
    return pl.coalesce(candidates)


def parse_dates(values: pl.Series, formats: Sequence[str] = ()) -> pl.Series:
    """The calendar date of each value (pl.Date), null where it is missing or not a real date.

    Values in the default forms are accepted; `formats` (strptime patterns such as ``%d/%m/%Y``)
    add more. A column whose every value is eight digits is read as ``%Y%m%d`` (20261101), as
    ERPs write dates; Excel serials (45230, 45230.5) are read as dates too. Impossible dates
    (2026-02-30, month 13) and times (25:00) are null. ISO values are parsed by a cheap path;
    only the others pay for the general one.
    """
    frame = pl.DataFrame({"v": values.str.strip_chars()})
    present = frame.get_column("v").drop_nulls()
    present = present.filter(present.str.len_bytes() > 0)
    if present.len() and present.str.contains(_COMPACT).all() and "%Y%m%d" not in formats:
        formats = (*formats, "%Y%m%d")
    staged = frame.select(
        pl.col("v").str.contains(_ISO_FAST).fill_null(False).alias("iso"),
        pl.col("v").str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("day"),
    )
    iso, day = staged.get_column("iso"), staged.get_column("day")
    days = pl.select(pl.when(iso).then(day)).to_series()
    # Everything the ISO path did not turn into a date (2026-13-01 may be %Y-%d-%m) goes on.
    rest = (days.is_null() & values.is_not_null()).arg_true()
    if rest.len():
        general = (
            frame.get_column("v")
            .gather(rest)
            .to_frame("v")
            .select(_general_date(pl.col("v"), formats))
            .to_series()
        )
        days = days.scatter(rest, general)
    return days.alias(values.name)


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Each value as Float64, null where missing or not a number. ``1,234.5`` (thousands
    separators in groups of three) is read as 1234.5."""
    text = expr.str.strip_chars()
    grouped = text.str.contains(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
    cleaned = pl.when(grouped).then(text.str.replace_all(",", "", literal=True)).otherwise(text)
    number = cleaned.cast(pl.Float64, strict=False)
    # "NaN", "inf" and overflowing "1e400" parse as floats but are no amount a CRM can hold.
    return pl.when(number.is_finite()).then(number)


def validate_strptime_format(fmt: str) -> None:
    """Raise ValueError if Polars cannot use `fmt` as a strptime pattern."""
    if "%" not in fmt:
        raise ValueError(f"'{fmt}' is not a strptime format (such as %d/%m/%Y)")
    try:
        pl.Series(["2000-01-01"]).str.strptime(pl.Datetime("us"), fmt, strict=False)
    except pl.exceptions.PolarsError as exc:
        raise ValueError(f"date format '{fmt}' is not valid: {exc}") from None
