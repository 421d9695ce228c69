"""Drift checks on the bundled example export (GBK, Chinese values; not made for these tests):
an import that lost 40% of its rows, renamed a column to Chinese and dropped another."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from history_helpers import audit_json, check_of

EXPORT = Path(__file__).resolve().parents[2] / "examples" / "exports" / "contacts.csv"
CHECKS = [
    {"id": "rows", "type": "volume", "table": "contacts", "max_change": 0.2},
    {"id": "columns", "type": "schema", "table": "contacts"},
]


def _write(folder: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    (folder / "contacts.csv").write_bytes(buffer.getvalue().encode("gbk"))
    rules = {"version": 1, "sources": {"contacts": "contacts.csv"}, "checks": CHECKS}
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return path


def test_lost_rows_a_renamed_and_a_dropped_column_are_each_named(tmp_path: Path) -> None:
    header, *rows = list(csv.reader(io.StringIO(EXPORT.read_bytes().decode("gbk"))))
    assert len(rows) == 3000 and header[3:5] == ["email", "phone"]
    history = tmp_path / "h.sqlite"
    rules = _write(tmp_path, header, rows)
    first = audit_json(rules, "2026-10-01", history)
    assert [check_of(first, c)["status"] for c in ("rows", "columns")] == ["pass", "pass"]

    # November's import: rows 1, 2 of every 5 lost (40%), email renamed 邮箱, phone dropped.
    kept = [row for index, row in enumerate(rows) if index % 5 not in (0, 1)]
    new_header = [("邮箱" if name == "email" else name) for name in header if name != "phone"]
    new_rows = [
        [value for name, value in zip(header, row, strict=True) if name != "phone"] for row in kept
    ]
    second = audit_json(_write(tmp_path, new_header, new_rows), "2026-11-01", history)

    volume = check_of(second, "rows")
    assert (volume["status"], volume["failed"], volume["total"]) == ("fail", 1, 1)
    assert volume["message"] == (
        "contacts has 1,800 rows, 1,200 fewer than the 3,000 on 2026-10-01 (-40.0%): "
        "more than the allowed change of 20%"
    )
    schema = check_of(second, "columns")
    assert (schema["status"], schema["failed"], schema["total"]) == ("fail", 2, 12)
    assert schema["message"] == (
        "contacts: columns changed since 2026-10-01: 1 removed (phone); 1 renamed (email → 邮箱)"
    )
    assert schema["details"]["renamed"][0]["similarity"] >= 0.5
