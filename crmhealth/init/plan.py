"""From profiles to proposed checks, each with the reasons it was chosen.

Thresholds start from these documented defaults (README, "crmhealth init"):

  completeness          warn 0.98, fail 0.90
  validity (all)        warn 0.99, fail 0.95
  duplicates            warn 0.99, fail 0.95 (exact on email and phone; fuzzy on people, companies)
  integrity             warn 0.99, fail 0.95
  freshness             max_age 180d, warn 0.90, fail 0.75
  usage                 window 30d, min_events 4 (one a week), warn 0.90, fail 0.75
  feedback_coverage     window 90d, warn 0.50, fail 0.20
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmhealth.init.allowed import allowed_values
from crmhealth.init.discover import TableProfile
from crmhealth.init.profile import CONFIRM_SHARE, LOW_CARDINALITY, PHONE_REGIONS, ColumnProfile
from crmhealth.init.proposal import THRESHOLDS, Proposed, Why, id_part, pct, with_thresholds
from crmhealth.init.relations import UNIQUE_SHARE, Pair, classify, find_pairs, key_column
from crmhealth.rules import EARLIEST_AS_OF

FRESHNESS_MAX_AGE = "180d"
USAGE_WINDOW, USAGE_MIN_EVENTS = "30d", 4
FEEDBACK_WINDOW = "90d"


@dataclass
class Plan:
    """What init proposes: the tables, what each is, the checks in file order, the top-level
    phone region and the as_of date (the latest date in the columns the checks age)."""

    tables: list[TableProfile]
    kinds: dict[str, str]  # table name -> person, company, deal, activity, feedback or other
    checks: list[Proposed]
    region: str | None
    as_of: date | None
    as_of_from: str | None  # table.column the as_of date was read from


def _content_why(column: ColumnProfile, kind: str) -> Why:
    """What the values say: the share of them that is valid for the column's kind."""
    share = pct(column.share(kind))
    if kind == "phone":
        region = column.phone_region or "CN"
        if region == "CN" and column.mobile_share > 0:
            return Why.of("phone_cn", share=share, mobiles=pct(column.mobile_share))
        return Why.of("phone_content", share=share, region=region)
    return Why.of(f"{kind}_content", share=share)


def _recognised_why(column: ColumnProfile, kind: str) -> list[Why]:
    """Why a column is an email, phone or date column: its header, its values, or both."""
    reasons = []
    if column.by_header and column.header is not None:
        reasons.append(Why.of("header", header=column.name, role=column.header.role.name))
    if column.sampled and (kind in ("email", "date") or (kind == "phone" and column.share(kind))):
        reasons.append(_content_why(column, kind))
    return reasons


def build_plan(tables: list[TableProfile]) -> Plan:
    """The checks for the profiled tables, each table's together, with unique ids."""
    kinds = {t.name: classify(t) for t in tables}
    keys = {t.name: key_column(t) for t in tables}
    pairs = find_pairs(tables, keys)
    checks: list[Proposed] = []
    ids: set[str] = set()
    time_columns: list[tuple[TableProfile, ColumnProfile]] = []
    region = _region(tables)
    for table in tables:
        table_checks, used_times = _table_checks(table, kinds, pairs, region, keys)
        checks.extend(table_checks)
        time_columns.extend(used_times)
    order = {t.name: i for i, t in enumerate(tables)}
    checks.sort(key=lambda p: order[p.table])  # stable: each table's checks together
    for proposed in checks:
        base = proposed.check.pop("id")
        unique, n = base, 2
        while unique in ids:
            unique, n = f"{base}-{n}", n + 1
        ids.add(unique)
        proposed.check = {"id": unique, **proposed.check}
    as_of, as_of_from = None, None
    for table, column in time_columns:
        if column.latest is None or column.latest < EARLIEST_AS_OF:
            continue  # the rules would refuse an as_of before 1990 as a typo
        if as_of is None or column.latest > as_of:
            as_of, as_of_from = column.latest, f"{table.name}.{column.name}"
    return Plan(tables, kinds, checks, region, as_of, as_of_from)


def _region(tables: list[TableProfile]) -> str | None:
    """The region most phone columns' numbers fit (ties: the earlier region in the list)."""
    votes: dict[str, int] = {}
    for table in tables:
        for column in table.columns:
            if column.kind == "phone":
                region = column.phone_region or "CN"
                votes[region] = votes.get(region, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda r: (votes[r], -PHONE_REGIONS.index(r)))


@dataclass
class _Scope:
    """What proposing one table's checks reads (every table's kind, key and pairs), and where
    the proposals and the date columns they read go."""

    table: TableProfile
    kind: str
    kinds: dict[str, str]
    pairs: dict[tuple[str, str], Pair]
    region: str | None
    keys: dict[str, ColumnProfile | None]
    out: list[Proposed] = field(default_factory=list)
    times: list[tuple[TableProfile, ColumnProfile]] = field(default_factory=list)


def _table_checks(
    table: TableProfile,
    kinds: dict[str, str],
    pairs: dict[tuple[str, str], Pair],
    region: str | None,
    keys: dict[str, ColumnProfile | None],
) -> tuple[list[Proposed], list[tuple[TableProfile, ColumnProfile]]]:
    """The checks proposed for one table, and the date columns they read (for as_of)."""
    scope = _Scope(table, kinds[table.name], kinds, pairs, region, keys)
    if table.rows == 0:
        return [], []
    for family in (
        _completeness,
        _validity,
        _duplicates,
        _freshness,
        _integrity,
        _usage,
        _feedback,
    ):
        family(scope)
    return scope.out, scope.times


def _completeness(scope: _Scope) -> None:
    """Completeness: the fields that matter."""
    name = scope.table.name
    kind = scope.kind
    cols = scope.table.columns
    required = [c for c in cols if _matters(c, kind)]
    if required:
        scope.out.append(
            Proposed(
                with_thresholds(
                    "completeness",
                    {
                        "id": f"{name}-fields",
                        "type": "completeness",
                        "table": name,
                        "columns": [c.name for c in required],
                    },
                ),
                [
                    Why.of(
                        "fields_that_matter",
                        columns=", ".join(c.name for c in required),
                        filled=", ".join(pct(c.present / c.rows) for c in required),
                    )
                ],
            )
        )


def _validity(scope: _Scope) -> None:
    """Validity of emails, phones, dates, stage/status/source values and amounts."""
    name = scope.table.name
    cols = scope.table.columns
    region = scope.region
    for column in cols:
        if column.present == 0:
            continue
        if column.kind in ("email", "phone", "date"):
            check: dict[str, Any] = {
                "id": f"{name}-{id_part(column.name)}-"
                + ("date" if column.kind == "date" else "valid"),
                "type": "validity",
                "table": name,
                "column": column.name,
                "format": column.kind,
            }
            if column.kind == "phone":
                column_region = column.phone_region or region or "CN"
                if column_region != region:
                    check["region"] = column_region
            scope.out.append(
                Proposed(with_thresholds("validity", check), _recognised_why(column, column.kind))
            )
        elif column.kind == "category" and column.values and column.distinct <= LOW_CARDINALITY:
            allowed = allowed_values(name, column)
            if allowed.check["values"]:
                scope.out.append(allowed)
        elif column.role == "amount" and column.share("number") >= CONFIRM_SHARE:
            scope.out.append(
                Proposed(
                    with_thresholds(
                        "validity",
                        {
                            "id": f"{name}-{id_part(column.name)}-range",
                            "type": "validity",
                            "table": name,
                            "column": column.name,
                            "format": "range",
                            "min": 0,
                        },
                    ),
                    [
                        Why.of("header", header=column.name, role="amount"),
                        Why.of("amount", share=pct(column.share("number"))),
                    ],
                )
            )


def _duplicates(scope: _Scope) -> None:
    """Exact duplicates on an id that repeats, emails and phones; fuzzy on people and companies."""
    name = scope.table.name
    kind = scope.kind
    cols = scope.table.columns
    keys = scope.keys
    key = keys[name]
    if key is not None and not key.unique:
        scope.out.append(
            Proposed(
                with_thresholds(
                    "duplicates",
                    {
                        "id": f"{name}-{id_part(key.name)}-duplicates",
                        "type": "duplicates",
                        "table": name,
                        "keys": [key.name],
                    },
                ),
                [Why.of("key_repeats", column=key.name, repeats=key.present - key.distinct)],
            )
        )
    if kind in ("person", "company"):
        for column in cols:
            if column.kind in ("email", "phone") and column.present >= 2:
                ratio = column.distinct / column.present
                if ratio < UNIQUE_SHARE:
                    continue
                scope.out.append(
                    Proposed(
                        with_thresholds(
                            "duplicates",
                            {
                                "id": f"{name}-{id_part(column.name)}-duplicates",
                                "type": "duplicates",
                                "table": name,
                                "keys": [column.name],
                            },
                        ),
                        [Why.of(f"unique_{column.kind}", share=pct(ratio))],
                    )
                )
        fields = _fuzzy_fields(cols, kind)
        if fields is not None:
            check = {
                "id": f"{name}-{'people' if kind == 'person' else 'companies'}",
                "type": "duplicates",
                "table": name,
                "match": "fuzzy",
                "fields": fields,
            }
            scope.out.append(
                Proposed(
                    with_thresholds("duplicates", check),
                    [Why.of(f"fuzzy_{kind}", columns=", ".join(fields))],
                )
            )


def _freshness(scope: _Scope) -> None:
    """Freshness of the last-modified column."""
    table = scope.table
    name = scope.table.name
    kind = scope.kind
    cols = scope.table.columns
    modified = _first(cols, roles=("updated_at",)) or _first(cols, roles=("last_activity",))
    if modified is not None and kind not in ("activity", "feedback"):
        scope.out.append(
            Proposed(
                {
                    "id": f"{name}-freshness",
                    "type": "freshness",
                    "table": name,
                    "column": modified.name,
                    "max_age": FRESHNESS_MAX_AGE,
                    **_slash_formats(modified),
                    **THRESHOLDS["freshness"],
                },
                [Why.of("freshness", header=modified.name, share=pct(modified.share("date")))],
            )
        )
        if modified.slash_order is not None:
            scope.out[-1].why.append(Why.of("slash_dates", format=modified.slash_order))
        scope.times.append((table, modified))


def _integrity(scope: _Scope) -> None:
    """Integrity of the columns paired with another table's key."""
    name = scope.table.name
    cols = scope.table.columns
    pairs = scope.pairs
    for column in cols:
        pair = pairs.get((name, column.name))
        if pair is None:
            continue
        scope.out.append(
            Proposed(
                with_thresholds(
                    "integrity",
                    {
                        "id": f"{name}-{id_part(column.name)}-integrity",
                        "type": "integrity",
                        "table": name,
                        "column": column.name,
                        "references": f"{pair.target_table}.{pair.target_column}",
                    },
                ),
                [
                    Why.of(
                        "pair_by_name" if pair.by_name else "pair_by_value",
                        share=pct(pair.share),
                        target=f"{pair.target_table}.{pair.target_column}",
                    )
                ],
            )
        )


def _usage(scope: _Scope) -> None:
    """Usage of an activity log, with the users table as roster when its ids match."""
    table = scope.table
    name = scope.table.name
    kind = scope.kind
    cols = scope.table.columns
    kinds = scope.kinds
    pairs = scope.pairs
    if kind == "activity":
        actor = _first(cols, roles=("user",)) or _first(cols, roles=("owner",))
        actor = actor or next((c for c in cols if c.kind == "actor"), None)
        when = _event_time(cols)
        if actor is not None and when is not None:
            check: dict[str, Any] = {
                "id": f"{name}-usage",
                "type": "usage",
                "table": name,
                "user_column": actor.name,
                "time_column": when.name,
            }
            pair = pairs.get((name, actor.name))
            reasons = [Why.of("usage", user=actor.name, time=when.name)]
            if pair is not None and kinds[pair.target_table] in ("person", "other"):
                check["users"] = f"{pair.target_table}.{pair.target_column}"
                reasons.append(Why.of("roster", roster=check["users"], share=pct(pair.share)))
            check.update(window=USAGE_WINDOW, min_events=USAGE_MIN_EVENTS, **THRESHOLDS["usage"])
            scope.out.append(Proposed(check, reasons))
            scope.times.append((table, when))


def _feedback(scope: _Scope) -> None:
    """Feedback coverage: on the customers' table, pointing at this feedback table."""
    table = scope.table
    name = scope.table.name
    kind = scope.kind
    cols = scope.table.columns
    kinds = scope.kinds
    pairs = scope.pairs
    if kind == "feedback":
        when = _first(cols, roles=("submitted_at",)) or _event_time(cols)
        for column in cols:
            pair = pairs.get((name, column.name))
            if pair is None or when is None:
                continue
            if kinds[pair.target_table] not in ("person", "company"):
                continue
            check: dict[str, Any] = {
                "id": f"{pair.target_table}-feedback",
                "type": "feedback_coverage",
                "table": pair.target_table,
                "key": pair.target_column,
                "feedback": f"{name}.{column.name}",
                "time_column": when.name,
                "window": FEEDBACK_WINDOW,
            }
            channel = _first(cols, roles=("channel",))
            comment = next((c for c in cols if c.kind == "comment"), None)
            score = next((c for c in cols if c.kind == "score"), None)
            for field_name, found in (
                ("channel_column", channel),
                ("comment_column", comment),
                ("score_column", score),
            ):
                if found is not None:
                    check[field_name] = found.name
            check.update(THRESHOLDS["feedback_coverage"])
            scope.out.append(
                Proposed(
                    check,
                    [
                        Why.of(
                            "feedback",
                            column=f"{name}.{column.name}",
                            target=f"{pair.target_table}.{pair.target_column}",
                            share=pct(pair.share),
                        )
                    ],
                )
            )
            scope.times.append((table, when))
            break
    return


def _slash_formats(column: ColumnProfile) -> dict[str, list[str]]:
    """``formats:`` for a column of slash dates whose order the values settle."""
    if column.slash_order is None:
        return {}
    base = column.slash_order
    return {"formats": [base, f"{base} %H:%M", f"{base} %H:%M:%S"]}


def _matters(column: ColumnProfile, table_kind: str) -> bool:
    """A field completeness is measured on: one the header knowledge marks as required (dates
    only in activity and feedback logs), or a column whose content shows it holds contact data."""
    if column.kind == "empty":
        return False
    if column.by_header and column.header is not None:
        role = column.header.role
        return role.required and (role.kind != "date" or table_kind in ("activity", "feedback"))
    return column.kind in ("email", "phone", "person_name", "company")


def _first(cols: tuple[ColumnProfile, ...], roles: tuple[str, ...]) -> ColumnProfile | None:
    for role in roles:
        for column in cols:
            if column.by_header and column.role == role and column.present > 0:
                return column
    return None


def _event_time(cols: tuple[ColumnProfile, ...]) -> ColumnProfile | None:
    return _first(cols, roles=("activity_time", "submitted_at", "created_at")) or next(
        (c for c in cols if c.kind == "date" and c.present > 0), None
    )


def _fuzzy_fields(cols: tuple[ColumnProfile, ...], kind: str) -> dict[str, str] | None:
    """Columns for fuzzy matching: at least a name (person or company) and one more field."""
    mapping = {
        "person_name": "name",
        "email": "email",
        "phone": "phone",
        "company": "company",
        "address": "address",
        "city": "exact",
    }
    fields: dict[str, str] = {}
    for column in cols:
        if column.present == 0 or column.kind not in mapping:
            continue
        fields[column.name] = mapping[column.kind]
    names = "name" if kind == "person" else "company"
    if names not in fields.values() or len(fields) < 2:
        return None
    return fields
