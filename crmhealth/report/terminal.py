"""The terminal report: score and dimension bars, then a table per source table, worst first.

Every value that came from the data or the rules is rendered as plain Text, never as Rich markup,
so a CRM value like ``[bold]`` prints as itself. Labels are translated (``--lang zh``); check
messages are the checks' English.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO, ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from crmhealth.i18n import Texts, texts
from crmhealth.report import view
from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.results import AuditReport, DimensionScore, Result, Status

STATUS_STYLE = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "red bold",
    Status.ERROR: "magenta bold",
}
GRADE_STYLE = {"A": "green bold", "B": "green", "C": "yellow", "D": "red", "F": "red bold"}
BAR_WIDTH = 30
# C0 and C1 control characters (ESC among them) would let a CRM value move the cursor, clear the
# screen or retitle the window; tab and newline in messages are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """`text` with control characters shown as escapes (``\\x1b``), safe for a terminal."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", str(text))


BREAKDOWN_ROWS = 5


def _bar(score: float) -> Text:
    filled = round(score / 100 * BAR_WIDTH)
    style = "green" if score >= 90 else "yellow" if score >= 70 else "red"
    return Text("█" * filled, style=style) + Text("░" * (BAR_WIDTH - filled), style="dim")


def delta_text(now: float, before: float, unit: str = "") -> Text:
    """``▲ 2.3`` (green), ``▼ 16.0`` (red) or ``=`` (dim): a change against the previous run,
    rounded to one decimal as the figures are shown."""
    change = round(round(now, 1) - round(before, 1), 1)  # agrees with the figures shown
    if change > 0:
        return Text(f"▲ {change:.1f}{unit}", style="green")
    if change < 0:
        return Text(f"▼ {-change:.1f}{unit}", style="red")
    return Text("=", style="dim")


def score_delta(report: AuditReport, t: Texts | None = None) -> Text:
    """`` ▼ 2.7 since 2026-10-01 (84.6)`` after the score, with history; empty otherwise."""
    t = t or texts("en")
    if report.score is None or report.previous_score is None or report.previous_as_of is None:
        return Text("")
    since = " " + t._("since {date} ({score})").format(
        date=report.previous_as_of.isoformat(), score=f"{report.previous_score:.1f}"
    )
    return Text("   ") + delta_text(report.score, report.previous_score) + Text(since, style="dim")


def dimension_delta(dim: DimensionScore) -> Text:
    """A dimension's change since the previous run (empty without one)."""
    if dim.score is None or dim.previous is None:
        return Text("")
    return Text("  ") + delta_text(dim.score, dim.previous)


def result_delta(result: Result) -> Text:
    """A result's pass-rate change since the previous run, in percentage points (empty without
    previous figures)."""
    if result.previous is not None and result.status is not Status.ERROR:
        return Text("\n") + delta_text(
            100 * result.pass_rate, 100 * result.previous.pass_rate, " pp"
        )
    return Text("")


def series_line(result: Result) -> Text | None:
    """The result's history note (``parameters changed since …: a new series``)."""
    return None if result.series_note is None else Text(printable(result.series_note), style="dim")


def score_panel(report: AuditReport, t: Texts | None = None) -> RenderableType:
    """The overall score, the grade and one bar per dimension."""
    t = t or texts("en")
    if report.score is None:
        head = Text(t._("CRM health: not measured (no check produced a result)"), style="bold")
    else:
        head = Text.assemble(
            (t._("CRM health") + " ", "bold"),
            (f"{report.score:.1f}", "bold"),
            " / 100   " + t._("grade") + " ",
            (report.grade or "", GRADE_STYLE.get(report.grade or "", "")),
        ) + score_delta(report, t)
    bars = Table.grid(padding=(0, 2))
    for dim in report.dimensions:
        label = Text(view.dimension_label(dim.name, t))
        if dim.score is None:
            bars.add_row(label, Text(t._("not measured"), style="dim"), Text(""))
        else:
            count = t.ngettext("{n} result", "{n} results", dim.results).format(n=dim.results)
            bars.add_row(
                label, _bar(dim.score), Text(f"{dim.score:5.1f}  ({count})") + dimension_delta(dim)
            )
    as_of = t._("as of {date}").format(date=report.as_of.isoformat())
    return Group(head, Text(as_of, style="dim"), bars)


def _breakdown_line(result: Result, t: Texts) -> Text | None:
    """``by owner_id, worst: U015 76.2% (31/130) · U006 78.3% (20/92) · … 20 more``."""
    if not result.breakdown:
        return None
    parts = []
    for stat in result.breakdown[:BREAKDOWN_ROWS]:
        label = t._("(missing)") if stat.group is None else printable(stat.group)
        parts.append(f"{label} {stat.pass_rate:.1%} ({stat.failed}/{stat.total})")
    more = len(result.breakdown) - BREAKDOWN_ROWS
    tail = " · … " + t._("{n} more in JSON").format(n=more) if more > 0 else ""
    head = t._("by {column}, worst: ").format(column=printable(result.by))
    return Text(head + " · ".join(parts) + tail, style="dim")


def attention_list(
    report: AuditReport, limit: int = 5, t: Texts | None = None
) -> RenderableType | None:
    """The worst results across all tables, one line each."""
    t = t or texts("en")
    worst = [r for r in report.worst_first() if r.status is not Status.PASS][:limit]
    if not worst:
        return None
    lines = [Text(t._("Needs attention"), style="bold")]
    width = max(cell_len(_status_word(status, t)) for status in Status) + 1
    for result in worst:
        rate = "—" if result.status is Status.ERROR else f"{result.pass_rate:.1%}"
        lines.append(
            Text.assemble(
                (_padded(_status_word(result.status, t), width), STATUS_STYLE[result.status]),
                (f"{rate:>6}  ", ""),
                (printable(result.message), ""),
            )
        )
    return Group(*lines)


def table_report(report: AuditReport, table_name: str, t: Texts | None = None) -> RenderableType:
    """One table of results for a source table, worst first."""
    t = t or texts("en")
    info = next((i for i in report.tables if i.name == table_name), None)
    title = Text(printable(table_name), style="bold")
    if info is not None:
        sizes = t._("{rows} rows · {columns} columns").format(
            rows=f"{info.rows:,}", columns=info.columns
        )
        title += Text(f"  {printable(info.source)} · {sizes}", style="dim")
    grid = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    grid.add_column(t._("status"), no_wrap=True)
    grid.add_column(t._("check · finding"), ratio=1, overflow="fold")
    grid.add_column(t._("pass rate"), justify="right", no_wrap=True)
    grid.add_column(t._("failed / total"), justify="right", no_wrap=True)
    for result in (r for r in report.worst_first() if r.table == table_name):
        cell = Text(printable(result.check), style="bold")
        if result.column:
            cell += Text(f" · {printable(result.column)}")
        cell += Text("\n") + Text(printable(result.message))
        if (line := _breakdown_line(result, t)) is not None:
            cell += Text("\n") + line
        if (note := series_line(result)) is not None:
            cell += Text("\n") + note
        grid.add_row(
            Text(_status_word(result.status, t), style=STATUS_STYLE[result.status]),
            cell,
            Text("—" if result.status is Status.ERROR else f"{result.pass_rate:.1%}")
            + result_delta(result),
            Text(f"{result.failed:,} / {result.total:,}"),
        )
    return grid


def _padded(text: str, cells: int) -> str:
    """`text` padded to `cells` terminal columns (a CJK character takes two)."""
    return text + " " * max(cells - cell_len(text), 0)


def _status_word(status: Status, t: Texts) -> str:
    """``FAIL`` in English, ``不通过`` in Chinese."""
    return view.status_label(status, t).upper()


def summary_line(report: AuditReport, t: Texts | None = None) -> Text:
    """``8 results: 5 pass, 2 warn, 1 fail, 0 error``."""
    t = t or texts("en")
    counts = report.summary()
    count = len(report.results)
    text = Text(t.ngettext("{n} result: ", "{n} results: ", count).format(n=count))
    parts = [
        (counts[status.value], view.status_label(status, t), style)
        for status, style in (
            (Status.PASS, "green"),
            (Status.WARN, "yellow"),
            (Status.FAIL, "red"),
            (Status.ERROR, "magenta"),
        )
    ]
    for i, (number, label, style) in enumerate(parts):
        text += Text(f"{number} {label}", style=style if number else "dim")
        if i < len(parts) - 1:
            text += Text(", ")
    if report.score is not None:
        text += Text(
            " · "
            + t._("score {score} ({grade})").format(score=f"{report.score:.1f}", grade=report.grade)
        )
    return text


def render(report: AuditReport, console: Console, quiet: bool = False, lang: str = "en") -> None:
    """Print the report; with `quiet` only the summary line."""
    t = texts(lang)
    if not quiet:
        console.print(score_panel(report, t))
        console.print()
        for info in report.tables:
            if info.rows == 0:
                note = t._(
                    "Note: {table} ({source}) has no rows; its checks could not measure "
                    "anything and are errors."
                ).format(table=printable(info.name), source=printable(info.source))
                console.print(Text(note, style="yellow"))
        if (attention := attention_list(report, t=t)) is not None:
            console.print(attention)
            console.print()
        for info in report.tables:
            if any(r.table == info.name for r in report.results):
                console.print(table_report(report, info.name, t))
    console.print(summary_line(report, t))


class TerminalReporter(Reporter):
    """The human-readable report: colours on a terminal, plain text in a file."""

    name: ClassVar[str] = "terminal"
    extensions: ClassVar[tuple[str, ...]] = (".txt",)
    description: ClassVar[str] = "score, dimension bars and a table per source table"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        if options.is_terminal:
            render(report, Console(highlight=False), quiet=options.quiet, lang=options.lang)
            return
        buffer = io.StringIO()
        console = Console(record=True, width=120, highlight=False, file=buffer)
        render(report, console, quiet=options.quiet, lang=options.lang)
        out.write(console.export_text().encode("utf-8"))
