"""The JSON result document (schema_version 1: fields are only ever added)."""

from __future__ import annotations

import json
from typing import Any

from crmhealth import __version__
from crmhealth.results import AuditReport

SCHEMA_VERSION = 1


def report_document(report: AuditReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "tool": "crmhealth",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "generated_at": report.generated_at,
        "rules": report.rules,
        "score": None if report.score is None else round(report.score, 1),
        "grade": report.grade,
        "dimensions": [d.to_dict() for d in report.dimensions],
        "tables": [t.to_dict() for t in report.tables],
        "summary": report.summary(),
        "checks": [r.to_dict() for r in report.results],
    }


def render(report: AuditReport) -> str:
    """The JSON document as text (UTF-8, Chinese kept readable)."""
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"
