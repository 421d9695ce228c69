"""The audit engine: rules → one audit plan → loaded tables → executed checks → scored report.

:func:`plan_audit` reads the rules once into an :class:`AuditPlan` (the tables the checks use,
the columns each needs, the checks with their rules-file positions). ``validate``, loading,
execution and the export stage all read that plan instead of walking the checks again.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING

from crmhealth.checks import CheckSpec, RunContext
from crmhealth.checks.base import SchemaError
from crmhealth.checks.plan import FixRows
from crmhealth.errors import UserError, did_you_mean
from crmhealth.execute.local import Execution, LocalExecutor, PlannedCheck
from crmhealth.execute.sql import pushes_down, run_with_pushdown, uses_pushdown
from crmhealth.export import ExportStage
from crmhealth.results import AuditReport, RuleInfo, TableInfo
from crmhealth.rules import Rules
from crmhealth.score import dimension_scores, grade_for, overall_score
from crmhealth.sources import SourceRef, Table, column_names, guess_id_column, load_table

if TYPE_CHECKING:
    from crmhealth.history.facts import PreviousTable

LoadObserver = Callable[[SourceRef], AbstractContextManager[None]]
StepObserver = Callable[[str], AbstractContextManager[None]]


@contextlib.contextmanager
def _quietly(_: object) -> Iterator[None]:
    yield


@dataclass(frozen=True)
class PlannedTable:
    """A source the checks read: its columns, the ones checks need, and its id column."""

    name: str
    ref: SourceRef
    columns: tuple[str, ...]
    needed: tuple[str, ...]
    id_column: str | None


@dataclass(frozen=True)
class AuditPlan:
    """The rules resolved against the sources' schemas, read once."""

    rules: Rules
    tables: dict[str, PlannedTable]

    @property
    def checks(self) -> tuple[CheckSpec, ...]:
        return self.rules.checks


def used_tables(rules: Rules) -> list[str]:
    """Source names the checks read, in the order the rules file lists the sources."""
    used = set().union(*(check.tables_used() for check in rules.checks))
    return [name for name in rules.sources if name in used]


def plan_audit(rules: Rules) -> AuditPlan:
    """Read every used source's column names (headers and schemas only), verify each column a
    check names exists, and fix which columns each table must load.

    Cheap, so ``validate`` and ``audit`` both fail fast on a typo.
    """
    schemas = {name: column_names(rules.sources[name]) for name in used_tables(rules)}
    needed: dict[str, set[str]] = {name: set() for name in schemas}
    for index, check in enumerate(rules.checks):
        for use in check.columns_used():
            columns = schemas[use.table]
            if use.column not in columns:
                raise UserError(
                    f"check '{check.check_id}': table '{use.table}' has no column "
                    f"'{use.column}'" + did_you_mean(use.column, columns),
                    rules.check_where(index, use.field),
                )
            needed[use.table].add(use.column)
        try:
            check.validate_schema(schemas)
        except SchemaError as exc:
            raise UserError(
                f"check '{check.check_id}': {exc}", rules.check_where(index, exc.field)
            ) from None
    tables = {}
    for name, columns in schemas.items():
        ref = rules.sources[name]
        id_column = guess_id_column(ref.spec, columns)
        id_column = id_column if id_column in columns else None
        keep = needed[name] | ({id_column} if id_column else set())
        if any(check.reads_every_column and check.table == name for check in rules.checks):
            keep = set(columns)
        tables[name] = PlannedTable(
            name=name,
            ref=ref,
            columns=tuple(columns),
            needed=tuple(c for c in columns if c in keep),
            id_column=id_column,
        )
    return AuditPlan(rules=rules, tables=tables)


def validate_audit(rules: Rules) -> AuditPlan:
    """Everything the audit would refuse, without running a check: the rules against the
    sources' columns, the data read as the audit reads it (the same projection, collected by the
    executor, so a malformed row or an unreadable file is found here too), and each SQL
    expression tried on the data's column types.

    A table counted in its database server (``execute: pushdown``) is not read by the audit:
    only the columns the SQL trial needs come over, as there.
    """
    plan = plan_audit(rules)
    reader = LocalExecutor()
    for name, planned in plan.tables.items():
        columns = list(planned.needed)
        if pushes_down(planned.ref):
            sql = {u.column for c in plan.checks if c.table == name for u in c.sql_columns_used()}
            columns = [c for c in planned.columns if c in sql]
            if not columns:
                continue
        reader.collect(name, load_table(planned.ref, columns))
    check_sql(plan, reader)
    return plan


def check_schemas(rules: Rules) -> dict[str, list[str]]:
    """Every used table's column names, after verifying the checks' columns exist and that
    their SQL expressions run on the data's column types (what ``validate`` does: it reads
    only the columns the SQL names)."""
    plan = plan_audit(rules)
    executor = LocalExecutor()
    for name, planned in plan.tables.items():
        columns = {u.column for c in plan.checks if c.table == name for u in c.sql_columns_used()}
        if columns:
            executor.collect(
                name, load_table(planned.ref, [c for c in planned.columns if c in columns])
            )
    check_sql(plan, executor)
    return {name: list(t.columns) for name, t in plan.tables.items()}


def check_sql(plan: AuditPlan, executor: LocalExecutor) -> None:
    """Each check's SQL tried on the data's column types as the audit types them: an
    expression that cannot run is a rules mistake (exit 2, at its rules line), in ``validate``
    and ``audit`` alike."""
    for index, check in enumerate(plan.checks):
        if not check.sql_texts():
            continue
        try:
            executor.check_sql_types(check)
        except SchemaError as exc:
            raise UserError(
                f"check '{check.check_id}': {exc}", plan.rules.check_where(index, exc.field)
            ) from None


def rereads_in_order(ref: SourceRef) -> bool:
    """Whether reading a source again gives its rows in the same order (files do; a database
    server's or Spark's table may not), so fix lists can find rows by position."""
    return ref.spec.resolved_kind() not in ("postgres", "mysql", "spark")


def rule_infos(rules: Rules) -> tuple[RuleInfo, ...]:
    """Every check as configured, for the report's appendix."""
    common = {"type", "id", "table", "dimension", "description"}
    return tuple(
        RuleInfo(
            check=check.check_id,
            type=check.type,
            table=check.table,
            dimension=check.resolved_dimension,
            parameters=check.model_dump(mode="json", exclude_none=True, exclude=common),
            where=rules.check_where(index),
            description=check.description,
        )
        for index, check in enumerate(rules.checks)
    )


def _empty_table_errors(plan: AuditPlan, rows: Mapping[str, int]) -> dict[int, str]:
    """Checks whose table has no rows (unless its source allows it): an empty import is not
    healthy, so each such check is an ``error`` result saying why."""
    empty = {
        name
        for name, count in rows.items()
        if count == 0 and not getattr(plan.tables[name].ref.spec, "allow_empty", False)
    }
    errors = {}
    for index, check in enumerate(plan.checks):
        hit = sorted(empty & check.tables_used())
        if hit:
            errors[index] = (
                f"table {hit[0]} has no rows: nothing to audit (an empty import is not healthy; "
                "set `allow_empty: true` on the source if that is expected)"
            )
    return errors


@dataclass(frozen=True)
class AuditRun:
    """An audit's report and what the export stage needs to stream the fix lists."""

    report: AuditReport
    fix_rows: dict[str, FixRows]
    plan: AuditPlan
    ran_in: Mapping[str, str] = field(default_factory=dict)  # check id -> database or local
    kept: Mapping[str, Table] = field(default_factory=dict)  # tables the fix lists reuse


def execute_audit(
    rules: Rules,
    *,
    as_of: date | None = None,
    keep_failing: bool = False,
    show_pii: bool = False,
    observe: LoadObserver = _quietly,
    working: StepObserver = _quietly,
    now: datetime | None = None,
    previous: Mapping[str, PreviousTable] | None = None,
) -> AuditRun:
    """Run a validated rules file end to end: the report, and the failing rows' positions and
    reasons per check when `keep_failing` (for the fix lists). `previous` holds the previous
    run's table facts from the history, for the drift checks."""
    started = time.perf_counter()
    plan = plan_audit(rules)
    reference = as_of or rules.as_of or date.today()
    ctx = RunContext(
        as_of=reference,
        region=rules.region,
        show_pii=show_pii,
        id_columns={name: t.id_column for name, t in plan.tables.items()},
        columns={name: t.columns for name, t in plan.tables.items()},
        previous=previous,
    )
    planned = [
        PlannedCheck(index=index, check=check, plan=check.scoped_plan(ctx))
        for index, check in enumerate(plan.checks)
    ]
    ran_in: dict[str, str] = {}
    kept: dict[str, Table] = {}
    if not keep_failing and uses_pushdown(rules):
        # Database sources with `execute: pushdown` count their checks in the server. Fix lists
        # need every failing row, so a run that writes them pulls the columns instead.
        execution, ran_in = run_with_pushdown(
            plan,
            ctx,
            planned,
            observe=observe,
            working=working,
            on_loaded=lambda executor: check_sql(plan, executor),
            empty_errors=lambda rows: _empty_table_errors(plan, rows),
        )
    else:
        executor = LocalExecutor(keep_failing=keep_failing)
        for name, planned_table in plan.tables.items():
            # A server table has no row order of its own: read twice, its rows could come back
            # in another order, so when fix lists are wanted it is read once, every column.
            whole = keep_failing and not rereads_in_order(planned_table.ref)
            columns = None if whole else list(planned_table.needed)
            with observe(planned_table.ref):
                table = load_table(planned_table.ref, columns)
                executor.collect(name, table)
            if whole:
                kept[name] = table
        check_sql(plan, executor)
        empty = _empty_table_errors(plan, executor.rows())
        for pc in planned:
            pc.error = empty.get(pc.index)
        with working(f"Running {len(planned)} checks"):
            execution = executor.run(ctx, planned)
        ran_in = {pc.check.check_id: "local" for pc in planned}
    report = _report(rules, plan, execution, reference, now, time.perf_counter() - started)
    return AuditRun(report=report, fix_rows=execution.fix_rows, plan=plan, ran_in=ran_in, kept=kept)


def _report(
    rules: Rules,
    plan: AuditPlan,
    execution: Execution,
    reference: date,
    now: datetime | None,
    elapsed: float,
) -> AuditReport:
    results = execution.results
    dimensions = dimension_scores(results, rules.weights)
    score = overall_score(dimensions)
    generated = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    return AuditReport(
        rules=str(rules.path),
        rules_name=rules.path.stem,
        checks=rule_infos(rules),
        as_of=reference,
        generated_at=generated.isoformat().replace("+00:00", "Z"),
        tables=tuple(
            TableInfo(
                name=name,
                source=t.ref.label,
                rows=execution.rows[name],
                columns=len(t.columns),
                column_names=t.columns,
            )
            for name, t in plan.tables.items()
        ),
        results=tuple(results),
        score=score,
        # Graded as shown (one decimal), so a displayed 90.0 is never a B.
        grade=grade_for(round(score, 1)) if score is not None else None,
        dimensions=dimensions,
        elapsed=elapsed,
    )


def run_audit(
    rules: Rules,
    *,
    as_of: date | None = None,
    show_pii: bool = False,
    observe: LoadObserver = _quietly,
    now: datetime | None = None,
    previous: Mapping[str, PreviousTable] | None = None,
) -> AuditReport:
    """Run a validated rules file end to end and return the report every reporter reads."""
    return execute_audit(
        rules, as_of=as_of, show_pii=show_pii, observe=observe, now=now, previous=previous
    ).report


def fix_lists_of(run: AuditRun) -> ExportStage:
    """The run's fix lists, streamed from the sources (every column) when they are written."""
    plan = run.plan

    def load_all(table: str) -> Table:
        if table in run.kept:
            return run.kept[table]
        return load_table(plan.tables[table].ref, None)

    return ExportStage(run.fix_rows, [c.check_id for c in plan.checks], load_all)


__all__ = [
    "AuditPlan",
    "AuditRun",
    "check_schemas",
    "execute_audit",
    "fix_lists_of",
    "plan_audit",
    "run_audit",
]
