"""Charts as inline SVG, drawn with matplotlib's SVG backend.

Chosen by measurement against Altair + vl-convert (``bench/report_writers.py``): the same 6-bar
chart is 8.5–9.8 kB of SVG either way; warm renders took 43 vs 43 ms on an idle machine and 92 vs
156 ms on a busy one, first render with start-up 2.5 vs 3.8 s; the install is 35 MB against
~95 MB (vl-convert bundles a JavaScript engine, Altair pulls jsonschema and more). Looks are
equivalent for bars and lines. Text stays ``<text>`` (``svg.fonttype: none``), so the browser
draws labels with the system's fonts, Chinese included, and a reader can select and search them.

Labels come from CRM data: matplotlib escapes them for XML, and ``text.parse_math`` is off so a
``$`` in a value is never read as TeX. Every chart function returns None when there is nothing to
draw (no values, or every total 0); the template then says "no data".
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PASS_COLOUR = "#2e7d32"
WARN_COLOUR = "#f9a825"
FAIL_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#1565c0"
THRESHOLD_COLOUR = "#6a1b9a"
_FONTS = [
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
    "sans-serif",
]
_STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "crmhealth",  # stable ids: the same report renders to the same bytes
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": _FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
# matplotlib's one style rule (line joins) is in the page's CSS, so a chart adds no <style>.
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)
_SIZE = re.compile(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"')
MAX_BARS = 25


def _style() -> Any:
    """matplotlib's settings for the charts, applied while one is drawn."""
    import matplotlib

    return matplotlib.rc_context(_STYLE)


def _svg(fig: Figure, label: str) -> Markup:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # A CJK glyph missing from the layout font only skews label widths a little; the
        # browser draws the text with a system font that has it.
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue()))
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _SIZE.sub(r'\1 class="chart" role="img"', svg, count=1)
    # The aria-label is escaped like any attribute value: labels may hold CRM values.
    svg = svg.replace("<svg ", f'<svg aria-label="{escape(label)}" ', 1)
    return Markup(svg)  # matplotlib escaped every text it wrote


def _figure(width: float, height: float) -> Figure:
    # Fixed margins rather than constrained layout: that draws every chart twice (measured:
    # 0.26 of 0.46 s per chart on this machine).
    # A bare Figure: no pyplot, no global backend switch. Imported here, when a chart is
    # drawn, so the other reports never pay for matplotlib's import (~0.3 s).
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _label_inches(labels: Sequence[str]) -> float:
    """Roughly how wide the longest tick label is at 9 pt (CJK characters count two)."""
    widest = max(
        (sum(2 if ord(ch) >= 0x1100 else 1 for ch in label) for label in labels), default=1
    )
    return 0.2 + 0.068 * widest


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    colours: Sequence[str] | None = None,
    xmax: float | None = None,
    threshold: float | None = None,
    threshold_label: str = "",
    value_format: str = "{:.1f}",
) -> Markup | None:
    """Horizontal bars, first label on top; a dashed line at `threshold`. None when empty."""
    if not labels:
        return None
    labels, values = list(labels[:MAX_BARS]), list(values[:MAX_BARS])
    with _style():
        height = 0.6 + 0.26 * len(labels)
        fig = _figure(6.4, height)
        shown = [_short(label) for label in labels]
        fig.subplots_adjust(
            left=min(_label_inches(shown) / 6.4, 0.5),
            right=0.9,
            top=1 - 0.2 / height,
            bottom=0.35 / height,
        )
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]
        bars = ax.barh(positions, values, color=list(colours or [NEUTRAL_COLOUR] * len(values)))
        ax.set_yticks(positions, labels=shown)
        ax.bar_label(bars, labels=[value_format.format(v) for v in values], padding=2, fontsize=8)
        top = xmax if xmax is not None else max(max(values), threshold or 0, 1) * 1.12
        ax.set_xlim(min(0.0, min(values) * 1.12), top)  # NPS can be negative
        if threshold is not None:
            ax.axvline(threshold, color=THRESHOLD_COLOUR, linestyle="--", linewidth=1)
            if threshold_label:
                ax.text(
                    threshold,
                    1.0,
                    threshold_label,
                    transform=ax.get_xaxis_transform(),
                    color=THRESHOLD_COLOUR,
                    fontsize=8,
                    va="bottom",
                )
        svg = _svg(fig, title)
    return svg


def column_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str, value_format: str = "{:,.0f}"
) -> Markup | None:
    """Vertical columns in the given order (weeks, group sizes). None when empty or all zero."""
    if not labels or not any(values):
        return None
    with _style():
        fig = _figure(6.4, 2.4)
        rotate = len(labels) > 6
        bottom = _label_inches([_short(label, 12) for label in labels]) * 0.7 if rotate else 0.35
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=min(bottom / 2.4, 0.5))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.bar(positions, list(values), color=NEUTRAL_COLOUR)
        ax.set_xticks(positions, labels=[_short(label, 12) for label in labels])
        ax.bar_label(bars, labels=[value_format.format(v) for v in values], padding=2, fontsize=8)
        ax.set_ylim(0, max(values) * 1.15)
        if rotate:
            ax.tick_params(axis="x", labelrotation=45)
        svg = _svg(fig, title)
    return svg


def line_chart(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, ymax: float = 100
) -> Markup | None:
    """A line over time (score history); gaps where a value is None. None with < 2 points."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return None
    with _style():
        fig = _figure(6.4, 2.4)
        rotate = len(labels) > 6
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.4 if rotate else 0.15)
        ax = fig.add_subplot()
        ax.plot([i for i, _ in points], [v for _, v in points], marker="o", color=NEUTRAL_COLOUR)
        for i, v in points:
            ax.annotate(f"{v:.1f}", (i, v), textcoords="offset points", xytext=(0, 5), fontsize=8)
        ax.set_xticks(list(range(len(labels))), labels=list(labels))
        ax.set_ylim(0, ymax * 1.08)
        if len(labels) > 6:
            ax.tick_params(axis="x", labelrotation=45)
        svg = _svg(fig, title)
    return svg


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def status_colour(status: str) -> str:
    return {"pass": PASS_COLOUR, "warn": WARN_COLOUR}.get(status, FAIL_COLOUR)


def score_colour(score: float) -> str:
    return PASS_COLOUR if score >= 90 else WARN_COLOUR if score >= 70 else FAIL_COLOUR
