"""Term-frequency adjustment of the partial name level (one part missing, or an initial).

A pair at that level agrees on a *pattern*: the shorter name ('Mary' against 'Mary Reyes',
秋德 against 王秋德) or the name with an initial ('c chen' against 'carol chen').  How much
that says depends on how many other records fit the pattern: 'wang' fits a tenth of a Chinese
table, 'qiu de' a handful of records.  So, as for full-name agreements, the level's weight is
shifted by log2(average / frequency), where

* a pattern's frequency is the share of the *other* named records that fit it (contain all
  its parts; or equal it with one part reduced to an initial), never below one record -- the
  pair's other member fits by definition, also where it has a typo besides the initial;
* the average is the frequency of the patterns matches produce: over every record, each of
  its names with parts left out (or one part reduced to an initial), as a record missing
  those parts or written with that initial would show it.

Keys are counted with one group-by over records x patterns (names of up to
:data:`MAX_PARTS` parts; longer names only fit themselves), no Python loop over rows.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy.features import NAME

MAX_PARTS = 4  # names with more parts get no sub-patterns (at most 14 per record at 4)


def _key(tokens: pl.Expr) -> pl.Expr:
    return tokens.list.sort().list.join(" ")


def _patterns(tok: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sub, ini): rows (rec, key) of each record's name with parts left out, and with one
    part reduced to its initial; neither includes the record's own full name."""
    frame = (
        pl.DataFrame({"tok": tok})
        .with_row_index("rec")
        .with_columns(n=pl.col("tok").list.len().fill_null(0))
    )
    sub: list[pl.DataFrame] = []
    ini: list[pl.DataFrame] = []
    for k in range(2, MAX_PARTS + 1):
        rows = frame.filter(pl.col("n") == k)
        if rows.height == 0:
            continue
        for size in range(1, k):
            for keep in combinations(range(k), size):
                sub.append(
                    rows.select("rec", _key(pl.col("tok").list.gather(list(keep))).alias("key"))
                )
        for i in range(k):
            part = pl.col("tok").list.get(i)
            ini.append(
                rows.filter(part.str.len_chars() > 1).select(
                    "rec",
                    _key(
                        pl.concat_list(
                            pl.col("tok").list.gather([j for j in range(k) if j != i]),
                            part.str.slice(0, 1),
                        )
                    ).alias("key"),
                )
            )
    empty = pl.DataFrame(schema={"rec": pl.UInt32, "key": pl.String})
    return (
        pl.concat([empty, *sub]).unique() if sub else empty,
        pl.concat([empty, *ini]).unique() if ini else empty,
    )


def partial_name_frequency(feat: pl.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair (a[i], b[i]), assumed at the partial name level: the frequency of the pattern
    the two names agree on, divided by the average frequency of such patterns (so
    log2(1 / value) is the weight shift).  NaN where no pattern applies (no names)."""
    tok = feat[f"{NAME}__tok"]
    canon = feat[f"{NAME}__canon"]
    named = int(canon.is_not_null().sum())
    out = np.full(len(a), np.nan)
    if len(a) == 0 or named < 2:
        return out
    sub, ini = _patterns(tok)
    own = pl.DataFrame({"key": canon}).with_row_index("rec").drop_nulls()
    counts = [
        pl.concat([own, table]).unique().group_by("key").agg(pl.len().alias("c"))
        for table in (sub, ini)
    ]

    def share(c: pl.Expr) -> pl.Expr:
        # Leave the pattern's own record out; the pair's other member always fits.
        return (pl.max_horizontal(c.cast(pl.Int64) - 1, pl.lit(1)) / (named - 1)).cast(pl.Float64)

    bases = [
        float(table.join(cnt, on="key", how="left").select(share(pl.col("c")).mean()).item() or 0.0)
        if table.height
        else 1.0 / (named - 1)
        for table, cnt in zip((sub, ini), counts, strict=True)
    ]
    lens = tok.list.len().fill_null(0).to_numpy()
    singles = tok.list.eval(pl.element().str.len_chars() == 1).list.sum().fill_null(0).to_numpy()
    la, lb = lens[a], lens[b]
    # The pattern is the shorter name, or the one written with (more) initials.
    short = np.where(la != lb, np.where(la < lb, a, b), np.where(singles[a] >= singles[b], a, b))
    kind = (la == lb).astype(np.int8)  # 0: a part missing, 1: an initial
    pairs = pl.DataFrame({"key": canon.gather(short), "kind": kind})
    rel = np.full(len(a), np.nan)
    for k, (cnt, base) in enumerate(zip(counts, bases, strict=True)):
        at = kind == k
        if not at.any():
            continue
        f = (
            pairs.filter(pl.Series(at))
            .join(cnt, on="key", how="left", maintain_order="left")
            .select(share(pl.col("c").fill_null(0)))
            .to_series()
            .to_numpy()
        )
        rel[at] = f / max(base, 1e-12)
    out[:] = rel
    return out
