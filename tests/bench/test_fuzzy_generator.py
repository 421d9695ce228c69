"""The labelled contact generator and the pairwise scorer of bench/fuzzy (a few seconds)."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.fuzzy import score  # noqa: E402


@pytest.fixture(scope="module")
def contacts_3000() -> pl.DataFrame:
    pytest.importorskip("numpy")
    from bench.fuzzy import generate

    return generate.generate_contacts(3000, seed=0)


def test_same_seed_same_table_other_seed_other_table() -> None:
    pytest.importorskip("numpy")
    from bench.fuzzy import generate

    a = generate.generate_contacts(400, seed=7)
    b = generate.generate_contacts(400, seed=7)
    c = generate.generate_contacts(400, seed=8)
    assert a.equals(b)
    assert not a.equals(c)
    assert a.columns == generate.COLUMNS


def test_columns_ids_and_records_per_person(contacts_3000: pl.DataFrame) -> None:
    df = contacts_3000
    assert df["id"].is_unique().all()
    assert df["id"][0] == "C0000001"
    assert df["entity_id"].n_unique() == 3000
    ratio = df.height / 3000
    assert 1.66 <= ratio <= 1.86, ratio
    sizes = df.group_by("entity_id").len()["len"]
    assert sizes.to_list().count(1) > 0 and max(sizes.to_list()) == 4
    # roughly 60 % Chinese people
    han = df.group_by("entity_id").agg(
        pl.concat_str(["first_name", "last_name", "company"]).str.contains(r"\p{Han}").any()
    )
    assert 0.5 < float(han[:, 1].cast(pl.Float64).to_numpy().mean()) < 0.7


def test_hard_negatives_are_present(contacts_3000: pl.DataFrame) -> None:
    from bench.fuzzy import generate

    stats = generate.dataset_stats(contacts_3000)
    # namesakes: the same exact name on records of different people
    assert stats["namesake_names"] >= 20
    assert stats["people_sharing_a_name"] >= 50
    assert any(
        t["name"] in {"王伟", "张伟", "李娜", "李伟", "王芳", "李芳"}
        for t in stats["top_namesakes"]
    )
    # colleagues on one switchboard; one personal local part at several domains
    assert stats["shared_phone_numbers"] > 0
    assert stats["email_locals_at_several_domains"] > 0


def test_small_name_pool_makes_english_namesakes_common() -> None:
    pytest.importorskip("numpy")
    from bench.fuzzy import generate

    df = generate.generate_contacts(2000, seed=1, name_pool="small")
    en = df.filter(pl.col("first_name").str.contains(r"^[A-Z][a-z]+$"))
    per_name = en.group_by("first_name", "last_name").agg(pl.col("entity_id").n_unique())
    assert max(per_name["entity_id"].to_list()) >= 3


def _truth() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": ["a1", "a2", "a3", "b1", "b2", "c1"],
            "entity_id": ["A", "A", "A", "B", "B", "C"],
        }
    )


def test_score_known_answer() -> None:
    # predicted: {a1, a2, b1} and {a3}; b2 and c1 are absent (singletons)
    pred = pl.DataFrame({"id": ["a1", "a2", "b1", "a3"], "group": [1, 1, 1, 2]})
    s = score.pairwise_scores(pred, _truth())
    # true pairs: C(3,2) + C(2,2) = 4; predicted pairs: C(3,2) = 3; TP: (a1, a2) = 1
    assert (s.true_pairs, s.predicted_pairs, s.true_positives) == (4, 3, 1)
    assert s.precision == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(1 / 4)
    assert s.f1 == pytest.approx(2 / 7)


def test_score_perfect_empty_and_mapping_input() -> None:
    truth = _truth()
    perfect = score.pairwise_scores(truth.rename({"entity_id": "group"}), truth)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    nothing = score.pairwise_scores({}, truth)
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 0.0, 0.0)
    as_map = score.pairwise_scores({"a1": "x", "a2": "x", "b1": "x", "a3": "y"}, truth)
    assert as_map.f1 == pytest.approx(2 / 7)
    with pytest.raises(ValueError):
        score.pairwise_scores({"zz": 1}, truth)


def test_baseline_links_email_or_phone_transitively() -> None:
    pytest.importorskip("numpy")
    from bench.fuzzy import baseline

    frame = pl.DataFrame(
        {
            "email": ["a@x.cn", " A@X.CN", "", "b@y.com", ""],
            "phone": ["", "139-1234-5678", "13912345678", "", ""],
        }
    )
    groups = baseline.exact_email_or_phone(frame, {"email": "email", "phone": "phone"})
    assert groups["row"].to_list() == [0, 1, 2]
    assert groups["group"].n_unique() == 1
