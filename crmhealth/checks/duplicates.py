"""Duplicates: is each customer in the CRM once?"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import breakdown, first_repeated, missing
from crmhealth.masking import mask_emails_only, mask_value
from crmhealth.results import GroupSample, Result
from crmhealth.sources import Table

MAX_SAMPLE_GROUPS = 5


class DuplicatesCheck(CheckSpec):
    """Each record must be in the CRM once.

    ``match: exact`` (the default) groups rows on ``keys``, each key part trimmed and
    lower-cased; rows with any key part missing are left out. total = rows with a full key;
    failed = rows beyond the first in each group; the result also gives the number of groups.

    ``match: fuzzy`` finds the same person written differently: nicknames (Bill = William),
    pinyin and variant characters (王伟 / 王玮 / Wang Wei), typos and initials, swapped or
    merged name columns, phone formats (normalised to E.164), email case and spaces, company
    legal forms and city prefixes (北京星辰科技有限公司 = 星辰科技). It is probabilistic record
    linkage (Fellegi–Sunter) trained on the table itself, with no labels: candidate pairs come
    from several blocking keys, each field is compared in graded levels, the weight of each
    level is estimated by EM, and agreeing on a rare value counts more than on a common one
    (two 王伟 or John Smiths, or a shared switchboard, are weak evidence). Linked pairs form
    groups, split again where they are chain-like, or large without a shared identifier
    holding them, so strangers are not merged; identical records always form a group.
    ``fields`` maps columns to kinds: name, email, phone, company, address, text, date,
    exact, and updated (when the record last changed; only picks the master). Records of
    organisations (company, address, phone... and no name) work too. total = all rows;
    failed = rows beyond the first in each group. Optional:
    ``region`` for phones written without a country code (default: the top-level
    ``region:``, else CN) and ``threshold``, the match probability a pair needs (default 0.5).

    Samples show whole groups; ``--export`` writes every member of every group with a ``group``
    column (fuzzy: also ``score``, ``reason`` -- why the rows matched --, ``master``, the
    suggested record to keep: most fields filled, then latest ``updated``, then first -- and
    ``differs``, the columns where a member differs from it).

    Why it matters: duplicates split a customer's history, double-count the pipeline and annoy
    customers with repeated mail. Fix: merge each group in the CRM, keeping the richest record.
    """

    type_name: ClassVar[str] = "duplicates"
    default_dimension: ClassVar[Dimension] = "accuracy"
    example: ClassVar[str] = """\
- type: duplicates
  table: contacts
  keys: [email]
- id: people
  type: duplicates
  table: contacts
  match: fuzzy
  fields: {first_name: name, last_name: name, email: email, phone: phone, company: company}
"""

    match: Literal["exact", "fuzzy"] = "exact"
    keys: list[str] | None = None
    fields: dict[str, str] | None = None
    region: str | None = None
    threshold: float | None = None

    @field_validator("keys")
    @classmethod
    def _distinct_keys(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (twice := first_repeated(value)):
            raise ValueError(f"column '{twice}' is listed twice")
        return value

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

    @model_validator(mode="after")
    def _parameters_for_match(self) -> DuplicatesCheck:
        if self.match == "exact":
            if not self.keys:
                raise ValueError("exact duplicates need `keys:` (a list of columns)")
            if self.fields is not None:
                raise ValueError("`fields:` is for `match: fuzzy`; exact matching uses `keys:`")
        else:
            from crmhealth.checks.fuzzy import FIELD_KINDS

            if not self.fields:
                raise ValueError(
                    "fuzzy duplicates need `fields:` mapping columns to kinds "
                    f"({', '.join(FIELD_KINDS)})"
                )
            for column, kind in self.fields.items():
                if kind not in FIELD_KINDS:
                    raise ValueError(
                        f"field '{column}': unknown kind '{kind}' (valid: {', '.join(FIELD_KINDS)})"
                    )
            if self.keys is not None:
                raise ValueError("`keys:` is for `match: exact`; fuzzy matching uses `fields:`")
        if self.match == "exact" and self.region is not None:
            raise ValueError("`region:` is for `match: fuzzy` (phones are compared as written)")
        if self.threshold is not None and not 0 < self.threshold < 1:
            raise ValueError("threshold is a match probability between 0 and 1")
        return self

    @property
    def key_columns(self) -> list[str]:
        return list(self.keys or []) if self.match == "exact" else list(self.fields or {})

    def id_suffix(self) -> list[str]:
        return self.key_columns if self.match == "exact" else ["fuzzy"]

    def columns_used(self) -> list[ColumnUse]:
        field = "keys" if self.match == "exact" else "fields"
        return [ColumnUse(self.table, c, field) for c in self.key_columns] + super().columns_used()

    def run(self, ctx: RunContext) -> list[Result]:
        table = ctx.tables[self.table]
        grouped = (
            self._exact_groups(table) if self.match == "exact" else self._fuzzy_groups(table, ctx)
        )
        return [self._result(table, ctx, grouped)]

    def _exact_groups(self, table: Table) -> tuple[pl.DataFrame, int]:
        """(members, total): one row per member of a group of two or more, and rows counted."""
        keys = self.key_columns
        parts = [pl.col(k).str.strip_chars().str.to_lowercase() for k in keys]
        # One hashable key per row; null where any part is missing (those rows are left out).
        key = parts[0] if len(parts) == 1 else pl.concat_list(parts)
        full = ~pl.any_horizontal([missing(pl.col(k)) for k in keys])
        flagged = table.frame.select(pl.when(full).then(key).alias("key"))
        # Hashing first is twice as fast as comparing strings; the few flagged rows are then
        # grouped on the real key, and a (64-bit) hash collision could only add a singleton,
        # which the size filter drops.
        flagged = flagged.with_columns(
            (pl.col("key").is_not_null() & pl.col("key").hash().is_duplicated()).alias("member"),
        )
        total = flagged.height - flagged.get_column("key").null_count()
        members = (
            flagged.with_row_index("row")
            .filter(pl.col("member"))
            .filter(pl.len().over("key") > 1)
            .with_columns(pl.col("row").min().over("key").alias("first"))
            .with_columns(pl.col("first").rank("dense").cast(pl.UInt32).alias("group"))
            .sort("group", "row")
            .select("row", "group")
        )
        return members, total

    def _fuzzy_groups(self, table: Table, ctx: RunContext) -> tuple[pl.DataFrame, int]:
        from crmhealth.checks.fuzzy import find_fuzzy_duplicates

        members = find_fuzzy_duplicates(
            table.frame.select(list(self.fields or {})),
            dict(self.fields or {}),
            region=self.region or ctx.region,
            threshold=self.threshold,
        )
        return members, table.rows

    def _result(self, table: Table, ctx: RunContext, grouped: tuple[pl.DataFrame, int]) -> Result:
        members, total = grouped
        n_groups = members.get_column("group").n_unique() if members.height else 0
        failed = members.height - n_groups
        extra = members.drop("row", "group").columns
        extra_text = ", ".join(extra)
        what = "fuzzy-matching" if self.match == "fuzzy" else "same " + "+".join(self.key_columns)
        message = (
            f"{failed} of {total} {table.name} are duplicates ({n_groups} "
            f"group{'' if n_groups == 1 else 's'} of {what} records)"
        )
        fix_rows = None
        if ctx.keep_rows and members.height:
            fix_rows = pl.concat(
                [members.select("group", *extra), table.frame.gather(members.get_column("row"))],
                how="horizontal",
            ).select(*table.frame.columns, "group", *extra)
        return Result(
            **self.base_fields(),
            column=self.key_columns[0]
            if len(self.key_columns) == 1 and self.match == "exact"
            else None,
            status=self.status_of(failed, total),
            failed=failed,
            total=total,
            message=message + (f"; export gives {extra_text}" if extra_text else ""),
            samples=self._samples(table, members, ctx),
            groups=n_groups,
            by=self.by,
            breakdown=breakdown(table.frame, self.by, *self._row_masks(table, members))
            if self.by
            else (),
            fix_rows=fix_rows,
        )

    def _row_masks(self, table: Table, members: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
        """Per-row (failed, counted): failed = a group member other than the group's first."""
        later = members.filter(pl.col("row") != pl.col("row").min().over("group"))
        failed = pl.repeat(False, table.rows, eager=True, dtype=pl.Boolean)
        failed = failed.scatter(later.get_column("row"), True)
        if self.match == "exact":
            counted = table.frame.select(
                ~pl.any_horizontal([missing(pl.col(k)) for k in self.key_columns])
            ).to_series()
        else:
            counted = pl.repeat(True, table.rows, eager=True, dtype=pl.Boolean)
        return failed, counted

    def _samples(
        self, table: Table, members: pl.DataFrame, ctx: RunContext
    ) -> tuple[GroupSample, ...]:
        """Whole groups side by side: rows, ids and the matched values (masked)."""
        firsts = members.filter(pl.col("group") <= MAX_SAMPLE_GROUPS)
        samples = []
        for (group,), rows in firsts.group_by(["group"], maintain_order=True):
            positions = rows.get_column("row").to_list()
            picked = table.frame.gather(positions)
            ids = None
            if table.id_column is not None:
                shown = picked.get_column(table.id_column).to_list()
                ids = tuple(shown if ctx.show_pii else [mask_emails_only(i) for i in shown])
            extra = {
                column: tuple(rows.get_column(column).to_list())
                for column in ("score", "reason")
                if column in rows.columns
            }
            samples.append(
                GroupSample(
                    group=int(group),
                    rows=tuple(p + 1 for p in positions),
                    ids=ids,
                    values=_masked_columns(picked, self.key_columns, ctx),
                    score=extra.get("score"),
                    reason=extra.get("reason"),
                )
            )
        return tuple(samples)


def _masked_columns(
    frame: pl.DataFrame, columns: list[str], ctx: RunContext
) -> Mapping[str, tuple[Any, ...]]:
    out = {}
    for column in columns:
        values = frame.get_column(column).to_list()
        out[column] = tuple(values if ctx.show_pii else [mask_value(v) for v in values])
    return out
