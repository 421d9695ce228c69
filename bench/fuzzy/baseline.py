"""Exact-key baselines with the same interface as ``crmhealth.checks.fuzzy.find_fuzzy_duplicates``.

``exact_email_or_phone(frame, fields, region=None, threshold=None)`` links two records when their
normalised e-mail (trimmed, lower-cased) or phone (digits only) are equal, and returns the
connected components as a frame with columns ``row`` (0-based row index), ``group``, ``score``
and ``reason`` — only rows that are in a group of two or more. It is the "what a spreadsheet
would do" baseline printed next to the fuzzy engine's scores, and the stand-in matcher used to
test the benchmark harness before the engine exists.

``exact_keys`` does the same for arbitrary columns (FEBRL's ``soc_sec_id``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

EMAIL_KINDS = frozenset({"email"})
PHONE_KINDS = frozenset({"phone"})


def normalise_email(e: pl.Expr) -> pl.Expr:
    """Trimmed, lower-cased e-mail; empty -> null."""
    out = e.cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(out == "").then(None).otherwise(out)


def normalise_phone(e: pl.Expr) -> pl.Expr:
    """Digits only; empty -> null."""
    out = e.cast(pl.String).str.replace_all(r"\D", "")
    return pl.when(out == "").then(None).otherwise(out)


def normalise_exact(e: pl.Expr) -> pl.Expr:
    """Trimmed string; empty -> null."""
    out = e.cast(pl.String).str.strip_chars()
    return pl.when(out == "").then(None).otherwise(out)


def component_labels(keys: pl.DataFrame) -> np.ndarray:
    """Connected components of rows linked by equal non-null values in any column of ``keys``.

    Returns, per row, the smallest row index of its component. Min-label propagation over each
    key's groups plus pointer jumping; converges in a handful of vectorised passes.
    """
    n = keys.height
    label = np.arange(n, dtype=np.int64)
    cols = keys.columns
    while True:
        df = keys.with_columns(_lab=pl.Series(label))
        new = label
        for c in cols:
            m = df.select(
                pl.when(pl.col(c).is_not_null())
                .then(pl.col("_lab").min().over(c))
                .otherwise(pl.col("_lab"))
            )[:, 0].to_numpy()
            new = np.minimum(new, m)
        for _ in range(4):  # pointer jumping: follow labels to their own labels
            new = np.minimum(new, new[new])
        if np.array_equal(new, label):
            return label
        label = new


def groups_from_keys(keys: pl.DataFrame, reason: str) -> pl.DataFrame:
    """Components of size >= 2 as a ``row, group, score, reason`` frame."""
    label = component_labels(keys)
    out = pl.DataFrame({"row": np.arange(keys.height, dtype=np.int64), "group": label})
    out = out.filter(pl.len().over("group") > 1)
    return out.with_columns(score=pl.lit(1.0), reason=pl.lit(reason))


def exact_email_or_phone(
    frame: pl.DataFrame,
    fields: Mapping[str, str],
    region: str | None = None,
    threshold: float | None = None,
    **_: Any,
) -> pl.DataFrame:
    """Group records sharing a normalised e-mail or phone (columns chosen by ``fields`` kinds)."""
    del region, threshold  # same signature as the fuzzy engine; unused here
    exprs = [normalise_email(pl.col(c)).alias(c) for c, k in fields.items() if k in EMAIL_KINDS] + [
        normalise_phone(pl.col(c)).alias(c) for c, k in fields.items() if k in PHONE_KINDS
    ]
    if not exprs:
        raise ValueError("fields has no email or phone column")
    return groups_from_keys(frame.select(exprs), "exact email or phone")


def exact_keys(
    frame: pl.DataFrame, columns: Sequence[str], reason: str | None = None
) -> pl.DataFrame:
    """Group records sharing the trimmed value of any of ``columns``."""
    keys = frame.select([normalise_exact(pl.col(c)).alias(c) for c in columns])
    return groups_from_keys(keys, reason or "exact " + " or ".join(columns))
