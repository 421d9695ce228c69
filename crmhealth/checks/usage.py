"""Usage: does the team actually work in the CRM?"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

import polars as pl
from pydantic import Field

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import MAX_SAMPLES, hidden_name, present_trimmed
from crmhealth.checks.params import Reference, Window
from crmhealth.checks.plan import (
    Aggregate,
    CheckPlan,
    Figures,
    Finish,
    FixRows,
    FixRowsOf,
    Lookups,
    date_step,
    measures_of,
)
from crmhealth.checks.references import key_values, split_reference, window_days, window_start
from crmhealth.masking import mask_emails_only
from crmhealth.results import GroupStat, KeySample, Result


class UsageCheck(CheckSpec):
    """The people who should use the CRM must log activity in it.

    Reads an activity or event log (calls, emails, meetings, logins) and counts each user's
    rows whose time falls in the window ending at ``as_of``, inclusive (``window: 30d`` = the 30
    dates as_of-29 … as_of; time of day ignored; Unix times in seconds or milliseconds are read
    as UTC; unparseable times count in no window). A user
    is engaged with at least ``min_events`` such rows. User ids are compared as trimmed text.

    total = the roster's distinct users (``users: table.column``) or, without a roster, the
    distinct users in the whole log; failed = users with fewer than ``min_events`` events,
    roster users absent from the log counting 0. Log rows of users outside the roster are left
    out (their number is in ``details``).

    The result's ``details`` carry every user's count (``per_user``, fewest first) and the events
    per 7-day week over the window (``per_week``, the last week ending at as_of; the first may be
    shorter). Samples and ``--export`` list the under-active users with their counts (with the
    roster's columns when there is one). ``by:`` names a roster column (or, without a roster, a
    log column: each user's most frequent value).

    Parameters:
      user_column   the log's user id column
      time_column   the log's timestamp column
      users         optional roster ``table.column`` of the people who should be active
      window        the window length: 30d, 4w, 3m
      min_events    events a user needs in the window (default 1)

    Why it matters: a CRM nobody updates is a CRM nobody can trust; inactive users are where the
    pipeline goes dark. Fix: talk to the listed users, or take licences back.
    """

    type_name: ClassVar[str] = "usage"
    default_dimension: ClassVar[Dimension] = "usage"
    example: ClassVar[str] = """\
- type: usage
  table: activities
  user_column: user_id
  time_column: timestamp
  users: users.id
  window: 30d
  min_events: 4
"""

    user_column: str
    time_column: str
    users: Reference | None = None
    window: Window
    min_events: int = Field(1, ge=1)

    def id_suffix(self) -> list[str]:
        return [self.user_column]

    def columns_used(self) -> list[ColumnUse]:
        uses = [
            ColumnUse(self.table, self.user_column, "user_column"),
            ColumnUse(self.table, self.time_column, "time_column"),
        ]
        if self.users is not None:
            table, column = split_reference(self.users)
            uses.append(ColumnUse(table, column, "users"))
            if self.by:
                uses.append(ColumnUse(table, self.by, "by"))
        elif self.by:
            uses.append(ColumnUse(self.table, self.by, "by"))
        return uses + self.sql_columns_used()

    def plan(self, ctx: RunContext) -> CheckPlan:
        days = window_days(self.window)
        start = window_start(ctx.as_of, days)
        day = hidden_name(self.check_id, "day")
        user = key_values(self.user_column).alias("user")
        by_log = self.by is not None and self.users is None
        back = ((pl.lit(ctx.as_of) - pl.col(day)).dt.total_days() // 7).alias("back")

        def log(lf: pl.LazyFrame) -> pl.LazyFrame:
            if (scope := self.in_scope()) is not None:  # log rows outside `where:` count nowhere
                lf = lf.filter(scope)
            return lf.select(
                user, pl.col(day), *([pl.col(self.by).alias("by")] if by_log and self.by else [])
            ).filter(pl.col("user").is_not_null())

        def recent_by_week(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            """Events in the window per user and week back from as_of."""
            return (
                log(lf)
                .filter(pl.col(day).is_between(start, ctx.as_of))
                .group_by("user", back)
                .agg(pl.len().cast(pl.Int64).alias("events"))
            )

        def log_facts(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            return log(lf).select(pl.col(day).null_count().alias("unparseable_times"))

        aggregates = {
            "recent": Aggregate(self.table, recent_by_week),
            "facts": Aggregate(self.table, log_facts),
            "roster": Aggregate(*self._roster(log)),
        }
        return CheckPlan(
            table=self.table,
            measures=measures_of(),
            local_steps=[date_step(self.table, self.time_column, day)],
            aggregates=aggregates,
            finish=lambda _measures: self._finish(ctx, start, days),
            fix_rows=self._fix_rows(ctx, start, days),
        )

    def _roster(
        self, log: Callable[[pl.LazyFrame], pl.LazyFrame]
    ) -> tuple[str, Callable[[pl.LazyFrame, Lookups], pl.LazyFrame]]:
        """(table, query): one row per user who should be active — ``user``, ``row`` (0-based
        position in the roster; null without one) and ``by`` when asked."""
        if self.users is None:

            def from_log(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
                rows = log(lf)
                if self.by:
                    return (
                        rows.group_by("user", "by")
                        .agg(pl.len().alias("n"))
                        .sort(["user", "n", "by"], descending=[False, True, False])
                        .unique("user", keep="first")
                        .select("user", pl.lit(None, dtype=pl.UInt32).alias("row"), "by")
                    )
                return (
                    rows.select("user")
                    .unique()
                    .with_columns(pl.lit(None, dtype=pl.UInt32).alias("row"))
                )

            return self.table, from_log
        table, column = split_reference(self.users)
        extra = [pl.col(self.by).alias("by")] if self.by else []

        def from_roster(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            return (
                lf.select(
                    key_values(column).alias("user"),
                    pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
                    *extra,
                )
                .filter(pl.col("user").is_not_null())
                .unique("user", keep="first", maintain_order=True)
            )

        return table, from_roster

    def _people(self, figures: Figures) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(people, rostered recent events): every roster user with their events in the window,
        fewest first; and the in-window events of roster users per week back."""
        roster = figures.aggregates["roster"]
        recent = figures.aggregates["recent"]
        counts = recent.group_by("user").agg(pl.col("events").sum())
        people = (
            roster.join(counts, on="user", how="left")
            .with_columns(pl.col("events").fill_null(0))
            .sort(["events", "user"])
        )
        rostered = recent.join(roster.select("user"), on="user")
        return people, rostered

    def _finish(self, ctx: RunContext, start: date, days: int) -> Finish:
        def finish(figures: Figures) -> list[Result]:
            people, rostered = self._people(figures)
            idle = people.get_column("events") < self.min_events
            n_failed, n_total = int(idle.sum()), people.height
            recent_events = int(figures.aggregates["recent"].get_column("events").sum())
            rostered_events = int(rostered.get_column("events").sum())
            shown = (lambda user: user) if figures.show_pii else mask_emails_only
            details: dict[str, Any] = {
                "window_start": start.isoformat(),
                "window_end": ctx.as_of.isoformat(),
                "min_events": self.min_events,
                "events_in_window": rostered_events,
                "events_of_users_outside_roster": recent_events - rostered_events,
                "unparseable_times": int(figures.aggregates["facts"].item(0, 0)),
                "per_user": [
                    {"user": shown(u), "events": events}
                    for u, events in people.select("user", "events").iter_rows()
                ],
                "per_week": _per_week(rostered, start, ctx.as_of),
            }
            under = people.filter(idle)
            return [
                Result(
                    **self.base_fields(),
                    column=self.user_column,
                    status=self.status_of(n_failed, n_total),
                    failed=n_failed,
                    total=n_total,
                    message=(
                        f"{n_failed} of {n_total} users logged fewer than {self.min_events} "
                        f"events in the {days} days to {ctx.as_of.isoformat()}"
                    ),
                    samples=tuple(
                        KeySample("user", shown(u), {"events": events})
                        for u, events in under.select("user", "events")
                        .head(MAX_SAMPLES)
                        .iter_rows()
                    ),
                    by=self.by,
                    breakdown=_breakdown(people, idle) if self.by else (),
                    details=details,
                )
            ]

        return finish

    def _fix_rows(self, ctx: RunContext, start: date, days: int) -> FixRowsOf:
        """The under-active users with their counts: roster rows when there is a roster,
        else one row per user."""

        def fix_rows(figures: Figures, _failing: Mapping[str, pl.DataFrame]) -> FixRows | None:
            people, _ = self._people(figures)
            under = people.filter(pl.col("events") < self.min_events).sort("row", "user")
            reason = pl.format(
                f"{{}} {{}} in the {days} days to {ctx.as_of.isoformat()} "
                f"(needs {self.min_events})",
                pl.col("events"),
                pl.when(pl.col("events") == 1).then(pl.lit("event")).otherwise(pl.lit("events")),
            )
            if self.users is None:
                rows = under.select(
                    "row", reason.alias("reason"), pl.col("user").alias(self.user_column), "events"
                )
                return FixRows(table=None, rows=rows)
            table, _ = split_reference(self.users)
            return FixRows(table=table, rows=under.select("row", reason.alias("reason"), "events"))

        return fix_rows


def _breakdown(people: pl.DataFrame, idle: pl.Series) -> tuple[GroupStat, ...]:
    """Under-active users per ``by`` group, worst first."""
    stats = (
        people.select(present_trimmed(pl.col("by")).alias("group"), idle.alias("idle"))
        .group_by("group")
        .agg(pl.col("idle").sum().alias("failed"), pl.len().alias("total"))
        .with_columns((1 - pl.col("failed") / pl.col("total")).alias("rate"))
        .sort(["rate", "failed", "group"], descending=[False, True, False], nulls_last=True)
    )
    return tuple(
        GroupStat(group=row["group"], failed=int(row["failed"]), total=int(row["total"]))
        for row in stats.iter_rows(named=True)
    )


def _per_week(events: pl.DataFrame, start: date, end: date) -> list[dict[str, Any]]:
    """Events per 7-day week counted back from `end`; the first week may be shorter."""
    weeks = (end - start).days // 7 + 1
    counts = dict(events.group_by("back").agg(pl.col("events").sum()).iter_rows())
    out = []
    for back in reversed(range(weeks)):
        week_end = end - timedelta(days=7 * back)
        week_start = max(start, week_end - timedelta(days=6))
        out.append(
            {
                "start": week_start.isoformat(),
                "end": week_end.isoformat(),
                "events": int(counts.get(back, 0)),
            }
        )
    return out
