"""Fingerprints: which results of different runs belong to one series.

A result's series is its check id, table and column, plus a hash of the check's parameters as
configured. Thresholds (``warn``, ``fail``), ``weight``, ``dimension``, ``description`` and
``by`` are left out: they change how a figure is judged, weighed or broken down, not what is
counted, so tightening a threshold keeps the series. Any other parameter (a format, a window,
``max_age``, the columns of a duplicate key, a usage log's time column) changes what is counted
and starts a new series. For a check over several columns (``columns: [a, b]``) each result's
fingerprint names only its own column, so adding a column to the list does not restart the
others.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from crmhealth.results import AuditReport, Result, RuleInfo

# Parameters that do not change what a result counts.
NOT_FINGERPRINTED = frozenset({"warn", "fail", "weight", "by", "dimension", "description", "id"})


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def counted_parameters(info: RuleInfo, column: str | None) -> dict[str, Any]:
    """The parameters of `info` that decide what its result for `column` counts."""
    params = {k: v for k, v in info.parameters.items() if k not in NOT_FINGERPRINTED}
    columns = params.get("columns")
    if isinstance(columns, list) and column in columns:
        del params["columns"]
        params["column"] = column
    return {"type": info.type, "table": info.table, "column": column, **params}


def result_fingerprint(info: RuleInfo | None, result: Result) -> str:
    """A short hash of what `result` counts (its check's parameters, thresholds excluded)."""
    if info is None:
        return _digest({"type": result.type, "table": result.table, "column": result.column})
    return _digest(counted_parameters(info, result.column))


def rules_fingerprint(report: AuditReport) -> str:
    """A short hash of the whole configuration: every check as configured and the weights."""
    return _digest(
        {
            "checks": [info.to_dict() | {"where": None} for info in report.checks],
            "weights": {d.name: d.weight for d in report.dimensions},
        }
    )
