"""Duplicates: is each customer in the CRM once?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Literal

import polars as pl
from pydantic import field_validator, model_validator

from crmhealth.checks.base import CheckSpec, ColumnUse, Dimension, RunContext
from crmhealth.checks.common import first_repeated, hidden_name, missing
from crmhealth.checks.plan import (
    Aggregate,
    CheckPlan,
    Figures,
    Finish,
    FixRows,
    LocalStep,
    Lookups,
    RowMeasure,
    measures_of,
)
from crmhealth.checks.sql import evaluate_mask, referenced
from crmhealth.masking import mask_emails_only, mask_value
from crmhealth.results import GroupSample, Result

MAX_SAMPLE_GROUPS = 5


class DuplicatesCheck(CheckSpec):
    """Each record must be in the CRM once.

    ``match: exact`` (the default) groups rows on ``keys``, each key part trimmed and
    lower-cased; rows with any key part missing are left out (a composite key such as
    ``keys: [account, region]`` needs every part). total = rows with a full key;
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

    def plan(self, ctx: RunContext) -> CheckPlan:
        if self.match == "exact":
            return self._exact_plan(ctx)
        return self._fuzzy_plan(ctx)

    def _message(self, failed: int, total: int, n_groups: int) -> str:
        what = "fuzzy-matching" if self.match == "fuzzy" else "same " + "+".join(self.key_columns)
        message = (
            f"{failed} of {total} {self.table} are duplicates ({n_groups} "
            f"group{'' if n_groups == 1 else 's'} of {what} records)"
        )
        return message + (
            "; export gives group, score, master, differs" if self.match == "fuzzy" else ""
        )

    def _exact_plan(self, ctx: RunContext) -> CheckPlan:
        keys = self.key_columns
        parts = [pl.col(k).str.strip_chars().str.to_lowercase() for k in keys]
        # One comparable key per row; null where any part is missing (those rows are left out).
        full = ~pl.any_horizontal([missing(pl.col(k)) for k in keys])
        if (scope := self.in_scope()) is not None:  # rows outside `where:` are in no group
            full = full & scope
        key = pl.when(full).then(parts[0] if len(parts) == 1 else pl.concat_list(parts))
        # Rows are compared by a 64-bit hash of the key first (twice as fast as comparing
        # strings); the members of each group are then grouped on the real key, so a hash
        # collision could only add a candidate that the exact grouping drops again.
        hashed = key.hash()
        later_name = hidden_name(self.check_id, "later")
        candidate_name = hidden_name(self.check_id, "candidate")
        flags = [  # computed once, in the check's own frame (one hash per row)
            (full & ~hashed.is_first_distinct()).alias(later_name),
            (full & hashed.is_duplicated()).alias(candidate_name),
        ]
        same = "same " + "+".join(keys)
        measure = RowMeasure(
            key="rows",
            column=keys[0] if len(keys) == 1 else None,
            failed=pl.col(later_name),
            counted=full,
            reason=pl.lit(f"duplicate ({same} as an earlier row)"),
            message=lambda failed, total: "",
            samples=False,
        )
        id_column = ctx.id_columns.get(self.table)
        shown = [c for c in dict.fromkeys([*([id_column] if id_column else []), *keys])]

        def members(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            """Every member of every group: row, group (numbered by first row) and values."""
            return (
                lf.with_row_index("row")
                .filter(pl.col(candidate_name))
                .select(pl.col("row").cast(pl.UInt32), key.alias("key"), *shown)
                .filter(pl.len().over("key") > 1)
                .with_columns(pl.col("row").min().over("key").alias("first"))
                .with_columns(pl.col("first").rank("dense").cast(pl.UInt32).alias("group"))
                .sort("group", "row")
                .select("row", "group", *shown)
            )

        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            aggregates={"members": Aggregate(self.table, members)},
            prepare=lambda _lookups: flags,
            finish=lambda measures: self._finish(measures, ctx),
            fix_rows=self._fix_rows,
        )

    def _fuzzy_plan(self, ctx: RunContext) -> CheckPlan:
        from crmhealth.checks.fuzzy import find_fuzzy_duplicates

        fields = dict(self.fields or {})
        region = self.region or ctx.region
        names = {part: hidden_name(self.check_id, part) for part in FUZZY_OUTPUTS}

        def compute(frame: pl.DataFrame) -> pl.DataFrame:
            data = frame.select(list(fields))
            if self.where is not None:  # match only the rows `where:` selects
                keep = evaluate_mask(frame, self.where, self.date_columns, ctx.as_of)
                data, kept = data.filter(keep), keep.arg_true().cast(pl.UInt32)
            found = find_fuzzy_duplicates(data, fields, region=region, threshold=self.threshold)
            if self.where is not None:
                found = found.with_columns(kept.gather(found.get_column("row")).alias("row"))
            per_row = pl.DataFrame({"row": pl.int_range(frame.height, dtype=pl.UInt32, eager=True)})
            extra = [c for c in FUZZY_OUTPUTS if c in found.columns]
            joined = per_row.join(found.select("row", *extra), on="row", how="left")
            return joined.select(
                *(
                    (pl.col(part) if part in extra else pl.lit(None)).alias(names[part])
                    for part in FUZZY_OUTPUTS
                )
            )

        group = pl.col(names["group"])
        step = LocalStep(
            table=self.table,
            inputs=tuple(dict.fromkeys([*fields, *(referenced(self.where) if self.where else [])])),
            outputs=tuple(names.values()),
            compute=compute,
            runs="python",
            why="fuzzy matching compares candidate pairs with rapidfuzz and clusters them",
        )
        measure = RowMeasure(
            key="rows",
            column=None,
            failed=group.is_not_null() & ~group.is_first_distinct(),
            reason=pl.col(names["reason"]),
            message=lambda failed, total: "",
            samples=False,
        )
        id_column = ctx.id_columns.get(self.table)
        shown = [c for c in dict.fromkeys([*([id_column] if id_column else []), *fields])]

        def members(lf: pl.LazyFrame, _lookups: Lookups) -> pl.LazyFrame:
            return (
                lf.with_row_index("row")
                .filter(group.is_not_null())
                .select(
                    "row",
                    group.cast(pl.UInt32).alias("group"),
                    *(pl.col(names[p]).alias(p) for p in FUZZY_OUTPUTS if p != "group"),
                    *shown,
                )
                .sort("group", "row")
            )

        return CheckPlan(
            table=self.table,
            measures=measures_of(measure),
            local_steps=[step],
            aggregates={"members": Aggregate(self.table, members)},
            finish=lambda measures: self._finish(measures, ctx),
            fix_rows=self._fix_rows,
        )

    def _finish(self, measures: Sequence[RowMeasure], ctx: RunContext) -> Finish:
        def finish(figures: Figures) -> list[Result]:
            members = figures.aggregates["members"]
            got = figures.measures["rows"]
            n_groups = members.get_column("group").n_unique() if members.height else 0
            failed = members.height - n_groups
            return [
                Result(
                    **self.base_fields(),
                    column=self.key_columns[0]
                    if len(self.key_columns) == 1 and self.match == "exact"
                    else None,
                    status=self.status_of(failed, got.total),
                    failed=failed,
                    total=got.total,
                    message=self._message(failed, got.total, n_groups),
                    samples=self._samples(members, figures),
                    groups=n_groups,
                    by=self.by,
                    breakdown=got.breakdown,
                )
            ]

        return finish

    def _samples(self, members: pl.DataFrame, figures: Figures) -> tuple[GroupSample, ...]:
        """Whole groups side by side: rows, ids and the matched values (masked)."""
        firsts = members.filter(pl.col("group") <= MAX_SAMPLE_GROUPS)
        id_column = figures.id_column
        samples = []
        for (group,), rows in firsts.group_by(["group"], maintain_order=True):
            ids = None
            if id_column is not None and id_column in rows.columns:
                shown = rows.get_column(id_column).to_list()
                ids = tuple(shown if figures.show_pii else [mask_emails_only(i) for i in shown])
            values = {
                column: tuple(
                    v if figures.show_pii else mask_value(v)
                    for v in rows.get_column(column).to_list()
                )
                for column in self.key_columns
            }
            samples.append(
                GroupSample(
                    group=int(group),
                    rows=tuple(p + 1 for p in rows.get_column("row").to_list()),
                    ids=ids,
                    values=values,
                    score=tuple(rows.get_column("score").to_list())
                    if "score" in rows.columns
                    else None,
                    reason=tuple(rows.get_column("reason").to_list())
                    if "reason" in rows.columns
                    else None,
                )
            )
        return tuple(samples)

    def _fix_rows(self, figures: Figures, _failing: Mapping[str, pl.DataFrame]) -> FixRows:
        """Every member of every group with its ``group`` (fuzzy: also ``score``), and a
        reason naming the group's first row."""
        members = figures.aggregates["members"]
        first = pl.col("row").min().over("group") + 1
        same = "same " + "+".join(self.key_columns)
        if self.match == "exact":
            reason = (
                pl.when(pl.col("row") + 1 == first)
                .then(pl.format("first of {} records with the " + same, pl.len().over("group")))
                .otherwise(pl.format("duplicate of row {} (" + same + ")", first))
            )
        else:
            reason = pl.col("reason")
        extra = [c for c in ("score", "master", "differs") if c in members.columns]
        rows = members.select("row", reason.alias("reason"), "group", *extra)
        return FixRows(table=self.table, rows=rows)


FUZZY_OUTPUTS = ("group", "score", "reason", "master", "differs")
