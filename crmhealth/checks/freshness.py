"""Freshness: are records kept up to date?"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import hidden_name
from crmhealth.checks.params import DateFormats, Duration
from crmhealth.checks.plan import CheckPlan, RowMeasure, date_step, measures_of
from crmhealth.masking import mask_emails_only


class FreshnessCheck(CheckSpec):
    """Records must have been updated recently.

    Reads a timestamp column (such as ``updated_at``) and measures the age of each record at the
    audit's ``as_of`` date, in whole days (the date as written; time of day ignored).
    failed = rows whose timestamp is missing, unparseable, or older than ``max_age``
    (age in whole days > max_age in days); total = all rows.

    Parameters:
      column    the timestamp column
      max_age   the oldest acceptable age: 180d (days), 26w (weeks), 6m (months of 30 days),
                1y (365 days)
      formats   optional extra strptime formats (such as ``%d/%m/%Y``) besides the default
                forms: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年MM月DD日, with an optional
                time, and 03-Oct-2026, 3 Oct 2026, Oct 3, 2026. Slash dates (03/10/2026) are
                ambiguous: say which with formats

    Why it matters: data nobody touched in a year is probably wrong (people change jobs and
    numbers). Fix: review the stale records in the export, or retire them.
    """

    type_name: ClassVar[str] = "freshness"
    default_dimension: ClassVar[Dimension] = "freshness"
    example: ClassVar[str] = """\
- type: freshness
  table: contacts
  column: updated_at
  max_age: 180d
  warn: 0.9
  fail: 0.7
"""

    column: str
    max_age: Duration
    formats: DateFormats = ()

    @property
    def max_age_days(self) -> int:
        return self.max_age.days

    def id_suffix(self) -> list[str]:
        return [self.column]

    def columns_used(self) -> list[ColumnUse]:
        return [ColumnUse(self.table, self.column, "column"), *super().columns_used()]

    def plan(self, ctx: RunContext) -> CheckPlan:
        day = hidden_name(self.check_id, "day")
        age = (pl.lit(ctx.as_of) - pl.col(day)).dt.total_days()
        max_days = self.max_age_days
        measure = RowMeasure(
            key=self.column,
            column=self.column,
            failed=age.is_null() | (age > max_days),
            reason=pl.when(age.is_null())
            .then(pl.lit(f"no valid {self.column}"))
            .otherwise(pl.format(f"{self.column} is {{}} days old (max {self.max_age})", age)),
            value_column=self.column,
            masker=mask_emails_only,
            message=lambda failed, total: (
                f"{failed} of {total} {self.table} not updated within {self.max_age} "
                f"(or no valid {self.column})"
            ),
        )
        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            local_steps=[date_step(self.table, self.column, day, self.formats)],
        )
