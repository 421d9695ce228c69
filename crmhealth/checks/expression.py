"""Expression: business rules written as SQL conditions."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import field_validator

from crmhealth.checks.base import CheckSpec, Dimension, RunContext
from crmhealth.checks.common import hidden_name, present_trimmed
from crmhealth.checks.parsing import parse_number
from crmhealth.checks.plan import CheckPlan, Lookups, RowMeasure, date_step, measures_of
from crmhealth.checks.sql import (
    numeric_lookups,
    referenced,
    sql_expr,
    typed_selection,
    typing_from_lookups,
)


def sql_condition(text: str) -> pl.Expr:
    """A SQL boolean expression as a Polars expression (parsed, never evaluated as Python)."""
    return sql_expr(text)


class ExpressionCheck(CheckSpec):
    """Business rules that must hold, as SQL boolean expressions over the table's columns.

    ``condition`` is what every row must satisfy; the optional ``where`` picks the rows it
    applies to. Both are SQL as Polars SQL understands it (``=``, ``<>``, ``AND``, ``OR``,
    ``IN (...)``, ``LIKE``, ``IS NULL``, ``CASE``, functions such as ``LENGTH`` and ``UPPER``,
    window functions such as ``COUNT(*) OVER (PARTITION BY owner)``; see the README's SQL
    section). total = rows for which ``where`` is true (all rows without it); failed = those
    rows for which ``condition`` is not true (false or null). Missing values (empty, whitespace)
    are NULL; other values are trimmed; a column whose every present value is a number is
    compared as a number (so ``amount > 0`` works), a column listed under ``dates`` as a date
    (read like freshness reads dates; unparseable dates are NULL), any other column as text.
    ``as_of`` is the audit's date: ``close_date >= as_of``,
    ``DATE_DIFF('day', created_at, as_of) <= 30``.

    Parameters:
      condition   what must hold, e.g. ``amount > 0``
      where       optional filter, e.g. ``stage = 'Closed Won'``
      dates       optional columns to compare as dates, e.g. ``[close_date]`` (never CAST)

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
- id: open-deals-close-in-future
  type: expression
  table: deals
  dates: [close_date]
  where: "stage NOT IN ('Closed Won', 'Closed Lost')"
  condition: "close_date >= as_of"
"""

    condition: str

    @field_validator("condition")
    @classmethod
    def _parses(cls, value: str) -> str:
        sql_expr(value)
        return value

    def sql_texts(self) -> list[tuple[str, str]]:
        return [("condition", self.condition), *super().sql_texts()]

    def plan(self, ctx: RunContext) -> CheckPlan:
        used = referenced(self.condition)
        dated = [c for c in used if c in self.date_columns]
        plain = [c for c in used if c not in dated]
        kinds = numeric_lookups(self.table, plain, "numeric")
        day = {c: hidden_name(self.check_id, f"date:{c}") for c in dated}

        def prepare(found: Lookups) -> list[pl.Expr]:
            typing = typing_from_lookups(found, "numeric", [self.condition], plain, dated)
            return typed_selection(typing, day, ctx.as_of)

        holds = sql_expr(self.condition).fill_null(False)
        measure = RowMeasure(
            key="condition",
            column=None,
            failed=~holds,
            reason=pl.lit(f"breaks: {self.condition}"),
            message=lambda failed, total: (
                f"{failed} of {total} {self.table}"
                + (f" where {self.where}" if self.where else "")
                + f" break: {self.condition}"
            ),
        )
        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            lookups=kinds,
            local_steps=[date_step(self.table, c, day[c]) for c in dated],
            prepare=prepare,
            explain_error=self._why_not,
        )

    def _why_not(self, frame: pl.DataFrame, exc: BaseException) -> str:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hints = []
        for column in referenced(self.condition):
            if column in self.date_columns:
                continue
            text = present_trimmed(pl.col(column))
            odd = (
                frame.select(
                    text.filter(text.is_not_null() & parse_number(pl.col(column)).is_null())
                    .unique(maintain_order=True)
                    .head(3)
                )
                .to_series()
                .to_list()
            )
            if odd and frame.select(parse_number(pl.col(column)).count()).item() > 0:
                hints.append(
                    f"{column} mixes numbers with text such as " + ", ".join(repr(v) for v in odd)
                )
        hint = (
            "; " + "; ".join(hints) + " (clean those values, or compare as text)" if hints else ""
        )
        return f"could not evaluate the condition: {detail}{hint}"
