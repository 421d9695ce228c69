"""Feedback: do we hear from our customers, and is what we hear usable?"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import polars as pl

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import missing, row_result
from crmhealth.checks.params import Reference, Window
from crmhealth.checks.parsing import parse_dates, parse_number
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

    def run(self, ctx: RunContext) -> list[Result]:
        days = window_days(self.window)
        start = window_start(ctx.as_of, days)
        table, column = split_reference(self.feedback)
        customers = ctx.tables[self.table].frame.select(key_values(self.key).alias("key"))
        known = customers.get_column("key").drop_nulls().unique()
        frame = ctx.tables[table].frame
        feedback = frame.with_columns(
            key_values(column).alias("__key"),
            parse_dates(frame.get_column(self.time_column))
            .is_between(start, ctx.as_of)
            .fill_null(False)
            .alias("__recent"),
        )
        recent = feedback.filter(pl.col("__recent") & pl.col("__key").is_not_null())
        of_known = recent.filter(pl.col("__key").is_in(known.implode()))
        covered_keys = of_known.get_column("__key").unique()
        uncovered = customers.select(
            ~pl.col("key").is_in(covered_keys.implode()).fill_null(False)
        ).to_series()

        details: dict[str, Any] = {
            "window_start": start.isoformat(),
            "window_end": ctx.as_of.isoformat(),
            "feedback_in_window": of_known.height,
            "feedback_for_unknown_customers": recent.height - of_known.height,
            "feedback_not_in_window": int((~feedback.get_column("__recent")).sum()),
        }
        if self.channel_column is not None:
            details["by_channel"] = _by_channel(of_known, self.channel_column, customers.height)
        coverage = row_result(
            self,
            ctx,
            column=self.key,
            failed=uncovered,
            value_column=None,
            message=lambda failed, total: (
                f"{failed} of {total} {self.table} gave no feedback in the {days} days to "
                f"{ctx.as_of.isoformat()}"
            ),
        )
        results = [replace(coverage, details=details)]
        results.extend(self._quality(of_known))
        return results

    def _quality(self, rows: pl.DataFrame) -> list[Result]:
        """Extra results: in-window feedback without a comment, or without a numeric score."""
        checks = []
        if self.comment_column is not None:
            checks.append(
                (self.comment_column, missing(pl.col(self.comment_column)), "have no comment")
            )
        if self.score_column is not None:
            checks.append(
                (
                    self.score_column,
                    parse_number(pl.col(self.score_column)).is_null(),
                    "have no numeric score",
                )
            )
        results = []
        for column, bad, what in checks:
            failed = int(rows.select(bad.sum()).item()) if rows.height else 0
            total = rows.height
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


def _by_channel(rows: pl.DataFrame, channel: str, customers: int) -> list[dict[str, Any]]:
    """Per channel: feedback rows in the window, customers covered and their share."""
    stats = (
        rows.with_columns(key_values(channel).alias("__channel"))
        .group_by("__channel")
        .agg(pl.len().alias("feedback"), pl.col("__key").n_unique().alias("customers"))
        .sort(["customers", "__channel"], descending=[True, False], nulls_last=True)
    )
    return [
        {
            "channel": row["__channel"],
            "feedback": row["feedback"],
            "customers": row["customers"],
            "coverage": round(row["customers"] / customers, 4) if customers else 0.0,
        }
        for row in stats.iter_rows(named=True)
    ]
