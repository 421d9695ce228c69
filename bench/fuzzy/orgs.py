"""Labelled organisation records shaped like lists merged from several sources.

Each *site* (a school, clinic, branch office) is listed by several source lists, each writing
it its own way; most sites appear 1-3 times, a few (programmes run at one address) 9-20 times.
Columns: ``id``, ``site_name``, ``address``, ``zip``, ``city``, ``phone``, ``source`` and the
truth ``entity_id``. What makes it hard, as in real merged lists:

* **many records per entity**: about 2 % of sites have 9-20 records, all with one phone
  (when written) and one address, but the name written many ways;
* **chains sharing a switchboard**: a chain's sites (``Bright Horizons - Lakeview``, ``Bright
  Horizons - Uptown``) share the chain's central phone, sometimes its name alone;
* **neighbours**: other sites on the same street, in the same zip code;
* **legal forms and noise**: ``Inc.``/``L.L.C.``/``Co., Ltd.``, ``The``, ``&``/``and``, case,
  street-type abbreviations (``St``/``Street``, ``N``/``North``), a mistyped digit, missing
  fields; a fifth of sites are Chinese (北京星辰幼儿园有限公司 / 星辰幼儿园(北京)).

Output is a pure function of ``sites`` and ``seed``::

    python bench/fuzzy/orgs.py --sites 3000 --seed 0 --out orgs.csv
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import polars as pl

BRANDS = [
    "Lakeview",
    "Harbor",
    "Summit",
    "Cedar",
    "Beacon",
    "Granite",
    "Willow",
    "Falcon",
    "Aspen",
    "Maple",
    "Sunrise",
    "Northside",
    "Riverside",
    "Hillcrest",
    "Bright",
    "Little",
    "Tree",
    "Rainbow",
    "Garden",
    "Oakwood",
    "Parkside",
    "Kingsley",
    "Evergreen",
    "Horizon",
    "Meadow",
    "Pioneer",
    "Liberty",
    "Heritage",
    "Unity",
    "Harmony",
    "Crestview",
    "Fairview",
    "Westgate",
    "Lincoln",
    "Jefferson",
    "Roosevelt",
    "Douglas",
    "Austin",
    "Logan",
    "Albany",
    "Ravenswood",
    "Edgewater",
    "Bridgeport",
    "Pilsen",
]
KINDS = [
    "Kids Academy",
    "Learning Center",
    "Child Care Center",
    "Day School",
    "Early Learning",
    "Montessori",
    "Head Start",
    "Family Clinic",
    "Dental Care",
    "Community Center",
    "Youth Services",
    "Preschool",
]
FORMS = ["", "", "", "Inc.", "Inc", "LLC", "L.L.C.", "Co., Ltd.", "Corp.", "Incorporated", "NFP"]
STREETS = [
    "Clark",
    "Broadway",
    "Halsted",
    "Western",
    "Ashland",
    "Damen",
    "Pulaski",
    "Cicero",
    "Kedzie",
    "Irving",
    "Lawrence",
    "Montrose",
    "Belmont",
    "Diversey",
    "Fullerton",
    "Armitage",
    "Division",
    "Chicago",
    "Madison",
    "Roosevelt",
]
TYPES = [("St", "Street"), ("Ave", "Avenue"), ("Blvd", "Boulevard"), ("Rd", "Road")]
DIRS = [("N", "North"), ("S", "South"), ("W", "West"), ("E", "East")]
CHAINS = ["Bright Horizons", "YMCA", "Kiddie Academy", "Head Start", "Catholic Charities"]
ZH_BRANDS = [
    "星辰",
    "腾飞",
    "华信",
    "恒通",
    "瑞丰",
    "云帆",
    "华图",
    "金桥",
    "蓝天",
    "阳光",
    "启明",
    "育才",
    "新星",
    "博雅",
    "童心",
]
ZH_KINDS = ["幼儿园", "培训中心", "口腔诊所", "社区服务中心", "教育科技"]
ZH_CITIES = ["北京", "上海", "深圳", "杭州", "成都"]
ZH_FORMS = ["有限公司", "有限责任公司", "股份有限公司", ""]


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(['312', '773', '872'])}{rng.randrange(200, 999)}{rng.randrange(10**4):04d}"


def _write_phone(digits: str, rng: random.Random) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", digits, f"+1 {a} {b} {c}"])


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _site(i: int, rng: random.Random, chain: str | None) -> dict[str, str]:
    if rng.random() < 0.2:
        city = rng.choice(ZH_CITIES)
        name = f"{rng.choice(ZH_BRANDS)}{rng.choice(ZH_BRANDS)}{rng.choice(ZH_KINDS)}"
        return {
            "zh": "1", "name": name, "city": city, "form": rng.choice(ZH_FORMS),
            "number": str(rng.randrange(1, 999)), "street": rng.choice(["中关村大街", "南京路",
            "深南大道", "文三路", "天府大道"]), "zip": f"{rng.randrange(100000, 999999)}",
            "phone": f"{rng.choice(['10', '21', '755', '571', '28'])}{rng.randrange(10**7, 10**8)}",
        }  # fmt: skip
    name = f"{rng.choice(BRANDS)} {rng.choice(KINDS)}"
    if chain:
        name = f"{chain} - {rng.choice(BRANDS)}"
    return {
        "zh": "", "name": name, "city": "Chicago", "form": rng.choice(FORMS),
        "number": str(rng.randrange(100, 9999)), "dir": str(rng.randrange(4)),
        "street": rng.choice(STREETS), "type": str(rng.randrange(4)),
        "zip": f"606{rng.randrange(1, 61):02d}", "phone": _phone(rng),
    }  # fmt: skip


def _render(
    site: dict[str, str], chain_phone: str | None, rng: random.Random
) -> dict[str, str | None]:
    """One source list's record of a site."""
    if site["zh"]:
        form = rng.choice([site["form"], "", "有限公司"])
        city = site["city"]
        name = rng.choice(
            [f"{city}{site['name']}{form}", f"{site['name']}({city}){form}", site["name"] + form]
        )
        address = f"{city}市{site['street']}{site['number']}号"
        phone = site["phone"]
        shown = rng.choice([f"0{phone[:-8]}-{phone[-8:]}", f"+86 {phone}", f"0{phone}"])
        return {
            "site_name": name if rng.random() > 0.05 else _typo(name, rng),
            "address": None if rng.random() < 0.1 else address,
            "zip": None if rng.random() < 0.3 else site["zip"],
            "city": rng.choice([city, city + "市", None]),
            "phone": None if rng.random() < 0.15 else shown,
        }
    d, t = DIRS[int(site["dir"])], TYPES[int(site["type"])]
    address = f"{site['number']} {rng.choice(d)} {site['street']} {rng.choice(t)}"
    if rng.random() < 0.2:
        address = address.replace(" N ", " N. ").upper() if rng.random() < 0.5 else address.lower()
    name = site["name"]
    name = rng.choice([name, name.upper(), name.lower(), "The " + name]) + (
        " " + rng.choice([site["form"], "", "Inc."]) if rng.random() < 0.6 else ""
    )
    name = name.replace(" and ", " & ") if rng.random() < 0.5 else name
    if rng.random() < 0.05:
        name = _typo(name, rng)
    phone = chain_phone if chain_phone and rng.random() < 0.5 else site["phone"]
    if rng.random() < 0.03:  # a mistyped digit
        k = rng.randrange(3, 10)
        phone = phone[:k] + str((int(phone[k]) + 1) % 10) + phone[k + 1 :]
    return {
        "site_name": name.strip(),
        "address": None if rng.random() < 0.1 else address,
        "zip": None if rng.random() < 0.15 else site["zip"],
        "city": rng.choice(["Chicago", "CHICAGO", "chicago", None]),
        "phone": None if rng.random() < 0.15 else _write_phone(phone, rng),
    }


def generate_orgs(sites: int, seed: int = 0) -> pl.DataFrame:
    """Records of `sites` organisations with their truth ``entity_id``."""
    rng = random.Random(seed)
    chain_phones = {c: _phone(rng) for c in CHAINS}
    rows: list[dict[str, str | None]] = []
    for i in range(sites):
        chain = rng.choice(CHAINS) if rng.random() < 0.08 else None
        site = _site(i, rng, chain)
        r = rng.random()
        copies = rng.randrange(9, 21) if r < 0.02 else 1 + int(r > 0.45) + int(r > 0.85)
        for k in range(copies):
            record = _render(site, chain_phones.get(chain or ""), rng)
            record["source"] = f"list{k % 5 + 1}"
            record["entity_id"] = f"S{i:06d}"
            rows.append(record)
    rng.shuffle(rows)
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    ids = pl.Series("id", [f"R{i:07d}" for i in range(frame.height)])
    return frame.insert_column(0, ids)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sites", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    generate_orgs(args.sites, args.seed).write_csv(args.out)


if __name__ == "__main__":
    main()
