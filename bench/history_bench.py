"""How much the run history adds to an audit, as ratios to the audit itself.

Audits the bundled example once, appends its record N times (one run a day), then times reading
the whole history, attaching it to a report and deriving the drift checks' table facts.

    .venv/bin/python bench/history_bench.py [N]    # default 730: two years of daily runs
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from crmhealth import __version__
from crmhealth.engine import run_audit
from crmhealth.history.attach import attach_history
from crmhealth.history.facts import previous_tables
from crmhealth.history.records import run_record
from crmhealth.history.store import append_run, read_runs
from crmhealth.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def main(runs: int) -> None:
    started = time.perf_counter()
    report = run_audit(load_rules(ROOT / "rules.example.yaml"), previous={})
    audit = time.perf_counter() - started
    record = run_record(report, __version__)
    first = date(2025, 1, 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite"
        started = time.perf_counter()
        for day in range(runs):
            append_run(path, replace(record, as_of=first + timedelta(days=day)))
        append = (time.perf_counter() - started) / runs
        started = time.perf_counter()
        stored = read_runs(path)
        read = time.perf_counter() - started
        later = replace(report, as_of=first + timedelta(days=runs))
        started = time.perf_counter()
        attach_history(later, stored)
        previous_tables(stored, later.as_of)
        attach = time.perf_counter() - started
        size = path.stat().st_size
    print(f"audit of the example: {audit:.2f} s ({len(report.results)} results)")
    print(f"append one run:       {append * 1000:.1f} ms  = {append / audit:.3f} x audit")
    print(f"read {runs} runs:       {read:.2f} s  = {read / audit:.3f} x audit")
    print(f"attach + facts:       {attach * 1000:.1f} ms  = {attach / audit:.4f} x audit")
    print(f"history file:         {size / 1e6:.1f} MB ({size / runs / 1e3:.1f} kB a run)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 730)
