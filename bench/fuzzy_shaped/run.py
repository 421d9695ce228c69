"""Generate the shaped data sets, run ``crmhealth audit`` fuzzy duplicates on each, score it.

For each data set: write ``rules.yaml``, run the audit under ``/usr/bin/time -v`` (wall time
and peak RSS), read ``out/people.csv`` (``record_id``, ``group``), score pairwise P/R/F1
against ``entity_id``, and score a baseline (exact e-mail *or* phone: e-mail lower-cased and
trimmed, phone digits only, last 10, extension removed, transitively closed).

Everything goes to ``bench/out/fuzzy_shaped/`` (git-ignored). ``results.json`` and
``results.md`` there hold the figures; ``diagnostics.txt`` examples of misses.

Usage::

    /work/venv/bin/python bench/fuzzy_shaped/run.py              # all sets
    /work/venv/bin/python bench/fuzzy_shaped/run.py --only people_5k orgs_3k
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
OUT = BENCH / "out" / "fuzzy_shaped"
PY = "/work/venv/bin/python"

_spec = importlib.util.spec_from_file_location("fuzzy_score", BENCH / "fuzzy" / "score.py")
score = importlib.util.module_from_spec(_spec)
sys.modules["fuzzy_score"] = score
_spec.loader.exec_module(score)

PEOPLE_FIELDS = {
    "first_name": "name",
    "last_name": "name",
    "email": "email",
    "phone": "phone",
    "company": "company",
}
ORG_FIELDS = {"company": "company", "phone": "phone", "address": "address", "city": "exact"}

# name -> (generator arguments, fields)
SETS: dict[str, tuple[list[str], dict[str, str]]] = {
    "people_5k": (["--records", "5000", "--seed", "1"], PEOPLE_FIELDS),
    "people_176k": (["--records", "176000", "--seed", "2"], PEOPLE_FIELDS),
    "orgs_3k": (["--records", "3000", "--seed", "3", "--orgs-only"], ORG_FIELDS),
    # ablations: the 5k set with one shape switched off
    "people_5k_no_concentration": (
        ["--records", "5000", "--seed", "1", "--no-concentration"],
        PEOPLE_FIELDS,
    ),
    "people_5k_no_handles": (["--records", "5000", "--seed", "1", "--no-handles"], PEOPLE_FIELDS),
    "people_5k_no_orgs": (["--records", "5000", "--seed", "1", "--no-orgs"], PEOPLE_FIELDS),
    "people_5k_no_switchboard": (
        ["--records", "5000", "--seed", "1", "--no-switchboard"],
        PEOPLE_FIELDS,
    ),
    "people_5k_no_perturb": (["--records", "5000", "--seed", "1", "--no-perturb"], PEOPLE_FIELDS),
}


def rules_yaml(csv_path: Path, fields: dict[str, str]) -> str:
    f = ", ".join(f"{k}: {v}" for k, v in fields.items())
    return (
        "version: 1\n"
        "region: CN\n"
        "sources:\n"
        f"  people: {json.dumps(str(csv_path))}\n"
        "checks:\n"
        "  - id: people\n"
        "    type: duplicates\n"
        "    table: people\n"
        "    match: fuzzy\n"
        f"    fields: {{{f}}}\n"
    )


def parse_time_v(text: str) -> tuple[float, int]:
    wall = rss = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            v = line.rsplit(": ", 1)[1]
            parts = [float(x) for x in v.split(":")]
            wall = sum(p * 60**i for i, p in enumerate(reversed(parts)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(": ", 1)[1])
    return float(wall or 0.0), int(rss or 0)


_EXT = re.compile(r"(转|分机|ext\.?|x|#).*$", re.IGNORECASE)


def norm_phone(p: str | None) -> str | None:
    if not p:
        return None
    p = _EXT.sub("", p.strip())
    d = re.sub(r"\D", "", p)
    return d[-10:] if len(d) >= 7 else None


def norm_email(e: str | None) -> str | None:
    if not e:
        return None
    e = e.strip().lower()
    return e or None


def baseline_groups(df: pl.DataFrame) -> dict[str, str]:
    """Union-find over records sharing a normalised e-mail or phone."""
    ids = df["record_id"].to_list()
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (e, p) in enumerate(zip(df["email"].to_list(), df["phone"].to_list(), strict=False)):
        for key in (("e", norm_email(e)), ("p", norm_phone(p))):
            if key[1] is None:
                continue
            j = first.setdefault(key, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
    roots = [find(i) for i in range(len(ids))]
    sizes = Counter(roots)
    return {rid: f"b{r}" for rid, r in zip(ids, roots, strict=False) if sizes[r] > 1}


def show(row: dict) -> str:
    return " | ".join(
        str(row.get(c) or "")
        for c in ("record_id", "entity_id", "first_name", "last_name", "email", "phone", "company")
    )


def diagnose(name: str, truth: pl.DataFrame, pred: pl.DataFrame, out) -> dict:
    """Where the errors are: split true entities, merged namesakes, person/org merges."""
    t = truth.join(pred.select("record_id", "group"), on="record_id", how="left")
    t = t.with_columns(pl.col("group").fill_null("single:" + pl.col("record_id")))
    rows = {r["record_id"]: r for r in t.iter_rows(named=True)}
    by_entity: dict[str, list[str]] = defaultdict(list)
    by_group: dict[str, list[str]] = defaultdict(list)
    for rid, r in rows.items():
        by_entity[r["entity_id"]].append(rid)
        by_group[r["group"]].append(rid)
    # entities split
    split = []
    for e, rids in by_entity.items():
        gs = Counter(rows[x]["group"] for x in rids)
        if len(rids) > 1 and len(gs) > 1:
            missed = (len(rids) * (len(rids) - 1) - sum(n * (n - 1) for n in gs.values())) // 2
            split.append((missed, e, rids, gs))
    split.sort(key=lambda x: -x[0])
    # groups mixing entities
    mixed = []
    for g, rids in by_group.items():
        es = Counter(rows[x]["entity_id"] for x in rids)
        if len(es) > 1:
            fp = (len(rids) * (len(rids) - 1) - sum(n * (n - 1) for n in es.values())) // 2
            mixed.append((fp, g, rids, es))
    mixed.sort(key=lambda x: -x[0])
    # classify FP pairs: person-person namesakes, person-org, other
    fp_kind = Counter()
    for _fp, _g, rids, es in mixed:
        ents = list(es)
        for i in range(len(ents)):
            for j in range(i + 1, len(ents)):
                a, b = ents[i], ents[j]
                n = es[a] * es[b]
                if a[0] != b[0]:
                    fp_kind["person+org"] += n
                elif a[0] == "O":
                    fp_kind["org+org"] += n
                else:
                    ra = rows[next(x for x in rids if rows[x]["entity_id"] == a)]
                    rb = rows[next(x for x in rids if rows[x]["entity_id"] == b)]
                    same_name = {ra["first_name"], ra["last_name"]} == {
                        rb["first_name"],
                        rb["last_name"],
                    }
                    fp_kind["person namesakes" if same_name else "person other"] += n
    # classify FN: org entities vs persons
    fn_kind = Counter()
    for missed, e, _rids, _gs in split:
        fn_kind["org" if e.startswith("O") else "person"] += missed
    big_ent = sorted(((len(v), e) for e, v in by_entity.items()), reverse=True)[:5]
    print(f"\n===== {name} =====", file=out)
    print(
        f"true entities with >1 record: {sum(1 for v in by_entity.values() if len(v) > 1):,}; "
        f"split: {len(split):,}; predicted groups mixing entities: {len(mixed):,}",
        file=out,
    )
    print(f"missed pairs by kind: {dict(fn_kind)}; false pairs by kind: {dict(fp_kind)}", file=out)
    print(f"largest true entities: {big_ent}", file=out)
    gsizes = sorted(
        (len(v) for g, v in by_group.items() if not g.startswith("single:")), reverse=True
    )
    print(f"largest predicted groups: {gsizes[:10]}", file=out)
    for missed, e, rids, gs in split[:4]:
        print(
            f"-- split entity {e} ({len(rids)} records in {len(gs)} groups, {missed} missed pairs)",
            file=out,
        )
        for x in sorted(rids, key=lambda x: rows[x]["group"])[:12]:
            print(f"   [{rows[x]['group']}] {show(rows[x])}", file=out)
    for fp, g, rids, es in mixed[:4]:
        print(
            f"-- mixed group {g} ({len(rids)} records, {len(es)} entities, {fp} false pairs)",
            file=out,
        )
        for x in sorted(rids, key=lambda x: rows[x]["entity_id"])[:12]:
            print(f"   {show(rows[x])}", file=out)
    return {
        "split_entities": len(split),
        "mixed_groups": len(mixed),
        "fn_by_kind": dict(fn_kind),
        "fp_by_kind": dict(fp_kind),
        "largest_pred_groups": gsizes[:5],
        "largest_true_entities": [n for n, _ in big_ent],
    }


def run_set(name: str, gen_args: list[str], fields: dict[str, str], diag) -> dict:
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    csv_path = d / "data.csv"
    subprocess.run([PY, str(HERE / "generate.py"), *gen_args, "--out", str(csv_path)], check=True)
    (d / "rules.yaml").write_text(rules_yaml(csv_path, fields), encoding="utf-8")
    export = d / "out"
    if export.exists():
        shutil.rmtree(export)
    result = d / "result.json"
    if result.exists():
        result.unlink()
    cmd = [
        "/usr/bin/time",
        "-v",
        PY,
        "-m",
        "crmhealth",
        "audit",
        "rules.yaml",
        "--format",
        "json",
        "--output",
        "result.json",
        "--export",
        "out",
        "--quiet",
    ]
    proc = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    (d / "time.txt").write_text(proc.stderr, encoding="utf-8")
    wall, rss_kb = parse_time_v(proc.stderr)
    truth = score.read_table(csv_path)
    pred_path = export / "people.csv"
    if pred_path.exists():
        pred = score.read_table(pred_path)
    else:  # no duplicates found at all
        pred = pl.DataFrame(
            {"record_id": [], "group": []}, schema={"record_id": pl.String, "group": pl.String}
        )
    s = score.pairwise_scores(pred, truth, id_col="record_id", group_col="group")
    b = score.pairwise_scores(baseline_groups(truth), truth, id_col="record_id")
    # the same score restricted to person records (P...) and to organisation records (O...);
    # pairs across the two kinds are left out of both
    parts = {}
    for kind in ("P", "O"):
        tk = truth.filter(pl.col("entity_id").str.starts_with(kind))
        if tk.height:
            pk = pred.join(tk.select("record_id"), on="record_id", how="semi")
            parts[kind] = score.pairwise_scores(
                pk, tk, id_col="record_id", group_col="group"
            ).as_dict()
    info = diagnose(name, truth, pred, diag)
    res = {
        "set": name,
        "records": truth.height,
        "entities": truth["entity_id"].n_unique(),
        "audit_exit": proc.returncode,
        "wall_s": wall,
        "peak_rss_mb": rss_kb / 1024,
        "tool": s.as_dict(),
        "baseline": b.as_dict(),
        "persons_only": parts.get("P"),
        "orgs_only": parts.get("O"),
        "diagnostics": info,
    }
    print(
        f"{name}: exit {proc.returncode}  tool {s}  | baseline F1 {b.f1:.4f}  "
        f"| wall {wall:.1f}s rss {rss_kb / 1024:.0f} MB",
        flush=True,
    )
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", help="set names to run")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    names = args.only or list(SETS)
    results = []
    with (OUT / "diagnostics.txt").open("w", encoding="utf-8") as diag:
        for n in names:
            gen_args, fields = SETS[n]
            results.append(run_set(n, gen_args, fields, diag))
            diag.flush()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (OUT / "results.json").write_text(
        json.dumps({"date": stamp, "results": results}, indent=2), encoding="utf-8"
    )
    lines = [
        f"Measured {stamp}.",
        "",
        "| set | records | entities | F1 | precision | recall | wall s | peak RSS MB "
        "| baseline F1 (P / R) "
        "| F1 people rows (P / R) | F1 org rows (P / R) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        t, b = r["tool"], r["baseline"]
        lines.append(
            f"| {r['set']} | {r['records']:,} | {r['entities']:,} | {t['f1']:.3f} "
            f"| {t['precision']:.3f} "
            f"| {t['recall']:.3f} | {r['wall_s']:.1f} | {r['peak_rss_mb']:.0f} "
            f"| {b['f1']:.3f} ({b['precision']:.3f} / {b['recall']:.3f}) "
            + "".join(
                "| - "
                if x is None
                else f"| {x['f1']:.3f} ({x['precision']:.3f} / {x['recall']:.3f}) "
                for x in (r["persons_only"], r["orgs_only"])
            )
            + "|"
        )
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
