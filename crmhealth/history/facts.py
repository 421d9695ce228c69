"""The previous run's table facts, for the drift checks (volume, schema).

A check reads them from its run context: ``None`` when the audit runs without history, else a
mapping from table name to the facts of the latest earlier run (as defined in
:mod:`crmhealth.history.attach`) that saw the table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmhealth.history.attach import effective_runs
from crmhealth.history.records import RunRecord


@dataclass(frozen=True)
class PreviousTable:
    """A table as the previous run saw it."""

    as_of: date
    rows: int
    columns: tuple[str, ...]
    # Value profiles per column, when a schema check ran on the table then (else empty).
    profiles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def previous_tables(runs: Sequence[RunRecord], as_of: date) -> dict[str, PreviousTable]:
    """For each table, its facts in the latest run before `as_of` that saw it."""
    out: dict[str, PreviousTable] = {}
    for run in effective_runs(runs):
        if run.as_of >= as_of:
            continue
        for table in run.tables:
            out[table.name] = PreviousTable(
                as_of=run.as_of, rows=table.rows, columns=table.columns, profiles=table.profiles
            )
    return out
