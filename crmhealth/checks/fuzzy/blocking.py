"""Candidate pairs from several blocking rules.

A pair is a candidate if it agrees exactly on *all* features of at least one rule.  Using
many rules means one missing or mistyped field hides no pair; capping the block size keeps
the pair count near-linear (a block of 5,000 王伟 says nothing and would cost 12.5M pairs, so
such blocks are skipped -- another rule that adds the company or phone finds those pairs).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

DEFAULT_MAX_BLOCK = 60


def candidate_pairs(
    feat: pl.DataFrame, rules: Sequence[tuple[str, ...]], max_block: int = DEFAULT_MAX_BLOCK
) -> tuple[np.ndarray, np.ndarray]:
    """Unique (left, right) row pairs with left < right, as two int64 arrays, sorted."""
    a, b, _ = candidate_pairs_by_rule(feat, rules, max_block)
    return a, b


def candidate_pairs_by_rule(
    feat: pl.DataFrame, rules: Sequence[tuple[str, ...]], max_block: int = DEFAULT_MAX_BLOCK
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`candidate_pairs`, with the index of the first rule (in `rules` order) that
    finds each pair: what each rule adds beyond the rules before it."""
    n = feat.height
    codes: list[pl.DataFrame] = []
    for i, rule in enumerate(rules):
        sub = (
            feat.lazy()
            .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), *rule)
            .drop_nulls()
            .select("row", pl.struct(*rule).hash(seed=7).alias("k"))
            .filter(pl.len().over("k").is_between(2, max_block))
        )
        pairs = (
            sub.join(sub, on="k", suffix="_r")
            .filter(pl.col("row") < pl.col("row_r"))
            .select(
                (pl.col("row").cast(pl.UInt64) * n + pl.col("row_r").cast(pl.UInt64)).alias("c"),
                pl.lit(i, dtype=pl.UInt16).alias("rule"),
            )
            .collect()
        )
        codes.append(pairs)
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    found = pl.concat(codes).group_by("c").agg(pl.col("rule").min()).sort("c")
    allc = found["c"].to_numpy().astype(np.int64)
    return allc // n, allc % n, found["rule"].to_numpy().astype(np.int64)


def random_pairs(n: int, size: int, seed: int = 1234) -> tuple[np.ndarray, np.ndarray]:
    """`size` random distinct-row pairs (left < right), for estimating u probabilities."""
    rng = np.random.default_rng(seed)
    total = n * (n - 1) // 2
    if total <= size:
        left, right = np.triu_indices(n, k=1)
        return left.astype(np.int64), right.astype(np.int64)
    a = rng.integers(0, n, size=size * 2)
    b = rng.integers(0, n, size=size * 2)
    keep = a != b
    a, b = a[keep][:size], b[keep][:size]
    return np.minimum(a, b), np.maximum(a, b)
