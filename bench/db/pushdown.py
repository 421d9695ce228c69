"""Pushdown vs pulled on a 1M-row PostgreSQL table: wall time, peak memory, bytes received.

Starts a throwaway PostgreSQL (tests/db/servers.py) with a CRM-like `contacts` table of ROWS
rows, then audits it twice, each in a fresh process: `execute: pushdown` (the checks counted in
the server) and `execute: local` (the needed columns pulled and checked here). The checks:
completeness of four columns by owner, and an allowed-values validity check by owner.
Bytes received are what the loopback interface carried during the audit (/proc/net/dev): the
server's answers, plus the queries sent. Run: .venv/bin/python bench/db/pushdown.py [ROWS]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests")]

from db.servers import postgres  # noqa: E402

FILL = """
CREATE TABLE contacts AS
SELECT g AS id,
       CASE WHEN g % 37 = 0 THEN NULL WHEN g % 101 = 0 THEN '   ' ELSE 'name ' || g END
         AS first_name,
       CASE WHEN g % 29 = 0 THEN '' ELSE 'user' || g || '@example.com' END AS email,
       CASE WHEN g % 23 = 0 THEN NULL
            ELSE '139' || lpad((g::bigint * 7919 % 100000000)::text, 8, '0') END AS phone,
       'Company ' || (g % 5000) AS company,
       (ARRAY['lead','prospect','customer','churned','Lead ', NULL])[1 + g % 6] AS lifecycle_stage,
       'U' || lpad((g % 40)::text, 3, '0') AS owner_id,
       timestamp '2024-01-01' + (g % 86400) * interval '17 minutes' AS updated_at
FROM generate_series(1, {rows}) AS g;
GRANT SELECT ON contacts TO auditor;
ANALYZE contacts;  -- as autovacuum would soon after a load
"""

CHECKS = [
    {"id": "fields", "type": "completeness", "table": "contacts",
     "columns": ["first_name", "email", "phone", "company"], "by": "owner_id"},
    {"id": "stage", "type": "validity", "table": "contacts", "column": "lifecycle_stage",
     "format": "allowed", "values": ["lead", "prospect", "customer", "churned"], "by": "owner_id"},
]  # fmt: skip

RUN = r"""
import json, resource, sys, time
from pathlib import Path
from crmhealth.rules import load_rules
from crmhealth.execute.sql import execute_with_pushdown

def rchar():
    # Bytes the loopback interface carried (the client and the server both run here).
    for line in open("/proc/net/dev"):
        name, _, counters = line.partition(":")
        if name.strip() == "lo":
            return int(counters.split()[0])

rules = load_rules(Path(sys.argv[1]))
before, start = rchar(), time.perf_counter()
report, where = execute_with_pushdown(rules)
wall, received = time.perf_counter() - start, rchar() - before
print(json.dumps({
    "wall": wall, "received": received,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "figures": [(r.check, r.column, r.failed, r.total) for r in report.results],
    "where": where,
}))
"""


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with postgres() as server, tempfile.TemporaryDirectory() as folder:
        server.sql(FILL.format(rows=rows))
        results = {}
        for execute in ("pushdown", "local"):
            rules = Path(folder) / f"{execute}.yaml"
            document = {
                "version": 1,
                "sources": {"contacts": {"url": server.url(), "table": "contacts",
                                         "execute": execute}},
                "checks": CHECKS,
            }  # fmt: skip
            rules.write_text(yaml.safe_dump(document), encoding="utf-8")
            out = subprocess.run(
                [sys.executable, "-c", RUN, str(rules)], check=True, capture_output=True, text=True
            ).stdout
            results[execute] = json.loads(out.strip().splitlines()[-1])
        push, pull = results["pushdown"], results["local"]
        assert push["figures"] == pull["figures"], "pushdown and local figures differ"
        print(f"{rows:,} rows, {len(push['figures'])} results, figures identical")
        for name, r in (("pushdown", push), ("pulled", pull)):
            print(
                f"{name:9s} wall {r['wall']:6.2f} s  peak RSS {r['peak_mib']:6.0f} MiB  "
                f"received {r['received'] / 1e6:8.2f} MB  ran: {sorted(set(r['where'].values()))}"
            )
        print(
            f"pulled/pushdown: wall {pull['wall'] / push['wall']:.1f}x, peak memory "
            f"{pull['peak_mib'] / push['peak_mib']:.1f}x, bytes received "
            f"{pull['received'] / max(push['received'], 1):.0f}x"
        )


if __name__ == "__main__":
    main()
