"""Expression: business rules written as SQL conditions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import polars as pl
from pydantic import field_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext, SchemaError
from crmhealth.checks.common import present_trimmed, row_result
from crmhealth.checks.parsing import parse_number
from crmhealth.results import Result


def sql_condition(text: str) -> pl.Expr:
    """A SQL boolean expression as a Polars expression (parsed, never evaluated as Python)."""
    try:
        return pl.sql_expr(text)
    except pl.exceptions.PolarsError as exc:
        message = str(exc).strip().splitlines()[0]
        raise ValueError(f"not a SQL expression Polars understands: {message}") from None


class ExpressionCheck(CheckSpec):
    """Business rules that must hold, as SQL boolean expressions over the table's columns.

    ``condition`` is what every row must satisfy; the optional ``where`` picks the rows it
    applies to. Both are SQL as Polars SQL understands it (``=``, ``<>``, ``AND``, ``OR``,
    ``IN (...)``, ``LIKE``, ``IS NULL``, functions such as ``LENGTH`` and ``UPPER``).
    total = rows for which ``where`` is true (all rows without it); failed = those rows for which
    ``condition`` is not true (false or null). Missing values (empty, whitespace) are NULL;
    other values are trimmed; a column whose every present value is a number is compared as a
    number (so ``amount > 0`` works), any other column as text.

    Parameters:
      condition   what must hold, e.g. ``amount > 0``
      where       optional filter, e.g. ``stage = 'Closed Won'``

    Why it matters: a won deal without an amount or a close date breaks every revenue report.
    Fix: correct the rows in the export, then add a validation rule in the CRM.
    """

    type_name: ClassVar[str] = "expression"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- id: won-deals-have-amount
  type: expression
  table: deals
  where: "stage = 'Closed Won'"
  condition: "amount > 0 AND close_date IS NOT NULL"
"""

    condition: str
    where: str | None = None

    @field_validator("condition", "where")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            sql_condition(value)
        return value

    def _referenced(self) -> list[tuple[str, str]]:
        names = [(c, "condition") for c in sql_condition(self.condition).meta.root_names()]
        if self.where is not None:
            names += [(c, "where") for c in sql_condition(self.where).meta.root_names()]
        return names

    def columns_used(self) -> list[ColumnUse]:
        seen: dict[str, str] = {}
        for column, field in self._referenced():
            seen.setdefault(column, field)
        return [ColumnUse(self.table, c, f) for c, f in seen.items()] + super().columns_used()

    def validate_schema(self, schemas: Mapping[str, list[str]]) -> None:
        columns = schemas.get(self.table, [])
        for field, text in (("condition", self.condition), ("where", self.where)):
            if text is not None:
                _check_evaluates(field, text, columns)

    def run(self, ctx: RunContext) -> list[Result]:
        table = ctx.tables[self.table]
        used = sorted({c for c, _ in self._referenced()})
        typed = table.frame.select(_typed_column(table.frame, c) for c in used)
        where = (
            typed.select(sql_condition(self.where).fill_null(False)).to_series()
            if self.where is not None
            else None
        )
        holds = typed.select(sql_condition(self.condition).fill_null(False)).to_series()
        return [
            row_result(
                self,
                ctx,
                column=None,
                failed=~holds,
                counted=where,
                message=lambda failed, total: (
                    f"{failed} of {total} {self.table}"
                    + (f" where {self.where}" if self.where else "")
                    + f" break: {self.condition}"
                ),
                value_column=None,
            )
        ]


def _check_evaluates(field: str, text: str, columns: list[str]) -> None:
    """Raise SchemaError unless `text` evaluates on an empty table with these columns, read as
    text or (since columns of numbers are compared as numbers) as numbers."""
    referenced = set(sql_condition(text).meta.root_names())
    if not referenced <= set(columns):
        return  # an unknown column is reported, with close matches, by the column check
    problem = ""
    for dtype in (pl.String, pl.Float64):
        empty = pl.DataFrame(
            {c: pl.Series([], dtype=dtype if c in referenced else pl.String) for c in columns}
        )
        try:
            empty.select(sql_condition(text))
            return
        except pl.exceptions.PolarsError as exc:
            problem = problem or str(exc).strip().splitlines()[0]
    raise SchemaError(field, f"cannot evaluate: {problem}")


def _typed_column(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Trimmed text with missing → null; as Float64 when every present value is a number."""
    text = present_trimmed(pl.col(column))
    counts = frame.select(
        text.count().alias("present"), parse_number(pl.col(column)).count().alias("numeric")
    ).row(0)
    if counts[0] > 0 and counts[0] == counts[1]:
        return parse_number(pl.col(column)).alias(column)
    return text.alias(column)
