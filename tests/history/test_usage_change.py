"""Usage over time: which users' activity fell most since the previous run."""

from __future__ import annotations

from pathlib import Path

import yaml
from audit_helpers import write_csv
from history_helpers import audit_json, check_of

from crmhealth.history.usage import per_user_events

LOG = ("id", "user_id", "timestamp")


def _log(counts: dict[str, int], day: str) -> list[tuple[str, str, str]]:
    return [(f"{u}-{i}", u, day) for u, n in counts.items() for i in range(n)]


def _project(folder: Path, counts: dict[str, int], day: str) -> Path:
    write_csv(folder / "activities.csv", LOG, _log(counts, day))
    write_csv(folder / "users.csv", ("id",), [("U1",), ("U2",), ("U3",), ("U4",), ("U5",)])
    rules = {
        "version": 1,
        "sources": {"activities": "activities.csv", "users": "users.csv"},
        "checks": [
            {
                "id": "team",
                "type": "usage",
                "table": "activities",
                "user_column": "user_id",
                "time_column": "timestamp",
                "users": "users.id",
                "window": "30d",
                "min_events": 2,
            }
        ],
    }
    path = folder / "rules.yaml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return path


def test_users_whose_events_fell_most_are_listed_with_exact_counts(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    rules = _project(tmp_path, {"U1": 10, "U2": 6, "U3": 3, "U4": 1}, "2026-09-20")
    first = audit_json(rules, "2026-10-01", history)
    assert "usage_change" not in check_of(first, "team")["details"]
    # October: U1 10→2 (-8), U2 6→6, U3 3→0 (-3), U4 1→4 (+3), U5 0→0.
    _project(tmp_path, {"U1": 2, "U2": 6, "U4": 4}, "2026-10-20")
    second = check_of(audit_json(rules, "2026-11-01", history), "team")
    assert second["details"]["usage_change"] == {
        "previous_window_end": "2026-10-01",
        "events": 12,
        "previous_events": 20,
        "users_fell": 2,
        "users_rose": 1,
        "fell": [
            {"user": "U1", "events": 2, "previous_events": 10, "change": -8},
            {"user": "U3", "events": 0, "previous_events": 3, "change": -3},
        ],
    }
    # U4 and U5 under 2 events before; U3 and U5 now.
    assert (second["failed"], second["previous"]["failed"]) == (2, 2)


def test_masked_user_ids_that_collide_are_left_out() -> None:
    details = {
        "per_user": [
            {"user": "li***@qq.com", "events": 1},
            {"user": "li***@qq.com", "events": 5},
            {"user": "U7", "events": 2},
        ]
    }
    assert per_user_events(details) == {"U7": 2}
    assert per_user_events({}) is None
