"""Usage: window edges, roster users with no events, users outside the roster, min_events."""

from __future__ import annotations

from pathlib import Path

from support import audit, audit_run, fix_list, only

from crmhealth.results import Status

LOG = ("id", "user_id", "timestamp")
ROSTER = ("id", "team")


def _events(user: str, *days: str) -> list[tuple[str, str, str]]:
    return [(f"{user}-{i}", user, day) for i, day in enumerate(days)]


def _usage_check(**overrides: object) -> dict[str, object]:
    check: dict[str, object] = {
        "type": "usage",
        "table": "activities",
        "user_column": "user_id",
        "time_column": "timestamp",
        "window": "30d",
        "min_events": 2,
    }
    check.update(overrides)
    return check


def test_window_is_the_30_dates_ending_at_as_of_inclusive(tmp_path: Path) -> None:
    # as_of 2026-11-01, 30d → 2026-10-03 .. 2026-11-01. Each user has exactly 2 events if the
    # edges are inclusive and counted right.
    log = [
        *_events("edge", "2026-10-03 00:00:00", "2026-11-01 23:59:59"),  # both edges: 2 → pass
        *_events("early", "2026-10-02 23:59:59", "2026-10-20"),  # one day too early: 1 → fail
        *_events("late", "2026-11-02 00:00:01", "2026-10-20"),  # after as_of: 1 → fail
        *_events("junk", "N/A", "2026-10-20"),  # unparseable counts nowhere: 1 → fail
    ]
    result = only(audit(tmp_path, {"activities": (LOG, log)}, [_usage_check()]))
    assert (result.failed, result.total, result.status) == (3, 4, Status.WARN)
    counts = {row["user"]: row["events"] for row in result.details["per_user"]}
    assert counts == {"edge": 2, "early": 1, "late": 1, "junk": 1}
    assert result.details["window_start"] == "2026-10-03"
    assert result.details["unparseable_times"] == 1
    assert result.dimension == "usage"


def test_roster_users_absent_from_the_log_count_zero(tmp_path: Path) -> None:
    roster = [("U1", "north"), ("U2", "north"), ("U3 ", "south"), ("U4", "south")]
    log = [
        *_events("U1", "2026-10-30", "2026-10-31", "2026-11-01"),  # 3 → engaged
        *_events(" U3", "2026-10-30", "2026-10-31"),  # trimmed ids match: 2 → engaged
        *_events("U2", "2026-10-30"),  # 1 → under-active
        *_events("ghost", "2026-10-30", "2026-10-31"),  # not on the roster: left out
    ]
    run = audit_run(
        tmp_path,
        {"activities": (LOG, log), "users": (ROSTER, roster)},
        [_usage_check(users="users.id", by="team", fail=0.6)],
    )
    result = only(run.report)
    assert (result.failed, result.total) == (2, 4)  # U2 (1) and U4 (0)
    assert result.status is Status.FAIL
    assert [s.to_dict() for s in result.samples] == [
        {"user": "U4", "events": 0},
        {"user": "U2", "events": 1},
    ]
    assert result.details["events_of_users_outside_roster"] == 2
    assert [(g.group, g.failed, g.total) for g in result.breakdown] == [
        ("north", 1, 2),
        ("south", 1, 2),
    ]
    # The fix list: the roster rows of the under-active users, with their counts.
    rows = fix_list(run, result.check)
    assert [{k: r[k] for k in ("id", "team", "events")} for r in rows] == [
        {"id": "U2", "team": "north", "events": 1},
        {"id": "U4", "team": "south", "events": 0},
    ]
    assert [(r["row"], r["reason"]) for r in rows] == [
        (2, "1 event in the 30 days to 2026-11-01 (needs 2)"),
        (4, "0 events in the 30 days to 2026-11-01 (needs 2)"),
    ]


def test_without_roster_total_is_distinct_users_in_the_whole_log(tmp_path: Path) -> None:
    log = [
        *_events("a", "2026-10-31", "2026-11-01"),
        *_events("b", "2026-01-01", "2026-01-02"),
        ("x", None, "2026-11-01"),
    ]  # a row without a user is no user
    result = only(audit(tmp_path, {"activities": (LOG, log)}, [_usage_check()]))
    assert (result.failed, result.total) == (1, 2)  # b was active long ago only


def test_events_per_week_cover_the_window_back_from_as_of(tmp_path: Path) -> None:
    log = _events("a", "2026-11-01", "2026-10-26", "2026-10-25", "2026-10-03")
    result = only(audit(tmp_path, {"activities": (LOG, log)}, [_usage_check()]))
    assert result.details["per_week"] == [
        {"start": "2026-10-03", "end": "2026-10-04", "events": 1},
        {"start": "2026-10-05", "end": "2026-10-11", "events": 0},
        {"start": "2026-10-12", "end": "2026-10-18", "events": 0},
        {"start": "2026-10-19", "end": "2026-10-25", "events": 1},
        {"start": "2026-10-26", "end": "2026-11-01", "events": 2},
    ]


def test_a_sqlite_log_with_unix_timestamps(tmp_path: Path) -> None:
    import sqlite3
    from datetime import datetime, timezone

    import yaml

    from crmhealth.engine import run_audit
    from crmhealth.rules import load_rules

    def epoch(day: str) -> int:
        return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())

    conn = sqlite3.connect(tmp_path / "crm.sqlite")
    conn.execute("CREATE TABLE activities (id INTEGER, user_id TEXT, ts INTEGER)")
    rows = [
        (1, "a", epoch("2026-10-03 00:00:00")),
        (2, "a", epoch("2026-11-01 23:00:00")),
        (3, "b", epoch("2026-10-02 23:59:59")),
        (4, "b", epoch("2026-10-20 12:00:00") * 1000),
    ]
    conn.executemany("INSERT INTO activities VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.close()
    rules = {
        "version": 1,
        "as_of": "2026-11-01",
        "sources": {"activities": {"path": "crm.sqlite", "table": "activities"}},
        "checks": [_usage_check(time_column="ts")],
    }
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(rules), "utf-8")
    (result,) = run_audit(load_rules(tmp_path / "rules.yaml")).results
    counts = {row["user"]: row["events"] for row in result.details["per_user"]}
    assert counts == {"a": 2, "b": 1}  # seconds and milliseconds both read, as UTC dates
    assert (result.failed, result.total) == (1, 2)
