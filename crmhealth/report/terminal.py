"""The terminal report: score and dimension bars, then a table per source table, worst first.

Every value that came from the data or the rules is rendered as plain Text, never as Rich markup,
so a CRM value like ``[bold]`` prints as itself.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO, ClassVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

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


def score_delta(report: AuditReport) -> Text:
    """`` ▼ 2.7 since 2026-10-01 (84.6)`` after the score, with history; empty otherwise."""
    if report.score is None or report.previous_score is None or report.previous_as_of is None:
        return Text("")
    since = f" since {report.previous_as_of.isoformat()} ({report.previous_score:.1f})"
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


def score_panel(report: AuditReport) -> RenderableType:
    """The overall score, the grade and one bar per dimension."""
    if report.score is None:
        head = Text("CRM health: not measured (no check produced a result)", style="bold")
    else:
        head = Text.assemble(
            ("CRM health ", "bold"),
            (f"{report.score:.1f}", "bold"),
            " / 100   grade ",
            (report.grade or "", GRADE_STYLE.get(report.grade or "", "")),
        ) + score_delta(report)
    bars = Table.grid(padding=(0, 2))
    for dim in report.dimensions:
        if dim.score is None:
            bars.add_row(Text(dim.name), Text("not measured", style="dim"), Text(""))
        else:
            bars.add_row(
                Text(dim.name),
                _bar(dim.score),
                Text(f"{dim.score:5.1f}  ({dim.results} result{'s' if dim.results != 1 else ''})")
                + dimension_delta(dim),
            )
    return Group(head, Text(f"as of {report.as_of.isoformat()}", style="dim"), bars)


def _breakdown_line(result: Result) -> Text | None:
    """``by owner_id, worst: U015 76.2% (31/130) · U006 78.3% (20/92) · … 20 more``."""
    if not result.breakdown:
        return None
    parts = []
    for stat in result.breakdown[:BREAKDOWN_ROWS]:
        label = "(missing)" if stat.group is None else printable(stat.group)
        parts.append(f"{label} {stat.pass_rate:.1%} ({stat.failed}/{stat.total})")
    more = len(result.breakdown) - BREAKDOWN_ROWS
    tail = f" · … {more} more in JSON" if more > 0 else ""
    return Text(f"by {printable(result.by)}, worst: " + " · ".join(parts) + tail, style="dim")


def attention_list(report: AuditReport, limit: int = 5) -> RenderableType | None:
    """The worst results across all tables, one line each."""
    worst = [r for r in report.worst_first() if r.status is not Status.PASS][:limit]
    if not worst:
        return None
    lines = [Text("Needs attention", style="bold")]
    for result in worst:
        rate = "—" if result.status is Status.ERROR else f"{result.pass_rate:.1%}"
        lines.append(
            Text.assemble(
                (f"{result.status.value.upper():5} ", STATUS_STYLE[result.status]),
                (f"{rate:>6}  ", ""),
                (printable(result.message), ""),
            )
        )
    return Group(*lines)


def table_report(report: AuditReport, table_name: str) -> RenderableType:
    """One table of results for a source table, worst first."""
    info = next((t for t in report.tables if t.name == table_name), None)
    title = Text(printable(table_name), style="bold")
    if info is not None:
        title += Text(
            f"  {printable(info.source)} · {info.rows:,} rows · {info.columns} columns", style="dim"
        )
    grid = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    grid.add_column("status", no_wrap=True)
    grid.add_column("check · finding", ratio=1, overflow="fold")
    grid.add_column("pass rate", justify="right", no_wrap=True)
    grid.add_column("failed / total", justify="right", no_wrap=True)
    for result in (r for r in report.worst_first() if r.table == table_name):
        cell = Text(printable(result.check), style="bold")
        if result.column:
            cell += Text(f" · {printable(result.column)}")
        cell += Text("\n") + Text(printable(result.message))
        if (line := _breakdown_line(result)) is not None:
            cell += Text("\n") + line
        if (note := series_line(result)) is not None:
            cell += Text("\n") + note
        grid.add_row(
            Text(result.status.value.upper(), style=STATUS_STYLE[result.status]),
            cell,
            Text("—" if result.status is Status.ERROR else f"{result.pass_rate:.1%}")
            + result_delta(result),
            Text(f"{result.failed:,} / {result.total:,}"),
        )
    return grid


def summary_line(report: AuditReport) -> Text:
    """``8 results: 5 pass, 2 warn, 1 fail, 0 error``."""
    counts = report.summary()
    count = len(report.results)
    text = Text(f"{count} result{'s' if count != 1 else ''}: ")
    parts = [
        (f"{counts['pass']} pass", "green"),
        (f"{counts['warn']} warn", "yellow"),
        (f"{counts['fail']} fail", "red"),
        (f"{counts['error']} error", "magenta"),
    ]
    for i, (label, style) in enumerate(parts):
        text += Text(label, style=style if not label.startswith("0 ") else "dim")
        if i < len(parts) - 1:
            text += Text(", ")
    if report.score is not None:
        text += Text(f" · score {report.score:.1f} ({report.grade})")
    return text


def render(report: AuditReport, console: Console, quiet: bool = False) -> None:
    """Print the report; with `quiet` only the summary line."""
    if not quiet:
        console.print(score_panel(report))
        console.print()
        for info in report.tables:
            if info.rows == 0:
                console.print(
                    Text(
                        f"Note: {printable(info.name)} ({printable(info.source)}) has no rows; "
                        "its checks could not measure anything and are errors.",
                        style="yellow",
                    )
                )
        if (attention := attention_list(report)) is not None:
            console.print(attention)
            console.print()
        for info in report.tables:
            if any(r.table == info.name for r in report.results):
                console.print(table_report(report, info.name))
    console.print(summary_line(report))


class TerminalReporter(Reporter):
    """The human-readable report: colours on a terminal, plain text in a file."""

    name: ClassVar[str] = "terminal"
    extensions: ClassVar[tuple[str, ...]] = (".txt",)
    description: ClassVar[str] = "score, dimension bars and a table per source table"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        if options.is_terminal:
            render(report, Console(highlight=False), quiet=options.quiet)
            return
        buffer = io.StringIO()
        console = Console(record=True, width=120, highlight=False, file=buffer)
        render(report, console, quiet=options.quiet)
        out.write(console.export_text().encode("utf-8"))
