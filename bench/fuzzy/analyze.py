"""Where a matcher goes wrong: false-positive and false-negative pairs, by what the pair shares.

After ``run.py`` has produced ``<out>/<size>/export-<engine>/people.csv``::

    python bench/fuzzy/analyze.py bench/out/fuzzy/176k            # engine cli
    python bench/fuzzy/analyze.py bench/out/fuzzy/5k --engine api --samples 20

For every wrong pair it notes which of name / e-mail / phone / company agree after a crude
normalisation (names: lower-case, no spaces, either order; e-mail: trimmed, lower-case; the
same e-mail user name at another provider; phone: last 8 digits; company: lower-case,
alphanumerics and Han only), counts the combinations and prints sample pairs side by side.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl

if __package__ in (None, ""):  # executed as a script: make `bench.fuzzy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SHOW = ["id", "first_name", "last_name", "email", "phone", "company", "entity_id"]


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    def clean(c: str) -> pl.Expr:
        return pl.col(c).str.to_lowercase().str.replace_all(r"\s", "")

    f, last = clean("first_name"), clean("last_name")
    return frame.with_columns(
        k_name=pl.concat_str([last, f]),
        k_name_rev=pl.concat_str([f, last]),
        k_email=pl.col("email").str.strip_chars().str.to_lowercase(),
        k_handle=pl.col("email")
        .str.to_lowercase()
        .str.replace_all(r"\s", "")
        .str.extract(r"^([^@+]{3,})[^@]*@", 1),
        k_phone=pl.col("phone").str.replace_all(r"\D", "").str.slice(-8),
        k_company=pl.col("company").str.to_lowercase().str.replace_all(r"[^\p{Han}a-z0-9]", ""),
    )


def _pairs(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """All unordered record pairs inside each ``by`` group (columns suffixed _a / _b)."""
    a = frame.rename({c: c + "_a" for c in frame.columns if c != by})
    b = frame.rename({c: c + "_b" for c in frame.columns if c != by})
    return a.join(b, on=by).filter(pl.col("row_a") < pl.col("row_b"))


def _agreement(pairs: pl.DataFrame) -> pl.DataFrame:
    def same(k: str) -> pl.Expr:
        return (pl.col(k + "_a") == pl.col(k + "_b")) & (pl.col(k + "_a") != "")

    name = same("k_name") | (
        (pl.col("k_name_a") == pl.col("k_name_rev_b")) & (pl.col("k_name_a") != "")
    )
    parts = [
        pl.when(name).then(pl.lit("name")),
        pl.when(same("k_email")).then(pl.lit("email")),
        # the same user name at another provider: wang.wei53@163.com / wang.wei53@qq.com
        pl.when(~same("k_email") & same("k_handle")).then(
            pl.lit("same handle at another provider")
        ),
        pl.when(same("k_phone")).then(pl.lit("phone")),
        pl.when(same("k_company")).then(pl.lit("company")),
    ]
    sig = pl.concat_str(parts, separator="+", ignore_nulls=True)
    return pairs.with_columns(shared=pl.when(sig == "").then(pl.lit("nothing")).otherwise(sig))


def analyze(data_dir: Path, engine: str = "cli", samples: int = 8, seed: int = 0) -> str:
    """Text report of the wrong pairs of ``engine`` on the data set in ``data_dir``."""
    contacts = pl.read_csv(data_dir / "contacts.csv", infer_schema=False).with_row_index("row")
    export_csv = data_dir / f"export-{engine}" / "people.csv"
    if export_csv.exists():
        pred = pl.read_csv(export_csv, infer_schema=False, columns=["id", "group"])
    else:
        pred = pl.DataFrame(schema={"id": pl.String, "group": pl.String})
    frame = _keys(contacts.join(pred, on="id", how="left"))
    cols = [
        "row", *SHOW, "group", "k_name", "k_name_rev", "k_email", "k_handle", "k_phone",
        "k_company",
    ]  # fmt: skip
    in_groups = frame.filter(pl.col("group").is_not_null()).select(cols)
    fp = _agreement(
        _pairs(in_groups, "group").filter(pl.col("entity_id_a") != pl.col("entity_id_b"))
    )
    same_entity = _pairs(frame.select(cols).rename({"entity_id": "entity"}), "entity")
    fn = _agreement(
        same_entity.filter(
            pl.col("group_a").is_null()
            | pl.col("group_b").is_null()
            | (pl.col("group_a") != pl.col("group_b"))
        ).rename({"entity": "entity_id_a"})
    )
    lines: list[str] = []
    for title, wrong in (("false positives", fp), ("false negatives", fn)):
        lines.append(f"{title}: {wrong.height:,} pairs; what the two records share:")
        counts = wrong.group_by("shared").len().sort("len", descending=True)
        for shared, n in counts.iter_rows():
            lines.append(f"  {n:>9,}  {n / max(wrong.height, 1):6.1%}  {shared}")
        if wrong.height and samples:
            lines.append(f"  samples ({min(samples, wrong.height)}):")
            pick = wrong.sample(min(samples, wrong.height), seed=seed)
            for r in pick.iter_rows(named=True):
                for s in ("a", "b"):
                    vals = [str(r.get(f"{c}_{s}") or "") for c in SHOW if c != "entity_id"]
                    ent = r.get(f"entity_id_{s}") or r.get("entity_id_a")
                    lines.append(f"    {s}: " + " | ".join(vals) + f"  [{ent}]")
                lines.append(f"       shared: {r['shared']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description="False positives / negatives by shared fields.")
    ap.add_argument("data_dir", type=Path, help="e.g. bench/out/fuzzy/176k")
    ap.add_argument("--engine", default="cli", help="which export-<engine> to read")
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(analyze(args.data_dir, args.engine, args.samples, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
