#!/usr/bin/env python3
"""Generate a large, realistic contacts export for the audit speed benchmark.

    python bench/make_contacts.py --rows 1000000 --out bench/data/contacts_1m.csv [--seed 7]

The columns are those of ``examples/exports/contacts.csv`` and the defect rates are similar
(missing values as empty or whitespace-only, invalid e-mails and phones, stray lifecycle stages,
duplicate e-mails differing in case or whitespace, stale and unparseable ``updated_at``). About
60% of the rows are Chinese (names, 有限公司 companies, CN mobiles and landlines in mixed formats),
the rest English with US/UK numbers. Phone numbers carry eight random digits each, so a 1M-row
file has about a million distinct phones, as a real export would: an auditor cannot get away
with validating a handful of distinct values. The file is UTF-8.

Everything is vectorised with NumPy and Polars (1M rows take a few seconds). Beside the CSV the
script writes ``<stem>.rules.yaml``, the rules file the benchmark audits with.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

DEFAULT_SEED = 7
LAST_MOMENT = datetime(2026, 10, 31, 21, 0, 0)  # the export ran just before the as-of date
DAY = 86_400

SURNAMES = (
    ("王", "wang", 72),
    ("李", "li", 70),
    ("张", "zhang", 66),
    ("刘", "liu", 53),
    ("陈", "chen", 45),
    ("杨", "yang", 31),
    ("黄", "huang", 24),
    ("赵", "zhao", 20),
    ("吴", "wu", 19),
    ("周", "zhou", 18),
    ("徐", "xu", 15),
    ("孙", "sun", 15),
    ("马", "ma", 13),
    ("朱", "zhu", 12),
    ("胡", "hu", 12),
    ("郭", "guo", 11),
    ("何", "he", 10),
    ("高", "gao", 10),
    ("林", "lin", 10),
    ("罗", "luo", 9),
    ("郑", "zheng", 9),
    ("梁", "liang", 8),
    ("谢", "xie", 7),
    ("宋", "song", 6),
    ("唐", "tang", 6),
    ("韩", "han", 5),
    ("冯", "feng", 5),
    ("邓", "deng", 5),
    ("曹", "cao", 5),
    ("彭", "peng", 5),
    ("曾", "zeng", 4),
    ("肖", "xiao", 4),
    ("田", "tian", 4),
    ("欧阳", "ouyang", 1),
)
GIVEN = (
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("英", "ying"),
    ("华", "hua"),
    ("玉", "yu"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("辉", "hui"),
    ("晨", "chen"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("欣", "xin"),
    ("怡", "yi"),
    ("涵", "han"),
    ("轩", "xuan"),
    ("博", "bo"),
    ("佳", "jia"),
    ("婷", "ting"),
    ("鑫", "xin"),
    ("琳", "lin"),
    ("晓", "xiao"),
    ("海", "hai"),
    ("鹏", "peng"),
    ("飞", "fei"),
    ("慧", "hui"),
    ("倩", "qian"),
    ("瑶", "yao"),
    ("睿", "rui"),
)
EN_FIRST = (
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Emily",
    "Matthew",
    "Olivia",
    "Oliver",
    "Sophie",
    "George",
    "Charlotte",
    "Harry",
)
EN_LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Moore",
    "Martin",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Evans",
    "Hughes",
)
CN_CITIES = (
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "成都",
    "武汉",
    "苏州",
    "西安",
    "天津",
    "重庆",
)
CN_AREA_CODES = (
    "010",
    "021",
    "020",
    "0755",
    "0571",
    "025",
    "028",
    "027",
    "0512",
    "029",
    "022",
    "023",
)
CN_BRANDS = (
    "星辰",
    "华信",
    "腾达",
    "云帆",
    "恒通",
    "瑞丰",
    "博远",
    "中科",
    "金桥",
    "宏图",
    "新锐",
    "天成",
    "鼎盛",
    "汇智",
    "启明",
    "长风",
    "远景",
    "卓越",
    "明德",
    "海纳",
)
CN_BRANDS_PY = (
    "xingchen",
    "huaxin",
    "tengda",
    "yunfan",
    "hengtong",
    "ruifeng",
    "boyuan",
    "zhongke",
    "jinqiao",
    "hongtu",
    "xinrui",
    "tiancheng",
    "dingsheng",
    "huizhi",
    "qiming",
    "changfeng",
    "yuanjing",
    "zhuoyue",
    "mingde",
    "haina",
)
CN_TRADES = (
    "科技",
    "贸易",
    "电子",
    "网络科技",
    "信息技术",
    "医疗器械",
    "物流",
    "食品",
    "机械制造",
    "文化传媒",
)
CN_SUFFIXES = ("有限公司", "有限公司", "股份有限公司", "有限责任公司")
EN_BRANDS = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Summit",
    "Evergreen",
    "Redwood",
    "Harbor",
    "Pinnacle",
    "Crescent",
    "Falcon",
    "Beacon",
    "Granite",
    "Meridian",
)
EN_NOUNS = (
    "Widgets",
    "Software",
    "Logistics",
    "Health",
    "Foods",
    "Media",
    "Energy",
    "Capital",
    "Systems",
    "Retail",
    "Labs",
    "Industries",
)
EN_SUFFIXES = ("Inc.", "Ltd", "LLC", "Corporation", "Group")
CN_MAIL = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com", "139.com")
EN_MAIL = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com")
CN_MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "150",
    "151",
    "152",
    "158",
    "159",
    "182",
    "183",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "199",
)
UK_MOBILE = ("7400", "7500", "7712", "7803", "7956", "7901", "7941")
US_AREAS = ("212", "415", "617", "312", "206", "512", "303", "404", "646", "213")
STAGES = ("lead", "prospect", "customer", "churned")
BAD_STAGES = ("Customer ", "客户", "unknown", "Lead", "潜在客户")
CN_SOURCES = ("官网", "展会", "微信", "电话营销", "客户推荐", "百度推广")
EN_SOURCES = ("web", "referral", "trade_show", "cold_call", "linkedin", "partner")

RULES_TEMPLATE = """\
version: 1
as_of: 2026-11-01
region: CN
sources:
  contacts: {csv_name}
checks:
  - {{type: completeness, table: contacts, columns: [first_name, last_name, email, phone, company], warn: 0.98, fail: 0.9}}
  - {{type: validity, table: contacts, column: email, format: email}}
  - {{type: validity, table: contacts, column: phone, format: phone}}
  - {{type: validity, table: contacts, column: lifecycle_stage, format: allowed, values: [lead, prospect, customer, churned]}}
  - {{type: duplicates, table: contacts, keys: [email]}}
  - {{type: freshness, table: contacts, column: updated_at, max_age: 180d}}
"""  # noqa: E501  (the rules file is easier to read with one check per line)


def pick(values: Sequence[str], index: np.ndarray) -> pl.Series:
    """`values[index]` for a whole index array, as a Polars string Series."""
    return pl.Series(values, dtype=pl.String).gather(pl.Series(index, dtype=pl.UInt32))


def digits(rng: np.random.Generator, n: int, width: int) -> pl.Series:
    """`n` random zero-padded decimal strings of `width` digits."""
    return pl.Series(rng.integers(0, 10**width, n, dtype=np.int64)).cast(pl.String).str.zfill(width)


def category(u: np.ndarray, shares: Sequence[float]) -> np.ndarray:
    """Map uniform draws to 0..len(shares): the first share's band is 0, and so on; the rest
    (probability 1 - sum(shares)) is len(shares)."""
    return np.searchsorted(np.cumsum(shares), u, side="right")


def build(n: int, seed: int) -> pl.DataFrame:
    """The contacts frame (all columns text), defects included."""
    rng = np.random.default_rng(seed)
    cn = rng.random(n) < 0.6
    weights = np.array([w for _, _, w in SURNAMES], dtype=float)
    sur = rng.choice(len(SURNAMES), n, p=weights / weights.sum())
    g1, g2 = rng.integers(0, len(GIVEN), n), rng.integers(0, len(GIVEN), n)
    two = rng.random(n) < 0.7
    ef, el = rng.integers(0, len(EN_FIRST), n), rng.integers(0, len(EN_LAST), n)
    city = rng.integers(0, len(CN_CITIES), n)
    brand = rng.integers(0, len(CN_BRANDS), n)
    frame = pl.DataFrame(
        {
            "cn": cn,
            "two": two,
            "sur": pick([s for s, _, _ in SURNAMES], sur),
            "sur_py": pick([p for _, p, _ in SURNAMES], sur),
            "g1": pick([g for g, _ in GIVEN], g1),
            "g1_py": pick([p for _, p in GIVEN], g1),
            "g2": pick([g for g, _ in GIVEN], g2),
            "g2_py": pick([p for _, p in GIVEN], g2),
            "ef": pick(EN_FIRST, ef),
            "el": pick(EN_LAST, el),
            "city": pick(CN_CITIES, city),
            "area": pick(CN_AREA_CODES, city),
            "brand": pick(CN_BRANDS, brand),
            "brand_py": pick(CN_BRANDS_PY, brand),
            "trade": pick(CN_TRADES, rng.integers(0, len(CN_TRADES), n)),
            "suffix": pick(CN_SUFFIXES, rng.integers(0, len(CN_SUFFIXES), n)),
            "en_brand": pick(EN_BRANDS, rng.integers(0, len(EN_BRANDS), n)),
            "en_noun": pick(EN_NOUNS, rng.integers(0, len(EN_NOUNS), n)),
            "en_suffix": pick(EN_SUFFIXES, rng.integers(0, len(EN_SUFFIXES), n)),
            "cn_mail": pick(CN_MAIL, rng.integers(0, len(CN_MAIL), n)),
            "en_mail": pick(EN_MAIL, rng.integers(0, len(EN_MAIL), n)),
            "mail_style": rng.random(n),
            "num": pl.Series(rng.integers(1, 10_000, n)).cast(pl.String),
            "en_num": pl.Series(rng.integers(1, 100_000, n)).cast(pl.String),
            "qq": pl.Series(rng.integers(10_000_000, 4_000_000_000, n)).cast(pl.String),
            "mobile": pick(CN_MOBILE_PREFIXES, rng.integers(0, len(CN_MOBILE_PREFIXES), n))
            + digits(rng, n, 8),
            "local8": pl.Series(rng.integers(2, 9, n)).cast(pl.String) + digits(rng, n, 7),
            "us_area": pick(US_AREAS, rng.integers(0, len(US_AREAS), n)),
            "us_exch": pl.Series(rng.integers(201, 999, n)).cast(pl.String),
            "three": digits(rng, n, 3),
            "four": digits(rng, n, 4),
            "uk_mobile": pick(UK_MOBILE, rng.integers(0, len(UK_MOBILE), n)),
            "six": digits(rng, n, 6),
            "phone_kind": rng.random(n),
            "phone_style": rng.random(n),
            "extra_digit": pl.Series(rng.integers(0, 10, n)).cast(pl.String),
            "five": pl.Series(rng.integers(10_000, 100_000, n)).cast(pl.String),
        }
    )
    c = pl.col
    name_py = pl.when(c("two")).then(c("g1_py") + c("g2_py")).otherwise(c("g1_py"))
    company_domain = (
        pl.when(c("cn"))
        .then(c("brand_py") + pl.lit(".com.cn"))
        .otherwise((c("en_brand") + c("en_noun")).str.to_lowercase() + pl.lit(".com"))
    )
    s = c("mail_style")
    frame = frame.with_columns(
        first_name=pl.when(c("cn"))
        .then(pl.when(c("two")).then(c("g1") + c("g2")).otherwise(c("g1")))
        .otherwise(c("ef")),
        last_name=pl.when(c("cn")).then(c("sur")).otherwise(c("el")),
        company=pl.when(c("cn"))
        .then(c("city") + c("brand") + c("trade") + c("suffix"))
        .otherwise(pl.concat_str([c("en_brand"), c("en_noun"), c("en_suffix")], separator=" ")),
        local=pl.when(c("cn") & (s < 0.12))
        .then(c("qq"))
        .when(c("cn") & (s < 0.55))
        .then(name_py + pl.lit(".") + c("sur_py") + c("num"))
        .when(c("cn"))
        .then(c("sur_py") + name_py + c("num"))
        .when(s < 0.6)
        .then(c("ef").str.to_lowercase() + pl.lit(".") + c("el").str.to_lowercase() + c("en_num"))
        .otherwise(
            c("ef").str.slice(0, 1).str.to_lowercase() + c("el").str.to_lowercase() + c("en_num")
        ),
        domain=pl.when(c("cn") & (s < 0.12))
        .then(pl.lit("qq.com"))
        .when(s > 0.5)
        .then(company_domain)
        .when(c("cn"))
        .then(c("cn_mail"))
        .otherwise(c("en_mail")),
        phone=phone_expr(),
    )
    frame = frame.with_columns(email=c("local") + pl.lit("@") + c("domain"))

    dates = timestamps(rng, n)
    frame = pl.concat([frame, dates], how="horizontal")
    frame = frame.with_columns(
        id=pl.format("C{}", pl.int_range(1, n + 1, eager=False).cast(pl.String).str.zfill(7)),
        account_id=pl.format(
            "ACC-{}", pl.Series(rng.integers(1, 40_000, n)).cast(pl.String).str.zfill(5)
        ),
        owner_id=pick([f"U{k:03d}" for k in range(1, 26)], rng.integers(0, 25, n)),
        lifecycle_stage=pick(STAGES, rng.choice(4, n, p=[0.35, 0.25, 0.3, 0.1])),
        lead_source=pl.when(c("cn"))
        .then(pick(CN_SOURCES, rng.integers(0, 6, n)))
        .otherwise(pick(EN_SOURCES, rng.integers(0, 6, n))),
    )
    frame = inject_defects(frame, rng)
    return frame.select(
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "company",
        "account_id",
        "owner_id",
        "lifecycle_stage",
        "lead_source",
        "created_at",
        "updated_at",
    )


def phone_expr() -> pl.Expr:
    """CN mobiles (4 formats), CN landlines, US and UK numbers, from the raw digit columns."""
    c = pl.col
    m, st = c("mobile"), c("phone_style")
    mobile = (
        pl.when(st < 0.5)
        .then(m)
        .when(st < 0.7)
        .then(
            pl.concat_str([m.str.slice(0, 3), m.str.slice(3, 4), m.str.slice(7, 4)], separator="-")
        )
        .when(st < 0.9)
        .then(
            pl.lit("+86 ")
            + pl.concat_str(
                [m.str.slice(0, 3), m.str.slice(3, 4), m.str.slice(7, 4)], separator=" "
            )
        )
        .otherwise(pl.lit("+86") + m)
    )
    landline = c("area") + pl.lit("-") + c("local8")
    us = pl.format("+1 {}-{}-{}", c("us_area"), c("us_exch"), c("four"))
    uk = (
        pl.when(st < 0.5)
        .then(pl.format("+44 20 7{} {}", c("three"), c("four")))
        .otherwise(pl.format("+44 {} {}", c("uk_mobile"), c("six")))
    )
    k = c("phone_kind")
    return (
        pl.when(c("cn") & (k < 0.85))
        .then(mobile)
        .when(c("cn"))
        .then(landline)
        .when(k < 0.55)
        .then(us)
        .when(k < 0.9)
        .then(uk)
        .otherwise(mobile)
    )


def timestamps(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """`created_at` and `updated_at` as text, mixing `YYYY-MM-DD HH:MM:SS` and `YYYY-MM-DD`;
    15% of the rows were last updated more than 180 days before 2026-11-01."""
    last = int(LAST_MOMENT.timestamp())
    stale = rng.random(n) < 0.15
    age = np.where(stale, rng.integers(182 * DAY, 1300 * DAY, n), rng.integers(0, 176 * DAY, n))
    updated = last - age
    created = updated - rng.integers(0, 1100 * DAY, n)
    out = pl.DataFrame(
        {
            "updated": pl.from_epoch(pl.Series(updated), time_unit="s"),
            "created": pl.from_epoch(pl.Series(created), time_unit="s"),
            "u_short": rng.random(n) < 0.3,
            "c_short": rng.random(n) < 0.3,
        }
    )
    c = pl.col
    return out.select(
        created_at=pl.when(c("c_short"))
        .then(c("created").dt.strftime("%Y-%m-%d"))
        .otherwise(c("created").dt.strftime("%Y-%m-%d %H:%M:%S")),
        updated_at=pl.when(c("u_short"))
        .then(c("updated").dt.strftime("%Y-%m-%d"))
        .otherwise(c("updated").dt.strftime("%Y-%m-%d %H:%M:%S")),
    )


def inject_defects(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Blank, corrupt and duplicate values at rates like those of examples/contacts.csv."""
    n = frame.height
    c = pl.col
    ws = pl.lit("   ")

    def band(shares: Sequence[float]) -> pl.Series:
        return pl.Series(category(rng.random(n), shares))

    # Missing values: empty (null in the CSV) or whitespace-only.
    blank_rates = {
        "first_name": (0.007, 0.003),
        "last_name": (0.008, 0.003),
        "company": (0.024, 0.008),
        "account_id": (0.05, 0.0),
    }
    updates = []
    for column, (empty, white) in blank_rates.items():
        b = band((empty, white))
        updates.append(
            pl.when(b == 0).then(None).when(b == 1).then(ws).otherwise(c(column)).alias(column)
        )
    # E-mail: 3% empty, 1.4% whitespace, 2.5% invalid in four ways.
    b = band((0.03, 0.014, 0.007, 0.006, 0.006, 0.006))
    local, domain = c("local"), c("domain")
    updates.append(
        pl.when(b == 0)
        .then(None)
        .when(b == 1)
        .then(ws)
        .when(b == 2)
        .then(local + pl.lit("@"))
        .when(b == 3)
        .then(local + pl.lit(" at ") + domain)
        .when(b == 4)
        .then(local + pl.lit("@@") + domain)
        .when(b == 5)
        .then(local + pl.lit("@") + domain.str.split(".").list.first())
        .otherwise(c("email"))
        .alias("email")
    )
    # Phone: 4% empty, 1% whitespace, 3% invalid (10, 5 or 12 digits).
    b = band((0.04, 0.01, 0.014, 0.006, 0.01))
    updates.append(
        pl.when(b == 0)
        .then(None)
        .when(b == 1)
        .then(ws)
        .when(b == 2)
        .then(c("mobile").str.slice(0, 10))
        .when(b == 3)
        .then(c("five"))
        .when(b == 4)
        .then(c("mobile") + c("extra_digit"))
        .otherwise(c("phone"))
        .alias("phone")
    )
    # Lifecycle stage: 1% empty, 3% outside the allowed set.
    b = band((0.01, 0.03))
    updates.append(
        pl.when(b == 0)
        .then(None)
        .when(b == 1)
        .then(pick(BAD_STAGES, rng.integers(0, len(BAD_STAGES), n)))
        .otherwise(c("lifecycle_stage"))
        .alias("lifecycle_stage")
    )
    # updated_at: 1.3% empty, 0.5% "N/A", 0.3% impossible dates.
    b = band((0.013, 0.005, 0.003))
    updates.append(
        pl.when(b == 0)
        .then(None)
        .when(b == 1)
        .then(pl.lit("N/A"))
        .when(b == 2)
        .then(pl.lit("2026-13-45"))
        .otherwise(c("updated_at"))
        .alias("updated_at")
    )
    frame = frame.with_columns(updates)

    # Duplicates: 1.6% of rows repeat an earlier row's e-mail, as is, upper-cased or padded.
    dup = np.flatnonzero(rng.random(n) < 0.016)
    dup = dup[dup > 0]
    src = (rng.random(dup.size) * dup).astype(np.int64)  # some earlier row
    style = rng.integers(0, 3, dup.size)
    emails = frame.get_column("email")
    copied = (
        pl.DataFrame({"e": emails.gather(pl.Series(src)), "s": style})
        .select(
            pl.when(c("s") == 1)
            .then(c("e").str.to_uppercase())
            .when(c("s") == 2)
            .then(pl.lit(" ") + c("e") + pl.lit(" "))
            .otherwise(c("e"))
        )
        .to_series()
    )
    return frame.with_columns(emails.scatter(dup, copied))


def write_rules(csv_path: Path) -> Path:
    """Write `<stem>.rules.yaml` beside the CSV; the source path is relative to the rules."""
    rules = csv_path.with_name(f"{csv_path.stem}.rules.yaml")
    rules.write_text(RULES_TEMPLATE.format(csv_name=csv_path.name), encoding="utf-8")
    return rules


def main(argv: list[str] | None = None) -> int:
    """Generate the CSV and its rules file; print where and how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("bench/data/contacts_1m.csv"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be positive")
    started = time.perf_counter()
    frame = build(args.rows, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(args.out)
    rules = write_rules(args.out)
    elapsed = time.perf_counter() - started
    size = args.out.stat().st_size / 2**20
    print(
        f"wrote {args.out} ({args.rows:,} rows, {size:.0f} MiB) and {rules} in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
