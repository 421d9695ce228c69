#!/usr/bin/env python3
"""Generate the example CRM exports in ``examples/exports/`` with deliberately injected defects.

The exports imitate what a Chinese B2B company's CRM gives you: a GBK-encoded contacts CSV saved
by Chinese Windows Excel (CRLF line ends, no BOM), an accounts workbook with a cover sheet, an
activity log in SQLite, a sales-team roster saved as "CSV UTF-8" (with BOM) and a customer
feedback CSV in plain UTF-8.

Every defect is injected on purpose, counted when injected ("by construction"), and then counted
again by reading the written files back with plain Python (``csv``, ``sqlite3``, ``openpyxl``,
``phonenumbers``, ``email_validator``) -- never with crmhealth. The generator refuses to write
the truth files unless both counts agree, and it checks that each time-based figure is the same
under every usual reading of its window (date or datetime arithmetic, inclusive or exclusive
bounds) because no record lies near a window's edge.

Run ``python examples/make_examples.py`` from the repository root; the output is byte-for-byte
the same on every run for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter

AS_OF = date(2026, 11, 1)
AS_OF_DT = datetime(2026, 11, 1)
DEFAULT_SEED = 20261101
HERE = Path(__file__).resolve().parent

N_BASE_CONTACTS = 2952
N_DUPLICATE_ORIGINALS = 40
N_TRIPLICATES = 8  # originals that get a second copy as well: 40 + 8 = 48 extra rows
N_ACCOUNTS = 400
N_FEEDBACK = 1500

ALLOWED_STAGES = ("lead", "prospect", "customer", "churned")
STALE_DAYS = 180
USAGE_WINDOW_DAYS = 30
USAGE_MIN_ACTIVITIES = 4
FEEDBACK_WINDOW_DAYS = 90
TS_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"

# Nothing is dated within a few days of a window edge, so every reading of a window agrees.
STALE_GAP = (date(2026, 5, 1), date(2026, 5, 8))  # the 180-day cutoff is 2026-05-05
FEEDBACK_GAP = (date(2026, 7, 31), date(2026, 8, 7))  # the 90-day window starts 2026-08-04
GOLDEN_WEEK = (date(2026, 10, 1), date(2026, 10, 7))  # the 30-day window starts 2026-10-03
LAST_RECORD_DAY = date(2026, 10, 31)  # the exports were taken at 2026-11-01 00:05

CONTACT_COLUMNS = (
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

# --------------------------------------------------------------------------------------------
# Name material. Surnames are weighted like the real distribution (王李张刘陈 first).
# --------------------------------------------------------------------------------------------
SURNAMES: tuple[tuple[str, str, int], ...] = (
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
    ("许", "xu", 6),
    ("韩", "han", 5),
    ("冯", "feng", 5),
    ("邓", "deng", 5),
    ("曹", "cao", 5),
    ("彭", "peng", 5),
    ("曾", "zeng", 4),
    ("肖", "xiao", 4),
    ("田", "tian", 4),
    ("董", "dong", 4),
    ("袁", "yuan", 4),
    ("潘", "pan", 3),
    ("于", "yu", 3),
    ("蒋", "jiang", 3),
    ("蔡", "cai", 3),
    ("杜", "du", 3),
    ("叶", "ye", 3),
    ("程", "cheng", 3),
    ("苏", "su", 3),
    ("魏", "wei", 3),
    ("吕", "lv", 3),
    ("丁", "ding", 2),
    ("任", "ren", 2),
    ("沈", "shen", 2),
    ("欧阳", "ouyang", 1),
    ("司马", "sima", 1),
)
GIVEN_CHARS: tuple[tuple[str, str], ...] = (
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
    ("然", "ran"),
    ("欣", "xin"),
    ("怡", "yi"),
    ("子", "zi"),
    ("梓", "zi"),
    ("涵", "han"),
    ("轩", "xuan"),
    ("博", "bo"),
    ("思", "si"),
    ("雨", "yu"),
    ("佳", "jia"),
    ("婷", "ting"),
    ("鑫", "xin"),
    ("琳", "lin"),
    ("晓", "xiao"),
    ("红", "hong"),
    ("海", "hai"),
    ("燕", "yan"),
    ("波", "bo"),
    ("斌", "bin"),
    ("宁", "ning"),
    ("凯", "kai"),
    ("鹏", "peng"),
    ("飞", "fei"),
    ("慧", "hui"),
    ("倩", "qian"),
    ("璐", "lu"),
    ("瑶", "yao"),
    ("昊", "hao"),
    ("睿", "rui"),
    ("彤", "tong"),
    ("萱", "xuan"),
    ("铭", "ming"),
    ("嘉", "jia"),
    ("媛", "yuan"),
    ("婧", "jing"),
)
# In GBK but not in GB2312: a decoder that guesses "gb2312" chokes on these names.
RARE_GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("喆", "zhe"),
    ("堃", "kun"),
    ("玥", "yue"),
    ("镕", "rong"),
    ("昇", "sheng"),
    ("璟", "jing"),
    ("珺", "jun"),
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
    "Charles",
    "Karen",
    "Daniel",
    "Emily",
    "Matthew",
    "Olivia",
    "Oliver",
    "Sophie",
    "George",
    "Charlotte",
    "Harry",
    "Amelia",
    "Jack",
    "Grace",
    "Chris",
    "Emma",
    "Andrew",
    "Laura",
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
    "Thomas",
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
    "Roberts",
    "O'Brien",
    "Murphy",
    "Cooper",
    "Ward",
    "Turner",
    "Parker",
)

CN_CITIES = (
    ("北京", "010"),
    ("上海", "021"),
    ("广州", "020"),
    ("深圳", "0755"),
    ("杭州", "0571"),
    ("南京", "025"),
    ("成都", "028"),
    ("武汉", "027"),
    ("苏州", "0512"),
    ("西安", "029"),
    ("天津", "022"),
    ("重庆", "023"),
)
CN_BRANDS = (
    ("星辰", "xingchen"),
    ("华信", "huaxin"),
    ("腾达", "tengda"),
    ("云帆", "yunfan"),
    ("恒通", "hengtong"),
    ("瑞丰", "ruifeng"),
    ("博远", "boyuan"),
    ("中科", "zhongke"),
    ("金桥", "jinqiao"),
    ("宏图", "hongtu"),
    ("新锐", "xinrui"),
    ("天成", "tiancheng"),
    ("鼎盛", "dingsheng"),
    ("汇智", "huizhi"),
    ("启明", "qiming"),
    ("长风", "changfeng"),
    ("远景", "yuanjing"),
    ("卓越", "zhuoyue"),
    ("明德", "mingde"),
    ("海纳", "haina"),
    ("华瑞", "huarui"),
    ("正泰", "zhengtai"),
    ("东方", "dongfang"),
    ("九州", "jiuzhou"),
)
CN_TRADES = (
    ("科技", "tech", "Technology"),
    ("贸易", "trade", "Retail"),
    ("电子", "elec", "Manufacturing"),
    ("网络科技", "net", "Technology"),
    ("信息技术", "it", "Technology"),
    ("医疗器械", "med", "Healthcare"),
    ("物流", "logistics", "Logistics"),
    ("食品", "food", "Food & Beverage"),
    ("机械制造", "machinery", "Manufacturing"),
    ("文化传媒", "media", "Media"),
    ("教育科技", "edu", "Education"),
    ("新能源", "energy", "Energy"),
)
CN_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司")
EN_BRANDS = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Proseware",
    "Blue Yonder",
    "Adventure",
    "Wide World",
    "Summit",
    "Evergreen",
    "Redwood",
    "Silverline",
    "Brightwater",
    "Ironbridge",
    "Harbor",
    "Pinnacle",
    "Crescent",
    "Oakridge",
    "Falcon",
    "Lakeside",
    "Beacon",
    "Granite",
    "Meridian",
)
EN_NOUNS = (
    ("Widgets", "Manufacturing"),
    ("Software", "Technology"),
    ("Logistics", "Logistics"),
    ("Health", "Healthcare"),
    ("Foods", "Food & Beverage"),
    ("Media", "Media"),
    ("Energy", "Energy"),
    ("Capital", "Finance"),
    ("Systems", "Technology"),
    ("Retail", "Retail"),
    ("Learning", "Education"),
    ("Analytics", "Technology"),
    ("Industries", "Manufacturing"),
    ("Partners", "Finance"),
    ("Labs", "Technology"),
)
EN_SUFFIXES = ("Inc.", "Ltd", "LLC", "Corporation", "Group", "plc", "Co.")
EN_CITIES = (
    "London",
    "Manchester",
    "New York",
    "San Francisco",
    "Boston",
    "Chicago",
    "Seattle",
    "Austin",
    "Singapore",
    "Hong Kong",
)

CN_MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "134",
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
    "176",
    "173",
    "199",
    "198",
    "166",
)
US_AREA_CODES = ("212", "415", "617", "312", "206", "512", "303", "404", "646", "213", "702")
CN_PERSONAL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com", "139.com")
EN_PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com")
CN_LEAD_SOURCES = ("官网", "展会", "微信", "电话营销", "客户推荐", "百度推广", "web", "referral")
EN_LEAD_SOURCES = ("web", "referral", "trade_show", "cold_call", "linkedin", "partner")


# --------------------------------------------------------------------------------------------
# The sales team. Activity profiles: ("rate", per working day), ("until", rate, last day),
# ("window", rate before October, exact count inside the 30-day window), ("none",).
# --------------------------------------------------------------------------------------------
Profile = tuple[Any, ...]
USERS: tuple[tuple[str, str, str, str, bool, Profile], ...] = (
    ("U001", "王伟", "wang.wei", "华北销售", True, ("rate", 20.0)),
    ("U002", "李娜", "li.na", "华北销售", True, ("rate", 18.0)),
    ("U003", "张敏", "zhang.min", "华东销售", True, ("rate", 19.0)),
    ("U004", "刘洋", "liu.yang", "华东销售", True, ("rate", 15.0)),
    ("U005", "陈静", "chen.jing", "华南销售", True, ("rate", 16.5)),
    ("U006", "杨磊", "yang.lei", "华南销售", True, ("window", 6.0, 3)),
    ("U007", "黄丽", "huang.li", "大客户部", True, ("rate", 9.0)),
    ("U008", "赵强", "zhao.qiang", "大客户部", True, ("rate", 11.0)),
    ("U009", "吴军", "wu.jun", "华北销售", True, ("rate", 19.0)),
    ("U010", "周杰", "zhou.jie", "华东销售", True, ("rate", 19.0)),
    ("U011", "徐涛", "xu.tao", "华南销售", True, ("window", 4.0, 4)),
    ("U012", "孙秀英", "sun.xiuying", "华东销售", True, ("rate", 12.5)),
    ("U013", "马超", "ma.chao", "华北销售", True, ("rate", 14.0)),
    ("U014", "朱晓红", "zhu.xiaohong", "大客户部", True, ("window", 2.5, 1)),
    ("U015", "胡斌", "hu.bin", "华南销售", True, ("rate", 8.0)),
    ("U016", "郭倩", "guo.qian", "华东销售", True, ("rate", 10.0)),
    ("U017", "林浩", "lin.hao", "华北销售", True, ("until", 7.0, date(2026, 9, 25))),
    ("U018", "Emily Carter", "emily.carter", "International", True, ("rate", 13.0)),
    ("U019", "James Wilson", "james.wilson", "International", True, ("rate", 7.5)),
    ("U020", "何佳", "he.jia", "华南销售", True, ("none",)),
    ("U021", "Sophie Turner", "sophie.turner", "International", True, ("rate", 5.5)),
    ("U022", "高鹏", "gao.peng", "大客户部", True, ("rate", 3.0)),
    ("U023", "罗宁", "luo.ning", "华东销售", False, ("until", 6.0, date(2026, 9, 11))),
    (
        "U024",
        "Daniel King",
        "daniel.king",
        "International",
        False,
        ("until", 4.0, date(2026, 8, 28)),
    ),
    ("U025", "郑慧", "zheng.hui", "华北销售", False, ("none",)),
)
TEAM_DOMAIN = "lanhai-soft.com"
# In the activity log but not on the roster: a deleted account, a test account, an integration.
UNKNOWN_USERS: tuple[tuple[str, Profile], ...] = (
    ("U031", ("until", 5.0, date(2026, 10, 20))),
    ("U099", ("count", 12)),
    ("svc_import", ("logins", 1.0)),
)
ACTIVITY_TYPES = (("call", 35), ("email", 33), ("meeting", 10), ("login", 22))
ACTIVITY_NOTES = {
    "call": (
        "电话沟通报价",
        "客户要求下周回访",
        "确认采购需求",
        "未接通",
        "Discussed renewal terms",
        "Left voicemail",
        "跟进合同细节",
        "Follow-up on pricing",
    ),
    "email": (
        "发送产品资料",
        "发送报价单",
        "Sent proposal",
        "Sent case study",
        "回复技术问题",
        "Invoice reminder",
    ),
    "meeting": ("上门拜访", "产品演示", "Demo with procurement", "季度业务回顾", "Onsite workshop"),
}
FEEDBACK_COMMENTS_CN = (
    "服务很好，响应及时",
    "产品稳定，价格偏高",
    "希望增加移动端功能",
    "售后响应太慢了",
    "实施顾问很专业",
    "报表导出经常出错，请尽快修复",
    "整体满意",
    "培训资料不够详细",
    "客服态度好，问题解决得快",
    "系统偶尔卡顿",
)
FEEDBACK_COMMENTS_EN = (
    "Great support, quick response",
    "Too expensive for what it does",
    "Onboarding took longer than expected",
    "Love the new dashboard",
    'The "export to Excel" button is broken',
    "Works fine, no complaints",
    "Please add SSO, we need it for compliance",
    "Support was slow, but helpful",
)
FEEDBACK_MULTILINE = (
    "整体不错。\n但是导入数据时经常报错，\n希望改进。",
    "Good product.\nBilling was confusing, though.",
)


@dataclass
class Account:
    """One row of the Accounts sheet, plus the language and e-mail domain used for contacts."""

    id: str
    name: str
    industry: str | None
    city: str
    owner_id: str
    annual_revenue: float | None
    created_at: datetime
    updated_at: datetime
    chinese: bool
    domain: str


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def weighted(rng: random.Random, items: tuple[tuple[Any, int], ...]) -> Any:
    """Pick the first element of one of `items`, weighted by the second."""
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items], k=1)[0]


def random_day(
    rng: random.Random, first: date, last: date, avoid: tuple[date, date] | None = None
) -> date:
    """A uniformly random day in [first, last], never inside the closed range `avoid`."""
    while True:
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        if avoid is None or not avoid[0] <= day <= avoid[1]:
            return day


def office_time(rng: random.Random, day: date) -> datetime:
    """A random moment between 08:00 and 20:59:59 on `day`."""
    return datetime(
        day.year, day.month, day.day, rng.randint(8, 20), rng.randint(0, 59), rng.randint(0, 59)
    )


def fmt_mixed(rng: random.Random, moment: datetime, date_only_share: float = 0.3) -> str:
    """A timestamp as `2026-10-03 14:22:05`, or as `2026-10-03` for a share of the rows."""
    return moment.strftime(DATE_FORMAT if rng.random() < date_only_share else TS_FORMAT)


def is_valid_phone(value: str) -> bool:
    """libphonenumber's verdict for `value` read with default region CN."""
    import phonenumbers

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, "CN")))
    except phonenumbers.NumberParseException:
        return False


def is_valid_email(value: str) -> bool:
    """email_validator's syntax verdict (no DNS) for `value`."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def is_missing(value: str | None) -> bool:
    """Missing means absent, empty, or only whitespace (Python's str.strip, incl. U+3000)."""
    return value is None or value.strip() == ""


def parse_ts(value: str) -> datetime | None:
    """Parse `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (after trimming); None if neither fits."""
    text = value.strip()
    for pattern in (TS_FORMAT, DATE_FORMAT):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------
def cn_mobile(rng: random.Random) -> tuple[str, str]:
    """A valid CN mobile as (digits, formatted in one of the usual export styles)."""
    digits = rng.choice(CN_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
    style = rng.random()
    if style < 0.5:
        text = digits
    elif style < 0.7:
        text = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    elif style < 0.9:
        text = f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
    else:
        text = f"+86{digits}"
    return digits, text


def cn_landline(rng: random.Random, area: str) -> str:
    """A valid CN landline such as `010-62345678` or `0755-86001234`."""
    while True:
        local = str(rng.choice((5, 6, 8))) + f"{rng.randint(0, 9_999_999):07d}"
        text = f"{area}-{local}" if rng.random() < 0.85 else f"({area}){local}"
        if is_valid_phone(text):
            return text


def foreign_phone(rng: random.Random) -> str:
    """A valid US or UK number in international format."""
    while True:
        kind = rng.random()
        if kind < 0.55:
            area = rng.choice(US_AREA_CODES)
            exchange = rng.randint(201, 989)
            line = rng.randint(0, 9999)
            if exchange == 555 or exchange % 100 == 11:
                continue
            text = (
                f"+1 {area}-{exchange}-{line:04d}"
                if rng.random() < 0.6
                else f"+1 ({area}) {exchange}-{line:04d}"
            )
        elif kind < 0.8:
            head = f"{rng.choice((3, 7, 8))}{rng.randint(0, 999):03d}"
            text = f"+44 20 {head} {rng.randint(0, 9999):04d}"
        else:
            text = f"+44 7{rng.randint(400, 999)} {rng.randint(0, 999_999):06d}"
        if is_valid_phone(text):
            return text


def invalid_phone(rng: random.Random, kind: str) -> str:
    """An invalid number of the given kind: `10digits`, `5digits` or `12digits`."""
    while True:
        digits = rng.choice(CN_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
        if kind == "10digits":
            text = digits[:10]
        elif kind == "12digits":
            text = digits + str(rng.randint(0, 9))
        else:
            text = f"{rng.randint(10_000, 99_999)}"
        if not is_valid_phone(text):
            return text


def make_users() -> list[dict[str, str]]:
    """The roster rows, as written to users.csv."""
    return [
        {
            "id": uid,
            "name": name,
            "email": f"{local}@{TEAM_DOMAIN}",
            "team": team,
            "active": "true" if active else "false",
        }
        for uid, name, local, team, active, _profile in USERS
    ]


def near_duplicate_name(kind: str, name: str) -> str:
    """A variant of a company name that a person would call the same company."""
    if kind == "suffix":  # 有限公司 <-> 有限责任公司 / 股份有限公司
        for old, new in (
            ("股份有限公司", "有限公司"),
            ("有限责任公司", "有限公司"),
            ("有限公司", "有限责任公司"),
        ):
            if name.endswith(old):
                return name[: -len(old)] + new
    if kind == "short":  # the legal suffix left off
        for old in ("股份有限公司", "有限责任公司", "有限公司"):
            if name.endswith(old):
                return name[: -len(old)]
    if kind == "city":  # drop the city prefix, as people do when typing
        return name[3:] if name.startswith("深圳市") else name[2:]
    if kind == "upper":
        return name.upper().replace(" INC.", ", Inc.")
    if kind == "suffix_en":
        for old, new in (
            (" Corporation", " Corp."),
            (" Ltd", " Limited"),
            (" LLC", " L.L.C."),
            (" Inc.", " Incorporated"),
            (" Group", " Grp"),
            (" plc", " PLC"),
            (" Co.", " Company"),
        ):
            if name.endswith(old):
                return name[: -len(old)] + new
    return name + " "


def make_accounts(
    rng: random.Random,
) -> tuple[list[Account], list[tuple[str, str]], dict[str, int]]:
    """~400 accounts, 60% Chinese, with near-duplicate name pairs and revenue/industry defects.

    Returns the accounts, the near-duplicate (id, id) pairs, and the construction counts.
    """
    roster = [u[0] for u in USERS]
    names: set[str] = set()
    cores: set[tuple[str, ...]] = set()  # unique without the legal suffix, so variants are new
    accounts: list[Account] = []
    pairs: list[tuple[str, str]] = []
    # Originals at these indices get a near-duplicate right after them (fuzzy matching bait).
    near_dupes = {
        17: "suffix",
        61: "short",
        105: "city",
        251: "upper",
        289: "suffix_en",
        352: "trailing_space",
    }
    variant_of: dict[int, int] = {}
    for idx in range(N_ACCOUNTS):
        chinese = idx < 240
        if idx - 1 in near_dupes:
            variant_of[idx] = idx - 1
        if idx in variant_of:
            base = accounts[variant_of[idx]]
            name = near_duplicate_name(near_dupes[idx - 1], base.name)
            if name == base.name or name in names:
                raise AssertionError(f"near-duplicate of {base.name!r} is not new: {name!r}")
            chinese = base.chinese
            industry, city, domain = base.industry, base.city, base.domain
        elif chinese:
            while True:
                city_name, _area = rng.choice(CN_CITIES)
                brand, brand_py = rng.choice(CN_BRANDS)
                trade, trade_py, industry = rng.choice(CN_TRADES)
                prefix = city_name + ("市" if city_name == "深圳" and rng.random() < 0.5 else "")
                name = f"{prefix}{brand}{trade}{rng.choice(CN_SUFFIXES)}"
                if (city_name, brand, trade) not in cores:
                    cores.add((city_name, brand, trade))
                    break
            city = city_name
            domain = f"{brand_py}-{trade_py}.{rng.choice(('com', 'com.cn', 'cn'))}"
        else:
            while True:
                brand = rng.choice(EN_BRANDS)
                noun, industry = rng.choice(EN_NOUNS)
                name = f"{brand} {noun} {rng.choice(EN_SUFFIXES)}"
                if (brand, noun) not in cores:
                    cores.add((brand, noun))
                    break
            city = rng.choice(EN_CITIES)
            domain = (brand + noun).lower().replace(" ", "") + ".com"
        names.add(name)
        updated_day = (
            random_day(rng, date(2024, 1, 1), date(2026, 5, 1))
            if rng.random() < 0.2
            else random_day(rng, STALE_GAP[1] + timedelta(days=1), LAST_RECORD_DAY)
        )
        created_day = max(date(2018, 3, 1), updated_day - timedelta(days=rng.randint(0, 2000)))
        revenue = (
            round(rng.lognormvariate(16.5, 1.4), -3)
            if chinese
            else round(rng.lognormvariate(15.0, 1.3), 2)
        )
        accounts.append(
            Account(
                id=f"ACC-{idx + 1:04d}",
                name=name,
                industry=industry,
                city=city,
                owner_id=rng.choice(roster[:22]),
                annual_revenue=revenue,
                created_at=office_time(rng, created_day),
                updated_at=office_time(rng, updated_day),
                chinese=chinese,
                domain=domain,
            )
        )
        if idx in variant_of:
            pairs.append((accounts[variant_of[idx]].id, accounts[-1].id))
    # Defects: blank industry, missing or negative revenue, owners no longer on the roster.
    order = rng.sample(range(N_ACCOUNTS), N_ACCOUNTS)
    counts = {
        "missing_industry": 27,
        "missing_annual_revenue": 19,
        "negative_annual_revenue": 9,
        "owner_not_in_roster": 3,
    }
    cursor = 0
    for key, count in counts.items():
        for i in order[cursor : cursor + count]:
            acc = accounts[i]
            if key == "missing_industry":
                acc.industry = None
            elif key == "missing_annual_revenue":
                acc.annual_revenue = None
            elif key == "negative_annual_revenue":
                acc.annual_revenue = -1.0 if rng.random() < 0.5 else -abs(acc.annual_revenue or 1)
            else:
                acc.owner_id = "U031"
        cursor += count
    return accounts, pairs, counts


def make_contacts(
    rng: random.Random, accounts: list[Account]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The contact rows (all values as the strings written) and, per row, the defect labels."""
    roster = [u[0] for u in USERS]
    owner_weights = [3 if u[4] else 1 for u in USERS]
    cn_accounts = [a for a in accounts if a.chinese]
    en_accounts = [a for a in accounts if not a.chinese]
    used_emails: set[str] = set()
    surname_items = tuple((s, w) for s, _py, w in SURNAMES)
    surname_py = {s: py for s, py, _w in SURNAMES}
    rows: list[dict[str, str]] = []
    labels: list[dict[str, str]] = []

    def unique_email(local: str, domain: str) -> str:
        candidate = f"{local}@{domain}"
        n = 1
        while candidate.lower() in used_emails:
            n += 1
            candidate = f"{local}{n}@{domain}"
        used_emails.add(candidate.lower())
        return candidate

    for i in range(N_BASE_CONTACTS):
        chinese = rng.random() < 0.6
        roll = rng.random()
        if roll < 0.06:
            account, account_id = None, ""
        elif roll < 0.085:
            account, account_id = None, f"ACC-{rng.randint(401, 460):04d}"
        else:
            pool = cn_accounts if (chinese ^ (rng.random() < 0.08)) else en_accounts
            account = rng.choice(pool)
            account_id = account.id
        if chinese:
            surname = weighted(rng, surname_items)
            chars = [rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2)]
            if rng.random() < 0.012:
                chars[-1] = rng.choice(RARE_GIVEN_CHARS)
            first, last = "".join(c for c, _ in chars), surname
            given_py = "".join(p for _, p in chars)
            style = rng.random()
            if style < 0.12:
                email = unique_email(str(rng.randint(10_000_000, 3_999_999_999)), "qq.com")
            else:
                domain = (
                    account.domain
                    if account is not None and rng.random() < 0.55
                    else rng.choice(CN_PERSONAL_DOMAINS)
                )
                local = (
                    f"{given_py}.{surname_py[surname]}"
                    if style < 0.55
                    else f"{surname_py[surname]}{given_py}"
                    if style < 0.8
                    else f"{surname_py[surname]}.{given_py}"
                )
                email = unique_email(local, domain)
            if rng.random() < 0.85:
                phone = cn_mobile(rng)[1]
            else:
                city = account.city if account is not None and account.chinese else None
                area = dict(CN_CITIES).get(city or "", rng.choice(CN_CITIES)[1])
                phone = cn_landline(rng, area)
            lead_source = rng.choice(CN_LEAD_SOURCES)
        else:
            first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
            plain = last.replace("'", "").lower()
            domain = (
                account.domain
                if account is not None and rng.random() < 0.6
                else rng.choice(EN_PERSONAL_DOMAINS)
            )
            style = rng.random()
            local = (
                f"{first.lower()}.{plain}"
                if style < 0.6
                else f"{first[0].lower()}{plain}"
                if style < 0.85
                else f"{first}.{last.replace(chr(39), '')}"
            )
            email = unique_email(local, domain)
            phone = foreign_phone(rng) if rng.random() < 0.9 else cn_mobile(rng)[1]
            lead_source = rng.choice(EN_LEAD_SOURCES)
        if account is not None:
            company = account.name
            owner = (
                account.owner_id
                if rng.random() < 0.8 and account.owner_id in roster
                else rng.choices(roster, weights=owner_weights, k=1)[0]
            )
        else:
            company = (
                f"{rng.choice(CN_CITIES)[0]}{rng.choice(CN_BRANDS)[0]}"
                f"{rng.choice(CN_TRADES)[0]}有限公司"
                if chinese
                else f"{rng.choice(EN_BRANDS)} {rng.choice(EN_NOUNS)[0]} {rng.choice(EN_SUFFIXES)}"
            )
            owner = rng.choices(roster, weights=owner_weights, k=1)[0]
        stale = rng.random() < 0.15
        updated_day = (
            random_day(rng, date(2023, 1, 1), STALE_GAP[0])
            if stale
            else random_day(rng, STALE_GAP[1], LAST_RECORD_DAY)
        )
        created_day = max(date(2021, 1, 4), updated_day - timedelta(days=rng.randint(0, 1100)))
        created, updated = office_time(rng, created_day), office_time(rng, updated_day)
        if updated < created:
            created, updated = updated, created
        stage = rng.choices(ALLOWED_STAGES, weights=(35, 25, 30, 10), k=1)[0]
        rows.append(
            {
                "id": f"C{i + 1:06d}",
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": phone,
                "company": company,
                "account_id": account_id,
                "owner_id": owner,
                "lifecycle_stage": stage,
                "lead_source": lead_source,
                "created_at": fmt_mixed(rng, created),
                "updated_at": fmt_mixed(rng, updated),
            }
        )
        labels.append(
            {
                "email": "ok",
                "phone": "ok",
                "first_name": "ok",
                "last_name": "ok",
                "company": "ok",
                "lifecycle_stage": "ok",
                "updated_at": "stale" if stale else "fresh",
                "account_id": "empty" if account_id == "" else "ok" if account else "dangling",
            }
        )

    inject_contact_defects(rng, rows, labels)
    add_duplicates(rng, rows, labels)
    return rows, labels


def inject_contact_defects(
    rng: random.Random, rows: list[dict[str, str]], labels: list[dict[str, str]]
) -> None:
    """Overwrite randomly chosen cells with missing/invalid values, recording a label for each.

    Within one column the chosen rows are disjoint, so each cell has exactly one label.
    """
    n = len(rows)

    def pick(column: str, plan: list[tuple[str, int]]) -> list[tuple[str, int]]:
        eligible = [i for i in range(n) if labels[i][column] in ("ok", "stale", "fresh")]
        chosen = rng.sample(eligible, sum(c for _, c in plan))
        out: list[tuple[str, int]] = []
        cursor = 0
        for label, count in plan:
            out.extend((label, i) for i in chosen[cursor : cursor + count])
            cursor += count
        return out

    blanks = {"empty": "", "ws": "   ", "ws_fullwidth": "\u3000"}
    missing_plan = {
        "first_name": [("empty", 19), ("ws", 6), ("ws_fullwidth", 2)],
        "last_name": [("empty", 23), ("ws", 9)],
        "email": [("empty", 88), ("ws", 37), ("ws_fullwidth", 5)],
        "phone": [("empty", 117), ("ws", 29)],
        "company": [("empty", 66), ("ws", 22), ("ws_fullwidth", 4)],
    }
    invalid_plan = {
        "email": [
            ("invalid_no_domain", 21),
            ("invalid_at_word", 17),
            ("invalid_double_at", 16),
            ("invalid_no_dot", 20),
        ],
        "phone": [("invalid_10digits", 38), ("invalid_5digits", 19), ("invalid_12digits", 27)],
    }
    for column, plan in missing_plan.items():
        for label, i in pick(column, plan + invalid_plan.get(column, [])):
            labels[i][column] = label
            if label in blanks:
                rows[i][column] = blanks[label]
            elif column == "email":
                local, _, domain = rows[i]["email"].partition("@")
                rows[i]["email"] = {
                    "invalid_no_domain": f"{local}@",
                    "invalid_at_word": f"{local} at {domain}",
                    "invalid_double_at": f"{local}@@{domain}",
                    "invalid_no_dot": f"{local}@{domain.split('.')[0]}",
                }[label]
            else:
                rows[i]["phone"] = invalid_phone(rng, label.removeprefix("invalid_"))

    stage_plan = [("missing", 29)] + [
        (f"disallowed:{value}", count)
        for value, count in (
            ("Customer ", 33),
            ("客户", 24),
            ("unknown", 14),
            ("Lead", 13),
            ("潜在客户", 9),
        )
    ]
    for label, i in pick("lifecycle_stage", stage_plan):
        labels[i]["lifecycle_stage"] = label
        rows[i]["lifecycle_stage"] = "" if label == "missing" else label.split(":", 1)[1]

    date_plan = [("empty", 38), ("na", 14), ("bad_date", 11), ("zero_date", 6)]
    bad_dates = {
        "empty": "",
        "na": "N/A",
        "bad_date": "2026-13-45",
        "zero_date": "0000-00-00 00:00:00",
    }
    for label, i in pick("updated_at", date_plan):
        labels[i]["updated_at"] = label
        rows[i]["updated_at"] = bad_dates[label]


def add_duplicates(
    rng: random.Random, rows: list[dict[str, str]], labels: list[dict[str, str]]
) -> None:
    """Append copies of contacts whose e-mail differs only in case or surrounding whitespace."""
    candidates = [i for i in range(len(rows)) if labels[i]["email"] == "ok"]
    originals = rng.sample(candidates, N_DUPLICATE_ORIGINALS)
    sources = originals + rng.sample(originals, N_TRIPLICATES)
    kinds = ["dup_exact"] * 16 + ["dup_case"] * 16 + ["dup_ws"] * 16
    rng.shuffle(kinds)
    for kind, src in zip(kinds, sources, strict=True):
        row = dict(rows[src])
        email = row["email"]
        if kind == "dup_case":
            row["email"] = email.upper() if rng.random() < 0.5 else email.title()
            if row["email"] == email:
                row["email"] = email.upper()
        elif kind == "dup_ws":
            row["email"] = rng.choice((f" {email}", f"{email} ", f"  {email}  "))
        row["id"] = f"C{len(rows) + 1:06d}"
        label = dict(labels[src])
        label["email"] = kind
        rows.append(row)
        labels.append(label)


def activity_days(profile: Profile, rng: random.Random) -> list[datetime]:
    """The activity timestamps of one user over the 120 days before 2026-11-01."""
    first = AS_OF - timedelta(days=120)  # 2026-07-04
    moments: list[datetime] = []
    kind = profile[0]
    if kind == "none":
        return moments
    if kind == "count":
        return sorted(
            office_time(rng, random_day(rng, first, LAST_RECORD_DAY, GOLDEN_WEEK))
            for _ in range(profile[1])
        )
    day = first
    while day <= LAST_RECORD_DAY:
        if GOLDEN_WEEK[0] <= day <= GOLDEN_WEEK[1]:
            day += timedelta(days=1)
            continue
        if kind == "logins":
            rate = profile[1]
        else:
            rate = profile[1] * (0.08 if day.weekday() >= 5 else 1.0)
            if (kind == "until" and day > profile[2]) or (
                kind == "window" and day >= GOLDEN_WEEK[0]
            ):
                rate = 0.0
        for _ in range(poisson(rng, rate)):
            moments.append(office_time(rng, day))
        day += timedelta(days=1)
    if kind == "window":
        slots = (date(2026, 10, 9), date(2026, 10, 14), date(2026, 10, 20), date(2026, 10, 27))
        moments.extend(office_time(rng, slots[k]) for k in range(profile[2]))
    return sorted(moments)


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; `lam` is small here)."""
    if lam <= 0:
        return 0
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def make_activities(rng: random.Random, contact_ids: list[str]) -> list[tuple[Any, ...]]:
    """Rows (id, user_id, contact_id, type, timestamp, notes) sorted by timestamp."""
    raw: list[tuple[datetime, str, str | None, str, str | None]] = []
    profiles = [(u[0], u[5]) for u in USERS] + list(UNKNOWN_USERS)
    for user_id, profile in profiles:
        for moment in activity_days(profile, rng):
            kind = "login" if profile[0] == "logins" else weighted(rng, ACTIVITY_TYPES)
            contact: str | None = None
            note: str | None = None
            if kind != "login":
                contact = (
                    f"C{rng.randint(3100, 3999):06d}"
                    if rng.random() < 0.01
                    else rng.choice(contact_ids)
                )
                note = rng.choice(ACTIVITY_NOTES[kind]) if rng.random() < 0.75 else None
            raw.append((moment, user_id, contact, kind, note))
    raw.sort(key=lambda r: (r[0], r[1]))
    return [
        (n + 1, user, contact, kind, moment.strftime(TS_FORMAT), note)
        for n, (moment, user, contact, kind, note) in enumerate(raw)
    ]


def make_feedback(rng: random.Random, contacts: list[dict[str, str]]) -> list[dict[str, str]]:
    """Feedback rows, mostly from customers, some for contact ids that do not exist."""
    by_stage: dict[str, list[dict[str, str]]] = {}
    for row in contacts:
        by_stage.setdefault(row["lifecycle_stage"], []).append(row)
    customers = by_stage["customer"] + by_stage["churned"]
    rows: list[dict[str, str]] = []
    for _ in range(N_FEEDBACK):
        roll = rng.random()
        if roll < 0.035:
            contact_id, chinese = f"C{rng.randint(3001, 3999):06d}", rng.random() < 0.6
        else:
            contact = rng.choice(customers if roll < 0.8 else contacts)
            contact_id = contact["id"]
            chinese = any("\u4e00" <= ch <= "\u9fff" for ch in contact["last_name"])
        old = rng.random() < 0.35
        day = (
            random_day(rng, date(2026, 1, 5), FEEDBACK_GAP[0])
            if old
            else random_day(rng, FEEDBACK_GAP[1], LAST_RECORD_DAY)
        )
        channel = rng.choices(
            ("survey", "email", "phone", "wechat"), weights=(40, 25, 15, 20 if chinese else 2), k=1
        )[0]
        score = (
            ""
            if rng.random() < 0.12
            else str(rng.choices(range(1, 11), weights=(2, 1, 2, 3, 5, 7, 12, 18, 16, 12), k=1)[0])
        )
        comment_roll = rng.random()
        if comment_roll < 0.3:
            comment = ""
        elif comment_roll < 0.31:
            comment = rng.choice(FEEDBACK_MULTILINE)
        else:
            comment = rng.choice(FEEDBACK_COMMENTS_CN if chinese else FEEDBACK_COMMENTS_EN)
        rows.append(
            {
                "id": "",
                "contact_id": contact_id,
                "channel": channel,
                "submitted_at": office_time(rng, day).strftime(TS_FORMAT),
                "score": score,
                "comment": comment,
            }
        )
    rows.sort(key=lambda r: (r["submitted_at"], r["contact_id"]))
    for n, row in enumerate(rows):
        row["id"] = f"FB{n + 1:05d}"
    return rows


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------
def write_csv(
    path: Path,
    header: tuple[str, ...],
    rows: list[dict[str, str]],
    encoding: str,
    lineterminator: str,
) -> None:
    """Write `rows` as CSV; a character that `encoding` cannot hold raises, never degrades."""
    with path.open("w", encoding=encoding, newline="", errors="strict") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator=lineterminator)
        writer.writeheader()
        writer.writerows(rows)


def write_workbook(path: Path, accounts: list[Account]) -> None:
    """crm.xlsx: a `Notes` cover sheet first, then `Accounts` (dates as real Excel dates)."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties(
        {
            "title": "CRM accounts export",
            "author": "蓝海CRM",
            "created": datetime(2026, 11, 1, 0, 5, 12),
        }
    )
    bold = workbook.add_format({"bold": True})
    stamp = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    money = workbook.add_format({"num_format": "#,##0.00"})
    notes = workbook.add_worksheet("Notes")
    note_rows = (
        ("key", "value"),
        ("导出系统", "蓝海CRM 6.2"),
        ("导出时间", "2026-11-01 00:05:12"),
        ("导出人", "王伟 (U001)"),
        ("范围", "全部客户公司，含已停用"),
        ("说明", "Accounts 工作表为客户公司主数据；金额单位：人民币元"),
    )
    for r, (key, value) in enumerate(note_rows):
        notes.write_string(r, 0, key, bold if r == 0 else None)
        notes.write_string(r, 1, value, bold if r == 0 else None)
    notes.set_column(0, 1, 30)
    sheet = workbook.add_worksheet("Accounts")
    header = (
        "id",
        "name",
        "industry",
        "city",
        "owner_id",
        "annual_revenue",
        "created_at",
        "updated_at",
    )
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, bold)
    for r, acc in enumerate(accounts, start=1):
        sheet.write_string(r, 0, acc.id)
        sheet.write_string(r, 1, acc.name)
        if acc.industry is not None:
            sheet.write_string(r, 2, acc.industry)
        sheet.write_string(r, 3, acc.city)
        sheet.write_string(r, 4, acc.owner_id)
        if acc.annual_revenue is not None:
            sheet.write_number(r, 5, acc.annual_revenue, money)
        sheet.write_datetime(r, 6, acc.created_at, stamp)
        sheet.write_datetime(r, 7, acc.updated_at, stamp)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 5, 16)
    sheet.set_column(6, 7, 20)
    sheet.freeze_panes(1, 0)
    workbook.close()


def write_sqlite(path: Path, rows: list[tuple[Any, ...]]) -> None:
    """crm.sqlite with one table, `activities`."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE TABLE activities (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, "
            "contact_id TEXT, type TEXT NOT NULL, timestamp TEXT NOT NULL, notes TEXT)"
        )
        con.executemany("INSERT INTO activities VALUES (?, ?, ?, ?, ?, ?)", rows)
        con.execute("CREATE INDEX activities_user ON activities (user_id)")
        con.commit()
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# Truth: recomputed from the written files with plain Python
# --------------------------------------------------------------------------------------------
def read_csv(path: Path, encoding: str) -> list[dict[str, str]]:
    """All rows of a CSV file as dicts of strings (empty fields are "")."""
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def age_days(value: str) -> tuple[int, int] | None:
    """Age at AS_OF in whole days by date difference and by floored datetime difference."""
    moment = parse_ts(value)
    if moment is None:
        return None
    by_date = (AS_OF - moment.date()).days
    by_datetime = (AS_OF_DT - moment) // timedelta(days=1)
    return by_date, by_datetime


def recompute_truth(out: Path) -> dict[str, Any]:
    """Count every figure in the written exports; assert figures are window-reading-proof."""
    from openpyxl import load_workbook

    contacts = read_csv(out / "contacts.csv", "gbk")
    users = read_csv(out / "users.csv", "utf-8-sig")
    feedback = read_csv(out / "feedback.csv", "utf-8")
    con = sqlite3.connect(out / "crm.sqlite")
    activities = con.execute(
        "SELECT id, user_id, contact_id, type, timestamp, notes FROM activities"
    ).fetchall()
    con.close()
    workbook = load_workbook(out / "crm.xlsx", read_only=True)
    sheet_names = workbook.sheetnames
    account_rows = list(workbook["Accounts"].iter_rows(values_only=True))
    workbook.close()
    account_header, account_values = account_rows[0], account_rows[1:]
    accounts = [dict(zip(account_header, r, strict=True)) for r in account_values]

    truth: dict[str, Any] = {"as_of": AS_OF.isoformat(), "region": "CN"}

    # ---- contacts --------------------------------------------------------------------------
    n = len(contacts)
    c: dict[str, Any] = {"rows": n, "distinct_ids": len({r["id"] for r in contacts})}
    missing: dict[str, Any] = {}
    for column in CONTACT_COLUMNS:
        values = [r[column] for r in contacts]
        empty = sum(v == "" for v in values)
        ws = sum(v != "" and v.strip() == "" for v in values)
        fullwidth = sum(v != "" and v.strip() == "" and "\u3000" in v for v in values)
        missing[column] = {
            "empty": empty,
            "whitespace_only": ws,
            "whitespace_only_fullwidth_u3000": fullwidth,
            "missing": empty + ws,
            "present": n - empty - ws,
        }
    c["missing"] = missing

    emails = [r["email"] for r in contacts if not is_missing(r["email"])]
    invalid_emails = [e for e in emails if not is_valid_email(e.strip())]
    c["email_validity"] = {
        "checked": len(emails),
        "invalid": len(invalid_emails),
        "valid": len(emails) - len(invalid_emails),
        "with_surrounding_whitespace": sum(e != e.strip() for e in emails),
        "invalid_if_not_trimmed": sum(not is_valid_email(e) for e in emails),
        "invalid_examples": sorted(invalid_emails)[:8],
    }
    phones = [r["phone"] for r in contacts if not is_missing(r["phone"])]
    invalid_phones = [p for p in phones if not is_valid_phone(p.strip())]
    assert sum(not is_valid_phone(p) for p in phones) == len(invalid_phones)
    c["phone_validity"] = {
        "checked": len(phones),
        "invalid": len(invalid_phones),
        "valid": len(phones) - len(invalid_phones),
        "invalid_by_digit_count": dict(
            sorted(
                Counter(f"{sum(ch.isdigit() for ch in p)} digits" for p in invalid_phones).items()
            )
        ),
        "invalid_examples": sorted(set(invalid_phones))[:8],
    }
    stages = [r["lifecycle_stage"] for r in contacts if not is_missing(r["lifecycle_stage"])]
    disallowed = [s for s in stages if s not in ALLOWED_STAGES]
    c["lifecycle_stage_allowed"] = {
        "allowed": list(ALLOWED_STAGES),
        "checked": len(stages),
        "disallowed": len(disallowed),
        "disallowed_by_value": dict(sorted(Counter(disallowed).items())),
        "disallowed_after_trim_and_lowercase": sum(
            s.strip().lower() not in ALLOWED_STAGES for s in stages
        ),
        "whitespace_only_values": sum(
            r["lifecycle_stage"] != "" and is_missing(r["lifecycle_stage"]) for r in contacts
        ),
    }
    keys = [r["email"].strip().lower() for r in contacts if not is_missing(r["email"])]
    key_counts = Counter(keys)
    raw_counts = Counter(r["email"] for r in contacts if not is_missing(r["email"]))
    c["duplicates_email"] = {
        "rows_beyond_first": sum(k - 1 for k in key_counts.values() if k > 1),
        "duplicate_groups": sum(k > 1 for k in key_counts.values()),
        "rows_in_duplicate_groups": sum(k for k in key_counts.values() if k > 1),
        "largest_group": max(key_counts.values()),
        "rows_beyond_first_raw_exact": sum(k - 1 for k in raw_counts.values() if k > 1),
        "rows_with_missing_email_excluded": n - len(keys),
    }
    fresh = stale_old = stale_missing = stale_bad = 0
    bad_values: Counter[str] = Counter()
    for r in contacts:
        value = r["updated_at"]
        if is_missing(value):
            stale_missing += 1
            continue
        ages = age_days(value)
        if ages is None:
            stale_bad += 1
            bad_values[value] += 1
            continue
        by_date, by_datetime = ages
        assert (by_date > STALE_DAYS) == (by_datetime > STALE_DAYS) == (by_datetime >= STALE_DAYS)
        assert by_datetime >= 0, value
        if by_date > STALE_DAYS:
            stale_old += 1
        else:
            fresh += 1
    c["freshness_updated_at"] = {
        "max_age_days": STALE_DAYS,
        "failing": stale_old + stale_missing + stale_bad,
        "older_than_max_age": stale_old,
        "missing": stale_missing,
        "unparseable": stale_bad,
        "unparseable_by_value": dict(sorted(bad_values.items())),
        "passing": fresh,
        "with_time_of_day": sum(
            len(r["updated_at"].strip()) == 19 and parse_ts(r["updated_at"]) is not None
            for r in contacts
        ),
        "date_only": sum(
            len(r["updated_at"].strip()) == 10 and parse_ts(r["updated_at"]) is not None
            for r in contacts
        ),
    }
    account_ids = {a["id"] for a in accounts}
    refs = [r["account_id"] for r in contacts if not is_missing(r["account_id"])]
    dangling = [ref for ref in refs if ref not in account_ids]
    c["account_id_references"] = {
        "missing": n - len(refs),
        "checked": len(refs),
        "dangling": len(dangling),
        "dangling_distinct_values": len(set(dangling)),
    }
    roster_ids = {u["id"] for u in users}
    c["owner_id_references"] = {
        "missing": sum(is_missing(r["owner_id"]) for r in contacts),
        "dangling": sum(r["owner_id"] not in roster_ids for r in contacts),
    }
    c["chinese_name_rows"] = sum(
        any("\u4e00" <= ch <= "\u9fff" for ch in r["last_name"]) for r in contacts
    )
    gb2312_only = 0
    for r in contacts:
        try:
            "".join(r.values()).encode("gb2312")
        except UnicodeEncodeError:
            gb2312_only += 1
    c["rows_not_encodable_in_gb2312"] = gb2312_only
    truth["contacts"] = c

    # ---- accounts --------------------------------------------------------------------------
    revenue = [a["annual_revenue"] for a in accounts]
    account_stale = 0
    for a in accounts:
        updated = a["updated_at"]
        assert isinstance(updated, datetime)
        by_date = (AS_OF - updated.date()).days
        assert (by_date > STALE_DAYS) == ((AS_OF_DT - updated) // timedelta(days=1) > STALE_DAYS)
        account_stale += by_date > STALE_DAYS
    truth["accounts"] = {
        "workbook_sheets_in_order": sheet_names,
        "sheet": "Accounts",
        "rows": len(accounts),
        "distinct_ids": len(account_ids),
        "missing_industry": sum(
            a["industry"] is None or str(a["industry"]).strip() == "" for a in accounts
        ),
        "missing_annual_revenue": sum(v is None for v in revenue),
        "negative_annual_revenue": sum(v is not None and v < 0 for v in revenue),
        "owner_id_not_in_roster": sum(a["owner_id"] not in roster_ids for a in accounts),
        "stale_updated_at_180d": account_stale,
        "distinct_names_exact": len({a["name"] for a in accounts}),
    }

    # ---- users and usage -------------------------------------------------------------------
    window_first = AS_OF - timedelta(days=USAGE_WINDOW_DAYS - 1)  # 2026-10-03
    per_user: Counter[str] = Counter()
    per_user_alt_a: Counter[str] = Counter()  # as_of - 30 days <= ts < as_of + 1 day
    per_user_alt_b: Counter[str] = Counter()  # as_of - 30 days < ts <= as_of
    contact_ids = {r["id"] for r in contacts}
    for _id, user, _contact, _kind, stamp, _notes in activities:
        moment = datetime.strptime(stamp, TS_FORMAT)
        if window_first <= moment.date() <= AS_OF:
            per_user[user] += 1
        if AS_OF_DT - timedelta(days=30) <= moment < AS_OF_DT + timedelta(days=1):
            per_user_alt_a[user] += 1
        if AS_OF_DT - timedelta(days=30) < moment <= AS_OF_DT:
            per_user_alt_b[user] += 1
    assert per_user == per_user_alt_a == per_user_alt_b, "a record lies on a window edge"
    counts = {u["id"]: per_user.get(u["id"], 0) for u in users}
    below = sorted(uid for uid, k in counts.items() if k < USAGE_MIN_ACTIVITIES)
    active = {u["id"] for u in users if u["active"] == "true"}
    log_users = {a[1] for a in activities}
    truth["users"] = {
        "rows": len(users),
        "active_true": len(active),
        "active_false": len(users) - len(active),
        "not_in_activity_log_at_all": sorted(roster_ids - log_users),
    }
    truth["usage"] = {
        "window_dates_inclusive": [window_first.isoformat(), AS_OF.isoformat()],
        "min_activities": USAGE_MIN_ACTIVITIES,
        "users_below_min": len(below),
        "user_ids_below_min": below,
        "active_users_below_min": len([u for u in below if u in active]),
        "active_user_ids_below_min": [u for u in below if u in active],
        "users_with_zero_in_window": sorted(uid for uid, k in counts.items() if k == 0),
        "roster_counts_in_window": counts,
        "activities_in_window_all_users": sum(per_user.values()),
        "unknown_user_ids_in_log": sorted(log_users - roster_ids),
    }
    type_counts = Counter(a[3] for a in activities)
    truth["activities"] = {
        "rows": len(activities),
        "first_timestamp": min(a[4] for a in activities),
        "last_timestamp": max(a[4] for a in activities),
        "by_type": dict(sorted(type_counts.items())),
        "rows_by_unknown_users": sum(a[1] not in roster_ids for a in activities),
        "rows_by_unknown_user_id": dict(
            sorted(Counter(a[1] for a in activities if a[1] not in roster_ids).items())
        ),
        "null_contact_id": sum(a[2] is None for a in activities),
        "dangling_contact_id": sum(
            a[2] is not None and a[2] not in contact_ids for a in activities
        ),
    }

    # ---- feedback --------------------------------------------------------------------------
    fb_first = AS_OF - timedelta(days=FEEDBACK_WINDOW_DAYS - 1)  # 2026-08-04
    covered: set[str] = set()
    covered_alt: set[str] = set()
    old = 0
    for f in feedback:
        moment = datetime.strptime(f["submitted_at"], TS_FORMAT)
        if fb_first <= moment.date() <= AS_OF:
            covered.add(f["contact_id"])
        else:
            old += 1
        if AS_OF_DT - timedelta(days=FEEDBACK_WINDOW_DAYS) <= moment <= AS_OF_DT:
            covered_alt.add(f["contact_id"])
    assert covered == covered_alt, "a feedback row lies on the window edge"
    customers = [r["id"] for r in contacts if r["lifecycle_stage"] == "customer"]
    scores = [f["score"] for f in feedback if f["score"] != ""]
    truth["feedback"] = {
        "rows": len(feedback),
        "unknown_contact_id_rows": sum(f["contact_id"] not in contact_ids for f in feedback),
        "window_dates_inclusive": [fb_first.isoformat(), AS_OF.isoformat()],
        "rows_in_window": len(feedback) - old,
        "rows_older_than_window": old,
        "contacts_with_feedback_in_window": len(covered & contact_ids),
        "contacts_without_feedback_in_window": len(contact_ids - covered),
        "customers": len(customers),
        "customers_without_feedback_in_window": sum(cid not in covered for cid in customers),
        "missing_score": len(feedback) - len(scores),
        "score_out_of_1_10": sum(not 1 <= int(s) <= 10 for s in scores),
        "missing_comment": sum(f["comment"] == "" for f in feedback),
        "multiline_comments": sum("\n" in f["comment"] for f in feedback),
        "by_channel": dict(sorted(Counter(f["channel"] for f in feedback).items())),
    }
    return truth


def construction_counts(
    labels: list[dict[str, str]], activity_rows: list[tuple[Any, ...]]
) -> dict[str, int]:
    """The figures as injected (from the labels), for comparison with the recomputed truth."""

    def count(column: str, *names: str) -> int:
        return sum(lab[column] in names for lab in labels)

    def count_prefix(column: str, prefix: str) -> int:
        return sum(lab[column].startswith(prefix) for lab in labels)

    return {
        "rows": len(labels),
        "missing_email": count("email", "empty", "ws", "ws_fullwidth"),
        "missing_phone": count("phone", "empty", "ws", "ws_fullwidth"),
        "invalid_email": count_prefix("email", "invalid_"),
        "invalid_phone": count_prefix("phone", "invalid_"),
        "disallowed_stage": count_prefix("lifecycle_stage", "disallowed:"),
        "duplicates": count("email", "dup_exact", "dup_case", "dup_ws"),
        "duplicates_raw_exact": count("email", "dup_exact"),
        "stale": count("updated_at", "stale", "empty", "na", "bad_date", "zero_date"),
        "dangling_account": count("account_id", "dangling"),
        "activities": len(activity_rows),
    }


def check_construction(truth: dict[str, Any], built: dict[str, int]) -> None:
    """Fail loudly when a recomputed figure differs from what was injected."""
    c = truth["contacts"]
    pairs = {
        "rows": c["rows"],
        "missing_email": c["missing"]["email"]["missing"],
        "missing_phone": c["missing"]["phone"]["missing"],
        "invalid_email": c["email_validity"]["invalid"],
        "invalid_phone": c["phone_validity"]["invalid"],
        "disallowed_stage": c["lifecycle_stage_allowed"]["disallowed"],
        "duplicates": c["duplicates_email"]["rows_beyond_first"],
        "duplicates_raw_exact": c["duplicates_email"]["rows_beyond_first_raw_exact"],
        "stale": c["freshness_updated_at"]["failing"],
        "dangling_account": c["account_id_references"]["dangling"],
        "activities": truth["activities"]["rows"],
    }
    wrong = {k: (built[k], v) for k, v in pairs.items() if built[k] != v}
    if wrong:
        raise SystemExit(f"construction and recomputation disagree (built, recomputed): {wrong}")
    usage = truth["usage"]
    expected_below = sorted(
        uid
        for uid, *_r, profile in USERS
        if profile[0] in ("none", "until")
        or (profile[0] == "window" and profile[2] < USAGE_MIN_ACTIVITIES)
    )
    if usage["user_ids_below_min"] != expected_below:
        raise SystemExit(f"usage: built {expected_below}, recomputed {usage['user_ids_below_min']}")


# --------------------------------------------------------------------------------------------
# Opportunities: the sales pipeline (its own random stream, so the other exports never change)
# --------------------------------------------------------------------------------------------
N_OPPORTUNITIES = 600
OPP_SEED_OFFSET = 21  # issue 21: the pipeline
OPEN_STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
WON_STAGES = ("Closed Won",)
LOST_STAGES = ("Closed Lost",)
STAGE_LIMITS = {"Prospecting": 30, "Qualification": 45, "Proposal": 60, "Negotiation": 30}
MAX_IDLE_DAYS = 30
OPEN_DEAL_MAX_AGE = 90  # freshness of open deals (updated_at)
WIN_RATE_MIN = 0.2
NPS_MIN = 15
OPPORTUNITY_COLUMNS = (
    "id",
    "name",
    "account_id",
    "owner",
    "stage",
    "amount",
    "close_date",
    "stage_changed_at",
    "last_activity_at",
    "updated_at",
)
UNKNOWN_STAGE_VALUES = ("On Hold", "closed won", "赢单", "")
UNPARSEABLE_DATES = ("TBD", "待定", "next quarter")
# Owners who win rarely (their closed deals are mostly lost): the win-rate rule's targets.
POOR_CLOSERS = ("U004", "U011", "U019")
PRODUCTS = ("CRM 年度订阅", "实施服务", "数据迁移", "培训", "API 扩展包", "Support renewal")


def days_before(days: int) -> date:
    return AS_OF - timedelta(days=days)


def opportunity_date(rng: random.Random, day: date) -> str:
    """A date in one of the forms CRMs export: ISO date, ISO date and time, or YYYY/MM/DD."""
    roll = rng.random()
    if roll < 0.5:
        return day.isoformat()
    if roll < 0.85:
        return office_time(rng, day).strftime(TS_FORMAT)
    return day.strftime("%Y/%m/%d")


def make_opportunities(
    rng: random.Random, accounts: list[Account]
) -> tuple[list[dict[str, str]], Counter[str]]:
    """The deals, with defects injected well away from every boundary (a close date is never
    within 3 days of as_of, a stage age, idle time or update age never within 3 days of its
    limit), and
    the defects counted as injected."""
    owners = [u[0] for u in USERS]
    built: Counter[str] = Counter()
    rows = []
    for number in range(1, N_OPPORTUNITIES + 1):
        owner = rng.choice(owners)
        account = rng.choice(accounts)
        roll = rng.random()
        if roll < 0.6:
            stage = weighted(rng, tuple(zip(OPEN_STAGES, (30, 25, 25, 20), strict=True)))
        elif roll < 0.95:
            win = 0.1 if owner in POOR_CLOSERS else 0.55
            stage = WON_STAGES[0] if rng.random() < win else LOST_STAGES[0]
        else:
            stage = rng.choice(UNKNOWN_STAGE_VALUES)
        is_open = stage in OPEN_STAGES
        written_stage = stage + " " if is_open and rng.random() < 0.05 else stage
        if is_open:
            close = AS_OF + timedelta(days=rng.randint(4, 150))
            since = days_before(rng.randint(1, STAGE_LIMITS[stage] - 4))
            activity = days_before(rng.randint(0, MAX_IDLE_DAYS - 4))
            updated = days_before(rng.randint(0, OPEN_DEAL_MAX_AGE - 4))
        else:
            close = days_before(rng.randint(4, 400))
            since = close
            activity = close - timedelta(days=rng.randint(0, 20))
            updated = close + timedelta(days=rng.randint(0, 3))
        row = {
            "id": f"OPP{number:05d}",
            "name": f"{account.name} · {rng.choice(PRODUCTS)}",
            "account_id": account.id,
            "owner": owner,
            "stage": written_stage,
            "amount": f"{rng.randint(20, 2000) * 500}",
            "close_date": opportunity_date(rng, close),
            "stage_changed_at": opportunity_date(rng, since),
            "last_activity_at": opportunity_date(rng, activity),
            "updated_at": opportunity_date(rng, updated),
        }
        if not is_open:
            built["unknown_stage"] += stage not in WON_STAGES + LOST_STAGES
        if rng.random() < 0.06:
            row["account_id"] = ""
            built["won_without_account"] += stage in WON_STAGES
        if is_open:
            defect = rng.random()
            if defect < 0.10:
                row["close_date"] = opportunity_date(rng, days_before(rng.randint(4, 200)))
                built["past_close_date"] += 1
            elif defect < 0.13:
                row["close_date"] = ""
                built["past_close_date"] += 1
            elif defect < 0.15:
                row["close_date"] = rng.choice(UNPARSEABLE_DATES)
                built["past_close_date"] += 1
            defect = rng.random()
            if defect < 0.12:
                age = STAGE_LIMITS[stage] + rng.randint(4, 200)
                row["stage_changed_at"] = opportunity_date(rng, days_before(age))
                built["stuck"] += 1
            elif defect < 0.15:
                row["stage_changed_at"] = ""
                built["stuck"] += 1
            defect = rng.random()
            if defect < 0.12:
                idle_days = MAX_IDLE_DAYS + rng.randint(4, 300)
                if abs(idle_days - OPEN_DEAL_MAX_AGE) <= 3:  # keep clear of the 90d edge too
                    idle_days += 7
                idle = days_before(idle_days)
                row["last_activity_at"] = opportunity_date(rng, idle)
                row["updated_at"] = opportunity_date(rng, idle)
                built["idle"] += 1
                built["stale_open"] += (AS_OF - idle).days > OPEN_DEAL_MAX_AGE
            elif defect < 0.15:
                row["last_activity_at"] = ""
                built["idle"] += 1
            if rng.random() < 0.10:
                row["amount"] = rng.choice(("", "0", "-500", "n/a", "  "))
                built["no_amount"] += stage != OPEN_STAGES[0]
        rows.append(row)
    return rows, built


def _read_day(value: str) -> date | None:
    """The calendar date of an opportunity date as written (the three written forms)."""
    text = value.strip()
    for fmt in (DATE_FORMAT, TS_FORMAT, "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _amount(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


def recompute_opportunities(path: Path) -> dict[str, Any]:
    """Every pipeline figure, recounted from the written CSV with plain Python."""
    rows = read_csv(path, "utf-8")
    known = OPEN_STAGES + WON_STAGES + LOST_STAGES
    open_rows = [r for r in rows if r["stage"].strip() in OPEN_STAGES]

    def older(value: str, days: int) -> bool:
        day = _read_day(value)
        return day is None or (AS_OF - day).days > days

    past = sum(1 for r in open_rows if (d := _read_day(r["close_date"])) is None or d < AS_OF)
    stuck = sum(
        1 for r in open_rows if older(r["stage_changed_at"], STAGE_LIMITS[r["stage"].strip()])
    )
    idle = sum(1 for r in open_rows if older(r["last_activity_at"], MAX_IDLE_DAYS))
    no_amount = sum(
        1
        for r in open_rows
        if r["stage"].strip() != OPEN_STAGES[0] and ((a := _amount(r["amount"])) is None or a <= 0)
    )
    stale_open = sum(1 for r in open_rows if older(r["updated_at"], OPEN_DEAL_MAX_AGE))
    unknown = sum(1 for r in rows if r["stage"].strip() not in known)

    def funnel(stages: tuple[str, ...]) -> dict[str, Any]:
        picked = [r for r in rows if r["stage"].strip() in stages]
        total = sum(a for r in picked if (a := _amount(r["amount"])) is not None)
        return {"deals": len(picked), "amount": round(total, 2)}

    won, lost = funnel(WON_STAGES), funnel(LOST_STAGES)
    per_owner: dict[str, list[int]] = {}
    for r in rows:
        stage = r["stage"].strip()
        if stage in WON_STAGES + LOST_STAGES:
            per_owner.setdefault(r["owner"].strip(), []).append(int(stage in WON_STAGES))
    win_rates = {owner: round(sum(v) / len(v), 6) for owner, v in sorted(per_owner.items())}
    won_rows = [r for r in rows if r["stage"].strip() in WON_STAGES]
    return {
        "rows": len(rows),
        "open_deals": len(open_rows),
        "open_deals_in_a_stage_with_an_age_limit": len(open_rows),
        "past_close_date": past,
        "stuck": stuck,
        "idle": idle,
        "no_amount": no_amount,
        "unknown_stage": unknown,
        "unknown_stage_values": dict(
            sorted(Counter(r["stage"] for r in rows if r["stage"].strip() not in known).items())
        ),
        "open_deals_not_updated_in_90_days": stale_open,
        "won_deals": len(won_rows),
        "won_deals_without_account_id": sum(1 for r in won_rows if not r["account_id"].strip()),
        "funnel": {
            "stages": [{"stage": s, **funnel((s,))} for s in OPEN_STAGES],
            "open": funnel(OPEN_STAGES),
            "won": won,
            "lost": lost,
            "win_rate": round(won["deals"] / (won["deals"] + lost["deals"]), 4),
        },
        "win_rate_per_owner": win_rates,
        "owners_below_win_rate_min": sorted(o for o, v in win_rates.items() if v < WIN_RATE_MIN),
    }


def recompute_nps(path: Path) -> dict[str, Any]:
    """NPS per feedback channel from feedback.csv (scores 0-10; promoters 9-10, detractors
    0-6); empty scores are not responses."""
    per_channel: dict[str, list[int]] = {}
    missing = 0
    for r in read_csv(path, "utf-8"):
        score = r["score"].strip()
        if not score:
            missing += 1
            continue
        per_channel.setdefault(r["channel"].strip(), []).append(int(score))

    def nps(scores: list[int]) -> float:
        promoters = sum(1 for s in scores if s >= 9)
        detractors = sum(1 for s in scores if s <= 6)
        return round(100 * (promoters - detractors) / len(scores), 2)

    every = [s for scores in per_channel.values() for s in scores]
    by_channel = {c: nps(s) for c, s in sorted(per_channel.items())}
    return {
        "responses": len(every),
        "missing_scores": missing,
        "nps": nps(every),
        "nps_by_channel": by_channel,
        "channels_below_min": sorted(c for c, v in by_channel.items() if v < NPS_MIN),
    }


def check_opportunity_construction(truth: dict[str, Any], built: Counter[str]) -> None:
    """The recount must equal what was injected."""
    pairs = {
        "past_close_date": truth["past_close_date"],
        "stuck": truth["stuck"],
        "idle": truth["idle"],
        "no_amount": truth["no_amount"],
        "unknown_stage": truth["unknown_stage"],
        "won_without_account": truth["won_deals_without_account_id"],
        "stale_open": truth["open_deals_not_updated_in_90_days"],
    }
    for key, recounted in pairs.items():
        if built[key] != recounted:
            raise SystemExit(f"opportunities {key}: injected {built[key]}, recounted {recounted}")


# --------------------------------------------------------------------------------------------
# Truth documents
# --------------------------------------------------------------------------------------------
def truth_markdown(truth: dict[str, Any]) -> str:
    """TRUTH.md: the definitions and the headline figures (truth.json has every figure)."""
    c, a, u, f = truth["contacts"], truth["accounts"], truth["usage"], truth["feedback"]
    m = c["missing"]
    lines = [
        "# Example exports: the injected defects, counted",
        "",
        "Generated by `python examples/make_examples.py` (seed "
        f"{truth['seed']}). Every figure below was injected on purpose and then recounted from "
        "the written files with plain Python (csv, sqlite3, openpyxl, `phonenumbers`, "
        "`email_validator`), never with crmhealth; the generator stops if the two disagree. "
        "`truth.json` holds these and more figures.",
        "",
        f"As-of date: **{truth['as_of']}**; phone region: **CN**.",
        "",
        "## Files",
        "",
        "| file | what | encoding |",
        "|---|---|---|",
        f"| `exports/contacts.csv` | {c['rows']} contacts, 12 columns | GBK, CRLF, no BOM |",
        f"| `exports/crm.xlsx` | sheets "
        f"{', '.join(f'`{s}`' for s in a['workbook_sheets_in_order'])}"
        f" (`Notes` comes first, so reading the default sheet is wrong); {a['rows']} accounts "
        "| xlsx, real Excel dates |",
        f"| `exports/crm.sqlite` | table `activities`, {truth['activities']['rows']} rows | "
        "SQLite, timestamps as TEXT |",
        f"| `exports/users.csv` | {truth['users']['rows']} users | UTF-8 with BOM, CRLF |",
        f"| `exports/feedback.csv` | {f['rows']} feedback rows (a few multi-line comments) | "
        "UTF-8, LF |",
        "",
        "## Definitions",
        "",
        "- **Missing**: the field is empty or only whitespace by Python's `str.strip()` (this "
        "includes the full-width space U+3000 that Chinese input methods type). Validity, "
        "allowed-value and duplicate figures leave missing values out of both numerator and "
        "denominator.",
        "- **Invalid email**: `email_validator.validate_email(v.strip(), "
        "check_deliverability=False)` raises. Without the strip, the "
        f"{c['email_validity']['with_surrounding_whitespace']} addresses with surrounding spaces "
        f"would fail too ({c['email_validity']['invalid_if_not_trimmed']} invalid).",
        '- **Invalid phone**: `phonenumbers.is_valid_number(phonenumbers.parse(v, "CN"))` is '
        "false or `parse` raises `NumberParseException` (trimming makes no difference).",
        "- **Disallowed lifecycle stage**: a present value not exactly (case- and "
        "space-sensitive) one of `lead, prospect, customer, churned`.",
        "- **Duplicates**: rows beyond the first per key `lower(strip(email))`, rows with a "
        "missing email left out.",
        "- **Stale** (max_age 180d): age = whole days from the `updated_at` date to 2026-11-01, "
        "stale when > 180; missing and unparseable values fail too. Accepted formats are "
        "`2026-10-03 14:22:05` and `2026-10-03`. No `updated_at` falls within 2026-05-02.."
        "2026-05-07, so date and datetime arithmetic, `>` and `>=`, all give the same count.",
        "- **Dangling account_id**: a present `contacts.account_id` not among `Accounts.id`.",
        "- **Usage**: activities (any type, including `login`) per roster user with a timestamp "
        "on a date in 2026-10-03..2026-11-01 inclusive; roster users absent from the log count "
        "0; user ids in the log but not on the roster are not counted as users. The team was on "
        "the National Day holiday 2026-10-01..10-07 and the export ran at 2026-11-01 00:05, so "
        "no activity lies near either edge of the window.",
        "- **Feedback coverage**: contacts (distinct `contacts.id`) with no feedback row whose "
        "`submitted_at` date is in 2026-08-04..2026-11-01 (90 days inclusive); no feedback is "
        "dated 2026-07-31..2026-08-07. Feedback for unknown contact ids covers nobody.",
        "",
        "## Figures",
        "",
        "| figure | value | denominator |",
        "|---|---:|---:|",
        f"| contacts rows | {c['rows']} | |",
        *(
            f"| missing `{col}` (empty + whitespace-only) | {m[col]['missing']} "
            f"({m[col]['empty']} + {m[col]['whitespace_only']}) | {c['rows']} |"
            for col in ("first_name", "last_name", "email", "phone", "company")
        ),
        f"| invalid emails | {c['email_validity']['invalid']} | {c['email_validity']['checked']} |",
        f"| invalid phones | {c['phone_validity']['invalid']} | {c['phone_validity']['checked']} |",
        f"| disallowed lifecycle_stage | {c['lifecycle_stage_allowed']['disallowed']} | "
        f"{c['lifecycle_stage_allowed']['checked']} |",
        f"| duplicate rows beyond the first, lower(strip(email)) | "
        f"{c['duplicates_email']['rows_beyond_first']} "
        f"(in {c['duplicates_email']['duplicate_groups']} groups) | "
        f"{c['rows'] - c['duplicates_email']['rows_with_missing_email_excluded']} |",
        f"| ... of which identical raw strings | "
        f"{c['duplicates_email']['rows_beyond_first_raw_exact']} | |",
        f"| stale updated_at (180d) | {c['freshness_updated_at']['failing']} = "
        f"{c['freshness_updated_at']['older_than_max_age']} old + "
        f"{c['freshness_updated_at']['missing']} missing + "
        f"{c['freshness_updated_at']['unparseable']} unparseable | {c['rows']} |",
        f"| dangling account_id | {c['account_id_references']['dangling']} "
        f"({c['account_id_references']['dangling_distinct_values']} distinct) | "
        f"{c['account_id_references']['checked']} |",
        f"| accounts: missing industry / missing revenue / negative revenue | "
        f"{a['missing_industry']} / {a['missing_annual_revenue']} / "
        f"{a['negative_annual_revenue']} | {a['rows']} |",
        f"| users with < {u['min_activities']} activities in the window | "
        f"{u['users_below_min']} ({', '.join(u['user_ids_below_min'])}) | "
        f"{truth['users']['rows']} |",
        f"| ... of them `active=true` | {u['active_users_below_min']} | "
        f"{truth['users']['active_true']} |",
        f"| contacts without feedback in the 90-day window | "
        f"{f['contacts_without_feedback_in_window']} | {c['distinct_ids']} |",
        f"| customers (stage exactly `customer`) without feedback in the window | "
        f"{f['customers_without_feedback_in_window']} | {f['customers']} |",
        "",
        "Boundary cases on purpose: user U011 has exactly 4 activities in the window (passes "
        "`< 4`); unknown users in the log: "
        f"{', '.join(u['unknown_user_ids_in_log'])}; "
        f"{c['rows_not_encodable_in_gb2312']} contact rows use GBK characters outside GB2312 "
        "(喆 堃 玥 镕 昇 璟 珺), so a `gb2312` decoder fails on this file.",
        "",
    ]
    if "opportunities" in truth:
        lines += opportunities_markdown(truth["opportunities"], truth["satisfaction"])
    return "\n".join(lines)


def opportunities_markdown(o: dict[str, Any], nps: dict[str, Any]) -> list[str]:
    """TRUTH.md's pipeline section."""
    funnel = o["funnel"]
    stages = ", ".join(f"{s['stage']} {s['deals']}" for s in funnel["stages"])
    limits = ", ".join(f"{k} {v}d" for k, v in STAGE_LIMITS.items())
    return [
        "## Pipeline (`exports/opportunities.csv`, UTF-8, LF)",
        "",
        f"{o['rows']} deals; stages `{', '.join(OPEN_STAGES)}` are open (in funnel order), "
        "`Closed Won` won, `Closed Lost` lost, compared after `str.strip()`, case-sensitively. "
        "Dates are written `2026-10-03`, `2026-10-03 14:22:05` or `2026/10/03`; anything else "
        "(empty, `TBD`, `待定`, `next quarter`) is no date. Ages are whole days before "
        f"{AS_OF.isoformat()}. No close date lies within 3 days of as_of and no stage age or "
        "idle time (or an open deal's `updated_at` age) within 3 days of its limit, so `<`/`<=` "
        "readings agree. Generated from its "
        f"own random stream (seed + {OPP_SEED_OFFSET}), so the files above never change.",
        "",
        "| figure | value | denominator |",
        "|---|---:|---:|",
        f"| open deals past their close date (or none) | {o['past_close_date']} | "
        f"{o['open_deals']} |",
        f"| open deals stuck in their stage ({limits}) | {o['stuck']} | {o['open_deals']} |",
        f"| open deals idle > {MAX_IDLE_DAYS} days (or no last activity) | {o['idle']} | "
        f"{o['open_deals']} |",
        f"| open deals past Prospecting without a positive amount | {o['no_amount']} | "
        f"{o['open_deals']} |",
        f"| deals with an unknown stage | {o['unknown_stage']} | {o['rows']} |",
        f"| open deals not updated in {OPEN_DEAL_MAX_AGE} days (or never) | "
        f"{o['open_deals_not_updated_in_90_days']} | {o['open_deals']} |",
        f"| won deals without an account_id | {o['won_deals_without_account_id']} | "
        f"{o['won_deals']} |",
        f"| owners with a win rate below {WIN_RATE_MIN} | "
        f"{len(o['owners_below_win_rate_min'])} ({', '.join(o['owners_below_win_rate_min'])}) | "
        f"{len(o['win_rate_per_owner'])} |",
        f"| feedback channels with NPS below {NPS_MIN} | "
        f"{len(nps['channels_below_min'])} ({', '.join(nps['channels_below_min'])}) | "
        f"{len(nps['nps_by_channel'])} |",
        "",
        f"Funnel: {stages} open deals; won {funnel['won']['deals']}, lost "
        f"{funnel['lost']['deals']}, win rate {funnel['win_rate']}. Overall NPS "
        f"{nps['nps']} over {nps['responses']} scores ({nps['missing_scores']} empty). "
        "Boundary on purpose: U009's win rate is exactly 0.2 (passes `min: 0.2`).",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the exports and the truth files; return a process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE / "exports",
        help="directory for the exports (default: examples/exports)",
    )
    parser.add_argument(
        "--truth-dir",
        type=Path,
        default=HERE,
        help="directory for truth.json and TRUTH.md (default: examples)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    users = make_users()
    accounts, near_duplicate_pairs, account_counts = make_accounts(rng)
    contacts, labels = make_contacts(rng, accounts)
    activities = make_activities(rng, [r["id"] for r in contacts])
    feedback = make_feedback(rng, contacts)

    write_csv(out / "contacts.csv", CONTACT_COLUMNS, contacts, "gbk", "\r\n")
    write_csv(
        out / "users.csv", ("id", "name", "email", "team", "active"), users, "utf-8-sig", "\r\n"
    )
    write_csv(
        out / "feedback.csv",
        ("id", "contact_id", "channel", "submitted_at", "score", "comment"),
        feedback,
        "utf-8",
        "\n",
    )
    write_workbook(out / "crm.xlsx", accounts)
    write_sqlite(out / "crm.sqlite", activities)

    truth = recompute_truth(out)
    check_construction(truth, construction_counts(labels, activities))
    for key, value in account_counts.items():
        recomputed = truth["accounts"][
            "owner_id_not_in_roster" if key == "owner_not_in_roster" else key
        ]
        if value != recomputed:
            raise SystemExit(f"accounts {key}: built {value}, recomputed {recomputed}")
    truth = {"seed": args.seed, **truth}
    # The pipeline comes last, from its own random stream: the exports above never change.
    opportunities, built = make_opportunities(random.Random(args.seed + OPP_SEED_OFFSET), accounts)
    write_csv(out / "opportunities.csv", OPPORTUNITY_COLUMNS, opportunities, "utf-8", "\n")
    truth["opportunities"] = recompute_opportunities(out / "opportunities.csv")
    check_opportunity_construction(truth["opportunities"], built)
    truth["satisfaction"] = recompute_nps(out / "feedback.csv")
    truth["accounts"]["near_duplicate_name_pairs"] = [
        {"ids": list(p), "names": [next(a.name for a in accounts if a.id == i) for i in p]}
        for p in near_duplicate_pairs
    ]
    args.truth_dir.mkdir(parents=True, exist_ok=True)
    (args.truth_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (args.truth_dir / "TRUTH.md").write_text(truth_markdown(truth), encoding="utf-8")
    print(f"wrote {out} and {args.truth_dir / 'truth.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
