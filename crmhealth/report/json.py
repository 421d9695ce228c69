"""The JSON result document (schema_version 1: fields are only ever added)."""

from __future__ import annotations

import json
from typing import Any, BinaryIO, ClassVar

from crmhealth import __version__
from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.report.document import checked
from crmhealth.results import AuditReport

SCHEMA_VERSION = 1


def report_document(report: AuditReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    document: dict[str, Any] = {
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
        "elapsed": round(report.elapsed, 3),
        "rules_configured": [c.to_dict() for c in report.checks],
    }
    if report.previous_score is not None or report.previous_as_of is not None:
        document["previous_score"] = (
            None if report.previous_score is None else round(report.previous_score, 1)
        )
        document["previous_as_of"] = (
            None if report.previous_as_of is None else report.previous_as_of.isoformat()
        )
    if report.score_history:
        document["score_history"] = [p.to_dict() for p in report.score_history]
    return checked(document)


def render(report: AuditReport) -> str:
    """The JSON document as text (UTF-8, Chinese kept readable)."""
    return json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n"


class JsonReporter(Reporter):
    """The stable JSON document, for programs and CI jobs."""

    name: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "the stable JSON document (schema: `crmhealth schema`)"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        out.write(render(report).encode("utf-8"))
