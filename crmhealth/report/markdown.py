"""A compact Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Score, a dimension table and the worst results; no links, no images, nothing external. Values
from the data or the rules are escaped so they cannot open a link, an image, HTML or a table
cell (``|``), and line breaks and control characters are flattened.
"""

from __future__ import annotations

import re
from typing import BinaryIO, ClassVar

from crmhealth.i18n import Texts, texts
from crmhealth.report import view
from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.results import AuditReport

WORST = 10
STATUS_ICON = {"pass": "✅", "warn": "⚠️", "fail": "❌", "error": "⛔"}
# What gives text a meaning inside a table cell (CommonMark and GitHub's flavour): emphasis, code,
# links and images, HTML, entities, the cell separator, and the `.`, `:`, `@` of autolinks.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|<>~&.:@])")
_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f-\x9f]+")


def md(text: object) -> str:
    """`text` as inert Markdown: special characters backslash-escaped, one line."""
    return _SPECIAL.sub(r"\\\1", view.visible(_BREAKS.sub(" ", str(text))))


def render(report: AuditReport, t: Texts) -> str:
    """The summary in the report's language (labels only; check messages stay English)."""
    title, score_label = t._("CRM health report"), t._("Score")
    not_measured, as_of = t._("not measured"), t._("As of")
    lines = [f"## {title}: {md(report.rules_name or report.rules)}", ""]
    counts = report.summary()
    if report.score is None:
        lines.append(f"**{score_label}: {not_measured}**")
    else:
        score = f"**{score_label}: {t.number(report.score, 1)} / 100 ({report.grade})**"
        if report.previous_score is not None:
            score += " " + view.delta_text(report.score, report.previous_score, t, points=True)
        lines.append(score)
    tally = " · ".join(
        f"{counts[status.value]} {view.status_label(status, t)}" for status in view.STATUS_LABELS
    )
    lines += [
        "",
        f"{as_of} {t.date(report.as_of)} · {tally}",
        "",
        "| " + " | ".join((t._("Dimension"), score_label, t._("Results"))) + " |",
        "|---|---:|---:|",
    ]
    for dim in report.dimensions:
        score = not_measured if dim.score is None else t.number(dim.score, 1)
        lines.append(f"| {view.dimension_label(dim.name, t)} | {score} | {dim.results} |")
    worst = view.attention(report)
    lines.append("")
    if not worst:
        lines.append(t._("Every check passed."))
    else:
        header = (t._("Check"), t._("Table"), t._("Pass rate"), t._("Failed / total"))
        lines += [
            "### " + t._("What to fix first"),
            "",
            "| | " + " | ".join((*header, t._("Finding"))) + " |",
            "|---|---|---|---:|---:|---|",
        ]
        for result in worst[:WORST]:
            lines.append(
                f"| {STATUS_ICON[result.status.value]} {view.status_label(result.status, t)} "
                f"| {md(view.result_name(result))} | {md(result.table)} "
                f"| {view.pass_rate_text(result, t)} "
                f"| {t.number(result.failed)} / {t.number(result.total)} | {md(result.message)} |"
            )
        if len(worst) > WORST:
            more = len(worst) - WORST
            lines += ["", t._("… and {n} more; see the full report.").format(n=more)]
    lines.append("")
    return "\n".join(lines)


class MarkdownReporter(Reporter):
    """A compact summary for a pull-request comment or a CI job summary."""

    name: ClassVar[str] = "markdown"
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    description: ClassVar[str] = "a compact summary for pull requests ($GITHUB_STEP_SUMMARY)"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        out.write(render(report, texts(options.lang)).encode("utf-8"))
