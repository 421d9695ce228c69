"""Labelled CRM contact / organisation CSVs with realistic *shapes*, written independently.

Each record keeps its entity's true identity in ``entity_id``. Five shapes can be switched
off one by one (``--no-SHAPE``) so their effect can be measured apart:

  concentration  a few hundred very common full names (王伟, 李娜, John Smith...) and a couple
                 of hundred big companies holding most contacts, so namesakes at the same
                 company are normal
  handles        a person's records reuse one e-mail handle on several free-mail domains
                 (wang.wei53@163.com / wang.wei53@qq.com); namesakes get other digits
  orgs           organisations listed many times (9-20 records, no person name, same
                 switchboard and address, company written with/without legal forms)
  switchboard    colleagues share the office number, some with an extension
  perturb        typos, nicknames, pinyin vs Han, swapped / merged names, phone formats,
                 missing fields, case and spaces in e-mails, company-name variants

Usage::

    python generate.py --records 5000 --seed 1 --out people.csv
    python generate.py --records 3000 --orgs-only --seed 3 --out orgs.csv
    python generate.py --records 5000 --no-handles --out people_nohandles.csv

Only the standard library is used; the output depends only on the arguments.
"""

from __future__ import annotations

import argparse
import csv
import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "record_id",
    "entity_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "address",
    "city",
    "updated_at",
]

# --------------------------------------------------------------------------- name pools
# Surnames in rough frequency order (the top of the real distribution), with pinyin.
SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("潘", "pan"),
    ("于", "yu"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("余", "yu"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("苏", "su"),
    ("魏", "wei"),
    ("吕", "lv"),
    ("丁", "ding"),
    ("任", "ren"),
    ("沈", "shen"),
    ("姚", "yao"),
    ("卢", "lu"),
    ("姜", "jiang"),
    ("崔", "cui"),
    ("钟", "zhong"),
    ("谭", "tan"),
    ("陆", "lu"),
    ("汪", "wang"),
    ("范", "fan"),
    ("金", "jin"),
]
# Given-name characters with pinyin; the first ones are the most common given names.
GIVEN_CHARS = [
    ("伟", "wei"),
    ("娜", "na"),
    ("芳", "fang"),
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
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("辉", "hui"),
    ("玲", "ling"),
    ("鹏", "peng"),
    ("华", "hua"),
    ("红", "hong"),
    ("飞", "fei"),
    ("鑫", "xin"),
    ("波", "bo"),
    ("斌", "bin"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("健", "jian"),
    ("俊", "jun"),
    ("帆", "fan"),
    ("帅", "shuai"),
    ("旭", "xu"),
    ("宁", "ning"),
    ("龙", "long"),
    ("林", "lin"),
    ("欢", "huan"),
    ("阳", "yang"),
    ("建", "jian"),
    ("国", "guo"),
    ("文", "wen"),
    ("晨", "chen"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("倩", "qian"),
    ("琳", "lin"),
    ("梅", "mei"),
    ("莉", "li"),
    ("慧", "hui"),
    ("颖", "ying"),
    ("佳", "jia"),
    ("志", "zhi"),
    ("海", "hai"),
    ("云", "yun"),
    ("峰", "feng"),
    ("博", "bo"),
    ("子", "zi"),
    ("轩", "xuan"),
    ("怡", "yi"),
    ("欣", "xin"),
    ("晓", "xiao"),
    ("思", "si"),
    ("雨", "yu"),
    ("嘉", "jia"),
    ("家", "jia"),
    ("成", "cheng"),
]
# The very common full given names (one or two characters) used for concentration.
COMMON_GIVEN = [
    "伟",
    "娜",
    "芳",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "秀英",
    "桂英",
    "建华",
    "建国",
    "志强",
]
EXTRA_PINYIN = {"秀": "xiu", "英": "ying", "桂": "gui"}
# Homophone / variant characters: the typo a Chinese IME makes.
HAN_VARIANTS = {
    "伟": "玮",
    "玮": "伟",
    "娜": "纳",
    "芳": "方",
    "敏": "民",
    "静": "晶",
    "丽": "莉",
    "强": "墙",
    "磊": "蕾",
    "军": "君",
    "洋": "阳",
    "勇": "永",
    "艳": "燕",
    "杰": "洁",
    "娟": "鹃",
    "涛": "韬",
    "明": "铭",
    "超": "潮",
    "霞": "侠",
    "平": "萍",
    "刚": "钢",
    "辉": "晖",
    "玲": "铃",
    "鹏": "朋",
    "华": "化",
    "红": "宏",
    "飞": "菲",
    "鑫": "新",
    "宇": "雨",
    "浩": "皓",
    "凯": "恺",
    "健": "建",
    "俊": "峻",
    "旭": "煦",
    "林": "琳",
}

EN_FIRST = [  # (name, nicknames); order ~ frequency
    ("James", ["Jim", "Jimmy"]),
    ("John", ["Jack", "Johnny"]),
    ("Robert", ["Bob", "Rob"]),
    ("Michael", ["Mike"]),
    ("William", ["Bill", "Will"]),
    ("David", ["Dave"]),
    ("Mary", ["Molly"]),
    ("Patricia", ["Pat", "Trish"]),
    ("Jennifer", ["Jen", "Jenny"]),
    ("Linda", []),
    ("Elizabeth", ["Liz", "Beth"]),
    ("Richard", ["Rick", "Dick"]),
    ("Joseph", ["Joe"]),
    ("Thomas", ["Tom"]),
    ("Charles", ["Chuck", "Charlie"]),
    ("Christopher", ["Chris"]),
    ("Daniel", ["Dan", "Danny"]),
    ("Matthew", ["Matt"]),
    ("Anthony", ["Tony"]),
    ("Mark", []),
    ("Susan", ["Sue"]),
    ("Jessica", ["Jess"]),
    ("Sarah", []),
    ("Karen", []),
    ("Nancy", []),
    ("Lisa", []),
    ("Betty", []),
    ("Margaret", ["Maggie", "Peggy"]),
    ("Sandra", ["Sandy"]),
    ("Ashley", []),
    ("Steven", ["Steve"]),
    ("Paul", []),
    ("Andrew", ["Andy", "Drew"]),
    ("Joshua", ["Josh"]),
    ("Kenneth", ["Ken"]),
    ("Kevin", []),
    ("Brian", []),
    ("George", []),
    ("Timothy", ["Tim"]),
    ("Ronald", ["Ron"]),
    ("Edward", ["Ed", "Ted"]),
    ("Jason", []),
    ("Jeffrey", ["Jeff"]),
    ("Ryan", []),
    ("Jacob", ["Jake"]),
    ("Gary", []),
    ("Nicholas", ["Nick"]),
    ("Eric", []),
    ("Jonathan", ["Jon"]),
    ("Stephen", ["Steve"]),
    ("Larry", []),
    ("Justin", []),
    ("Scott", []),
    ("Brandon", []),
    ("Benjamin", ["Ben"]),
    ("Samuel", ["Sam"]),
    ("Gregory", ["Greg"]),
    ("Alexander", ["Alex"]),
    ("Frank", []),
    ("Patrick", ["Pat"]),
    ("Raymond", ["Ray"]),
    ("Jack", []),
    ("Dennis", []),
    ("Jerry", []),
    ("Tyler", []),
    ("Emily", []),
    ("Donna", []),
    ("Michelle", []),
    ("Carol", []),
    ("Amanda", ["Mandy"]),
    ("Melissa", ["Missy"]),
    ("Deborah", ["Debbie", "Deb"]),
    ("Stephanie", ["Steph"]),
    ("Rebecca", ["Becky"]),
    ("Sharon", []),
    ("Laura", []),
    ("Cynthia", ["Cindy"]),
    ("Kathleen", ["Kathy"]),
    ("Amy", []),
    ("Angela", ["Angie"]),
    ("Shirley", []),
    ("Anna", []),
    ("Brenda", []),
    ("Pamela", ["Pam"]),
    ("Emma", []),
    ("Nicole", ["Nikki"]),
    ("Helen", []),
    ("Samantha", ["Sam"]),
    ("Katherine", ["Kate", "Katie"]),
    ("Christine", ["Chris"]),
    ("Debra", ["Deb"]),
    ("Rachel", []),
    ("Catherine", ["Cathy"]),
    ("Carolyn", []),
    ("Janet", []),
    ("Ruth", []),
    ("Maria", []),
    ("Heather", []),
    ("Diane", []),
    ("Virginia", ["Ginny"]),
    ("Julie", []),
    ("Joyce", []),
    ("Victoria", ["Vicky"]),
    ("Olivia", ["Liv"]),
    ("Kelly", []),
    ("Christina", ["Tina"]),
    ("Lauren", []),
    ("Peter", ["Pete"]),
    ("Henry", ["Hank"]),
    ("Lawrence", ["Larry"]),
    ("Walter", ["Walt"]),
]
EN_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gomez",
    "Phillips",
    "Evans",
    "Turner",
    "Diaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutierrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chavez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Alvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jimenez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vasquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernandez",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzman",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Munoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Boyd",
    "Rose",
    "Stone",
    "Salazar",
    "Fox",
    "Warren",
    "Mills",
    "Meyer",
    "Rice",
    "Schmidt",
    "Garza",
    "Daniels",
    "Ferguson",
    "Nichols",
    "Stephens",
    "Soto",
    "Weaver",
    "Ryan",
    "Gardner",
    "Payne",
    "Grant",
    "Dunn",
    "Kelley",
    "Spencer",
    "Hawkins",
    "Arnold",
    "Pierce",
    "Hansen",
    "Peters",
    "Santos",
    "Hart",
    "Bradley",
    "Knight",
    "Elliott",
    "Cunningham",
    "Duncan",
    "Armstrong",
    "Hudson",
    "Carroll",
    "Lane",
    "Riley",
    "Andrews",
    "Ray",
    "Berry",
    "Perkins",
    "Hoffman",
    "Johnston",
    "Matthews",
    "Pena",
    "Richards",
    "Contreras",
    "Willis",
    "Carpenter",
    "Lawrence",
    "Sandoval",
    "Guerrero",
    "George",
    "Chapman",
    "Rios",
    "Estrada",
    "Ortega",
    "Watkins",
    "Greene",
    "Nunez",
    "Wheeler",
    "Valdez",
    "Harper",
    "Burke",
    "Larson",
    "Santiago",
    "Maldonado",
    "Morrison",
    "Franklin",
    "Carlson",
    "Austin",
    "Dominguez",
    "Carr",
    "Lawson",
    "Jacobs",
    "Obrien",
    "Lynch",
    "Singh",
    "Vega",
    "Bishop",
    "Montgomery",
]

# --------------------------------------------------------------------------- company pools
BRAND_CHARS = [
    ("星", "xing"),
    ("辰", "chen"),
    ("华", "hua"),
    ("信", "xin"),
    ("博", "bo"),
    ("远", "yuan"),
    ("天", "tian"),
    ("宇", "yu"),
    ("中", "zhong"),
    ("科", "ke"),
    ("创", "chuang"),
    ("新", "xin"),
    ("东", "dong"),
    ("方", "fang"),
    ("恒", "heng"),
    ("达", "da"),
    ("瑞", "rui"),
    ("泰", "tai"),
    ("金", "jin"),
    ("盛", "sheng"),
    ("鼎", "ding"),
    ("嘉", "jia"),
    ("汇", "hui"),
    ("通", "tong"),
    ("海", "hai"),
    ("润", "run"),
    ("明", "ming"),
    ("德", "de"),
    ("安", "an"),
    ("和", "he"),
    ("联", "lian"),
    ("智", "zhi"),
    ("云", "yun"),
    ("启", "qi"),
    ("航", "hang"),
    ("万", "wan"),
    ("同", "tong"),
    ("弘", "hong"),
    ("耀", "yao"),
    ("凯", "kai"),
    ("宏", "hong"),
    ("腾", "teng"),
    ("峰", "feng"),
    ("晨", "chen"),
    ("光", "guang"),
    ("锦", "jin"),
    ("永", "yong"),
    ("丰", "feng"),
]
CN_INDUSTRIES = [
    ("科技", "Technology"),
    ("信息技术", "Information Technology"),
    ("医药", "Pharmaceutical"),
    ("物流", "Logistics"),
    ("贸易", "Trading"),
    ("电子", "Electronics"),
    ("软件", "Software"),
    ("网络", "Network"),
    ("咨询", "Consulting"),
    ("建设", "Construction"),
    ("能源", "Energy"),
    ("食品", "Food"),
    ("机械", "Machinery"),
    ("传媒", "Media"),
    ("生物", "Biotech"),
]
CN_FORMS = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
EN_BRANDS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Massive",
    "Oscorp",
    "Tyrell",
    "Wonka",
    "Gringotts",
    "Nakatomi",
    "Aperture",
    "Monarch",
    "Pied Piper",
    "Blue Sun",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Litware",
    "Tailspin",
    "Woodgrove",
    "Adatum",
    "Proseware",
    "Lucerne",
    "Margie",
    "Alpine",
    "Summit",
    "Harbor",
    "Cedar",
    "Granite",
    "Silverline",
    "Redwood",
    "Evergreen",
    "Pinnacle",
    "Meridian",
    "Keystone",
    "Sterling",
    "Atlas",
    "Beacon",
    "Crescent",
    "Falcon",
    "Horizon",
    "Ironclad",
    "Juniper",
    "Lakeside",
    "Maple",
    "Nova",
    "Orion",
    "Polaris",
]
EN_INDUSTRIES = [
    "Robotics",
    "Systems",
    "Logistics",
    "Analytics",
    "Pharma",
    "Foods",
    "Energy",
    "Software",
    "Industries",
    "Consulting",
    "Networks",
    "Materials",
    "Capital",
    "Labs",
    "Devices",
    "Solutions",
]
EN_FORMS = [
    "Inc.",
    "LLC",
    "L.L.C.",
    "Ltd.",
    "Co., Ltd.",
    "GmbH",
    "GmbH & Co. KG",
    "S.A.",
    "B.V.",
    "Corp.",
    "AG",
    "S.p.A.",
    "Pty Ltd",
    "PLC",
]

CN_CITIES = [  # city, area code, districts, roads
    (
        "北京",
        "010",
        ["朝阳区", "海淀区", "东城区", "西城区"],
        ["建国路", "中关村大街", "东三环中路", "金融街"],
    ),
    (
        "上海",
        "021",
        ["浦东新区", "徐汇区", "静安区", "黄浦区"],
        ["世纪大道", "南京西路", "淮海中路", "漕溪北路"],
    ),
    ("深圳", "0755", ["南山区", "福田区", "罗湖区"], ["深南大道", "科技园路", "福华路"]),
    ("广州", "020", ["天河区", "越秀区", "海珠区"], ["天河路", "珠江新城花城大道", "环市东路"]),
    ("杭州", "0571", ["西湖区", "滨江区", "上城区"], ["文三路", "江南大道", "庆春路"]),
    ("成都", "028", ["高新区", "锦江区", "武侯区"], ["天府大道", "人民南路", "红星路"]),
    ("南京", "025", ["鼓楼区", "玄武区", "建邺区"], ["中山路", "珠江路", "江东中路"]),
    ("武汉", "027", ["江汉区", "武昌区", "洪山区"], ["解放大道", "中南路", "光谷大道"]),
]
CITY_EN = {
    "北京": "Beijing",
    "上海": "Shanghai",
    "深圳": "Shenzhen",
    "广州": "Guangzhou",
    "杭州": "Hangzhou",
    "成都": "Chengdu",
    "南京": "Nanjing",
    "武汉": "Wuhan",
}
US_CITIES = [  # city, area codes, streets
    ("San Francisco", ["415", "628"], ["Market St", "Mission St", "Howard St", "Folsom St"]),
    ("New York", ["212", "646"], ["Broadway", "Park Ave", "Madison Ave", "W 34th St"]),
    ("Chicago", ["312"], ["Michigan Ave", "Wacker Dr", "LaSalle St"]),
    ("Seattle", ["206"], ["Pine St", "1st Ave", "Union St"]),
    ("Boston", ["617"], ["Boylston St", "State St", "Summer St"]),
]
CN_FREEMAIL = ["163.com", "qq.com", "126.com", "sina.com", "sohu.com", "yeah.net", "139.com"]
EN_FREEMAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com"]
MOBILE_PREFIXES = [
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
    "186",
    "185",
    "188",
    "187",
    "180",
    "181",
    "133",
    "153",
    "177",
    "199",
]


# --------------------------------------------------------------------------- helpers
def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


@dataclass
class Company:
    key: str
    lang: str  # "cn" or "en"
    brand: str
    brand_latin: str
    industry: str
    industry_en: str
    form: str
    city: str
    area: str  # area code (cn) or US area code
    switchboard: str  # digits, national, no country code
    address: str
    address_alt: list[str]
    domain: str
    country: str  # "CN" or "US"
    big: bool = False


@dataclass
class Person:
    eid: str
    lang: str
    given: str  # Han given name (cn) or first name (en)
    surname: str
    given_py: str = ""
    surname_py: str = ""
    nicknames: list[str] = field(default_factory=list)
    company: Company | None = None
    mobile: str = ""  # 11 digits (cn) or 10 digits (us)
    ext: str = ""
    emails: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        self.a = args
        self.r = random.Random(args.seed)
        self.used_handles: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_company_keys: set[str] = set()
        self.rows: list[dict[str, str]] = []
        self.n_entities = 0

    # ---------------------------------------------------------------- identifiers
    def new_eid(self, kind: str) -> str:
        self.n_entities += 1
        return f"{kind}{self.n_entities:07d}"

    def unique_digits(self, make) -> str:
        while True:
            d = make()
            if d not in self.used_phones:
                self.used_phones.add(d)
                return d

    def cn_mobile(self) -> str:
        r = self.r
        return self.unique_digits(
            lambda: r.choice(MOBILE_PREFIXES) + "".join(r.choice(string.digits) for _ in range(8))
        )

    def us_number(self, area: str) -> str:
        r = self.r
        return self.unique_digits(
            lambda: area + str(r.randint(2, 9)) + "".join(r.choice(string.digits) for _ in range(6))
        )

    def cn_landline(self, area: str) -> str:
        r = self.r
        n = 8 if area in ("010", "021", "020", "0755", "0571", "028", "025", "027") else 7
        return self.unique_digits(
            lambda: (
                area + str(r.randint(2, 8)) + "".join(r.choice(string.digits) for _ in range(n - 1))
            )
        )

    # ---------------------------------------------------------------- companies
    def make_company(self, lang: str | None = None) -> Company:
        r = self.r
        lang = lang or ("cn" if r.random() < 0.7 else "en")
        while True:
            if lang == "cn":
                c1, c2 = r.sample(BRAND_CHARS, 2)
                brand, latin = c1[0] + c2[0], (c1[1] + c2[1])
                ind, ind_en = r.choice(CN_INDUSTRIES)
                form = r.choices(CN_FORMS, [6, 3, 1, 1])[0]
            else:
                brand = r.choice(EN_BRANDS)
                latin = brand
                ind = ind_en = r.choice(EN_INDUSTRIES)
                form = r.choice(EN_FORMS)
            city_key = r.randrange(len(CN_CITIES))
            key = f"{lang}|{brand}|{ind}|{city_key}"
            if key not in self.used_company_keys:
                self.used_company_keys.add(key)
                break
        # foreign companies: 60% have their China office (CN phone), 40% a US office
        if lang == "en" and r.random() < 0.4:
            city, areas, streets = r.choice(US_CITIES)
            area = r.choice(areas)
            sb = self.us_number(area)
            num, suite = r.randint(1, 2999), r.randint(1, 40) * 100
            st = r.choice(streets)
            address = f"{num} {st}, Suite {suite}"
            alt = [
                f"{num} {st} Suite {suite}",
                f"{num} {st.replace('St', 'Street').replace('Ave', 'Avenue')}, Ste {suite}",
                f"{num} {st}, #{suite}",
            ]
            country = "US"
            domain = latin.lower().replace(" ", "") + ind_en.lower()[:4] + ".com"
        else:
            city, area, districts, roads = CN_CITIES[city_key]
            sb = self.cn_landline(area)
            d, road, no = r.choice(districts), r.choice(roads), r.randint(1, 999)
            floor = r.randint(2, 40)
            address = f"{city}市{d}{road}{no}号{floor}层"
            alt = [
                f"{d}{road}{no}号{floor}层",
                f"{city}{d}{road}{no}号",
                f"{road}{no}号{floor}楼",
                f"{city}市{d}{road}{no}号 {floor}F",
            ]
            country = "CN"
            domain = latin.lower().replace(" ", "") + (".com.cn" if lang == "cn" else ".cn")
        return Company(
            key=key,
            lang=lang,
            brand=brand,
            brand_latin=latin,
            industry=ind,
            industry_en=ind_en,
            form=form,
            city=city,
            area=area,
            switchboard=sb,
            address=address,
            address_alt=alt,
            domain=domain,
            country=country,
        )

    def company_canonical(self, c: Company) -> str:
        if c.lang == "cn":
            return f"{c.city}{c.brand}{c.industry}{c.form}"
        return f"{c.brand} {c.industry} {c.form}"

    def company_variant(self, c: Company) -> str:
        """A way a company name is really typed into a CRM."""
        r = self.r
        if c.lang == "cn":
            py = c.brand_latin.capitalize()
            choices = [
                f"{c.city}{c.brand}{c.industry}{c.form}",
                f"{c.brand}{c.industry}{c.form}",
                f"{c.brand}{c.industry}",
                f"{c.city}{c.brand}{c.industry}股份有限公司"
                if c.form != "股份有限公司"
                else f"{c.city}{c.brand}{c.industry}有限公司",
                f"{c.brand}{c.industry}(中国){c.form}",
                f"{c.brand}{c.industry}（{c.city}）{c.form}",
                f"{c.city}市{c.brand}{c.industry}{c.form}",
                f"{py} {c.industry_en} Co., Ltd.",
                f"{CITY_EN.get(c.city, '')} {py} {c.industry_en} Co.,Ltd".strip(),
                f"{c.brand}",
            ]
            w = [30, 20, 15, 5, 6, 5, 6, 6, 3, 4]
        else:
            choices = [
                f"{c.brand} {c.industry} {c.form}",
                f"{c.brand} {c.industry}",
                f"{c.brand} {c.industry} {c.form}".upper(),
                f"{c.brand} {c.industry}, {c.form}",
                f"{c.brand} {c.industry} {c.form.replace('.', '')}",
                f"{c.brand} {c.industry} (China) Co., Ltd.",
                f"{c.brand}",
                f"{c.brand} {c.industry} {r.choice(EN_FORMS)}",
            ]
            w = [35, 20, 6, 8, 10, 6, 8, 7]
        return r.choices(choices, w)[0]

    # ---------------------------------------------------------------- people
    def make_person(self, company: Company, concentrated: bool) -> Person:
        r = self.r
        lang = company.lang if r.random() < 0.85 else ("en" if company.lang == "cn" else "cn")
        eid = self.new_eid("P")
        if lang == "cn":
            if concentrated and r.random() < 0.3:
                # top 20 surnames x 25 common given names = 500 names, Zipf-weighted both ways
                si = r.choices(range(20), zipf_weights(20, 0.9))[0]
                gi = r.choices(range(len(COMMON_GIVEN)), zipf_weights(len(COMMON_GIVEN), 0.9))[0]
                sur, sur_py = SURNAMES[si]
                given = COMMON_GIVEN[gi]
            else:
                sur, sur_py = r.choices(SURNAMES, zipf_weights(len(SURNAMES), 0.6))[0]
                k = 1 if r.random() < 0.3 else 2
                given = "".join(ch for ch, _ in r.sample(GIVEN_CHARS, k))
            py_map = dict(GIVEN_CHARS) | EXTRA_PINYIN
            given_py = "".join(py_map[ch] for ch in given)
            p = Person(eid, "cn", given, sur, given_py, sur_py)
        else:
            if concentrated and r.random() < 0.2:
                fi = r.choices(range(15), zipf_weights(15, 0.8))[0]
                li = r.choices(range(20), zipf_weights(20, 0.8))[0]
                first, nicks = EN_FIRST[fi]
                last = EN_LAST[li]
            else:
                first, nicks = r.choices(EN_FIRST, zipf_weights(len(EN_FIRST), 0.5))[0]
                last = r.choices(EN_LAST, zipf_weights(len(EN_LAST), 0.5))[0]
            p = Person(eid, "en", first, last, first.lower(), last.lower(), list(nicks))
        p.company = company
        p.mobile = (
            self.cn_mobile()
            if (company.country == "CN" or lang == "cn")
            else self.us_number(company.area)
        )
        p.ext = str(r.randint(100, 8999)) if r.random() < 0.5 else ""
        p.emails = self.person_emails(p)
        return p

    def handle(self, p: Person) -> str:
        r = self.r
        s, g = p.surname_py, p.given_py
        if p.lang == "cn":
            forms = [f"{s}.{g}", f"{s}{g}", f"{g}.{s}", f"{s}_{g}", f"{g[0]}{s}"]
        else:
            forms = [f"{g}.{s}", f"{g}{s}", f"{g[0]}{s}", f"{g}_{s}", f"{s}.{g}"]
        base = r.choice(forms).replace(" ", "")
        for attempt in range(10_000):
            if attempt < 200:
                digits = str(
                    r.choice([r.randint(1, 99), r.randint(1960, 2005), r.randint(100, 999)])
                )
            else:
                digits = str(r.randint(1000, 99999))
            h = base + digits
            if h not in self.used_handles:
                self.used_handles.add(h)
                return h
        raise RuntimeError("handle space exhausted")

    def person_emails(self, p: Person) -> list[str]:
        """E-mails the person's records draw from; the first is the main one."""
        r = self.r
        c = p.company
        free = CN_FREEMAIL if p.lang == "cn" else EN_FREEMAIL
        if r.random() < 0.45:  # work address; namesakes at one company get a digit
            base = (
                f"{p.surname_py}.{p.given_py}" if p.lang == "cn" else f"{p.given_py}.{p.surname_py}"
            )
            base = base.replace(" ", "")
            h, i = base, 1
            while f"{h}@{c.domain}" in self.used_handles:
                i += 1
                h = f"{base}{i}"
            self.used_handles.add(f"{h}@{c.domain}")
            emails = [f"{h}@{c.domain}"]
            if self.a.handles and r.random() < 0.3:  # plus private free-mail on some records
                emails.append(f"{self.handle(p)}@{r.choice(free)}")
            return emails
        h = self.handle(p)
        if p.lang == "cn" and r.random() < 0.15:  # QQ number as handle
            while True:
                h = str(r.randint(10000000, 2999999999))
                if h not in self.used_handles:
                    self.used_handles.add(h)
                    break
            doms = ["qq.com"] + (["foxmail.com"] if self.a.handles and r.random() < 0.5 else [])
            return [f"{h}@{d}" for d in doms]
        if self.a.handles:
            k = r.choices([1, 2, 3], [3, 5, 2])[0]
            doms = r.sample(free, k)
        else:
            doms = [r.choice(free)]
        return [f"{h}@{d}" for d in doms]

    # ---------------------------------------------------------------- formatting
    def fmt_cn_mobile(self, d: str) -> str:
        fmts = [
            lambda: d,
            lambda: f"{d[:3]}-{d[3:7]}-{d[7:]}",
            lambda: f"+86 {d[:3]} {d[3:7]} {d[7:]}",
            lambda: f"{d[:3]} {d[3:7]} {d[7:]}",
            lambda: f"+86{d}",
            lambda: f"86-{d}",
            lambda: f"(+86) {d}",
            lambda: f"+86-{d[:3]}-{d[3:7]}-{d[7:]}",
        ]
        if not self.a.perturb:
            return fmts[0]()
        return self.r.choices(fmts, [30, 15, 15, 10, 10, 5, 5, 10])[0]()

    def fmt_cn_landline(self, d: str) -> str:
        a = next(c[1] for c in CN_CITIES if d.startswith(c[1]))
        n = d[len(a) :]
        h = len(n) // 2
        fmts = [
            lambda: f"{a}-{n}",
            lambda: f"{a}-{n[:h]} {n[h:]}",
            lambda: f"({a}) {n}",
            lambda: f"+86 {a[1:]} {n[:h]} {n[h:]}",
            lambda: d,
            lambda: f"86-{a[1:]}-{n}",
            lambda: f"+86-{a[1:]}-{n}",
        ]
        if not self.a.perturb:
            return fmts[0]()
        return self.r.choices(fmts, [25, 20, 10, 15, 15, 5, 10])[0]()

    def fmt_us(self, d: str) -> str:
        a, x, y = d[:3], d[3:6], d[6:]
        fmts = [
            lambda: f"+1 {a} {x} {y}",
            lambda: f"({a}) {x}-{y}",
            lambda: f"{a}-{x}-{y}",
            lambda: d,
            lambda: f"1-{a}-{x}-{y}",
            lambda: f"+1.{a}.{x}.{y}",
            lambda: f"{a}.{x}.{y}",
        ]
        if not self.a.perturb:
            return fmts[0]()
        return self.r.choices(fmts, [25, 25, 20, 10, 8, 4, 8])[0]()

    def fmt_phone(self, d: str, country: str, landline: bool = False) -> str:
        if country == "US" or (len(d) == 10 and not d.startswith("0")):
            return self.fmt_us(d)
        return self.fmt_cn_landline(d) if landline else self.fmt_cn_mobile(d)

    def fmt_ext(self, ext: str, country: str) -> str:
        r = self.r
        if country == "CN":
            opts = [
                f" 转 {ext}",
                f"转{ext}",
                f"-{ext}",
                f" 分机 {ext}",
                f" ext. {ext}",
                f" ext {ext}",
            ]
            w = [35, 20, 10, 15, 10, 10]
        else:
            opts = [f" ext. {ext}", f" x{ext}", f" ext {ext}", f" #{ext}", f" x {ext}"]
            w = [40, 25, 15, 10, 10]
        if not self.a.perturb:
            return opts[0]
        return r.choices(opts, w)[0]

    # ---------------------------------------------------------------- perturbations
    def typo(self, s: str) -> str:
        r = self.r
        if not s:
            return s
        if any("\u4e00" <= ch <= "\u9fff" for ch in s):
            idx = [i for i, ch in enumerate(s) if ch in HAN_VARIANTS]
            if not idx:
                return s
            i = r.choice(idx)
            return s[:i] + HAN_VARIANTS[s[i]] + s[i + 1 :]
        if len(s) < 3:
            return s
        i = r.randrange(1, len(s) - 1)
        op = r.choice(["swap", "drop", "double", "sub"])
        if op == "swap":
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        if op == "drop":
            return s[:i] + s[i + 1 :]
        if op == "double":
            return s[:i] + s[i] + s[i:]
        return s[:i] + r.choice("aeiounrst") + s[i + 1 :]

    def mess_email(self, e: str) -> str:
        r = self.r
        x = r.random()
        if x < 0.35:
            return e.upper() if r.random() < 0.3 else e[0].upper() + e[1:]
        if x < 0.7:
            return r.choice([" " + e, e + " ", " " + e + " ", e.replace("@", " @")])
        local, dom = e.split("@", 1)
        return f"{self.typo(local)}@{dom}" if len(local) > 3 else e

    # ---------------------------------------------------------------- records
    def person_record(self, p: Person, first_record: bool) -> dict[str, str]:
        r = self.r
        a = self.a
        c = p.company
        pert = a.perturb and not first_record
        # names
        if p.lang == "cn":
            first, last = p.given, p.surname
            if pert and r.random() < 0.2:  # pinyin
                first, last = p.given_py.capitalize(), p.surname_py.capitalize()
                if r.random() < 0.3:
                    first, last = first.upper(), last.upper()
        else:
            first, last = p.given, p.surname
            if pert and p.nicknames and r.random() < 0.3:
                first = r.choice(p.nicknames)
            elif pert and r.random() < 0.05:
                first = first[0] + "."
        if pert:
            x = r.random()
            if x < 0.08:  # a typo (Latin) or a homophone character (Han) in one name
                if r.random() < 0.5:
                    first = self.typo(first)
                else:
                    last = self.typo(last)
            elif x < 0.14:
                first, last = last, first
            elif x < 0.18:  # full name in one column
                full = (
                    (last + first)
                    if p.lang == "cn" and "\u4e00" <= last[:1] <= "\u9fff"
                    else f"{first} {last}"
                )
                first, last = ("", full) if r.random() < 0.5 else (full, "")
        # e-mail
        email = p.emails[0] if first_record or r.random() < 0.5 else r.choice(p.emails)
        if pert and r.random() < 0.15:
            email = self.mess_email(email)
        # phone: mobile, or the office switchboard (flag)
        use_office = a.switchboard and r.random() < 0.4
        if use_office:
            ph = self.fmt_phone(c.switchboard, c.country, landline=True)
            if p.ext and r.random() < 0.8:
                ph += self.fmt_ext(p.ext, c.country)
        else:
            country = "US" if len(p.mobile) == 10 else "CN"
            ph = self.fmt_phone(p.mobile, country)
        company = self.company_variant(c) if a.perturb else self.company_canonical(c)
        address = c.address if not pert or r.random() < 0.6 else r.choice(c.address_alt)
        city = c.city
        if pert:
            if c.country == "CN" and r.random() < 0.1:
                city = city + "市"
            for col, prob in (
                ("email", 0.12),
                ("phone", 0.12),
                ("company", 0.08),
                ("address", 0.25),
                ("city", 0.1),
            ):
                if r.random() < prob:
                    if col == "email":
                        email = ""
                    elif col == "phone":
                        ph = ""
                    elif col == "company":
                        company = ""
                    elif col == "address":
                        address = ""
                    else:
                        city = ""
        return {
            "entity_id": p.eid,
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": ph,
            "company": company,
            "address": address,
            "city": city,
            "updated_at": self.date(),
        }

    def org_record(self, c: Company, eid: str, first_record: bool) -> dict[str, str]:
        r = self.r
        pert = self.a.perturb and not first_record
        company = self.company_variant(c) if pert else self.company_canonical(c)
        ph = self.fmt_phone(c.switchboard, c.country, landline=True)
        address = c.address if not pert or r.random() < 0.5 else r.choice(c.address_alt)
        email = r.choice(["", "", f"info@{c.domain}", f"contact@{c.domain}", f"sales@{c.domain}"])
        if pert and email and r.random() < 0.15:
            email = self.mess_email(email)
        city = c.city
        if pert:
            if r.random() < 0.08:
                ph = ""
            if r.random() < 0.12:
                address = ""
            if r.random() < 0.05:
                city = ""
            if r.random() < 0.05:
                email = ""
        return {
            "entity_id": eid,
            "first_name": "",
            "last_name": "",
            "email": email,
            "phone": ph,
            "company": company,
            "address": address,
            "city": city,
            "updated_at": self.date(),
        }

    def date(self) -> str:
        d = date(2021, 1, 1) + timedelta(days=self.r.randrange(0, 5 * 365))
        return d.isoformat()

    def n_person_records(self) -> int:
        return self.r.choices([1, 2, 3, 4, 5, 6, 7, 8], [50, 25, 13, 5, 3, 2, 1, 1])[0]

    # ---------------------------------------------------------------- data sets
    def add_org_entity(self, c: Company, size: int) -> None:
        eid = self.new_eid("O")
        for i in range(size):
            self.rows.append(self.org_record(c, eid, i == 0))

    def build_people(self) -> None:
        r = self.r
        a = self.a
        target = a.records
        org_budget = 0
        if a.orgs:
            n_orgs = max(50, target // 800)
            org_budget = n_orgs  # number of multi-listed organisation entities
        if a.concentration:
            n_big = max(12, round(target / 880))
            big = [self.make_company() for _ in range(n_big)]
            for c in big:
                c.big = True
            big_w = zipf_weights(n_big, 0.5)
            p_big = 0.75
        else:
            big, big_w, p_big = [], [], 0.0
        small: list[Company] = []
        n_small_target = max(50, target // 12)
        org_size_total = 0
        if a.orgs:
            # the multi-listed organisations are the big companies first, then others
            pool = big[:org_budget] + [
                self.make_company() for _ in range(max(0, org_budget - len(big)))
            ]
            small.extend(c for c in pool if not c.big)
            for c in pool:
                size = r.randint(9, 20)
                self.add_org_entity(c, size)
                org_size_total += size
            # plus a tail of organisations listed 1-3 times
            for _ in range(max(10, target // 200)):
                c = self.make_company()
                small.append(c)
                self.add_org_entity(c, r.choices([1, 2, 3], [6, 3, 1])[0])
        while len(self.rows) < target:
            if big and r.random() < p_big:
                c = r.choices(big, big_w)[0]
            else:
                if len(small) < n_small_target and (not small or r.random() < 0.5):
                    small.append(self.make_company())
                c = r.choice(small)
            p = self.make_person(c, a.concentration)
            for i in range(self.n_person_records()):
                self.rows.append(self.person_record(p, i == 0))

    def build_orgs_only(self) -> None:
        r = self.r
        target = self.a.records
        n_multi = max(50, target // 20)
        brands: list[Company] = []
        for _ in range(n_multi):
            c = self.make_company()
            brands.append(c)
            self.add_org_entity(c, r.randint(9, 20))
        while len(self.rows) < target:
            x = r.random()
            if x < 0.25 and brands:
                # a branch: same brand and industry in another city -> a different organisation
                base = r.choice(brands)
                c = self.make_company(base.lang)
                c.brand, c.brand_latin, c.industry, c.industry_en = (
                    base.brand,
                    base.brand_latin,
                    base.industry,
                    base.industry_en,
                )
                if c.lang == "cn":
                    c.domain = base.domain
            else:
                c = self.make_company()
            self.add_org_entity(c, r.choices([1, 2, 3, 4], [55, 25, 12, 8])[0])

    def write(self, path: Path) -> None:
        r = self.r
        r.shuffle(self.rows)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=HEADER)
            w.writeheader()
            for i, row in enumerate(self.rows, 1):
                w.writerow({"record_id": f"R{i:07d}", **row})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=5000, help="approximate number of records")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--orgs-only", action="store_true", help="organisations only (no people)")
    for shape in ("concentration", "handles", "orgs", "switchboard", "perturb"):
        ap.add_argument(
            f"--no-{shape}", dest=shape, action="store_false", help=f"switch off {shape}"
        )
    args = ap.parse_args(argv)
    g = Generator(args)
    if args.orgs_only:
        g.build_orgs_only()
    else:
        g.build_people()
    g.write(Path(args.out))
    ents = len({row["entity_id"] for row in g.rows})
    print(f"{args.out}: {len(g.rows):,} records, {ents:,} entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
