"""Schema drift: were columns added, removed or renamed since the previous run?"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl
from pydantic import Field

from crmhealth.checks.base import CheckSpec, Dimension, RunContext
from crmhealth.checks.plan import Aggregate, CheckPlan, Figures, Lookups, measures_of
from crmhealth.history.facts import PreviousTable
from crmhealth.results import Result

# Distinct values kept (as short hashes) from each end of a column's sorted values, found
# among the SKETCH_ROWS smallest and largest values (with repeats).
SKETCH_VALUES = 32
SKETCH_ROWS = 256


class SchemaCheck(CheckSpec):
    """A table's columns must stay as they were between runs.

    Compares the table's column names with the previous run recorded in the history
    (``--history`` or ``history:``; the latest run with an earlier as_of that saw the table) and
    names the columns **added**, **removed** and **renamed**. A removed and an added column are a
    rename when their values look alike: each run records, per column, short hashes of up to
    32 distinct values from each end of its sorted values (trimmed; the values themselves are
    never stored), and a pair where at least ``rename_similarity`` (default 0.5) of the smaller
    hash set is in the other is a rename, best matches first (on the bundled example export a
    renamed column keeps 0.59–1.0 after losing 40% of the rows, different columns share 0; a
    rename together with a loss of more than about half the rows may be reported as a removal
    and an addition). Column order is ignored. Without a
    previous run the check passes and says so. The check loads every column of its table (with
    history it records them for the next run).

    One result per table: total = the columns of both runs (a rename counted once); failed =
    columns added, removed or renamed. Any change fails by default (``fail: 1.0``); set
    ``fail: 0`` to be warned instead. ``details`` lists ``added``, ``removed`` and ``renamed``
    (``from``, ``to``, ``similarity``).

    Parameters:
      rename_similarity  how alike a removed and an added column's values must be to count as
                         a rename (0–1, default 0.5)

    Why it matters: a renamed or dropped column breaks every report, integration and check that
    reads it, often silently (an empty column instead of an error). Fix: restore the column in
    the export or the CRM, or update the rules and downstream reports to the new name.
    """

    type_name: ClassVar[str] = "schema"
    default_dimension: ClassVar[Dimension] = "accuracy"
    reads_every_column: ClassVar[bool] = True
    takes_where: ClassVar[bool] = False
    example: ClassVar[str] = """\
- type: schema
  table: contacts
"""

    fail: float | None = Field(1.0, ge=0, le=1)
    rename_similarity: float = Field(0.5, gt=0, le=1)

    def plan(self, ctx: RunContext) -> CheckPlan:
        columns = tuple(ctx.columns.get(self.table, ()))
        previous = None if ctx.previous is None else ctx.previous.get(self.table)
        if ctx.previous is None:
            # Without a history there is nothing to compare with or record: read nothing.
            def unchanged(_figures: Figures) -> list[Result]:
                why = "no history to compare with (run with --history)"
                return [self._unchanged(len(columns), why, {})]

            return CheckPlan(table=self.table, measures=measures_of(), finish=lambda _: unchanged)

        def profile(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            return profile_query(lf, columns)

        def finish(figures: Figures) -> list[Result]:
            profiles = read_profiles(figures.aggregates["profiles"], columns)
            return [self.result(columns, profiles, previous)]

        return CheckPlan(
            table=self.table,
            measures=measures_of(),
            aggregates={"profiles": Aggregate(self.table, profile)},
            finish=lambda _: finish,
        )

    def _unchanged(self, columns: int, why: str, details: dict[str, Any]) -> Result:
        return Result(
            **self.base_fields(),
            column=None,
            status=self.status_of(0, columns),
            failed=0,
            total=columns,
            message=f"{self.table} has {columns} columns; {why}",
            details=details,
        )

    def result(
        self,
        columns: Sequence[str],
        profiles: Mapping[str, Mapping[str, Any]],
        previous: PreviousTable | None,
    ) -> Result:
        """The verdict on `columns` (with this run's `profiles`) against the previous run."""
        recorded = {"column_profiles": dict(profiles)}
        if previous is None:
            return self._unchanged(
                len(columns),
                "no earlier run of this table in the history to compare with (its columns are "
                "recorded for the next run)",
                recorded,
            )
        change = compare_columns(previous, columns, profiles, self.rename_similarity)
        failed = len(change.added) + len(change.removed) + len(change.renamed)
        total = len(previous.columns) + len(change.added)
        since = previous.as_of.isoformat()
        details: dict[str, Any] = {
            "previous_as_of": since,
            "added": list(change.added),
            "removed": list(change.removed),
            "renamed": [
                {"from": old, "to": new, "similarity": round(sim, 3)}
                for old, new, sim in change.renamed
            ],
            **recorded,
        }
        if not failed:
            message = f"{self.table} has the same {len(columns)} columns as on {since}"
        else:
            parts = []
            if change.removed:
                parts.append(f"{len(change.removed)} removed ({', '.join(change.removed)})")
            if change.renamed:
                pairs = ", ".join(f"{old} → {new}" for old, new, _ in change.renamed)
                parts.append(f"{len(change.renamed)} renamed ({pairs})")
            if change.added:
                parts.append(f"{len(change.added)} added ({', '.join(change.added)})")
            message = f"{self.table}: columns changed since {since}: " + "; ".join(parts)
            if change.unprofiled:
                message += (
                    " (no values recorded then for "
                    + ", ".join(change.unprofiled)
                    + ", so a rename cannot be told from a removal)"
                )
        return Result(
            **self.base_fields(),
            column=None,
            status=self.status_of(failed, total),
            failed=failed,
            total=total,
            message=message,
            details=details,
        )


@dataclass(frozen=True)
class ColumnChange:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[tuple[str, str, float], ...]
    unprofiled: tuple[str, ...]  # removed columns the previous run has no profile of


def _digest(value: str) -> str:
    return hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()


def profile_query(lf: pl.LazyFrame, columns: Sequence[str]) -> pl.LazyFrame:
    """One row: per column (by position), its non-null count and its smallest and largest
    values (with repeats). Partial sorts only, no hashing of whole columns: the sketch costs
    about as much as reading the column."""
    exprs: list[pl.Expr] = []
    for index, name in enumerate(columns):
        column = pl.col(name).cast(pl.String)
        exprs += [
            column.count().alias(f"{index}f"),
            column.bottom_k(SKETCH_ROWS).implode().alias(f"{index}lo"),
            column.top_k(SKETCH_ROWS).implode().alias(f"{index}hi"),
        ]
    return lf.select(exprs) if exprs else lf.select(pl.lit(0).alias("none"))


def read_profiles(frame: pl.DataFrame, columns: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per column: ``filled`` (non-null values) and the ``sketch``: short hashes of the
    distinct trimmed values among its smallest and largest values, at most 32 from each end
    (the values themselves are not kept)."""
    if not columns:
        return {}
    row = frame.row(0, named=True)
    return {
        name: {
            "filled": int(row[f"{i}f"]),
            "sketch": sorted(
                {_digest(v) for v in _ends(row[f"{i}lo"], reverse=False)}
                | {_digest(v) for v in _ends(row[f"{i}hi"], reverse=True)}
            ),
        }
        for i, name in enumerate(columns)
    }


def _ends(values: Sequence[str | None], *, reverse: bool) -> list[str]:
    """Up to SKETCH_VALUES distinct trimmed non-empty values from one end of a column."""
    distinct = sorted({v.strip() for v in values if v is not None and v.strip()}, reverse=reverse)
    return distinct[:SKETCH_VALUES]


def column_profiles(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """Every column's profile (see :func:`read_profiles`)."""
    return read_profiles(profile_query(frame.lazy(), frame.columns).collect(), frame.columns)


def similarity(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """How alike two columns' sketches are: the share of the smaller sketch found in the other
    (the overlap coefficient, tolerant of rows lost or added); 0 when either has no values."""
    left, right = set(a.get("sketch", ())), set(b.get("sketch", ()))
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def compare_columns(
    previous: PreviousTable,
    columns: Sequence[str],
    profiles: Mapping[str, Mapping[str, Any]],
    threshold: float,
) -> ColumnChange:
    """Added, removed and renamed columns; renames paired best match first."""
    before, now = list(previous.columns), list(columns)
    removed = [c for c in before if c not in now]
    added = [c for c in now if c not in before]
    candidates = sorted(
        (
            (similarity(previous.profiles[old], profiles[new]), before.index(old), now.index(new))
            for old in removed
            if old in previous.profiles
            for new in added
            if new in profiles
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    renamed: list[tuple[str, str, float]] = []
    paired_old: set[str] = set()
    paired_new: set[str] = set()
    for sim, i, j in candidates:
        old, new = before[i], now[j]
        if sim >= threshold and old not in paired_old and new not in paired_new:
            renamed.append((old, new, sim))
            paired_old.add(old)
            paired_new.add(new)
    return ColumnChange(
        added=tuple(c for c in added if c not in paired_new),
        removed=tuple(c for c in removed if c not in paired_old),
        renamed=tuple(sorted(renamed, key=lambda r: before.index(r[0]))),
        unprofiled=tuple(
            c for c in removed if c not in paired_old and c not in previous.profiles and added
        ),
    )
