"""What the HTML, Markdown and terminal reports share: translated labels and result texts.

Everything here reads results and returns strings in the report's language. Check messages are
produced by the checks in English and are shown as they are; labels, statuses, dimensions and
each check type's documentation (its msgids are in the catalogue) are translated.
"""

from __future__ import annotations

import re

from crmhealth.i18n import N_, Texts
from crmhealth.results import AuditReport, Result, Status

STATUS_LABELS = {
    Status.PASS: N_("pass"),
    Status.WARN: N_("warn"),
    Status.FAIL: N_("fail"),
    Status.ERROR: N_("error"),
}
DIMENSION_LABELS = {
    "accuracy": N_("accuracy"),
    "completeness": N_("completeness"),
    "freshness": N_("freshness"),
    "usage": N_("usage"),
    "feedback": N_("feedback"),
}
# Unicode bidi controls and C0/C1 control characters: shown as \uXXXX so a CRM value can never
# reorder the text around it or hide characters.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def visible(text: str) -> str:
    """`text` with bidi overrides and control characters shown as ``\\u202e`` escapes."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def status_label(status: Status, t: Texts) -> str:
    return t._(STATUS_LABELS[status])


def dimension_label(name: str, t: Texts) -> str:
    return t._(DIMENSION_LABELS[name]) if name in DIMENSION_LABELS else name


def result_name(result: Result) -> str:
    """``contact-fields · email`` (the check id and, when there is one, the column)."""
    return f"{result.check} · {result.column}" if result.column else result.check


def pass_rate_text(result: Result, t: Texts) -> str:
    """The pass rate, or a dash for a check that could not run."""
    return "—" if result.status is Status.ERROR else t.percent(result.pass_rate)


def thresholds_text(result: Result, t: Texts) -> str:
    """``warn below 98.0% · fail below 90.0%`` in the report's language."""
    parts = [t._("warn below {rate}").format(rate=t.percent(result.warn))]
    if result.fail is not None:
        parts.append(t._("fail below {rate}").format(rate=t.percent(result.fail)))
    return " · ".join(parts)


def doc_texts(result: Result, t: Texts) -> tuple[str, str, str]:
    """The check type's summary, why it matters and what to do, translated (msgids)."""
    if result.doc is None:
        return "", "", ""
    return t._(result.doc.summary), t._(result.doc.why), t._(result.doc.fix)


def attention(report: AuditReport) -> list[Result]:
    """Failing and warning results (and errors), worst first."""
    return [r for r in report.worst_first() if r.status is not Status.PASS]


def delta_text(current: float, previous: float, t: Texts, *, points: bool = False) -> str:
    """``+1.2 pts`` / ``-0.5%`` against the previous run."""
    change = current - previous
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    if points:
        return t._("{sign}{value} pts").format(sign=sign, value=t.number(abs(change), 1))
    return f"{sign}{t.percent(abs(change))}"
