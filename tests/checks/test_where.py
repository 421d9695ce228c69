"""where: leaves the rows it does not select out of everything: totals, breakdowns, samples,
fix lists, lookups and aggregates (multi-table checks, fuzzy matching, pipeline fix lists)."""

from __future__ import annotations

from pathlib import Path

from support import audit, audit_run, fix_list

DEALS = (
    ("id", "owner", "region", "stage", "close_date", "amount"),
    [
        ("D1", "li", "CN", "Proposal", "2026-10-01", "100"),  # past close date
        ("D2", "li", "CN", "Proposal", "2026-12-01", ""),  # no amount
        ("D3", "wang", "US", "Proposal", "2026-10-01", ""),  # outside where: breaks both
        ("D4", "wang", "CN", "Closed Won", "2026-10-01", "50"),
        ("D5", "wang", "CN", "Prospecting", "2026-12-01", "5"),
    ],
)
PIPELINE = {
    "id": "pipe",
    "type": "pipeline",
    "table": "deals",
    "stage": "stage",
    "open": ["Prospecting", "Proposal"],
    "won": ["Closed Won"],
    "close_date": "close_date",
    "amount": "amount",
    "where": "region = 'CN'",
    "by": "owner",
}


def test_where_keeps_other_rows_out_of_breakdown_samples_and_fix_list(tmp_path: Path) -> None:
    run = audit_run(tmp_path, {"deals": DEALS}, [PIPELINE])
    past, no_amount, unknown = run.report.results
    assert (past.failed, past.total) == (1, 3)  # D1 of D1, D2, D5
    assert [(g.group, g.failed, g.total) for g in past.breakdown] == [
        ("li", 1, 2),
        ("wang", 0, 1),
    ]
    assert [s.row for s in past.samples] == [1]
    assert (no_amount.failed, no_amount.total) == (1, 3)  # D2
    assert (unknown.failed, unknown.total) == (0, 4)
    assert past.details["funnel"]["open"] == {"deals": 3, "amount": 105.0}
    rows = fix_list(run, "pipe")
    assert [(r["id"], r["reason"]) for r in rows] == [
        ("D1", "past_close_date: close_date 31 days before 2026-11-01"),
        ("D2", "no_amount: Proposal past Prospecting without a positive amount"),
    ]


def test_where_on_feedback_coverage_counts_only_selected_customers(tmp_path: Path) -> None:
    contacts = (("id", "stage"), [("C1", "customer"), ("C2", "customer"), ("C3", "lead")])
    feedback = (
        ("contact_id", "submitted_at", "score"),
        [("C1", "2026-10-01", "9"), ("C3", "2026-10-01", "")],
    )
    report = audit(
        tmp_path,
        {"contacts": contacts, "feedback": feedback},
        [
            {
                "type": "feedback_coverage",
                "table": "contacts",
                "key": "id",
                "feedback": "feedback.contact_id",
                "time_column": "submitted_at",
                "window": "90d",
                "score_column": "score",
                "where": "stage = 'customer'",
            }
        ],
    )
    coverage, score = report.results
    assert (coverage.failed, coverage.total) == (1, 2)  # C2 of C1, C2
    # C3's feedback (no score) is not a selected customer's: not in the quality figures
    assert (score.failed, score.total) == (0, 1)


def test_where_on_fuzzy_duplicates_matches_only_selected_rows(tmp_path: Path) -> None:
    header = ("id", "first_name", "last_name", "email", "phone", "company", "status")
    people = [
        (
            "C1",
            "伟",
            "王",
            "wang.wei@xingchen.cn",
            "+86 139 1234 5678",
            "北京星辰科技有限公司",
            "on",
        ),
        ("C2", "伟", "王", " Wang.Wei@xingchen.cn", "139-1234-5678", "星辰科技", "on"),
        ("C4", "William", "Smith", "bill.smith@acme.com", "+1 415 555 0134", "Acme Inc.", "on"),
        # Bill Smith is William Smith, but a deleted record: outside where, in no group
        ("C5", "Bill", "Smith", "bill.smith@acme.com", "(415) 555-0134", "ACME", "deleted"),
        *[
            (
                f"C{i}",
                f"Given{i}",
                f"Family{i}",
                f"p{i}@example{i}.com",
                f"1390000{i:04d}",
                f"Company {i} Ltd",
                "on",
            )
            for i in range(6, 40)
        ],
    ]
    fields = {
        "first_name": "name",
        "last_name": "name",
        "email": "email",
        "phone": "phone",
        "company": "company",
    }
    check = {"id": "fz", "type": "duplicates", "table": "people", "match": "fuzzy"}
    check |= {"region": "CN", "fields": fields}
    (tmp_path / "all").mkdir()
    (tmp_path / "on").mkdir()
    everyone = audit(tmp_path / "all", {"people": (header, people)}, [check])
    assert everyone.results[0].groups == 2  # C1+C2 and C4+C5 without where
    run = audit_run(
        tmp_path / "on", {"people": (header, people)}, [check | {"where": "status = 'on'"}]
    )
    (result,) = run.report.results
    assert (result.failed, result.groups) == (1, 1)
    assert [r["id"] for r in fix_list(run, "fz")] == ["C1", "C2"]


def test_validate_refuses_sql_that_cannot_run_at_its_line(tmp_path: Path) -> None:
    from audit_helpers import invoke, position

    from crmhealth.errors import ExitCode

    (tmp_path / "deals.csv").write_text("id,close_date,stage\n1,2026-10-01,Won\n", "utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "version: 1\nsources:\n  deals: deals.csv\nchecks:\n"
        "  - type: completeness\n    table: deals\n    column: id\n"
        '    where: "stage > 3"\n'
        "  - type: expression\n    table: deals\n"
        '    condition: "CAST(close_date AS DATE) < as_of"\n',
        "utf-8",
    )
    for command in ("validate", "audit"):
        result = invoke(command, rules)
        assert result.exit_code == ExitCode.USAGE_ERROR, command
        assert result.stdout == ""
        assert position(rules, "where:") in result.stderr
        assert "stage holds text such as 'Won'" in result.stderr
    rules.write_text(rules.read_text("utf-8").replace("stage > 3", "stage = 'Won'"), "utf-8")
    for command in ("validate", "audit"):
        result = invoke(command, rules)
        assert result.exit_code == ExitCode.USAGE_ERROR, command
        assert position(rules, "condition:") in result.stderr
        assert "list the date columns under `dates:`" in result.stderr
    rules.write_text(
        rules.read_text("utf-8").replace(
            'condition: "CAST(close_date AS DATE) < as_of"',
            'dates: [close_date]\n    condition: "close_date < as_of"',
        ),
        "utf-8",
    )
    assert invoke("validate", rules).exit_code == ExitCode.OK
    assert invoke("audit", rules, "--quiet").exit_code == ExitCode.OK


def test_checks_command_documents_the_new_types() -> None:
    from audit_helpers import invoke

    for name, words in {
        "pipeline": ["past_close_date", "stuck", "idle", "no_amount", "unknown_stage", "win rate"],
        "metric": ["min", "max", "groups"],
        "satisfaction": ["promoters", "detractors", "csat"],
    }.items():
        result = invoke("checks", name)
        assert result.exit_code == 0
        for word in words:
            assert word in result.stdout, (name, word)


def test_a_type_that_measures_the_whole_table_refuses_where() -> None:
    from typing import ClassVar

    import pytest
    from pydantic import ValidationError

    from crmhealth.checks.base import CheckSpec

    class WholeTable(CheckSpec):
        type_name: ClassVar[str] = "whole"
        takes_where: ClassVar[bool] = False

    WholeTable(type="whole", table="t")
    with pytest.raises(ValidationError, match="does not apply to whole checks"):
        WholeTable(type="whole", table="t", where="x = 1")
