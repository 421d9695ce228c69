"""The HTML report: hostile values inert, every section and figure present, charts or 'no data',
history deltas, Chinese labels with --lang zh."""

from __future__ import annotations

import re

from report.fixtures import BIDI, IMG, SCRIPT, STYLE_END, hostile_report

from crmhealth.report.base import RenderOptions
from crmhealth.report.html import render


def _html(lang: str = "en", **kwargs: bool) -> str:
    return render(hostile_report(**kwargs), RenderOptions(lang=lang))


def test_hostile_values_are_inert_text() -> None:
    html = _html()
    assert "<script" not in html.lower()  # the report itself has no script, and data adds none
    assert "&lt;script&gt;window.__canary=1&lt;/script&gt;" in html
    assert "<img" not in html.lower()
    assert "&lt;img src=x onerror=&#34;window.__canary=2&#34;&gt;" in html
    assert 'href="javascript' not in html.lower()
    # </style> in a value cannot close the one style element.
    assert html.count("</style>") == 1
    assert "&lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # A bidi override is shown, not obeyed; control characters are shown as escapes.
    assert "\u202e" not in html
    assert "abc\\u202egnp.exe" in html
    assert "bell\\u0007esc\\u001b[31mnul\\u0000" in html
    assert BIDI not in html and SCRIPT not in html and IMG not in html and STYLE_END not in html


def test_no_network_and_no_scripts_by_policy() -> None:
    html = _html()
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none';", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only the charts' own clip paths


def test_score_dimensions_and_every_result_are_shown() -> None:
    html = _html()
    assert ">72.5<" in html and ">C<" in html
    for check in (
        "contact-fields · email",
        "contact-fields · phone",
        "dup-people",
        "team-activity",
    ):
        assert check in html
    # what to fix first: fail, warn, warn and the error, worst first (error, fail, warn...)
    fix_first = html.split('id="fix-first"')[1].split('id="details"')[0]
    order = [m for m in re.findall(r"<code>([^<]+)</code></a>", fix_first)]
    assert order == ["feedback", "contact-fields · email", "dup-people", "team-activity · user_id"]
    assert "60.0%" in fix_first and "2 / 5" in fix_first
    assert "warn below 98.0% · fail below 90.0%" in fix_first
    assert "Why it matters" in fix_first and "merge each group in the CRM" in fix_first


def test_samples_groups_side_by_side_and_breakdown() -> None:
    html = _html()
    group = html.split('class="group"')[1].split("</table>")[0]
    assert "row 1 · C1 ★" in group and "row 3 · C3" in group
    assert "★ the suggested master record of the group" in html
    assert "<th>name</th><td>李敏</td><td>李敏</td>" in group
    assert "<th>match score</th><td>1.000</td><td>0.930</td>" in group
    breakdown = html.split('class="breakdown"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td>", breakdown)
    assert rows == [("&lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;", "33.3%"), ("(missing)", "100.0%")]
    assert "<th>user</th><th>events</th>" in html


def test_charts_are_inline_svg_or_no_data() -> None:
    html = _html()
    titles = re.findall(r"<figcaption>(.*?)</figcaption>", html)
    assert titles == [
        "Score per dimension",
        "Score over time",
        "Completeness per field",
        "Feedback coverage by channel",  # contacts: the error first, then fail, warn, pass
        "Pass rate by owner",
        "Duplicate group sizes",
        "Events per user",  # activities
        "Events per week",
    ]
    assert html.count("<svg ") == 7
    # The error result's feedback chart has total 0: it says so instead of dividing by zero.
    feedback = html.split("<figcaption>Feedback coverage by channel</figcaption>")[1]
    assert feedback.lstrip().startswith('<div class="nodata">no data</div>')
    # Chart labels from data are escaped inside the SVG too.
    assert "&lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;" in html.split("Pass rate by owner")[2]


def test_history_deltas_when_given_and_absent_otherwise() -> None:
    html = _html()
    assert "Change since Oct 1, 2026: +2.5 pts" in html
    # contact-fields · email: 3 of 5 pass now, 4 of 5 on Oct 1
    assert "80.0% on Oct 1, 2026" in html
    assert '<strong>60.0%</strong> <span class="muted">(−20.0%)</span>' in html
    # dimensions: accuracy 60 (was 70), completeness 80 (was 75)
    assert '<td class="num">−10.0 pts</td>' in html and '<td class="num">+5.0 pts</td>' in html
    plain = _html(history=False)
    assert "Change since" not in plain and "Score over time" not in plain


def test_chinese_labels() -> None:
    html = _html("zh")
    assert '<html lang="zh-Hans">' in html
    for label in (
        "CRM 健康报告",
        "优先修复",
        "为何重要",
        "处理建议",
        "各维度评分",
        "附录：规则配置",
    ):
        assert label in html
    assert "在 CRM 中合并每一组，保留信息最完整的记录。" in html
    assert "2026年11月1日" in html
    assert "What to fix first" not in html and "Why it matters" not in html


def test_a_report_with_nothing_measured() -> None:
    from dataclasses import replace

    from crmhealth.results import DimensionScore

    empty = replace(
        hostile_report(history=False),
        results=(),
        score=None,
        grade=None,
        checks=(),
        dimensions=(DimensionScore(name="accuracy", score=None, weight=1, results=0),),
    )
    html = render(empty, RenderOptions())
    assert "not measured" in html and "Every check passed." in html
    dimension_chart = html.split("<figcaption>Score per dimension</figcaption>")[1]
    assert dimension_chart.lstrip().startswith('<div class="nodata">no data</div>')
    assert "No rules were recorded for this report." in html


def test_values_inside_translated_sentences_are_escaped() -> None:
    from dataclasses import replace

    report = hostile_report()
    tables = (replace(report.tables[0], name=IMG, rows=0), *report.tables[1:])
    results = tuple(replace(r, table=IMG) if r.table == "contacts" else r for r in report.results)
    for lang in ("en", "zh"):
        html = render(replace(report, tables=tables, results=results), RenderOptions(lang=lang))
        assert "<img" not in html
        escaped = "&lt;img src=x onerror=&#34;window.__canary=2&#34;&gt;"
        assert f"<h3>{'表 ' if lang == 'zh' else 'Table '}{escaped} <span" in html
        assert f'<p class="muted">{escaped} ' in html  # "… has no rows"


def test_metric_and_satisfaction_groups_are_charted() -> None:
    from dataclasses import replace

    from crmhealth.results import Result, Status

    base = Result(
        check="m", type="metric", dimension="accuracy", table="contacts", column=None,
        status=Status.WARN, failed=1, total=2, message="1 of 2 groups outside",
    )  # fmt: skip
    metric = replace(
        base,
        details={"groups": [{"group": "U1", "value": 0.05, "rows": 20, "outside": True},
                            {"group": "U2", "value": 0.4, "rows": 10, "outside": False}]},
    )  # fmt: skip
    nps = replace(
        base,
        check="nps",
        type="satisfaction",
        dimension="feedback",
        details={"groups": [{"group": "wechat", "score": -12.5, "below_min": True},
                            {"group": None, "score": 30.0, "below_min": False}]},
    )  # fmt: skip
    report = replace(hostile_report(), results=(metric, nps))
    html = render(report, RenderOptions())
    value = html.split("<figcaption>Value per group</figcaption>")[1].split("</figure>")[0]
    assert value.count("#c62828") == 1 and ">U1<" in value and ">0.05<" in value
    score = html.split("<figcaption>Satisfaction score per group</figcaption>")[1]
    score = score.split("</figure>")[0]
    assert ">wechat<" in score and ">(missing)<" in score and ">-12.5<" in score
