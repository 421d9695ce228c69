"""Parameters shared by checks that span tables: ``table.column`` references and time windows."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from crmhealth.checks.common import present_trimmed
from crmhealth.durations import Span, parse_duration_days


def split_reference(value: str) -> tuple[str, str]:
    """``accounts.id`` → (``accounts``, ``id``); ValueError when it is not table.column."""
    table, dot, column = value.partition(".")
    if not dot or not table.strip() or not column.strip():
        raise ValueError(f"'{value}' is not a reference; write table.column, e.g. accounts.id")
    return table.strip(), column.strip()


def window_days(value: str | int | Span) -> int:
    """A window length in days (at least one)."""
    days = parse_duration_days(value)
    if days < 1:
        raise ValueError("a window must be at least 1d long")
    return days


def window_start(as_of: date, days: int) -> date:
    """First date of the `days`-long window that ends at `as_of`, inclusive (30d: as_of - 29)."""
    try:
        return as_of - timedelta(days=days - 1)
    except OverflowError:  # a window reaching before year 1
        return date.min


def key_values(column: str) -> pl.Expr:
    """A key compared as trimmed text; missing values are null."""
    return present_trimmed(pl.col(column))
