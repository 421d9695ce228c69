"""Judging the values a vectorised fast path cannot decide, once per distinct value."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def judge_distinct(
    values: pl.Series, undecided: pl.Series, judge: Callable[[str], bool], decided: pl.Series
) -> pl.Series:
    """`decided` where `undecided` is false; elsewhere `judge(value)`, called once per distinct
    undecided value (the per-value library call is kept off the hot path)."""
    positions = undecided.arg_true()
    if positions.len() == 0:
        return decided
    pending = values.gather(positions)
    distinct = pending.unique()
    verdicts = pl.DataFrame(
        {"value": distinct, "verdict": [judge(v) for v in distinct.to_list()]},
        schema={"value": pl.String, "verdict": pl.Boolean},
    )
    looked_up = (
        pl.DataFrame({"value": pending})
        .join(verdicts, on="value", how="left", maintain_order="left")
        .get_column("verdict")
    )
    return decided.scatter(positions, looked_up)
