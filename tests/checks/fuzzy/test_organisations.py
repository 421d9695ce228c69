"""Organisation records (company, address, phone, zip, city; no person name) and large true
groups: an organisation listed twenty times with one phone stays one group, while a chain of
weak links is still cut."""

from __future__ import annotations

import random

import numpy as np
import polars as pl

from crmhealth.checks.fuzzy import find_fuzzy_duplicates
from crmhealth.checks.fuzzy.cluster import guarded_groups

ORG_FIELDS = {
    "company": "company",
    "address": "address",
    "phone": "phone",
    "zip": "exact",
    "city": "text",
}
BRANDS = ["Harbor", "Summit", "Cedar", "Beacon", "Granite", "Willow", "Falcon", "Aspen", "Maple"]
TRADES = ["Logistics", "Analytics", "Dental", "Bakery", "Print", "Motors", "Travel", "Labs"]
STREETS = ["Main", "Oak", "Pine", "Elm", "Lake", "Hill", "Park", "River", "Mill", "Grove"]
FORMS = ["Inc.", "LLC", "L.L.C.", "Co., Ltd.", "Corp.", "", "Incorporated"]


def _organisations(n: int, seed: int = 3) -> list[dict[str, str | None]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "company": f"{rng.choice(BRANDS)} {rng.choice(TRADES)} {i} {rng.choice(FORMS)}",
                "address": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)} St",
                "phone": f"(312) {rng.randrange(200, 999)}-{rng.randrange(10**4):04d}",
                "zip": f"60{rng.randrange(600, 700)}",
                "city": "Chicago",
            }
        )
    return rows


def _listed(times: int) -> list[dict[str, str | None]]:
    """One site listed `times` times by different source lists: the legal form, the street
    type, the phone format, and a missing zip or address vary; the phone never does."""
    rng = random.Random(11)
    phones = ["(773) 555-0142", "773-555-0142", "773.555.0142", "+1 773 555 0142", "7735550142"]
    rows: list[dict[str, str | None]] = []
    for i in range(times):
        rows.append(
            {
                "company": rng.choice(
                    [
                        "Lakeview Kids Academy",
                        "LAKEVIEW KIDS ACADEMY LLC",
                        "Lakeview Kids Academy, L.L.C.",
                    ]
                ),
                "address": None
                if i % 5 == 4
                else rng.choice(["4501 N Clark St", "4501 N. Clark Street"]),
                "phone": rng.choice(phones),
                "zip": None if i % 4 == 3 else "60640",
                "city": rng.choice(["Chicago", "chicago", None]),
            }
        )
    return rows


def _frame(rows: list[dict[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={k: pl.String for k in ORG_FIELDS})


def test_an_organisation_listed_twenty_times_is_one_group() -> None:
    rows = _listed(20) + _organisations(400)
    out = find_fuzzy_duplicates(_frame(rows), ORG_FIELDS, region="US")
    site = out.filter(pl.col("row") < 20)
    assert site.height == 20
    assert site["group"].n_unique() == 1
    # nothing else joins it, and the background organisations stay apart
    assert out.filter(pl.col("group") == site["group"][0]).height == 20
    assert out.filter(pl.col("row") >= 20).height == 0
    # one suggested master (a member with every field filled)
    masters = site.filter(pl.col("master"))
    assert masters.height == 1
    (master_row,) = masters["row"].to_list()
    assert all(rows[master_row][k] is not None for k in ORG_FIELDS)


def test_dotted_legal_forms_and_phone_formats_match() -> None:
    pair = [
        {"company": "Acme Labs L.L.C.", "address": "12 Oak St", "phone": "312-555-0100",
         "zip": "60601", "city": "Chicago"},
        {"company": "Acme Labs", "address": "12 Oak Street", "phone": "(312) 555-0100",
         "zip": "60601", "city": "Chicago"},
    ]  # fmt: skip
    out = find_fuzzy_duplicates(_frame(pair + _organisations(300)), ORG_FIELDS, region="US")
    assert out.filter(pl.col("row") < 2)["group"].to_list() == [1, 1]
    assert out.height == 2


def _chain(k: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.arange(k - 1, dtype=np.int64)
    return a, a + 1


def test_a_chain_of_weak_links_is_cut_whatever_its_length() -> None:
    for k in (4, 9, 25):
        a, b = _chain(k)
        label = guarded_groups(k, a, b, np.full(k - 1, 1.0), 0.0)
        assert (label == -1).all(), k


def test_a_large_clique_needs_an_identifier_hub() -> None:
    k = 20
    a, b = np.triu_indices(k, 1)
    a, b = a.astype(np.int64), b.astype(np.int64)
    weight = np.full(len(a), 1.0)
    # name-and-company alone: split into nothing that large (every edge is weak)
    weak = guarded_groups(k, a, b, weight, 0.0)
    assert (weak == -1).all()
    # the same clique where every record shares one unshared phone with the others
    strong = guarded_groups(k, a, b, weight, 0.0, np.ones(len(a), dtype=bool))
    assert (strong == 0).all()
    # a clique of up to 8 needs no identifier
    small = np.triu_indices(8, 1)
    label = guarded_groups(8, small[0].astype(np.int64), small[1].astype(np.int64),
                           np.full(28, 1.0), 0.0)  # fmt: skip
    assert (label == 0).all()
