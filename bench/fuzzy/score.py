"""Pairwise precision / recall / F1 of a predicted record grouping against the truth.

A *pair* is two records. Predicted pairs are the pairs inside one predicted group, true pairs
the pairs inside one true entity. With ``n`` the number of records in a cell::

    TP             = sum over (group, entity) cells of C(n, 2)
    predicted      = sum over groups of C(n, 2)
    true           = sum over entities of C(n, 2)
    precision      = TP / predicted      (1.0 when nothing is predicted)
    recall         = TP / true           (1.0 when there is nothing to find)
    F1             = harmonic mean of the two

Records missing from the prediction are singletons. Everything is a polars group-by, so it runs
on millions of records in a fraction of a second.

CLI::

    python bench/fuzzy/score.py --truth contacts.csv --pred export/people.csv
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polars as pl


@dataclass(frozen=True)
class PairScores:
    """Pair counts and the metrics derived from them."""

    records: int
    predicted_pairs: int
    true_pairs: int
    true_positives: int

    @property
    def false_positives(self) -> int:
        return self.predicted_pairs - self.true_positives

    @property
    def false_negatives(self) -> int:
        return self.true_pairs - self.true_positives

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Counts and metrics as a flat JSON-friendly dict."""
        return {
            **asdict(self),
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }

    def __str__(self) -> str:
        return (
            f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"(TP {self.true_positives:,}  FP {self.false_positives:,}  "
            f"FN {self.false_negatives:,}; {self.records:,} records)"
        )


def _pairs(col: str) -> pl.Expr:
    n = pl.col(col).cast(pl.Int64)
    return (n * (n - 1) // 2).sum()


def _as_frame(data: pl.DataFrame | Mapping[Any, Any], key: str, value: str) -> pl.DataFrame:
    if isinstance(data, pl.DataFrame):
        return data.select(pl.col(key).cast(pl.String), pl.col(value).cast(pl.String))
    return pl.DataFrame(
        {
            key: [str(k) for k in data],
            value: [None if v is None else str(v) for v in data.values()],
        },
        schema={key: pl.String, value: pl.String},
    )


def pairwise_scores(
    predicted: pl.DataFrame | Mapping[Any, Any],
    truth: pl.DataFrame | Mapping[Any, Any],
    *,
    id_col: str = "id",
    group_col: str = "group",
    entity_col: str = "entity_id",
    strict: bool = True,
) -> PairScores:
    """Score a predicted grouping against the true entities.

    Args:
        predicted: frame with ``id_col`` and ``group_col`` (or a mapping record id -> group).
            Records absent from it, or with a null group, are singletons.
        truth: frame with ``id_col`` and ``entity_col`` (or a mapping record id -> entity),
            covering every record of the data set.
        strict: raise if a predicted id is not in the truth or appears twice; otherwise such
            rows are ignored (only the first occurrence of an id counts).
    """
    t = _as_frame(truth, id_col, entity_col).rename({id_col: "id", entity_col: "entity"})
    p = _as_frame(predicted, id_col, group_col).rename({id_col: "id", group_col: "group"})
    p = p.filter(pl.col("group").is_not_null())
    if t["id"].is_duplicated().any():
        raise ValueError("truth has duplicate record ids")
    if strict:
        if p["id"].is_duplicated().any():
            raise ValueError("prediction lists a record id more than once")
        unknown = p.join(t, on="id", how="anti")
        if unknown.height:
            raise ValueError(
                f"{unknown.height} predicted ids are not in the truth, e.g. {unknown['id'][0]!r}"
            )
    else:
        p = p.unique("id", keep="first", maintain_order=True)
    joined = t.join(p, on="id", how="left")
    true_pairs = joined.group_by("entity").len().select(_pairs("len")).item()
    in_groups = joined.filter(pl.col("group").is_not_null())
    predicted_pairs = in_groups.group_by("group").len().select(_pairs("len")).item()
    tp = in_groups.group_by("group", "entity").len().select(_pairs("len")).item()
    return PairScores(
        records=t.height,
        predicted_pairs=int(predicted_pairs or 0),
        true_pairs=int(true_pairs or 0),
        true_positives=int(tp or 0),
    )


def read_table(path: str | Path) -> pl.DataFrame:
    """Read a CSV with every column as a string (ids like 007 must stay as written)."""
    return pl.read_csv(path, infer_schema=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description="Pairwise P/R/F1 of a record grouping.")
    ap.add_argument("--truth", required=True, help="CSV with record id and true entity columns")
    ap.add_argument("--pred", required=True, help="CSV with record id and predicted group")
    ap.add_argument("--id-col", default="id")
    ap.add_argument("--group-col", default="group")
    ap.add_argument("--entity-col", default="entity_id")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    truth = read_table(args.truth)
    pred = read_table(args.pred)
    for frame, cols, name in (
        (truth, (args.id_col, args.entity_col), "truth"),
        (pred, (args.id_col, args.group_col), "pred"),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            print(f"{name}: missing column(s) {missing}; have {frame.columns}", file=sys.stderr)
            return 2
    scores = pairwise_scores(
        pred, truth, id_col=args.id_col, group_col=args.group_col, entity_col=args.entity_col
    )
    print(json.dumps(scores.as_dict(), indent=2) if args.json else scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
