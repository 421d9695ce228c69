"""Shared pieces of row-level checks: what "missing" means, and turning a row mask into a Result
with its samples, per-group breakdown and fix rows."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from crmhealth.checks.base import CheckSpec, RunContext
from crmhealth.masking import Masker, mask_emails_only, mask_value
from crmhealth.results import GroupStat, Result, RowSample
from crmhealth.sources import Table

MAX_SAMPLES = 5


def first_repeated(names: list[str]) -> str | None:
    """The first name that appears twice in `names`, if any."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def missing(expr: pl.Expr) -> pl.Expr:
    """True where a value is null, empty, or only whitespace."""
    return expr.is_null() | (expr.str.strip_chars() == "")


def present_trimmed(expr: pl.Expr) -> pl.Expr:
    """The trimmed value, null where the value is missing."""
    trimmed = expr.str.strip_chars()
    return pl.when(trimmed == "").then(None).otherwise(trimmed)


def breakdown(
    frame: pl.DataFrame, by: str, failed: pl.Series, counted: pl.Series
) -> tuple[GroupStat, ...]:
    """failed/total per value of `by` (trimmed; missing → None), worst pass rate first."""
    stats = (
        pl.DataFrame({"group": frame.get_column(by), "failed": failed, "counted": counted})
        .with_columns(present_trimmed(pl.col("group")).alias("group"))
        .group_by("group")
        .agg(
            pl.col("failed").and_(pl.col("counted")).sum().alias("failed"),
            pl.col("counted").sum().alias("total"),
        )
        .filter(pl.col("total") > 0)
        .with_columns((1 - pl.col("failed") / pl.col("total")).alias("rate"))
        .sort(["rate", "failed", "group"], descending=[False, True, False], nulls_last=True)
    )
    return tuple(
        GroupStat(group=row["group"], failed=int(row["failed"]), total=int(row["total"]))
        for row in stats.iter_rows(named=True)
    )


def sample_rows(
    table: Table,
    mask: pl.Series,
    value_column: str | None,
    ctx: RunContext,
    limit: int = MAX_SAMPLES,
    masker: Masker = mask_value,
) -> tuple[RowSample, ...]:
    """Up to `limit` failing rows: 1-based row number, the record's id, the value at fault."""
    positions = mask.arg_true().head(limit).to_list()
    samples = []
    for position in positions:
        record_id = value = None
        if table.id_column is not None:
            record_id = table.frame.get_column(table.id_column)[position]
            record_id = record_id if ctx.show_pii else mask_emails_only(record_id)
        if value_column is not None:
            value = table.frame.get_column(value_column)[position]
            value = value if ctx.show_pii else masker(value)
        samples.append(
            RowSample(
                row=position + 1,
                id=record_id,
                value=value,
                has_id=table.id_column is not None,
                has_value=value_column is not None,
            )
        )
    return tuple(samples)


def row_result(
    spec: CheckSpec,
    ctx: RunContext,
    *,
    column: str | None,
    failed: pl.Series,
    counted: pl.Series | None = None,
    message: Callable[[int, int], str],
    value_column: str | None = None,
    masker: Masker = mask_value,
) -> Result:
    """A Result from per-row masks: `failed` rows among `counted` rows (all rows by default)."""
    table = ctx.tables[spec.table]
    if counted is None:
        counted = pl.repeat(True, table.rows, eager=True, dtype=pl.Boolean)
    failed = (failed.fill_null(False) & counted).alias("failed")
    n_failed = int(failed.sum())
    n_total = int(counted.sum())
    fix_rows = table.frame.filter(failed) if ctx.keep_rows and n_failed else None
    return Result(
        **spec.base_fields(),
        column=column,
        status=spec.status_of(n_failed, n_total),
        failed=n_failed,
        total=n_total,
        message=message(n_failed, n_total),
        samples=sample_rows(table, failed, value_column, ctx, masker=masker),
        by=spec.by,
        breakdown=breakdown(table.frame, spec.by, failed, counted) if spec.by else (),
        fix_rows=fix_rows,
    )
