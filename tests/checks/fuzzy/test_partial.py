"""Partial name agreements (one part missing, an initial): pattern frequency and Han rule."""

from __future__ import annotations

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy import compare
from crmhealth.checks.fuzzy.features import build_features
from crmhealth.checks.fuzzy.partial import partial_name_frequency

FIELDS = {"first_name": "name", "last_name": "name"}
PARTIAL_LEVEL = 4


def _feat(names: list[tuple[str | None, str | None]]) -> compare.PairData:
    frame = pl.DataFrame(
        {"first_name": [f for f, _ in names], "last_name": [s for _, s in names]},
        schema={"first_name": pl.String, "last_name": pl.String},
    )
    return compare.PairData(build_features(frame, FIELDS, None).frame)


def _name_levels(data: compare.PairData, pairs: list[tuple[int, int]]) -> list[int]:
    feats = build_features(pl.DataFrame({"first_name": ["x"], "last_name": ["y"]}), FIELDS, None)
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    return [int(x) for x in compare.levels(feats.comparisons[0], data, a, b)]


def test_level_spec_adjusts_the_partial_level_by_pattern() -> None:
    spec = compare.level_spec(
        build_features(
            pl.DataFrame({"first_name": ["x"], "last_name": ["y"]}), FIELDS, None
        ).comparisons[0]
    )
    assert spec.labels[PARTIAL_LEVEL] == "name = one part missing or an initial"
    assert spec.tf[PARTIAL_LEVEL] == compare.PARTIAL


def test_rare_shared_part_counts_more_than_a_common_one() -> None:
    # Ten Marys with different surnames, one Quintessa; each has a record without surname.
    names: list[tuple[str | None, str | None]] = [("Mary", f"Surname{c}") for c in "abcdefghij"]
    names += [("Quintessa", "Reyes"), ("Mary", None), ("Quintessa", None)]
    names += [(f"Given{c}", f"Other{c}") for c in "abcdefghijklmnopqrst"]
    data = _feat(names)
    a, b = np.array([11, 12]), np.array([0, 10])
    assert _name_levels(data, [(11, 0), (12, 10)]) == [PARTIAL_LEVEL, PARTIAL_LEVEL]
    rel = partial_name_frequency(data.feat, a, b)
    # 'mary' fits ten other records, 'quintessa' only its partner: log2(1/rel) ranks them.
    assert rel[1] < 1.0 < rel[0]
    assert np.log2(rel[0] / rel[1]) == np.log2(10)


def test_initial_pattern_counts_records_with_that_initial() -> None:
    names: list[tuple[str | None, str | None]] = [
        ("C.", "Chen"),
        ("Carol", "Chen"),
        ("Cressida", "Chen"),
        ("Cordelia", "Chen"),
        ("Z.", "Quill"),
        ("Zora", "Quill"),
    ]
    names += [(f"Given{c}", f"Other{c}") for c in "abcdefghij"]
    data = _feat(names)
    assert _name_levels(data, [(0, 1), (4, 5)]) == [PARTIAL_LEVEL, PARTIAL_LEVEL]
    rel = partial_name_frequency(data.feat, np.array([0, 4]), np.array([1, 5]))
    assert rel[0] == 3 * rel[1]  # three C. Chens against one Z. Quill


def test_han_name_missing_a_part_misses_a_whole_column() -> None:
    names: list[tuple[str | None, str | None]] = [
        ("秋德", "王"),
        ("秋德", None),
        (None, "王"),
        ("晨敏", "李"),
        ("敏", "李"),
    ]
    data = _feat(names)
    levels = _name_levels(data, [(0, 1), (0, 2), (3, 4)])
    assert levels[:2] == [PARTIAL_LEVEL, PARTIAL_LEVEL]
    assert levels[2] == PARTIAL_LEVEL + 1  # 李晨敏 / 李敏: different names
