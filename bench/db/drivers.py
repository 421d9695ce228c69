"""Which Arrow-native driver reads a 1M-row PostgreSQL table fastest, as text, into Polars?

Starts a throwaway PostgreSQL (tests/db/servers.py), fills a table of 1M CRM-like rows (typed
columns, as a CRM's database has them), and reads six columns CAST to text, three times each, with
ConnectorX and with the ADBC PostgreSQL driver. Prints the best wall time, the peak RSS growth of a
fresh process per driver, and the ratio. Run: .venv/bin/python bench/db/drivers.py [ROWS]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests")]

from db.servers import postgres  # noqa: E402

FILL = """
CREATE TABLE contacts AS
SELECT g AS id,
       'name ' || g AS first_name,
       'user' || g || '@example.com' AS email,
       '139' || lpad((g::bigint * 7919 % 100000000)::text, 8, '0') AS phone,
       (ARRAY['lead','prospect','customer','churned'])[1 + g % 4] AS lifecycle_stage,
       timestamp '2024-01-01' + (g % 86400) * interval '17 minutes' AS updated_at
FROM generate_series(1, {rows}) AS g;
GRANT SELECT ON contacts TO auditor;
"""
COLUMNS = ["id", "first_name", "email", "phone", "lifecycle_stage", "updated_at"]
QUERY = "SELECT " + ", ".join(f'CAST("{c}" AS TEXT) AS "{c}"' for c in COLUMNS) + " FROM contacts"

READER = r"""
import json, resource, sys, time
driver, url, query = sys.argv[1:4]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
best = None
for _ in range(3):
    start = time.perf_counter()
    if driver == "connectorx":
        import connectorx as cx
        frame = cx.read_sql(url, query, return_type="polars")
    else:
        import adbc_driver_postgresql.dbapi as adbc
        import polars as pl
        with adbc.connect(url) as conn, conn.cursor() as cur:
            cur.execute(query)
            frame = pl.from_arrow(cur.fetch_arrow_table())
    wall = time.perf_counter() - start
    best = wall if best is None else min(best, wall)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"driver": driver, "rows": frame.height, "wall": best, "peak_mib": peak / 1024}))
"""


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with postgres() as server:
        server.sql(FILL.format(rows=rows))
        results = {}
        for driver in ("connectorx", "adbc"):
            out = subprocess.run(
                [sys.executable, "-c", READER, driver, server.url(), QUERY],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            results[driver] = json.loads(out)
            print(results[driver])
        cx, adbc = results["connectorx"], results["adbc"]
        print(
            f"{rows} rows, 6 columns as text: ConnectorX {cx['wall']:.2f} s / "
            f"{cx['peak_mib']:.0f} MiB peak; ADBC {adbc['wall']:.2f} s / "
            f"{adbc['peak_mib']:.0f} MiB peak; "
            f"ADBC/ConnectorX wall {adbc['wall'] / cx['wall']:.2f}"
        )


if __name__ == "__main__":
    main()
