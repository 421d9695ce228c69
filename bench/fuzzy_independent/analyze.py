"""What the wrong pairs of the fuzzy check look like on the independent data.

    /work/venv/bin/python bench/fuzzy_independent/analyze.py bench/out/fuzzy_independent/3k-s0

False negatives (same entity, different predicted groups) are counted by the perturbation
tags the generator recorded for the two records (``tags.csv``) and by which fields still agree
after a crude normalisation; false positives (one predicted group, two entities) by the fields
the two records share, split into *direct* (the pair shares name or a contact field) and
*chained* ones. Sample pairs are printed side by side.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import polars as pl

SHOW = ["id", "first_name", "last_name", "email", "phone", "company"]
LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|集团有限公司|有限公司|集团|公司|incorporated|inc|llc|l\.l\.c\.|"
    r"corporation|corp|company|co|limited|ltd|plc|public limited company|gmbh|ag)\.?$"
)


def _norm(frame: pl.DataFrame) -> pl.DataFrame:
    low = lambda c: pl.col(c).fill_null("").str.to_lowercase().str.replace_all(r"\s", "")  # noqa: E731
    return frame.with_columns(
        k_name=pl.concat_str([low("last_name"), low("first_name")]),
        k_name_rev=pl.concat_str([low("first_name"), low("last_name")]),
        k_email=low("email"),
        k_phone=pl.col("phone")
        .fill_null("")
        .str.replace_all(r"(转|分机|ext\.?|x)\s*\d+$", "")
        .str.replace_all(r"\D", "")
        .str.slice(-8),
        k_company=pl.col("company")
        .fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{Han}a-z0-9]", ""),
    )


def _shared(a: dict, b: dict) -> str:
    out = []
    if a["k_name"] and (a["k_name"] == b["k_name"] or a["k_name"] == b["k_name_rev"]):
        out.append("name")
    for k in ("email", "phone"):
        if a["k_" + k] and a["k_" + k] == b["k_" + k]:
            out.append(k)
    ca, cb = a["k_company"], b["k_company"]
    if ca and cb:
        ca2, cb2 = LEGAL.sub("", ca), LEGAL.sub("", cb)
        if ca == cb or ca2 == cb2 or (min(len(ca2), len(cb2)) >= 3 and (ca2 in cb2 or cb2 in ca2)):
            out.append("company~")
    return "+".join(out) or "nothing"


def _local(email: str) -> str:
    return re.sub(r"[^a-z0-9]", "", email.split("@")[0]) if "@" in email else ""


def kinds(fn: list, fp: list) -> list[str]:
    """Overlapping counts of the error kinds discussed in the README."""
    k: Counter[str] = Counter()
    for a, b in fn:
        t = set(a["tags"].split()) | set(b["tags"].split())
        sh = _shared(a, b)
        k["FN an English alias on one side"] += "alias" in t
        k["FN same e-mail, no alias"] += "email" in sh and "alias" not in t
        k["FN same mobile, no alias"] += "phone" in sh and "alias" not in t and "switch" not in t
        k["FN homophone / traditional"] += bool(t & {"homophone", "traditional"})
        k["FN pinyin vs characters"] += "pinyin" in t
        k["FN first/last swapped"] += "swapped" in t
        k["FN only name + company agree"] += sh == "name+company~"
    for a, b in fp:
        sh = _shared(a, b)
        same_co = "company~" in sh
        k["FP same company"] += same_co
        k["FP same company and name"] += same_co and "name" in sh
        k["FP same company and phone (switchboard)"] += same_co and "phone" in sh
        k["FP same name, other/unknown company"] += not same_co and "name" in sh
        la, lb = _local(a["k_email"]), _local(b["k_email"])
        k["FP   ...and e-mail local parts equal but for punctuation"] += (
            not same_co and "name" in sh and la != "" and la == lb
        )
        k["FP nothing shared (chained through a third record)"] += sh == "nothing"
    return ["error kinds (overlapping):"] + [f"  {v:>7,}  {name}" for name, v in k.items()]


def report(data_dir: Path, samples: int = 5, seed: int = 0) -> str:
    data_dir = Path(data_dir)
    contacts = pl.read_csv(data_dir / "contacts.csv", infer_schema=False)
    tags = pl.read_csv(data_dir / "tags.csv", infer_schema=False)
    pred = pl.read_csv(
        data_dir / "out" / "people.csv", infer_schema=False, columns=["id", "group", "reason"]
    )
    frame = _norm(contacts.join(tags, on="id").join(pred, on="id", how="left"))
    rows = {r["id"]: r for r in frame.iter_rows(named=True)}
    lines: list[str] = []

    # false negatives: pairs inside one entity not inside one group
    fn = []
    for ids in frame.group_by("entity_id").agg("id")["id"].to_list():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = rows[ids[i]], rows[ids[j]]
                if a["group"] is None or a["group"] != b["group"]:
                    fn.append((a, b))
    # false positives: pairs inside one group from different entities
    fp = []
    for ids in (
        frame.filter(pl.col("group").is_not_null()).group_by("group").agg("id")["id"].to_list()
    ):
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = rows[ids[i]], rows[ids[j]]
                if a["entity_id"] != b["entity_id"]:
                    fp.append((a, b))

    lines += kinds(fn, fp)
    rng = __import__("random").Random(seed)

    def side(r: dict) -> str:
        return " | ".join(str(r[c] or "") for c in SHOW) + f"  [{r['entity_id']} {r['tags']}]"

    for title, pairs in (("false negatives", fn), ("false positives", fp)):
        lines.append(f"{title}: {len(pairs):,} pairs")
        by_shared = Counter(_shared(a, b) for a, b in pairs)
        lines.append(
            "  fields still agreeing: " + ", ".join(f"{k} {v}" for k, v in by_shared.most_common(8))
        )
        if title == "false negatives":
            tag_count: Counter[str] = Counter()
            for a, b in pairs:
                tag_count.update(set(a["tags"].split()) | set(b["tags"].split()))
            lines.append(
                "  tags on either record: "
                + ", ".join(f"{k} {v}" for k, v in tag_count.most_common(14))
            )
        for a, b in rng.sample(pairs, min(samples, len(pairs))):
            lines.append("    a: " + side(a))
            lines.append("    b: " + side(b))
            lines.append(f"       shared: {_shared(a, b)}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description="false negatives / positives of the fuzzy check")
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--samples", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(report(args.data_dir, args.samples, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
