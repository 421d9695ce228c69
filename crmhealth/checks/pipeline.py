"""Pipeline: is the sales funnel kept honest (no stale, stuck or unpriced deals)?"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

import polars as pl
from pydantic import Field, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import hidden_name, present_trimmed
from crmhealth.checks.params import DateFormats, Duration
from crmhealth.checks.parsing import parse_number
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

RULES = ("past_close_date", "stuck", "idle", "no_amount", "unknown_stage")


class PipelineCheck(CheckSpec):
    """Open deals must be current: a future close date, recent movement and an amount.

    Reads an opportunities table. A deal's stage is trimmed and compared case-sensitively with
    the stages listed in ``open`` (in funnel order), ``won`` and ``lost``. Dates are read like
    freshness reads them (time of day ignored); ages are whole days before the audit's
    ``as_of``. One result per rule whose columns are given (``column`` names the rule's column,
    ``details.rule`` the rule); total = open deals (``unknown_stage``: all deals):

      past_close_date  failed = open deals whose close date is missing, unparseable or before
                       as_of (closing on as_of passes)
      stuck            failed = open deals whose ``stage_since`` is missing, unparseable or
                       more than ``max_stage_age`` days before as_of (exactly max_stage_age
                       days passes). With per-stage ages (``{Prospecting: 30d}``) only the open
                       deals of the stages listed are counted
      idle             the same with ``last_activity`` and ``max_idle``
      no_amount        failed = open deals past the first open stage whose amount is missing,
                       not a number, or not above 0 (``1,234.5`` is a number)
      unknown_stage    failed = deals whose stage is missing or in none of open, won, lost;
                       total = all deals

    Every result's ``details.funnel`` holds the funnel: per open stage in order its deals and
    amount, then won, lost and unknown deals and amounts, and the win rate = won / (won + lost)
    (null when nothing closed). ``--export`` lists each failing deal once with the rules it
    breaks in ``reason``.

    Parameters:
      stage          the stage column
      open           the open stages, in funnel order
      won            the won stages
      lost           the lost stages
      close_date     optional: the expected close date column
      amount         optional: the amount column
      stage_since    optional: when the deal entered its current stage
      max_stage_age  with stage_since: 60d, or per open stage {Prospecting: 30d, Proposal: 20d}
      last_activity  optional: the last activity's date column
      max_idle       with last_activity: 30d
      formats        optional extra strptime date formats (as for freshness)

    Why it matters: stale deals make every forecast wrong: a deal that should have closed last
    month, or has sat in one stage for a quarter, is counted as pipeline that will not come.
    Fix: have each owner update or close the listed deals; make close date and amount required
    past the first stage.
    """

    type_name: ClassVar[str] = "pipeline"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- id: pipeline-hygiene
  type: pipeline
  table: opportunities
  stage: stage
  open: [Prospecting, Qualification, Proposal, Negotiation]
  won: [Closed Won]
  lost: [Closed Lost]
  close_date: close_date
  amount: amount
  stage_since: stage_changed_at
  max_stage_age: {Prospecting: 30d, Qualification: 45d, Proposal: 60d, Negotiation: 30d}
  last_activity: last_activity_at
  max_idle: 30d
  warn: 0.9
  fail: 0.7
  by: owner
"""

    stage: str
    open: list[str] = Field(min_length=1)
    won: list[str] = Field(default_factory=list)
    lost: list[str] = Field(default_factory=list)
    close_date: str | None = None
    amount: str | None = None
    stage_since: str | None = None
    max_stage_age: Duration | dict[str, Duration] | None = None
    last_activity: str | None = None
    max_idle: Duration | None = None
    formats: DateFormats = ()

    @model_validator(mode="after")
    def _consistent(self) -> PipelineCheck:
        seen: dict[str, str] = {}
        for kind in ("open", "won", "lost"):
            for name in getattr(self, kind):
                if name != name.strip() or not name:
                    raise ValueError(f"stage '{name}' in {kind}: write it without spaces around")
                if name in seen:
                    raise ValueError(f"stage '{name}' is listed in {seen[name]} and {kind}")
                seen[name] = kind
        for column, limit, pair in (
            (self.stage_since, self.max_stage_age, "stage_since and max_stage_age"),
            (self.last_activity, self.max_idle, "last_activity and max_idle"),
        ):
            if (column is None) != (limit is None):
                raise ValueError(f"give {pair} together")
        if isinstance(self.max_stage_age, dict):
            for name in self.max_stage_age:
                if name not in self.open:
                    raise ValueError(
                        f"max_stage_age: '{name}' is not an open stage ({', '.join(self.open)})"
                    )
        return self

    def id_suffix(self) -> list[str]:
        return [self.stage]

    def columns_used(self) -> list[ColumnUse]:
        fields = ("stage", "close_date", "amount", "stage_since", "last_activity")
        uses = [
            ColumnUse(self.table, column, field)
            for field in fields
            if (column := getattr(self, field)) is not None
        ]
        return uses + super().columns_used()

    def _stage_limits(self) -> dict[str, int]:
        """Open stage → the oldest acceptable age in its stage, in days."""
        if isinstance(self.max_stage_age, dict):
            return {name: span.days for name, span in self.max_stage_age.items()}
        if self.max_stage_age is None:
            return {}
        return dict.fromkeys(self.open, self.max_stage_age.days)

    def plan(self, ctx: RunContext) -> CheckPlan:
        # The trimmed stage and the parsed amount, computed once for every rule's predicate.
        stage_name = hidden_name(self.check_id, "stage")
        amount_name = hidden_name(self.check_id, "amount")
        typed = [present_trimmed(pl.col(self.stage)).alias(stage_name)]
        if self.amount is not None:
            typed.append(parse_number(pl.col(self.amount)).alias(amount_name))
        stage = pl.col(stage_name)
        is_open = stage.is_in(self.open).fill_null(False)
        day = {
            column: hidden_name(self.check_id, f"day:{column}")
            for column in (self.close_date, self.stage_since, self.last_activity)
            if column is not None
        }
        as_of = pl.lit(ctx.as_of)

        def age(column: str) -> pl.Expr:
            return (as_of - pl.col(day[column])).dt.total_days()

        measures: list[RowMeasure] = []
        if self.close_date is not None:
            late = age(self.close_date)
            measures.append(
                self._measure(
                    "past_close_date",
                    self.close_date,
                    failed=late.is_null() | (late > 0),
                    counted=is_open,
                    reason=pl.when(late.is_null())
                    .then(pl.lit(f"past_close_date: no valid {self.close_date}"))
                    .otherwise(
                        pl.format(
                            f"past_close_date: {self.close_date} {{}} days before "
                            f"{ctx.as_of.isoformat()}",
                            late,
                        )
                    ),
                    what=f"have a {self.close_date} before {ctx.as_of.isoformat()} (or none)",
                )
            )
        if self.stage_since is not None:
            limits = self._stage_limits()
            limit = stage.replace_strict(
                list(limits), list(limits.values()), default=None, return_dtype=pl.Int64
            )
            in_stage = age(self.stage_since)
            measures.append(
                self._measure(
                    "stuck",
                    self.stage_since,
                    failed=in_stage.is_null() | (in_stage > limit),
                    counted=is_open & limit.is_not_null(),
                    reason=pl.when(in_stage.is_null())
                    .then(pl.lit(f"stuck: no valid {self.stage_since}"))
                    .otherwise(
                        pl.format("stuck: {} days in {} (max {} days)", in_stage, stage, limit)
                    ),
                    what=f"have been in their stage too long (or have no valid {self.stage_since})",
                )
            )
        if self.last_activity is not None and self.max_idle is not None:
            idle_days = self.max_idle.days
            idle = age(self.last_activity)
            measures.append(
                self._measure(
                    "idle",
                    self.last_activity,
                    failed=idle.is_null() | (idle > idle_days),
                    counted=is_open,
                    reason=pl.when(idle.is_null())
                    .then(pl.lit(f"idle: no valid {self.last_activity}"))
                    .otherwise(
                        pl.format(f"idle: no activity for {{}} days (max {self.max_idle})", idle)
                    ),
                    what=f"had no activity within {self.max_idle} (or no valid "
                    f"{self.last_activity})",
                )
            )
        if self.amount is not None:
            amount = pl.col(amount_name)
            measures.append(
                self._measure(
                    "no_amount",
                    self.amount,
                    failed=(stage != self.open[0]) & (amount.is_null() | (amount <= 0)),
                    counted=is_open,
                    reason=pl.format(
                        f"no_amount: {{}} past {self.open[0]} without a positive {self.amount}",
                        stage,
                    ),
                    what=f"are past {self.open[0]} without a positive {self.amount}",
                )
            )
        known = [*self.open, *self.won, *self.lost]
        measures.append(
            self._measure(
                "unknown_stage",
                self.stage,
                failed=~stage.is_in(known).fill_null(False),
                counted=None,
                reason=pl.when(stage.is_null())
                .then(pl.lit(f"unknown_stage: no {self.stage}"))
                .otherwise(pl.format("unknown_stage: '{}' is not a known stage", stage)),
                what="have a stage that is in none of open, won, lost",
            )
        )
        return CheckPlan(
            table=self.table,
            measures=measures_of(*measures),
            local_steps=[date_step(self.table, c, out, self.formats) for c, out in day.items()],
            aggregates={
                "funnel": Aggregate(
                    self.table, self._funnel_query(present_trimmed(pl.col(self.stage)))
                )
            },
            finish=self._finish,
            prepare=lambda _lookups: typed,
        )

    def _measure(
        self,
        rule: str,
        column: str,
        *,
        failed: pl.Expr,
        counted: pl.Expr | None,
        reason: pl.Expr,
        what: str,
    ) -> RowMeasure:
        deals = "deals" if rule == "unknown_stage" else "open deals"
        return RowMeasure(
            key=rule,
            column=column,
            failed=failed,
            counted=counted,
            reason=reason,
            value_column=column,
            masker=mask_emails_only,
            message=lambda failed_n, total: (
                f"{rule}: {failed_n} of {total} {deals} in {self.table} {what}"
            ),
        )

    def _funnel_query(self, stage: pl.Expr) -> Callable[[pl.LazyFrame, Lookups], pl.LazyFrame]:
        amount = parse_number(pl.col(self.amount)) if self.amount is not None else pl.lit(None)

        def funnel(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            if (scope := self.in_scope()) is not None:
                lf = lf.filter(scope)
            return lf.group_by(stage.alias("stage")).agg(
                pl.len().cast(pl.Int64).alias("deals"),
                amount.cast(pl.Float64).sum().alias("amount"),
            )

        return funnel

    def _funnel(self, stats: pl.DataFrame) -> dict[str, Any]:
        """Deals and amount per open stage in funnel order, won, lost, unknown; win rate."""
        per_stage = {row["stage"]: row for row in stats.iter_rows(named=True)}

        def figures(names: Sequence[str]) -> dict[str, Any]:
            rows = [per_stage[n] for n in names if n in per_stage]
            return {
                "deals": sum(int(r["deals"]) for r in rows),
                "amount": round(sum(float(r["amount"] or 0) for r in rows), 2),
            }

        known = {*self.open, *self.won, *self.lost}
        unknown = [n for n in per_stage if n not in known]
        won, lost = figures(self.won), figures(self.lost)
        closed = won["deals"] + lost["deals"]
        return {
            "stages": [{"stage": name, **figures([name])} for name in self.open],
            "open": figures(self.open),
            "won": won,
            "lost": lost,
            "unknown": figures(unknown),
            "win_rate": round(won["deals"] / closed, 4) if closed else None,
        }

    def _finish(self, measures: Sequence[RowMeasure]) -> Finish:
        plain = default_finish(self, measures)

        def finish(figures: Figures) -> list[Result]:
            funnel = self._funnel(figures.aggregates["funnel"])
            return [
                replace(result, details={"rule": measure.key, "funnel": funnel})
                for result, measure in zip(plain(figures), measures, strict=True)
            ]

        return finish


__all__ = ["RULES", "PipelineCheck"]
