"""The pushdown executor: runs the checks' row measures inside the source's server (PostgreSQL,
MySQL/MariaDB or Spark).

For a source with ``execute: pushdown`` (the default for servers), each check whose plan is plain
row measures (no local step, aggregate or typed columns; lookups only when their table is in a
server too) and whose expressions compile to SQL (``sqlcompile``) is measured by the server: one
scan per table (a GROUP BY per ``by:`` column), plus one query for samples; only counts and five
records per result cross the wire. Every other check runs in the local executor on the few
columns it needs, pulled as usual. Each result's ``details["ran_in"]`` says where it ran.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import polars as pl

from crmhealth.checks.base import RunContext
from crmhealth.checks.common import MAX_SAMPLES, present_trimmed
from crmhealth.checks.plan import Figures, Lookups, MeasureFigures, RowMeasure, default_finish
from crmhealth.execute.local import Execution, LocalExecutor, PlannedCheck, _group_stats
from crmhealth.execute.sqlcompile import Dialect, NotPushable, compile_expr
from crmhealth.masking import mask_emails_only
from crmhealth.results import Result, RowSample, error_result
from crmhealth.rules import Rules
from crmhealth.sources import SourceRef, load_table, loader_for
from crmhealth.sources.server import ServerLoader

if TYPE_CHECKING:
    from crmhealth.engine import AuditPlan

IN_DATABASE = "database"
LOCAL = "local"


def pushes_down(ref: SourceRef) -> bool:
    """Whether a source's checks run in its server (default for database sources)."""
    return isinstance(loader_for(ref), ServerLoader) and ref.spec.execute != "local"


def uses_pushdown(rules: Rules) -> bool:
    """Whether any source a check reads runs its checks in its server."""
    used = set().union(*(check.tables_used() for check in rules.checks))
    return any(pushes_down(ref) for name, ref in rules.sources.items() if name in used)


def dialect_for(ref: SourceRef) -> Dialect:
    loader = loader_for(ref)
    assert isinstance(loader, ServerLoader)
    kind = ref.spec.resolved_kind()
    return Dialect(
        name=kind if kind in ("postgres", "spark") else "mysql",
        quote=loader.quote,
        column=lambda name: loader.column_sql(ref, name),
    )


@dataclass
class CompiledCheck:
    """A check whose measures all compile: (failed, total) SQL per measure key."""

    planned: PlannedCheck
    measures: Sequence[RowMeasure]
    sql: dict[str, tuple[str, str]] = field(default_factory=dict)
    predicates: dict[str, str] = field(default_factory=dict)  # failed, unwrapped
    reasons: dict[str, str] = field(default_factory=dict)


def compile_check(
    pc: PlannedCheck, dialect: Dialect, lookups: Lookups | None = None
) -> CompiledCheck | None:
    """The check's measures in SQL, or None when any part must run locally. A check with
    lookups compiles only once they are given (see `server_lookups`)."""
    plan = pc.plan
    if plan.local_steps or plan.aggregates or plan.prepare or pc.error:
        return None
    if plan.lookups and lookups is None:
        return None
    try:
        measures = list(plan.measures(lookups or {}))
        compiled = CompiledCheck(pc, measures)
        for m in measures:
            failed = m.failed.fill_null(False)
            if m.counted is not None:
                failed = failed & m.counted.fill_null(False)
            total = "COUNT(*)" if m.counted is None else _count(compile_expr(m.counted, dialect))
            predicate = compile_expr(failed, dialect)
            compiled.sql[m.key] = (_count(predicate), total)
            compiled.predicates[m.key] = predicate
            with contextlib.suppress(NotPushable):
                compiled.reasons[m.key] = compile_expr(m.reason, dialect)
    except NotPushable:
        return None
    return compiled


# A lookup (the referenced ids of an integrity check) travels back to the server as an IN list;
# past this many distinct values the check runs locally instead.
MAX_LOOKUP_VALUES = 50_000


def server_lookups(pc: PlannedCheck, tables: Mapping[str, SourceRef]) -> Lookups | None:
    """The check's lookups computed in their tables' servers, or None when one cannot be."""
    found: dict[str, pl.Series] = {}
    for lookup in pc.plan.lookups:
        ref = tables[lookup.table]
        if not pushes_down(ref):
            return None
        loader = loader_for(ref)
        assert isinstance(loader, ServerLoader)
        dialect = dialect_for(ref)
        try:
            value = compile_expr(lookup.expr, dialect)
            where = f"{value} IS NOT NULL"
            if lookup.where is not None:
                where += f" AND {compile_expr(lookup.where.fill_null(False), dialect)}"
        except NotPushable:
            return None
        shown = f"MIN({value})" if dialect.name == "mysql" else value
        rows = loader.query(
            ref,
            f"SELECT {shown} AS v FROM {loader.from_sql(ref)} WHERE {where} "
            f"GROUP BY {dialect.exact(value)}",
        )
        if rows.height > MAX_LOOKUP_VALUES:
            return None
        found[lookup.name] = rows.get_column("v").cast(pl.String)
    return found


def _count(predicate: str) -> str:
    return f"SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END)"


def _as_int(sql: str, dialect: Dialect) -> str:
    return f"CAST({sql} AS {'SIGNED' if dialect.name == 'mysql' else 'BIGINT'})"


@dataclass
class PushedTable:
    """What the server measured for one table."""

    rows: int
    figures: dict[tuple[int, str], tuple[int, int]]
    breakdowns: dict[tuple[int, str], tuple[object, ...]]
    samples: dict[tuple[int, str], list[dict[str, str | None]]] = field(default_factory=dict)


def measure_in_database(
    ref: SourceRef,
    checks: Sequence[CompiledCheck],
    by_columns: Mapping[int, str | None],
    id_column: str | None = None,
) -> PushedTable:
    """Every measure of `checks` in as few scans as possible: one GROUP BY per distinct `by:`
    column (the first also yields every other measure's totals, as sums over its groups), or
    one plain aggregate query when no check has `by:`."""
    loader = loader_for(ref)
    assert isinstance(loader, ServerLoader)
    dialect = dialect_for(ref)
    relation = loader.from_sql(ref)
    names = [(cc.planned.index, key) for cc in checks for key in cc.sql]
    sql_of = {(cc.planned.index, k): v for cc in checks for k, v in cc.sql.items()}
    by_list = list(dict.fromkeys(b for i, _ in names if (b := by_columns.get(i))))
    counts = [f"{_as_int('COUNT(*)', dialect)} AS n"]
    for j, name in enumerate(names):
        failed, total = sql_of[name]
        counts += [f"{_as_int(failed, dialect)} AS f{j}", f"{_as_int(total, dialect)} AS t{j}"]
    figures: dict[tuple[int, str], tuple[int, int]] = {}
    breakdowns: dict[tuple[int, str], tuple[object, ...]] = {}
    rows = 0
    scans: list[str | None] = list(by_list) or [None]
    for position, by in enumerate(scans):
        wanted = (
            range(len(names))
            if position == 0
            else [j for j, (i, _) in enumerate(names) if by_columns.get(i) == by]
        )
        select = [counts[0], *(c for j in wanted for c in counts[1 + 2 * j : 3 + 2 * j])]
        if by is None:
            stats = loader.query(ref, f"SELECT {', '.join(select)} FROM {relation}")
        else:
            key_sql = compile_expr(present_trimmed(pl.col(by)), dialect)
            shown = f"MIN({key_sql})" if dialect.name == "mysql" else key_sql
            stats = loader.query(
                ref,
                f"SELECT {shown} AS g, {', '.join(select)} FROM {relation} "
                f"GROUP BY {dialect.exact(key_sql)}",
            )
        if position == 0:
            rows = int(stats.get_column("n").sum())
            for j, name in enumerate(names):
                figures[name] = (
                    int(stats.get_column(f"f{j}").sum()),
                    int(stats.get_column(f"t{j}").sum()),
                )
        if by is None:
            continue
        for j in wanted:
            if by_columns.get(names[j][0]) != by:
                continue
            frame = stats.select(
                pl.col("g").cast(pl.String).alias("__group"),
                pl.col(f"f{j}").cast(pl.Int64).alias("k\x00failed"),
                pl.col(f"t{j}").cast(pl.Int64).alias("k\x00total"),
            )
            breakdowns[names[j]] = _group_stats(frame, "k")
    table = PushedTable(rows=rows, figures=figures, breakdowns=breakdowns)
    table.samples = _sample_rows(ref, checks, figures, id_column)
    return table


def _sample_rows(
    ref: SourceRef,
    checks: Sequence[CompiledCheck],
    figures: Mapping[tuple[int, str], tuple[int, int]],
    id_column: str | None,
) -> dict[tuple[int, str], list[dict[str, str | None]]]:
    """Up to MAX_SAMPLES failing records per measure, in one UNION ALL query."""
    loader = loader_for(ref)
    assert isinstance(loader, ServerLoader)
    relation = loader.from_sql(ref)
    parts: list[str] = []
    names: list[tuple[int, str]] = []
    for cc in checks:
        for m in cc.measures:
            name = (cc.planned.index, m.key)
            if not m.samples or figures[name][0] == 0:
                continue
            record = loader.column_sql(ref, id_column) if id_column else "NULL"
            value = loader.column_sql(ref, m.value_column) if m.value_column else "NULL"
            reason = cc.reasons.get(m.key, "NULL")
            parts.append(
                f"(SELECT {len(names)} AS m, {record} AS id, {value} AS value, {reason} AS reason"
                f" FROM {relation} WHERE {cc.predicates[m.key]} LIMIT {MAX_SAMPLES})"
            )
            names.append(name)
    found: dict[tuple[int, str], list[dict[str, str | None]]] = {}
    if not parts:
        return found
    for row in loader.query(ref, " UNION ALL ".join(parts)).iter_rows(named=True):
        found.setdefault(names[int(row["m"])], []).append(
            {k: None if row[k] is None else str(row[k]) for k in ("id", "value", "reason")}
        )
    return found


def finish_pushed(
    cc: CompiledCheck, table: PushedTable, ctx: RunContext, id_column: str | None
) -> list[Result]:
    """The check's results from the server's figures and samples."""
    pc = cc.planned
    measures = {
        m.key: MeasureFigures(
            failed=table.figures[(pc.index, m.key)][0],
            total=table.figures[(pc.index, m.key)][1],
            samples=_samples(m, table.samples.get((pc.index, m.key), []), id_column, ctx),
            breakdown=table.breakdowns.get((pc.index, m.key), ()),  # type: ignore[arg-type]
        )
        for m in cc.measures
    }
    figures = Figures(
        rows=table.rows,
        measures=measures,
        aggregates={},
        lookups={},
        id_column=id_column,
        show_pii=ctx.show_pii,
    )
    finish = (pc.plan.finish or (lambda ms: default_finish(pc.check, ms)))(cc.measures)
    return finish(figures)


def run_with_pushdown(
    plan: AuditPlan,
    ctx: RunContext,
    planned: Sequence[PlannedCheck],
    *,
    observe: Callable[[SourceRef], AbstractContextManager[None]] = lambda _: nullcontext(),
    working: Callable[[str], AbstractContextManager[None]] = lambda _: nullcontext(),
    on_loaded: Callable[[LocalExecutor], None] = lambda _: None,
    empty_errors: Callable[[Mapping[str, int]], Mapping[int, str]] = lambda _: {},
) -> tuple[Execution, dict[str, str]]:
    """The results of `planned`, the checks of database sources with ``execute: pushdown``
    counted in their server, and where each check ran (check id → ``database`` or ``local``).

    The checks that stay local run in the local executor on only the columns they need;
    `on_loaded` sees that executor once its tables are read (the engine tries the checks' SQL
    there) and `empty_errors` names the checks whose table has no rows.
    """
    pushed: dict[str, list[CompiledCheck]] = {}
    for pc in planned:
        ref = plan.tables[pc.plan.table].ref
        if not pushes_down(ref):
            continue
        lookups = None
        if pc.plan.lookups and not (pc.plan.local_steps or pc.plan.aggregates or pc.plan.prepare):
            lookups = server_lookups(pc, {n: t.ref for n, t in plan.tables.items()})
        if (cc := compile_check(pc, dialect_for(ref), lookups)) is not None:
            pushed.setdefault(pc.plan.table, []).append(cc)
    pushed_indexes = {cc.planned.index for ccs in pushed.values() for cc in ccs}
    local = [pc for pc in planned if pc.index not in pushed_indexes]

    needed: dict[str, set[str]] = {}
    for pc in local:
        for use in pc.check.columns_used():
            needed.setdefault(use.table, set()).add(use.column)
        for table in pc.check.tables_used():
            needed.setdefault(table, set())
    executor = LocalExecutor()
    for name in needed:
        planned_table = plan.tables[name]
        keep = needed[name] | ({planned_table.id_column} if planned_table.id_column else set())
        columns = [c for c in planned_table.columns if c in keep]
        with observe(planned_table.ref):
            executor.collect(name, load_table(planned_table.ref, columns))
    on_loaded(executor)
    measured = {}
    for name, ccs in pushed.items():
        with working(f"Counting {len(ccs)} checks of {name} in its server"):
            measured[name] = measure_in_database(
                plan.tables[name].ref,
                ccs,
                {cc.planned.index: cc.planned.check.by for cc in ccs},
                plan.tables[name].id_column,
            )
    rows = {**executor.rows(), **{name: m.rows for name, m in measured.items()}}
    for name, planned_table in plan.tables.items():
        if name not in rows:  # read only by a pushed lookup: count it where it lives
            rows[name] = _count_rows(planned_table.ref)
    empty = empty_errors(rows)
    for pc in local:
        pc.error = pc.error or empty.get(pc.index)
    with working(f"Running {len(local)} checks here"):
        execution = executor.run(ctx, local)
    by_index: dict[int, list[Result]] = {}
    for pc, result in _owners(local, execution.results):
        by_index.setdefault(pc.index, []).append(result)
    for name, ccs in pushed.items():
        for cc in ccs:
            if cc.planned.index in empty:
                results = [
                    error_result(cc.planned.check.base_fields(), None, empty[cc.planned.index])
                ]
            else:
                results = finish_pushed(cc, measured[name], ctx, plan.tables[name].id_column)
            by_index[cc.planned.index] = results
    where = {
        pc.check.check_id: IN_DATABASE if pc.index in pushed_indexes else LOCAL for pc in planned
    }
    results = [
        replace(r, details={**r.details, "ran_in": where[pc.check.check_id]})
        for pc in planned
        for r in by_index.get(pc.index, [])
    ]
    return Execution(results=results, rows=rows), where


def _samples(
    measure: RowMeasure,
    rows: Sequence[Mapping[str, str | None]],
    id_column: str | None,
    ctx: RunContext,
) -> tuple[RowSample, ...]:
    """Samples as the local executor shapes them; ``row`` is 0: a server table has no line
    numbers."""
    has_id = id_column is not None
    return tuple(
        RowSample(
            row=0,
            id=row["id"] if ctx.show_pii or not has_id else mask_emails_only(row["id"]),
            value=row["value"] if ctx.show_pii else measure.masker(row["value"]),
            reason=row["reason"],
            has_id=has_id,
            has_value=measure.value_column is not None,
        )
        for row in rows
    )


def _count_rows(ref: SourceRef) -> int:
    loader = loader_for(ref)
    assert isinstance(loader, ServerLoader)
    frame = loader.query(ref, f"SELECT COUNT(*) AS n FROM {loader.from_sql(ref)}")
    return int(frame.get_column("n")[0])


def _owners(
    planned: Sequence[PlannedCheck], results: Sequence[Result]
) -> list[tuple[PlannedCheck, Result]]:
    """Pair each local result with its check (results come in planned order, by check id)."""
    owners = {pc.check.check_id: pc for pc in planned}
    return [(owners[r.check], r) for r in results]
