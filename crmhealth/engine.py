"""The audit engine: rules → column plan → loaded tables → check results → scored report."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone

import polars as pl

from crmhealth.checks import CheckSpec, RunContext
from crmhealth.checks.base import SchemaError
from crmhealth.errors import UserError, did_you_mean
from crmhealth.history.facts import PreviousTable
from crmhealth.results import AuditReport, Result, RuleInfo, TableInfo, error_result
from crmhealth.rules import Rules
from crmhealth.score import dimension_scores, grade_for, overall_score
from crmhealth.sources import SourceRef, Table, column_names, load_table

LoadObserver = Callable[[SourceRef], AbstractContextManager[None]]


@contextlib.contextmanager
def _quietly(_: SourceRef) -> Iterator[None]:
    yield


def used_tables(rules: Rules) -> list[str]:
    """Source names the checks read, in the order the rules file lists the sources."""
    used = set().union(*(check.tables_used() for check in rules.checks))
    return [name for name in rules.sources if name in used]


def check_schemas(rules: Rules) -> dict[str, list[str]]:
    """Read every used source's column names and verify each column a check names exists.

    Cheap (headers and schemas only), so ``validate`` and ``audit`` both fail fast on a typo.
    """
    schemas = {name: column_names(rules.sources[name]) for name in used_tables(rules)}
    for index, check in enumerate(rules.checks):
        for use in check.columns_used():
            columns = schemas[use.table]
            if use.column not in columns:
                raise UserError(
                    f"check '{check.check_id}': table '{use.table}' has no column "
                    f"'{use.column}'" + did_you_mean(use.column, columns),
                    rules.check_where(index, use.field),
                )
        try:
            check.validate_schema(schemas)
        except SchemaError as exc:
            raise UserError(
                f"check '{check.check_id}': {exc}", rules.check_where(index, exc.field)
            ) from None
    return schemas


def _needed_columns(rules: Rules) -> dict[str, set[str]]:
    needed: dict[str, set[str]] = {name: set() for name in used_tables(rules)}
    for check in rules.checks:
        for use in check.columns_used():
            needed[use.table].add(use.column)
    return needed


def load_tables(
    rules: Rules, *, all_columns: bool, observe: LoadObserver = _quietly
) -> dict[str, Table]:
    """Load the used sources as text; only the columns checks read unless `all_columns`."""
    needed = _needed_columns(rules)
    every = {check.table for check in rules.checks if check.reads_every_column}
    tables = {}
    for name in used_tables(rules):
        with observe(rules.sources[name]):
            tables[name] = load_table(
                rules.sources[name],
                None if all_columns or name in every else sorted(needed[name]),
            )
    return tables


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


def run_check(check: CheckSpec, ctx: RunContext) -> list[Result]:
    """One check's results; a failure the data causes becomes an ``error`` result saying why.

    Only data-dependent failures (Polars computing on these values, an arithmetic overflow) are
    turned into results; programming errors propagate.
    """
    try:
        return check.run(ctx)
    except (pl.exceptions.PolarsError, OverflowError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        column = getattr(check, "column", None)
        return [
            error_result(
                check.base_fields(),
                column if isinstance(column, str) else None,
                f"could not run on this data: {detail}",
            )
        ]


def run_checks(checks: tuple[CheckSpec, ...], ctx: RunContext) -> list[Result]:
    """Every check's results, in rules-file order.

    Checks only read the loaded frames, and Polars releases the GIL while it computes, so two
    checks can run side by side.
    """
    workers = min(len(checks), os.cpu_count() or 1)
    if workers <= 1:
        return [result for check in checks for result in run_check(check, ctx)]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check") as pool:
        outcomes = list(pool.map(lambda check: run_check(check, ctx), checks))
    return [result for outcome in outcomes for result in outcome]


def run_audit(
    rules: Rules,
    *,
    as_of: date | None = None,
    keep_rows: bool = False,
    show_pii: bool = False,
    observe: LoadObserver = _quietly,
    now: datetime | None = None,
    previous: Mapping[str, PreviousTable] | None = None,
) -> AuditReport:
    """Run a validated rules file end to end and return the report every reporter reads.

    `previous` holds the previous run's table facts (from the history) for the drift checks.
    """
    check_schemas(rules)
    reference = as_of or rules.as_of or date.today()
    tables = load_tables(rules, all_columns=keep_rows, observe=observe)
    ctx = RunContext(
        tables=tables,
        as_of=reference,
        region=rules.region,
        keep_rows=keep_rows,
        show_pii=show_pii,
        previous=previous,
    )
    results = run_checks(rules.checks, ctx)
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
                name=t.name,
                source=t.source,
                rows=t.rows,
                columns=t.total_columns,
                column_names=t.all_columns,
            )
            for t in tables.values()
        ),
        results=tuple(results),
        score=score,
        # Graded as shown (one decimal), so a displayed 90.0 is never a B.
        grade=grade_for(round(score, 1)) if score is not None else None,
        dimensions=dimensions,
    )
