"""Labelled generator of realistic CRM contacts with duplicates (truth column ``entity_id``).

Usage::

    python bench/fuzzy/generate.py --people 3000 --seed 0 --out contacts.csv
    python bench/fuzzy/generate.py --records 1000000 --out contacts.csv
    python bench/fuzzy/generate.py --people 100000 --name-pool small --out contacts.csv

The population is ~60 % Chinese and ~40 % English-speaking (US/UK, a few German firms). Every
person ("entity") gets 1–4 records (mean ~1.76). The first record of a person is close to the
canonical values (light noise only); the others carry the perturbations a real CRM collects:
nicknames, typos, homophone or traditional characters, pinyin instead of characters, the full
name in one column, swapped columns, alternate e-mail addresses, phone formatting variants,
mistyped digits, company switchboards, legal-suffix and city-prefix variants of company names,
missing fields, and occasional job changes (another company; the record keeps the person's
mobile and personal e-mail, so it stays linkable). Hard negatives arise by construction:
namesakes (Zipf-distributed names), colleagues sharing a switchboard, and equal personal e-mail
local parts at different domains.

Everything is vectorised with numpy and polars; the output is a pure function of
(``people``, ``seed``, ``name_pool``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl

if __package__ in (None, ""):  # executed as a script: make `bench.fuzzy` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.fuzzy import pools as P

NamePool = Literal["small", "normal"]

#: Columns of the generated CSV, in order.
COLUMNS: list[str] = [
    "id", "first_name", "last_name", "email", "phone", "company", "city", "owner_id",
    "created_at", "entity_id",
]  # fmt: skip

#: Probability that a person has 1, 2, 3 or 4 records (mean 1.76).
RECORD_COUNT_PROBS: tuple[float, float, float, float] = (0.45, 0.40, 0.09, 0.06)
MEAN_RECORDS_PER_PERSON: float = float(np.dot(RECORD_COUNT_PROBS, [1, 2, 3, 4]))
CN_SHARE: float = 0.6
PEOPLE_PER_COMPANY: int = 20

_EPOCH_START = 1451606400  # 2016-01-01
_EPOCH_END = 1751241600  # 2025-06-30


def people_for_records(records: int) -> int:
    """Number of people that yields about ``records`` records on average."""
    return max(1, round(records / MEAN_RECORDS_PER_PERSON))


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def _zipf(n: int, s: float, offset: float = 0.0) -> np.ndarray:
    """Normalised Zipf-like weights ``1 / (rank + offset) ** s`` for ranks 1..n."""
    w: np.ndarray = 1.0 / (np.arange(1, n + 1, dtype=np.float64) + offset) ** s
    out: np.ndarray = w / w.sum()
    return out


def _norm(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    out: np.ndarray = w / w.sum()
    return out


def _gather(values: Sequence[str], idx: np.ndarray) -> pl.Series:
    """``values[idx]`` as a polars String series."""
    return pl.Series(values=list(values), dtype=pl.String).gather(idx)


def _digits(rng: np.random.Generator, n: int, width: int, low: int = 0) -> pl.Series:
    """``n`` random zero-padded digit strings of ``width`` digits, each >= ``low``."""
    vals = rng.integers(low, 10**width, size=n)
    return pl.Series(vals).cast(pl.String).str.zfill(width)


def _pick_variant(keys: pl.Series, mapping: dict[str, list[str]], u: np.ndarray) -> pl.Series:
    """For each key pick one of ``mapping[key]`` using uniform draws ``u``; null if unmapped."""
    key_list = list(mapping)
    counts = np.array([len(mapping[k]) for k in key_list], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat = [v for k in key_list for v in mapping[k]]
    code = (
        keys.replace_strict(
            {k: i for i, k in enumerate(key_list)}, default=-1, return_dtype=pl.Int64
        )
        .fill_null(-1)
        .to_numpy()
    )
    ok = code >= 0
    safe = np.where(ok, code, 0)
    pick = offsets[safe] + np.minimum((u * counts[safe]).astype(np.int64), counts[safe] - 1)
    out = _gather(flat, pick)
    return pl.select(pl.when(pl.Series(ok)).then(out).otherwise(None)).to_series()


def _choose(choice: pl.Expr, options: Sequence[pl.Expr]) -> pl.Expr:
    """``options[choice]`` as a single when/then chain."""
    expr = options[-1]
    for i in range(len(options) - 2, -1, -1):
        expr = pl.when(choice == i).then(options[i]).otherwise(expr)
    return expr


def _choice_by_group(
    rng: np.random.Generator, groups: np.ndarray, table: dict[str, np.ndarray]
) -> np.ndarray:
    """Draw an option index per row from the probability vector of its group."""
    out = np.zeros(len(groups), dtype=np.int64)
    for name, probs in table.items():
        mask = groups == name
        k = int(mask.sum())
        if k:
            out[mask] = rng.choice(len(probs), size=k, p=probs)
    return out


def _strip_accents(e: pl.Expr) -> pl.Expr:
    return e.str.normalize("NFKD").str.replace_all(r"\p{M}", "")


def _ascii_lower(e: pl.Expr) -> pl.Expr:
    """Lower-case ASCII letters only (for e-mail local parts): "O'Brien" -> "obrien"."""
    return _strip_accents(e).str.to_lowercase().str.replace_all(r"[^a-z]", "")


# --------------------------------------------------------------------------------------------
# phones
# --------------------------------------------------------------------------------------------

PhoneBuilder = Callable[[pl.Expr, pl.Expr, pl.Expr, pl.Expr, pl.Expr], pl.Expr]


def _fmt(*parts: str | int) -> PhoneBuilder:
    """Template: str parts are literals, ints index (cc, trunk, g1, g2, g3)."""

    def build(cc: pl.Expr, t: pl.Expr, g1: pl.Expr, g2: pl.Expr, g3: pl.Expr) -> pl.Expr:
        cols = (cc, t, g1, g2, g3)
        return pl.concat_str([cols[p] if isinstance(p, int) else pl.lit(p) for p in parts])

    return build


CC, T, G1, G2, G3 = 0, 1, 2, 3, 4
#: Phone display styles. Example outputs for a CN mobile / CN landline / US number in comments.
PHONE_STYLES: list[tuple[str, PhoneBuilder]] = [
    ("digits", _fmt(T, G1, G2, G3)),  # 13912345678 / 01062345678 / 4155550134
    ("intl_compact", _fmt("+", CC, G1, G2, G3)),  # +8613912345678
    ("intl_spaced", _fmt("+", CC, " ", G1, " ", G2, " ", G3)),  # +86 139 1234 5678
    ("intl_dash", _fmt("+", CC, "-", G1, "-", G2, G3)),  # +86-10-62345678
    ("nat_spaced", _fmt(T, G1, " ", G2, " ", G3)),  # 139 1234 5678 / 020 7946 0123
    ("nat_dashed", _fmt(T, G1, "-", G2, "-", G3)),  # 139-1234-5678 / 415-555-0134
    ("nat_area_dash", _fmt(T, G1, "-", G2, G3)),  # 010-62345678
    ("paren_cc", _fmt("(", CC, ") ", G1, G2, G3)),  # (86) 13912345678
    ("paren_area", _fmt("(", T, G1, ") ", G2, "-", G3)),  # (415) 555-0134
    ("paren_area_nodash", _fmt("(", T, G1, ") ", G2, G3)),  # (010) 62345678
    ("intl_paren_area", _fmt("+", CC, " (", G1, ") ", G2, "-", G3)),  # +1 (415) 555-0134
    ("dotted", _fmt(G1, ".", G2, ".", G3)),  # 415.555.0134
    ("intl_paren0", _fmt("+", CC, " (0)", G1, " ", G2, " ", G3)),  # +44 (0)20 7946 0123
    ("double0", _fmt("00", CC, " ", G1, G2, G3)),  # 0086 13912345678
    ("us_1dash", _fmt("1-", G1, "-", G2, "-", G3)),  # 1-415-555-0134
]
_STYLE_ID = {name: i for i, (name, _) in enumerate(PHONE_STYLES)}


def _style_table(weights: dict[str, float]) -> np.ndarray:
    p = np.zeros(len(PHONE_STYLES))
    for name, w in weights.items():
        p[_STYLE_ID[name]] = w
    return _norm(p.tolist())


_EU_STYLES = {
    "intl_spaced": 0.35, "nat_spaced": 0.35, "intl_paren0": 0.12, "digits": 0.1,
    "intl_compact": 0.08,
}  # fmt: skip
#: Per phone kind: how often each display style is used.
PHONE_STYLE_WEIGHTS: dict[str, np.ndarray] = {
    "cn_mobile": _style_table({
        "digits": 0.35, "intl_spaced": 0.18, "nat_dashed": 0.15, "nat_spaced": 0.08,
        "paren_cc": 0.08, "intl_compact": 0.08, "double0": 0.04, "intl_dash": 0.04,
    }),
    "cn_land": _style_table({
        "nat_area_dash": 0.45, "digits": 0.15, "paren_area_nodash": 0.12, "intl_spaced": 0.1,
        "intl_dash": 0.1, "nat_spaced": 0.08,
    }),
    "us": _style_table({
        "intl_paren_area": 0.25, "paren_area": 0.25, "nat_dashed": 0.2, "dotted": 0.12,
        "intl_spaced": 0.06, "intl_compact": 0.06, "digits": 0.03, "us_1dash": 0.03,
    }),
    "uk_land": _style_table(_EU_STYLES), "uk_mobile": _style_table(_EU_STYLES),
    "de_land": _style_table(_EU_STYLES), "de_mobile": _style_table(_EU_STYLES),
}  # fmt: skip

_PHONE_PARTS = ("cc", "trunk", "g1", "g2", "g3", "kind")


def _country_codes(country: np.ndarray) -> np.ndarray:
    """Calling codes for country names CN / US / UK / DE."""
    return np.select([country == "CN", country == "US", country == "UK"], ["86", "1", "44"], "49")


def _landline(rng: np.random.Generator, country: np.ndarray, area: pl.Series) -> pl.DataFrame:
    """Landline numbers (switchboards / direct lines) for the given countries and area codes."""
    n = len(country)
    cc_arr = _country_codes(country)
    trunk = np.where(country == "US", "", "0")
    kind = np.select(
        [country == "CN", country == "US", country == "UK"], ["cn_land", "us", "uk_land"], "de_land"
    )
    # US: exchange 200-999 + 4 digits; London (20): 4+4; other UK: 3+4; CN / DE: 4+4
    g2_len4 = _digits(rng, n, 4, low=2000)
    g2_len3 = _digits(rng, n, 3, low=200)
    short_g2 = (country == "US") | ((country == "UK") & (area.to_numpy() != "20"))
    g2 = pl.select(pl.when(pl.Series(short_g2)).then(g2_len3).otherwise(g2_len4)).to_series()
    return pl.DataFrame(
        {
            "cc": cc_arr,
            "trunk": trunk,
            "g1": area,
            "g2": g2,
            "g3": _digits(rng, n, 4),
            "kind": kind,
        }
    )


def _mobile(rng: np.random.Generator, country: np.ndarray, us_area: pl.Series) -> pl.DataFrame:
    """Personal mobile numbers for the given countries (US mobiles use the city's area code)."""
    n = len(country)
    cn_prefix = _gather(P.CN_MOBILE_PREFIXES, rng.integers(0, len(P.CN_MOBILE_PREFIXES), n))
    uk_prefix = pl.Series(rng.integers(7400, 8000, n)).cast(pl.String)
    de_prefix = _gather(["151", "152", "157", "160", "170", "171", "176"], rng.integers(0, 7, n))
    d3, d4a, d4b, x3 = (
        _digits(rng, n, 3),
        _digits(rng, n, 4),
        _digits(rng, n, 4),
        _digits(rng, n, 3, 200),
    )
    is_cn, is_us, is_uk = (pl.Series(country == c) for c in ("CN", "US", "UK"))
    frame = pl.DataFrame({"d3": d3, "d4a": d4a, "d4b": d4b, "x3": x3})
    return frame.select(
        cc=pl.Series(_country_codes(country)),
        trunk=pl.when(is_cn | is_us).then(pl.lit("")).otherwise(pl.lit("0")),
        g1=pl.when(is_cn)
        .then(cn_prefix)
        .when(is_us)
        .then(us_area)
        .when(is_uk)
        .then(uk_prefix)
        .otherwise(de_prefix),
        g2=pl.when(is_cn | ~is_us & ~is_uk)
        .then(pl.col("d4a"))
        .when(is_us)
        .then(pl.col("x3"))
        .otherwise(pl.col("d3")),
        g3=pl.when(is_uk).then(pl.col("d4b").str.slice(0, 3)).otherwise(pl.col("d4b")),
        kind=pl.Series(
            np.select(
                [country == "CN", country == "US", country == "UK"],
                ["cn_mobile", "us", "uk_mobile"],
                "de_mobile",
            )
        ),
    )


def _make_numbers_unique(
    frames: list[pl.DataFrame], rng: np.random.Generator
) -> list[pl.DataFrame]:
    """Re-draw the last group of any number that collides with an earlier one (across frames)."""
    sizes = [f.height for f in frames]
    allf = pl.concat([f.select(_PHONE_PARTS) for f in frames])
    for _ in range(50):
        key = pl.concat_str([pl.col("cc"), pl.col("g1"), pl.col("g2"), pl.col("g3")])
        bad = allf.select(~key.is_first_distinct())[:, 0].to_numpy()
        if not bad.any():
            break
        width = allf["g3"].str.len_chars().to_numpy()
        fresh = np.where(
            width == 3, rng.integers(0, 1000, len(bad)), rng.integers(0, 10000, len(bad))
        )
        fresh_s = pl.Series(fresh).cast(pl.String)
        allf = allf.with_columns(
            g3=pl.when(pl.Series(bad))
            .then(fresh_s.str.zfill(3).str.slice(0, 3).str.zfill(3))
            .otherwise(pl.col("g3"))
        )
        allf = allf.with_columns(
            g3=pl.when(pl.Series(bad) & (pl.Series(width) == 4))
            .then(fresh_s.str.zfill(4))
            .otherwise(pl.col("g3"))
        )
    out = []
    start = 0
    for f, n in zip(frames, sizes, strict=True):
        out.append(f.drop(_PHONE_PARTS).hstack(allf.slice(start, n)))
        start += n
    return out


# --------------------------------------------------------------------------------------------
# companies
# --------------------------------------------------------------------------------------------


def _unique_suffixed(stem: pl.Series, tail: pl.Series) -> pl.Series:
    """``stem + tail`` made unique by appending 2, 3, ... to the stem of later occurrences."""
    df = pl.DataFrame({"stem": stem, "tail": tail})
    return df.select(
        pl.concat_str(
            [
                pl.col("stem"),
                pl.when(pl.int_range(pl.len()).over("stem", "tail") > 0)
                .then((pl.int_range(pl.len()).over("stem", "tail") + 1).cast(pl.String))
                .otherwise(pl.lit("")),
                pl.col("tail"),
            ]
        )
    ).to_series()


def _sample_combos(rng: np.random.Generator, space: int, n: int, fixed: list[int]) -> np.ndarray:
    """``n`` distinct codes from ``range(space)``: the ``fixed`` ones first, then random ones."""
    n_rand = max(0, n - len(fixed))
    if n_rand + len(fixed) <= space:
        pool = rng.choice(space, size=min(space, n_rand + len(fixed)), replace=False)
        pool = pool[~np.isin(pool, fixed)][:n_rand]
    else:  # more companies than names: repeats are unavoidable
        pool = rng.integers(0, space, n_rand)
    return np.concatenate([np.asarray(fixed[:n], dtype=np.int64), pool.astype(np.int64)])


def _cn_companies(rng: np.random.Generator, n: int) -> pl.DataFrame:
    py = P.char_pinyin()
    known = set(P.CN_BRANDS)
    chars = P.CN_BRAND_CHARS
    brands = P.CN_BRANDS + [a + b for a in chars for b in chars if a != b and a + b not in known]
    industries = [i for i, _ in P.CN_INDUSTRIES]
    tags = [t for _, t in P.CN_INDUSTRIES]
    city_names = [c[0] for c in P.CN_CITIES]
    fixed = [  # the documented examples
        ("星辰", "科技", "北京", "有限公司"),
        ("华信", "贸易", "上海", "有限责任公司"),
        ("腾飞", "电子", "深圳", "股份有限公司"),
        ("恒通", "实业", "杭州", "集团"),
    ][:n]
    ni = len(industries)
    codes = _sample_combos(
        rng,
        len(brands) * ni,
        n,
        [brands.index(b) * ni + industries.index(i) for b, i, _, _ in fixed],
    )
    b_idx, i_idx = codes // ni, codes % ni
    city = rng.choice(len(P.CN_CITIES), size=n, p=_norm(P.CN_CITY_WEIGHTS))
    legal = rng.choice(len(P.CN_LEGAL), size=n, p=_norm([w for _, w in P.CN_LEGAL]))
    has_prefix = rng.random(n) < 0.7
    for k, (_, _, c, lg) in enumerate(fixed):
        city[k] = city_names.index(c)
        legal[k] = [x for x, _ in P.CN_LEGAL].index(lg)
        has_prefix[k] = True
    brand_py = [("".join(py[ch] for ch in b)) for b in brands]
    tld = rng.choice(len(P.CN_TLDS), size=n, p=_norm([w for _, w in P.CN_TLDS]))
    hyphen = rng.random(n) < 0.3
    stem = pl.select(
        pl.concat_str(
            [
                _gather(brand_py, b_idx),
                pl.when(pl.Series(hyphen)).then(pl.lit("-")).otherwise(pl.lit("")),
                _gather(tags, i_idx),
            ]
        )
    ).to_series()
    prefix_full = _gather([c[1] for c in P.CN_CITIES], city)
    df = pl.DataFrame(
        {
            "co_country": ["CN"] * n,
            "co_city": city,
            "co_prefix": pl.select(
                pl.when(pl.Series(has_prefix)).then(prefix_full).otherwise(pl.lit(""))
            ).to_series(),
            "co_city_prefix": prefix_full,
            "co_province": _gather([c[2] for c in P.CN_CITIES], city),
            "co_core": _gather(brands, b_idx) + _gather(industries, i_idx),
            "co_legal": _gather([x for x, _ in P.CN_LEGAL], legal),
            "co_domain": _unique_suffixed(stem, _gather([t for t, _ in P.CN_TLDS], tld)),
        }
    )
    return df.with_columns(co_name=pl.concat_str(["co_prefix", "co_core", "co_legal"]))


def _en_companies(rng: np.random.Generator, n: int) -> pl.DataFrame:
    brands = list(
        dict.fromkeys(P.EN_BRANDS + [p + s for p in P.EN_BRAND_PREFIX for s in P.EN_BRAND_SUFFIX])
    )
    inds = P.EN_INDUSTRIES
    cities = [c[0] for c in P.EN_CITIES]
    fixed = [
        ("Acme", "Widgets", "San Francisco", "Inc."),
        ("Northwind", "Traders", "London", "Ltd"),
        ("Globex", "", "New York", "Corporation"),
    ][:n]
    ni = len(inds)
    codes = _sample_combos(
        rng, len(brands) * ni, n, [brands.index(b) * ni + inds.index(i) for b, i, _, _ in fixed]
    )
    b_idx, i_idx = codes // ni, codes % ni
    city = rng.choice(len(cities), size=n, p=_norm(P.EN_CITY_WEIGHTS))
    for k, (_, _, c, _) in enumerate(fixed):
        city[k] = cities.index(c)
    country = np.array([P.EN_CITIES[c][1] for c in city])
    legal = np.empty(n, dtype=object)
    for ctry, forms in P.EN_LEGAL.items():
        m = country == ctry
        picks = rng.choice(len(forms), size=int(m.sum()), p=_norm([w for _, w in forms]))
        legal[m] = [forms[i][0] for i in picks]
    for k, (_, _, _, lg) in enumerate(fixed):
        legal[k] = lg
    brand_s, ind_s = _gather(brands, b_idx), _gather(inds, i_idx)
    core = pl.select(pl.concat_str([brand_s, pl.lit(" "), ind_s]).str.strip_chars()).to_series()
    stem = pl.select(_ascii_lower(pl.lit(brand_s)) + _ascii_lower(pl.lit(ind_s))).to_series()
    tld = pl.Series([P.EN_COUNTRY_TLD[c] for c in country], dtype=pl.String)
    df = pl.DataFrame(
        {
            "co_country": country,
            "co_city": city + len(P.CN_CITIES),  # index into the combined city table
            "co_prefix": [""] * n,
            "co_city_prefix": [""] * n,
            "co_province": [""] * n,
            "co_core": core,
            "co_legal": pl.Series(legal.tolist(), dtype=pl.String),
            "co_domain": _unique_suffixed(stem, tld),
        }
    )
    return df.with_columns(
        co_name=pl.concat_str(
            [
                pl.col("co_core"),
                pl.when(pl.col("co_legal") != "").then(pl.lit(" ")).otherwise(pl.lit("")),
                pl.col("co_legal"),
            ]
        )
    )


def _city_table() -> pl.DataFrame:
    """All cities: name, two alternative spellings, country and area code (CN first)."""
    rows = [(c[0], c[0] + "市", c[3], "CN", c[4]) for c in P.CN_CITIES]
    rows += [(c[0], c[2], c[0].lower(), c[1], c[3]) for c in P.EN_CITIES]
    return pl.DataFrame(
        rows, schema=["city", "city_alt1", "city_alt2", "country", "area"], orient="row"
    )


# --------------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------------


def _pick_with(rng: np.random.Generator, n: int, options: list[tuple[str, float]]) -> np.ndarray:
    return rng.choice(len(options), size=n, p=_norm([w for _, w in options]))


def _suffix_digits(rng: np.random.Generator, n: int) -> pl.Series:
    """Digits people append to a mail local part: '', '88', '1988', '123'."""
    kind = rng.choice(4, size=n, p=[0.45, 0.2, 0.25, 0.1])
    two = pl.Series(rng.integers(0, 100, n)).cast(pl.String).str.zfill(2)
    year = pl.Series(rng.integers(1965, 2004, n)).cast(pl.String)
    three = pl.Series(rng.integers(100, 1000, n)).cast(pl.String)
    return pl.select(
        _choose(pl.lit(pl.Series(kind)), [pl.lit(""), pl.lit(two), pl.lit(year), pl.lit(three)])
    ).to_series()


def _people(rng: np.random.Generator, n: int, pool: NamePool) -> pl.DataFrame:
    """Canonical attributes of ``n`` people and their companies (one row per person)."""
    py = P.char_pinyin()
    cities = _city_table()
    is_cn = rng.random(n) < CN_SHARE
    n_cn = int(is_cn.sum())
    n_en = n - n_cn

    # ---- companies, Zipf-ish sizes (offset keeps the biggest firm at a few hundred people)
    n_co_cn = max(4, round(n_cn / PEOPLE_PER_COMPANY))
    n_co_en = max(3, round(n_en / PEOPLE_PER_COMPANY))
    companies = pl.concat([_cn_companies(rng, n_co_cn), _en_companies(rng, n_co_en)])
    company = np.empty(n, dtype=np.int64)
    company[is_cn] = rng.choice(n_co_cn, size=n_cn, p=_zipf(n_co_cn, 0.7, 20))
    company[~is_cn] = n_co_cn + rng.choice(n_co_en, size=n_en, p=_zipf(n_co_en, 0.7, 20))

    # ---- Chinese names
    small = pool == "small"
    n_sur = 12 if small else len(P.CN_SURNAMES)
    sur_w = _norm([f for _, _, f in P.CN_SURNAMES[:n_sur]])
    sur = rng.choice(n_sur, size=n, p=sur_w)
    common = P.CN_COMMON_GIVEN[: 30 if small else len(P.CN_COMMON_GIVEN)]
    # normal pool: 伟 is ~2.7 % of given names, 王伟 ~0.2 % of Chinese people; small: far more
    g_w = _zipf(len(common), 1.0) if small else _zipf(len(common), 1.0, 3.0)
    g_common = _gather(common, rng.choice(len(common), size=n, p=g_w))
    chars = P.CN_GIVEN_CHARS
    cw = _zipf(len(chars), 0.5)
    c1 = _gather(list(chars), rng.choice(len(chars), size=n, p=cw))
    c2 = _gather(list(chars), rng.choice(len(chars), size=n, p=cw))
    composed = pl.select(
        pl.when(pl.Series(rng.random(n) < 0.2)).then(c1).otherwise(c1 + c2)
    ).to_series()
    use_common = small | (rng.random(n) < 0.35)
    cn_given = pl.select(
        pl.when(pl.Series(use_common)).then(g_common).otherwise(composed)
    ).to_series()
    cn_sur = _gather([s for s, _, _ in P.CN_SURNAMES], sur)
    sur_py = _gather([p for _, p, _ in P.CN_SURNAMES], sur)
    given_py = pl.select(
        pl.lit(cn_given)
        .str.split("")
        .list.eval(pl.element().replace_strict(py, default=""))
        .list.join("")
    ).to_series()
    given_py = pl.select(
        pl.concat_str([given_py.str.slice(0, 1).str.to_uppercase(), given_py.str.slice(1)])
    ).to_series()

    # ---- English names
    n_first = 25 if small else len(P.EN_FIRST)
    n_last = 25 if small else len(P.EN_LAST)
    # normal pool: James ~3 %, Smith ~2 % (so John Smith recurs); small: a couple dozen each
    first_w = _zipf(n_first, 0.8) if small else _zipf(n_first, 1.0, 10.0)
    last_w = _zipf(n_last, 0.8) if small else _zipf(n_last, 1.0, 20.0)
    en_first = _gather(P.EN_FIRST, rng.choice(n_first, size=n, p=first_w))
    en_last = _gather(P.EN_LAST, rng.choice(n_last, size=n, p=last_w))

    cn = pl.Series(is_cn)
    df = pl.DataFrame({"is_cn": is_cn, "company": company}).with_columns(
        first=pl.when(cn).then(cn_given).otherwise(en_first),
        last=pl.when(cn).then(cn_sur).otherwise(en_last),
        given_py=pl.when(cn).then(given_py).otherwise(None),
        sur_py=pl.when(cn).then(sur_py).otherwise(None),
    )
    df = df.with_columns(companies.select(pl.all().gather(df["company"])))

    # ---- city: mostly the company's city, sometimes another in the same country
    co_city = df["co_city"].to_numpy()
    co_country = df["co_country"].to_numpy()
    other_city = co_city.copy()
    city_country = cities["country"].to_numpy()
    for ctry in ("CN", "US", "UK", "DE"):
        m = co_country == ctry
        cand = np.flatnonzero(city_country == ctry)
        other_city[m] = rng.choice(cand, size=int(m.sum()))
    city = np.where(rng.random(n) < 0.85, co_city, other_city)
    df = df.with_columns(city_idx=pl.Series(city))
    area = cities["area"].gather(city)

    # ---- phones: company switchboards, personal mobiles, direct lines (EN only)
    co_ctry = companies["co_country"].to_numpy()
    co_area = cities["area"].gather(companies["co_city"])
    switchboards = _landline(rng, co_ctry, co_area)
    mobiles = _mobile(rng, co_country, area)
    directs = _landline(rng, co_country, area)
    switchboards, mobiles, directs = _make_numbers_unique([switchboards, mobiles, directs], rng)
    df = df.hstack(mobiles.rename({c: "m_" + c for c in _PHONE_PARTS}))
    df = df.hstack(directs.rename({c: "d_" + c for c in _PHONE_PARTS}))
    sb = switchboards.rename({c: "s_" + c for c in _PHONE_PARTS})
    df = df.hstack(sb.select(pl.all().gather(df["company"])))
    r = rng.random(n)
    # 0 = mobile, 1 = direct line, 2 = switchboard
    primary_phone = np.where(
        is_cn, np.where(r < 0.8, 0, 2), np.select([r < 0.55, r < 0.85], [0, 1], 2)
    )
    has_ext = rng.random(n) < np.where(is_cn, 0.4, 0.5)
    ext = pl.Series(rng.integers(100, 10000, n)).cast(pl.String)
    df = df.with_columns(
        primary_phone=pl.Series(primary_phone),
        ext=pl.when(pl.Series(has_ext)).then(ext).otherwise(None),
    )

    # ---- e-mail addresses
    sur_l = pl.col("sur_py").str.to_lowercase()
    giv_l = pl.col("given_py").str.to_lowercase()
    first_a, last_a = _ascii_lower(pl.col("first")), _ascii_lower(pl.col("last"))
    cn_work = [
        pl.concat_str([sur_l, giv_l]), pl.concat_str([giv_l, pl.lit("."), sur_l]),
        pl.concat_str([sur_l, giv_l.str.slice(0, 1)]),
        pl.concat_str([giv_l.str.slice(0, 1), sur_l]), pl.concat_str([sur_l, pl.lit("."), giv_l]),
        pl.concat_str([sur_l, pl.lit("_"), giv_l]),
    ]  # fmt: skip
    en_work = [
        pl.concat_str([first_a, pl.lit("."), last_a]),
        pl.concat_str([first_a.str.slice(0, 1), last_a]), first_a,
        pl.concat_str([first_a, last_a.str.slice(0, 1)]),
        pl.concat_str([first_a, pl.lit("_"), last_a]),
        pl.concat_str([last_a, first_a.str.slice(0, 1)]),
        pl.concat_str([first_a.str.slice(0, 1), pl.lit("."), last_a]),
    ]  # fmt: skip
    cn_work_fmt = rng.choice(6, size=n, p=[0.55, 0.15, 0.1, 0.05, 0.1, 0.05])
    en_work_fmt = rng.choice(7, size=n, p=[0.5, 0.2, 0.05, 0.05, 0.05, 0.05, 0.1])
    cn_pers_fmt = rng.choice(3, size=n, p=[0.7, 0.15, 0.15])
    en_pers_fmt = rng.choice(5, size=n, p=[0.35, 0.25, 0.2, 0.1, 0.1])
    cn_pdom = _pick_with(rng, n, P.CN_PERSONAL_DOMAINS)
    en_pdom = _pick_with(rng, n, P.EN_PERSONAL_DOMAINS)
    cn_pdom_s = _gather([d for d, _ in P.CN_PERSONAL_DOMAINS], cn_pdom)
    en_pdom_s = _gather([d for d, _ in P.EN_PERSONAL_DOMAINS], en_pdom)
    qq_number = pl.Series(rng.integers(10_000, 3_000_000_000, n)).cast(pl.String)
    qq = (cn_pdom_s == "qq.com") & pl.Series(rng.random(n) < 0.7)
    digits = _suffix_digits(rng, n)
    df = df.with_columns(
        cwf=pl.Series(cn_work_fmt), ewf=pl.Series(en_work_fmt),
        cpf=pl.Series(cn_pers_fmt), epf=pl.Series(en_pers_fmt), digits=digits,
        is_qq=qq, cn_pdom=cn_pdom_s, en_pdom=en_pdom_s, qq_number=qq_number,
    )  # fmt: skip
    df = df.with_columns(
        work_local=pl.when(pl.col("is_cn"))
        .then(_choose(pl.col("cwf"), cn_work))
        .otherwise(_choose(pl.col("ewf"), en_work)),
        pers_local=pl.when(pl.col("is_cn"))
        .then(
            pl.when(pl.col("is_qq"))
            .then(pl.col("qq_number"))
            .otherwise(
                pl.concat_str(
                    [_choose(pl.col("cpf"), [cn_work[0], cn_work[1], cn_work[2]]), "digits"]
                )
            )
        )
        .otherwise(
            _choose(
                pl.col("epf"),
                [
                    pl.concat_str([en_work[0], "digits"]),
                    pl.concat_str([first_a, last_a, "digits"]),
                    pl.concat_str([en_work[4], "digits"]),
                    pl.concat_str([en_work[1], "digits"]),
                    pl.concat_str([first_a, "digits"]),
                ],
            )
        ),
        pers_domain=pl.when(pl.col("is_cn")).then("cn_pdom").otherwise("en_pdom"),
    )
    work, pers = _unique_emails(
        rng, df["work_local"], df["co_domain"], df["pers_local"], df["pers_domain"]
    )
    df = df.with_columns(
        email_work=work,
        email_pers=pers,
        work_email_primary=pl.Series(rng.random(n) < np.where(is_cn, 0.5, 0.75)),
    )
    n_owners = int(np.clip(n // 400, 5, 400))
    df = df.with_columns(
        owner=pl.Series(rng.integers(1, n_owners + 1, n)),
        created=pl.Series(rng.integers(_EPOCH_START, _EPOCH_END, n)),
        n_rec=pl.Series(rng.choice(4, size=n, p=RECORD_COUNT_PROBS) + 1),
    )
    return df.drop(
        "cwf", "ewf", "cpf", "epf", "digits", "is_qq", "cn_pdom", "en_pdom", "qq_number",
        "work_local", "pers_local", "pers_domain",
    )  # fmt: skip


def _unique_emails(
    rng: np.random.Generator,
    work_local: pl.Series,
    work_domain: pl.Series,
    pers_local: pl.Series,
    pers_domain: pl.Series,
) -> tuple[pl.Series, pl.Series]:
    """Make every address unique across people: later holders get digits appended."""
    n = len(work_local)
    df = pl.DataFrame(
        {
            "local": pl.concat([work_local, pers_local]),
            "domain": pl.concat([work_domain, pers_domain]),
        }
    )
    for attempt in range(20):
        bad = df.select(~pl.struct("local", "domain").is_first_distinct())[:, 0].to_numpy()
        if not bad.any():
            break
        extra = pl.Series(rng.integers(1, 100, len(df))).cast(pl.String)
        if attempt >= 5:  # guarantee progress: the row number is unique
            extra = extra + "_" + pl.Series(np.arange(len(df))).cast(pl.String)
        df = df.with_columns(
            local=pl.when(pl.Series(bad)).then(pl.col("local") + extra).otherwise("local")
        )
    email = df.select(pl.concat_str(["local", pl.lit("@"), "domain"]))[:, 0]
    return email.slice(0, n), email.slice(n, n)


# --------------------------------------------------------------------------------------------
# records and perturbations
# --------------------------------------------------------------------------------------------


class _Noise:
    """Per-record random masks whose rate depends on whether the record is a duplicate."""

    def __init__(self, rng: np.random.Generator, is_dup: np.ndarray) -> None:
        self.rng = rng
        self.is_dup = is_dup
        self.n = len(is_dup)

    def mask(self, p_dup: float, p_orig: float = 0.0) -> pl.Series:
        p = np.where(self.is_dup, p_dup, p_orig)
        return pl.Series(self.rng.random(self.n) < p)

    def uniform(self) -> pl.Series:
        return pl.Series(self.rng.random(self.n))


def _typo(s: pl.Expr, kind: pl.Expr, u: pl.Expr) -> pl.Expr:
    """One keyboard typo at a position >= 1: substitution, deletion, transposition, doubling."""
    n = s.str.len_chars()
    pos = (1 + (u * (n - 2)).floor()).cast(pl.Int64)
    head, here = s.str.slice(0, pos), s.str.slice(pos, 1)
    nxt, tail1, tail2 = s.str.slice(pos + 1, 1), s.str.slice(pos + 1), s.str.slice(pos + 2)
    neighbour = here.str.to_lowercase().replace(P.QWERTY_NEIGHBOURS)
    return _choose(
        kind,
        [
            pl.concat_str([head, neighbour, tail1]),
            pl.concat_str([head, tail1]),
            pl.concat_str([head, nxt, here, tail2]),
            pl.concat_str([head, here, here, tail1]),
        ],
    )


def _records(rng: np.random.Generator, people: pl.DataFrame, handles: float = 0.0) -> pl.DataFrame:
    """Expand people to records and apply the perturbations (`handles`: the share of later
    records giving the person's personal user name at another free-mail provider)."""
    n_rec = people["n_rec"].to_numpy()
    ent = np.repeat(np.arange(people.height), n_rec)
    starts = np.concatenate([[0], np.cumsum(n_rec)[:-1]])
    rank = np.arange(len(ent)) - np.repeat(starts, n_rec)
    is_dup = rank > 0
    R = len(ent)
    nz = _Noise(rng, is_dup)
    df = people.select(pl.all().gather(pl.Series(ent))).with_columns(
        entity=pl.Series(ent), is_dup=pl.Series(is_dup)
    )
    cn = pl.col("is_cn")

    # ---- job change: another company of the same region (then personal e-mail, mobile phone)
    n_co = int(people["company"].to_numpy().max()) + 1  # companies are numbered CN first, then EN
    cn_companies = people.filter(pl.col("is_cn"))["company"].to_numpy()
    co_cn_max = int(cn_companies.max()) if len(cn_companies) else -1
    # Only people whose usual phone is their mobile: the moved record keeps that mobile, so it
    # stays linkable (otherwise it would be indistinguishable from a namesake at another firm).
    moved = nz.mask(0.04).to_numpy() & (df["primary_phone"].to_numpy() == 0)
    is_cn_np = df["is_cn"].to_numpy()
    new_co = np.where(
        is_cn_np,
        rng.integers(0, max(co_cn_max + 1, 1), R),
        rng.integers(min(co_cn_max + 1, n_co - 1), n_co, R),
    )
    if moved.any():
        co_cols = [c for c in people.columns if c.startswith(("co_", "s_"))]
        co_table = people.group_by("company").agg(pl.col(co_cols).first())
        co_table = co_table.sort("company")
        lookup = np.full(n_co, -1)
        lookup[co_table["company"].to_numpy()] = np.arange(co_table.height)
        target = lookup[new_co]
        ok = moved & (target >= 0)
        repl = co_table.select(pl.col(co_cols).gather(pl.Series(np.where(ok, target, 0))))
        okS = pl.Series(ok)
        df = df.with_columns(
            [pl.when(okS).then(repl[c]).otherwise(pl.col(c)).alias(c) for c in co_cols]
        ).with_columns(
            city_idx=pl.when(okS).then(pl.col("co_city")).otherwise("city_idx"),
            moved=okS,
        )
    else:
        df = df.with_columns(moved=pl.lit(False))

    # ---- names
    cn_sel = df["is_cn"]
    pos = (nz.uniform() * df["first"].str.len_chars().cast(pl.Float64)).floor().cast(pl.Int64)
    df = df.with_columns(
        canon_first=pl.col("first"), m_hom=nz.mask(0.12, 0.01) & cn_sel, hpos=pos,
        m_trad=nz.mask(0.06, 0.01) & cn_sel, m_surhom=nz.mask(0.03) & cn_sel,
    )  # fmt: skip
    first = pl.col("first")
    df = df.with_columns(
        first=pl.when("m_hom")
        .then(
            pl.concat_str(
                [
                    first.str.slice(0, pl.col("hpos")),
                    first.str.slice(pl.col("hpos"), 1).replace(P.CN_HOMOPHONES),
                    first.str.slice(pl.col("hpos") + 1),
                ]
            )
        )
        .otherwise(first),
        last=pl.when("m_surhom").then(pl.col("last").replace(P.CN_HOMOPHONES)).otherwise("last"),
    )
    df = df.with_columns(
        first=pl.when("m_trad").then(first.str.replace_many(P.CN_TRADITIONAL)).otherwise(first),
        last=pl.when("m_trad")
        .then(pl.col("last").str.replace_many(P.CN_TRADITIONAL))
        .otherwise("last"),
    )
    # pinyin romanisation or the full name in one column
    df = df.with_columns(
        m_py=nz.mask(0.12, 0.03) & cn_sel, m_pyup=nz.mask(0.25, 0.25), m_full=nz.mask(0.10, 0.04)
    )
    df = df.with_columns(
        m_full=pl.col("m_full") & cn & ~pl.col("m_py"), m_fullfirst=nz.mask(0.1, 0.1)
    )
    df = df.with_columns(
        first=pl.when("m_py")
        .then("given_py")
        .when(pl.col("m_full") & pl.col("m_fullfirst"))
        .then(pl.concat_str(["last", "first"]))
        .when("m_full")
        .then(pl.lit(""))
        .otherwise("first"),
        last=pl.when(pl.col("m_py") & pl.col("m_pyup"))
        .then(pl.col("sur_py").str.to_uppercase())
        .when("m_py")
        .then("sur_py")
        .when(pl.col("m_full") & pl.col("m_fullfirst"))
        .then(pl.lit(""))
        .when("m_full")
        .then(pl.concat_str(["last", "first"]))
        .otherwise("last"),
    )
    # English: nicknames, accents, typos, initials
    nick = _pick_variant(df["canon_first"], P.EN_NICKNAMES, rng.random(R))
    df = df.with_columns(
        nick=nick, m_nick=nz.mask(0.22, 0.05) & ~cn_sel, m_acc=nz.mask(0.35, 0.02) & ~cn_sel
    )
    df = df.with_columns(
        first=pl.when(pl.col("m_nick") & pl.col("nick").is_not_null())
        .then("nick")
        .otherwise("first")
    )

    def accent_toggle(c: str) -> pl.Expr:
        col = pl.col(c)
        return (
            pl.when(~pl.col("m_acc"))
            .then(col)
            .when(col.str.contains(r"[^\x00-\x7F]"))
            .then(_strip_accents(col))
            .otherwise(col.replace(P.EN_ACCENT_ADD))
        )

    df = df.with_columns(first=accent_toggle("first"), last=accent_toggle("last"))
    for col, p_dup in (("first", 0.05), ("last", 0.07)):
        ascii_ok = pl.col(col).str.contains(r"^[A-Za-z'\-]{3,}$")
        df = df.with_columns(
            tk=pl.Series(rng.choice(4, size=R, p=[0.4, 0.2, 0.25, 0.15])),
            tu=nz.uniform(),
            tm=nz.mask(p_dup, 0.003),
        ).with_columns(
            pl.when(pl.col("tm") & ascii_ok)
            .then(_typo(pl.col(col), pl.col("tk"), pl.col("tu")))
            .otherwise(pl.col(col))
            .alias(col)
        )
    df = df.with_columns(m_init=nz.mask(0.03) & ~cn_sel).with_columns(
        first=pl.when("m_init")
        .then(pl.concat_str([pl.col("first").str.slice(0, 1), pl.lit(".")]))
        .otherwise("first")
    )
    # everyone: case, swapped columns, stray spaces, missing parts
    df = df.with_columns(m_case=nz.mask(0.10, 0.02), m_upper=nz.mask(0.5, 0.5))
    for c in ("first", "last"):
        df = df.with_columns(
            pl.when(pl.col("m_case") & pl.col("m_upper"))
            .then(pl.col(c).str.to_uppercase())
            .when("m_case")
            .then(pl.col(c).str.to_lowercase())
            .otherwise(pl.col(c))
            .alias(c)
        )
    df = df.with_columns(m_swap=nz.mask(0.06, 0.01)).with_columns(
        first=pl.when("m_swap").then("last").otherwise("first"),
        last=pl.when("m_swap").then("first").otherwise("last"),
    )
    df = df.with_columns(
        first=pl.when(nz.mask(0.02, 0.005))
        .then(pl.concat_str(["first", pl.lit(" ")]))
        .when(nz.mask(0.05, 0.02))
        .then(pl.lit(""))
        .otherwise("first"),
        last=pl.when(nz.mask(0.02, 0.005)).then(pl.lit("")).otherwise("last"),
    )

    # ---- e-mail
    other = nz.mask(0.20)
    df = df.with_columns(use_work=pl.col("work_email_primary") ^ other).with_columns(
        email=pl.when(pl.col("use_work") & ~pl.col("moved"))
        .then("email_work")
        .otherwise("email_pers")
    )
    if handles > 0:  # drawn only when asked: the default output is unchanged
        # The same personal handle at another provider (wang.wei53@163.com -> @qq.com).
        other_domain = (
            pl.when(pl.col("is_cn"))
            .then(pl.when(pl.col("email_pers").str.ends_with("@163.com")).then(pl.lit("qq.com"))
                  .otherwise(pl.lit("163.com")))
            .otherwise(pl.when(pl.col("email_pers").str.ends_with("@gmail.com"))
                       .then(pl.lit("outlook.com")).otherwise(pl.lit("gmail.com")))
        )  # fmt: skip
        df = df.with_columns(
            email=pl.when(nz.mask(handles))
            .then(pl.col("email_pers").str.replace(r"@.*$", "@") + other_domain)
            .otherwise("email")
        )
    df = df.with_columns(m_ecase=nz.mask(0.08, 0.01), m_eup=nz.mask(0.5, 0.5))
    df = df.with_columns(
        email=pl.when(pl.col("m_ecase") & pl.col("m_eup"))
        .then(pl.col("email").str.to_uppercase())
        .when("m_ecase")
        .then(
            pl.concat_str(
                [pl.col("email").str.slice(0, 1).str.to_uppercase(), pl.col("email").str.slice(1)]
            )
        )
        .otherwise("email")
    )
    space_kind = pl.Series(rng.integers(0, 3, R))
    df = df.with_columns(
        email=pl.when(nz.mask(0.06, 0.01))
        .then(
            _choose(
                pl.lit(space_kind),
                [
                    pl.concat_str([pl.lit(" "), "email"]),
                    pl.concat_str(["email", pl.lit(" ")]),
                    pl.concat_str([pl.lit("  "), "email", pl.lit(" ")]),
                ],
            )
        )
        .otherwise("email")
    ).with_columns(email=pl.when(nz.mask(0.10, 0.03)).then(pl.lit("")).otherwise("email"))

    # ---- phone: which number, extension, typo, display style, missing
    src = df["primary_phone"].to_numpy().copy()
    switch_other = nz.mask(0.10).to_numpy()
    to_sb = nz.mask(0.08).to_numpy()
    src = np.where(switch_other & is_cn_np, np.where(src == 0, 2, 0), src)
    src = np.where(switch_other & ~is_cn_np, np.where(src == 0, 1, 0), src)
    src = np.where(to_sb, 2, src)
    src = np.where(df["moved"].to_numpy(), 0, src)
    df = df.with_columns(src=pl.Series(src))
    df = df.with_columns(
        [
            pl.when(pl.col("src") == 0)
            .then(pl.col("m_" + c))
            .when(pl.col("src") == 1)
            .then(pl.col("d_" + c))
            .otherwise(pl.col("s_" + c))
            .alias("p_" + c)
            for c in _PHONE_PARTS
        ]
    )
    g3 = pl.col("p_g3")
    dpos = (nz.uniform() * 3).floor().cast(pl.Int64)
    step = pl.Series(rng.integers(1, 10, R))
    old = g3.str.slice(dpos, 1).cast(pl.Int64)
    df = df.with_columns(
        p_g3=pl.when(nz.mask(0.05, 0.005))
        .then(
            pl.concat_str(
                [
                    g3.str.slice(0, dpos),
                    ((old + pl.lit(step)) % 10).cast(pl.String),
                    g3.str.slice(dpos + 1),
                ]
            )
        )
        .otherwise(g3)
    )
    style = _choice_by_group(rng, df["p_kind"].to_numpy(), PHONE_STYLE_WEIGHTS)
    ext_style = rng.integers(0, 3, R)
    df = df.with_columns(style=pl.Series(style), ext_style=pl.Series(ext_style))
    parts = [pl.col("p_" + c) for c in ("cc", "trunk", "g1", "g2", "g3")]
    number = _choose(pl.col("style"), [build(*parts) for _, build in PHONE_STYLES])
    ext = pl.col("ext")
    ext_cn = _choose(
        pl.col("ext_style"),
        [
            pl.concat_str([pl.lit("-"), ext]),
            pl.concat_str([pl.lit(" ext. "), ext]),
            pl.concat_str([pl.lit("转"), ext]),
        ],
    )
    ext_txt = (
        pl.when(cn)
        .then(ext_cn)
        .otherwise(
            _choose(
                pl.col("ext_style"),
                [
                    pl.concat_str([pl.lit(" x"), ext]),
                    pl.concat_str([pl.lit(" ext. "), ext]),
                    pl.concat_str([pl.lit(" ext "), ext]),
                ],
            )
        )
    )
    keep_ext = (pl.col("src") == 2) & ext.is_not_null() & ~pl.col("m_dropext")
    df = df.with_columns(m_dropext=nz.mask(0.3)).with_columns(
        phone=pl.when(keep_ext).then(pl.concat_str([number, ext_txt])).otherwise(number)
    )
    df = df.with_columns(phone=pl.when(nz.mask(0.10, 0.04)).then(pl.lit("")).otherwise("phone"))

    # ---- company
    df = df.with_columns(legal_var=_pick_variant(df["co_legal"], _LEGAL_VARIANTS, rng.random(R)))
    df = df.with_columns(
        legal=pl.when(nz.mask(0.20, 0.02) & pl.col("legal_var").is_not_null())
        .then("legal_var")
        .when(nz.mask(0.10, 0.02))
        .then(pl.lit(""))
        .otherwise("co_legal"),
        m_pfx=nz.mask(0.15, 0.03) & cn_sel,
        m_prov=nz.mask(0.2, 0.2),
        m_paren=nz.mask(0.04, 0.01) & cn_sel,
        m_fullw=nz.mask(0.5, 0.5),
    )
    cn_prefix = (
        pl.when(~pl.col("m_pfx"))
        .then("co_prefix")
        .when(pl.col("co_prefix") != "")
        .then(pl.lit(""))
        .when(pl.col("m_prov"))
        .then(pl.concat_str(["co_province", "co_city_prefix"]))
        .otherwise("co_city_prefix")
    )
    city_name = _city_table()["city"]
    paren_city = city_name.gather(df["co_city"])
    cn_company = (
        pl.when("m_paren")
        .then(
            pl.concat_str(
                [
                    "co_core",
                    pl.when("m_fullw").then(pl.lit("（")).otherwise(pl.lit("(")),
                    pl.lit(paren_city),
                    pl.when("m_fullw").then(pl.lit("）")).otherwise(pl.lit(")")),
                    "legal",
                ]
            )
        )
        .otherwise(pl.concat_str([cn_prefix, "co_core", "legal"]))
    )
    en_company = pl.concat_str(
        [
            "co_core",
            pl.when(pl.col("legal") != "").then(pl.lit(" ")).otherwise(pl.lit("")),
            "legal",
        ]
    )
    df = df.with_columns(company=pl.when(cn).then(cn_company).otherwise(en_company))
    punct = pl.Series(rng.integers(0, 3, R))
    df = df.with_columns(
        m_ccase=nz.mask(0.06, 0.01) & ~cn_sel,
        m_cup=nz.mask(0.5, 0.5),
        m_punct=nz.mask(0.08, 0.01) & ~cn_sel,
        punct=punct,
    ).with_columns(
        company=pl.when(pl.col("m_ccase") & pl.col("m_cup"))
        .then(pl.col("company").str.to_uppercase())
        .when("m_ccase")
        .then(pl.col("company").str.to_lowercase())
        .otherwise("company")
    )
    df = df.with_columns(
        company=pl.when(pl.col("m_punct"))
        .then(
            _choose(
                pl.col("punct"),
                [
                    pl.col("company").str.replace_all(r"[.,]", ""),
                    pl.when(pl.col("legal") != "")
                    .then(pl.concat_str(["co_core", pl.lit(", "), "legal"]))
                    .otherwise(pl.col("company").str.replace_all(" ", "")),
                    pl.concat_str([pl.lit("The "), "company"]),
                ],
            )
        )
        .otherwise("company")
    ).with_columns(company=pl.when(nz.mask(0.08, 0.03)).then(pl.lit("")).otherwise("company"))

    # ---- city
    ct = _city_table()
    df = df.with_columns(
        c0=ct["city"].gather(df["city_idx"]),
        c1=ct["city_alt1"].gather(df["city_idx"]),
        c2=ct["city_alt2"].gather(df["city_idx"]),
        cv=pl.Series(rng.integers(0, 2, R)),
    ).with_columns(
        city=pl.when(nz.mask(0.10, 0.04))
        .then(pl.lit(""))
        .when(nz.mask(0.10, 0.03))
        .then(pl.when(pl.col("cv") == 0).then("c1").otherwise("c2"))
        .otherwise("c0")
    )

    # ---- owner and created_at
    n_owners = int(people["owner"].to_numpy().max())
    gap = (rng.exponential(180.0, R) * 86400 + rng.integers(60, 86400, R)).astype(np.int64)
    df = df.with_columns(
        owner=pl.when(nz.mask(0.6))
        .then(pl.Series(rng.integers(1, n_owners + 1, R)))
        .otherwise("owner"),
        created=pl.when(pl.col("is_dup"))
        .then(pl.col("created") + pl.Series(gap))
        .otherwise("created"),
    )
    return df


_LEGAL_VARIANTS: dict[str, list[str]] = {**P.CN_LEGAL_VARIANTS, **P.EN_LEGAL_VARIANTS}


def generate_contacts(
    people: int, seed: int = 0, name_pool: NamePool = "normal", handles: float = 0.0
) -> pl.DataFrame:
    """Generate the labelled contact table (columns :data:`COLUMNS`), sorted by ``id``.

    Args:
        people: number of distinct real persons (entities).
        seed: random seed; equal arguments give an identical frame.
        name_pool: ``"small"`` restricts first/last-name pools to a few dozen values so that
            namesakes (hard negatives) are everywhere.
        handles: share of later records that give the person's personal e-mail user name at
            another free-mail provider (people keep one handle across providers); 0 keeps
            the output of earlier versions.
    """
    if people < 1:
        raise ValueError("people must be >= 1")
    rng = np.random.default_rng(seed)
    persons = _people(rng, people, name_pool)
    rec = _records(rng, persons, handles)
    order = rng.permutation(rec.height)
    width = max(7, len(str(rec.height)))
    ent_width = max(7, len(str(people)))
    out = rec.select(pl.all().gather(pl.Series(order))).select(
        id=pl.concat_str(
            [pl.lit("C"), (pl.int_range(1, pl.len() + 1)).cast(pl.String).str.zfill(width)]
        ),
        first_name=pl.col("first").str.strip_chars_start(),
        last_name="last",
        email="email",
        phone="phone",
        company="company",
        city="city",
        owner_id=pl.concat_str([pl.lit("U"), pl.col("owner").cast(pl.String).str.zfill(4)]),
        created_at=pl.from_epoch("created", time_unit="s").dt.strftime("%Y-%m-%d %H:%M:%S"),
        entity_id=pl.concat_str(
            [pl.lit("P"), (pl.col("entity") + 1).cast(pl.String).str.zfill(ent_width)]
        ),
    )
    return out.with_columns(pl.col(pl.String).fill_null(""))


# --------------------------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------------------------


def dataset_stats(df: pl.DataFrame, top: int = 5) -> dict[str, Any]:
    """Summary statistics of a generated table, including hard-negative counts."""
    n_rec = df.height
    ent_sizes = df.group_by("entity_id").len()
    n_people = ent_sizes.height
    true_pairs = int(ent_sizes.select((pl.col("len") * (pl.col("len") - 1) // 2).sum()).item())
    han = df.group_by("entity_id").agg(
        pl.concat_str(["first_name", "last_name", "company"]).str.contains(r"\p{Han}").any()
    )
    cn_share = float(han[:, 1].cast(pl.Float64).to_numpy().mean()) if han.height else 0.0
    named = df.filter((pl.col("first_name") != "") & (pl.col("last_name") != "")).with_columns(
        name=pl.when(pl.col("last_name").str.contains(r"\p{Han}"))
        .then(pl.concat_str(["last_name", "first_name"]))
        .otherwise(pl.concat_str(["first_name", pl.lit(" "), "last_name"]))
    )
    namesakes = (
        named.group_by("name")
        .agg(pl.col("entity_id").unique().alias("entities"))
        .with_columns(people=pl.col("entities").list.len())
        .filter(pl.col("people") > 1)
        .sort(["people", "name"], descending=[True, False])
    )
    people_sharing = namesakes.select(pl.col("entities").explode().n_unique()).item()
    phone_digits = df.select(
        pl.col("phone").str.replace_all(r"\D", "").alias("d"), "entity_id"
    ).filter(pl.col("d") != "")
    shared_phone = (
        phone_digits.group_by("d")
        .agg(pl.col("entity_id").unique().alias("entities"))
        .filter(pl.col("entities").list.len() > 1)
    )
    people_on_shared = shared_phone.select(pl.col("entities").explode().n_unique()).item()
    emails = df.select(
        pl.col("email").str.strip_chars().str.to_lowercase().alias("e"), "entity_id"
    ).filter(pl.col("e") != "")
    local_clash = (
        emails.with_columns(
            local=pl.col("e").str.split("@").list.first(),
            domain=pl.col("e").str.split("@").list.last(),
        )
        .group_by("local")
        .agg(
            pl.col("entity_id").n_unique().alias("people"),
            pl.col("domain").n_unique().alias("domains"),
        )
        .filter((pl.col("people") > 1) & (pl.col("domains") > 1))
    )
    empty = {c: round(float((df[c] == "").sum()) / max(n_rec, 1), 4) for c in COLUMNS[1:7]}
    return {
        "records": n_rec,
        "people": n_people,
        "records_per_person": round(n_rec / max(n_people, 1), 4),
        "people_with_duplicates": int((ent_sizes["len"] > 1).sum()),
        "true_pairs": true_pairs,
        "cn_share": round(cn_share, 4),
        "namesake_names": namesakes.height,
        "people_sharing_a_name": int(people_sharing),
        "top_namesakes": [
            {"name": r["name"], "people": r["people"]}
            for r in namesakes.head(top).select("name", "people").iter_rows(named=True)
        ],
        "shared_phone_numbers": shared_phone.height,
        "people_on_shared_phones": int(people_on_shared),
        "email_locals_at_several_domains": local_clash.height,
        "empty_share": empty,
    }


def format_stats(stats: dict[str, Any]) -> str:
    """Human-readable rendering of :func:`dataset_stats`."""
    lines = [
        f"records {stats['records']:,}  people {stats['people']:,}  "
        f"records/person {stats['records_per_person']:.3f}  "
        f"people with duplicates {stats['people_with_duplicates']:,}  "
        f"true pairs {stats['true_pairs']:,}  CN share {stats['cn_share']:.1%}",
        f"hard negatives: {stats['namesake_names']:,} exact names shared by "
        f"{stats['people_sharing_a_name']:,} people; {stats['shared_phone_numbers']:,} phone "
        f"numbers shared by {stats['people_on_shared_phones']:,} people; "
        f"{stats['email_locals_at_several_domains']:,} e-mail local parts used by different "
        "people at different domains",
        "top namesakes: "
        + ", ".join(f"{t['name']} ×{t['people']}" for t in stats["top_namesakes"]),
        "empty: " + ", ".join(f"{k} {v:.1%}" for k, v in stats["empty_share"].items()),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def write_csv(df: pl.DataFrame, path: str | Path) -> None:
    """Write the table as UTF-8 CSV (parent directories are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.write_csv(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--people", type=int, help="number of distinct persons")
    size.add_argument("--records", type=int, help="approximate number of records instead")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--name-pool", choices=["small", "normal"], default="normal")
    ap.add_argument("--handles", type=float, default=0.0, help="handle reuse share (0-1)")
    ap.add_argument("--out", required=True, help="output CSV path")
    ap.add_argument("--stats-json", help="also write the statistics as JSON here")
    ap.add_argument("--quiet", action="store_true", help="print nothing")
    args = ap.parse_args(argv)
    people = args.people if args.people is not None else people_for_records(args.records)
    t0 = time.perf_counter()
    df = generate_contacts(people, seed=args.seed, name_pool=args.name_pool, handles=args.handles)
    t_gen = time.perf_counter() - t0
    write_csv(df, args.out)
    t_all = time.perf_counter() - t0
    stats = dataset_stats(df)
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    if not args.quiet:
        print(f"wrote {args.out} in {t_all:.1f}s (generation {t_gen:.1f}s)")
        print(format_stats(stats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
