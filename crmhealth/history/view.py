"""``crmhealth history``: the stored runs, or one check's series, as terminal, JSON or HTML.

The listing reads only the history file. Deltas compare each run with the previous run in the
series (the latest run of each earlier as_of); a run superseded by a later run for the same
as_of is listed, marked, and left out of the series.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crmhealth.errors import UserError, did_you_mean
from crmhealth.history.attach import effective_runs
from crmhealth.history.records import RunRecord
from crmhealth.results import DIMENSIONS

FORMATS = ("terminal", "json", "html")


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def run_rows(runs: Sequence[RunRecord]) -> list[dict[str, Any]]:
    """One row per stored run, oldest first: figures, delta against the previous run in the
    series, and whether a later run for the same as_of superseded it or the rules changed."""
    kept = {id(run) for run in effective_runs(runs)}
    rows: list[dict[str, Any]] = []
    before: RunRecord | None = None
    for run in runs:
        in_series = id(run) in kept
        delta = None
        if in_series and before is not None and run.score is not None and before.score is not None:
            # From the scores as shown, so that the change agrees with them.
            delta = round(round(run.score, 1) - round(before.score, 1), 1)
        rows.append(
            {
                "run": run.run_id,
                "as_of": run.as_of.isoformat(),
                "run_at": run.run_at,
                "crmhealth_version": run.version,
                "score": _round(run.score),
                "grade": run.grade,
                "delta": delta,
                "dimensions": {name: _round(score) for name, score in run.dimensions.items()},
                "superseded": not in_series,
                "rules_changed": bool(
                    in_series
                    and before is not None
                    and before.rules_fingerprint != run.rules_fingerprint
                ),
                "results": len(run.results),
            }
        )
        if in_series:
            before = run
    return rows


def check_rows(runs: Sequence[RunRecord], check: str) -> list[dict[str, Any]]:
    """One check's results over the series, oldest first, one row per run and column."""
    series = effective_runs(runs)
    known = sorted({r.check for run in runs for r in run.results})
    if check not in known:
        raise UserError(
            f"no check '{check}' in the history" + did_you_mean(check, known), "--check"
        )
    rows: list[dict[str, Any]] = []
    last: dict[tuple[str, str | None], tuple[str, float]] = {}
    for run in series:
        for result in (r for r in run.results if r.check == check):
            key = (result.table, result.column)
            earlier = last.get(key)
            same_series = earlier is not None and earlier[0] == result.fingerprint
            rows.append(
                {
                    "as_of": run.as_of.isoformat(),
                    "run_at": run.run_at,
                    "table": result.table,
                    "column": result.column,
                    "status": result.status.value,
                    "failed": result.failed,
                    "total": result.total,
                    "pass_rate": round(result.pass_rate, 4),
                    "delta_pass_rate": round(result.pass_rate - earlier[1], 4)
                    if same_series and earlier is not None
                    else None,
                    "new_series": earlier is not None and not same_series,
                    "message": result.message,
                }
            )
            last[key] = (result.fingerprint, result.pass_rate)
    return rows


def document(path: str, runs: Sequence[RunRecord], check: str | None) -> dict[str, Any]:
    """The JSON document of the listing (``runs``) or of one check's series (``series``)."""
    if check is None:
        return {"history": path, "runs": run_rows(runs)}
    return {"history": path, "check": check, "series": check_rows(runs, check)}


def render_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _signed(value: float | None, scale: float = 1.0, unit: str = "") -> Text:
    if value is None:
        return Text("")
    shown = round(value * scale, 1)
    if shown > 0:
        return Text(f"▲ {shown:.1f}{unit}", style="green")
    if shown < 0:
        return Text(f"▼ {-shown:.1f}{unit}", style="red")
    return Text("=", style="dim")


def render_terminal(doc: Mapping[str, Any], console: Console) -> None:
    if "runs" in doc:
        grid = Table(box=box.SIMPLE_HEAD, title=Text(f"Runs in {doc['history']}"))
        for name in ("as_of", "run at", "score", "grade", "delta", "note"):
            grid.add_column(name, justify="right" if name in ("score", "delta") else "left")
        for row in doc["runs"]:
            notes = []
            if row["superseded"]:
                notes.append("superseded by a later run for this as_of")
            if row["rules_changed"]:
                notes.append("rules changed")
            grid.add_row(
                row["as_of"],
                row["run_at"],
                "—" if row["score"] is None else f"{row['score']:.1f}",
                row["grade"] or "—",
                _signed(row["delta"]),
                Text("; ".join(notes), style="dim"),
            )
        console.print(grid)
        if not doc["runs"]:
            console.print("No runs stored yet.")
        return
    grid = Table(box=box.SIMPLE_HEAD, title=Text(f"{doc['check']} in {doc['history']}"))
    for name in ("as_of", "column", "status", "pass rate", "failed / total", "delta", "note"):
        grid.add_column(name)
    for row in doc["series"]:
        grid.add_row(
            row["as_of"],
            Text(f"{row['table']}.{row['column']}" if row["column"] else row["table"]),
            row["status"].upper(),
            f"{row['pass_rate']:.1%}",
            f"{row['failed']:,} / {row['total']:,}",
            _signed(row["delta_pass_rate"], 100, " pp"),
            Text("parameters changed: a new series" if row["new_series"] else "", style="dim"),
        )
    console.print(grid)


def render_text(doc: Mapping[str, Any]) -> str:
    """The terminal listing as plain text (for a file or a pipe)."""
    buffer = io.StringIO()
    console = Console(record=True, width=120, highlight=False, file=buffer)
    render_terminal(doc, console)
    return console.export_text()


# -- HTML ------------------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, MARGIN = 720, 260, 40
COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#57606a")


def _chart(title: str, labels: Sequence[str], lines: Mapping[str, Sequence[float | None]]) -> str:
    """An inline SVG line chart of 0–100 values over `labels` (one point per run)."""
    if not labels:
        return ""
    n = len(labels)
    width = CHART_WIDTH - 2 * MARGIN
    height = CHART_HEIGHT - 2 * MARGIN

    def x(i: int) -> float:
        return MARGIN + (width * i / (n - 1) if n > 1 else width / 2)

    def y(v: float) -> float:
        return MARGIN + height * (1 - v / 100)

    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT + 20 * len(lines)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{MARGIN}" x2="{MARGIN + width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#d0d7de"/><text x="{MARGIN - 6}" y="{y(tick) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{tick}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{MARGIN + height + 16}" font-size="11" '
            f'text-anchor="middle">{html.escape(label)}</text>'
        )
    for index, (name, values) in enumerate(lines.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'
            )
        for (px, py), value in zip(points, [v for v in values if v is not None], strict=True):
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}">'
                f"<title>{html.escape(name)}: {value:.1f}</title></circle>"
            )
        legend_y = CHART_HEIGHT + 20 * index
        parts.append(
            f'<rect x="{MARGIN}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{MARGIN + 16}" y="{legend_y}" font-size="12">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _delta_label(value: float | None, scale: float = 1.0) -> str:
    if value is None:
        return ""
    shown = round(value * scale, 1)
    return f"▲ {shown:.1f}" if shown > 0 else f"▼ {-shown:.1f}" if shown < 0 else "="


def render_html(doc: Mapping[str, Any]) -> str:
    """A self-contained HTML page: the chart over the runs and the table of figures."""
    if "runs" in doc:
        title = "crmhealth history"
        series = [r for r in doc["runs"] if not r["superseded"]]
        labels = [r["as_of"] for r in series]
        lines: dict[str, list[float | None]] = {"score": [r["score"] for r in series]}
        for name in DIMENSIONS:
            if any(r["dimensions"].get(name) is not None for r in series):
                lines[name] = [r["dimensions"].get(name) for r in series]
        table = _html_table(
            ("as_of", "run at", "score", "grade", "delta", "note"),
            [
                (
                    r["as_of"],
                    r["run_at"],
                    r["score"],
                    r["grade"],
                    _delta_label(r["delta"]),
                    "superseded"
                    if r["superseded"]
                    else "rules changed"
                    if r["rules_changed"]
                    else "",
                )
                for r in doc["runs"]
            ],
        )
    else:
        title = f"crmhealth history: {doc['check']}"
        labels = sorted({r["as_of"] for r in doc["series"]})
        lines = {}
        for r in doc["series"]:
            name = f"{r['table']}.{r['column']}" if r["column"] else r["table"]
            values = lines.setdefault(name, [None] * len(labels))
            values[labels.index(r["as_of"])] = 100 * r["pass_rate"]
        table = _html_table(
            (
                "as_of",
                "table",
                "column",
                "status",
                "pass rate",
                "failed",
                "total",
                "delta (pp)",
                "note",
            ),
            [
                (
                    r["as_of"],
                    r["table"],
                    r["column"],
                    r["status"],
                    f"{r['pass_rate']:.1%}",
                    r["failed"],
                    r["total"],
                    _delta_label(r["delta_pass_rate"], 100),
                    "new series" if r["new_series"] else "",
                )
                for r in doc["series"]
            ],
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#1f2328}"
        "table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #d0d7de;"
        "text-align:left}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(str(doc['history']))}</p>"
        f"{_chart(title, labels, lines)}{table}</body></html>\n"
    )
