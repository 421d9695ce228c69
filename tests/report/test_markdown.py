"""The Markdown summary: score, dimensions, worst results; values cannot become links, HTML or
table cells."""

from __future__ import annotations

from dataclasses import replace

from report.fixtures import hostile_report

from crmhealth.i18n import texts
from crmhealth.report.markdown import md, render


def test_summary_content() -> None:
    text = render(hostile_report(), texts("en"))
    lines = text.splitlines()
    assert lines[0] == r"## CRM health report: acme \<script\>window\.\_\_canary=1\</script\>"
    assert "**Score: 72.5 / 100 (C)** +2.5 pts" in lines
    assert "As of Nov 1, 2026 · 1 pass · 2 warn · 1 fail · 1 error" in lines
    assert "| completeness | 80.0 | 2 |" in lines and "| freshness | not measured | 0 |" in lines
    rows = [line for line in lines if line.startswith("| ❌") or line.startswith("| ⚠️")]
    rows += [line for line in lines if line.startswith("| ⛔")]
    assert len(rows) == 4
    assert "| ❌ fail | contact\\-fields · email" not in text  # '-' is not escaped
    assert "| ❌ fail | contact-fields · email | contacts | 60.0% | 2 / 5 |" in text
    assert "http" not in text and "](" not in text


def test_values_stay_inert() -> None:
    assert md("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert md("a|b\nc") == r"a\|b c"
    assert md("<img src=x>") == r"\<img src=x\>"
    assert md("www.evil.com me@evil.com") == r"www\.evil\.com me\@evil\.com"
    assert md("abc\u202edef") == r"abc\\u202edef"


def test_chinese() -> None:
    report = hostile_report()
    text = render(replace(report, results=report.results[1:2]), texts("zh"))
    assert "**评分: 72.5 / 100 (C)**" in text
    assert "| 维度 | 评分 | 结果数 |" in text and "所有检查均已通过。" in text
