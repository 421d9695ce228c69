"""Usage over time: whose activity fell most since the previous run of a usage check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from crmhealth.history.records import ResultRecord
from crmhealth.results import Result

MAX_USERS = 10


def per_user_events(details: Mapping[str, Any]) -> dict[str, int] | None:
    """``{user: events}`` from a usage result's ``per_user`` details (None when absent).

    Users are keyed as the report shows them; ids that masking made identical (two e-mail
    addresses shown alike) cannot be told apart and are left out.
    """
    rows = details.get("per_user")
    if not isinstance(rows, Sequence):
        return None
    pairs = [
        (str(row["user"]), int(row["events"]))
        for row in rows
        if isinstance(row, Mapping) and row.get("user") is not None and "events" in row
    ]
    seen = Counter(user for user, _ in pairs)
    return {user: events for user, events in pairs if seen[user] == 1}


def usage_change(result: Result, previous: ResultRecord) -> dict[str, Any] | None:
    """For a usage result, the users whose events fell most against `previous` (same series).

    ``fell``: up to ten users with fewer events than in the previous run, the largest drop
    first (ties: fewer events now, then the user), each with ``events``, ``previous_events``
    and ``change``; users new or gone since then count 0 on the side they are missing.
    ``events`` / ``previous_events``: the totals over the users of both runs.
    """
    if result.type != "usage":
        return None
    now = per_user_events(result.details)
    before = per_user_events(previous.details)
    if now is None or before is None:
        return None
    users = set(now) | set(before)
    changes = sorted(
        (now.get(user, 0) - before.get(user, 0), now.get(user, 0), user)
        for user in users
        if now.get(user, 0) < before.get(user, 0)
    )
    return {
        "previous_window_end": previous.details.get("window_end"),
        "events": sum(now.values()),
        "previous_events": sum(before.values()),
        "users_fell": len(changes),
        "users_rose": sum(1 for user in users if now.get(user, 0) > before.get(user, 0)),
        "fell": [
            {
                "user": user,
                "events": events,
                "previous_events": before.get(user, 0),
                "change": change,
            }
            for change, events, user in changes[:MAX_USERS]
        ],
    }
