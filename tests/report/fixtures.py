"""A hand-built AuditReport whose every figure is known, with hostile values in every place a CRM
value or a rules string can reach a report, every sample kind, breakdowns, details and history."""

from __future__ import annotations

from datetime import date

from crmhealth.results import (
    AuditReport,
    CheckDoc,
    DimensionScore,
    GroupSample,
    GroupStat,
    KeySample,
    Previous,
    Result,
    RowSample,
    RuleInfo,
    ScorePoint,
    Status,
    TableInfo,
)

SCRIPT = "<script>window.__canary=1</script>"
IMG = '<img src=x onerror="window.__canary=2">'
JS_LINK = "javascript:alert(1)"
STYLE_END = "</style><b>bold</b>"
BIDI = "abc\u202egnp.exe"
CONTROL = "bell\x07esc\x1b[31mnul\x00"
FORMULAS = ('=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)")

COMPLETENESS_DOC = CheckDoc(
    summary="Required fields must be filled in.",
    why="a contact without an email or phone cannot be reached; an account without an owner is "
    "nobody's job.",
    fix="fill the fields at the source, or make them required in the CRM.",
)
DUPLICATES_DOC = CheckDoc(
    summary="Each record must be in the CRM once.",
    why="duplicates split a customer's history, double-count the pipeline and annoy customers "
    "with repeated mail.",
    fix="merge each group in the CRM, keeping the richest record.",
)
USAGE_DOC = CheckDoc(
    summary="The people who should use the CRM must log activity in it.",
    why="a CRM nobody updates is a CRM nobody can trust; inactive users are where the pipeline "
    "goes dark.",
    fix="talk to the listed users, or take licences back.",
)


def hostile_report(*, history: bool = True, error: bool = True) -> AuditReport:
    """contacts (5 rows) and activities (8 rows); 5 results: 1 fail, 2 warn, 1 pass, 1 error."""
    email = Result(
        check="contact-fields",
        type="completeness",
        dimension="completeness",
        table="contacts",
        column="email",
        status=Status.FAIL,
        failed=2,
        total=5,
        message=f"2 of 5 contacts have no email {SCRIPT}",
        warn=0.98,
        fail=0.9,
        description=f"rules say {IMG} {JS_LINK}",
        doc=COMPLETENESS_DOC,
        elapsed=0.25,
        samples=(
            RowSample(row=2, id="C2", value=SCRIPT, has_id=True, has_value=True),
            RowSample(row=4, id=BIDI, value=CONTROL, has_id=True, has_value=True),
        ),
        by="owner",
        breakdown=(
            GroupStat(group=STYLE_END, failed=2, total=3),
            GroupStat(group=None, failed=0, total=2),
        ),
        previous=Previous(as_of=date(2026, 10, 1), failed=1, total=5, status=Status.WARN),
    )
    phone = Result(
        check="contact-fields",
        type="completeness",
        dimension="completeness",
        table="contacts",
        column="phone",
        status=Status.PASS,
        failed=0,
        total=5,
        message="0 of 5 contacts have no phone",
        warn=0.98,
        fail=0.9,
        doc=COMPLETENESS_DOC,
        elapsed=0.125,
    )
    dupes = Result(
        check="dup-people",
        type="duplicates",
        dimension="accuracy",
        table="contacts",
        column=None,
        status=Status.WARN,
        failed=2,
        total=5,
        message="2 of 5 contacts are duplicates (1 group)",
        warn=0.99,
        fail=0.3,
        doc=DUPLICATES_DOC,
        samples=(
            GroupSample(
                group=1,
                rows=(1, 3),
                ids=("C1", "C3"),
                values={"name": ("李敏", "李敏"), "email": ("li***@qq.com", SCRIPT)},
                score=(1.0, 0.93),
                reason=("same email", f"same name {IMG}"),
                master=1,
            ),
        ),
        groups=1,
    )
    usage = Result(
        check="team-activity",
        type="usage",
        dimension="usage",
        table="activities",
        column="user_id",
        status=Status.WARN,
        failed=1,
        total=3,
        message="1 of 3 users logged fewer than 2 events",
        warn=0.9,
        fail=0.5,
        doc=USAGE_DOC,
        samples=(KeySample(key_name="user", key="U3", figures={"events": 1}),),
        details={
            "min_events": 2,
            "per_user": [
                {"user": "U3", "events": 1},
                {"user": "U1", "events": 3},
                {"user": "U2", "events": 4},
            ],
            "per_week": [
                {"start": "2026-10-19", "end": "2026-10-25", "events": 5},
                {"start": "2026-10-26", "end": "2026-11-01", "events": 3},
            ],
        },
    )
    results = [email, phone, dupes, usage]
    if error:
        results.append(
            Result(
                check="feedback",
                type="feedback_coverage",
                dimension="feedback",
                table="contacts",
                column=None,
                status=Status.ERROR,
                failed=0,
                total=0,
                message="the feedback table has no column 'customer_id'",
                details={"by_channel": []},
            )
        )
    return AuditReport(
        rules="rules.yaml",
        rules_name=f"acme {SCRIPT}",
        as_of=date(2026, 11, 1),
        generated_at="2026-11-01T08:00:00Z",
        tables=(
            TableInfo(name="contacts", source=f"exports/{IMG}.csv", rows=5, columns=4),
            TableInfo(name="activities", source="crm.sqlite", rows=8, columns=3),
        ),
        results=tuple(results),
        score=72.5,
        grade="C",
        dimensions=(
            DimensionScore(name="accuracy", score=60.0, weight=1, results=1, previous=70.0),
            DimensionScore(name="completeness", score=80.0, weight=1, results=2, previous=75.0),
            DimensionScore(name="freshness", score=None, weight=1, results=0),
            DimensionScore(name="usage", score=66.7, weight=1, results=1),
            DimensionScore(name="feedback", score=None, weight=1, results=1),
        ),
        checks=(
            RuleInfo(
                check="contact-fields",
                type="completeness",
                table="contacts",
                dimension="completeness",
                parameters={"columns": ["email", "phone"], "warn": 0.98, "note": STYLE_END},
                where="rules.yaml:10:5",
                description=f"rules say {IMG} {JS_LINK}",
            ),
        ),
        previous_score=70.0 if history else None,
        previous_as_of=date(2026, 10, 1) if history else None,
        score_history=(
            (
                ScorePoint(as_of=date(2026, 9, 1), run_at="x", score=65.0, grade="D"),
                ScorePoint(as_of=date(2026, 10, 1), run_at="y", score=70.0, grade="C"),
            )
            if history
            else ()
        ),
    )
