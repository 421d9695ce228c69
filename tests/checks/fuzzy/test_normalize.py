"""Exact expectations for each normaliser of the fuzzy matcher."""

from __future__ import annotations

import polars as pl
import pytest

from crmhealth.checks.fuzzy import normalize as nz


def _apply(expr: pl.Expr, values: list[str | None]) -> list[str | None]:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(expr)["v"].to_list()


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+86 139 1234 5678", "+8613912345678"),
        ("139-1234-5678", "+8613912345678"),
        ("13912345678", "+8613912345678"),
        ("0086 13912345678", "+8613912345678"),
        ("8613912345678", "+8613912345678"),
        ("(86) 13912345678", "+8613912345678"),
        ("010-8765 4321", "+861087654321"),
        ("0571-42391782转9809", "+8657142391782"),
        ("+1 (415) 555-0100 ext 3", "+14155550100"),
        ("１３９１２３４５６７８", "+8613912345678"),
        ("12", None),
        (None, None),
    ],
)
def test_phone_to_e164_for_cn(raw: str | None, e164: str | None) -> None:
    assert _apply(nz.phone_e164(pl.col("v"), 86).alias("v"), [raw]) == [e164]


def test_phone_to_e164_for_us_region() -> None:
    got = _apply(nz.phone_e164(pl.col("v"), 1).alias("v"), ["(415) 555-0100", "1-415-555-0100"])
    assert got == ["+14155550100", "+14155550100"]


@pytest.mark.parametrize(
    ("raw", "core"),
    [
        ("北京星辰科技有限公司", "星辰科技"),
        ("星辰科技", "星辰科技"),
        ("星辰科技（北京）有限公司", "星辰科技"),
        ("北京市星辰科技股份有限公司", "星辰科技"),
        ("深圳腾讯计算机系统有限责任公司", "腾讯计算机系统"),
        ("杭州恒通实业集团", "恒通实业"),
        ("ACME, Inc.", "acme"),
        ("Acme Incorporated", "acme"),
        ("The Acme Corporation", "acme"),
        ("Müller GmbH", "muller"),
        ("Acme Widgets Ltd.", "acmewidgets"),
        ("Acme Widgets LLC", "acmewidgets"),
        # dotted and multi-word legal forms from data/legal_forms.tsv
        ("Acme Labs L.L.C.", "acmelabs"),
        ("Acme Labs, L. L. C.", "acmelabs"),
        ("Foo S.A.", "foo"),
        ("Foo B.V.", "foo"),
        ("Foo Trading Co., Ltd.", "footrading"),
        ("Bar GmbH & Co. KG", "bar"),
        ("Siemens (China) Co., Ltd.", "siemens"),
        ("西门子（中国）有限公司", "西门子"),
        ("星辰科技股份有限公司", "星辰科技"),
        ("株式会社東芝", "東芝"),
        ("Boyd & Johnson Inc.", "boydjohnson"),
        # a legal-form word inside the name stays: only trailing forms are removed
        ("Co-op Bank", "coopbank"),
        ("The Company Ltd", "thecompanyltd"),  # only legal words: kept whole
        ("", None),
    ],
)
def test_company_core(raw: str, core: str | None) -> None:
    assert _apply(nz.company_core(pl.col("v")).alias("v"), [raw]) == [core]


def test_name_tokens_split_han_and_strip_accents() -> None:
    got = _apply(nz.name_tokens(pl.col("v")).alias("v"), ["王伟", "José Núñez", "O'Brien", "  "])
    assert got == ["王 伟", "jose nunez", "obrien", None]


def test_pinyin_of_variant_and_homophone_characters() -> None:
    col = pl.Series(["王伟", "王玮", "靜", "静"])
    table = nz.pinyin_table([col])
    got = _apply(nz.to_pinyin(nz.name_tokens(pl.col("v")), table).alias("v"), col.to_list())
    assert got == ["wang wei", "wang wei", "jing", "jing"]


def test_nicknames_are_canonicalised_and_order_ignored() -> None:
    expr = nz.sorted_join(nz.canonical_name_tokens(nz.name_tokens(pl.col("v")))).alias("v")
    got = _apply(expr, ["Bill Smith", "Smith William", "Liz Taylor", "Elizabeth Taylor"])
    assert got == ["smith william", "smith william", "elizabeth taylor", "elizabeth taylor"]


def test_email_normalisation() -> None:
    full = nz.email_full(pl.col("v"))
    df = pl.DataFrame({"v": [" John.Smith+crm@Gmail.COM ", "no-at-sign", "ＡＢ@qq.com"]})
    out = df.select(
        full.alias("full"), nz.email_local(full).alias("local"), nz.email_domain(full).alias("dom")
    )
    assert out.rows() == [
        ("john.smith+crm@gmail.com", "john.smith", "gmail.com"),
        (None, None, None),
        ("ab@qq.com", "ab", "qq.com"),
    ]


def test_name_like_email_user() -> None:
    df = pl.DataFrame(
        {"local": ["zhaowei", "wei.zhao", "jsmith", "zhangt114x", "1283002570"],
         "tok": [["zhao", "wei"], ["zhao", "wei"], ["john", "smith"], ["zhang", "tian"],
                 ["li", "na"]]}
    )  # fmt: skip
    got = df.select(nz.name_like_local(pl.col("local"), pl.col("tok")))["local"].to_list()
    assert got == [True, True, True, False, False]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2020-03-04", "2020-03-04"),
        ("2020/3/4", "2020-03-04"),
        ("20200304", "2020-03-04"),
        ("2020年3月4日", "2020-03-04"),
        ("04/03/2020", "2020-03-04"),  # ambiguous: day first
        ("3/15/2020", "2020-03-15"),  # 15 cannot be a month: month first
        ("15.03.2020", "2020-03-15"),
        ("Mar 4, 2020", "2020-03-04"),
        ("4 March 2020", "2020-03-04"),
        ("1999-09-30T10:00:00", "1999-09-30"),
        ("1/2/85", "1985-02-01"),
        ("1985-13-01", None),
        ("garbage", None),
    ],
)
def test_date_formats(raw: str, iso: str | None) -> None:
    parts = nz.parse_dates(pl.Series([raw], dtype=pl.String))
    got = parts.select(nz.date_iso(pl.col("y"), pl.col("m"), pl.col("d")))
    assert got.to_series().to_list() == [iso]


def test_swapped_day_month_share_a_key() -> None:
    parts = nz.parse_dates(pl.Series(["2020-03-04", "2020-04-03", "2020-04-05"]))
    keys = parts.select(nz.date_swap_key(pl.col("y"), pl.col("m"), pl.col("d"))).to_series()
    assert keys.to_list() == ["2020-03-04", "2020-03-04", "2020-04-05"]


def test_address_abbreviations() -> None:
    got = _apply(nz.address_norm(pl.col("v")).alias("v"), ["12 Wallaby St.", "12 wallaby street"])
    assert got == ["12 wallaby street", "12 wallaby street"]


def test_identifier_normalisation() -> None:
    assert _apply(nz.exact_norm(pl.col("v")).alias("v"), ["1234-567 ", "AB 12"]) == [
        "1234567",
        "ab12",
    ]
