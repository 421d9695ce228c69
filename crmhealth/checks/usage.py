"""Usage: does the team actually work in the CRM?"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import polars as pl
from pydantic import Field

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import MAX_SAMPLES, breakdown
from crmhealth.checks.params import Reference, Window
from crmhealth.checks.parsing import parse_dates
from crmhealth.checks.references import key_values, split_reference, window_days, window_start
from crmhealth.masking import mask_emails_only
from crmhealth.results import KeySample, Result


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
        return uses

    def run(self, ctx: RunContext) -> list[Result]:
        days = window_days(self.window)
        start = window_start(ctx.as_of, days)
        frame = ctx.tables[self.table].frame
        log = frame.select(
            key_values(self.user_column).alias("user"),
            parse_dates(frame.get_column(self.time_column)).alias("day"),
            *([pl.col(self.by).alias("by")] if self.by and self.users is None else []),
        ).filter(pl.col("user").is_not_null())
        recent = log.filter(pl.col("day").is_between(start, ctx.as_of))
        counts = recent.group_by("user").agg(pl.len().cast(pl.Int64).alias("events"))

        roster = self._roster(ctx, log)
        people = (
            roster.join(counts, on="user", how="left")
            .with_columns(pl.col("events").fill_null(0))
            .sort(["events", "user"])
        )
        idle = people.get_column("events") < self.min_events
        n_failed, n_total = int(idle.sum()), people.height
        rostered = recent.join(roster.select("user"), on="user")
        shown = (lambda user: user) if ctx.show_pii else mask_emails_only
        details: dict[str, Any] = {
            "window_start": start.isoformat(),
            "window_end": ctx.as_of.isoformat(),
            "min_events": self.min_events,
            "events_in_window": rostered.height,
            "events_of_users_outside_roster": recent.height - rostered.height,
            "unparseable_times": int(log.get_column("day").null_count()),
            "per_user": [
                {"user": shown(user), "events": events}
                for user, events in people.select("user", "events").iter_rows()
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
                    KeySample("user", shown(user), {"events": events})
                    for user, events in under.select("user", "events").head(MAX_SAMPLES).iter_rows()
                ),
                by=self.by,
                breakdown=breakdown(people, "by", idle, pl.repeat(True, n_total, eager=True))
                if self.by
                else (),
                details=details,
                fix_rows=self._fix_rows(ctx, under) if ctx.keep_rows and n_failed else None,
            )
        ]

    def _roster(self, ctx: RunContext, log: pl.DataFrame) -> pl.DataFrame:
        """One row per user who should be active: ``user`` (and ``by`` when asked)."""
        if self.users is None:
            if self.by:
                return (
                    log.group_by("user", "by")
                    .agg(pl.len().alias("n"))
                    .sort(["user", "n", "by"], descending=[False, True, False])
                    .unique("user", keep="first")
                    .select("user", "by")
                )
            return log.select("user").unique()
        table, column = split_reference(self.users)
        extra = [pl.col(self.by).alias("by")] if self.by else []
        return (
            ctx.tables[table]
            .frame.select(key_values(column).alias("user"), *extra)
            .filter(pl.col("user").is_not_null())
            .unique("user", keep="first")
        )

    def _fix_rows(self, ctx: RunContext, under: pl.DataFrame) -> pl.DataFrame:
        """The under-active users with their counts; with a roster, the roster's columns too."""
        if self.users is None:
            return under.select(pl.col("user").alias(self.user_column), "events")
        table, column = split_reference(self.users)
        roster = ctx.tables[table].frame
        return (
            roster.with_columns(key_values(column).alias("__user"))
            .join(under.select(pl.col("user").alias("__user"), "events"), on="__user")
            .unique("__user", keep="first", maintain_order=True)
            .drop("__user")
        )


def _per_week(events: pl.DataFrame, start: date, end: date) -> list[dict[str, Any]]:
    """Events per 7-day week counted back from `end`; the first week may be shorter."""
    weeks = (end - start).days // 7 + 1
    counts = dict(
        events.group_by(((pl.lit(end) - pl.col("day")).dt.total_days() // 7).alias("back"))
        .agg(pl.len())
        .iter_rows()
    )
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
