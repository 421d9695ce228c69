"""Human-readable reasons for a matched pair, e.g. "same phone; name = pinyin/nickname/spelling
match"."""

from __future__ import annotations

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy.compare import LevelSpec
from crmhealth.checks.fuzzy.features import Comparison


def reasons(
    comparisons: list[Comparison],
    specs: list[LevelSpec],
    levels: list[np.ndarray],
    parts: list[np.ndarray],
) -> pl.Series:
    """One reason string per pair: the agreeing evidence first (in field order), then the
    disagreements it outweighed.  Missing values are not mentioned."""
    cols: dict[str, np.ndarray] = {}
    pos: list[pl.Expr] = []
    neg: list[pl.Expr] = []
    for j, (c, spec, lv, contrib) in enumerate(zip(comparisons, specs, levels, parts, strict=True)):
        cols[f"l{j}"] = lv.astype(np.int16)
        cols[f"c{j}"] = contrib
        text = [t.format(f=c.label) for t in spec.labels]
        label = pl.col(f"l{j}").replace_strict(
            list(range(len(text))), text, default=None, return_dtype=pl.String
        )
        pos.append(pl.when(pl.col(f"c{j}") > 0).then(label))
        neg.append(pl.when(pl.col(f"c{j}") <= 0).then(label))
    if not cols:
        return pl.Series("reason", [], dtype=pl.String)
    return (
        pl.DataFrame(cols)
        .select(pl.concat_str(pos + neg, separator="; ", ignore_nulls=True).alias("reason"))
        .to_series()
    )
