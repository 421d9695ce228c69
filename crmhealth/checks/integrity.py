"""Integrity: do references between tables resolve?"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.params import Reference
from crmhealth.checks.plan import CheckPlan, Lookup, Lookups, RowMeasure
from crmhealth.checks.references import key_values, split_reference
from crmhealth.masking import mask_emails_only


class IntegrityCheck(CheckSpec):
    """References must point at records that exist (contact → account, deal → owner).

    Compares each non-missing value of ``column`` with the values of the referenced column, both
    as trimmed text. total = non-missing values; failed = values not found in ``references``.
    (Missing references are the completeness check's business.)

    Parameters:
      column      the referring column, e.g. contacts.account_id
      references  the referenced ``table.column``, e.g. accounts.id

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
"""

    column: str
    references: Reference

    def id_suffix(self) -> list[str]:
        return [self.column]

    def columns_used(self) -> list[ColumnUse]:
        table, column = split_reference(self.references)
        return [
            ColumnUse(self.table, self.column, "column"),
            ColumnUse(table, column, "references"),
            *super().columns_used(),
        ]

    def plan(self, ctx: RunContext) -> CheckPlan:
        ref_table, ref_column = split_reference(self.references)
        known = Lookup(name="known", table=ref_table, expr=key_values(ref_column))
        value = key_values(self.column)

        def measures(lookups: Lookups) -> list[RowMeasure]:
            return [
                RowMeasure(
                    key=self.column,
                    column=self.column,
                    failed=~value.is_in(lookups["known"].implode()),
                    counted=value.is_not_null(),
                    reason=pl.lit(f"{self.column} points at no {self.references}"),
                    value_column=self.column,
                    masker=mask_emails_only,  # keys, not phone numbers, however many digits
                    message=lambda failed, total: (
                        f"{failed} of {total} {self.table}.{self.column} values point at no "
                        f"{self.references}"
                    ),
                )
            ]

        return CheckPlan(table=self.table, measures=measures, lookups=[known])
