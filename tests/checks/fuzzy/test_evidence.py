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


def _name_levels(first: list[str], last: list[str]) -> list[str]:
    """The name-comparison label of rows (0, 1), (2, 3), ..."""
    import numpy as np

    from crmhealth.checks.fuzzy import compare

    df = pl.DataFrame({"first_name": first, "last_name": last, "email": [None] * len(first)})
    feats = build_features(df.with_columns(pl.col("email").cast(pl.String)), NAMES, None)
    data = compare.PairData(feats.frame)
    a = np.arange(0, len(first), 2)
    name = feats.comparisons[0]
    labels = compare.level_spec(name).labels
    return [labels[x] for x in compare.levels(name, data, a, a + 1)]


def test_nicknames_from_the_data_set_and_initial_with_typo() -> None:
    got = _name_levels(
        ["Nikki", "Nicole", "Jake", "Jacob", "R.", "Robert", "James", "John", "Lu", "Lou"],
        [
            "Mitchell",
            "Mitchell",
            "Nelson",
            "Nelson",
            "Ngyyen",
            "Nguyen",
            "Thomas",
            "Thomas",
            "明",
            "明",
        ],
    )
    assert got == [
        "name = pinyin/nickname/spelling match",
        "name = pinyin/nickname/spelling match",
        "name = one part missing or an initial",
        "different name",
        # Han names take no English nicknames: pinyin lu / lou are only a near spelling
        "name = near match in pinyin",
    ]


def test_extension_marks_a_switchboard_and_picks_a_desk() -> None:
    fields = {"first_name": "name", "last_name": "name", "phone": "phone"}
    df = pl.DataFrame(
        {
            "first_name": ["丽秋", "丽秋", "Anna", "Tom", "Ann"],
            "last_name": ["李", "李", "Lee", "Hardy", "Smith"],
            "phone": [
                "0532 2881 8705-1143",  # dash extension behind a complete number
                "(0532) 28818705 ext. 1143",
                "+44 161 575 2719 x12",
                "+44 161 575 2719 x13",
                "07700 900123",
            ],
        }
    )
    feat = build_features(df, fields, None).frame
    assert feat["phone__ext"].to_list() == ["1143", "1143", "12", "13", None]
    assert feat["phone__shared"].to_list() == [True, True, True, True, False]
    import numpy as np

    from crmhealth.checks.fuzzy import compare

    data = compare.PairData(feat)
    labels = compare.level_spec(build_features(df, fields, None).comparisons[1]).labels
    lv = compare.levels(
        build_features(df, fields, None).comparisons[1], data, np.array([0, 2]), np.array([1, 3])
    )
    # the same desk is a direct line; two desks of one switchboard are weak evidence
    assert [labels[x] for x in lv] == ["same {f}", "same shared {f}"]


def test_shared_mailbox_counts_people_not_spellings() -> None:
    df = pl.DataFrame(
        {
            "first_name": ["Lisa", "Liaa", "L.", "Anna", "Bob", "Carl"],
            "last_name": ["González", "Gonzalez", "Gonzalez", "Wu", "Ray", "Diaz"],
            "email": ["lg@x.com"] * 3 + ["info@y.com"] * 3,
        }
    )
    feat = build_features(df, NAMES, None).frame
    assert feat["email__shared"].to_list() == [False] * 3 + [True] * 3


def test_typo_is_found_in_the_name_as_written_behind_a_nickname() -> None:
    # 'steven' is canonicalised to 'stephen', which would hide the one-letter slip
    got = _name_levels(
        ["Seven", "Steven", "Steveen", "Steven"], ["Baker", "Baker", "Scott", "Scott"]
    )
    assert got == ["name = near match", "name = near match"]


def _levels_of(df: pl.DataFrame, fields: dict[str, str], kind: str) -> list[str]:
    """The labels of comparison `kind` for rows (0, 1), (2, 3), ..."""
    import numpy as np

    from crmhealth.checks.fuzzy import compare

    feats = build_features(df, fields, None)
    comp = next(c for c in feats.comparisons if c.kind == kind)
    labels = compare.level_spec(comp).labels
    a = np.arange(0, df.height, 2)
    return [labels[x] for x in compare.levels(comp, compare.PairData(feats.frame), a, a + 1)]


def test_personal_and_work_addresses_have_their_own_level() -> None:
    df = pl.DataFrame(
        {
            "first_name": ["Carol", "C.", "Ann", "Ann"],
            "last_name": ["Chen", "Chen", "Lee", "Lee"],
            "email": [
                "carol.chen@moonport.com",
                "carol.chen25@icloud.com",
                "ann@acme.com",
                "ann.lee@globex.com",
            ],
        }
    )
    assert _levels_of(df, NAMES, "email") == [
        "different {f}, one personal and one at work",
        "different {f}",
    ]


def test_mobile_against_office_number_and_no_near_match_on_a_switchboard() -> None:
    fields = {"first_name": "name", "last_name": "name", "phone": "phone"}
    df = pl.DataFrame(
        {
            "first_name": ["丹", "丹", "伟", "伟", "红兰", "丽"],
            "last_name": ["陈", "陈", "李", "李", "李", "李"],
            "phone": [
                "138 0013 8000",  # a mobile
                "010-6552 1234",  # a Beijing landline
                "139 1111 2222",
                "186 3333 4444",  # two mobiles
                "0532-28818705",  # one digit off a switchboard with extensions
                "(0532) 28817705 ext. 1143",
            ],
        }
    )
    assert _levels_of(df, fields, "phone") == [
        "different {f}, one a direct line and one an office number",
        "different {f}",
        "different {f}",
    ]


def test_level_constants_name_the_levels_they_stand_for() -> None:
    from crmhealth.checks.fuzzy import compare
    from crmhealth.checks.fuzzy.features import Comparison

    email = compare.level_spec(Comparison("e", "email", "e")).labels
    phone = compare.level_spec(Comparison("p", "phone", "p")).labels
    assert email[compare.EMAIL_SHARED] == "same shared {f}"
    assert email[compare.EMAIL_NAMEY] == "{f} = same name-like user at another domain"
    assert phone[compare.PHONE_SHARED] == "same shared {f}"
