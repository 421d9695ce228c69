"""Inputs are read-only: an audit (even with --export) leaves every source file's bytes and
mtime as they were, and writes nothing beside them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import openpyxl
from audit_helpers import invoke, write_csv, write_rules

from crmhealth.errors import ExitCode


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_audit_leaves_inputs_untouched(tmp_path: Path) -> None:
    inputs = tmp_path / "exports"
    inputs.mkdir()
    # GBK forces the transcoding path; the others have failures so --export writes rows.
    write_csv(inputs / "gbk.csv", ["编号", "手机"], [["1", None]], encoding="gbk")
    write_csv(inputs / "utf8.csv", ["id", "email"], [["1", "li.na@"]])
    book = openpyxl.Workbook()
    book.active.append(["id", "phone"])
    book.active.append([1, "1391234567"])
    book.save(inputs / "crm.xlsx")
    with sqlite3.connect(inputs / "crm.sqlite") as conn:
        conn.execute("CREATE TABLE deals (id INTEGER, amount TEXT)")
        conn.execute("INSERT INTO deals VALUES (1, '0')")
    conn.close()
    # Old mtimes: a rewrite within the same clock tick could not hide.
    for path in inputs.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = _snapshot(inputs)

    rules = write_rules(
        tmp_path,
        {
            "gbk": "exports/gbk.csv",
            "utf8": "exports/utf8.csv",
            "book": "exports/crm.xlsx",
            "deals": "exports/crm.sqlite",
        },
        [
            {"type": "completeness", "table": "gbk", "column": "手机"},
            {"type": "validity", "table": "utf8", "column": "email", "format": "email"},
            {"type": "validity", "table": "book", "column": "phone", "format": "phone"},
            {"type": "expression", "table": "deals", "condition": "amount > 0"},
        ],
        region="CN",
    )
    result = invoke("audit", rules, "--export", tmp_path / "fixes", "--quiet")
    assert result.exit_code == ExitCode.OK, result.stderr  # only warnings: default thresholds
    assert len(list((tmp_path / "fixes").glob("*.csv"))) == 4
    assert _snapshot(inputs) == before
