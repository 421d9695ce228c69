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

from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from crmhealth.checks.formats.fallback import judge_distinct

_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
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


def _library_judge(region: str) -> object:
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


def valid_phones(values: pl.Series, region: str) -> pl.Series:
    """Whether each trimmed, non-missing value is a valid phone number for `region`."""
    rules = region_rules(region)
    if rules is None:
        raise ValueError(f"unknown phone region '{region}'")
    v, digits, plus, national = pl.col("v"), pl.col("digits"), pl.col("plus"), pl.col("national")
    cc = rules.country_code
    # Stage the intermediate columns explicitly: each is computed once, not once per use.
    frame = (
        pl.DataFrame({"v": values})
        .with_columns(
            v.str.replace_all(r"[^0-9]", "").alias("digits"),
            v.str.starts_with("+").alias("plus"),
            v.str.contains(_SIMPLE_SHAPE).alias("simple"),
        )
        .with_columns(
            pl.when(plus).then(digits.str.slice(len(cc))).otherwise(digits).alias("national"),
        )
    )
    undecided = ~pl.col("simple") | (plus & ~digits.str.starts_with(cc))
    undecided = undecided | (~plus & digits.str.starts_with(cc))
    if rules.international_prefix:
        undecided = undecided | (~plus & digits.str.contains(f"^(?:{rules.international_prefix})"))

    npp = rules.national_prefix_for_parsing
    nsn = national
    if npp and rules.has_transform_rule:
        undecided = undecided | national.str.contains(f"^(?:{npp})")
    elif npp:
        general = f"^(?:{rules.general.pattern})$"
        frame = frame.with_columns(
            national.str.contains(f"^(?:{npp})").alias("prefixed"),
            national.str.replace(f"^(?:{npp})", "").alias("stripped"),
        )
        stripped = pl.col("stripped")
        strip = (
            pl.col("prefixed")
            & ~(national.str.contains(general) & ~stripped.str.contains(general))
            & _length_keeps_stripped(rules, stripped)
        )
        nsn = pl.when(strip).then(stripped).otherwise(national)
    frame = frame.select(nsn.alias("nsn"), undecided.alias("undecided"))

    nsn_col = pl.col("nsn")
    of_any_type = (
        pl.any_horizontal([d.matches(nsn_col) for d in rules.types])
        if rules.types
        else pl.lit(False)
    )
    verdict = (
        nsn_col.str.len_chars().is_between(2, 17) & rules.general.matches(nsn_col) & of_any_type
    )
    judged = frame.select(verdict.fill_null(False).alias("fast"), pl.col("undecided"))
    undecided_mask = judged.get_column("undecided")
    fast = judged.get_column("fast")
    if rules.shares_country_code:
        # Another region of a shared code (+1: US, CA, ...) may accept what the main one does not.
        undecided_mask = undecided_mask | ~fast
    return judge_distinct(
        values,
        undecided_mask,
        _library_judge(region),  # type: ignore[arg-type]
        fast,
    ).alias(values.name)
