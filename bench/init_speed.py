#!/usr/bin/env python3
"""How much `crmhealth init` costs beyond reading the export, as a ratio.

    python bench/init_speed.py [--rows 200000] [--seed 7]

Generates a contacts export with ``bench/make_contacts.py`` (UTF-8, 12 columns, realistic
defects), then times, in this process, (a) reading it as the audit does (``load_table`` and one
collect) and (b) ``init``'s whole proposal (reading, profiling every column on a bounded sample
plus whole-column counts, pairing, writing). Prints both and the ratio b/a: profiling should
stay a small multiple of reading however large the file, since content is judged on at most
20,000 rows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from crmhealth.init import rules_text
    from crmhealth.sources import SourceRef, SourceSpec, load_table

    with tempfile.TemporaryDirectory(prefix="crmhealth-init-bench-") as scratch:
        export = Path(scratch) / "contacts.csv"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "make_contacts.py"),
                "--rows",
                str(args.rows),
                "--seed",
                str(args.seed),
                "--out",
                str(export),
            ],
            check=True,
            capture_output=True,
        )
        ref = SourceRef("contacts", SourceSpec(path=str(export)), export, "bench")
        started = time.perf_counter()
        load_table(ref).frame.lazy().collect()
        read = time.perf_counter() - started
        started = time.perf_counter()
        text, plan = rules_text([export], Path(scratch))
        proposed = time.perf_counter() - started
    print(
        f"rows {args.rows:,}: read {read:.2f} s, init {proposed:.2f} s, ratio {proposed / read:.1f}"
    )
    print(f"{len(plan.checks)} checks proposed, {len(text.splitlines())} lines written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
