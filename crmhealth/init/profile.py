"""Profiles of a table's columns: what each holds, judged by its header and by its values.

Content is judged on a bounded sample (the first ``SAMPLE_ROWS`` rows); counts that are cheap
on a whole column (rows, filled values, distinct values, the values of a low-cardinality
column, the latest date) are taken on the whole column. Frames may be eager or lazy: everything
goes through ``.lazy()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from crmhealth.checks.common import missing
from crmhealth.checks.formats.email import valid_emails
from crmhealth.checks.formats.phone import valid_phones
from crmhealth.checks.parsing import SLASH_FORMS, parse_dates, parse_number
from crmhealth.init.knowledge import HeaderMatch, knowledge

SAMPLE_ROWS = 20_000
# Regions tried for phone columns, most likely first (a tie goes to the earlier one).
PHONE_REGIONS = ("CN", "US", "GB", "HK", "TW", "SG", "DE", "FR", "JP", "AU", "IN", "CA")
# A column whose values mostly have a kind's shape is of that kind (content-only recognition).
CONTENT_SHARE = 0.8
# A header matched by a pattern (not a known name) needs this share of its kind's content.
CONFIRM_SHARE = 0.5
PHONE_SAMPLE = 2_000
LOW_CARDINALITY = 30  # distinct values a stage/status/source column may have
CONTENT_CATEGORY = 12  # distinct values a column without a known header may have to count

_PHONE_SHAPE = r"^\+?[0-9(][0-9 ().\-/]{5,22}$"
_CN_MOBILE = r"^(?:\+?86|0086)?1[3-9]\d{9}$"
_CODE = r"^[A-Za-z0-9][A-Za-z0-9\-_:.]{0,63}$"
_COMPANY = (
    r"(?i)(?:公司|集团|有限|厂|商行|工作室|事务所|银行|医院|学校|大学|研究院|中心|合作社|门店|店)$"
    r"|\b(?:inc|ltd|llc|llp|corp|co|gmbh|plc|limited|company|group|ag|bv|sa|sarl|pty|kk)\.?$"
)
MIN_VALUES = 5  # values a column needs before its content alone says what it holds


@dataclass(frozen=True)
class ColumnProfile:
    """One column: its header's role, its counts and the shares of its sampled values that
    have each shape."""

    name: str
    header: HeaderMatch | None
    rows: int
    present: int
    distinct: int
    sampled: int
    shares: dict[str, float]
    phone_region: str | None = None
    mobile_share: float = 0.0
    values: tuple[tuple[str, int], ...] = ()  # (value, rows), when the column has few values
    latest: date | None = None  # the latest plausible date, for date columns
    slash_order: str | None = None  # "%d/%m/%Y" or "%m/%d/%Y" when dates are written 3/10/2026
    kind: str = "text"
    by_header: bool = False
    distinct_sample: tuple[str, ...] = field(default=(), repr=False)

    @property
    def role(self) -> str | None:
        return self.header.role.name if self.header else None

    @property
    def unique(self) -> bool:
        """Filled in every row, and no value twice: a key."""
        return self.rows > 0 and self.present == self.rows and self.distinct == self.present

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)


def _shares(values: pl.Series) -> tuple[dict[str, float], str | None, float]:
    """Shares of trimmed, non-missing values that look like each kind; the best phone region
    and the share of CN mobiles."""
    n = values.len()
    if n == 0:
        return {}, None, 0.0
    frame = pl.DataFrame({"v": values})
    v = pl.col("v")
    digits = v.str.replace_all(r"\D", "")
    flags = frame.select(
        v.str.contains(_PHONE_SHAPE).alias("phone_shape")
        & digits.str.len_chars().is_between(7, 15),
        v.str.contains(_CODE).alias("code") & v.str.contains(r"\d"),
        (v.str.contains(r"\p{L}") & v.str.contains(r"\d") & ~v.str.contains(r"\s")).alias(
            "letters_and_digits"
        ),
        v.str.contains(_COMPANY).alias("company"),
        v.str.contains(knowledge().person_name_pattern()).alias("person_name"),
        parse_number(v).is_not_null().alias("number"),
        v.str.replace_all(r"[\s\-().]", "").str.contains(_CN_MOBILE).alias("cn_mobile"),
    )
    shares = {name: float(flags.get_column(name).sum()) / n for name in flags.columns}
    shares["email"] = (
        float(valid_emails(values).sum()) / n if values.str.contains("@").any() else 0.0
    )
    dates = parse_dates(values, SLASH_FORMS)
    plausible = dates.is_not_null() & dates.dt.year().is_between(1900, 2100)
    shares["date"] = float(plausible.sum()) / n
    region, best = None, 0.0
    if shares["phone_shape"] >= CONFIRM_SHARE:
        # The region is guessed on the first PHONE_SAMPLE phone-shaped values: enough to tell,
        # and each region's odd shapes cost a libphonenumber call per distinct value.
        shaped = values.filter(flags.get_column("phone_shape"))
        tried = shaped.head(PHONE_SAMPLE)
        scale = shaped.len() / max(tried.len(), 1) / n
        for candidate in PHONE_REGIONS:
            share = float(valid_phones(tried, candidate).sum()) * scale
            if share > best:
                region, best = candidate, share
    shares["phone"] = best
    return shares, region, shares["cn_mobile"]


def _kind(
    header: HeaderMatch | None, shares: dict[str, float], distinct: int, present: int
) -> tuple[str, bool]:
    """The column's kind and whether its header decided it."""
    if header is not None:
        kind = header.role.kind
        if kind == "name":  # a person in contacts, a company in accounts, a title in deals
            if shares.get("company", 0) >= CONFIRM_SHARE:
                kind = "company"
            elif shares.get("person_name", 0) >= CONFIRM_SHARE:
                kind = "person_name"
            else:
                kind = "text"
        if kind == "score" and shares.get("number", 0) < CONFIRM_SHARE:
            kind = "category"  # Salesforce's account Rating is Hot/Warm/Cold, no score
        checked = kind in ("email", "phone", "date")
        if header.exact or not checked or present == 0:
            return kind, True
        if shares.get(kind, 0.0) >= CONFIRM_SHARE:
            return kind, True
    if present == 0:
        return "empty", False
    if present < MIN_VALUES:
        return "text", False
    for kind in ("email", "date", "phone"):
        if shares.get(kind, 0.0) >= CONTENT_SHARE:
            return kind, False
    textual = shares.get("number", 0) < 0.5 and shares.get("date", 0) < 0.5
    if textual and 2 <= distinct <= CONTENT_CATEGORY and present >= 5 * distinct:
        return "category", False
    if shares.get("company", 0) >= 0.6:
        return "company", False
    if shares.get("person_name", 0) >= 0.7 and distinct >= 0.5 * present:
        return "person_name", False
    if shares.get("code", 0) >= 0.9 and shares.get("number", 0) < 1.0:
        return "id", False
    if shares.get("number", 0) >= CONTENT_SHARE:
        return "number", False
    return "text", False


def profile_frame(frame: pl.DataFrame | pl.LazyFrame, today: date) -> list[ColumnProfile]:
    """Every column's profile, in the table's column order."""
    lazy = frame.lazy()
    names = lazy.collect_schema().names()
    if not names:
        return []
    counts = lazy.select(
        pl.len().alias("__rows"),
        *[(~missing(pl.col(c))).sum().alias(f"p{i}") for i, c in enumerate(names)],
        *[
            pl.col(c).str.strip_chars().filter(~missing(pl.col(c))).n_unique().alias(f"d{i}")
            for i, c in enumerate(names)
        ],
    ).collect()
    sample = lazy.head(SAMPLE_ROWS).collect()
    rows = int(counts.item(0, "__rows"))
    profiles = []
    for i, name in enumerate(names):
        present = int(counts.item(0, f"p{i}"))
        distinct = int(counts.item(0, f"d{i}"))
        values = sample.select(
            pl.col(name).filter(~missing(pl.col(name))).str.strip_chars()
        ).get_column(name)
        shares, region, mobiles = _shares(values)
        header = knowledge().match(name)
        kind, by_header = _kind(header, shares, distinct, present)
        counted: tuple[tuple[str, int], ...] = ()
        if 0 < distinct <= LOW_CARDINALITY:
            counted = _value_counts(lazy, name)
        slash = _slash_order(values) if kind == "date" else None
        latest = _latest(lazy, name, today, slash) if kind == "date" else None
        profiles.append(
            ColumnProfile(
                name=name,
                header=header,
                rows=rows,
                present=present,
                distinct=distinct,
                sampled=values.len(),
                shares=shares,
                phone_region=region,
                mobile_share=mobiles,
                values=counted,
                latest=latest,
                slash_order=slash,
                kind=kind,
                by_header=by_header,
                distinct_sample=tuple(sorted(values.unique().to_list())),
            )
        )
    return profiles


def _value_counts(lazy: pl.LazyFrame, name: str) -> tuple[tuple[str, int], ...]:
    """(trimmed value, rows) of a low-cardinality column, most frequent first, then by value."""
    counted = (
        lazy.filter(~missing(pl.col(name)))
        .select(pl.col(name).str.strip_chars().alias("v"))
        .group_by("v")
        .len()
        .sort(["len", "v"], descending=[True, False])
        .collect()
    )
    return tuple((str(v), int(n)) for v, n in counted.iter_rows())


def _latest(lazy: pl.LazyFrame, name: str, today: date, slash: str | None) -> date | None:
    """The latest date in the column that is not after `today` (future typos are ignored);
    slash dates are read in the column's order when the values settle it."""
    column = lazy.select(pl.col(name)).collect().get_column(name)
    formats = (slash, f"{slash} %H:%M", f"{slash} %H:%M:%S") if slash else ()
    dates = parse_dates(column, formats)
    kept = dates.filter(dates.is_not_null() & (dates <= today))
    latest = kept.max()
    return latest if isinstance(latest, date) else None


def _slash_order(values: pl.Series) -> str | None:
    """Which slash-date format the column uses, when most values are written 3/10/2026: a first
    part above 12 means day first, a second part above 12 month first; never both or neither."""
    parts = values.str.extract_groups(r"^(\d{1,2})/(\d{1,2})/\d{4}\b")
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    if values.len() == 0 or first.is_not_null().sum() < 0.5 * values.len():
        return None
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    if day_first == month_first:
        return None
    return "%d/%m/%Y" if day_first else "%m/%d/%Y"
