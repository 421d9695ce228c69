"""`crmhealth init` on the bundled example export proposes rules whose audit reproduces the
defects the generator injected and recounted independently (examples/truth.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmhealth.engine import run_audit
from crmhealth.init import rules_for_exports
from crmhealth.results import AuditReport, Result

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "examples" / "exports"
TRUTH = json.loads((ROOT / "examples" / "truth.json").read_text(encoding="utf-8"))
FILES = ["contacts.csv", "crm.xlsx", "crm.sqlite", "users.csv", "feedback.csv", "opportunities.csv"]


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return run_audit(rules_for_exports([EXPORTS / f for f in FILES]))


def _result(report: AuditReport, check: str, column: str | None = None) -> Result:
    found = [r for r in report.results if r.check == check and (column in (None, r.column))]
    assert len(found) == 1, [r.check for r in report.results]
    return found[0]


def test_proposed_checks(report: AuditReport) -> None:
    assert {r.check for r in report.results} == {
        "contacts-fields",
        "contacts-email-valid",
        "contacts-phone-valid",
        "contacts-lifecycle_stage-values",
        "contacts-lead_source-values",
        "contacts-created_at-date",
        "contacts-updated_at-date",
        "contacts-email-duplicates",
        "contacts-phone-duplicates",
        "contacts-people",
        "contacts-freshness",
        "contacts-account_id-integrity",
        "contacts-owner_id-integrity",
        "contacts-feedback",
        "accounts-fields",
        "accounts-industry-values",
        "accounts-annual_revenue-range",
        "accounts-created_at-date",
        "accounts-updated_at-date",
        "accounts-companies",
        "accounts-freshness",
        "accounts-owner_id-integrity",
        "activities-fields",
        "activities-type-values",
        "activities-timestamp-date",
        "activities-user_id-integrity",
        "activities-contact_id-integrity",
        "activities-usage",
        "users-fields",
        "users-email-valid",
        "users-team-values",
        "users-active-values",
        "users-email-duplicates",
        "users-people",
        "feedback-fields",
        "feedback-channel-values",
        "feedback-submitted_at-date",
        "feedback-contact_id-integrity",
        "opportunities-fields",
        "opportunities-stage-values",
        "opportunities-amount-range",
        "opportunities-close_date-date",
        "opportunities-stage_changed_at-date",
        "opportunities-last_activity_at-date",
        "opportunities-updated_at-date",
        "opportunities-freshness",
        "opportunities-account_id-integrity",
        "opportunities-owner-integrity",
    }
    # The Notes sheet before Accounts holds nothing to check and is left out.
    assert {t.name for t in report.tables} == {
        "contacts",
        "accounts",
        "activities",
        "users",
        "feedback",
        "opportunities",
    }


@pytest.mark.parametrize("column", ["first_name", "last_name", "email", "phone", "company"])
def test_missing_fields(report: AuditReport, column: str) -> None:
    result = _result(report, "contacts-fields", column)
    missing = TRUTH["contacts"]["missing"][column]["missing"]
    assert (result.failed, result.total) == (missing, TRUTH["contacts"]["rows"])


def test_figures_match_the_truth(report: AuditReport) -> None:
    emails = _result(report, "contacts-email-valid")
    assert (emails.failed, emails.total) == (74, 2870)
    phones = _result(report, "contacts-phone-valid")
    assert (phones.failed, phones.total) == (84, 2851)
    # Allowed values = what is there, less case variants (Customer, Lead), a placeholder
    # (unknown) and the Chinese values among English ones (客户, 潜在客户): the truth's 96.
    stage = _result(report, "contacts-lifecycle_stage-values")
    assert (stage.failed, stage.total) == (96, 2969)
    duplicates = _result(report, "contacts-email-duplicates")
    assert (duplicates.failed, duplicates.total) == (48, 2870)
    stale = _result(report, "contacts-freshness")
    assert (stale.failed, stale.total) == (534, 3000)
    dangling = _result(report, "contacts-account_id-integrity")
    assert (dangling.failed, dangling.total) == (91, 2843)
    usage = _result(report, "activities-usage")
    assert (usage.failed, usage.total) == (7, 25)
    coverage = _result(report, "contacts-feedback", "id")
    assert (coverage.failed, coverage.total) == (2265, 3000)
    industry = _result(report, "accounts-fields", "industry")
    assert (industry.failed, industry.total) == (27, 400)
    revenue = _result(report, "accounts-annual_revenue-range")
    assert (revenue.failed, revenue.total) == (9, 381)


def test_as_of_is_the_latest_date_in_the_data(report: AuditReport) -> None:
    # opportunities.updated_at reaches the export's own date, the truth's as_of.
    assert report.as_of.isoformat() == TRUTH["as_of"] == "2026-11-01"
