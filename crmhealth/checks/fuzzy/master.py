"""The suggested master record of each group, and what each other member has differently.

An admin merging a group keeps one record and copies what the others add.  The suggestion:
the member with the most configured fields filled in; among equally complete members the one
updated most recently (the ``updated`` field kind, a date; members without one come last);
then the first row.  ``differs`` names, for every other member, the configured columns whose
value is not the master's -- compared after trimming, NFKC, case and spacing, and phones by
their national number and extension, so a formatting difference is not a difference, while
a value the master lacks is.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from crmhealth.checks.fuzzy import normalize as nz

UPDATED = "updated"  # field kind: when the record was last changed (used for the master only)


def _comparable(column: str, kind: str) -> pl.Expr:
    e = pl.col(column).cast(pl.String)
    if kind == "phone":
        # The national number (its last 10 digits, as the matcher compares it) and extension.
        tail = nz.phone_e164(e, 1).str.slice(-10)
        return pl.when(tail.is_not_null()).then(
            pl.concat_str([tail, nz.phone_extension(e)], separator="x", ignore_nulls=True)
        )
    return nz.clean_text(e)


def _updated_key(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """Latest of the `updated` columns per row as 'YYYY-MM-DD' (sortable), null if none."""
    if not columns:
        return pl.repeat(None, frame.height, dtype=pl.String, eager=True)
    keys = []
    for column in columns:
        parts = nz.parse_dates(frame.get_column(column).cast(pl.String))
        keys.append(
            parts.select(
                nz.date_iso(pl.col("y"), pl.col("m"), pl.col("d")).alias(column)
            ).to_series()
        )
    return pl.DataFrame(keys).select(pl.max_horizontal(pl.all())).to_series()


def mark(members: pl.DataFrame, frame: pl.DataFrame, fields: Mapping[str, str]) -> pl.DataFrame:
    """`members` (row, group, ...) with ``master`` (Boolean) and ``differs`` (String: the
    differing columns, comma separated; empty for the master)."""
    compared = [c for c, k in fields.items() if k != UPDATED]
    updated = [c for c, k in fields.items() if k == UPDATED]
    if members.height == 0:
        return members.with_columns(
            pl.lit(None, dtype=pl.Boolean).alias("master"),
            pl.lit(None, dtype=pl.String).alias("differs"),
        )
    rows = members.get_column("row")
    picked = frame.select(pl.col(c) for c in compared).gather(rows)
    # Lazy, so Polars shares the sub-expressions the phone key repeats (eager: 5x slower).
    values = (
        picked.lazy()
        .select(_comparable(c, fields[c]).alias(f"v{i}") for i, c in enumerate(compared))
        .collect()
    )
    stamp = _updated_key(frame, updated).gather(rows)
    ranked = pl.concat([members, values], how="horizontal").with_columns(
        filled=pl.sum_horizontal(pl.col(f"v{i}").is_not_null() for i in range(len(compared))),
        stamp=stamp,
    )
    best = (
        ranked.sort(
            ["group", "filled", "stamp", "row"],
            descending=[False, True, True, False],
            nulls_last=True,
        )
        .group_by("group", maintain_order=True)
        .agg(pl.col("row").first().alias("master_row"))
    )
    ranked = ranked.join(best, on="group", how="left", maintain_order="left").with_columns(
        master=pl.col("row") == pl.col("master_row")
    )
    # The master's values beside every member (a join: a filtered window per group and
    # column costs seconds at 100k groups).
    masters = ranked.filter("master").select(
        "group", *(pl.col(f"v{i}").alias(f"m{i}") for i in range(len(compared)))
    )
    ranked = ranked.join(masters, on="group", how="left", maintain_order="left")
    differs = [
        pl.when(pl.col(f"v{i}").ne_missing(pl.col(f"m{i}"))).then(pl.lit(c))
        for i, c in enumerate(compared)
    ]
    return ranked.with_columns(
        differs=pl.concat_str(differs, separator=", ", ignore_nulls=True).fill_null("")
    ).select(*members.columns, "master", "differs")
