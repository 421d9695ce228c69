"""Freshness: are records kept up to date?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

import polars as pl

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import hidden_name
from crmhealth.checks.params import DateFormats, Duration
from crmhealth.checks.plan import (
    Aggregate,
    CheckPlan,
    Figures,
    Finish,
    Lookups,
    RowMeasure,
    date_step,
    default_finish,
    measures_of,
)
from crmhealth.masking import mask_emails_only
from crmhealth.results import Result


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

        def ages(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            """Records per age bracket (and without a valid date), for the report's chart."""
            counted = lf.filter(scope) if (scope := self.in_scope()) is not None else lf
            return counted.select(
                *(
                    age.is_between(low, high).sum().alias(label)
                    for label, low, high in AGE_BRACKETS
                ),
                age.is_null().sum().alias(NO_DATE),
            )

        def finish(measures: Sequence[RowMeasure]) -> Finish:
            plain = default_finish(self, measures)

            def with_ages(figures: Figures) -> list[Result]:
                counts = figures.aggregates["ages"].row(0, named=True)
                distribution = [
                    {"age": label, "records": int(counts[label])}
                    for label in (*(b[0] for b in AGE_BRACKETS), NO_DATE)
                ]
                return [
                    replace(r, details={**r.details, "age_distribution": distribution})
                    for r in plain(figures)
                ]

            return with_ages

        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            local_steps=[date_step(self.table, self.column, day, self.formats)],
            aggregates={"ages": Aggregate(self.table, ages)},
            finish=finish,
        )


# Age brackets in whole days, for the distribution the report draws (a future date is age < 0,
# counted in the first bracket).
AGE_BRACKETS: tuple[tuple[str, int, int], ...] = (
    ("0–30 d", -36_500, 30),
    ("31–90 d", 31, 90),
    ("91–180 d", 91, 180),
    ("181–365 d", 181, 365),
    ("1–2 y", 366, 730),
    ("> 2 y", 731, 36_500 * 2),
)
NO_DATE = "no date"
