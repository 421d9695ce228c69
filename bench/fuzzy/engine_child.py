"""Run a matcher function on the first duplicates check of a rules file, like the CLI would.

``run.py --engine api`` starts this module as its own process so that wall time and peak
memory are measured exactly as for ``crmhealth audit``::

    python -m bench.fuzzy.engine_child rules.yaml --export DIR \
        [--matcher crmhealth.checks.fuzzy:find_fuzzy_duplicates]

It reads the check's table (CSV, every column a string), calls
``matcher(frame, fields, region=..., threshold=...)`` -- which returns ``row, group, score,
reason`` -- and writes ``DIR/<check id>.csv``: every member of every group with all original
columns plus ``group``, ``score`` and ``reason`` (the CLI's ``--export`` format).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import yaml

if __package__ in (None, ""):  # executed as a script: make `bench.fuzzy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

DEFAULT_MATCHER = "crmhealth.checks.fuzzy:find_fuzzy_duplicates"

Matcher = Callable[..., pl.DataFrame]


def load_matcher(spec: str) -> Matcher:
    """Import ``module:function``."""
    module, _, name = spec.partition(":")
    if not name:
        raise ValueError(f"matcher must look like module:function, got {spec!r}")
    fn = getattr(importlib.import_module(module), name)
    if not callable(fn):
        raise TypeError(f"{spec} is not callable")
    return fn  # type: ignore[no-any-return]


def first_duplicates_check(rules_path: Path) -> tuple[dict[str, Any], Path]:
    """The first ``type: duplicates`` check of a rules file and the path of its table."""
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    check = next(c for c in rules["checks"] if c.get("type") == "duplicates")
    source = rules["sources"][check["table"]]
    if isinstance(source, dict):
        source = source["path"]
    check.setdefault("region", rules.get("region"))
    return check, (rules_path.parent / str(source)).resolve()


def run(rules_path: Path, export_dir: Path, matcher: Matcher) -> int:
    """Run ``matcher`` on the check's table and write the export; returns the group count."""
    check, table_path = first_duplicates_check(rules_path)
    frame = pl.read_csv(table_path, infer_schema=False)
    members = matcher(
        frame, check["fields"], region=check.get("region"), threshold=check.get("threshold")
    )
    rows = members.get_column("row").cast(pl.Int64)
    export = pl.concat(
        [frame.gather(rows), members.select("group", "score", "reason")], how="horizontal"
    )
    export_dir.mkdir(parents=True, exist_ok=True)
    export.write_csv(export_dir / f"{check['id']}.csv")
    return int(members.get_column("group").n_unique()) if members.height else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description="Run a duplicate matcher like `crmhealth audit`.")
    ap.add_argument("rules", type=Path)
    ap.add_argument("--export", type=Path, required=True)
    ap.add_argument("--matcher", default=DEFAULT_MATCHER, help="module:function")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    groups = run(args.rules, args.export, load_matcher(args.matcher))
    print(f"{groups} groups in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
