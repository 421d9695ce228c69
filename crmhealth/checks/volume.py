"""Volume drift: did a table lose (or gain) a large share of its rows since the previous run?"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from crmhealth.checks.base import CheckSpec, Dimension, RunContext
from crmhealth.checks.plan import CheckPlan, Figures, measures_of
from crmhealth.history.facts import PreviousTable
from crmhealth.results import Result


class VolumeCheck(CheckSpec):
    """A table's row count must not jump or drop between runs.

    Compares the table's rows with the previous run recorded in the history (``--history`` or
    ``history:``; the latest run with an earlier as_of that saw the table). The table drifted
    when its row count changed by more than ``max_change`` (a share of the previous count, up or
    down: 0.2 = 20%), or when it has fewer than ``min_rows`` rows (checked with or without
    history). A previous count of 0 rows is compared only with ``min_rows``. Without a previous
    run the check passes and says so.

    One result per table: failed = 1 when the table drifted, else 0; total = 1. Drift fails by
    default (``fail: 1.0``); set ``fail: 0`` to be warned instead. The message and ``details``
    give the exact counts: ``rows``, ``previous_rows``, ``previous_as_of``, ``change`` and
    ``change_share``.

    Parameters:
      max_change  the largest allowed change against the previous run, as a share (default 0.2)
      min_rows    optional: the fewest rows the table may have

    Why it matters: an import that silently lost 40% of its rows still produces a plausible
    report; only the count against last month shows it. Fix: compare the export with the
    previous one and re-run the import before trusting the figures.
    """

    type_name: ClassVar[str] = "volume"
    takes_where: ClassVar[bool] = False  # a row count is the whole table's
    default_dimension: ClassVar[Dimension] = "completeness"
    example: ClassVar[str] = """\
- type: volume
  table: contacts
  max_change: 0.2
  min_rows: 1000
"""

    fail: float | None = Field(1.0, ge=0, le=1)
    max_change: float = Field(0.2, gt=0, allow_inf_nan=False)
    min_rows: int | None = Field(None, ge=0)

    def plan(self, ctx: RunContext) -> CheckPlan:
        previous = None if ctx.previous is None else ctx.previous.get(self.table)
        history = ctx.previous is not None

        def finish(figures: Figures) -> list[Result]:
            return [self.result(figures.rows, previous, history=history)]

        return CheckPlan(table=self.table, measures=measures_of(), finish=lambda _: finish)

    def result(self, rows: int, previous: PreviousTable | None, *, history: bool) -> Result:
        """The verdict on `rows` against the previous run's count."""
        details: dict[str, Any] = {"rows": rows, "max_change": self.max_change}
        problems: list[str] = []
        if self.min_rows is not None:
            details["min_rows"] = self.min_rows
            if rows < self.min_rows:
                problems.append(f"fewer than min_rows {self.min_rows:,}")
        if previous is None:
            compared = (
                "no earlier run of this table in the history to compare with"
                if history
                else "no history to compare with (run with --history)"
            )
        else:
            change = rows - previous.rows
            share = change / previous.rows if previous.rows else None
            details |= {
                "previous_rows": previous.rows,
                "previous_as_of": previous.as_of.isoformat(),
                "change": change,
                "change_share": None if share is None else round(share, 4),
            }
            direction = "fewer" if change < 0 else "more"
            compared = (
                f"as many as on {previous.as_of.isoformat()}"
                if change == 0
                else f"{abs(change):,} {direction} than the {previous.rows:,} on "
                f"{previous.as_of.isoformat()}" + ("" if share is None else f" ({share:+.1%})")
            )
            if share is not None and abs(share) > self.max_change:
                problems.append(f"more than the allowed change of {self.max_change:.0%}")
        failed = 1 if problems else 0
        message = f"{self.table} has {rows:,} rows, {compared}"
        if problems:
            message += ": " + " and ".join(problems)
        return Result(
            **self.base_fields(),
            column=None,
            status=self.status_of(failed, 1),
            failed=failed,
            total=1,
            message=message,
            details=details,
        )
