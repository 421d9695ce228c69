"""Test helpers: write tiny tables and a rules file to a folder, run the audit, get results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from crmhealth.engine import AuditRun, execute_audit, fix_lists_of, run_audit
from crmhealth.results import AuditReport, Result
from crmhealth.rules import load_rules

Rows = Sequence[Sequence[Any]]


def write_csv(path: Path, header: Sequence[str], rows: Rows, encoding: str = "utf-8") -> Path:
    """A CSV file with every field quoted (None becomes an empty field)."""

    def field(value: Any) -> str:
        return "" if value is None else '"' + str(value).replace('"', '""') + '"'

    lines = [",".join(field(h) for h in header)]
    lines += [",".join(field(v) for v in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def audit_run(
    folder: Path,
    tables: Mapping[str, tuple[Sequence[str], Rows]],
    checks: Sequence[Mapping[str, Any]],
    *,
    as_of: date = date(2026, 11, 1),
    extra: Mapping[str, Any] | None = None,
    show_pii: bool = False,
) -> AuditRun:
    """Like :func:`audit`, keeping the failing rows: the run, for its fix lists."""
    path = _write(folder, tables, checks, as_of=as_of, extra=extra)
    return execute_audit(load_rules(path), keep_failing=True, show_pii=show_pii)


def fix_list(run: AuditRun, check_id: str) -> list[dict[str, Any]]:
    """A check's fix list rows as dicts (all batches)."""
    stage = fix_lists_of(run)
    return [row for batch in stage.batches(check_id) for row in batch.to_dicts()]


def _write(
    folder: Path,
    tables: Mapping[str, tuple[Sequence[str], Rows]],
    checks: Sequence[Mapping[str, Any]],
    *,
    as_of: date,
    extra: Mapping[str, Any] | None,
) -> Path:
    sources = {}
    for name, (header, rows) in tables.items():
        write_csv(folder / f"{name}.csv", header, rows)
        sources[name] = f"{name}.csv"
    rules = {
        "version": 1,
        "as_of": as_of.isoformat(),
        "sources": sources,
        "checks": list(checks),
        **(extra or {}),
    }
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def audit(
    folder: Path,
    tables: Mapping[str, tuple[Sequence[str], Rows]],
    checks: Sequence[Mapping[str, Any]],
    *,
    as_of: date = date(2026, 11, 1),
    extra: Mapping[str, Any] | None = None,
    show_pii: bool = False,
) -> AuditReport:
    """Write `tables` as CSVs and a rules file with `checks`, then run the audit."""
    path = _write(folder, tables, checks, as_of=as_of, extra=extra)
    return run_audit(load_rules(path), show_pii=show_pii)


def only(report: AuditReport, column: str | None = None) -> Result:
    """The single result of a report (or the one for `column`)."""
    results = [r for r in report.results if column is None or r.column == column]
    assert len(results) == 1, results
    return results[0]
