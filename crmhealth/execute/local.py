"""The local executor: runs every check's plan with Polars on this machine.

Per table, in this order:

1. one scan of the source, projecting only the columns some check reads (the source decides how
   to read them: ``scan_csv``, a transcoded copy, a workbook's sheet);
2. the checks' local steps on those columns (in a thread pool: Polars and the libraries they call
   release the GIL for most of the work);
3. lookups (distinct values other tables' predicates test membership in);
4. one ``select`` with every row measure's failed/total counts and first failing rows, and one
   ``group_by`` per ``by:`` column with every measure's breakdown, collected together with the
   checks' aggregates (``collect_all``), so the collected columns are read once;
5. each check's ``finish`` turns its figures into results.

The failing rows for the fix lists are computed only when asked (``keep_failing``): their
positions and reasons, never copies of the rows, so memory stays that of the needed columns.
Only this module and the checks' expression builders use Polars to compute.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from crmhealth.checks.base import CheckSpec, RunContext
from crmhealth.checks.common import MAX_SAMPLES, present_trimmed
from crmhealth.checks.plan import (
    CheckPlan,
    Figures,
    FixRows,
    LocalStep,
    Lookups,
    MeasureFigures,
    RowMeasure,
    default_finish,
)
from crmhealth.masking import mask_emails_only
from crmhealth.results import GroupStat, Result, RowSample, error_result
from crmhealth.sources import Table

DATA_ERRORS = (pl.exceptions.PolarsError, OverflowError)


@dataclass
class PlannedCheck:
    """A check with its plan and, once measured, its measures."""

    index: int
    check: CheckSpec
    plan: CheckPlan
    measures: Sequence[RowMeasure] = ()
    error: str | None = None
    elapsed: float = 0.0


@dataclass
class Execution:
    """What the executor produced: results in rules-file order, rows per table, and the fix
    rows per check id (when asked)."""

    results: list[Result]
    rows: dict[str, int]
    fix_rows: dict[str, FixRows] = field(default_factory=dict)
    table_details: dict[str, Mapping[str, Any]] = field(default_factory=dict)


def _error_detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _failed_expr(measure: RowMeasure) -> pl.Expr:
    failed = measure.failed.fill_null(False)
    if measure.counted is not None:
        failed = failed & measure.counted.fill_null(False)
    return failed


def _total_expr(measure: RowMeasure) -> pl.Expr:
    """Rows counted: all rows, or those `counted` picks."""
    if measure.counted is None:
        return pl.len().cast(pl.Int64)
    return measure.counted.fill_null(False).sum().cast(pl.Int64)


class LocalExecutor:
    """Runs plans with Polars on collected, projected columns."""

    def __init__(self, *, keep_failing: bool = False) -> None:
        self.keep_failing = keep_failing
        self._show_pii = False  # set by run() from the audit's settings
        self._frames: dict[str, pl.DataFrame] = {}
        self._own_frames: dict[int, pl.DataFrame] = {}  # checks' prepared frames, by index
        self._details: dict[str, Mapping[str, Any]] = {}

    def collect(self, name: str, table: Table) -> None:
        """Read a table once: its source's scan, projected to the columns checks need."""
        self._frames[name] = table.frame.lazy().collect()
        if table.details:  # what the source noticed: padded rows, replaced bytes, the header line
            self._details[name] = dict(table.details)

    def rows(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self._frames.items()}

    def check_sql_types(self, check: CheckSpec) -> None:
        """Raise SchemaError unless `check`'s SQL runs on its table's collected columns, typed
        as the audit types them (tried on a table with no rows and one typical row)."""
        if check.table in self._frames:
            check.check_sql_types(self._frames[check.table])

    # -- steps ---------------------------------------------------------------------------------

    def _run_local_steps(
        self, frames: dict[str, pl.DataFrame], planned: Sequence[PlannedCheck]
    ) -> None:
        jobs: list[tuple[PlannedCheck, LocalStep]] = [
            (p, step) for p in planned if p.error is None for step in p.plan.local_steps
        ]
        if not jobs:
            return

        def run(job: tuple[PlannedCheck, LocalStep]) -> tuple[pl.DataFrame | None, str | None]:
            pc, step = job
            started = time.perf_counter()
            try:
                out = step.compute(frames[step.table].select(step.inputs))
            except DATA_ERRORS as exc:
                return None, f"could not run on this data: {_error_detail(exc)}"
            finally:
                pc.elapsed += time.perf_counter() - started
            return out, None

        workers = min(len(jobs), os.cpu_count() or 1)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="step") as pool:
                outcomes = list(pool.map(run, jobs))
        else:
            outcomes = [run(job) for job in jobs]
        for (pc, step), (out, error) in zip(jobs, outcomes, strict=True):
            if error is not None:
                pc.error = pc.error or error
            elif out is not None:
                frames[step.table] = frames[step.table].hstack(out.select(step.outputs))

    def _lookups(
        self, frames: dict[str, pl.DataFrame], planned: Sequence[PlannedCheck]
    ) -> dict[int, dict[str, pl.Series]]:
        """Each check's lookups, by check index and lookup name, collected together."""
        names: list[tuple[int, str]] = []
        queries: list[pl.LazyFrame] = []
        for pc in planned:
            if pc.error is not None:
                continue
            for lookup in pc.plan.lookups:
                lf = frames[lookup.table].lazy()
                if lookup.where is not None:
                    lf = lf.filter(lookup.where.fill_null(False))
                names.append((pc.index, lookup.name))
                queries.append(lf.select(lookup.expr.alias("v")).drop_nulls().unique())
        found: dict[int, dict[str, pl.Series]] = defaultdict(dict)
        if queries:
            for (index, name), df in zip(names, pl.collect_all(queries), strict=True):
                found[index][name] = df.get_column("v")
        return found

    # -- measures ------------------------------------------------------------------------------

    def _measure_exprs(self, key: str, measure: RowMeasure) -> list[pl.Expr]:
        """The positions of the failing rows (their count, first samples and fix rows all come
        from this one list: one pass over the predicate) and the rows counted."""
        return [
            _failed_expr(measure).arg_true().implode().alias(f"{key}\x00rows"),
            _total_expr(measure).alias(f"{key}\x00total"),
        ]

    def _evaluate(
        self,
        table: str,
        frames: Mapping[str, pl.DataFrame],
        checks: Sequence[PlannedCheck],
        lookups: Mapping[int, Lookups],
    ) -> tuple[dict[str, Any], dict[tuple[int, str], tuple[GroupStat, ...]], dict[str, Any]]:
        """(measure figures, breakdowns per (check, measure key), aggregates per check+name),
        with every query over `table`'s collected columns collected together."""
        frame = frames[table]
        # A check that types or derives columns for itself (`prepare`) gets them computed once,
        # in a frame of its own that its measures, breakdowns and aggregates all read.
        own_frames = self._prepared_frames(frame, checks, lookups)
        plain: list[pl.Expr] = []  # measures over the columns as they are: one select
        prepared: list[tuple[pl.LazyFrame, list[pl.Expr]]] = []  # checks with own frames
        by_groups: dict[tuple[str, int | None], list[tuple[str, RowMeasure]]] = defaultdict(list)
        for pc in checks:
            own = own_frames.get(pc.index)
            exprs: list[pl.Expr] = []
            for measure in pc.measures:
                key = f"{pc.index}\x00{measure.key}"
                exprs.extend(self._measure_exprs(key, measure))
                if pc.check.by and pc.check.by in frame.columns:
                    by_groups[(pc.check.by, pc.index if own is not None else None)].append(
                        (key, measure)
                    )
            if own is not None:
                prepared.append((own.lazy(), exprs))
            else:
                plain.extend(exprs)
        queries: list[pl.LazyFrame] = []
        if plain:
            queries.append(frame.lazy().select(plain))
        queries.extend(lf.select(exprs) for lf, exprs in prepared if exprs)
        breakdown_keys = list(by_groups)
        for by, index in breakdown_keys:
            lf = frame.lazy() if index is None else own_frames[index].lazy()
            queries.append(self._breakdown_query(lf, by, by_groups[(by, index)]))
        aggregate_names: list[str] = []
        for pc in checks:
            for name, aggregate in pc.plan.aggregates.items():
                aggregate_names.append(f"{pc.index}\x00{name}")
                source = frames[aggregate.table]
                if aggregate.table == table and pc.index in own_frames:
                    source = own_frames[pc.index]
                queries.append(aggregate.build(source.lazy(), lookups.get(pc.index, {})))
        collected = pl.collect_all(queries) if queries else []
        figures: dict[str, Any] = {}
        n_selects = (1 if plain else 0) + sum(1 for _, exprs in prepared if exprs)
        for selected in collected[:n_selects]:
            figures.update(selected.row(0, named=True))
        breakdowns: dict[tuple[int, str], tuple[GroupStat, ...]] = {}
        for offset, group_key in enumerate(breakdown_keys):
            stats = collected[n_selects + offset]
            for key, _ in by_groups[group_key]:
                index_text, measure_key = key.split("\x00", 1)
                breakdowns[(int(index_text), measure_key)] = _group_stats(stats, key)
        rest = collected[n_selects + len(breakdown_keys) :]
        aggregates = dict(zip(aggregate_names, rest, strict=True))
        return figures, breakdowns, aggregates

    def _prepared_frames(
        self,
        frame: pl.DataFrame,
        checks: Sequence[PlannedCheck],
        lookups: Mapping[int, Lookups],
    ) -> dict[int, pl.DataFrame]:
        """The own frames of the checks with `prepare`, computed together (and kept for their
        samples and fix rows)."""
        wanting = []
        queries = []
        for pc in checks:
            if pc.plan.prepare is not None:
                wanting.append(pc)
                own = pc.plan.prepare(lookups.get(pc.index, {}))
                queries.append(frame.lazy().with_columns(own))
        if not queries:
            return {}
        computed = dict(zip((pc.index for pc in wanting), pl.collect_all(queries), strict=True))
        self._own_frames.update(computed)
        return computed

    def _breakdown_query(
        self, lf: pl.LazyFrame, by: str, measures: Sequence[tuple[str, RowMeasure]]
    ) -> pl.LazyFrame:
        aggs = []
        for key, measure in measures:
            aggs.append(_failed_expr(measure).sum().cast(pl.Int64).alias(f"{key}\x00failed"))
            aggs.append(_total_expr(measure).alias(f"{key}\x00total"))
        return lf.group_by(present_trimmed(pl.col(by)).alias("__group")).agg(aggs)

    def _measure_table(
        self,
        table: str,
        frames: Mapping[str, pl.DataFrame],
        checks: Sequence[PlannedCheck],
        lookups: Mapping[int, Lookups],
    ) -> tuple[dict[str, Any], dict[tuple[int, str], tuple[GroupStat, ...]], dict[str, Any]]:
        """Everything at once; if the data breaks one check's expressions, find which by
        evaluating them one check at a time, and turn only those into errors."""
        try:
            return self._evaluate(table, frames, checks, lookups)
        except DATA_ERRORS:
            pass
        figures: dict[str, Any] = {}
        breakdowns: dict[tuple[int, str], tuple[GroupStat, ...]] = {}
        aggregates: dict[str, Any] = {}
        for pc in checks:
            try:
                f, b, a = self._evaluate(table, frames, [pc], lookups)
            except DATA_ERRORS as exc:
                explain = pc.plan.explain_error
                pc.error = (
                    explain(frames[table], exc)
                    if explain is not None
                    else f"could not run on this data: {_error_detail(exc)}"
                )
                continue
            figures.update(f)
            breakdowns.update(b)
            aggregates.update(a)
        return figures, breakdowns, aggregates

    # -- run -----------------------------------------------------------------------------------

    def run(self, ctx: RunContext, planned: Sequence[PlannedCheck]) -> Execution:
        """Every planned check's results (and fix rows), from the collected tables."""
        self._show_pii = ctx.show_pii
        id_columns = ctx.id_columns
        frames = dict(self._frames)
        rows = {name: frame.height for name, frame in frames.items()}
        self._run_local_steps(frames, planned)
        lookups = self._lookups(frames, planned)
        for pc in planned:
            if pc.error is None:
                try:
                    pc.measures = list(pc.plan.measures(lookups.get(pc.index, {})))
                except DATA_ERRORS as exc:
                    pc.error = f"could not run on this data: {_error_detail(exc)}"

        per_table: dict[str, list[PlannedCheck]] = defaultdict(list)
        for pc in planned:
            if pc.error is None:
                per_table[pc.plan.table].append(pc)
        measured: dict[str, Any] = {}
        breakdowns: dict[tuple[int, str], tuple[GroupStat, ...]] = {}
        aggregates: dict[str, Any] = {}
        for table, checks in per_table.items():
            started = time.perf_counter()
            f, b, a = self._measure_table(table, frames, checks, lookups)
            shared = (time.perf_counter() - started) / max(len(checks), 1)
            for pc in checks:
                pc.elapsed += shared
            measured.update(f)
            breakdowns.update(b)
            aggregates.update(a)

        execution = Execution(results=[], rows=rows, table_details=dict(self._details))
        for pc in planned:
            own_aggregates = {
                name.split("\x00", 1)[1]: value
                for name, value in aggregates.items()
                if name.startswith(f"{pc.index}\x00")
            }
            own_lookups = lookups.get(pc.index, {})
            execution.results.extend(
                self._finish(
                    pc, frames, measured, breakdowns, own_aggregates, own_lookups, id_columns
                )
            )
            if self.keep_failing and pc.error is None:
                fix = self._fix_rows(pc, measured, own_aggregates, own_lookups, frames, id_columns)
                if fix is not None and fix.rows.height:
                    execution.fix_rows[pc.check.check_id] = fix
        return execution

    def _finish(
        self,
        pc: PlannedCheck,
        frames: Mapping[str, pl.DataFrame],
        measured: Mapping[str, Any],
        breakdowns: Mapping[tuple[int, str], tuple[GroupStat, ...]],
        aggregates: Mapping[str, pl.DataFrame],
        lookups: Lookups,
        id_columns: Mapping[str, str | None],
    ) -> list[Result]:
        if pc.error is not None:
            column = getattr(pc.check, "column", None)
            return [
                error_result(
                    pc.check.base_fields(), column if isinstance(column, str) else None, pc.error
                )
            ]
        started = time.perf_counter()
        frame = self._own_frame(pc, frames, lookups)
        id_column = id_columns.get(pc.plan.table)
        measures: dict[str, MeasureFigures] = {}
        for measure in pc.measures:
            key = f"{pc.index}\x00{measure.key}"
            failing = measured[f"{key}\x00rows"]
            first = failing[:MAX_SAMPLES] if measure.samples else []
            measures[measure.key] = MeasureFigures(
                failed=len(failing),
                total=int(measured[f"{key}\x00total"]),
                samples=_samples(frame, first, id_column, measure, self._show_pii),
                breakdown=breakdowns.get((pc.index, measure.key), ()),
            )
        figures = Figures(
            rows=frame.height,
            measures=measures,
            aggregates=aggregates,
            lookups=lookups,
            id_column=id_column,
            show_pii=self._show_pii,
        )
        finish = (pc.plan.finish or (lambda ms: default_finish(pc.check, ms)))(pc.measures)
        try:
            results = finish(figures)
        except DATA_ERRORS as exc:
            pc.error = f"could not run on this data: {_error_detail(exc)}"
            return self._finish(pc, frames, measured, breakdowns, aggregates, lookups, id_columns)
        pc.elapsed += time.perf_counter() - started
        return [replace(r, elapsed=pc.elapsed / max(len(results), 1)) for r in results]

    def _own_frame(
        self, pc: PlannedCheck, frames: Mapping[str, pl.DataFrame], lookups: Lookups
    ) -> pl.DataFrame:
        """The frame the check's measures read: its prepared frame, or its table's."""
        if pc.index in self._own_frames:
            return self._own_frames[pc.index]
        frame = frames[pc.plan.table]
        if pc.plan.prepare is not None:
            frame = frame.with_columns(pc.plan.prepare(lookups))
        return frame

    def _fix_rows(
        self,
        pc: PlannedCheck,
        measured: Mapping[str, Any],
        aggregates: Mapping[str, pl.DataFrame],
        lookups: Lookups,
        frames: Mapping[str, pl.DataFrame],
        id_columns: Mapping[str, str | None],
    ) -> FixRows | None:
        failing: dict[str, pl.DataFrame] = {}
        frame = self._own_frame(pc, frames, lookups)
        for measure in pc.measures:
            positions = pl.Series(
                "row", measured.get(f"{pc.index}\x00{measure.key}\x00rows") or [], pl.UInt32
            )
            # Reasons are row-local, so they are read off the failing rows alone.
            reasons = (
                frame[positions]
                .with_columns(measure.reason.cast(pl.String).alias("\x00reason"))
                .select(pl.col("\x00reason").alias("reason"))
            )
            failing[measure.key] = reasons.insert_column(0, positions)
        if pc.plan.fix_rows is not None:
            figures = Figures(
                rows=frames[pc.plan.table].height,
                measures={},
                aggregates=aggregates,
                lookups=lookups,
                id_column=id_columns.get(pc.plan.table),
                show_pii=True,
            )
            return pc.plan.fix_rows(figures, failing)
        if not failing:
            return None
        joined = (
            pl.concat(list(failing.values()))
            .group_by("row", maintain_order=True)
            .agg(pl.col("reason").str.join("; "))
            .sort("row")
        )
        return FixRows(table=pc.plan.table, rows=joined)


def _group_stats(stats: pl.DataFrame, key: str) -> tuple[GroupStat, ...]:
    """failed/total per group, worst pass rate first (groups with nothing counted left out)."""
    ranked = (
        stats.select(
            pl.col("__group").alias("group"),
            pl.col(f"{key}\x00failed").alias("failed"),
            pl.col(f"{key}\x00total").alias("total"),
        )
        .filter(pl.col("total") > 0)
        .with_columns((1 - pl.col("failed") / pl.col("total")).alias("rate"))
        .sort(["rate", "failed", "group"], descending=[False, True, False], nulls_last=True)
    )
    return tuple(
        GroupStat(group=row["group"], failed=int(row["failed"]), total=int(row["total"]))
        for row in ranked.iter_rows(named=True)
    )


def _samples(
    frame: pl.DataFrame,
    positions: Sequence[int],
    id_column: str | None,
    measure: RowMeasure,
    show_pii: bool,
) -> tuple[RowSample, ...]:
    """Up to MAX_SAMPLES failing rows: 1-based row, record id, the value at fault (masked)."""
    if not positions or not measure.samples:
        return ()
    picked = (
        frame[list(positions)]
        .with_columns(measure.reason.cast(pl.String).alias("\x00reason"))
        .select(
            *([pl.col(id_column).alias("id")] if id_column in frame.columns else []),
            *(
                [pl.col(measure.value_column).cast(pl.String).alias("value")]
                if measure.value_column
                else []
            ),
            pl.col("\x00reason").alias("reason"),
        )
    )
    samples = []
    has_id = "id" in picked.columns
    for position, row in zip(positions, picked.iter_rows(named=True), strict=True):
        record_id = row.get("id")
        value = row.get("value")
        samples.append(
            RowSample(
                row=position + 1,
                id=record_id if show_pii or not has_id else mask_emails_only(record_id),
                value=value if show_pii else measure.masker(value),
                reason=row["reason"],
                has_id=has_id,
                has_value=measure.value_column is not None,
            )
        )
    return tuple(samples)
