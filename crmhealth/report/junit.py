"""JUnit XML as CI servers read it (GitLab, Jenkins, Azure DevOps "Publish Test Results").

One ``testsuite`` per source table and one ``testcase`` per result: ``classname`` is the table,
``name`` the check id and column, ``time`` the check's elapsed seconds. A ``fail`` result is a
``failure`` and an ``error`` result an ``error``, each with the message and figures; a warning
passes and carries its message in ``system-out``. The counts are the JSON document's summary.

Characters XML 1.0 cannot hold (control characters, lone surrogates) are written as ``\\xNN``
escapes, so a CRM value never breaks the file. Samples are as masked as the result holds them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import BinaryIO, ClassVar

from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.results import AuditReport, GroupSample, KeySample, Result, RowSample, Status

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SAMPLES = 5


def xml_text(text: object) -> str:
    """`text` with characters XML 1.0 cannot hold shown as ``\\xNN`` / ``\\uXXXX``."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(escape, str(text))


def case_name(result: Result) -> str:
    return f"{result.check} [{result.column}]" if result.column else result.check


def figures(result: Result) -> str:
    """``failed 7 of 25 (pass rate 72.0%; warn below 90.0%, fail below 75.0%)``."""
    limits = f"warn below {result.warn:.1%}"
    if result.fail is not None:
        limits += f", fail below {result.fail:.1%}"
    return (
        f"failed {result.failed} of {result.total} "
        f"(pass rate {result.pass_rate:.1%}; {limits}); {result.dimension}, type {result.type}"
    )


def _sample_line(sample: RowSample | GroupSample | KeySample) -> str:
    if isinstance(sample, RowSample):
        parts = [f"row {sample.row}"]
        if sample.has_id:
            parts.append(f"id {sample.id}")
        if sample.has_value:
            parts.append(f"value {sample.value!r}")
        if sample.reason:
            parts.append(sample.reason)
        return ", ".join(parts)
    if isinstance(sample, GroupSample):
        return f"group {sample.group}: rows {', '.join(map(str, sample.rows))}"
    return f"{sample.key_name} {sample.key}: " + ", ".join(
        f"{k} {v}" for k, v in sample.figures.items()
    )


def _body(result: Result) -> str:
    lines = [result.message, figures(result)]
    if result.doc is not None and result.doc.fix:
        lines.append(f"What to do: {result.doc.fix}")
    if result.samples:
        lines.append("Samples:")
        lines += [f"  {_sample_line(s)}" for s in result.samples[:SAMPLES]]
    return "\n".join(lines)


def _testcase(result: Result) -> ET.Element:
    case = ET.Element(
        "testcase",
        name=xml_text(case_name(result)),
        classname=xml_text(result.table),
        time=f"{result.elapsed:.3f}",
    )
    if result.status is Status.FAIL:
        failure = ET.SubElement(
            case, "failure", message=xml_text(result.message), type=xml_text(result.type)
        )
        failure.text = xml_text(_body(result))
    elif result.status is Status.ERROR:
        error = ET.SubElement(
            case, "error", message=xml_text(result.message), type=xml_text(result.type)
        )
        error.text = xml_text(result.message)
    elif result.status is Status.WARN:
        out = ET.SubElement(case, "system-out")
        out.text = xml_text("WARN: " + _body(result))
    return case


def document(report: AuditReport) -> ET.Element:
    """The ``testsuites`` element of the report."""
    order = [t.name for t in report.tables]
    order += [r.table for r in report.results if r.table not in order]
    counts = report.summary()
    root = ET.Element(
        "testsuites",
        name=xml_text(f"crmhealth {report.rules_name or report.rules}"),
        tests=str(len(report.results)),
        failures=str(counts["fail"]),
        errors=str(counts["error"]),
        time=f"{report.elapsed:.3f}",
    )
    for table in dict.fromkeys(order):
        results = [r for r in report.results if r.table == table]
        if not results:
            continue
        suite = ET.SubElement(
            root,
            "testsuite",
            name=xml_text(table),
            tests=str(len(results)),
            failures=str(sum(r.status is Status.FAIL for r in results)),
            errors=str(sum(r.status is Status.ERROR for r in results)),
            skipped="0",
            time=f"{sum(r.elapsed for r in results):.3f}",
            timestamp=xml_text(report.generated_at),
        )
        for result in results:
            suite.append(_testcase(result))
    return root


def render(report: AuditReport) -> bytes:
    root = document(report)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


class JunitReporter(Reporter):
    """JUnit XML for CI test-result views: a test case per result."""

    name: ClassVar[str] = "junit"
    extensions: ClassVar[tuple[str, ...]] = (".xml",)
    description: ClassVar[str] = "JUnit XML for CI servers (a test case per result)"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        out.write(render(report))
