"""Metric: a business figure per group (win rate per rep) must stay within bounds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, Dimension, RunContext
from crmhealth.checks.common import MAX_SAMPLES, hidden_name, present_trimmed
from crmhealth.checks.plan import Aggregate, CheckPlan, Figures, Finish, Lookups, date_step
from crmhealth.checks.sql import (
    numeric_lookups,
    referenced,
    sql_expr,
    typed_selection,
    typing_from_lookups,
)
from crmhealth.masking import mask_emails_only
from crmhealth.results import GroupStat, KeySample, Result


class MetricCheck(CheckSpec):
    """A SQL aggregate, per group, must lie within bounds (win rate per rep, average deal size).

    ``metric`` is a SQL aggregate over the table's columns, typed as the expression check types
    them (numbers, ``dates:``, text; ``as_of`` is the audit's date), e.g.
    ``AVG(CASE WHEN stage = 'Closed Won' THEN 1 ELSE 0 END)`` or ``SUM(amount)``. It is
    evaluated once per value of ``by`` (trimmed; rows with no value form one group, shown as
    null) or, without ``by``, once over the whole table (one group). ``where`` picks the rows
    first. total = groups; failed = groups whose value is below ``min`` or above ``max``
    (inclusive bounds pass), or has no value (NULL: nothing to average). ``details.groups``
    lists every group's value and rows, worst first.

    Parameters:
      metric   the SQL aggregate, e.g. ``AVG(amount)``, ``COUNT(*)``, ``SUM(amount)``
      min      optional lowest acceptable value
      max      optional highest acceptable value (at least one of min and max)

    Why it matters: a rep who wins one deal in twenty, or a region whose average deal is ten
    times the others', points at a process (or a data entry habit) that needs a look.
    Fix: review the listed groups with their managers; correct the records that skew them.
    """

    type_name: ClassVar[str] = "metric"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- id: win-rate-per-owner
  type: metric
  table: opportunities
  by: owner
  where: "stage IN ('Closed Won', 'Closed Lost')"
  metric: "AVG(CASE WHEN stage = 'Closed Won' THEN 1 ELSE 0 END)"
  min: 0.2
- id: average-open-deal
  type: metric
  table: opportunities
  metric: "AVG(amount)"
  max: 1000000
"""

    metric: str
    min: float | None = None
    max: float | None = None

    @field_validator("metric")
    @classmethod
    def _parses(cls, value: str) -> str:
        sql_expr(value)
        return value

    @model_validator(mode="after")
    def _bounded(self) -> MetricCheck:
        if self.min is None and self.max is None:
            raise ValueError("give `min:` and/or `max:`, the bounds the metric must keep")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self

    def id_suffix(self) -> list[str]:
        return [self.by] if self.by else []

    def sql_texts(self) -> list[tuple[str, str]]:
        return [("metric", self.metric), *super().sql_texts()]

    def plan(self, ctx: RunContext) -> CheckPlan:
        used = referenced(self.metric)
        dated = [c for c in used if c in self.date_columns]
        plain = [c for c in used if c not in dated]
        day = {c: hidden_name(self.check_id, f"date:{c}") for c in dated}
        group = (
            present_trimmed(pl.col(self.by)) if self.by else pl.lit(None, dtype=pl.String)
        ).alias("group")
        group_column = hidden_name(self.check_id, "group")

        def values(lf: pl.LazyFrame, found: Lookups) -> pl.LazyFrame:
            typing = typing_from_lookups(found, "numeric", [self.metric], plain, dated)
            if (scope := self.in_scope()) is not None:
                lf = lf.filter(scope)
            return (
                lf.with_columns(group.alias(group_column))
                .with_columns(typed_selection(typing, day, ctx.as_of))
                .group_by(pl.col(group_column).alias("group"))
                .agg(
                    sql_expr(self.metric).cast(pl.Float64).alias("value"),
                    pl.len().cast(pl.Int64).alias("rows"),
                )
            )

        return CheckPlan(
            table=self.table,
            measures=lambda _lookups: (),
            lookups=numeric_lookups(self.table, plain, "numeric"),
            local_steps=[date_step(self.table, c, day[c]) for c in dated],
            aggregates={"values": Aggregate(self.table, values)},
            finish=self._finish,
        )

    def _outside(self, value: float | None) -> bool:
        return (
            value is None
            or (self.min is not None and value < self.min)
            or (self.max is not None and value > self.max)
        )

    def _bounds(self) -> str:
        parts = [f"≥ {self.min:g}" if self.min is not None else ""]
        parts.append(f"≤ {self.max:g}" if self.max is not None else "")
        return " and ".join(p for p in parts if p)

    def _finish(self, _measures: Sequence[Any]) -> Finish:
        def finish(figures: Figures) -> list[Result]:
            stats = figures.aggregates["values"]
            groups = []
            for row in stats.iter_rows(named=True):
                value = row["value"]
                value = None if value is None or value != value else float(value)  # NaN → None
                groups.append(
                    {
                        "group": row["group"],
                        "value": None if value is None else round(value, 6),
                        "rows": int(row["rows"]),
                        "outside": self._outside(value),
                    }
                )
            # Outside first; among them no value first, then the furthest from the bound.
            sign = 1 if self.min is not None else -1
            groups.sort(
                key=lambda g: (
                    not g["outside"],
                    g["value"] is not None,
                    0.0 if g["value"] is None else sign * g["value"],
                    str(g["group"]),
                )
            )
            if not self.by and not groups:
                groups = [{"group": None, "value": None, "rows": 0, "outside": True}]
            failed = sum(1 for g in groups if g["outside"])
            total = len(groups)
            shown = (lambda v: v) if figures.show_pii else mask_emails_only
            for g in groups:
                g["group"] = shown(g["group"])
            if self.by:
                message = (
                    f"{failed} of {total} groups by {self.by} in {self.table} have "
                    f"{self.metric} outside {self._bounds()}"
                )
            else:
                value = groups[0]["value"]
                message = f"{self.metric} = {value} over {self.table} (must be {self._bounds()})"
            return [
                Result(
                    **self.base_fields(),
                    column=None,
                    status=self.status_of(failed, total),
                    failed=failed,
                    total=total,
                    message=message,
                    samples=tuple(
                        KeySample(self.by or "group", g["group"], {"value": g["value"]})
                        for g in groups
                        if g["outside"]
                    )[:MAX_SAMPLES],
                    by=self.by,
                    breakdown=tuple(
                        GroupStat(group=g["group"], failed=int(g["outside"]), total=1)
                        for g in groups
                    )
                    if self.by
                    else (),
                    details={"metric": self.metric, "groups": groups},
                )
            ]

        return finish
