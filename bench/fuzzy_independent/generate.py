"""An independent labelled generator of mixed Chinese / English CRM contacts.

Written from the issue's description of the hidden evaluation set only (without reading
``bench/fuzzy/generate.py``, ``bench/fuzzy/pools.py`` or the matcher), as a second opinion
on the fuzzy duplicate check.

Model: every person has one *true profile* (native name, maybe an English alias, a personal
e-mail, a work e-mail, a mobile, an employer with a switchboard). Records are *renderings* of
that profile by a data-entry *channel*; no record is privileged as "the clean one":

* ``badge``  trade-show badge scan: full legal company name, personal e-mail, name as printed
  (sometimes ALL CAPS, sometimes the whole Chinese name in one column), mobile only sometimes.
* ``rep``    typed by a sales rep: nickname / pinyin / English alias, work e-mail, phone typed
  with spaces (or the company switchboard), company shorthand.
* ``import`` spreadsheet import: company without its legal suffix, first/last often swapped,
  phone as bare digits, the odd mistyped digit.
* ``web``    self-registration form: lower-case names, typos, e-mail case / stray spaces.

On top of the channel's habits, independent noise (typos, homophones, traditional characters,
accents stripped, e-mail case, another domain, a mistyped digit, company case / punctuation,
empty fields) is applied per record. Finally an *evidence guard* makes sure every duplicate
record is linked to the rest of its entity by something a careful human could use (the same
e-mail address, the same mobile, or a compatible name at the same company); if not, the
record gets its mobile back.

Hard negatives come from the population itself: names drawn by real frequency (``--pool
small`` keeps only the ~20 commonest surnames and ~40 given names per culture, so namesakes are
everywhere), companies of Zipf-distributed size whose staff share a switchboard and an e-mail
convention, personal e-mail local parts that repeat at different providers (wangwei@163.com vs
wangwei@126.com belong to two people), and rare names (欧阳, 诸葛, Thaddeus) next to common ones.

    python bench/fuzzy_independent/generate.py --people 3000 --seed 0 --out contacts.csv
    python bench/fuzzy_independent/generate.py --people 100000 --pool small --out big.csv

Columns: id, first_name, last_name, email, phone, company, entity_id (truth).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from faker.providers.person.de_DE import Provider as DePerson
from faker.providers.person.en_US import Provider as UsPerson
from faker.providers.person.zh_CN import Provider as ZhPerson
from pypinyin import lazy_pinyin

COLUMNS = ["id", "first_name", "last_name", "email", "phone", "company", "entity_id"]

# ---------------------------------------------------------------------------------------------
# pools
# ---------------------------------------------------------------------------------------------

RARE_CN_SURNAMES = {"诸葛": 0.004, "司马": 0.004, "上官": 0.003, "慕容": 0.002, "东方": 0.003}
SURNAME_PINYIN = {  # heteronyms pypinyin reads the common way
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "翟": "zhai",
    "盖": "ge",
    "覃": "qin",
    "查": "zha",
    "乐": "yue",
    "缪": "miao",
    "区": "ou",
    "种": "chong",
    "秘": "bi",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
}
# characters for composing modern given names (faker's zh_CN list is the older, common set)
GIVEN_CHARS = list(
    "伟芳敏静丽强磊军洋勇艳杰涛明超秀英华红玉梅建国文辉鹏宇浩俊欣婷雪琳晨阳佳怡子涵思雨嘉博"
    "轩晓云海波宁志斌林成飞亮凯慧颖倩琴燕丹玲萍春天新立德永健峰东振昊然泽睿诗梓一可心若瑶璐"
    "蕾晶鑫淑珍凤荣庆光"
)
# homophones / near-homophones an IME produces, and simplified -> traditional variants
HOMOPHONES = {
    "伟": "玮炜",
    "静": "婧靖",
    "丽": "俪莉",
    "军": "君钧",
    "华": "桦",
    "红": "宏虹",
    "杰": "洁",
    "涛": "韬",
    "明": "铭鸣",
    "辉": "晖",
    "鹏": "朋",
    "俊": "骏峻",
    "婷": "亭",
    "琳": "霖",
    "晨": "辰宸",
    "阳": "扬",
    "佳": "嘉",
    "怡": "仪宜",
    "雨": "语",
    "轩": "萱宣",
    "晓": "小",
    "云": "芸",
    "宁": "凝",
    "志": "智",
    "斌": "彬滨",
    "飞": "菲",
    "凯": "恺",
    "慧": "惠蕙",
    "颖": "莹",
    "倩": "茜",
    "琴": "芹",
    "燕": "雁",
    "玲": "灵铃",
    "新": "欣鑫",
    "东": "冬",
    "峰": "锋",
    "振": "震",
    "昊": "浩皓",
    "睿": "瑞",
    "瑶": "遥",
    "璐": "露",
    "鑫": "欣",
    "淑": "舒",
    "珍": "真",
    "荣": "蓉",
    "庆": "青",
    "敏": "民",
    "芳": "方",
    "娜": "那",
    "磊": "雷",
    "洋": "扬",
    "勇": "永",
    "艳": "燕",
    "英": "瑛",
    "兰": "岚",
    "刚": "钢",
    "玉": "钰",
    "梅": "玫",
    "建": "健",
    "文": "雯",
    "浩": "昊",
    "宇": "羽",
    "欣": "馨",
    "子": "梓紫",
    "涵": "晗",
    "思": "斯",
    "博": "波",
    "林": "琳",
    "成": "诚",
    "健": "建",
    "娟": "鹃",
    "霞": "侠",
    "秀": "琇",
    "桂": "贵",
    "凤": "风",
    "平": "萍",
    "强": "蔷",
}
TRADITIONAL = {
    "伟": "偉",
    "静": "靜",
    "丽": "麗",
    "军": "軍",
    "华": "華",
    "红": "紅",
    "国": "國",
    "杰": "傑",
    "涛": "濤",
    "辉": "輝",
    "鹏": "鵬",
    "阳": "陽",
    "晓": "曉",
    "云": "雲",
    "宁": "寧",
    "飞": "飛",
    "凯": "凱",
    "颖": "穎",
    "东": "東",
    "凤": "鳳",
    "荣": "榮",
    "庆": "慶",
    "兰": "蘭",
    "刚": "剛",
    "强": "強",
    "艳": "豔",
    "诗": "詩",
    "泽": "澤",
    "龙": "龍",
    "欢": "歡",
    "帅": "帥",
    "刘": "劉",
    "陈": "陳",
    "张": "張",
    "杨": "楊",
    "黄": "黃",
    "赵": "趙",
    "吴": "吳",
    "孙": "孫",
    "马": "馬",
    "郑": "鄭",
    "罗": "羅",
    "谢": "謝",
    "许": "許",
    "韩": "韓",
    "冯": "馮",
    "邓": "鄧",
    "叶": "葉",
    "苏": "蘇",
    "吕": "呂",
    "卢": "盧",
    "钟": "鍾",
    "谭": "譚",
    "陆": "陸",
    "龚": "龔",
    "钱": "錢",
    "严": "嚴",
    "顾": "顧",
    "贺": "賀",
    "萧": "蕭",
    "欧": "歐",
}
EN_ALIASES = [
    "Kevin",
    "David",
    "Jack",
    "Tony",
    "Leo",
    "Eric",
    "Jason",
    "Vincent",
    "Frank",
    "Alan",
    "Peter",
    "Sunny",
    "Grace",
    "Vivian",
    "Cindy",
    "Amy",
    "Lily",
    "Cathy",
    "Helen",
    "Coco",
    "Jenny",
    "Echo",
    "Iris",
    "Sharon",
    "Ivy",
    "Nina",
    "Bella",
]
NICKNAMES = {
    "William": ["Bill", "Will", "Billy"],
    "Robert": ["Bob", "Rob", "Bobby"],
    "Elizabeth": ["Liz", "Beth", "Betty", "Eliza"],
    "Richard": ["Rick", "Dick", "Rich"],
    "James": ["Jim", "Jimmy", "Jamie"],
    "Michael": ["Mike", "Mikey"],
    "Thomas": ["Tom", "Tommy"],
    "Katherine": ["Kate", "Kathy", "Katie"],
    "Catherine": ["Cathy", "Cat", "Kate"],
    "Jennifer": ["Jen", "Jenny"],
    "Margaret": ["Maggie", "Peggy", "Meg"],
    "Christopher": ["Chris"],
    "Daniel": ["Dan", "Danny"],
    "Joseph": ["Joe", "Joey"],
    "Anthony": ["Tony"],
    "Steven": ["Steve"],
    "Stephen": ["Steve"],
    "Edward": ["Ed", "Ted", "Eddie"],
    "Patricia": ["Pat", "Patty", "Trish"],
    "Susan": ["Sue", "Susie"],
    "Deborah": ["Deb", "Debbie"],
    "Alexander": ["Alex"],
    "Nicholas": ["Nick"],
    "Matthew": ["Matt"],
    "Andrew": ["Andy", "Drew"],
    "Benjamin": ["Ben"],
    "Samuel": ["Sam"],
    "Jonathan": ["Jon"],
    "Timothy": ["Tim"],
    "Kenneth": ["Ken", "Kenny"],
    "Charles": ["Charlie", "Chuck"],
    "Rebecca": ["Becky"],
    "Victoria": ["Vicky", "Tori"],
    "Samantha": ["Sam"],
    "Jessica": ["Jess"],
    "Gregory": ["Greg"],
    "Stephanie": ["Steph"],
    "Christine": ["Chris", "Tina"],
    "Zachary": ["Zach"],
    "Jacqueline": ["Jackie"],
    "Lawrence": ["Larry"],
    "Raymond": ["Ray"],
    "Ronald": ["Ron"],
    "Donald": ["Don"],
    "Douglas": ["Doug"],
    "Gerald": ["Jerry"],
    "Peter": ["Pete"],
    "Abigail": ["Abby"],
    "Kimberly": ["Kim"],
    "Pamela": ["Pam"],
    "Dorothy": ["Dot"],
    "Johannes": ["Hannes"],
    "Wolfgang": ["Wolf"],
    "Alexandra": ["Alex"],
    "Frederick": ["Fred"],
    "José": ["Pepe"],
    "Francisco": ["Paco"],
    "Theodore": ["Ted", "Theo"],
    "Philip": ["Phil"],
}
ACCENTED_FIRST = [
    "José",
    "María",
    "Jesús",
    "Sofía",
    "Andrés",
    "Raúl",
    "Martín",
    "Inés",
    "Zoë",
    "Chloé",
    "Renée",
    "Léa",
    "François",
    "Amélie",
    "Hélène",
    "Jürgen",
    "Jörg",
    "Björn",
]
ACCENTED_LAST = [
    "García",
    "Martínez",
    "Rodríguez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Gómez",
    "Díaz",
    "Muñoz",
    "Peña",
    "Núñez",
    "Müller",
    "Schäfer",
    "Lefèvre",
    "Béranger",
    "Jiménez",
    "Ibáñez",
]

CN_CITIES = [
    "北京",
    "上海",
    "深圳",
    "广州",
    "杭州",
    "成都",
    "武汉",
    "南京",
    "苏州",
    "西安",
    "天津",
    "重庆",
    "厦门",
    "青岛",
    "长沙",
    "合肥",
    "宁波",
    "东莞",
    "郑州",
    "济南",
]
CN_PROVINCES = ["广东", "浙江", "江苏", "山东", "四川", "湖北", "福建", "河南", "安徽", "湖南"]
CN_BRAND_CHARS = list(
    "星辰华信腾飞博远恒通中科天宇金石瑞丰鼎盛海创新联达智源汇众泰安和润东方"
    "光明启航云帆卓越万嘉正力合美锦程宏图永兴伟业"
)
CN_INDUSTRIES = [
    "科技",
    "信息技术",
    "网络科技",
    "电子",
    "贸易",
    "医药",
    "生物科技",
    "物流",
    "文化传媒",
    "新能源",
    "机械",
    "建设工程",
    "食品",
    "企业管理咨询",
    "软件",
    "环保科技",
    "智能制造",
]
CN_INDUSTRY_PINYIN = {
    "科技": "tech",
    "信息技术": "it",
    "网络科技": "net",
    "电子": "elec",
    "软件": "soft",
    "医药": "pharma",
    "物流": "logistics",
    "新能源": "energy",
}
CN_LEGAL = [
    ("有限公司", 0.55),
    ("有限责任公司", 0.18),
    ("股份有限公司", 0.17),
    ("集团有限公司", 0.10),
]
EN_WORDS = [
    "Summit",
    "Pioneer",
    "Redwood",
    "Granite",
    "Apex",
    "Meridian",
    "Harbor",
    "Keystone",
    "Silverline",
    "Evergreen",
    "Blue Ridge",
    "Northstar",
    "Bright Path",
    "Ironwood",
    "Cobalt",
    "Lakeshore",
    "Crescent",
    "Pinnacle",
    "Beacon",
    "Falcon",
    "Sterling",
    "Vertex",
    "Orchard",
    "Atlas",
    "Horizon",
    "Riverbend",
    "Oakmont",
    "Clearwater",
    "Highland",
]
EN_INDUSTRIES = [
    "Logistics",
    "Systems",
    "Analytics",
    "Software",
    "Consulting",
    "Manufacturing",
    "Foods",
    "Health",
    "Energy",
    "Capital",
    "Labs",
    "Networks",
    "Supply",
    "Media",
    "Robotics",
    "Partners",
    "Holdings",
    "Technologies",
    "Solutions",
    "Industries",
]
DE_INDUSTRIES = ["Logistik", "Maschinenbau", "Systeme", "Technik", "Handel", "Software", "Bau"]
# (short form, long form) per country; the canonical form is drawn from either
EN_LEGAL = {
    "us": [
        (("Inc.", "Incorporated"), 0.45),
        (("LLC", "L.L.C."), 0.25),
        (("Corp.", "Corporation"), 0.2),
        (("Co.", "Company"), 0.1),
    ],
    "uk": [(("Ltd", "Limited"), 0.8), (("PLC", "Public Limited Company"), 0.2)],
    "de": [(("GmbH", "GmbH"), 0.85), (("AG", "AG"), 0.15)],
}
CN_PERSONAL_DOMAINS = [
    ("qq.com", 0.34),
    ("163.com", 0.24),
    ("126.com", 0.10),
    ("sina.com", 0.05),
    ("foxmail.com", 0.05),
    ("139.com", 0.04),
    ("hotmail.com", 0.05),
    ("gmail.com", 0.07),
    ("outlook.com", 0.06),
]
EN_PERSONAL_DOMAINS = [
    ("gmail.com", 0.45),
    ("yahoo.com", 0.14),
    ("hotmail.com", 0.10),
    ("outlook.com", 0.15),
    ("icloud.com", 0.10),
    ("aol.com", 0.03),
    ("proton.me", 0.03),
]
CN_MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
CN_AREA = {
    "北京": "10",
    "上海": "21",
    "深圳": "755",
    "广州": "20",
    "杭州": "571",
    "成都": "28",
    "武汉": "27",
    "南京": "25",
    "苏州": "512",
    "西安": "29",
    "天津": "22",
    "重庆": "23",
    "厦门": "592",
    "青岛": "532",
    "长沙": "731",
    "合肥": "551",
    "宁波": "574",
    "东莞": "769",
    "郑州": "371",
    "济南": "531",
}
US_AREA = [
    "212",
    "415",
    "312",
    "617",
    "206",
    "512",
    "303",
    "404",
    "646",
    "213",
    "305",
    "702",
    "773",
    "818",
    "919",
    "503",
]
UK_AREA = ["20", "161", "121", "131", "113", "117"]
DE_AREA = ["30", "40", "89", "69", "221", "711", "211"]
KEYBOARD = {
    c: n
    for c, n in zip(  # noqa: B905 (26 letters, 26 neighbour strings)
        "qwertyuiopasdfghjklzxcvbnm",
        [
            "wa",
            "qes",
            "wrd",
            "etf",
            "ryg",
            "tuh",
            "yij",
            "uok",
            "ipl",
            "ol",
            "qsz",
            "awdx",
            "sefc",
            "drgv",
            "fthb",
            "gyjn",
            "hukm",
            "jil",
            "kop",
            "asx",
            "zdc",
            "xfv",
            "cgb",
            "vhn",
            "bjm",
            "nk",
        ],
    )
}


def weighted(rng: random.Random, items: list[tuple[object, float]]):
    r = rng.random() * sum(w for _, w in items)
    for v, w in items:
        r -= w
        if r <= 0:
            return v
    return items[-1][0]


def zipf_pool(values: list[str], s: float = 1.0) -> list[tuple[str, float]]:
    return [(v, 1.0 / (i + 1) ** s) for i, v in enumerate(values)]


def strip_accents(s: str) -> str:
    s = s.replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def de_translit(s: str) -> str:
    return (
        s.replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("Ä", "Ae")
        .replace("Ö", "Oe")
        .replace("Ü", "Ue")
        .replace("ß", "ss")
    )


def ascii_local(s: str) -> str:
    return "".join(c for c in strip_accents(de_translit(s)).lower() if c.isalnum())


def pinyin(s: str, surname: bool = False) -> str:
    if surname and s in SURNAME_PINYIN:
        return SURNAME_PINYIN[s]
    return "".join(lazy_pinyin(s)).replace("ü", "v")


class Pools:
    """Name pools; ``small`` keeps only the most frequent values (namesakes everywhere)."""

    def __init__(self, small: bool):
        cn_last = list(ZhPerson.last_names.items())
        cn_given_old = list(ZhPerson.first_names)
        us_first = sorted(
            {**UsPerson.first_names_male, **UsPerson.first_names_female}.items(),
            key=lambda kv: -kv[1],
        )
        us_last = list(UsPerson.last_names.items())
        de_first = list(DePerson.first_names_male) + list(DePerson.first_names_female)
        de_last = list(DePerson.last_names)
        self.small = small
        if small:
            self.cn_last = cn_last[:20]
            self.cn_given = zipf_pool(cn_given_old[:40], 0.6)
            self.cn_compose = 0.0
            self.us_first = us_first[:40]
            self.us_last = us_last[:40]
            self.de_first = zipf_pool(de_first[::25][:30], 0.5)
            self.de_last = zipf_pool(de_last[::25][:30], 0.5)
            self.accent_rate = 0.03
        else:
            self.cn_last = cn_last + list(RARE_CN_SURNAMES.items())
            self.cn_given = zipf_pool(cn_given_old, 0.9)
            self.cn_compose = 0.55  # share of modern composed given names
            self.us_first = us_first
            self.us_last = us_last
            self.de_first = zipf_pool(de_first, 0.3)
            self.de_last = zipf_pool(de_last, 0.3)
            self.accent_rate = 0.06
        self.given_chars = zipf_pool(GIVEN_CHARS, 0.5)


# ---------------------------------------------------------------------------------------------
# the true world
# ---------------------------------------------------------------------------------------------


@dataclass
class Company:
    culture: str  # cn, us, uk, de
    core: str  # brand + industry, no place, no legal form
    place: str  # leading city / province ('' for none)
    legal: str  # canonical legal form as registered
    legal_alt: str  # the other spelling of the same legal form (Inc. <-> Incorporated)
    domain: str
    email_style: str
    switchboard: str  # digits incl. country code
    city: str
    used_locals: set[str] = field(default_factory=set)

    @property
    def full(self) -> str:
        if self.culture == "cn":
            return f"{self.place}{self.core}{self.legal}"
        sep = (
            ", "
            if self.legal in ("Inc.", "Incorporated", "LLC")
            and self.culture == "us"
            and len(self.core) % 3 == 0
            else " "
        )
        return f"{self.core}{sep}{self.legal}"


@dataclass
class Person:
    eid: str
    culture: str
    first: str  # given name (cn: characters)
    last: str  # surname
    alias: str  # English name a Chinese person uses at work ('' if none)
    personal_email: str
    work_email: str
    mobile: str  # digits incl. country code
    company: Company
    extension: str


class World:
    def __init__(self, rng: random.Random, pools: Pools, people: int, accounts: str = "moderate"):
        self.rng, self.pools = rng, pools
        self.full_pools = Pools(small=False)
        self.used_personal: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_company: set[str] = set()
        per, expo = {"moderate": (4, 0.6), "heavy": (5, 0.8)}[accounts]
        n_comp = max(20, people // per)
        self.companies = [self._company() for _ in range(n_comp)]
        # Zipf-like company sizes: a few key accounts (top ~3 % of contacts at 3k people, ~0.7 %
        # at 100k), a long tail of one-offs; "heavy": a few huge accounts (~7 % / ~2.7 %)
        self.company_cum = list(itertools.accumulate(1.0 / (i + 1) ** expo for i in range(n_comp)))

    # -- companies ---------------------------------------------------------------------------
    def _company(self) -> Company:
        rng = self.rng
        culture = weighted(rng, [("cn", 0.58), ("us", 0.27), ("uk", 0.08), ("de", 0.07)])
        for _ in range(100):
            if culture == "cn":
                brand = "".join(rng.sample(CN_BRAND_CHARS, 2))
                ind = rng.choice(CN_INDUSTRIES)
                core = brand + ind
                r = rng.random()
                city = rng.choice(CN_CITIES)
                place = (
                    city
                    if r < 0.6
                    else (
                        city + "市" if r < 0.7 else (rng.choice(CN_PROVINCES) if r < 0.85 else "")
                    )
                )
                legal = weighted(rng, CN_LEGAL)
                legal_alt = {
                    "有限公司": "有限责任公司",
                    "有限责任公司": "有限公司",
                    "股份有限公司": "有限公司",
                    "集团有限公司": "集团",
                }[legal]
                dom = pinyin(brand) + (
                    "-" + CN_INDUSTRY_PINYIN[ind]
                    if ind in CN_INDUSTRY_PINYIN and rng.random() < 0.5
                    else ""
                )
                domain = dom + rng.choice([".com", ".com.cn", ".cn", ".com"])
                style = rng.choice(["full", "full", "first.last", "lastf", "en"])
                sw = (
                    "86"
                    + CN_AREA[city]
                    + str(rng.randint(5, 8))
                    + "".join(
                        rng.choices(
                            "0123456789",
                            k=7 if len(CN_AREA[city]) == 2 else 6 + (len(CN_AREA[city]) == 3),
                        )
                    )
                )
            else:
                p = self.full_pools
                if culture == "de":
                    name = weighted(rng, p.de_last)
                    core = f"{name} {rng.choice(DE_INDUSTRIES)}"
                else:
                    r = rng.random()
                    if r < 0.4:
                        core = f"{weighted(rng, p.us_last)} {rng.choice(EN_INDUSTRIES)}"
                    elif r < 0.55:
                        core = f"{weighted(rng, p.us_last)} & {weighted(rng, p.us_last)}"
                    else:
                        core = f"{rng.choice(EN_WORDS)} {rng.choice(EN_INDUSTRIES)}"
                short, long_ = weighted(rng, EN_LEGAL[culture])
                legal, legal_alt = (short, long_) if rng.random() < 0.75 else (long_, short)
                place, city = "", ""
                domain = (
                    ascii_local(core.split(" & ")[0].split()[0] + core.split()[-1][:4])
                    + {"us": ".com", "uk": ".co.uk", "de": ".de"}[culture]
                )
                style = rng.choice(["first.last", "first.last", "flast", "first", "firstl"])
                sw = self._landline(culture)
            key = core + place
            if key not in self.used_company:
                base, n = domain, 1
                while domain in self.used_company:  # another firm has it: acme2.com
                    n += 1
                    head, _, tail = base.partition(".")
                    domain = f"{head}{n}.{tail}"
                self.used_company.update((key, domain))
                break
        else:
            raise RuntimeError("company name pool exhausted")
        return Company(culture, core, place, legal, legal_alt, domain, style, sw, city)

    def _landline(self, culture: str) -> str:
        rng = self.rng
        if culture == "us":
            return (
                "1"
                + rng.choice(US_AREA)
                + str(rng.randint(2, 9))
                + "".join(rng.choices("0123456789", k=6))
            )
        if culture == "uk":
            a = rng.choice(UK_AREA)
            return "44" + a + "".join(rng.choices("0123456789", k=10 - len(a)))
        a = rng.choice(DE_AREA)
        return "49" + a + "".join(rng.choices("0123456789", k=rng.choice([7, 8])))

    def _mobile(self, culture: str) -> str:
        rng = self.rng
        while True:
            if culture == "cn":
                m = "86" + rng.choice(CN_MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=8))
            elif culture == "us":
                m = self._landline("us")
            elif culture == "uk":
                m = "447" + str(rng.randint(4, 9)) + "".join(rng.choices("0123456789", k=8))
            else:
                m = (
                    "491"
                    + rng.choice(["51", "52", "60", "62", "70", "76"])
                    + "".join(rng.choices("0123456789", k=8))
                )
            if m not in self.used_phones:
                self.used_phones.add(m)
                return m

    # -- people ------------------------------------------------------------------------------
    def person(self, eid: str) -> Person:
        rng, p = self.rng, self.pools
        company = self.companies[
            rng.choices(range(len(self.companies)), cum_weights=self.company_cum)[0]
        ]
        # most people work for a company of their culture; Chinese staff at foreign firms too
        culture = company.culture
        if culture != "cn" and rng.random() < 0.15:
            culture = "cn"
        elif culture == "cn" and rng.random() < 0.04:
            culture = "us"
        alias = ""
        if culture == "cn":
            last = weighted(rng, p.cn_last)
            if rng.random() < p.cn_compose:
                k = 1 if rng.random() < 0.3 else 2
                first = "".join(weighted(rng, p.given_chars) for _ in range(k))
            else:
                first = weighted(rng, p.cn_given)
            if rng.random() < 0.12:
                alias = rng.choice(EN_ALIASES)
        elif culture == "de":
            first, last = weighted(rng, p.de_first), weighted(rng, p.de_last)
        else:
            first, last = weighted(rng, p.us_first), weighted(rng, p.us_last)
            if rng.random() < p.accent_rate:
                first = rng.choice(ACCENTED_FIRST)
            if rng.random() < p.accent_rate:
                last = rng.choice(ACCENTED_LAST)
        mobile = self._mobile(culture if culture != "cn" or company.culture == "cn" else "cn")
        person = Person(
            eid,
            culture,
            first,
            last,
            alias,
            "",
            "",
            mobile,
            company,
            str(rng.randint(100, 8999)) if rng.random() < 0.5 else "",
        )
        person.personal_email = self._personal_email(person)
        person.work_email = self._work_email(person)
        return person

    def _roman(self, person: Person) -> tuple[str, str]:
        if person.culture == "cn":
            return pinyin(person.first), pinyin(person.last, surname=True)
        return ascii_local(person.first), ascii_local(person.last)

    def _personal_email(self, person: Person) -> str:
        rng = self.rng
        f, sn = self._roman(person)
        doms = CN_PERSONAL_DOMAINS if person.culture == "cn" else EN_PERSONAL_DOMAINS
        for attempt in range(50):
            dom = weighted(rng, doms)
            if dom == "qq.com" and rng.random() < 0.5:
                local = str(rng.randint(10000, 3999999999))
            elif dom == "139.com":
                local = person.mobile[-11:]
            else:
                if person.culture == "cn":
                    forms = [
                        sn + f,
                        sn + f,
                        sn + "." + f,
                        f + sn,
                        sn + f[0],
                        sn + f + str(rng.randint(60, 99)),
                        sn + f + str(rng.randint(1975, 2005)),
                        f + "_" + sn,
                    ]
                    if person.alias:
                        forms += [person.alias.lower() + sn, person.alias.lower() + "." + sn]
                else:
                    forms = [
                        f + "." + sn,
                        f + sn,
                        f[0] + sn,
                        f + "_" + sn,
                        f + "." + sn + str(rng.randint(1, 99)),
                        f + sn + str(rng.randint(60, 99)),
                        sn + f[0],
                    ]
                local = rng.choice(forms)
                if attempt > 3:
                    local += str(rng.randint(1, 999))
            email = f"{local}@{dom}"
            if email not in self.used_personal:
                self.used_personal.add(email)
                return email
        raise RuntimeError("no free personal e-mail")

    def _work_email(self, person: Person) -> str:
        c = person.company
        f, sn = self._roman(person)
        if person.alias:
            f = person.alias.lower()
        style = c.email_style
        local = {
            "full": sn + f,
            "first.last": f + "." + sn,
            "lastf": sn + f[0],
            "en": f + "." + sn,
            "flast": f[0] + sn,
            "first": f,
            "firstl": f + sn[0],
        }[style]
        base, n = local, 1
        while local in c.used_locals:
            n += 1
            local = f"{base}{n}"
        c.used_locals.add(local)
        return f"{local}@{c.domain}"


# ---------------------------------------------------------------------------------------------
# rendering a record
# ---------------------------------------------------------------------------------------------


@dataclass
class Record:
    first: str = ""
    last: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""
    # what the record carries, for the evidence guard and the statistics
    email_addr: str = ""
    phone_kind: str = ""  # mobile / mobile_typo / switch / ''
    name_kind: str = ""  # native / pinyin / alias / nick
    tags: list[str] = field(default_factory=list)

    @property
    def full_name(self) -> bool:
        """Surname and given name both present (or a whole Chinese name in one column)."""
        one = self.first or self.last
        return bool(self.first and self.last) or (len(one) >= 2 and "whole-name" in self.tags)


def fmt_phone(rng: random.Random, digits: str, style: str, ext: str = "") -> str:
    """Render phone digits (country code included) the way a person would type them."""
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":  # CN mobile
        m = digits[2:]
        a, b, c = m[:3], m[3:7], m[7:]
        options = {
            "spaces": [f"{a} {b} {c}", f"+86 {a} {b} {c}", f"+86 {m}"],
            "digits": [m, m, "86" + m],
            "any": [
                f"{a}-{b}-{c}",
                f"+86 {a} {b} {c}",
                m,
                f"{a} {b} {c}",
                f"+86-{m}",
                f"+86{m}",
                f"0086 {a} {b} {c}",
                f"(+86) {a}-{b}-{c}",
                f"{a}{b} {c}",
            ],
        }[style]
        return rng.choice(options)
    if digits.startswith("86"):  # CN landline
        rest = digits[2:]
        al = 2 if rest[0] in "12" else 3
        area, num = rest[:al], rest[al:]
        h = len(num) // 2
        x = ""
        if ext:
            x = rng.choice([f"-{ext}", f"转{ext}", f" ext. {ext}", f" 分机{ext}"])
        options = {
            "spaces": [f"0{area} {num[:h]} {num[h:]}", f"+86 {area} {num[:h]} {num[h:]}"],
            "digits": [f"0{area}{num}"],
            "any": [f"0{area}-{num}", f"(0{area}) {num}", f"+86-{area}-{num}", f"0{area} {num}"],
        }[style]
        return rng.choice(options) + x
    if digits.startswith("1"):  # NANP
        n = digits[1:]
        a, b, c = n[:3], n[3:6], n[6:]
        x = f" x{ext}" if ext else ""
        options = {
            "spaces": [f"+1 {a} {b} {c}", f"{a} {b} {c}"],
            "digits": [n, "1" + n],
            "any": [
                f"({a}) {b}-{c}",
                f"{a}-{b}-{c}",
                f"+1 ({a}) {b}-{c}",
                f"{a}.{b}.{c}",
                f"+1-{a}-{b}-{c}",
                f"+1 {a} {b} {c}",
            ],
        }[style]
        return rng.choice(options) + x
    cc = digits[:2]  # 44 / 49
    n = digits[2:]
    if cc == "44":
        a, rest = (
            (n[:4], n[4:])
            if n.startswith("7")
            else (n[: 2 if n.startswith("20") else 3], n[2 if n.startswith("20") else 3 :])
        )
    else:
        a, rest = (
            (n[:3], n[3:])
            if n.startswith("1")
            else (
                n[:2] if n[:2] in ("30", "40", "89", "69") else n[:3],
                n[2 if n[:2] in ("30", "40", "89", "69") else 3 :],
            )
        )
    options = {
        "spaces": [f"+{cc} {a} {rest}", f"0{a} {rest}"],
        "digits": [f"0{a}{rest}", f"{cc}{a}{rest}"],
        "any": [
            f"+{cc} {a} {rest}",
            f"0{a} {rest}",
            f"+{cc} (0){a} {rest}",
            f"0{a}-{rest}",
            f"+{cc}{a}{rest}",
            f"00{cc} {a} {rest}",
        ],
    }[style]
    return rng.choice(options)


def mistype(rng: random.Random, digits: str) -> str:
    """One wrong digit in the subscriber part (the last 7 digits)."""
    i = len(digits) - 1 - rng.randrange(7)
    d = rng.choice([c for c in "0123456789" if c != digits[i]])
    return digits[:i] + d + digits[i + 1 :]


def typo(rng: random.Random, s: str) -> str:
    """One keyboard slip in a Latin-script string of at least 4 letters."""
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.random()
    c = s[i]
    if kind < 0.35 and c.lower() in KEYBOARD:
        n = rng.choice(KEYBOARD[c.lower()])
        return s[:i] + (n.upper() if c.isupper() else n) + s[i + 1 :]
    if kind < 0.6:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if kind < 0.85:
        return s[:i] + s[i + 1 :]
    return s[:i] + c + s[i:]


def cn_variant(rng: random.Random, given: str, traditional: bool) -> str:
    idx = [i for i, c in enumerate(given) if (c in TRADITIONAL if traditional else c in HOMOPHONES)]
    if not idx:
        return given
    i = rng.choice(idx)
    c = given[i]
    new = TRADITIONAL[c] if traditional else rng.choice(HOMOPHONES[c])
    return given[:i] + new + given[i + 1 :]


def pinyin_given(rng: random.Random, given: str) -> str:
    syl = [s.replace("ü", "v") for s in lazy_pinyin(given)]
    if len(syl) == 1:
        return syl[0].capitalize()
    return weighted(
        rng,
        [
            ("".join(syl).capitalize(), 0.6),
            (" ".join(s.capitalize() for s in syl), 0.15),
            ("".join(s.capitalize() for s in syl), 0.15),
            ("-".join(s.capitalize() for s in syl), 0.1),
        ],
    )


def company_text(rng: random.Random, c: Company, how: str) -> str:
    """``full``: as registered; ``short``: no legal suffix (the spreadsheet); ``rep``: shorthand."""
    if c.culture == "cn":
        if how == "full":
            r = rng.random()
            if r < 0.75:
                return c.full
            if r < 0.9:
                return f"{c.place}{c.core}{c.legal_alt}"
            return f"{c.core}{c.legal}"  # place dropped
        if how == "short":
            return weighted(rng, [(c.place + c.core, 0.6), (c.core, 0.4)])
        return weighted(
            rng,
            [
                (c.core, 0.45),
                (c.core + "公司", 0.1),
                (c.core + c.legal, 0.2),
                (c.place + c.core, 0.15),
                (c.core[:2] + "集团" if c.legal.startswith("集团") else c.core, 0.1),
            ],
        )
    if how == "full":
        return c.full if rng.random() < 0.7 else f"{c.core} {c.legal_alt}"
    if how == "short":
        return c.core
    return weighted(
        rng,
        [
            (c.core, 0.5),
            (f"{c.core} {c.legal}", 0.2),
            (c.full, 0.2),
            (
                c.core.replace(" & ", " and ")
                if "&" in c.core
                else c.core.split()[0] + " " + c.core.split()[-1],
                0.1,
            ),
        ],
    )


def company_noise(rng: random.Random, s: str, c: Company) -> str:
    if c.culture == "cn":  # case means nothing in Han script: spacing and brackets instead
        if c.place and s.startswith(c.place):
            return rng.choice(
                [
                    c.place + " " + s[len(c.place) :],
                    f"({c.place}){s[len(c.place) :]}",
                    f"（{c.place}）{s[len(c.place) :]}",
                ]
            )
        return rng.choice([s + " ", " " + s, s.replace("有限", " 有限", 1)])
    r = rng.random()
    if r < 0.3:
        return s.upper()
    if r < 0.5:
        return s.lower()
    if r < 0.75:  # punctuation: comma before / after the legal form, dots dropped or added
        if "," in s:
            return s.replace(",", "")
        if s.endswith("."):
            return s[:-1]
        parts = s.rsplit(" ", 1)
        return f"{parts[0]}, {parts[1]}" if len(parts) == 2 else s + "."
    if r < 0.9:  # Chinese: full-width brackets / spaces; Latin: trailing space, double space
        return s + " " if rng.random() < 0.5 else s.replace(" ", "  ", 1)
    return s.replace("&", "and") if "&" in s else strip_accents(de_translit(s))


def render(rng: random.Random, p: Person, channel: str) -> Record:
    rec = Record(tags=[channel])
    c = p.company
    cn = p.culture == "cn"
    # ---- name
    first, last = p.first, p.last
    rec.name_kind = "native"
    if cn:
        roll = rng.random()
        alias_p = {"rep": 0.55, "web": 0.2, "badge": 0.1, "import": 0.15}[channel] if p.alias else 0
        pinyin_p = {"rep": 0.2, "web": 0.1, "badge": 0.15, "import": 0.15}[channel]
        if roll < alias_p:
            first, last = p.alias, pinyin(p.last, surname=True).capitalize()
            rec.name_kind = "alias"
        elif roll < alias_p + pinyin_p:
            first, last = pinyin_given(rng, p.first), pinyin(p.last, surname=True).capitalize()
            if last in ("Lv",) and rng.random() < 0.5:
                last = rng.choice(["Lu", "Lyu"])
            rec.name_kind = "pinyin"
            if rng.random() < 0.3:
                last = last.upper()
    else:
        nick = {"rep": 0.55, "web": 0.3, "badge": 0.25, "import": 0.1}[channel]
        if p.first in NICKNAMES and rng.random() < nick:
            first = rng.choice(NICKNAMES[p.first])
            rec.name_kind = "nick"
    # channel habits on the name
    if channel == "badge":
        if cn and rec.name_kind == "native" and rng.random() < 0.2:
            first, last = "", last + first  # whole name in one column
            rec.tags.append("whole-name")
            if rng.random() < 0.5:
                first, last = last, ""
        elif rng.random() < 0.2:
            first, last = first.upper(), last.upper()
    elif channel == "import":
        if rng.random() < 0.22:
            first, last = last, first
            rec.tags.append("swapped")
        if rng.random() < 0.1:
            first, last = first.upper(), last.upper()
    elif channel == "web":
        if rng.random() < 0.3:
            first, last = first.lower(), last.lower()
        if rng.random() < 0.05:
            first, last = last, first
            rec.tags.append("swapped")
    # independent name noise
    if cn and rec.name_kind == "native":
        if rng.random() < 0.08:
            first = cn_variant(rng, first, traditional=False) if first else first
            last = last if first else cn_variant(rng, last, traditional=False)
            rec.tags.append("homophone")
        if rng.random() < 0.07:
            first = cn_variant(rng, first, traditional=True)
            last = "".join(TRADITIONAL.get(ch, ch) for ch in last) if rng.random() < 0.7 else last
            rec.tags.append("traditional")
    elif not cn or rec.name_kind != "native":
        if rng.random() < {"web": 0.12, "rep": 0.06, "badge": 0.02, "import": 0.04}[channel]:
            if rng.random() < 0.5 and len(first) >= 4:
                first = typo(rng, first)
            else:
                last = typo(rng, last)
            rec.tags.append("typo")
        if any(ord(ch) > 127 for ch in first + last) and not cn and rng.random() < 0.55:
            first, last = (
                (de_translit(first), de_translit(last))
                if p.culture == "de" and rng.random() < 0.5
                else (strip_accents(first), strip_accents(last))
            )
            rec.tags.append("accents")
        if rng.random() < 0.05:
            first, last = first.lower(), last.lower()
    rec.first, rec.last = first, last

    # ---- e-mail
    r = rng.random()
    pe, we = p.personal_email, p.work_email
    addr = {
        "badge": pe if r < 0.72 else (we if r < 0.92 else ""),
        "rep": we if r < 0.78 else (pe if r < 0.9 else ""),
        "import": we if r < 0.45 else (pe if r < 0.88 else ""),
        "web": pe if r < 0.8 else (we if r < 0.95 else ""),
    }[channel]
    rec.email_addr = addr
    email = addr
    if addr and addr == pe and rng.random() < 0.05:  # the same local part at another provider
        local = addr.split("@")[0]
        doms = CN_PERSONAL_DOMAINS if cn else EN_PERSONAL_DOMAINS
        other = [d for d, _ in doms if d != addr.split("@")[1]]
        email = f"{local}@{rng.choice(other)}"
        rec.email_addr = email  # a different address: it only links by its local part
        rec.tags.append("other-domain")
    if email:
        if rng.random() < (0.15 if channel in ("web", "badge") else 0.06):
            local, dom = email.split("@")
            email = weighted(
                rng,
                [
                    (email.upper(), 0.2),
                    (local.capitalize() + "@" + dom, 0.4),
                    (local.title() + "@" + dom.capitalize(), 0.4),
                ],
            )
            rec.tags.append("email-case")
        if rng.random() < 0.05:
            email = rng.choice(
                [" " + email, email + " ", email.replace("@", " @", 1), email.replace("@", "@ ", 1)]
            )
            rec.tags.append("email-space")
    rec.email = email

    # ---- phone
    r = rng.random()
    kind = {
        "badge": "mobile" if r < 0.35 else "",
        "rep": "mobile" if r < 0.72 else ("switch" if r < 0.9 else ""),
        "import": "mobile" if r < 0.75 else ("switch" if r < 0.85 else ""),
        "web": "mobile" if r < 0.85 else "",
    }[channel]
    style = {"badge": "any", "rep": "spaces", "import": "digits", "web": "any"}[channel]
    if kind == "mobile":
        digits = p.mobile
        if rng.random() < {"import": 0.08, "rep": 0.05, "web": 0.04, "badge": 0.03}[channel]:
            digits = mistype(rng, digits)
            kind = "mobile_typo"
            rec.tags.append("phone-typo")
        rec.phone = fmt_phone(rng, digits, style)
    elif kind == "switch":
        rec.phone = fmt_phone(rng, c.switchboard, style, p.extension if rng.random() < 0.5 else "")
        rec.tags.append("switchboard")
    rec.phone_kind = kind

    # ---- company
    r = rng.random()
    if channel == "badge":
        comp = company_text(rng, c, "full")
    elif channel == "import":
        comp = company_text(rng, c, "short") if r < 0.85 else company_text(rng, c, "full")
    elif channel == "rep":
        comp = company_text(rng, c, "rep") if r < 0.9 else ""
    else:
        comp = company_text(rng, c, "rep") if r < 0.8 else ""
    if comp and rng.random() < 0.12:
        comp = company_noise(rng, comp, c)
        rec.tags.append("company-noise")
    rec.company = comp
    return rec


def linked(a: Record, b: Record) -> bool:
    """Would a careful human put a and b together on the fields alone?"""
    if a.email_addr and a.email_addr == b.email_addr:
        return True
    if a.phone_kind == "mobile" and b.phone_kind == "mobile":
        return True
    names_ok = a.name_kind != "alias" and b.name_kind != "alias" and a.full_name and b.full_name
    return bool(
        names_ok
        and a.company
        and b.company
        and (a.phone_kind or a.email_addr)
        and (b.phone_kind or b.email_addr)
    )


def guard(rng: random.Random, p: Person, recs: list[Record]) -> int:
    """Give records their mobile back until every record of the entity is linked to the rest."""
    fixes = 0
    while True:
        seen, stack = {0}, [0]
        while stack:
            i = stack.pop()
            for j in range(len(recs)):
                if j not in seen and linked(recs[i], recs[j]):
                    seen.add(j)
                    stack.append(j)
        if len(seen) == len(recs):
            return fixes
        j = min(set(range(len(recs))) - seen)
        # restore the mobile on j and on one record of the connected part
        for k in (j, rng.choice(sorted(seen))):
            r = recs[k]
            if r.phone_kind != "mobile":
                r.phone = fmt_phone(rng, p.mobile, "any")
                r.phone_kind = "mobile"
                r.tags.append("guard")
                fixes += 1


def drop_fields(rng: random.Random, rec: Record) -> None:
    """Some extra emptiness: a field left blank in ~4 % of records (never the whole name)."""
    if rng.random() < 0.04 and rec.first and rec.last:
        if rng.random() < 0.7:
            rec.first = ""
        else:
            rec.last = ""
    if rng.random() < 0.03 and rec.email and rec.phone:
        rec.email, rec.email_addr = "", ""
    if rng.random() < 0.03 and rec.company and (rec.email or rec.phone):
        rec.company = ""


# ---------------------------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------------------------

RECORDS_PER_PERSON = [(1, 0.52), (2, 0.30), (3, 0.12), (4, 0.04), (5, 0.02)]
CHANNELS = [("badge", 0.33), ("rep", 0.30), ("import", 0.25), ("web", 0.12)]


def generate(
    people: int, seed: int = 0, pool: str = "full", accounts: str = "moderate"
) -> tuple[list[dict], dict]:
    rng = random.Random(f"fuzzy-independent/{seed}/{people}/{pool}/{accounts}")
    world = World(rng, Pools(pool == "small"), people, accounts)
    rows: list[dict] = []
    tags: Counter[str] = Counter()
    fixes = 0
    for n in range(people):
        p = world.person(f"E{n:06d}")
        k = weighted(rng, RECORDS_PER_PERSON)
        chans: list[str] = []
        for _ in range(k):
            avail = [(c, w) for c, w in CHANNELS if c not in chans] or CHANNELS
            chans.append(weighted(rng, avail))
        recs = [render(rng, p, ch) for ch in chans]
        for r in recs:
            drop_fields(rng, r)
        if k > 1:
            fixes += guard(rng, p, recs)
        for r in recs:
            tags.update(r.tags)
            rows.append(
                {
                    "first_name": r.first,
                    "last_name": r.last,
                    "email": r.email,
                    "phone": r.phone,
                    "company": r.company,
                    "entity_id": p.eid,
                    "_tags": " ".join([*r.tags, r.name_kind, r.phone_kind or "no-phone"]),
                }
            )
    rng.shuffle(rows)
    for i, row in enumerate(rows):
        row["id"] = f"R{i + 1:07d}"
    stats = dataset_stats(rows, people)
    stats["perturbation_tags"] = dict(tags.most_common())
    stats["guard_fixes"] = fixes
    stats.update({"seed": seed, "pool": pool, "accounts": accounts})
    return rows, stats


def dataset_stats(rows: list[dict], people: int) -> dict:
    ent = Counter(r["entity_id"] for r in rows)
    names: dict[str, set[str]] = {}
    for r in rows:
        names.setdefault((r["last_name"] + r["first_name"]).strip(), set()).add(r["entity_id"])
    shared = {k: len(v) for k, v in names.items() if k and len(v) > 1}
    return {
        "records": len(rows),
        "people": people,
        "people_with_duplicates": sum(1 for v in ent.values() if v > 1),
        "true_pairs": sum(v * (v - 1) // 2 for v in ent.values()),
        "exact_names_shared_by_several_people": len(shared),
        "top_namesakes": dict(Counter(shared).most_common(8)),
        "empty": {
            c: round(sum(1 for r in rows if not r[c]) / len(rows), 4)
            for c in ("first_name", "last_name", "email", "phone", "company")
        },
    }


def write_csv(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pool", choices=["full", "small"], default="full")
    ap.add_argument(
        "--accounts",
        choices=["moderate", "heavy"],
        default="moderate",
        help="company size skew: heavy = a few key accounts with thousands of contacts",
    )
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--stats", type=Path, help="write generator statistics as JSON here")
    ap.add_argument("--tags", type=Path, help="write id -> channel and perturbation tags here")
    args = ap.parse_args(argv)
    rows, stats = generate(args.people, args.seed, args.pool, args.accounts)
    write_csv(rows, args.out)
    if args.tags:  # what was done to each record, for error analysis (not part of the data set)
        with open(args.tags, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "tags"])
            w.writerows((r["id"], r["_tags"]) for r in rows)
    if args.stats:
        args.stats.write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        json.dumps(
            {k: v for k, v in stats.items() if k != "perturbation_tags"}, ensure_ascii=False
        ),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
