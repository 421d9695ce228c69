"""Measure crmhealth's fuzzy duplicate check on the independent generator.

    /work/venv/bin/python bench/fuzzy_independent/run.py                 # s0, s1, 176k
    /work/venv/bin/python bench/fuzzy_independent/run.py --only 3k-s0 --analyze

For each data set: generate ``contacts.csv`` (in a child process, so this driver stays small),
write ``rules.yaml`` (one fuzzy duplicates check, id ``people``, region CN), run
``python -m crmhealth audit rules.yaml --format json --output result.json --export out --quiet``
under ``/usr/bin/time`` (wall time and the child's peak RSS), score ``out/people.csv`` against
``entity_id`` with ``bench/fuzzy/score.py``'s pairwise P/R/F1, and score the exact
e-mail-or-phone baseline the same way. Output goes to ``bench/out/fuzzy_independent/``
(git-ignored); ``results.json`` there has every number.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PY = sys.executable
OUT = REPO / "bench" / "out" / "fuzzy_independent"
CHECK_ID = "people"
DATASETS = {  # name: (people, seed, pool, accounts)
    "3k-s0": (3000, 0, "full", "moderate"),
    "3k-s1": (3000, 1, "full", "moderate"),
    "100k-small": (100_000, 0, "small", "moderate"),
    # sensitivity: the same with a few huge key accounts (more same-company namesakes)
    "3k-s0-heavy": (3000, 0, "full", "heavy"),
    "100k-small-heavy": (100_000, 0, "small", "heavy"),
}
RULES = """version: 1
region: CN
sources:
  contacts: contacts.csv
checks:
  - id: {check}
    type: duplicates
    table: contacts
    match: fuzzy
    fields: {{first_name: name, last_name: name, email: email, phone: phone, company: company}}
"""


def generate(d: Path, people: int, seed: int, pool: str, accounts: str, regen: bool) -> dict:
    csv_path, stats_path = d / "contacts.csv", d / "stats.json"
    gen = HERE / "generate.py"
    key = f"{people}/{seed}/{pool}/{accounts}/{gen.stat().st_mtime_ns}"
    if (
        regen
        or not csv_path.exists()
        or not stats_path.exists()
        or json.loads(stats_path.read_text()).get("_key") != key
    ):
        d.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                PY,
                str(gen),
                "--people",
                str(people),
                "--seed",
                str(seed),
                "--pool",
                pool,
                "--accounts",
                accounts,
                "--out",
                str(csv_path),
                "--stats",
                str(stats_path),
                "--tags",
                str(d / "tags.csv"),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        stats = json.loads(stats_path.read_text())
        stats["_key"] = key
        stats_path.write_text(json.dumps(stats, ensure_ascii=False, indent=2))
    return json.loads(stats_path.read_text())


def run_audit(d: Path) -> dict:
    (d / "rules.yaml").write_text(RULES.format(check=CHECK_ID), encoding="utf-8")
    # A stale export would be scored if this run failed (and crmhealth refuses to replace a
    # folder it did not write): start from none.
    shutil.rmtree(d / "out", ignore_errors=True)
    timing = d / "time.txt"
    cmd = [
        "/usr/bin/time",
        "-f",
        "%e %M %U %S",
        "-o",
        str(timing),
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
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=d, capture_output=True, text=True, env=None)
    wall_outer = time.perf_counter() - t0
    (d / "stderr.txt").write_text(proc.stderr)
    last = timing.read_text().strip().splitlines()[-1].split()
    wall, rss_kib, user, sys_ = float(last[0]), int(last[1]), float(last[2]), float(last[3])
    return {
        "returncode": proc.returncode,
        "wall_s": wall,
        "wall_outer_s": wall_outer,
        "peak_mib": rss_kib / 1024,
        "cpu_s": user + sys_,
    }


def baseline_groups(contacts) -> dict[str, str]:
    """Exact e-mail-or-phone: union records sharing a normalised e-mail or phone number."""
    ids = contacts["id"].to_list()
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[str, int] = {}
    for i, (email, phone) in enumerate(
        zip(contacts["email"].to_list(), contacts["phone"].to_list(), strict=True)
    ):
        keys = []
        if email:
            e = re.sub(r"\s", "", email).lower()
            if e:
                keys.append("e:" + e)
        if phone:
            p = re.sub(r"(转|分机|ext\.?|x)\s*\d+$", "", phone.strip(), flags=re.I)
            digits = re.sub(r"\D", "", p)
            if len(digits) >= 7:
                keys.append("p:" + digits[-10:])
        for k in keys:
            j = first_seen.setdefault(k, i)
            a, b = find(i), find(j)
            if a != b:
                parent[a] = b
    return {ids[i]: str(find(i)) for i in range(len(ids))}


def score(d: Path) -> dict:
    import polars as pl

    sys.path.insert(0, str(REPO))
    from bench.fuzzy.score import pairwise_scores

    contacts = pl.read_csv(d / "contacts.csv", infer_schema=False)
    export = d / "out" / f"{CHECK_ID}.csv"
    pred = (
        pl.read_csv(export, infer_schema=False)
        if export.exists()
        else pl.DataFrame(schema={"id": pl.String, "group": pl.String})
    )
    engine = pairwise_scores(pred.select("id", "group"), contacts)
    base = pairwise_scores(baseline_groups(contacts), contacts)
    return {"engine": engine.as_dict(), "baseline": base.as_dict()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated data set names: " + ",".join(DATASETS))
    ap.add_argument("--regen", action="store_true")
    ap.add_argument("--analyze", action="store_true", help="print the error breakdown too")
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else list(DATASETS)
    results = (
        json.loads((OUT / "results.json").read_text()) if (OUT / "results.json").exists() else {}
    )
    rows = []
    for name in names:
        people, seed, pool, accounts = DATASETS[name]
        d = OUT / name
        stats = generate(d, people, seed, pool, accounts, args.regen)
        timing = run_audit(d)
        if timing["returncode"] != 0:
            print(
                f"{name}: crmhealth exited {timing['returncode']}; see {d / 'stderr.txt'}",
                file=sys.stderr,
            )
        sc = score(d)
        results[name] = {
            "people": people,
            "seed": seed,
            "pool": pool,
            "accounts": accounts,
            "stats": stats,
            **timing,
            **sc,
        }
        e, b = sc["engine"], sc["baseline"]
        rows.append(
            (
                name,
                stats["records"],
                e["precision"],
                e["recall"],
                e["f1"],
                timing["wall_s"],
                timing["peak_mib"],
                b["precision"],
                b["recall"],
                b["f1"],
            )
        )
        if args.analyze:
            from analyze import report

            print(report(d))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print("| data set | records | P | R | F1 | wall s | peak MiB | base P | base R | base F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r[0]} | {r[1]:,} | {r[2]:.4f} | {r[3]:.4f} | {r[4]:.4f} | {r[5]:.1f} | {r[6]:.0f} "
            f"| {r[7]:.4f} | {r[8]:.4f} | {r[9]:.4f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
