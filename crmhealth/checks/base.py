"""What every check type shares: its parameter model, the context it runs in, and its docs.

A check type is a pydantic model (its parameters, parsed from the rules file before any data is
read) with a ``run`` method that returns Result objects and prints nothing. Its class docstring is
its user documentation, printed by ``crmhealth checks TYPE``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crmhealth.results import CheckDoc, Status, pass_rate, status_for

if TYPE_CHECKING:
    from crmhealth.checks.plan import CheckPlan, LocalStep
    from crmhealth.history.facts import PreviousTable

Dimension = Literal["accuracy", "completeness", "freshness", "usage", "feedback"]


@dataclass(frozen=True)
class ColumnUse:
    """A column a check reads: `field` is the rules key naming it, for errors that point at it."""

    table: str
    column: str
    field: str


@dataclass(frozen=True)
class RunContext:
    """The audit's settings a check's plan may depend on (never the data itself)."""

    as_of: date
    region: str | None
    show_pii: bool = False
    id_columns: Mapping[str, str | None] = field(default_factory=dict)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The previous run's table facts for the drift checks (volume, schema): None without
    # --history, else table name -> facts of the latest earlier run that saw the table.
    previous: Mapping[str, PreviousTable] | None = None


class CheckSpec(BaseModel):
    """Common parameters of every check type (the subclass docstring documents the type)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type_name: ClassVar[str] = ""
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = ""
    # False for types that measure the table as a whole (row counts, columns): `where:` is
    # refused there rather than silently ignored.
    takes_where: ClassVar[bool] = True
    # True for a check that reads every column of its table (schema drift), not only the
    # columns it names.
    reads_every_column: ClassVar[bool] = False

    type: str
    id: str | None = None
    table: str
    dimension: Dimension | None = None
    weight: float = Field(1.0, gt=0, allow_inf_nan=False)
    warn: float = Field(1.0, ge=0, le=1)
    fail: float | None = Field(None, ge=0, le=1)
    by: str | None = None
    description: str | None = None
    # Rows the check counts (a SQL condition) and the columns its SQL reads as dates.
    where: str | None = None
    dates: list[str] | None = None

    @property
    def date_columns(self) -> list[str]:
        """The ``dates:`` columns (none when not given)."""
        return list(self.dates or [])

    @field_validator("where")
    @classmethod
    def _where_parses(cls, value: str | None) -> str | None:
        if value is not None:
            from crmhealth.checks.sql import sql_expr

            sql_expr(value)
        return value

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> CheckSpec:
        if self.fail is not None and self.fail > self.warn:
            raise ValueError(
                f"fail ({self.fail}) must not be above warn ({self.warn}): "
                "thresholds are minimum pass rates, fail the lower one"
            )
        if self.where is not None and not self.takes_where:
            raise ValueError(
                f"`where:` does not apply to {self.type_name} checks: they measure the whole table"
            )
        return self

    @property
    def check_id(self) -> str:
        """The ``id:`` given, else one derived from type, table and columns."""
        return self.id or "-".join([self.type, self.table, *self.id_suffix()])

    @property
    def resolved_dimension(self) -> str:
        return self.dimension or self.default_dimension

    def id_suffix(self) -> list[str]:
        """Parts after type and table in the default id (columns, keys, format...)."""
        return []

    def columns_used(self) -> list[ColumnUse]:
        """Every (table, column) the check reads, for ``validate`` and column pruning."""
        uses = [ColumnUse(self.table, self.by, "by")] if self.by else []
        return uses + self.sql_columns_used()

    def sql_texts(self) -> list[tuple[str, str]]:
        """(rules key, SQL text) of every SQL expression the check evaluates on its table."""
        return [("where", self.where)] if self.where is not None else []

    def sql_columns_used(self) -> list[ColumnUse]:
        """The columns the check's SQL names, and its ``dates:``."""
        from crmhealth.checks.sql import referenced

        seen: dict[str, str] = {}
        for key, text in self.sql_texts():
            for column in referenced(text):
                seen.setdefault(column, key)
        for column in self.date_columns:
            seen.setdefault(column, "dates")
        return [ColumnUse(self.table, column, field) for column, field in seen.items()]

    def check_sql_types(self, frame: pl.DataFrame) -> None:
        """Raise SchemaError unless each SQL expression evaluates on `frame`'s columns (the
        check's table, as loaded) typed as the audit types them."""
        from crmhealth.checks.sql import SqlTypingError, choose_typing, sql_expr, trial_frames

        for key, text in self.sql_texts():
            try:
                typing = choose_typing(frame, [text], self.date_columns)
            except SqlTypingError as exc:
                raise SchemaError(key, str(exc)) from None
            if key in ("condition", "where"):  # a row filter or a rule: true or false per row
                kind = trial_frames(typing)[0].select(sql_expr(text)).to_series().dtype
                if kind not in (pl.Boolean, pl.Null):
                    raise SchemaError(
                        key,
                        f"`{text}` is not true or false for a row (it gives {kind}); write a "
                        f"test such as `{text} IS NOT NULL` or `{text} = 'value'`",
                    )

    def in_scope(self) -> pl.Expr | None:
        """A Polars expression true for the rows ``where:`` selects (None without ``where:``),
        over the column its local step adds."""
        from crmhealth.checks.common import hidden_name

        return pl.col(hidden_name(self.check_id, "where")) if self.where is not None else None

    def where_step(self, ctx: RunContext) -> LocalStep | None:
        """The local step computing the ``where:`` rows (None without ``where:``)."""
        if self.where is None:
            return None
        from crmhealth.checks.common import hidden_name
        from crmhealth.checks.plan import LocalStep
        from crmhealth.checks.sql import evaluate_mask, referenced

        text, dates = self.where, self.date_columns
        inputs = tuple(referenced(text))
        output = hidden_name(self.check_id, "where")
        return LocalStep(
            table=self.table,
            inputs=inputs,
            outputs=(output,),
            compute=lambda frame: (
                evaluate_mask(frame, text, dates, ctx.as_of).alias(output).to_frame()
            ),
            runs="polars",
            why="where: is SQL over typed columns (numbers, dates, window functions)",
        )

    def scoped_plan(self, ctx: RunContext) -> CheckPlan:
        """The check's plan with ``where:`` applied to every row measure: rows outside it are
        not counted (total, breakdown, samples, fix lists). Checks with aggregates or lookups
        restrict those themselves with :meth:`in_scope`."""
        from dataclasses import replace

        from crmhealth.checks.plan import Lookups, RowMeasure

        plan = self.plan(ctx)
        step, scope = self.where_step(ctx), self.in_scope()
        if step is None or scope is None:
            return plan
        inner = plan.measures

        where = self.where or ""

        def scoped_message(message: Callable[[int, int], str]) -> Callable[[int, int], str]:
            def text(failed: int, total: int) -> str:
                said = message(failed, total)
                return said if not said or where in said else f"{said} (where {where})"

            return text

        def measures(lookups: Lookups) -> list[RowMeasure]:
            return [
                replace(
                    m,
                    counted=scope if m.counted is None else m.counted & scope,
                    message=scoped_message(m.message),
                )
                for m in inner(lookups)
            ]

        return replace(plan, measures=measures, local_steps=[*plan.local_steps, step])

    def tables_used(self) -> set[str]:
        return {self.table} | {use.table for use in self.columns_used()}

    def problem_with_rules(self, region: str | None) -> str | None:
        """What this check lacks that the rules file's top level could give (a phone region),
        as a message; None when nothing is missing."""
        return None

    def validate_schema(self, schemas: Mapping[str, list[str]]) -> None:
        """Checks that need the column names (SQL expressions); raise ValueError(field, msg)."""

    def plan(self, ctx: RunContext) -> CheckPlan:
        """What the check measures, as expressions over its table (see checks/plan.py)."""
        raise NotImplementedError

    def status_of(self, failed: int, total: int) -> Status:
        """The status of `failed` out of `total` under this check's warn/fail thresholds."""
        return status_for(pass_rate(failed, total), self.warn, self.fail)

    @classmethod
    def documentation(cls) -> CheckDoc:
        """The type's documentation as structured fields, parsed from its docstring."""
        return parse_doc(cls.__doc__ or "")

    def base_fields(self) -> dict[str, Any]:
        """Result fields every result of this check shares."""
        return {
            "check": self.check_id,
            "type": self.type,
            "dimension": self.resolved_dimension,
            "table": self.table,
            "weight": self.weight,
            "warn": self.warn,
            "fail": self.fail,
            "description": self.description,
            "doc": self.documentation(),
        }


@functools.lru_cache(maxsize=64)
def parse_doc(docstring: str) -> CheckDoc:
    """A check docstring's summary (its first line), ``Why it matters:`` and ``Fix:`` texts,
    each joined into one line."""
    text = inspect.cleandoc(docstring)
    summary = text.split("\n\n", 1)[0]
    why = fix = ""
    if "Why it matters:" in text:
        tail = text.split("Why it matters:", 1)[1]
        why, _, fix = tail.partition("Fix:")
    return CheckDoc(
        summary=" ".join(summary.split()), why=" ".join(why.split()), fix=" ".join(fix.split())
    )


class SchemaError(ValueError):
    """A rules value that does not fit the data's columns; ``field`` names the rules key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
