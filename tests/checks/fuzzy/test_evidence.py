"""Pinned cases for the evidence rules: name-like e-mail users, the sorted-letters name key,
initials, and the redundant-evidence discount."""

from __future__ import annotations

import polars as pl

from crmhealth.checks.fuzzy import find_fuzzy_duplicates
from crmhealth.checks.fuzzy.features import build_features

NAMES = {"first_name": "name", "last_name": "name", "email": "email"}


def test_name_like_user_covers_han_names_and_nicknames() -> None:
    df = pl.DataFrame(
        {
            "first_name": ["玉兰", "秀英", "Jessie", "伟"],
            "last_name": ["李", "李", "Jones", "张"],
            "email": ["liyulan@a.cn", "xli@b.cn", "jessica.jones@c.com", "zhangt114@d.com"],
        }
    )
    feat = build_features(df, NAMES, None).frame
    assert feat["email__namey"].to_list() == [True, True, True, False]


def test_sorted_letters_key_joins_pinyin_spacing_and_one_column_names() -> None:
    df = pl.DataFrame(
        {
            "first_name": ["Xueli", "雪丽", None, "Wnag"],
            "last_name": ["Zhao", "赵", "赵雪丽", "Hua"],
            "email": [None, None, None, None],
        },
        schema={"first_name": pl.String, "last_name": pl.String, "email": pl.String},
    )
    feat = build_features(df, NAMES, None).frame
    keys = feat["name__letters"].to_list()
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] != keys[0]


def test_initial_and_same_mailbox_link() -> None:
    df = pl.DataFrame(
        {
            "first_name": ["J.", "Joey", "Mark"],
            "last_name": ["Campbell", "Campbell", "Smith"],
            "email": ["jc77@x.com", "jc77@x.com", "ms@y.com"],
        }
    )
    out = find_fuzzy_duplicates(df, NAMES)
    assert out["row"].to_list() == [0, 1]
    assert "initial" in out["reason"][0]
