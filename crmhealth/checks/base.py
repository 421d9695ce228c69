"""What every check type shares: its parameter model, the context it runs in, and its docs.

A check type is a pydantic model (its parameters, parsed from the rules file before any data is
read) with a ``run`` method that returns Result objects and prints nothing. Its class docstring is
its user documentation, printed by ``crmhealth checks TYPE``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crmhealth.results import CheckDoc, Status, pass_rate, status_for

if TYPE_CHECKING:
    from crmhealth.checks.plan import CheckPlan

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
    extra: Mapping[str, Any] = field(default_factory=dict)


class CheckSpec(BaseModel):
    """Common parameters of every check type (the subclass docstring documents the type)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type_name: ClassVar[str] = ""
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = ""

    type: str
    id: str | None = None
    table: str
    dimension: Dimension | None = None
    weight: float = Field(1.0, gt=0, allow_inf_nan=False)
    warn: float = Field(1.0, ge=0, le=1)
    fail: float | None = Field(None, ge=0, le=1)
    by: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> CheckSpec:
        if self.fail is not None and self.fail > self.warn:
            raise ValueError(
                f"fail ({self.fail}) must not be above warn ({self.warn}): "
                "thresholds are minimum pass rates, fail the lower one"
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
        return [ColumnUse(self.table, self.by, "by")] if self.by else []

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
