"""Reporters: one module per output format, each reading an AuditReport and nothing else.

``REPORTERS`` maps a format name to its reporter; the CLI's ``--format`` choices and the
``--output`` extensions come from it. Adding a format is one module and one entry here.
"""

from __future__ import annotations

from pathlib import Path

from crmhealth.report.base import FixLists, RenderOptions, Reporter
from crmhealth.report.html import HtmlReporter
from crmhealth.report.json import JsonReporter
from crmhealth.report.junit import JunitReporter
from crmhealth.report.markdown import MarkdownReporter
from crmhealth.report.terminal import TerminalReporter
from crmhealth.report.xlsx import XlsxReporter

REPORTERS: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (
        TerminalReporter(),
        JsonReporter(),
        HtmlReporter(),
        MarkdownReporter(),
        JunitReporter(),
        XlsxReporter(),
    )
}


def reporter_for_path(path: Path) -> Reporter | None:
    """The reporter whose extensions include `path`'s suffix, if any."""
    suffix = path.suffix.lower()
    for reporter in REPORTERS.values():
        if suffix in reporter.extensions:
            return reporter
    return None


__all__ = ["REPORTERS", "FixLists", "RenderOptions", "Reporter", "reporter_for_path"]
