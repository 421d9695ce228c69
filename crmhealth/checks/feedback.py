"""Feedback: do we hear from our customers, and is what we hear usable?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

import polars as pl

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import hidden_name, missing
from crmhealth.checks.params import Reference, Window
from crmhealth.checks.parsing import parse_number
from crmhealth.checks.plan import (
    Aggregate,
    CheckPlan,
    Figures,
    Finish,
    Lookup,
    Lookups,
    RowMeasure,
    date_step,
    default_finish,
)
from crmhealth.checks.references import key_values, split_reference, window_days, window_start
from crmhealth.results import Result


class FeedbackCoverageCheck(CheckSpec):
    """Customers' feedback must be collected, and be usable.

    Coverage: a customer (a row of ``table``) is covered when at least one feedback row points at
    its ``key`` (compared as trimmed text) with a time in the window ending at ``as_of``,
    inclusive (``window: 90d`` = the 90 dates as_of-89 … as_of; time of day ignored).
    total = customers (rows); failed = customers with no feedback in the window. Feedback rows
    pointing at unknown customers are ignored here (an ``integrity`` check catches them); their
    number is in ``details`` (``feedback_not_in_window`` counts the rows outside the window or
    without a readable time).

    Quality (optional extra results of the same check, in the feedback dimension, with the same
    thresholds): with ``comment_column``, failed = in-window feedback rows of known customers
    whose comment is missing; with ``score_column``, failed = those whose score is missing or not
    a number; total = in-window feedback rows of known customers.

    With ``channel_column`` the coverage result's ``details.by_channel`` gives, per channel, the
    feedback rows in the window and the customers covered (count and share).

    Parameters:
      key             the customers' id column
      feedback        the feedback table's ``table.column`` pointing at the customer
      time_column     the feedback table's timestamp column
      window          the window length: 90d, 13w, 3m
      channel_column  optional: the feedback table's channel (survey, email, wechat…)
      comment_column  optional: the feedback's free-text comment
      score_column    optional: the feedback's score (NPS, CSAT…)

    Why it matters: customers you never hear from churn without warning. Fix: survey the listed
    customers; make the score and comment required in the feedback form.
    """

    type_name: ClassVar[str] = "feedback_coverage"
    default_dimension: ClassVar[Dimension] = "feedback"
    example: ClassVar[str] = """\
- type: feedback_coverage
  table: contacts
  key: id
  feedback: feedback.contact_id
  time_column: submitted_at
  window: 90d
  channel_column: channel
  comment_column: comment
  score_column: score
"""

    key: str
    feedback: Reference
    time_column: str
    window: Window
    channel_column: str | None = None
    comment_column: str | None = None
    score_column: str | None = None

    def id_suffix(self) -> list[str]:
        return [self.key]

    @property
    def feedback_table(self) -> str:
        return split_reference(self.feedback)[0]

    def columns_used(self) -> list[ColumnUse]:
        table, column = split_reference(self.feedback)
        uses = [
            ColumnUse(self.table, self.key, "key"),
            ColumnUse(table, column, "feedback"),
            ColumnUse(table, self.time_column, "time_column"),
        ]
        for field in ("channel_column", "comment_column", "score_column"):
            if (name := getattr(self, field)) is not None:
                uses.append(ColumnUse(table, name, field))
        return uses + super().columns_used()

    def plan(self, ctx: RunContext) -> CheckPlan:
        days = window_days(self.window)
        start = window_start(ctx.as_of, days)
        table, column = split_reference(self.feedback)
        day = hidden_name(self.check_id, "day")
        in_window = pl.col(day).is_between(start, ctx.as_of).fill_null(False)
        fb_key = key_values(column)
        customer_key = key_values(self.key)
        lookups = [
            Lookup("covered", table, fb_key, where=in_window),
            # Customers outside `where:` are not counted: their feedback is not "known" either.
            Lookup("known", self.table, customer_key, where=self.in_scope()),
        ]

        def measures(found: Lookups) -> list[RowMeasure]:
            covered = customer_key.is_in(found["covered"].implode()).fill_null(False)
            return [
                RowMeasure(
                    key=self.key,
                    column=self.key,
                    failed=~covered,
                    reason=pl.lit(f"no feedback in the {days} days to {ctx.as_of.isoformat()}"),
                    message=lambda failed, total: (
                        f"{failed} of {total} {self.table} gave no feedback in the {days} days "
                        f"to {ctx.as_of.isoformat()}"
                    ),
                )
            ]

        def of_known(lf: pl.LazyFrame, found: Lookups) -> pl.LazyFrame:
            """In-window feedback rows of known customers."""
            return lf.filter(
                in_window & fb_key.is_not_null() & fb_key.is_in(found["known"].implode())
            ).with_columns(fb_key.alias("__key"))

        def facts(lf: pl.LazyFrame, found: Lookups) -> pl.LazyFrame:
            recent = in_window & fb_key.is_not_null()
            known = recent & fb_key.is_in(found["known"].implode()).fill_null(False)
            quality = []
            if self.comment_column is not None:
                quality.append(
                    (known & missing(pl.col(self.comment_column))).sum().alias("no_comment")
                )
            if self.score_column is not None:
                quality.append(
                    (known & parse_number(pl.col(self.score_column)).is_null())
                    .sum()
                    .alias("no_score")
                )
            return lf.select(
                known.sum().alias("in_window"),
                (recent & ~known).sum().alias("unknown"),
                (~in_window).sum().alias("not_in_window"),
                *quality,
            )

        aggregates = {"facts": Aggregate(table, facts)}
        if self.channel_column is not None:
            channel = self.channel_column

            def by_channel(lf: pl.LazyFrame, found: Lookups) -> pl.LazyFrame:
                return (
                    of_known(lf, found)
                    .group_by(key_values(channel).alias("__channel"))
                    .agg(pl.len().alias("feedback"), pl.col("__key").n_unique().alias("customers"))
                    .sort(["customers", "__channel"], descending=[True, False], nulls_last=True)
                )

            aggregates["by_channel"] = Aggregate(table, by_channel)
        return CheckPlan(
            table=self.table,
            measures=measures,
            local_steps=[date_step(table, self.time_column, day)],
            lookups=lookups,
            aggregates=aggregates,
            finish=lambda ms: self._finish(ms, start, ctx),
        )

    def _finish(self, measures: Sequence[RowMeasure], start: date, ctx: RunContext) -> Finish:
        coverage = default_finish(self, measures)

        def finish(figures: Figures) -> list[Result]:
            facts = figures.aggregates["facts"].row(0, named=True)
            details: dict[str, Any] = {
                "window_start": start.isoformat(),
                "window_end": ctx.as_of.isoformat(),
                "feedback_in_window": int(facts["in_window"]),
                "feedback_for_unknown_customers": int(facts["unknown"]),
                "feedback_not_in_window": int(facts["not_in_window"]),
            }
            if "by_channel" in figures.aggregates:
                details["by_channel"] = _by_channel(figures.aggregates["by_channel"], figures.rows)
            results = [replace(r, details=details) for r in coverage(figures)]
            total = int(facts["in_window"])
            for column, key, what in (
                (self.comment_column, "no_comment", "have no comment"),
                (self.score_column, "no_score", "have no numeric score"),
            ):
                if column is None:
                    continue
                failed = int(facts[key])
                results.append(
                    Result(
                        **self.base_fields(),
                        column=column,
                        status=self.status_of(failed, total),
                        failed=failed,
                        total=total,
                        message=f"{failed} of {total} feedback rows in the window {what}",
                        details={"measures": "quality"},
                    )
                )
            return results

        return finish


def _by_channel(stats: pl.DataFrame, customers: int) -> list[dict[str, Any]]:
    """Per channel: feedback rows in the window, customers covered and their share."""
    return [
        {
            "channel": row["__channel"],
            "feedback": row["feedback"],
            "customers": row["customers"],
            "coverage": round(row["customers"] / customers, 4) if customers else 0.0,
        }
        for row in stats.iter_rows(named=True)
    ]
