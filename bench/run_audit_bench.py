#!/usr/bin/env python3
"""Time a full crmhealth audit against a bare Polars read of the same CSV, as whole processes.

    python bench/run_audit_bench.py [--rows 1000000] [--runs 5] [--export]

(A) ``python -m crmhealth audit <rules> --format json --output /dev/null --quiet``
(B) ``python -c "import polars as pl; pl.read_csv(PATH, infer_schema=False)"``

Both are started fresh each time (interpreter start-up and imports included), alternating
A,B then B,A so that drift (page cache, thermal, neighbours) falls on both alike, after one
untimed warm-up of each. Wall time is ``time.perf_counter`` around the child's whole life;
peak memory is the child's ``ru_maxrss`` from ``os.wait4`` (KiB on Linux). The report gives
medians and the ratios audit/read. Targets (issue 14): wall <= 1.7x and peak memory <= 1.2x;
with ``--export`` (the audit also writes every fix list) wall <= 2.0x and memory <= 1.5x. CPU
seconds (user + system of the child) are reported too: on a machine shared with other work
they move far less than wall time.

The data (``bench/make_contacts.py``) is generated first if absent. This script uses only the
standard library so that it adds nothing to the children's measured memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"plain": (1.7, 1.2), "export": (2.0, 1.5)}  # (wall, peak memory) ratios


@dataclass
class Run:
    """One measured child process."""

    name: str
    wall_s: float
    max_rss_kib: int
    exit_code: int
    cpu_s: float = 0.0


def data_paths(rows: int, data_dir: Path) -> tuple[Path, Path]:
    """The CSV and rules file for `rows` (1,000,000 rows -> contacts_1m.csv)."""
    label = f"{rows // 1_000_000}m" if rows % 1_000_000 == 0 else str(rows)
    csv_path = data_dir / f"contacts_{label}.csv"
    return csv_path, csv_path.with_name(f"{csv_path.stem}.rules.yaml")


def ensure_data(rows: int, csv_path: Path, rules_path: Path, seed: int | None) -> None:
    """Run bench/make_contacts.py unless both files already exist."""
    if csv_path.is_file() and rules_path.is_file():
        return
    cmd = [
        sys.executable,
        str(REPO / "bench" / "make_contacts.py"),
        "--rows",
        str(rows),
        "--out",
        str(csv_path),
    ]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    print(f"generating {csv_path} ...", flush=True)
    subprocess.run(cmd, check=True, cwd=REPO)


def measure(name: str, cmd: list[str]) -> tuple[Run, str]:
    """Run `cmd` to completion; return its wall time, peak RSS and exit code, and its stderr."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(name, wall, int(usage.ru_maxrss), proc.returncode, cpu), stderr


def audit_available() -> tuple[bool, str]:
    """Whether ``python -m crmhealth audit --help`` works in this interpreter."""
    proc = subprocess.run(
        [sys.executable, "-m", "crmhealth", "audit", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode == 0, (proc.stderr or proc.stdout).strip()


def check(run: Run, stderr: str, ok_codes: set[int]) -> None:
    """Stop with the child's stderr when it crashed or exited with an unexpected status."""
    if run.exit_code not in ok_codes or "Traceback (most recent call last)" in stderr:
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        raise SystemExit(f"{run.name} failed with exit code {run.exit_code}:\n{tail}")


def summarise(runs: list[Run], name: str) -> tuple[float, float, float]:
    """Median wall seconds, peak RSS (MiB) and CPU seconds of the runs called `name`."""
    mine = [r for r in runs if r.name == name]
    return (
        statistics.median(r.wall_s for r in mine),
        statistics.median(r.max_rss_kib for r in mine) / 1024,
        statistics.median(r.cpu_s for r in mine),
    )


def warm_up_audit(audit_cmd: list[str], ok_codes: set[int]) -> dict[str, object]:
    """One untimed audit writing real JSON, to check that it works and see what it found."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            *audit_cmd[: audit_cmd.index("--output") + 1],
            str(out),
            *audit_cmd[audit_cmd.index("--output") + 2 :],
        ]
        run, stderr = measure("audit", cmd)
        check(run, stderr, ok_codes)
        summary: dict[str, object] = {"exit_code": run.exit_code, "wall_s": round(run.wall_s, 2)}
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            summary["report"] = f"unreadable: {exc}"
            return summary
        checks = report.get("checks") if isinstance(report, dict) else None
        if isinstance(checks, list):
            summary["checks"] = [
                {
                    k: c[k]
                    for k in ("type", "column", "status", "failed", "total")
                    if isinstance(c, dict) and k in c
                }
                for c in checks
            ]
        else:
            summary["report_keys"] = (
                sorted(report) if isinstance(report, dict) else type(report).__name__
            )
        return summary


def main(argv: list[str] | None = None) -> int:
    """Generate the data if needed, run the alternating measurements and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "bench" / "data")
    parser.add_argument("--seed", type=int, default=None, help="passed to make_contacts.py")
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="time only the bare read (B), e.g. before the CLI exists",
    )
    parser.add_argument(
        "--ok-exit-codes",
        default="0,1",
        help="audit exit codes that mean 'ran fine' (findings may exit non-zero)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--export", action="store_true", help="the audit also writes its fix lists (--export)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is over target")
    args = parser.parse_args(argv)
    ok_codes = {int(c) for c in args.ok_exit_codes.split(",") if c.strip()}

    csv_path, rules_path = data_paths(args.rows, args.data_dir.resolve())
    ensure_data(args.rows, csv_path, rules_path, args.seed)
    read_cmd = [
        sys.executable,
        "-c",
        f"import polars as pl; pl.read_csv({str(csv_path)!r}, infer_schema=False)",
    ]
    audit_cmd = [
        sys.executable,
        "-m",
        "crmhealth",
        "audit",
        str(rules_path),
        "--format",
        "json",
        "--output",
        os.devnull,
        "--quiet",
    ]
    mode = "export" if args.export else "plain"
    wall_target, rss_target = TARGETS[mode]
    if args.export:
        export_dir = Path(tempfile.mkdtemp(prefix="crmhealth-bench-")) / "fixes"
        audit_cmd += ["--export", str(export_dir)]

    with_audit = not args.read_only
    if with_audit:
        ok, message = audit_available()
        if not ok:
            print(
                "crmhealth audit is not runnable yet; timing the bare read only.\n"
                f"  ({message.splitlines()[-1] if message else 'no output'})"
            )
            with_audit = False

    size_mib = csv_path.stat().st_size / 2**20
    print(
        f"data: {csv_path} ({args.rows:,} rows, {size_mib:.0f} MiB); "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
    )
    results: dict[str, object] = {
        "rows": args.rows,
        "csv_mib": round(size_mib, 1),
        "cpus": os.cpu_count(),
        "runs": args.runs,
    }
    if with_audit:
        results["audit_warm_up"] = warm_up_audit(audit_cmd, ok_codes)
        print(f"audit warm-up: {json.dumps(results['audit_warm_up'], ensure_ascii=False)}")
    run, stderr = measure("read", read_cmd)
    check(run, stderr, {0})

    runs: list[Run] = []
    for i in range(args.runs):
        order = [("audit", audit_cmd), ("read", read_cmd)] if with_audit else [("read", read_cmd)]
        if i % 2:
            order.reverse()
        for name, cmd in order:
            run, stderr = measure(name, cmd)
            check(run, stderr, ok_codes if name == "audit" else {0})
            runs.append(run)
            print(
                f"  run {i + 1} {name:5s} {run.wall_s:7.2f} s  {run.max_rss_kib / 1024:8.0f} MiB"
                f"  exit {run.exit_code}",
                flush=True,
            )

    read_wall, read_rss, read_cpu = summarise(runs, "read")
    print(f"\nmedian of {args.runs}:   wall      peak RSS     CPU")
    print(f"  (B) bare read  {read_wall:7.2f} s  {read_rss:8.0f} MiB  {read_cpu:6.2f} s")
    results["read"] = {
        "median_wall_s": round(read_wall, 3),
        "median_max_rss_mib": round(read_rss),
        "median_cpu_s": round(read_cpu, 3),
    }
    over = False
    if with_audit:
        audit_wall, audit_rss, audit_cpu = summarise(runs, "audit")
        wall_ratio, rss_ratio = audit_wall / read_wall, audit_rss / read_rss
        cpu_ratio = audit_cpu / read_cpu
        print(f"  (A) audit      {audit_wall:7.2f} s  {audit_rss:8.0f} MiB  {audit_cpu:6.2f} s")
        print(
            f"  audit / read   {wall_ratio:7.2f} x  {rss_ratio:8.2f} x  {cpu_ratio:6.2f} x"
            f"   (targets, {mode}: wall <= {wall_target}, memory <= {rss_target})"
        )
        over = wall_ratio > wall_target or rss_ratio > rss_target
        results["audit"] = {
            "mode": mode,
            "median_wall_s": round(audit_wall, 3),
            "median_max_rss_mib": round(audit_rss),
            "median_cpu_s": round(audit_cpu, 3),
        }
        results["ratios"] = {
            "wall": round(wall_ratio, 3),
            "max_rss": round(rss_ratio, 3),
            "cpu": round(cpu_ratio, 3),
            "targets": {"wall": wall_target, "max_rss": rss_target},
            "within_target": not over,
        }
    results["all_runs"] = [asdict(r) for r in runs]
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if (over and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
