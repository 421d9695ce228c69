"""What a check asks the executor to compute: its plan.

A check type does not read data itself. Its ``plan()`` declares, as Polars expressions over its
table's columns, *what* it measures, and an executor (``crmhealth/execute``) decides *how*: one
scan per table projecting only the needed columns, every check's aggregates evaluated together,
samples and breakdowns taken from the same predicates, and the failing rows streamed to the fix
lists only when they are asked for.

The parts of a plan:

- :class:`LocalStep`: a derived column that cannot be a plain expression (libphonenumber for the
  odd shapes, fuzzy matching, the staged date reader). An executor running elsewhere (a
  database) knows it must pull the step's input columns and compute it locally.
- :class:`Lookup`: the distinct non-missing values of an expression over some table (the
  accounts' ids for an integrity check); row predicates may test membership in it.
- :class:`RowMeasure`: one result's row predicate: which rows count, which fail, why, the value
  samples quote. The executor turns it into failed/total, samples, a ``by:`` breakdown and fix
  rows.
- :class:`Aggregate`: a small grouped query over a table (events per user, members of duplicate
  groups), collected together with everything else; the check's ``finish`` reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import polars as pl

from crmhealth.masking import Masker, mask_value
from crmhealth.results import GroupStat, Result, RowSample

if TYPE_CHECKING:
    from crmhealth.checks.base import CheckSpec

Lookups = Mapping[str, pl.Series]


@dataclass(frozen=True)
class LocalStep:
    """Columns computed from the collected `inputs` by Python or a staged Polars computation.

    ``compute`` receives a frame holding the inputs and returns a frame of the same height with
    the ``outputs`` columns. ``runs`` says why it is local: ``python`` (a library called per
    distinct value, a clustering algorithm) or ``polars`` (a staged computation that a SQL engine
    could do with a different formulation).
    """

    table: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    compute: Callable[[pl.DataFrame], pl.DataFrame]
    runs: Literal["python", "polars"] = "python"
    why: str = ""


@dataclass(frozen=True)
class Lookup:
    """The distinct non-null values of `expr` over `table` (optionally only rows where
    `where`), available to row predicates under `name`."""

    name: str
    table: str
    expr: pl.Expr
    where: pl.Expr | None = None


@dataclass(frozen=True)
class RowMeasure:
    """One result's row predicate over the check's table.

    ``failed`` is true where a counted row fails (null counts as not failed); ``counted`` picks
    the rows the total counts (all rows when None); both are evaluated over the whole table, so
    they may use window functions. ``reason`` says, for a failing row, what is wrong (the fix
    list's ``reason`` column and the sample's reason); it is evaluated on the failing rows alone,
    so it must depend on the row only.
    """

    key: str
    column: str | None
    failed: pl.Expr
    message: Callable[[int, int], str]
    reason: pl.Expr
    counted: pl.Expr | None = None
    value_column: str | None = None
    masker: Masker = mask_value
    samples: bool = True


@dataclass(frozen=True)
class Aggregate:
    """A small query over `table`'s collected columns (plus local-step outputs): ``build``
    gets the table as a LazyFrame and the lookups and returns the LazyFrame to collect."""

    table: str
    build: Callable[[pl.LazyFrame, Lookups], pl.LazyFrame]


@dataclass(frozen=True)
class MeasureFigures:
    """What the executor measured for one RowMeasure."""

    failed: int
    total: int
    samples: tuple[RowSample, ...]
    breakdown: tuple[GroupStat, ...]


@dataclass(frozen=True)
class Figures:
    """Everything the executor computed for one check, handed to its ``finish``."""

    rows: int
    measures: Mapping[str, MeasureFigures]
    aggregates: Mapping[str, pl.DataFrame]
    lookups: Lookups
    id_column: str | None
    show_pii: bool


@dataclass(frozen=True)
class FixRows:
    """The records a check's fix list names: 0-based ``row`` positions in `table` with a
    ``reason`` and any extra columns (``group``, ``score``...); `table` None when the records
    are not rows of a source (a log's users without a roster)."""

    table: str | None
    rows: pl.DataFrame


def default_finish(check: CheckSpec, measures: Sequence[RowMeasure]) -> Finish:
    """One Result per RowMeasure, from its figures (the common case)."""

    def finish(figures: Figures) -> list[Result]:
        results = []
        for measure in measures:
            got = figures.measures[measure.key]
            results.append(
                Result(
                    **check.base_fields(),
                    column=measure.column,
                    status=check.status_of(got.failed, got.total),
                    failed=got.failed,
                    total=got.total,
                    message=measure.message(got.failed, got.total),
                    samples=got.samples,
                    by=check.by,
                    breakdown=got.breakdown,
                )
            )
        return results

    return finish


Finish = Callable[[Figures], list[Result]]
FixRowsOf = Callable[[Figures, Mapping[str, pl.DataFrame]], FixRows | None]


@dataclass
class CheckPlan:
    """A check's whole plan. ``measures`` may depend on lookups, so it is a function of them;
    ``finish`` builds the results; ``fix_rows`` (optional) replaces the default fix list (rows
    failing any measure, reasons joined) — it also gets the failing rows per measure."""

    table: str
    measures: Callable[[Lookups], Sequence[RowMeasure]]
    finish: Callable[[Sequence[RowMeasure]], Finish] | None = None
    local_steps: Sequence[LocalStep] = ()
    lookups: Sequence[Lookup] = ()
    aggregates: Mapping[str, Aggregate] = field(default_factory=dict)
    fix_rows: FixRowsOf | None = None
    # Columns this check's measures see typed differently (an expression check's numbers):
    # applied with ``with_columns`` before its measures, in a query of its own.
    prepare: Callable[[Lookups], Sequence[pl.Expr]] | None = None
    # Explains, from the collected table, why the data broke the check's expressions.
    explain_error: Callable[[pl.DataFrame, BaseException], str] | None = None


def measures_of(*measures: RowMeasure) -> Callable[[Lookups], Sequence[RowMeasure]]:
    """A measures function for measures that need no lookup."""
    return lambda _lookups: measures


def date_step(table: str, column: str, output: str, formats: Sequence[str] = ()) -> LocalStep:
    """A local step reading `column` as calendar dates into `output` (the staged date reader:
    ISO values by slicing, the other forms only for the rest)."""
    from crmhealth.checks.parsing import parse_dates

    return LocalStep(
        table=table,
        inputs=(column,),
        outputs=(output,),
        compute=lambda frame: (
            parse_dates(frame.get_column(column), tuple(formats)).alias(output).to_frame()
        ),
        runs="polars",
        why="dates are read in stages (ISO first, then the other forms)",
    )
