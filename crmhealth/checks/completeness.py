"""Completeness: are the fields that matter filled in?"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import first_repeated, missing
from crmhealth.checks.plan import CheckPlan, Figures, FixRows, RowMeasure, measures_of


class CompletenessCheck(CheckSpec):
    """Required fields must be filled in.

    Measures, for each column, how many rows have a value. A value is missing when it is null,
    empty, or only white space or invisible characters (an export's ``"   "``, a non-breaking or
    full-width space, a zero-width space: as empty as a blank cell).
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

    def plan(self, ctx: RunContext) -> CheckPlan:
        measures = [
            RowMeasure(
                key=column,
                column=column,
                failed=missing(pl.col(column)),
                reason=pl.lit(f"missing {column}"),
                value_column=column,
                message=_missing_message(self.table, column),
            )
            for column in self.column_list
        ]
        return CheckPlan(
            table=self.table,
            measures=measures_of(*measures),
            fix_rows=_combined_fix_rows(self.table) if len(measures) > 1 else None,
        )


def _missing_message(table: str, column: str) -> Callable[[int, int], str]:
    return lambda failed, total: f"{failed} of {total} {table} have no {column}"


def _combined_fix_rows(
    table: str,
) -> Callable[[Figures, Mapping[str, pl.DataFrame]], FixRows | None]:
    """One fix list per check: rows missing any of the columns, with a ``missing`` column
    naming them in the rules' order."""

    def fix_rows(_figures: Figures, failing: Mapping[str, pl.DataFrame]) -> FixRows | None:
        parts = [
            rows.with_columns(pl.lit(column).alias("missing")) for column, rows in failing.items()
        ]
        if not parts:
            return None
        rows = (
            pl.concat(parts)
            .group_by("row", maintain_order=True)
            .agg(pl.col("missing").str.join(", "))
            .sort("row")
            .select("row", ("missing " + pl.col("missing")).alias("reason"), "missing")
        )
        return FixRows(table=table, rows=rows)

    return fix_rows
