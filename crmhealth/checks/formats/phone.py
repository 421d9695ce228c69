"""Phone numbers valid for a region, as libphonenumber judges ``is_valid_number(parse(v, region))``.

libphonenumber is exact but costs ~15 µs a number in Python, and a real export has a million
distinct phones. So the common shapes (digits with spaces, dashes, dots, brackets or slashes, and
optionally ``+<country code>`` of the region) are judged by whole-column regexes compiled from
libphonenumber's own metadata for the region, replaying its parse steps: national-prefix
stripping with its viability and length tests, then the general and per-type patterns with their
possible lengths. Everything else (letters, extensions, full-width digits, international
prefixes, other countries' codes, regions with prefix transform rules) goes to libphonenumber
itself, once per distinct value. The tests compare both paths on generated numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from crmhealth.checks.formats.fallback import judge_distinct

# The common types first: a number is tried against the next type only if none accepted it.
_TYPES = (
    "mobile",
    "fixed_line",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)
_SIMPLE_SHAPE = r"^\+?[0-9 ().\-/]+$"


@dataclass(frozen=True)
class _Desc:
    pattern: str
    lengths: tuple[int, ...]

    def matches(self, nsn: pl.Expr) -> pl.Expr:
        fits = nsn.str.contains(f"^(?:{self.pattern})$")
        if self.lengths:
            fits = fits & nsn.str.len_chars().is_in(list(self.lengths))
        return fits


@dataclass(frozen=True)
class _RegionRules:
    country_code: str
    international_prefix: str | None
    national_prefix_for_parsing: str | None
    has_transform_rule: bool
    general: _Desc
    general_local_only: tuple[int, ...]
    types: tuple[_Desc, ...]
    shares_country_code: bool


def _desc(raw: object) -> _Desc | None:
    pattern = getattr(raw, "national_number_pattern", None)
    lengths = tuple(getattr(raw, "possible_length", ()) or ())
    if not pattern or lengths == (-1,):
        return None
    return _Desc(pattern=pattern, lengths=lengths)


@lru_cache(maxsize=64)
def region_rules(region: str) -> _RegionRules | None:
    """The metadata the fast path needs for `region`, or None for an unknown region."""
    import phonenumbers
    from phonenumbers import PhoneMetadata

    metadata = PhoneMetadata.metadata_for_region(region.upper())
    if metadata is None or metadata.country_code is None or metadata.general_desc is None:
        return None
    general = _desc(metadata.general_desc)
    if general is None:
        return None
    types = tuple(d for d in (_desc(getattr(metadata, t, None)) for t in _TYPES) if d)
    regions = phonenumbers.region_codes_for_country_code(metadata.country_code)
    return _RegionRules(
        country_code=str(metadata.country_code),
        international_prefix=metadata.international_prefix,
        national_prefix_for_parsing=metadata.national_prefix_for_parsing,
        has_transform_rule=bool(metadata.national_prefix_transform_rule),
        general=general,
        general_local_only=tuple(metadata.general_desc.possible_length_local_only or ()),
        types=types,
        shares_country_code=len(regions) > 1,
    )


def is_known_region(region: str) -> bool:
    """True if libphonenumber has metadata for this ISO 3166 region code."""
    return region_rules(region) is not None


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

    return frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


@lru_cache(maxsize=256)
def _rules_for_code(code: str) -> _RegionRules | None:
    """The rules of the main region of a country calling code (None if it has none)."""
    import phonenumbers

    region = phonenumbers.region_code_for_country_code(int(code))
    return None if region in (None, "ZZ", "001") else region_rules(region)


def _library_judge(region: str) -> Callable[[str], bool]:
    import phonenumbers

    def judge(value: str) -> bool:
        try:
            return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, region)))
        except phonenumbers.NumberParseException:
            return False

    return judge


def _length_keeps_stripped(rules: _RegionRules, stripped: pl.Expr) -> pl.Expr:
    """libphonenumber keeps a stripped national prefix unless the rest is too short, local-only
    or of an impossible length (its ``_test_number_length``)."""
    lengths = rules.general.lengths
    n = stripped.str.len_chars()
    possible = n.is_in(list(lengths)) if lengths else pl.lit(True)
    local_only = (
        n.is_in(list(rules.general_local_only)) if rules.general_local_only else pl.lit(False)
    )
    too_long = n > max(lengths) if lengths else pl.lit(False)
    return (possible & ~local_only) | too_long


def _national_significant(
    national: pl.Series, rules: _RegionRules, undecided: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """(nsn, undecided): the national number with its national prefix stripped where
    libphonenumber would strip it. Only the rows that start with a prefix pay for the test."""
    npp = rules.national_prefix_for_parsing
    if not npp:
        return national, undecided
    prefixed = national.str.contains(f"^(?:{npp})").fill_null(False)
    if rules.has_transform_rule:
        return national, undecided | prefixed
    rows = prefixed.arg_true()
    if rows.len() == 0:
        return national, undecided
    general = f"^(?:{rules.general.pattern})$"
    candidates = national.gather(rows).to_frame("national")
    n, stripped = pl.col("national"), pl.col("stripped")
    chosen = (
        candidates.with_columns(n.str.replace(f"^(?:{npp})", "").alias("stripped"))
        .select(
            pl.when(
                ~(n.str.contains(general) & ~stripped.str.contains(general))
                & _length_keeps_stripped(rules, stripped)
            )
            .then(stripped)
            .otherwise(n)
        )
        .to_series()
    )
    return national.clone().scatter(rows, chosen), undecided


def _judge_national(
    national: pl.Series, rules: _RegionRules, undecided: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """(fast, undecided) for national numbers (digits after any country code) of one region:
    national-prefix stripping, then the general and per-type patterns with their lengths."""
    nsn, undecided = _national_significant(national, rules, undecided)
    n = pl.col("nsn")
    fits_general = (
        nsn.to_frame("nsn")
        .select((n.str.len_chars().is_between(2, 17) & rules.general.matches(n)).fill_null(False))
        .to_series()
    )
    # A number is valid when it fits any type. Most fit the first tried (mobile, then fixed
    # line), so only the numbers no type has accepted yet are tried against the next one.
    pending = fits_general.arg_true()
    fast = pl.repeat(False, nsn.len(), eager=True, dtype=pl.Boolean)
    for desc in rules.types:
        if pending.len() == 0:
            break
        fits = (
            nsn.gather(pending).to_frame("nsn").select(desc.matches(n).fill_null(False)).to_series()
        )
        fast.scatter(pending.filter(fits), True)
        pending = pending.filter(~fits)
    if rules.shares_country_code:
        # Another region of a shared code (+1: US, CA, ...) may accept what the main one does not.
        undecided = undecided | ~fast
    return fast, undecided


def valid_phones(values: pl.Series, region: str) -> pl.Series:
    """Whether each trimmed, non-missing value is a valid phone number for `region`."""
    rules = region_rules(region)
    if rules is None:
        raise ValueError(f"unknown phone region '{region}'")
    v, digits, plus = pl.col("v"), pl.col("digits"), pl.col("plus")
    domestic_code = ~plus & digits.str.starts_with(rules.country_code)
    if rules.international_prefix:
        domestic_code = domestic_code | (
            ~plus & digits.str.contains(f"^(?:{rules.international_prefix})")
        )
    shape = (
        pl.DataFrame({"v": values})
        .with_columns(
            v.str.replace_all(r"[^0-9]", "").alias("digits"),
            v.str.starts_with("+").fill_null(False).alias("plus"),
        )
        .select(
            "digits",
            "plus",
            # Letters, extensions, full-width digits, 00/0086 or 86 prefixes: the library decides.
            (~v.str.contains(_SIMPLE_SHAPE).fill_null(False) | domestic_code).alias("undecided"),
        )
    )
    fast = pl.repeat(False, values.len(), eager=True, dtype=pl.Boolean)
    undecided = shape.get_column("undecided").clone()
    is_plus = shape.get_column("plus")

    local = (~is_plus).arg_true()
    if local.len():
        ok, unsure = _judge_national(
            shape.get_column("digits").gather(local), rules, undecided.gather(local)
        )
        fast.scatter(local, ok)
        undecided.scatter(local, unsure)

    international = is_plus.arg_true()
    if international.len():
        _judge_international(shape[international], international, fast, undecided)
    return judge_distinct(values, undecided, _library_judge(region), fast).alias(values.name)


def _judge_international(
    rows: pl.DataFrame, positions: pl.Series, fast: pl.Series, undecided: pl.Series
) -> None:
    """Judge ``+<code> <number>`` rows per country calling code, writing into fast/undecided."""
    digits = pl.col("digits")
    codes = list(_country_codes())
    coded = rows.with_columns(
        positions.alias("position"),
        # Country calling codes are prefix-free: the first 1-3 digits that form one are it.
        pl.when(digits.str.slice(0, 1).is_in(codes))
        .then(digits.str.slice(0, 1))
        .when(digits.str.slice(0, 2).is_in(codes))
        .then(digits.str.slice(0, 2))
        .when(digits.str.slice(0, 3).is_in(codes))
        .then(digits.str.slice(0, 3))
        .alias("code"),
    )
    for (code,), group in coded.group_by(["code"]):
        where = group.get_column("position")
        code_rules = _rules_for_code(code) if code is not None else None
        if code_rules is None:
            undecided.scatter(where, True)
            continue
        national = group.get_column("digits").str.slice(len(code))
        ok, unsure = _judge_national(national, code_rules, group.get_column("undecided"))
        fast.scatter(where, ok)
        undecided.scatter(where, unsure)
