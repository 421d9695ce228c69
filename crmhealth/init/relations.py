"""How the tables relate: what each table is (people, companies, an activity log, feedback),
which column is its key, and which columns point at another table's key (by name and by the
overlap of their values)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from crmhealth.init.discover import TableProfile
from crmhealth.init.knowledge import normalise_header
from crmhealth.init.profile import ColumnProfile

UNIQUE_SHARE = 0.8  # distinct/filled above which a column is meant to identify one record
PAIR_SHARE = 0.8  # share of a column's values found in another table's key to pair them
PAIR_SHARE_BY_NAME = 0.5  # ... when the column's name also names the table
KEY_SHARE = 0.95  # distinct/rows of an id column that is still the table's key


def classify(table: TableProfile) -> str:
    """person, company, deal, activity, feedback or other, from the columns and the name.

    A feedback table has a score or comment and a time; an activity log a user column and a
    time (an event time, an activity-like name, or nothing that makes it a table of people,
    companies or deals); people and companies are told by their names, emails and companies.
    """
    cols = table.columns
    hinted = table.name_kinds()
    kinds = {c.kind for c in cols}
    roles = {c.role for c in cols if c.by_header}
    has_time = "date" in kinds
    event_time = bool(roles & {"activity_time", "submitted_at"})
    entity = _entity(cols)
    if (
        ("score" in kinds or "comment" in kinds)
        and has_time
        and ("feedback" in hinted or "submitted_at" in roles or entity is None)
    ):
        return "feedback"
    if has_time and ("activity" in hinted or ("actor" in kinds and event_time)):
        return "activity"
    if "deal" in hinted or (roles & {"stage", "amount"} and entity is None):
        return "deal"
    if "actor" in kinds and has_time and entity is None:
        return "activity"
    return entity or "other"


def _entity(cols: tuple[ColumnProfile, ...]) -> str | None:
    """person or company when the columns name people or companies, one a row."""
    kinds = {c.kind for c in cols}
    if "person_name" in kinds:
        return "person"
    if any(c.kind == "email" and c.distinct >= UNIQUE_SHARE * c.present > 0 for c in cols):
        return "person"
    if any(c.kind == "company" and c.distinct >= UNIQUE_SHARE * c.present > 0 for c in cols):
        return "company"
    return None


def _nearly_unique(column: ColumnProfile) -> bool:
    """Filled and distinct in all but a few rows: a key, perhaps with duplicated records."""
    return column.rows > 0 and column.distinct >= KEY_SHARE * column.rows


def key_column(table: TableProfile) -> ColumnProfile | None:
    """The table's own id: a (nearly) unique column the header calls an id, else the table's
    id column, else the first unique code-like column."""
    named_ids = [c for c in table.columns if c.role == "id" and _nearly_unique(c)]
    for column in named_ids:
        if normalise_header(column.name) in ("id", "编号", "recordid"):
            return column
    if table.id_column is not None:
        named = [c for c in named_ids if c.name == table.id_column]
        if named:
            return named[0]
    if named_ids:
        return named_ids[0]
    for column in table.columns:
        if column.unique and column.kind == "id" and column.share("code") >= 0.9:
            return column
    return None


@dataclass(frozen=True)
class Pair:
    """`column` points at `target_table`.`target_column`; `share` of its values are there."""

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


def find_pairs(
    tables: list[TableProfile], keys: dict[str, ColumnProfile | None]
) -> dict[tuple[str, str], Pair]:
    """(table, column) -> the other table's key its values point at, by name and by overlap."""
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
