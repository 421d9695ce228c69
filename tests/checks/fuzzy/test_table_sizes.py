"""Invariants over table size: identical records are one group in a table of 2 rows as in one
of 100,000, and nothing leaks a numpy warning on the way."""

from __future__ import annotations

import warnings

import polars as pl
import pytest

from crmhealth.checks.fuzzy import find_fuzzy_duplicates

FIELDS = {"name": "name", "phone": "phone", "email": "email", "company": "company"}
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")


def _strangers(n: int) -> pl.DataFrame:
    """`n` distinct people: common Chinese names (namesakes abound at 10^5), a unique mobile
    and e-mail each, one of 500 companies; the e-mail is missing on every 7th row."""
    ns, ng = len(SURNAMES), len(GIVEN)
    return pl.DataFrame(
        {
            "name": [
                SURNAMES[i % ns] + GIVEN[(i // ns) % ng] + GIVEN[(i * 7 // ns) % ng]
                for i in range(n)
            ],
            "phone": [f"139{i * 7919 % 100_000_000:08d}" for i in range(n)],
            "email": [None if i % 7 == 0 else f"u{i}x@163.com" for i in range(n)],
            "company": [f"公司{i % 500}有限公司" for i in range(n)],
        },
        schema={k: pl.String for k in FIELDS},
    )


TWIN = {"name": "欧阳翊骞", "phone": "+86 186 0000 1111", "email": None, "company": "瑞丰科技"}


@pytest.mark.parametrize("size", [2, 3, 5, 10, 39, 100, 1_000, 10_000, 100_000])
def test_identical_records_group_at_every_size(size: int) -> None:
    rows = pl.concat(
        [pl.DataFrame([TWIN, TWIN], schema={k: pl.String for k in FIELDS}), _strangers(size - 2)]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy divide-by-zero on 2 rows fails the test
        out = find_fuzzy_duplicates(rows, FIELDS, region="CN")
    twins = out.filter(pl.col("row") <= 1)
    assert twins["row"].to_list() == [0, 1]
    assert twins["group"].n_unique() == 1
    assert (twins["score"] == 1.0).all()
    assert twins["reason"][0].startswith("identical records: same name; same phone")


def test_two_different_rows_give_nothing_and_no_warning() -> None:
    frame = pl.DataFrame(
        {"name": ["王伟", "李娜"], "phone": ["13912345678", "13912345679"]},
        schema={"name": pl.String, "phone": pl.String},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = find_fuzzy_duplicates(frame, {"name": "name", "phone": "phone"})
    assert out.height == 0


def test_namesakes_with_nothing_but_a_company_are_not_forced_together() -> None:
    # Two 王伟 at one company, no phone or e-mail: identical as written, but nothing
    # identifies a person, so they are left to the model (which, alone, cannot link them).
    pair = {"name": "王伟", "phone": None, "email": None, "company": "瑞丰科技"}
    rows = pl.concat([pl.DataFrame([pair, pair], schema={k: pl.String for k in FIELDS}),
                      _strangers(50)])  # fmt: skip
    out = find_fuzzy_duplicates(rows, FIELDS)
    assert not out["reason"].str.starts_with("identical").any()


def test_many_copies_of_one_record_are_one_group() -> None:
    copies = pl.DataFrame([TWIN] * 150, schema={k: pl.String for k in FIELDS})
    out = find_fuzzy_duplicates(pl.concat([copies, _strangers(300)]), FIELDS)
    assert out.filter(pl.col("row") < 150)["group"].to_list() == [1] * 150
    assert out.filter(pl.col("row") >= 150).height == 0
