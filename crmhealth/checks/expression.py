"""Expression: business rules written as SQL conditions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import ClassVar

import polars as pl
from pydantic import field_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext, SchemaError
from crmhealth.checks.common import present_trimmed
from crmhealth.checks.parsing import parse_number
from crmhealth.checks.plan import CheckPlan, Lookup, Lookups, RowMeasure, measures_of


def sql_condition(text: str) -> pl.Expr:
    """A SQL boolean expression as a Polars expression (parsed, never evaluated as Python)."""
    try:
        return pl.sql_expr(text)
    except pl.exceptions.PolarsError as exc:
        message = str(exc).strip().splitlines()[0]
        raise ValueError(f"not a SQL expression Polars understands: {message}") from None


class ExpressionCheck(CheckSpec):
    """Business rules that must hold, as SQL boolean expressions over the table's columns.

    ``condition`` is what every row must satisfy; the optional ``where`` picks the rows it
    applies to. Both are SQL as Polars SQL understands it (``=``, ``<>``, ``AND``, ``OR``,
    ``IN (...)``, ``LIKE``, ``IS NULL``, functions such as ``LENGTH`` and ``UPPER``).
    total = rows for which ``where`` is true (all rows without it); failed = those rows for which
    ``condition`` is not true (false or null). Missing values (empty, whitespace) are NULL;
    other values are trimmed; a column whose every present value is a number is compared as a
    number (so ``amount > 0`` works), any other column as text.

    Parameters:
      condition   what must hold, e.g. ``amount > 0``
      where       optional filter, e.g. ``stage = 'Closed Won'``

    Why it matters: a won deal without an amount or a close date breaks every revenue report.
    Fix: correct the rows in the export, then add a validation rule in the CRM.
    """

    type_name: ClassVar[str] = "expression"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- id: won-deals-have-amount
  type: expression
  table: deals
  where: "stage = 'Closed Won'"
  condition: "amount > 0 AND close_date IS NOT NULL"
"""

    condition: str
    where: str | None = None

    @field_validator("condition", "where")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            sql_condition(value)
        return value

    def _referenced(self) -> list[tuple[str, str]]:
        names = [(c, "condition") for c in sql_condition(self.condition).meta.root_names()]
        if self.where is not None:
            names += [(c, "where") for c in sql_condition(self.where).meta.root_names()]
        return names

    def columns_used(self) -> list[ColumnUse]:
        seen: dict[str, str] = {}
        for column, field in self._referenced():
            seen.setdefault(column, field)
        return [ColumnUse(self.table, c, f) for c, f in seen.items()] + super().columns_used()

    def validate_schema(self, schemas: Mapping[str, list[str]]) -> None:
        columns = schemas.get(self.table, [])
        for field, text in (("condition", self.condition), ("where", self.where)):
            if text is not None:
                _check_evaluates(field, text, columns)

    def plan(self, ctx: RunContext) -> CheckPlan:
        used = sorted({c for c, _ in self._referenced()})
        texts = [t for t in (self.condition, self.where) if t is not None]
        # Per column: is every present value a number? (distinct of true/false over the present
        # values; none at all leaves the column free to be either.)
        kinds = [
            Lookup(
                f"numeric:{c}",
                self.table,
                pl.when(present_trimmed(pl.col(c)).is_not_null()).then(
                    parse_number(pl.col(c)).is_not_null()
                ),
            )
            for c in used
        ]

        def typing(found: Lookups) -> dict[str, bool]:
            numeric: dict[str, bool | None] = {}
            for c in used:
                seen = set(found[f"numeric:{c}"].to_list())
                numeric[c] = None if not seen else seen == {True}
            return _first_typing_that_evaluates(texts, _typings(numeric))

        def prepare(found: Lookups) -> list[pl.Expr]:
            return [_typed(c, as_number) for c, as_number in typing(found).items()]

        holds = sql_condition(self.condition).fill_null(False)
        where = sql_condition(self.where).fill_null(False) if self.where is not None else None
        measure = RowMeasure(
            key="condition",
            column=None,
            failed=~holds,
            counted=where,
            reason=pl.lit(f"breaks: {self.condition}"),
            message=lambda failed, total: (
                f"{failed} of {total} {self.table}"
                + (f" where {self.where}" if self.where else "")
                + f" break: {self.condition}"
            ),
        )
        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            lookups=kinds,
            prepare=prepare,
            explain_error=self._why_not,
        )

    def _why_not(self, frame: pl.DataFrame, exc: BaseException) -> str:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hints = []
        for column in sorted({c for c, _ in self._referenced()}):
            text = present_trimmed(pl.col(column))
            odd = (
                frame.select(
                    text.filter(text.is_not_null() & parse_number(pl.col(column)).is_null())
                    .unique(maintain_order=True)
                    .head(3)
                )
                .to_series()
                .to_list()
            )
            if odd and frame.select(parse_number(pl.col(column)).count()).item() > 0:
                hints.append(
                    f"{column} mixes numbers with text such as " + ", ".join(repr(v) for v in odd)
                )
        hint = (
            "; " + "; ".join(hints) + " (clean those values, or compare as text)" if hints else ""
        )
        return f"could not evaluate the condition: {detail}{hint}"


def _typings(numeric: dict[str, bool | None]) -> list[dict[str, bool]]:
    """Candidate typings (column → compare as number?), most numeric first.

    Columns whose present values are all numbers compare as numbers; when that cannot evaluate
    (LENGTH(zip), zip = '010020'), fewer and fewer of them are taken as numbers, one column at
    a time first, so ``amount > 100 AND LENGTH(zip) = 6`` finds amount numeric and zip text. A
    column with no value at all may be either.
    """
    flexible = [c for c, kind in numeric.items() if kind is not False]
    if len(flexible) > 8:  # 2^8 cheap trials at most; beyond, all-or-nothing
        options = [flexible, []]
    else:
        options = [
            [c for c in flexible if c not in dropped]
            for size in range(len(flexible) + 1)
            for dropped in itertools.combinations(flexible, size)
        ]
    return [{c: c in as_numbers for c in numeric} for as_numbers in options]


def _first_typing_that_evaluates(
    texts: list[str], typings: list[dict[str, bool]]
) -> dict[str, bool]:
    """The first typing under which every expression evaluates, tried on a table with no rows
    (type errors are found when the plan is built, so this costs nothing per row)."""
    error: pl.exceptions.PolarsError | None = None
    for typing in typings:
        empty = pl.DataFrame(
            {
                c: pl.Series([], dtype=pl.Float64 if as_number else pl.String)
                for c, as_number in typing.items()
            }
        )
        try:
            for text in texts:
                empty.select(sql_condition(text))
        except pl.exceptions.PolarsError as exc:
            error = error or exc
            continue
        return typing
    assert error is not None
    raise error


def _typed(column: str, as_number: bool) -> pl.Expr:
    """Trimmed text with missing → null, or the column's numbers."""
    expr = parse_number(pl.col(column)) if as_number else present_trimmed(pl.col(column))
    return expr.alias(column)


def _check_evaluates(field: str, text: str, columns: list[str]) -> None:
    """Raise SchemaError unless `text` evaluates under some typing of its columns (numbers or
    text: the data decides later which)."""
    referenced = sorted(set(sql_condition(text).meta.root_names()))
    if not set(referenced) <= set(columns):
        return  # an unknown column is reported, with close matches, by the column check
    try:
        _first_typing_that_evaluates([text], _typings(dict.fromkeys(referenced)))
    except pl.exceptions.PolarsError as exc:
        raise SchemaError(field, "cannot evaluate: " + str(exc).strip().splitlines()[0]) from None
