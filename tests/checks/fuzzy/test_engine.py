"""End-to-end behaviour of find_fuzzy_duplicates on small deterministic tables."""

from __future__ import annotations

import random

import numpy as np
import polars as pl
import pytest

from crmhealth.checks.fuzzy import FIELD_KINDS, find_fuzzy_duplicates
from crmhealth.checks.fuzzy.em import Model, match_weight

FIELDS = {
    "first_name": "name",
    "last_name": "name",
    "email": "email",
    "phone": "phone",
    "company": "company",
}
SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜"
GIVEN = "子涵欣怡梓萱思雨浩宇俊杰宇轩一诺嘉怡雨泽明辉晓东丽娜国强"
COMPANIES = ["恒通实业", "瑞丰科技", "Globex", "Initech", "云帆物流", "华图投资", "Acme Widgets"]


def _background(n: int, seed: int = 7) -> list[dict[str, str | None]]:
    """`n` distinct people, one record each (no duplicates among them)."""
    rng = random.Random(seed)
    rows: list[dict[str, str | None]] = []
    for i in range(n):
        sur = rng.choice(SURNAMES)
        giv = rng.choice(GIVEN) + rng.choice(GIVEN)
        rows.append(
            {
                "first_name": giv,
                "last_name": sur,
                "email": f"user{i:04d}x{rng.randrange(10**6)}@{rng.choice(['qq.com', '163.com'])}",
                "phone": f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
                "company": rng.choice(COMPANIES) + "有限公司",
            }
        )
    return rows


def _frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={k: pl.String for k in FIELDS})


def _groups(result: pl.DataFrame, offset: int = 0) -> list[list[int]]:
    out = result.group_by("group", maintain_order=True).agg(pl.col("row") - offset)
    return [sorted(r) for r in out["row"].to_list()]


def test_unknown_kind_raises_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown fuzzy field kind 'nmae'"):
        find_fuzzy_duplicates(_frame([]), {"first_name": "nmae"})


def test_missing_column_and_bad_threshold_raise() -> None:
    with pytest.raises(ValueError, match="not a column"):
        find_fuzzy_duplicates(_frame([]), {"nope": "name"})
    with pytest.raises(ValueError, match="threshold"):
        find_fuzzy_duplicates(_frame(_background(3)), FIELDS, threshold=1.5)


def test_field_kinds_cover_the_contract() -> None:
    expected = {"name", "email", "phone", "company", "address", "text", "date", "exact"}
    assert expected <= set(FIELD_KINDS)


def test_empty_result_has_the_schema() -> None:
    out = find_fuzzy_duplicates(_frame(_background(50)), FIELDS)
    assert out.schema == pl.Schema(
        {
            "row": pl.UInt32,
            "group": pl.UInt32,
            "score": pl.Float64,
            "reason": pl.String,
            "master": pl.Boolean,
            "differs": pl.String,
        }
    )
    assert out.height == 0


CASES: list[dict[str, str | None]] = [
    # 0-2: one person, formatting differences, name split vs one column, variant character
    {"first_name": "伟", "last_name": "王", "email": "wangwei.sh@xingchen.cn",
     "phone": "139-1234-5678", "company": "北京星辰科技有限公司"},
    {"first_name": None, "last_name": "王伟", "email": " WangWei.SH@xingchen.cn",
     "phone": "+86 139 1234 5678", "company": "星辰科技"},
    {"first_name": "玮", "last_name": "王", "email": None,
     "phone": "13912345678", "company": "星辰科技(北京)有限公司"},
    # 3: a namesake 王伟 elsewhere: different company, phone and e-mail
    {"first_name": "伟", "last_name": "王", "email": "wangwei@qq.com",
     "phone": "18600001111", "company": "上海华信贸易有限公司"},
    # 4-5: Bill = William, swapped columns, e-mail case
    {"first_name": "William", "last_name": "Gates", "email": "bgates@initech.com",
     "phone": "+1 415 555 0100", "company": "Initech Inc."},
    {"first_name": "gates", "last_name": "Bill", "email": "BGates@Initech.com",
     "phone": None, "company": "INITECH Incorporated"},
    # 6-7: colleagues sharing a switchboard and the company, different names
    {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@initech.com",
     "phone": "+1 415 555 0199", "company": "Initech"},
    {"first_name": "Tom", "last_name": "Ford", "email": "tom.ford@initech.com",
     "phone": "+1 415 555 0199", "company": "Initech"},
]  # fmt: skip


def test_small_labelled_set_groups_exactly() -> None:
    bg = _background(300)
    out = find_fuzzy_duplicates(_frame(CASES + bg), FIELDS)
    assert _groups(out) == [[0, 1, 2], [4, 5]]
    assert out["group"].to_list() == [1, 1, 1, 2, 2]
    assert (out["score"] >= 0.5).all()
    first = out.row(0, named=True)["reason"]
    assert "same phone" in first


def test_namesakes_are_not_grouped_but_the_same_person_is() -> None:
    rows = CASES[:4] + _background(300, seed=3)
    out = find_fuzzy_duplicates(_frame(rows), FIELDS)
    grouped = set(out["row"].to_list())
    assert {0, 1, 2} <= grouped
    assert 3 not in grouped


def test_colleagues_sharing_a_switchboard_are_not_grouped() -> None:
    rows = CASES[6:8] + _background(300, seed=5)
    assert find_fuzzy_duplicates(_frame(rows), FIELDS).height == 0


def test_rare_name_agreement_outweighs_a_common_one() -> None:
    """Term-frequency adjustment: the same level weighs more for a rarer value."""
    model = Model(prior=0.01, m=[np.array([0.9, 0.1])], u=[np.array([0.01, 0.99])])
    levels = [np.array([0, 0], dtype=np.int8)]
    freq = np.array([0.0001, 0.05])  # a rare name, then 王伟
    weight, _ = match_weight(levels, model, [{0: (freq, 0.01)}])
    assert weight[0] > weight[1]
    assert weight[0] - weight[1] == pytest.approx(np.log2(0.05 / 0.0001))


def test_rare_name_scores_higher_end_to_end() -> None:
    common = [
        {"first_name": "伟", "last_name": "王", "email": None, "phone": None,
         "company": f"公司{i}"} for i in range(40)
    ]  # fmt: skip
    pair = {"email": None, "phone": None, "company": "瑞丰科技"}
    rare = [{"first_name": "翊骞", "last_name": "欧阳", **pair}] * 2
    twin = [{"first_name": "伟", "last_name": "王", **pair}] * 2
    rows = rare + twin + common + _background(200, seed=11)
    out = find_fuzzy_duplicates(_frame(rows), FIELDS, threshold=1e-6)
    # Everything else equal, the rare pair clears a threshold that the 王伟 pair does not.
    assert {0, 1} <= set(out["row"].to_list())
    assert 2 not in set(out["row"].to_list())


def test_deterministic() -> None:
    rows = CASES + _background(200)
    a = find_fuzzy_duplicates(_frame(rows), FIELDS)
    b = find_fuzzy_duplicates(_frame(rows), FIELDS)
    assert a.equals(b)


def test_febrl_like_fields() -> None:
    rows = {
        "given_name": ["mitchell", "mitchel", "harley", "isabelle", "isabelle"],
        "surname": ["green", "green", "mccarthy", "smith", "brown"],
        "street_number": ["7", "7", "177", "23", "5"],
        "address_1": ["wallaby place", "wallaby pl", "pridham street", "gundulu place", "kent st"],
        "postcode": ["2119", "2119", "3165", "2193", "3000"],
        "date_of_birth": ["19560409", "1956-04-09", "19080419", "19921119", "19921119"],
        "soc_sec_id": ["1804974", "1804974", "6089216", "4314184", "9999999"],
    }
    fields = {
        "given_name": "name", "surname": "name", "street_number": "text",
        "address_1": "address", "postcode": "exact", "date_of_birth": "date",
        "soc_sec_id": "exact",
    }  # fmt: skip
    frame = pl.DataFrame(rows)
    rng = random.Random(1)
    bg = pl.DataFrame(
        {
            "given_name": [rng.choice(["anna", "ben", "carl", "dora", "eve"]) + str(i)
                           for i in range(200)],
            "surname": [f"sur{i}" for i in range(200)],
            "street_number": [str(rng.randrange(1, 300)) for _ in range(200)],
            "address_1": [f"road {i}" for i in range(200)],
            "postcode": [str(rng.randrange(2000, 7000)) for _ in range(200)],
            "date_of_birth": [f"19{rng.randrange(10, 99)}0{rng.randrange(1, 9)}1{i % 10}"
                              for i in range(200)],
            "soc_sec_id": [str(1000000 + i) for i in range(200)],
        }
    )  # fmt: skip
    out = find_fuzzy_duplicates(pl.concat([frame, bg]), fields)
    assert _groups(out) == [[0, 1]]
