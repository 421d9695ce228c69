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

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmhealth.init.discover import TableProfile
from crmhealth.init.knowledge import knowledge, normalise_header
from crmhealth.init.profile import CONFIRM_SHARE, LOW_CARDINALITY, ColumnProfile

THRESHOLDS: dict[str, dict[str, float]] = {
    "completeness": {"warn": 0.98, "fail": 0.90},
    "validity": {"warn": 0.99, "fail": 0.95},
    "duplicates": {"warn": 0.99, "fail": 0.95},
    "integrity": {"warn": 0.99, "fail": 0.95},
    "freshness": {"warn": 0.9, "fail": 0.75},
    "usage": {"warn": 0.9, "fail": 0.75},
    "feedback_coverage": {"warn": 0.5, "fail": 0.2},
}
FRESHNESS_MAX_AGE = "180d"
USAGE_WINDOW, USAGE_MIN_EVENTS = "30d", 4
FEEDBACK_WINDOW = "90d"
UNIQUE_SHARE = 0.8  # distinct/filled above which a column is meant to identify one record
PAIR_SHARE = 0.8  # share of a column's values found in another table's key to pair them
PAIR_SHARE_BY_NAME = 0.5  # ... when the column's name also names the table
RARE_SCRIPT_SHARE = 0.1  # values in a script at most this share of rows are set aside
KEY_SHARE = 0.95  # distinct/rows of an id column that is still the table's key


@dataclass(frozen=True)
class Why:
    """A reason, rendered in the chosen language by ``messages``."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(key: str, **args: Any) -> Why:
        return Why(key, tuple(sorted(args.items())))


@dataclass(frozen=True)
class AllowedValue:
    value: str
    rows: int
    allowed: bool
    why: Why | None = None


@dataclass
class Proposed:
    """A check as its rules-file mapping, with the reasons it was chosen."""

    check: dict[str, Any]
    why: list[Why]
    allowed: list[AllowedValue] = field(default_factory=list)

    @property
    def table(self) -> str:
        return str(self.check["table"])


@dataclass
class Plan:
    tables: list[TableProfile]
    kinds: dict[str, str]  # table name -> person, company, activity, feedback or other
    checks: list[Proposed]
    region: str | None
    as_of: date | None
    as_of_from: str | None  # table.column the as_of date was read from


def pct(share: float) -> str:
    """A share as the comments write it: whole percent, never 100% unless all (99.6% → 99%)."""
    whole = int(share * 100)
    return f"{whole}%"


def _id_part(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-") or "column"


def _with_thresholds(check_type: str, check: dict[str, Any]) -> dict[str, Any]:
    return {**check, **THRESHOLDS[check_type]}


def _content_why(column: ColumnProfile, kind: str) -> Why:
    share = pct(column.share(kind))
    if kind == "phone":
        region = column.phone_region or "CN"
        if region == "CN" and column.mobile_share > 0:
            return Why.of("phone_cn", share=share, mobiles=pct(column.mobile_share))
        return Why.of("phone_content", share=share, region=region)
    return Why.of(f"{kind}_content", share=share)


def _recognised_why(column: ColumnProfile, kind: str) -> list[Why]:
    reasons = []
    if column.by_header and column.header is not None:
        reasons.append(Why.of("header", header=column.name, role=column.header.role.name))
    if column.sampled and (kind in ("email", "date") or (kind == "phone" and column.share(kind))):
        reasons.append(_content_why(column, kind))
    return reasons


def classify(table: TableProfile) -> str:
    """person, company, activity, feedback or other, from the columns and the table's name."""
    cols = table.columns
    hinted = table.name_kinds()
    kinds = {c.kind for c in cols}
    roles = {c.role for c in cols if c.by_header}
    has_time = "date" in kinds
    event_time = bool(roles & {"activity_time", "submitted_at"})
    if (
        ("score" in kinds or "comment" in kinds)
        and has_time
        and ("feedback" in hinted or "submitted_at" in roles or not ({"person_name"} & kinds))
    ):
        return "feedback"
    if "actor" in kinds and has_time and (event_time or "activity" in hinted):
        return "activity"
    if "activity" in hinted and has_time:
        return "activity"
    if "person_name" in kinds:
        return "person"
    if any(c.kind == "email" and c.distinct >= UNIQUE_SHARE * c.present > 0 for c in cols):
        return "person"
    if any(c.kind == "company" and c.distinct >= UNIQUE_SHARE * c.present > 0 for c in cols):
        return "company"
    return "other"


def _nearly_unique(column: ColumnProfile) -> bool:
    """Filled and distinct in all but a few rows: a key, perhaps with duplicated records."""
    return column.rows > 0 and column.distinct >= KEY_SHARE * column.rows


def _key_column(table: TableProfile) -> ColumnProfile | None:
    """The table's own id: a (nearly) unique column the header calls an id, else the table's
    id column, else the first unique code-like column."""
    named_ids = [c for c in table.columns if c.role == "id" and _nearly_unique(c)]
    for column in named_ids:
        if normalise_header(column.name) in ("id", "编号", "recordid"):
            return column
    if table.table.id_column is not None:
        named = [c for c in named_ids if c.name == table.table.id_column]
        if named:
            return named[0]
    if named_ids:
        return named_ids[0]
    for column in table.columns:
        if column.unique and column.kind == "id" and column.share("code") >= 0.9:
            return column
    return None


def build_plan(tables: list[TableProfile], today: date) -> Plan:
    kinds = {t.name: classify(t) for t in tables}
    keys = {t.name: _key_column(t) for t in tables}
    pairs = _pairs(tables, keys)
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
        if column.latest is not None and (as_of is None or column.latest > as_of):
            as_of, as_of_from = column.latest, f"{table.name}.{column.name}"
    return Plan(tables, kinds, checks, region, as_of, as_of_from)


def _region(tables: list[TableProfile]) -> str | None:
    """The region most phone columns' numbers fit (ties: the earlier region in the list)."""
    from crmhealth.init.profile import PHONE_REGIONS

    votes: dict[str, int] = {}
    for table in tables:
        for column in table.columns:
            if column.kind == "phone":
                region = column.phone_region or "CN"
                votes[region] = votes.get(region, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda r: (votes[r], -PHONE_REGIONS.index(r)))


@dataclass(frozen=True)
class Pair:
    column: str
    target_table: str
    target_column: str
    share: float
    by_name: bool


def _singular(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    return word


def _pairs(
    tables: list[TableProfile], keys: dict[str, ColumnProfile | None]
) -> dict[tuple[str, str], Pair]:
    """(table, column) -> the other table's key its values point at, by name and by overlap."""
    import polars as pl

    pairs: dict[tuple[str, str], Pair] = {}
    for table in tables:
        own_key = keys[table.name]
        for column in table.columns:
            if own_key is not None and column.name == own_key.name:
                continue
            if column.kind in ("email", "phone", "date", "empty", "number", "score") or (
                column.present == 0
            ):
                continue
            id_header = column.role in ("id", "owner", "user") or normalise_header(
                column.name
            ).endswith("id")
            coded = column.share("letters_and_digits") >= 0.9
            if not (id_header or coded):
                continue
            stem = normalise_header(column.name).removesuffix("id")
            values = pl.Series(column.distinct_sample, dtype=pl.String)
            best: Pair | None = None
            for other in tables:
                target = keys[other.name]
                if other.name == table.name or target is None:
                    continue
                by_name = bool(stem) and stem in (
                    _singular(normalise_header(other.name)),
                    normalise_header(other.name),
                )
                if not coded and not by_name:
                    continue  # plain integers collide between tables by accident
                found = (
                    other.frame.lazy()
                    .select(pl.col(target.name).str.strip_chars().alias("k"))
                    .unique()
                    .join(pl.LazyFrame({"k": values}), on="k", how="semi")
                    .collect()
                    .height
                )
                share = found / values.len() if values.len() else 0.0
                needed = PAIR_SHARE_BY_NAME if by_name else PAIR_SHARE
                if share < needed or found < 1:
                    continue
                candidate = Pair(column.name, other.name, target.name, share, by_name)
                if best is None or (by_name, share) > (best.by_name, best.share):
                    best = candidate
            if best is not None:
                pairs[(table.name, column.name)] = best
    return pairs


def _table_checks(
    table: TableProfile,
    kinds: dict[str, str],
    pairs: dict[tuple[str, str], Pair],
    region: str | None,
    keys: dict[str, ColumnProfile | None],
) -> tuple[list[Proposed], list[tuple[TableProfile, ColumnProfile]]]:
    kind = kinds[table.name]
    name = table.name
    cols = table.columns
    out: list[Proposed] = []
    times: list[tuple[TableProfile, ColumnProfile]] = []
    if table.rows == 0:
        return out, times

    # completeness: the fields that matter
    required = [c for c in cols if _matters(c, kind)]
    if required:
        out.append(
            Proposed(
                _with_thresholds(
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

    # validity
    for column in cols:
        if column.present == 0:
            continue
        if column.kind in ("email", "phone", "date"):
            check: dict[str, Any] = {
                "id": f"{name}-{_id_part(column.name)}-"
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
            out.append(
                Proposed(_with_thresholds("validity", check), _recognised_why(column, column.kind))
            )
        elif column.kind == "category" and column.values and column.distinct <= LOW_CARDINALITY:
            allowed = _allowed(name, column)
            if allowed.check["values"]:
                out.append(allowed)
        elif column.role == "amount" and column.share("number") >= CONFIRM_SHARE:
            out.append(
                Proposed(
                    _with_thresholds(
                        "validity",
                        {
                            "id": f"{name}-{_id_part(column.name)}-range",
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

    # duplicates
    key = keys[name]
    if key is not None and not key.unique:
        out.append(
            Proposed(
                _with_thresholds(
                    "duplicates",
                    {
                        "id": f"{name}-{_id_part(key.name)}-duplicates",
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
                out.append(
                    Proposed(
                        _with_thresholds(
                            "duplicates",
                            {
                                "id": f"{name}-{_id_part(column.name)}-duplicates",
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
            out.append(
                Proposed(
                    _with_thresholds("duplicates", check),
                    [Why.of(f"fuzzy_{kind}", columns=", ".join(fields))],
                )
            )

    # freshness
    modified = _first(cols, roles=("updated_at",)) or _first(cols, roles=("last_activity",))
    if modified is not None and kind not in ("activity", "feedback"):
        out.append(
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
            out[-1].why.append(Why.of("slash_dates", format=modified.slash_order))
        times.append((table, modified))

    # integrity
    for column in cols:
        pair = pairs.get((name, column.name))
        if pair is None:
            continue
        out.append(
            Proposed(
                _with_thresholds(
                    "integrity",
                    {
                        "id": f"{name}-{_id_part(column.name)}-integrity",
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

    # usage
    if kind == "activity":
        actor = _first(cols, roles=("user",)) or _first(cols, roles=("owner",))
        actor = actor or next((c for c in cols if c.kind == "actor"), None)
        when = _event_time(cols)
        if actor is not None and when is not None:
            check = {
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
            out.append(Proposed(check, reasons))
            times.append((table, when))

    # feedback coverage: on the customers' table, pointing at this feedback table
    if kind == "feedback":
        when = _first(cols, roles=("submitted_at",)) or _event_time(cols)
        for column in cols:
            pair = pairs.get((name, column.name))
            if pair is None or when is None:
                continue
            if kinds[pair.target_table] not in ("person", "company"):
                continue
            check = {
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
            out.append(
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
            times.append((table, when))
            break
    return out, times


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


def _script(value: str) -> str:
    if re.search(r"[\u4e00-\u9fff]", value):
        return "han"
    if re.search(r"[A-Za-z]", value):
        return "latin"
    return "other"


def _allowed(table: str, column: ColumnProfile) -> Proposed:
    """Allowed values: what is there, setting aside case variants, placeholders and values in
    a script few rows use (a translation of another value?), each commented for review."""
    placeholders = knowledge().placeholders
    total = sum(n for _, n in column.values) or 1
    script_rows: dict[str, int] = {}
    for value, n in column.values:
        script_rows[_script(value)] = script_rows.get(_script(value), 0) + n
    seen_lower: dict[str, str] = {}
    values: list[AllowedValue] = []
    for value, n in column.values:  # most frequent first
        lower = value.lower()
        script = _script(value)
        if lower in seen_lower:
            why = Why.of("variant_of", value=seen_lower[lower])
            values.append(AllowedValue(value, n, False, why))
            continue
        seen_lower[lower] = value
        if lower in placeholders:
            values.append(AllowedValue(value, n, False, Why.of("placeholder")))
        elif (
            len(script_rows) > 1
            and script in ("han", "latin")
            and script_rows[script] / total <= RARE_SCRIPT_SHARE
        ):
            share = pct(1 - script_rows[script] / total)
            values.append(AllowedValue(value, n, False, Why.of("other_script", share=share)))
        else:
            values.append(AllowedValue(value, n, True))
    reasons: list[Why] = []
    if column.by_header and column.header is not None:
        reasons.append(Why.of("header", header=column.name, role=column.header.role.name))
    reasons.append(Why.of("low_cardinality", distinct=column.distinct))
    check = _with_thresholds(
        "validity",
        {
            "id": f"{table}-{_id_part(column.name)}-values",
            "type": "validity",
            "table": table,
            "column": column.name,
            "format": "allowed",
            "values": [v.value for v in values if v.allowed],
        },
    )
    return Proposed(check, reasons, values)
