"""The HTML report draws the freshness check's record-age distribution."""

from __future__ import annotations

from pathlib import Path

from audit_helpers import invoke, write_csv


def test_the_freshness_result_has_a_record_age_chart(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "contacts.csv",
        ["id", "updated_at"],
        [["1", "2026-10-30"], ["2", "2025-01-01"], ["3", None]],
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "version: 1\nas_of: 2026-11-01\nsources: {contacts: contacts.csv}\nchecks:\n"
        "  - {type: freshness, table: contacts, column: updated_at, max_age: 180d}\n",
        encoding="utf-8",
    )
    for lang, title in (("en", "Record age (days since the last update)"), ("zh", "记录年龄")):
        out = tmp_path / f"report-{lang}.html"
        result = invoke("audit", rules, "-o", out, "--lang", lang)
        assert result.exit_code == 0, result.stderr  # stale records warn (no fail threshold)
        page = out.read_text(encoding="utf-8")
        assert title in page
        assert "<svg" in page and "no date" in page


def test_a_pipeline_check_draws_its_funnel_once(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "deals.csv",
        ["id", "stage", "close_date"],
        [
            ["1", "Prospecting", "2026-12-01"],
            ["2", "Proposal", "2026-10-01"],
            ["3", "Closed Won", "2026-09-01"],
            ["4", "Closed Lost", "2026-09-01"],
            ["5", "Closed Won", "2026-08-01"],
        ],
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "version: 1\nas_of: 2026-11-01\nsources: {deals: deals.csv}\nchecks:\n"
        "  - type: pipeline\n    table: deals\n    stage: stage\n"
        "    open: [Prospecting, Proposal]\n    won: [Closed Won]\n    lost: [Closed Lost]\n"
        "    close_date: close_date\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    invoke("audit", rules, "-o", out)
    page = out.read_text(encoding="utf-8")
    assert page.count("Sales funnel: deals per stage") == 2  # the heading and the chart's title
    assert "win rate 66.7%" in page
