"""The same name-like e-mail user name at another provider: weighed by how often namesakes
share it, estimated from the table (not zeroed, not counted as if it were rare)."""

from __future__ import annotations

import polars as pl

from crmhealth.checks.fuzzy import find_fuzzy_duplicates

FIELDS = {"name": "name", "email": "email", "company": "company"}


def _table() -> pl.DataFrame:
    rows: list[tuple[str, str, str]] = []
    # 30 different 王伟 at 30 companies; 12 of them use the plain handle 'wangwei'.
    for i in range(30):
        handle = "wangwei" if i < 12 else f"wangwei{100 + i}"
        rows.append(("王伟", f"{handle}@mail{i}.cn", f"公司{i}"))
    # 200 other people, the first 80 twice: 50 with the same e-mail, 30 keeping their
    # name-like handle at another provider (the table itself shows what duplicates look like)
    firsts = [
        "anna",
        "ben",
        "carl",
        "dora",
        "emil",
        "fay",
        "gus",
        "hana",
        "ivan",
        "jade",
        "kurt",
        "lena",
        "mona",
        "nils",
        "otto",
    ]
    lasts = [
        "berg",
        "cole",
        "dunn",
        "ebert",
        "falk",
        "gray",
        "hart",
        "ines",
        "jost",
        "kahn",
        "kerr",
        "lund",
        "moss",
        "nash",
        "orr",
    ]
    for i in range(200):
        first, last = firsts[i % 15], lasts[i // 15]
        handle = f"{first}.{last}{i}"
        rows.append((f"{first} {last}", f"{handle}@163.com", f"Firm {i}"))
        if i < 80:
            domain = "163.com" if i < 50 else "qq.com"
            rows.append((f"{first} {last}", f"{handle}@{domain}", f"Firm {i} Ltd"))
    # 310, 311: one 王伟 keeping his handle across providers, company written differently
    rows.append(("王伟", "wang.wei53@163.com", "星辰科技"))
    rows.append(("王 伟", "wang.wei53@qq.com", None))
    return pl.DataFrame(rows, schema=["name", "email", "company"], orient="row")


def test_a_rare_handle_at_another_provider_links_namesakes_of_a_common_name() -> None:
    out = find_fuzzy_duplicates(_table(), FIELDS)
    grouped = out.filter(pl.col("row") >= 310)
    assert grouped["row"].to_list() == [310, 311]
    assert "same name-like user at another domain" in grouped["reason"][0]


def test_the_common_handle_does_not_link_namesakes() -> None:
    out = find_fuzzy_duplicates(_table(), FIELDS)
    # the twelve 'wangwei@' at twelve providers are twelve people
    assert out.filter(pl.col("row") < 30).height == 0
