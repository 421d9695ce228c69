"""Integrity: do references between tables resolve?"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import first_repeated
from crmhealth.checks.params import Reference
from crmhealth.checks.plan import CheckPlan, Lookup, Lookups, RowMeasure
from crmhealth.checks.references import key_values, split_reference
from crmhealth.masking import mask_emails_only

KEY_SEPARATOR = "\x1f"  # joins the parts of a composite key (a unit separator no export holds)


def split_references(value: str) -> tuple[str, list[str]]:
    """``accounts.id`` → (accounts, [id]); ``accounts.[name, region]`` → (accounts, [name,
    region]); ValueError otherwise."""
    table, column = split_reference(value)
    if not column.startswith("["):
        return table, [column]
    if not column.endswith("]"):
        raise ValueError(f"'{value}' is not a reference; write table.[column, column]")
    columns = [c.strip() for c in column[1:-1].split(",")]
    if len(columns) < 1 or not all(columns):
        raise ValueError(f"'{value}' names an empty column; write table.[column, column]")
    return table, columns


def composite_key(columns: list[str]) -> pl.Expr:
    """The key as trimmed text, parts joined; null where any part is missing."""
    parts = [key_values(c) for c in columns]
    return parts[0] if len(parts) == 1 else pl.concat_str(parts, separator=KEY_SEPARATOR)


class IntegrityCheck(CheckSpec):
    """References must point at records that exist (contact → account, deal → owner).

    Compares each non-missing value of ``column`` with the values of the referenced column, both
    as trimmed text. total = non-missing values; failed = values not found in ``references``.
    (Missing references are the completeness check's business.)

    A composite key names several columns: ``columns: [account, region]`` with
    ``references: accounts.[name, region]`` (the same number of columns, matched in order):
    a row is found when the referenced table has a row with every part equal. A row with any
    part of its key missing is not counted (as with a single missing value); referenced rows
    with a missing part match nothing.

    Parameters:
      column      the referring column, e.g. contacts.account_id
      columns     instead of column: the parts of a composite key, e.g. [account, region]
      references  the referenced ``table.column``, e.g. accounts.id (``table.[a, b]`` for a
                  composite key)

    Why it matters: a contact whose account was deleted or mistyped drops out of every account
    report and territory. Fix: repoint the listed rows at existing records or restore them.
    """

    type_name: ClassVar[str] = "integrity"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- type: integrity
  table: contacts
  column: account_id
  references: accounts.id
- id: deal-account-in-region
  type: integrity
  table: opportunities
  columns: [account, region]
  references: accounts.[name, region]
"""

    column: str | None = None
    columns: list[str] | None = None
    references: Reference

    @field_validator("columns")
    @classmethod
    def _distinct(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (twice := first_repeated(value)):
            raise ValueError(f"column '{twice}' is listed twice")
        return value

    @model_validator(mode="after")
    def _key_shape(self) -> IntegrityCheck:
        if (self.column is None) == (self.columns is None):
            raise ValueError("give either `column:` or `columns:` (a composite key)")
        _, referenced = split_references(self.references)
        if len(referenced) != len(self.key_columns):
            raise ValueError(
                f"references names {len(referenced)} column(s) for a key of "
                f"{len(self.key_columns)}; write table.[" + ", ".join(self.key_columns) + "]"
            )
        return self

    @property
    def key_columns(self) -> list[str]:
        return [self.column] if self.column is not None else list(self.columns or [])

    @property
    def key_name(self) -> str:
        return "+".join(self.key_columns)

    def id_suffix(self) -> list[str]:
        return self.key_columns

    def columns_used(self) -> list[ColumnUse]:
        table, columns = split_references(self.references)
        field = "column" if self.column is not None else "columns"
        return [
            *(ColumnUse(self.table, c, field) for c in self.key_columns),
            *(ColumnUse(table, c, "references") for c in columns),
            *super().columns_used(),
        ]

    def plan(self, ctx: RunContext) -> CheckPlan:
        ref_table, ref_columns = split_references(self.references)
        known = Lookup(name="known", table=ref_table, expr=composite_key(ref_columns))
        value = composite_key(self.key_columns)
        single = self.column

        def measures(lookups: Lookups) -> list[RowMeasure]:
            return [
                RowMeasure(
                    key=self.key_name,
                    column=single,
                    failed=~value.is_in(lookups["known"].implode()),
                    counted=value.is_not_null(),
                    reason=pl.lit(f"{self.key_name} points at no {self.references}"),
                    value_column=single,
                    masker=mask_emails_only,  # keys, not phone numbers, however many digits
                    message=lambda failed, total: (
                        f"{failed} of {total} {self.table}.{self.key_name} values point at no "
                        f"{self.references}"
                    ),
                )
            ]

        return CheckPlan(table=self.table, measures=measures, lookups=[known])
