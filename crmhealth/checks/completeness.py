"""Completeness: are the fields that matter filled in?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import first_repeated, missing, row_result
from crmhealth.results import Result


class CompletenessCheck(CheckSpec):
    """Required fields must be filled in.

    Measures, for each column, how many rows have a value. A value is missing when it is null,
    empty, or only whitespace (an export's ``"   "`` is as empty as a blank cell).
    One result per column: failed = rows missing the value; total = all rows.

    Parameters:
      column / columns  the column, or a list of columns (one result each)

    Why it matters: a contact without an email or phone cannot be reached; an account without an
    owner is nobody's job. Fix: fill the fields at the source, or make them required in the CRM.
    """

    type_name: ClassVar[str] = "completeness"
    default_dimension: ClassVar[Dimension] = "completeness"
    example: ClassVar[str] = """\
- id: contact-fields
  type: completeness
  table: contacts
  columns: [email, phone, company]
  warn: 0.98
  fail: 0.90
"""

    column: str | None = None
    columns: list[str] | None = None

    @field_validator("columns")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (twice := first_repeated(value)):
            raise ValueError(f"column '{twice}' is listed twice")
        return value

    @model_validator(mode="after")
    def _one_of_column_columns(self) -> CompletenessCheck:
        if (self.column is None) == (self.columns is None):
            raise ValueError("give either `column:` or `columns:` (a list)")
        if self.columns is not None and not self.columns:
            raise ValueError("`columns:` must name at least one column")
        return self

    @property
    def column_list(self) -> list[str]:
        return [self.column] if self.column is not None else list(self.columns or [])

    def id_suffix(self) -> list[str]:
        return self.column_list if self.column is not None else []

    def columns_used(self) -> list[ColumnUse]:
        field = "column" if self.column is not None else "columns"
        return [ColumnUse(self.table, c, field) for c in self.column_list] + super().columns_used()

    def run(self, ctx: RunContext) -> list[Result]:
        table = ctx.tables[self.table]
        masks = table.frame.select(missing(pl.col(c)).alias(c) for c in self.column_list)
        results = []
        for column in self.column_list:
            results.append(
                row_result(
                    self,
                    ctx,
                    column=column,
                    failed=masks.get_column(column),
                    message=_missing_message(self.table, column),
                    value_column=column,
                )
            )
        if ctx.keep_rows and len(results) > 1:
            results = _combined_fix_rows(results, table.frame, masks)
        return results


def _missing_message(table: str, column: str) -> Callable[[int, int], str]:
    return lambda failed, total: f"{failed} of {total} {table} have no {column}"


def _combined_fix_rows(
    results: list[Result], frame: pl.DataFrame, masks: pl.DataFrame
) -> list[Result]:
    """One fix list per check: rows missing any of the columns, with a ``missing`` column."""
    any_missing = masks.select(pl.any_horizontal(pl.all())).to_series()
    if not any_missing.any():
        return results
    labels = masks.select(
        pl.concat_str(
            [pl.when(pl.col(c)).then(pl.lit(c)) for c in masks.columns],
            separator=", ",
            ignore_nulls=True,
        ).alias("missing")
    )
    rows = pl.concat([frame, labels], how="horizontal").filter(any_missing)
    first, *rest = results
    return [replace(first, fix_rows=rows), *(replace(r, fix_rows=None) for r in rest)]
