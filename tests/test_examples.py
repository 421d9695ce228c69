"""The bundled example audit reproduces, figure for figure, the defects its generator injected
and recounted independently (examples/truth.json, computed with plain Python, not crmhealth)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmhealth.engine import run_audit
from crmhealth.results import AuditReport, Result
from crmhealth.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
TRUTH = json.loads((ROOT / "examples" / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return run_audit(load_rules(ROOT / "rules.example.yaml"))


def _result(report: AuditReport, check: str, column: str | None = None) -> Result:
    found = [
        r for r in report.results if r.check == check and (column is None or r.column == column)
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("column", ["first_name", "last_name", "email", "phone", "company"])
def test_missing_fields(report: AuditReport, column: str) -> None:
    result = _result(report, "contact-fields", column)
    assert (result.failed, result.total) == (
        TRUTH["contacts"]["missing"][column]["missing"],
        TRUTH["contacts"]["rows"],
    )


def test_validity_figures(report: AuditReport) -> None:
    contacts = TRUTH["contacts"]
    email = _result(report, "contact-email")
    assert (email.failed, email.total) == (
        contacts["email_validity"]["invalid"],
        contacts["email_validity"]["checked"],
    )
    phone = _result(report, "contact-phone")
    assert (phone.failed, phone.total) == (
        contacts["phone_validity"]["invalid"],
        contacts["phone_validity"]["checked"],
    )
    stage = _result(report, "lifecycle-stage")
    assert (stage.failed, stage.total) == (
        contacts["lifecycle_stage_allowed"]["disallowed"],
        contacts["lifecycle_stage_allowed"]["checked"],
    )


def test_duplicates_freshness_integrity(report: AuditReport) -> None:
    contacts = TRUTH["contacts"]
    dups = _result(report, "duplicate-emails")
    assert (dups.failed, dups.groups, dups.total) == (
        contacts["duplicates_email"]["rows_beyond_first"],
        contacts["duplicates_email"]["duplicate_groups"],
        contacts["email_validity"]["checked"],
    )
    fresh = _result(report, "contact-freshness")
    assert (fresh.failed, fresh.total) == (
        contacts["freshness_updated_at"]["failing"],
        contacts["rows"],
    )
    refs = _result(report, "contact-account")
    assert (refs.failed, refs.total) == (
        contacts["account_id_references"]["dangling"],
        contacts["account_id_references"]["checked"],
    )


def test_accounts_from_the_named_sheet(report: AuditReport) -> None:
    accounts = TRUTH["accounts"]
    industry = _result(report, "account-industry")
    assert (industry.failed, industry.total) == (accounts["missing_industry"], accounts["rows"])
    revenue = _result(report, "account-revenue")
    assert (revenue.failed, revenue.total) == (
        accounts["negative_annual_revenue"],
        accounts["rows"] - accounts["missing_annual_revenue"],
    )


def test_usage_and_feedback(report: AuditReport) -> None:
    usage = _result(report, "team-activity")
    assert (usage.failed, usage.total) == (
        TRUTH["usage"]["users_below_min"],
        TRUTH["users"]["rows"],
    )
    counts = {row["user"]: row["events"] for row in usage.details["per_user"]}
    assert counts == TRUTH["usage"]["roster_counts_in_window"]
    coverage = _result(report, "customer-feedback", "id")
    assert (coverage.failed, coverage.total) == (
        TRUTH["feedback"]["contacts_without_feedback_in_window"],
        TRUTH["contacts"]["rows"],
    )
    assert (
        coverage.details["feedback_for_unknown_customers"] + coverage.details["feedback_in_window"]
        == TRUTH["feedback"]["rows_in_window"]
    )


def test_score_is_consistent_with_the_results(report: AuditReport) -> None:
    by_dimension: dict[str, list[float]] = {}
    for result in report.results:
        by_dimension.setdefault(result.dimension, []).append(1 - result.failed / result.total)
    expected = {name: 100 * sum(rates) / len(rates) for name, rates in by_dimension.items()}
    assert {d.name: d.score for d in report.dimensions} == pytest.approx(expected)
    assert report.score == pytest.approx(sum(expected.values()) / len(expected))


def test_pipeline_figures_and_funnel(report: AuditReport) -> None:
    deals = TRUTH["opportunities"]
    results = [r for r in report.results if r.check == "pipeline-hygiene"]
    figures = {r.details["rule"]: (r.failed, r.total) for r in results}
    assert figures == {
        "past_close_date": (deals["past_close_date"], deals["open_deals"]),
        "stuck": (deals["stuck"], deals["open_deals_in_a_stage_with_an_age_limit"]),
        "idle": (deals["idle"], deals["open_deals"]),
        "no_amount": (deals["no_amount"], deals["open_deals"]),
        "unknown_stage": (deals["unknown_stage"], deals["rows"]),
    }
    funnel = results[0].details["funnel"]
    expected = deals["funnel"]
    assert funnel["stages"] == expected["stages"]
    assert (funnel["open"], funnel["won"], funnel["lost"]) == (
        expected["open"],
        expected["won"],
        expected["lost"],
    )
    assert funnel["win_rate"] == expected["win_rate"]


def test_where_metric_and_satisfaction(report: AuditReport) -> None:
    deals = TRUTH["opportunities"]
    won = _result(report, "won-deal-account")
    assert (won.failed, won.total) == (deals["won_deals_without_account_id"], deals["won_deals"])
    fresh = _result(report, "open-deal-freshness")
    assert (fresh.failed, fresh.total) == (
        deals["open_deals_not_updated_in_90_days"],
        deals["open_deals"],
    )
    rates = _result(report, "win-rate-per-owner")
    assert (rates.failed, rates.total) == (
        len(deals["owners_below_win_rate_min"]),
        len(deals["win_rate_per_owner"]),
    )
    values = {g["group"]: g["value"] for g in rates.details["groups"]}
    assert values == pytest.approx(deals["win_rate_per_owner"])
    assert (
        sorted(g["group"] for g in rates.details["groups"] if g["outside"])
        == (deals["owners_below_win_rate_min"])
    )
    nps = _result(report, "nps-per-channel")
    truth = TRUTH["satisfaction"]
    assert (nps.failed, nps.total) == (
        len(truth["channels_below_min"]),
        len(truth["nps_by_channel"]),
    )
    assert nps.details["overall"]["score"] == truth["nps"]
    assert nps.details["overall"]["responses"] == truth["responses"]
    assert nps.details["overall"]["missing"] == truth["missing_scores"]
    assert {g["group"]: g["score"] for g in nps.details["groups"]} == truth["nps_by_channel"]
