"""The HTML health report: one self-contained file (inline CSS and SVG charts, no scripts, nothing
fetched), in English or Simplified Chinese, printable on A4.

Jinja2 autoescapes every value; data and rules strings are never marked safe. Only the SVG that
matplotlib wrote (it escapes the labels it draws) is inserted as markup, from Python. A
Content-Security-Policy without ``script-src`` means even a script that slipped through would
not run. Bidi overrides and control characters in values are shown as ``\\u202e`` escapes.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, BinaryIO, ClassVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from crmhealth.i18n import Texts, texts
from crmhealth.report import charts, view
from crmhealth.report.base import RenderOptions, Reporter
from crmhealth.results import AuditReport, GroupSample, KeySample, Result, RowSample


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ }}`` before escaping: None prints nothing, text shows bidi/control
    characters as escapes. Chart markup passes as it is."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return view.visible(value)
    return value


@functools.lru_cache(maxsize=4)
def environment(lang: str) -> Environment:
    """The template environment of one language (translations installed)."""
    t = texts(lang)
    env = Environment(
        loader=PackageLoader("crmhealth.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        t.gettext, t.ngettext, newstyle=True
    )
    return env


@dataclass
class ChartView:
    title: str
    svg: Markup | None
    note: str = ""


@dataclass
class SampleTable:
    """Samples as a table: header cells and rows of cells (all plain text)."""

    header: list[str]
    rows: list[list[str]]


@dataclass
class GroupView:
    """One duplicate group side by side: one column per member record."""

    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class ResultView:
    anchor: str
    result: Result
    name: str
    status: str
    status_label: str
    pass_rate: str
    failed: str
    total: str
    thresholds: str
    summary: str
    why: str
    fix: str
    delta: str = ""
    previous: str = ""
    samples: SampleTable | None = None
    groups: list[GroupView] = field(default_factory=list)
    breakdown: list[list[str]] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    legend: str = ""  # explains the ★ of a suggested master record


def _cell(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _samples(result: Result, t: Texts) -> tuple[SampleTable | None, list[GroupView]]:
    rows = [s for s in result.samples if isinstance(s, RowSample)]
    keys = [s for s in result.samples if isinstance(s, KeySample)]
    groups = [s for s in result.samples if isinstance(s, GroupSample)]
    table: SampleTable | None = None
    if rows:
        header = [t._("row")]
        with_id = any(s.has_id for s in rows)
        with_value = any(s.has_value for s in rows)
        with_reason = any(s.reason is not None for s in rows)
        header += [t._("id")] * with_id + [t._("value")] * with_value
        header += [t._("reason")] * with_reason
        body = []
        for s in rows:
            cells = [t.number(s.row)]
            cells += [_cell(s.id)] * with_id + [_cell(s.value)] * with_value
            cells += [_cell(s.reason)] * with_reason
            body.append(cells)
        table = SampleTable(header, body)
    elif keys:
        figure_names = list(dict.fromkeys(k for s in keys for k in s.figures))
        header = [keys[0].key_name, *figure_names]
        body = [[_cell(s.key)] + [_cell(s.figures.get(k)) for k in figure_names] for s in keys]
        table = SampleTable(header, body)
    group_views = []
    for g in groups:
        members = [
            t._("row {row}").format(row=t.number(row))
            + (f" · {g.ids[i]}" if g.ids is not None and g.ids[i] is not None else "")
            + (" ★" if g.master == row else "")
            for i, row in enumerate(g.rows)
        ]
        body = [[name, *[_cell(v) for v in values]] for name, values in g.values.items()]
        if g.score is not None:
            body.append([t._("match score"), *["" if s is None else f"{s:.3f}" for s in g.score]])
        if g.reason is not None:
            body.append([t._("match reason"), *[_cell(r) for r in g.reason]])
        title = t._("group {number}").format(number=g.group)
        group_views.append(GroupView(title, ["", *members], body))
    return table, group_views


def _columns(title: str, rows: list[dict[str, Any]], label: str, value: str) -> ChartView:
    """A column chart of `rows` in their order (weeks, age brackets): `label` under each column,
    `value` its height."""
    return ChartView(
        title,
        charts.column_chart(
            [str(row[label]) for row in rows], [float(row[value]) for row in rows], title=title
        ),
    )


def _detail_charts(result: Result, t: Texts) -> list[ChartView]:
    details = result.details
    out: list[ChartView] = []
    # Details are read by check type (other types may use the same keys for other shapes).
    if result.type == "usage" and isinstance(details.get("per_user"), list):
        users = list(details["per_user"])
        title = t._("Events per user")
        minimum = details.get("min_events")
        out.append(
            ChartView(
                title,
                charts.bar_chart(
                    [str(u["user"]) for u in users],
                    [float(u["events"]) for u in users],
                    title=title,
                    colours=[
                        charts.FAIL_COLOUR
                        if minimum is not None and u["events"] < minimum
                        else charts.NEUTRAL_COLOUR
                        for u in users
                    ],
                    threshold=minimum,
                    threshold_label=t._("minimum {n}").format(n=minimum) if minimum else "",
                    value_format="{:,.0f}",
                ),
                t._("the {n} users with the fewest events").format(n=charts.MAX_BARS)
                if len(users) > charts.MAX_BARS
                else "",
            )
        )
    if result.type == "usage" and isinstance(details.get("per_week"), list):
        out.append(_columns(t._("Events per week"), details["per_week"], "start", "events"))
    if result.type == "freshness" and isinstance(details.get("age_distribution"), list):
        title = t._("Record age (days since the last update)")
        out.append(_columns(title, details["age_distribution"], "age", "records"))
    if result.type == "feedback_coverage" and isinstance(details.get("by_channel"), list):
        channels = list(details["by_channel"])
        title = t._("Feedback coverage by channel")
        out.append(
            ChartView(
                title,
                charts.bar_chart(
                    [str(c["channel"]) for c in channels],
                    [float(c["coverage"]) * 100 for c in channels],
                    title=title,
                    value_format="{:.1f}%",
                )
                if result.total
                else None,
            )
        )
    funnel = details.get("funnel")
    # The funnel is the same on every result of a pipeline check: drawn once, on the result
    # that counts all deals (unknown_stage).
    if result.type == "pipeline" and details.get("rule") == "unknown_stage" and funnel:
        title = t._("Sales funnel: deals per stage")
        stages = [(str(s["stage"]), float(s["deals"])) for s in funnel.get("stages", [])]
        stages += [(t._("won"), float(funnel["won"]["deals"]))]
        stages += [(t._("lost"), float(funnel["lost"]["deals"]))]
        out.append(
            ChartView(
                title,
                charts.column_chart([s for s, _ in stages], [n for _, n in stages], title=title),
                t._("win rate {rate}").format(rate=f"{funnel['win_rate']:.1%}")
                if funnel.get("win_rate") is not None
                else "",
            )
        )
    groups = details.get("groups")
    if result.type in ("metric", "satisfaction") and isinstance(groups, list) and groups:
        flagged = "outside" if result.type == "metric" else "below_min"
        key = "value" if result.type == "metric" else "score"
        shown = [g for g in groups if isinstance(g.get(key), (int, float))]
        title = (
            t._("Value per group")
            if result.type == "metric"
            else t._("Satisfaction score per group")
        )
        out.append(
            ChartView(
                title,
                charts.bar_chart(
                    [
                        t._("(missing)") if g.get("group") is None else str(g["group"])
                        for g in shown
                    ],
                    [float(g[key]) for g in shown],
                    title=title,
                    colours=[
                        charts.FAIL_COLOUR if g.get(flagged) else charts.NEUTRAL_COLOUR
                        for g in shown
                    ],
                    value_format="{:,.3g}",
                ),
                t._("the first {n} groups").format(n=charts.MAX_BARS)
                if len(shown) > charts.MAX_BARS
                else "",
            )
        )
    group_sizes = Counter(len(s.rows) for s in result.samples if isinstance(s, GroupSample))
    if group_sizes:
        title = t._("Duplicate group sizes")
        sizes = sorted(group_sizes)
        out.append(
            ChartView(
                title,
                charts.column_chart(
                    [t._("{n} records").format(n=size) for size in sizes],
                    [float(group_sizes[size]) for size in sizes],
                    title=title,
                ),
                t._("groups shown as samples"),
            )
        )
    if result.breakdown:
        title = t._("Pass rate by {column}").format(column=result.by or "")
        stats = list(result.breakdown)
        out.append(
            ChartView(
                title,
                charts.bar_chart(
                    [t._("(missing)") if s.group is None else s.group for s in stats],
                    [s.pass_rate * 100 for s in stats],
                    title=title,
                    colours=[
                        charts.status_colour(
                            "pass"
                            if s.pass_rate >= result.warn
                            else "warn"
                            if result.fail is None or s.pass_rate >= result.fail
                            else "fail"
                        )
                        for s in stats
                    ],
                    xmax=105,
                    threshold=result.warn * 100,
                    threshold_label=t._("warn"),
                    value_format="{:.1f}%",
                )
                if any(s.total for s in stats)
                else None,
                t._("the {n} worst groups").format(n=charts.MAX_BARS)
                if len(stats) > charts.MAX_BARS
                else "",
            )
        )
    return out


def result_view(result: Result, index: int, t: Texts) -> ResultView:
    summary, why, fix = view.doc_texts(result, t)
    samples, groups = _samples(result, t)
    out = ResultView(
        anchor=f"r{index}",
        result=result,
        name=view.result_name(result),
        status=result.status.value,
        status_label=view.status_label(result.status, t),
        pass_rate=view.pass_rate_text(result, t),
        failed=t.number(result.failed),
        total=t.number(result.total),
        thresholds=view.thresholds_text(result, t),
        summary=summary,
        why=why,
        fix=fix,
        samples=samples,
        groups=groups,
        breakdown=[
            [
                t._("(missing)") if s.group is None else s.group,
                t.percent(s.pass_rate),
                t.number(s.failed),
                t.number(s.total),
            ]
            for s in result.breakdown
        ],
        charts=_detail_charts(result, t),
    )
    if any(isinstance(s, GroupSample) and s.master is not None for s in result.samples):
        out.legend = t._("★ the suggested master record of the group")
    if result.previous is not None:
        out.previous = t._("{rate} on {date}").format(
            rate=t.percent(result.previous.pass_rate), date=t.date(result.previous.as_of)
        )
        out.delta = view.delta_text(result.pass_rate, result.previous.pass_rate, t)
    return out


def _dimension_chart(report: AuditReport, t: Texts) -> ChartView:
    measured = [d for d in report.dimensions if d.score is not None]
    title = t._("Score per dimension")
    return ChartView(
        title,
        charts.bar_chart(
            [view.dimension_label(d.name, t) for d in measured],
            [float(d.score or 0) for d in measured],
            title=title,
            colours=[charts.score_colour(d.score or 0) for d in measured],
            xmax=105,
        ),
    )


def _completeness_chart(report: AuditReport, t: Texts) -> ChartView | None:
    results = [r for r in report.results if r.type == "completeness" and r.column]
    if not results:
        return None
    title = t._("Completeness per field")
    measured = [r for r in results if r.total]
    return ChartView(
        title,
        charts.bar_chart(
            [f"{r.table}.{r.column}" for r in measured],
            [r.pass_rate * 100 for r in measured],
            title=title,
            colours=[charts.status_colour(r.status.value) for r in measured],
            xmax=105,
            value_format="{:.1f}%",
        ),
    )


def _history_chart(report: AuditReport, t: Texts) -> ChartView | None:
    if not report.score_history:
        return None
    points = sorted(report.score_history, key=lambda p: p.as_of)
    labels = [p.as_of.isoformat() for p in points]
    values = [p.score for p in points]
    if report.score is not None and (not points or points[-1].as_of < report.as_of):
        labels.append(report.as_of.isoformat())
        values.append(report.score)
    title = t._("Score over time")
    return ChartView(title, charts.line_chart(labels, values, title=title))


def _parameters(parameters: Any) -> list[tuple[str, str]]:
    return [
        (str(key), value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in dict(parameters).items()
    ]


def context(report: AuditReport, options: RenderOptions) -> dict[str, Any]:
    """Everything the template shows, as plain strings and small objects."""
    t = texts(options.lang)
    views = [result_view(r, i, t) for i, r in enumerate(report.results, start=1)]
    by_result = {id(v.result): v for v in views}
    tables = []
    for info in report.tables:
        rows = [by_result[id(r)] for r in report.worst_first() if r.table == info.name]
        tables.append((info, rows))
    orphan = [
        by_result[id(r)]
        for r in report.worst_first()
        if r.table not in {i.name for i in report.tables}
    ]
    score_delta = ""
    if report.score is not None and report.previous_score is not None:
        score_delta = view.delta_text(report.score, report.previous_score, t, points=True)
    history = _history_chart(report, t)
    completeness = _completeness_chart(report, t)
    return {
        "t": t,
        "lang": "zh-Hans" if t.lang == "zh" else "en",
        "report": report,
        "title": report.rules_name or report.rules,
        "as_of": t.date(report.as_of),
        "score": None if report.score is None else t.number(report.score, 1),
        "score_colour": charts.score_colour(report.score or 0),
        "score_delta": score_delta,
        "previous_as_of": None if report.previous_as_of is None else t.date(report.previous_as_of),
        "summary": report.summary(),
        "dimensions": [
            (
                view.dimension_label(d.name, t),
                None if d.score is None else t.number(d.score, 1),
                d,
                ""
                if d.score is None or d.previous is None
                else view.delta_text(d.score, d.previous, t, points=True),
            )
            for d in report.dimensions
        ],
        "dimension_chart": _dimension_chart(report, t),
        "completeness_chart": completeness,
        "history_chart": history,
        "attention": [by_result[id(r)] for r in view.attention(report)],
        "tables": tables,
        "orphans": orphan,
        "rules": [(rule, _parameters(rule.parameters)) for rule in report.checks],
        "dimension_label": lambda name: view.dimension_label(name, t),
        "show_pii": options.show_pii,
    }


def render(report: AuditReport, options: RenderOptions) -> str:
    """The report as one HTML document."""
    template = environment(options.lang).get_template("report.html.j2")
    return template.render(context(report, options))


class HtmlReporter(Reporter):
    """The health report to hand over: one offline HTML file with charts, zh or en."""

    name: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm")
    description: ClassVar[str] = "a self-contained HTML report with charts (print to PDF)"

    def write(self, report: AuditReport, options: RenderOptions, out: BinaryIO) -> None:
        out.write(render(report, options).encode("utf-8"))
