"""Validity: are the values that are there well-formed?"""

from __future__ import annotations

from typing import ClassVar, Literal

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import hidden_name, missing
from crmhealth.checks.params import DateFormats
from crmhealth.checks.parsing import SLASH_FORMS, parse_dates, parse_number
from crmhealth.checks.plan import CheckPlan, LocalStep, RowMeasure, measures_of
from crmhealth.masking import (
    Masker,
    mask_email_value,
    mask_emails_only,
    mask_phone_value,
    mask_value,
)

Format = Literal["email", "phone", "date", "regex", "allowed", "range"]


class ValidityCheck(CheckSpec):
    """Values that are present must be well-formed.

    Measured on the non-missing values of one column, each trimmed first (missing values are the
    completeness check's business). failed = values that are not valid; total = non-missing
    values. Formats:

      email    syntax as email-validator judges it, without a DNS lookup
      phone    a valid number as libphonenumber judges it, parsed with the rule's ``region``
               (default: the top-level ``region:``); for CN, ``+86 139 1234 5678``,
               ``139-1234-5678`` and ``13912345678`` are valid and ``1391234567`` is not;
               numbers written with another country's code are judged for that country
      date     parseable as a real date: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日,
               optionally with a time of day; 03-Oct-2026, 3 Oct 2026, Oct 3, 2026; and
               DD/MM/YYYY or MM/DD/YYYY (a date either way); ``formats:`` adds strptime
               patterns
      regex    the Rust-regex ``pattern`` is found in the value (anchor it with ^…$ to match the
               whole value)
      allowed  one of ``values`` (case-sensitive unless ``case_sensitive: false``)
      range    a number (``1,234.5`` allowed) within ``min`` and/or ``max``, inclusive

    Why it matters: an invalid email bounces, an invalid phone cannot be dialled, an unknown
    stage breaks the pipeline report. Fix: correct the values listed in the export.
    """

    type_name: ClassVar[str] = "validity"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- type: validity
  table: contacts
  column: phone
  format: phone
  region: CN
  warn: 0.95
- type: validity
  table: contacts
  column: lifecycle_stage
  format: allowed
  values: [lead, prospect, customer, churned]
"""

    column: str
    format: Format
    region: str | None = None
    pattern: str | None = None
    values: list[str] | None = None
    case_sensitive: bool = True
    min: float | None = None
    max: float | None = None
    formats: DateFormats = ()

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        from crmhealth.checks.formats.phone import is_known_region

        if value is not None and not is_known_region(value):
            raise ValueError(
                f"'{value}' is not a phone region libphonenumber knows; use an "
                "ISO 3166 code such as CN, US, GB, HK"
            )
        return value.upper() if value else value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                pl.Series([""]).str.contains(value)
            except pl.exceptions.PolarsError as exc:
                detail = " ".join(str(exc).split())
                raise ValueError(f"invalid regular expression: {detail}") from None
        return value

    @model_validator(mode="after")
    def _format_parameters(self) -> ValidityCheck:
        needs = {"regex": ("pattern", self.pattern), "allowed": ("values", self.values)}
        if self.format in needs and needs[self.format][1] is None:
            raise ValueError(f"format '{self.format}' needs `{needs[self.format][0]}:`")
        if self.format == "range":
            if self.min is None and self.max is None:
                raise ValueError("format 'range' needs `min:`, `max:` or both")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self

    def problem_with_rules(self, region: str | None) -> str | None:
        if self.format == "phone" and self.region is None and region is None:
            return (
                "format 'phone' needs a region: add `region: CN` (or your country's ISO code) "
                "to this check or at the top of the rules file"
            )
        return None

    def id_suffix(self) -> list[str]:
        return [self.column, self.format]

    def columns_used(self) -> list[ColumnUse]:
        return [ColumnUse(self.table, self.column, "column"), *super().columns_used()]

    def plan(self, ctx: RunContext) -> CheckPlan:
        region = self.region or ctx.region
        present = ~missing(pl.col(self.column))
        trimmed = pl.col(self.column).str.strip_chars()
        steps = []
        if self.format in ("email", "phone", "date"):
            # Library judgements (and the staged date reader) run on the collected column.
            name = hidden_name(self.check_id, "valid")
            steps.append(
                LocalStep(
                    table=self.table,
                    inputs=(self.column,),
                    outputs=(name,),
                    compute=lambda frame: self._valid_frame(frame, region, name),
                    runs="polars" if self.format == "date" else "python",
                    why={
                        "email": "email-validator judges the odd shapes",
                        "phone": "libphonenumber judges the odd shapes",
                        "date": "dates are read in stages (ISO first, then other forms)",
                    }[self.format],
                )
            )
            # The step's verdict is null exactly where the value is missing: no second look at
            # the text to tell which values are present.
            present = pl.col(name).is_not_null()
            failed = ~pl.col(name).fill_null(True)
        else:
            failed = present & ~self._valid_expr(trimmed).fill_null(False)
        what = self._what(region)
        measure = RowMeasure(
            key=self.column,
            column=self.column,
            failed=failed,
            counted=present,
            reason=pl.lit(f"{self.column} is not a valid {what}"),
            value_column=self.column,
            masker=self._masker(),
            message=lambda failed, total: (
                f"{failed} of {total} {self.column} values in {self.table} are not a valid {what}"
            ),
        )
        return CheckPlan(table=self.table, measures=measures_of(measure), local_steps=steps)

    def _valid_frame(self, frame: pl.DataFrame, region: str | None, name: str) -> pl.DataFrame:
        """Validity of every row's value (null where missing), for the library formats."""
        column = frame.get_column(self.column)
        present = frame.select(~missing(pl.col(self.column))).to_series()
        values = column.filter(present).str.strip_chars()
        valid = pl.repeat(None, frame.height, dtype=pl.Boolean, eager=True).alias(name)
        if values.len():
            valid = valid.scatter(present.arg_true(), self._valid(values, region))
        return valid.to_frame()

    def _masker(self) -> Masker:
        """Phone and email columns are always masked; amounts, dates and codes never look like
        personal data even when they are long numbers."""
        if self.format == "phone":
            return mask_phone_value
        if self.format == "email":
            return mask_email_value
        if self.format in ("range", "date"):
            return mask_emails_only
        return mask_value

    def _what(self, region: str | None) -> str:
        return {
            "email": "email address",
            "phone": f"phone number for {region}",
            "date": "date",
            "regex": f"match for /{self.pattern}/",
            "allowed": "allowed value",
            "range": "number in range",
        }[self.format]

    def _valid(self, values: pl.Series, region: str | None) -> pl.Series:
        """Validity of trimmed, non-missing values."""
        if self.format == "email":
            from crmhealth.checks.formats.email import valid_emails

            return valid_emails(values)
        if self.format == "phone":
            from crmhealth.checks.formats.phone import valid_phones

            if region is None:  # refused when the rules are loaded; kept for direct callers
                raise ValueError("phone validity needs a region")
            return valid_phones(values, region)
        if self.format == "date":
            return parse_dates(values, (*self.formats, *SLASH_FORMS)).is_not_null()
        raise ValueError(f"format '{self.format}' is judged by an expression")

    def _valid_expr(self, value: pl.Expr) -> pl.Expr:
        """Validity of a trimmed value, for the formats an expression decides."""
        if self.format == "regex":
            return value.str.contains(self.pattern or "")
        if self.format == "allowed":
            allowed = [str(x).strip() for x in self.values or []]
            if self.case_sensitive:
                return value.is_in(allowed)
            return value.str.to_lowercase().is_in([a.lower() for a in allowed])
        number = parse_number(value)
        expr = number.is_not_null()
        if self.min is not None:
            expr = expr & (number >= self.min)
        if self.max is not None:
            expr = expr & (number <= self.max)
        return expr
