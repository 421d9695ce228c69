"""Run one command and report its wall time and peak RSS as JSON (standard library only).

    python bench/fuzzy/measure.py RESULT.json [--timeout S] -- CMD [ARG ...]

Why a separate, tiny launcher: on Linux a child's ``ru_maxrss`` starts from the resident-set
high-water mark of the process it was forked from (the mark survives ``exec``). Forked straight
from the benchmark driver, which may have held a million-row frame, every child would report the
driver's peak. This launcher is a fresh interpreter of ~10 MiB, so the number ``os.wait4``
returns for its child is the child's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time


def main(argv: list[str]) -> int:
    """``RESULT.json [--timeout S] -- CMD...``; the command's stdout/stderr pass through."""
    if "--" not in argv or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    head, cmd = argv[:split], argv[split + 1 :]
    out_path = head[0]
    timeout = float(head[head.index("--timeout") + 1]) if "--timeout" in head else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        if timer:
            timer.cancel()
    wall = time.perf_counter() - t0
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    result = {
        "returncode": code,
        "wall_s": wall,
        "peak_mib": usage.ru_maxrss / 1024.0,  # KiB on Linux
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "timed_out": killed.is_set(),
    }
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
